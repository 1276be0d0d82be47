"""Find where a learner names criteria or outcomes: 'AC 1.1', '1.2 & 1.3', '2.5/2.6', 'LO2', 'Task 3'."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ID = r"(?<![\d.])(\d{1,2})\s*\.\s*(\d{1,2})(?!\s*\.\s*\d)"
_RANGE = re.compile(rf"{_ID}\s*(?:-|–|—|to)\s*{_ID}")
_ONE = re.compile(_ID)
# 'AC1.2' has no word break between the word and the number
_AC_WORD = re.compile(r"\b(?:a\.?\s?c\.?s?|assessment\s+criteri(?:on|a)|criteri(?:on|a)|question)(?![a-z])", re.I)
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight",
                                                   "nine"), start=1)}
_LO = re.compile(rf"\b(?:l\.?\s?o\.?|learning\s+outcome|outcome)\s*(\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\b", re.I)
_TASK = re.compile(r"\b(?:task|section|part)\s*(\d{1,2})\b", re.I)
_LEADING_ID = re.compile(rf"^\s*(?:{_AC_WORD.pattern}\s*)?{_ID}", re.I)


@dataclass
class Signpost:
    """What one heading or paragraph opening names."""

    criteria: list[str] = field(default_factory=list)   # AC ids named, in order
    outcomes: list[str] = field(default_factory=list)   # learning outcomes named
    explicit: bool = False                               # named with 'AC'/'criterion', not a bare number
    task: str | None = None                              # 'Task 3' etc., which names no criterion itself

    def __bool__(self) -> bool:
        return bool(self.criteria or self.outcomes)


def _ids_in(text: str, known: set[str]) -> list[str]:
    found: list[str] = []
    for match in _RANGE.finditer(text):
        major, first, major2, last = (int(g) for g in match.groups())
        if major == major2 and first <= last:
            found += [f"{major}.{n}" for n in range(first, last + 1)]
    for match in _ONE.finditer(text):
        found.append(f"{int(match.group(1))}.{int(match.group(2))}")
    ordered = []
    for ac in found:
        if ac in known and ac not in ordered:
            ordered.append(ac)
    return ordered


def read_signpost(text: str, known: set[str], heading: bool) -> Signpost:
    """Criteria and outcomes named by a heading (anywhere in it) or a paragraph opening (only at its start).

    `known` is the set of the unit's AC ids: numbers that are not ACs of the unit are ignored, so a
    learner's own section numbering ('3.7 Summary') only counts when it could be a criterion.
    """
    head = text if heading else text[:80]
    sign = Signpost()
    if not heading:
        # In running text only an opening like 'AC 2.3:' or '2.3 –' signposts; cross-references do not.
        match = _LEADING_ID.match(head)
        if not match:
            return sign
        explicit = bool(_AC_WORD.match(head.strip()))
        rest = head[match.end():match.end() + 3]
        if not explicit and not re.match(r"\s*[:–—\-)]", rest):
            return sign
        head = head[: match.end() + 40]
    sign.explicit = bool(_AC_WORD.search(head))
    sign.criteria = _ids_in(head, known)
    if not sign.criteria:
        outcomes = {ac.split(".")[0] for ac in known}
        named = (_NUMBER_WORDS.get(m.group(1).lower(), m.group(1)) for m in _LO.finditer(head))
        sign.outcomes = [n for n in named if n in outcomes]
        task = _TASK.search(head)
        if task:
            sign.task = task.group(0)
    return sign


# A learner's own tag on a paragraph: '(AC 1.2)', '[AC2.1]', '(AC 2.2 & 2.3)', '(1.4)': brackets that hold
# nothing but criterion numbers (with 'AC' or 'criterion' and joining words), at the very start or end.
_TAG_WORD = r"(?:a\.?\s?c\.?s?|assessment\s+criteri(?:on|a)|criteri(?:on|a))"   # 'AC2.1' has no word break
_TAG_BODY = rf"(?:{_TAG_WORD}\s*)?{_ID}(?:\s*(?:,|&|/|and|-|–|to|;)?\s*(?:{_TAG_WORD}\s*)?{_ID})*"
_TAG_END = re.compile(rf"[(\[]\s*({_TAG_BODY})\s*[)\]]\W*$", re.I)
_TAG_START = re.compile(rf"^\s*[(\[]\s*({_TAG_BODY})\s*[)\]]", re.I)


def read_tag(text: str, known: set[str]) -> tuple[Signpost, str]:
    """The criteria a paragraph's own bracketed tag names, at its start or end, and the tag as written."""
    for rx, part in ((_TAG_END, text[-60:]), (_TAG_START, text[:60])):
        match = rx.search(part)
        if match:
            criteria = _ids_in(match.group(1), known)
            if criteria:
                return Signpost(criteria=criteria, explicit=bool(re.search(_TAG_WORD, match.group(1), re.I))), \
                    match.group(0).strip(" .")
    return Signpost(), ""


def own_number(text: str, known: set[str]) -> tuple[str, str] | None:
    """For a heading that starts with a bare two-part number ('2.1 Background'), the number and the words
    after it; None when it starts otherwise or names a criterion in words ('AC 2.1')."""
    match = _LEADING_ID.match(text)
    if not match or _AC_WORD.match(text.strip()):
        return None
    return f"{int(match.group(1))}.{int(match.group(2))}", text[match.end():].strip(" .:–—-")


def criteria_grid(block, known: set[str]) -> list[str]:
    """For a table that lists the unit's criteria (a mapping grid: 'AC | Criterion | Where evidenced'),
    the criteria it lists; [] for any other block. A grid names at least three criteria, and at least
    half of the unit's, each at the start of a row's first or second cell."""
    if block.kind != "table" or not block.rows:
        return []
    listed: list[str] = []
    for row in block.rows:
        for cell in row[:2]:
            ids = _ids_in(cell[:12], known) if _LEADING_ID.match(cell) else []
            if ids and ids[0] not in listed:
                listed.append(ids[0])
                break
    return listed if len(listed) >= max(3, len(known) / 2) else []
