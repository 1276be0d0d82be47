"""Practice check: does the evidence apply theory to the learner's own organisation or role?

Rule source: CMI asks for the "ability to link theory to practice" (syllabus, "Assessment and
verification"), and Level 7 guidance repeatedly asks for examples from the learner's own workplace.
"""

from __future__ import annotations

import re
from collections import Counter

from ..document import Block

_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|my|me|we|our|us|myself)\b")
_WORKPLACE = re.compile(r"\b(?:my|our) (?:team|organisation|organization|company|department|service|"
                        r"role|trust|business|manager|staff|colleagues|directorate|school|practice|unit|ward|"
                        r"branch|site|employer|board|coachees|mentees)\b", re.I)
_CONCRETE = re.compile(r"\b\d+(?:[.,]\d+)?\s?(?:%|per ?cent|percent|staff|people|employees|weeks?|months?|"
                       r"days?|hours?|sessions?|managers?)\b|£\s?\d|\b(?:19|20)\d\d\b|\blast (?:year|month|"
                       r"quarter|week)\b|\bfor example\b|\bfor instance\b|\brecently\b", re.I)
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s(?:of|and|&|for)?\s?[A-Z][a-zA-Z]+){1,4})")


def named_organisations(blocks: list[Block], exclude: set[str]) -> set[str]:
    """Capitalised names of two or more words that recur in the body: likely the learner's workplace."""
    counts: Counter[str] = Counter()
    for block in blocks:
        if block.kind in ("paragraph", "list_item", "front", "title"):
            counts.update(m.group(1).strip() for m in _PROPER.finditer(block.text))
    return {name for name, n in counts.items() if n >= 2 and name.lower() not in exclude
            and not name.split()[0] in ("The", "This", "In", "As", "My", "Our")}


def judge_practice(blocks: list[Block], theories: list[str], citations: list[str],
                   organisations: set[str]) -> dict:
    text = " ".join(b.text for b in blocks)
    first_person = len(_FIRST_PERSON.findall(text))
    workplace = _WORKPLACE.findall(text)
    named = sorted(o for o in organisations if o in text)
    concrete = len(_CONCRETE.findall(text))
    own = bool(workplace or named or first_person >= 3)
    theory = bool(theories or citations)
    reasons = []
    if own:
        bits = []
        if named:
            bits.append(f"names {named[0]}")
        if workplace:
            bits.append(f"writes about '{workplace[0]}'")
        elif first_person >= 3:
            bits.append("writes from your own experience")
        if concrete:
            bits.append(f"gives {concrete} concrete detail{'s' if concrete != 1 else ''} (figures, dates, examples)")
        reasons.append("; ".join(bits))
    if own and theory:
        reasons.append(f"and applies {', '.join((theories or citations)[:3])}")
    elif own:
        reasons.append("but names no theory, model or source to explain it")
    elif theory:
        reasons.append(f"explains {', '.join((theories or citations)[:3])} but does not apply it to your own "
                       "organisation or role")
    else:
        reasons.append("neither names a theory nor draws on your own workplace")
    return {"linked": own and theory, "reasons": reasons,
            "signals": {"first_person": first_person, "workplace_phrases": len(workplace),
                        "named_organisation": named[:3], "concrete_details": concrete, "theory": theory}}
