"""Similarity between submissions: planted collusion is found and located; what learners may
legitimately share (unit wording, guidance, citations, references, quotations, stock text) is not."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from checker.cohort.index import SimilarityIndex
from checker.cohort.shingles import Fingerprint, make_fingerprint, tokens
from checker.cohort.similarity import Doc, SimilarityOptions, collect, find_similar
from checker.cohort.synthetic import REFERENCES, Generator, paragraphs
from checker.readers import read_submission
from checker.units import UnitLibrary


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
    part = " ".join(paragraphs(texts[7])[6].split()[:45])
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
    assert 40 <= shared["a"]["words"] <= 46 and shared["a"]["text"] in texts[7]
    assert shared["b"]["text"] in texts[31] and shared["a"]["text"] == shared["b"]["text"]


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
        texts.append(text + "\n\n" + "\n\n".join(r for _, _, r in REFERENCES) + "\n")
    _, stats = find_similar(fingerprint_docs(tmp_path, texts, unit))
    pairs, _ = find_similar(fingerprint_docs(tmp_path, texts, unit))
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


def test_cost_grows_near_linearly(tmp_path, unit, generator):
    texts = [generator.submission(unit, words=800) for _ in range(90)]
    docs = fingerprint_docs(tmp_path, texts, unit)
    timings = {}
    for n in (30, 90):
        started = time.perf_counter()
        _, stats = find_similar(docs[:n])
        timings[n] = time.perf_counter() - started
        assert stats["candidates"] <= n // 4
    assert timings[90] < 6 * timings[30] + 0.5                  # all-pairs would be 9 times the work
