"""Rules of combination: sets that achieve each qualification, and sets one unit or credit short."""

import pytest

from checker.errors import UnknownUnit
from checker.qualifications import check_qualification

L7_A = ["7015V1", "7016V1", "7017V1", "7018V1", "7002V1", "7020V1"]


@pytest.mark.parametrize("code, units, achieved", [
    ("5A2", ["5014"], True),
    ("5A2", [], False),
    ("5A2", ["5001"], False),                       # 5001 is not in the Award's table
    ("5C2", ["5014", "5015", "5016", "5018"], True),
    ("5C2", ["5014", "5015", "5016"], False),       # one unit (6 credits) short
    ("5C2", ["5014", "5015", "5017", "5018"], False),  # mandatory 5016 missing
    ("5D2", ["5001", "5014", "5015", "5016", "5017", "5018", "5019"], True),
    ("5D2", ["5014", "5015", "5016", "5017", "5018", "5019"], False),
    ("7A2V2", ["7016V1"], True),
    ("7A2V2", ["7002V1"], False),                   # not in the Award table
    ("7C2V2", ["7016V1", "7015V1"], True),          # 6 + 7 = 13
    ("7C2V2", ["7016V1", "7017V1"], False),         # 12: one credit short
    ("7D2V2", L7_A + ["6001V1"], True),
    ("7D2V2", L7_A, False),                          # Group B short
    ("7D2V2", L7_A[:-1] + ["6001V1", "7019V1"], False),  # Group A unit missing
])
def test_rules(code, units, achieved):
    verdict = check_qualification(code, units)
    assert verdict.achieved is achieved, verdict.missing
    if not achieved:
        assert verdict.missing


def test_missing_says_exactly_what():
    verdict = check_qualification("7C2V2", ["7016V1", "7017V1"])
    assert verdict.credits == 12
    assert any("needs 1 more" in line for line in verdict.missing)
    verdict = check_qualification("7D2V2", L7_A[:-1] + ["6001V1"])
    assert any("7020V1" in line for line in verdict.missing)


def test_unknown_qualification():
    with pytest.raises(UnknownUnit):
        check_qualification("9Z9", ["5014"])
