"""Word counting: what a word is, what counts, the band, declared counts and appendices."""

import json

import pytest

from checker.document import Block, Submission
from checker.wordcount import count_text, count_words


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


def submission(*blocks: tuple[str, str], declared: int | None = None) -> Submission:
    return Submission(path="x.docx", format="docx", declared_words=declared,
                      blocks=[Block(id=f"b{i}", kind=k, text=t) for i, (k, t) in enumerate(blocks)])


@pytest.mark.parametrize("text, n", [
    ("decision-making", 1), ("e.g.", 1), ("£3,000", 1), ("The team's 3.5% rise (2023)", 5),
    ("one  two\tthree\nfour", 4), ("non\u00a0breaking", 2), ("a – b", 3), ("", 0), ("   \n ", 0),
    ("Schein (2010, p. 17) says", 5),
])
def test_a_word_is_a_run_without_white_space(text, n):
    assert count_text(text) == n


def test_counted_and_excluded_kinds_with_reasons():
    sub = submission(("title", "My assignment title"), ("front", "Word count: 3,000"), ("contents", "Introduction 3"),
                     ("heading", "Introduction"), ("paragraph", words(100)), ("list_item", words(10)),
                     ("quote", words(20)), ("table", "a\tb\nc\td"), ("caption", "Figure 1: Model"),
                     ("footnote", words(7)), ("reference", words(12)), ("reference", words(8)),
                     ("appendix", words(40)), declared=3000)
    result = count_words(sub, band=None)
    assert result.counted == 130
    assert result.by_kind == {"paragraph": 100, "list_item": 10, "quote": 20}
    assert {k: (v["words"], v["blocks"]) for k, v in result.excluded.items()} == {
        "title": (3, 1), "front": (3, 1), "contents": (2, 1), "heading": (1, 1), "table": (4, 1),
        "caption": (3, 1), "footnote": (7, 1), "reference": (20, 2), "appendix": (40, 1)}
    assert all(entry["why"] for entry in result.excluded.values())
    assert "reference" in result.excluded["reference"]["why"]
    assert result.appendix_words == 40
    assert result.status is None and result.band is None


def test_footnotes_and_captions_count_only_when_asked():
    sub = submission(("paragraph", words(50)), ("footnote", words(7)), ("caption", words(3)))
    assert count_words(sub, None).counted == 50
    both = count_words(sub, None, count_footnotes=True, count_captions=True)
    assert both.counted == 60
    assert both.by_kind == {"paragraph": 50, "footnote": 7, "caption": 3}
    assert "footnote" not in both.excluded
    assert both.options == {"count_footnotes": True, "count_captions": True, "margin": 0.1}


@pytest.mark.parametrize("counted, status, distance", [
    (2699, "under", 1), (2700, "within", 0), (3200, "within", 0), (3850, "within", 0), (3851, "over", 1),
    (1000, "under", 1700), (5000, "over", 1150),
])
def test_status_against_band_with_ten_percent_margin(counted, status, distance):
    result = count_words(submission(("paragraph", words(counted))), band=(3000, 3500))
    assert result.band == {"min": 3000, "max": 3500, "margin": 0.1, "lower_limit": 2700, "upper_limit": 3850}
    assert (result.status, result.distance) == (status, distance)


def test_margin_can_be_changed():
    result = count_words(submission(("paragraph", words(2800))), band=(3000, 3500), margin=0.05)
    assert (result.band["lower_limit"], result.status, result.distance) == (2850, "under", 50)


@pytest.mark.parametrize("declared, mismatch", [(1000, False), (1100, False), (1101, True), (900, False),
                                                (899, True), (None, False)])
def test_declared_mismatch_beyond_the_margin(declared, mismatch):
    result = count_words(submission(("paragraph", words(1000)), declared=declared), band=None)
    assert result.declared == declared
    assert result.declared_mismatch is mismatch


@pytest.mark.parametrize("body, appendix, long", [
    (3000, 249, False),    # under the floor, never long
    (800, 249, False),
    (3000, 750, False),    # exactly a quarter
    (3000, 751, True),     # more than a quarter
    (6000, 1001, True),    # over 1,000 words whatever the body
    (6000, 1000, False),
])
def test_long_appendices(body, appendix, long):
    sub = submission(("paragraph", words(body)), ("appendix", words(appendix)))
    result = count_words(sub, band=None)
    assert result.appendix_words == appendix
    assert result.long_appendices is long


def test_to_dict_has_the_documented_shape_and_is_json():
    sub = submission(("heading", "Intro"), ("paragraph", words(2900)), ("appendix", words(300)), declared=3150)
    data = count_words(sub, band=(3000, 3500)).to_dict()
    assert set(data) == {"counted", "declared", "band", "status", "distance", "by_kind", "excluded",
                         "declared_mismatch", "appendix_words", "long_appendices", "options"}
    assert data["counted"] == 2900 and data["declared"] == 3150 and data["status"] == "within"
    assert data["excluded"]["heading"] == {"words": 1, "blocks": 1, "why": data["excluded"]["heading"]["why"]}
    assert json.loads(json.dumps(data)) == data
