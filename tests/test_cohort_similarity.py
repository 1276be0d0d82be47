"""Similarity between submissions: planted collusion is found and located; what learners may
legitimately share (unit wording, guidance, citations, references, quotations, stock text) is not."""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cohort.index import SimilarityIndex
from checker.cohort.shingles import Fingerprint, make_fingerprint, tokens
from checker.cohort.similarity import Collected, Doc, Earlier, SimilarityOptions, _candidates, collect, find_similar
from checker.cohort.synthetic import REFERENCES, Generator, paragraphs
from checker.readers import read_submission
from checker.units import UnitLibrary


EMPTY = (np.zeros(0, np.uint64), np.zeros(0, np.int32))


@pytest.fixture(scope="module")
def unit():
    return UnitLibrary.load().get("7015V1")


@pytest.fixture(scope="module")
def generator(unit):
    return Generator(11, [unit])


def fingerprint_docs(folder: Path, texts: list[str], unit, label: str = "") -> list[Doc]:
    folder.mkdir(parents=True, exist_ok=True)
    docs = []
    for i, text in enumerate(texts):
        source = folder / f"{label}{i}.md"
        source.write_text(text, encoding="utf-8")
        target = folder / f"{label}{i}.npz"
        target.write_bytes(make_fingerprint(read_submission(source).blocks, unit).to_bytes())
        docs.append(Doc(f"{label}{i}.md", f"Learner {label}{i}", target, label or "this", f"{label}{i}"))
    return docs


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, unit, generator):
    """30 independent submissions, then two planted cases: 31 copies two paragraphs of 3; 32 pastes part
    of a paragraph of 7 into the middle of one of its own."""
    texts = [generator.submission(unit) for _ in range(31)]
    texts[30] = generator.submission(unit, shared=paragraphs(texts[3])[4:6])
    source = next(p for p in paragraphs(texts[7])[4:] if len(tokens(p)) >= 60)   # a body paragraph
    part = source[:tokens(source)[44][1]]                      # its first 45 words (citations do not count)
    texts.append(generator.submission(unit, shared=[generator.paragraph(70, []) + " " + part + " "
                                                    + generator.paragraph(60, [])]))
    docs = fingerprint_docs(tmp_path_factory.mktemp("fp"), texts, unit)
    pairs, stats = find_similar(docs)
    return texts, docs, pairs, stats


def test_planted_pairs_are_found_and_nothing_else(cohort):
    _, _, pairs, stats = cohort
    assert {(p["a"], p["b"]) for p in pairs} == {("3.md", "30.md"), ("7.md", "31.md")}
    assert stats["candidates"] < 20                             # LSH: far fewer than the 496 possible pairs


def test_shared_paragraphs_are_shown_side_by_side_with_their_place(cohort):
    texts, docs, pairs, _ = cohort
    pair = next(p for p in pairs if p["b"] == "30.md")
    copied = paragraphs(texts[3])[4:6]
    assert len(pair["passages"]) == 2
    for passage, original in zip(pair["passages"], copied):
        assert passage["a"]["text"] == original == passage["b"]["text"]
        assert passage["a"]["block"].startswith("b") and passage["a"]["paragraph"] >= 1
        assert passage["b"]["section"].startswith("AC ")
    assert pair["shared_words"] == sum(len(tokens(t)) for t in copied)


def test_a_partial_paragraph_is_found(cohort):
    texts, _, pairs, _ = cohort
    pair = next(p for p in pairs if p["b"] == "31.md")
    assert len(pair["passages"]) == 1
    shared = pair["passages"][0]
    assert 45 <= shared["a"]["words"] <= 47 and shared["a"]["text"] in texts[7]      # a chance word either side
    assert shared["b"]["text"] in texts[31] and shared["a"]["text"] == shared["b"]["text"]


LONG_REFERENCE = ("Chartered Management Institute (2023) Management Matters: the everyday realities of managing "
                  "people, projects and change in organisations across the United Kingdom. London: Chartered "
                  "Management Institute. Available at: https://www.managers.org.uk/research/management-matters "
                  "(Accessed: 12 March 2025).")


def test_unit_wording_guidance_citations_references_and_quotes_are_ignored(tmp_path, unit, generator):
    common = [c.text for c in unit.criteria[:4]] + [unit.guidance[0].text.replace("\n", " ")]
    quote = ('As one author puts it, "coaching is unlocking a person\'s potential to maximise their own '
             'performance, helping them to learn rather than teaching them, and it is about the whole person" '
             '(Whitmore, 2017, p. 10).')
    texts = []
    for _ in range(6):
        text = generator.submission(unit)
        extra = " ".join(common) + " " + quote + " " + " ".join(f"({a}, {y})" for a, y, _ in REFERENCES)
        text = text.replace("## Conclusion\n\n", f"## Conclusion\n\n{extra}\n\n")
        texts.append(text + "\n\n" + "\n\n".join([r for _, _, r in REFERENCES] + [LONG_REFERENCE]) + "\n")
    strict = SimilarityOptions(min_shared_words=SimilarityOptions().min_passage_words)   # any passage flags
    pairs, stats = find_similar(fingerprint_docs(tmp_path, texts, unit), strict)
    assert pairs == [] and stats["flagged"] == 0


def test_text_that_much_of_the_cohort_shares_is_ignored(tmp_path, unit, generator):
    stock = generator.paragraph(80, [])                         # e.g. a centre's template paragraph
    texts = [generator.submission(unit, shared=[stock] if i < 5 else []) for i in range(20)]
    options = SimilarityOptions(common_share=0.2, common_min_docs=4)
    pairs, stats = find_similar(fingerprint_docs(tmp_path, texts, unit), options)
    assert pairs == [] and stats["common_cutoff_docs"] == 4
    pairs, _ = find_similar(fingerprint_docs(tmp_path, texts, unit), SimilarityOptions(common_min_docs=10))
    assert len(pairs) == 10                                     # the same five, when five is not "many"


def test_a_closely_reworded_paragraph_is_reported_with_the_copied_one(tmp_path, unit, generator):
    base = generator.submission(unit)
    source = paragraphs(base)
    reworded = source[8].split()
    for i in range(2, len(reworded), 5):                        # one word in five changed: no 5-word run survives
        reworded[i] = f"other{i}"
    copy = generator.submission(unit, shared=[source[2], " ".join(reworded)])
    pairs, _ = find_similar(fingerprint_docs(tmp_path, [base, copy, generator.submission(unit)], unit))
    assert len(pairs) == 1
    pair = pairs[0]
    assert [p["a"]["text"] for p in pair["passages"]] == [source[2]]
    assert [(r["a"]["text"], r["b"]["text"]) for r in pair["reworded"]] == [(source[8], " ".join(reworded))]
    assert pair["reworded"][0]["cosine"] >= SimilarityOptions().reword_cosine


def test_fingerprints_round_trip_and_leave_out_unit_wording(unit):
    from checker.document import Block

    blocks = [Block("b0", "heading", "AC 1.1"), Block("b1", "paragraph", unit.criteria[0].text + " and then my own words here"),
              Block("b2", "reference", "Kotter, J.P. (1996) Leading Change. Boston: Harvard.")]
    fp = make_fingerprint(blocks, unit)
    again = Fingerprint.from_bytes(fp.to_bytes())
    assert again.meta == fp.meta and np.array_equal(again.sh_hash, fp.sh_hash)
    assert [b["id"] for b in fp.meta["blocks"]] == ["b1"] and fp.meta["blocks"][0]["section"] == "AC 1.1"
    own = len(tokens(blocks[1].text)) - 4
    assert len(fp.sh_hash) < own                                # the criterion's shingles are gone


def test_index_compares_a_new_cohort_with_earlier_ones(tmp_path, unit, generator):
    earlier = [generator.submission(unit) for _ in range(8)]
    now = [generator.submission(unit) for _ in range(7)]
    now.append(generator.submission(unit, shared=paragraphs(earlier[5])[3:5]))
    index = SimilarityIndex(tmp_path / "index")
    docs_2024 = fingerprint_docs(tmp_path / "2024", earlier, unit, "old")
    pairs, _ = find_similar(docs_2024, earlier=index.earlier("2024"))
    index.add("2024", docs_2024, collect(docs_2024))
    for doc in docs_2024:                                       # the earlier cohort's own files may go
        doc.fingerprint.unlink()
    docs_2025 = fingerprint_docs(tmp_path / "2025", now, unit, "new")
    again = SimilarityIndex(tmp_path / "index")
    pairs, stats = find_similar(docs_2025, earlier=again.earlier("2025"))
    assert stats["compared_with_earlier"] == 8
    assert [(p["a"], p["b"], p["b_cohort"]) for p in pairs] == [("new7.md", "old5.md", "2024")]
    again.add("2025", docs_2025, collect(docs_2025))
    again.add("2025", docs_2025, collect(docs_2025))            # a re-run replaces its own segment
    third = SimilarityIndex(tmp_path / "index")
    assert third.labels == ["2024", "2025"]
    assert len(list((tmp_path / "index").glob("*.keys.npy"))) == 2
    assert find_similar(docs_2025, earlier=third.earlier("2025"))[0] == pairs   # never compared with itself


def test_candidates_grow_with_the_cohort_not_with_its_pairs(tmp_path, unit, generator):
    """Independent submissions give few candidate pairs, however many pairs there are (the cost in time
    is measured in benchmarks/similarity_scaling.py)."""
    texts = [generator.submission(unit, words=800) for _ in range(90)]
    docs = fingerprint_docs(tmp_path, texts, unit)
    for n in (30, 90):
        pairs, stats = find_similar(docs[:n])
        assert pairs == [] and stats["candidates"] <= n // 4       # all pairs would be n(n-1)/2


@settings(max_examples=60, deadline=None)
@given(mine=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 7)), max_size=80),
       theirs=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5)), max_size=60),
       max_bucket=st.integers(2, 6))
def test_candidate_pairs_match_a_plain_count(mine, theirs, max_bucket):
    """The sorted-neighbours search for candidates gives exactly what counting every key's holders does."""
    mine, theirs = sorted(set(mine)), sorted(set(theirs))          # a submission holds a band key once
    keys = np.array([k for k, _ in mine], dtype=np.uint64)
    collected = Collected(keys, np.array([o for _, o in mine], dtype=np.int32), EMPTY, EMPTY)
    segment = Earlier([Doc(f"e{i}", "", Path("x")) for i in range(6)], np.array([k for k, _ in theirs], np.uint64),
                      np.array([o for _, o in theirs], np.int32), EMPTY, EMPTY)
    expected, skipped = Counter(), 0
    for key in {k for k, _ in mine}:
        here = {o for k, o in mine if k == key}
        there = {o + 8 for k, o in theirs if k == key}
        if len(here) + len(there) > max_bucket:
            skipped += 1
            continue
        expected.update(combinations(sorted(here), 2))
        expected.update((a, b) for a in here for b in there)
    assert _candidates(collected, [segment], 8, max_bucket) == (expected, skipped)


def test_text_shared_across_indexed_cohorts_counts_as_common(tmp_path, unit, generator):
    """A stock paragraph used by one learner a year is as common as if the years were one cohort: the
    index keeps every shingle's count, including shingles only one submission of a cohort holds."""
    stock = generator.paragraph(80, [])
    options = SimilarityOptions(common_share=0.0, common_min_docs=4)
    years = {"2023": [generator.submission(unit, shared=[stock]), generator.submission(unit)],
             "2024": [generator.submission(unit, shared=[stock]), generator.submission(unit)],
             "2025": [generator.submission(unit, shared=[stock]) for _ in range(2)] + [generator.submission(unit)]}
    index = SimilarityIndex(tmp_path / "index")
    for year, texts in years.items():
        docs = fingerprint_docs(tmp_path / year, texts, unit, f"y{year}-")
        pairs, stats = find_similar(docs, options, earlier=index.earlier(year))
        index.add(year, docs, collect(docs))
    assert stats["compared_with_earlier"] == 4 and pairs == []
    fewer = SimilarityOptions(common_share=0.0, common_min_docs=5)          # four is not "many" here
    pairs, _ = find_similar(docs, fewer, earlier=SimilarityIndex(tmp_path / "index").earlier("2025"))
    assert len(pairs) == 5                                  # the two of 2025 with each other and each earlier one
