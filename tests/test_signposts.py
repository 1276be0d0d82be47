import pytest

from checker.signposts import read_signpost

KNOWN = {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.5", "2.6", "3.1"}


@pytest.mark.parametrize("text, criteria, outcomes", [
    ("AC 1.1 The coaching cycle", ["1.1"], []),
    ("1.1 The coaching cycle", ["1.1"], []),
    ("Assessment criterion 1.2: Evaluate the benefits", ["1.2"], []),
    ("Criteria 2.1 and 2.2", ["2.1", "2.2"], []),
    ("1.2 & 1.3", ["1.2", "1.3"], []),
    ("2.5/2.6", ["2.5", "2.6"], []),
    ("ACs 2.1–2.3: barriers", ["2.1", "2.2", "2.3"], []),
    ("LO2", [], ["2"]),
    ("Learning outcome 2: Be able to manage change", [], ["2"]),
    ("Task 3", [], []),
    ("3.7 Summary", [], []),            # not a criterion of this unit
    ("Version 1.1.2 of the policy", [], []),
    ("Introduction", [], []),
    ("AC1.2 and AC1.3", ["1.2", "1.3"], []),
    ("Learning outcome three: leading the change", [], ["3"]),
    ("Outcome Two", [], ["2"]),
])
def test_headings(text, criteria, outcomes):
    sign = read_signpost(text, KNOWN, heading=True)
    assert sign.criteria == criteria and sign.outcomes == outcomes


@pytest.mark.parametrize("text, criteria", [
    ("AC 2.3: In my team we", ["2.3"]),
    ("2.3 – In my team we", ["2.3"]),
    ("Criterion 1.1 asks me to explain", ["1.1"]),
    ("As shown in AC 1.2, we", []),          # a cross-reference is not a signpost
    ("In 2.1 million cases", []),
])
def test_paragraph_openings(text, criteria):
    assert read_signpost(text, KNOWN, heading=False).criteria == criteria


@pytest.mark.parametrize("text, explicit", [
    ("AC1.2: Coaching", True),             # no space between the word and the number
    ("ACs 2.1–2.3", True),
    ("1.2 Coaching", False),
    ("Accounting for 1.2", False),         # a word that merely starts with 'ac'
])
def test_criterion_words_make_a_signpost_explicit(text, explicit):
    assert read_signpost(text, KNOWN, heading=True).explicit is explicit
