"""Judge each criterion evidenced, weak or missing from the block mapping, and roll up per outcome."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Block
from .mapping import BlockMapping
from .units import Unit
from .wordcount import count_text


@dataclass
class CriterionResult:
    id: str
    outcome: str
    text: str
    verb: str
    verbs: list[str]
    status: str = "missing"               # evidenced | weak | missing
    evidence: list[str] = field(default_factory=list)
    words: int = 0
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)  # later checks add verb_check, theory, practice_linked …

    def to_dict(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "extra"}
        data.update(self.extra)
        return data


def judge_coverage(unit: Unit, blocks: list[Block], mapping: dict[str, BlockMapping],
                   min_words: int = 50, min_confidence: float = 0.55) -> list[CriterionResult]:
    results = {c.id: CriterionResult(c.id, c.outcome, c.text, c.verb, list(c.verbs)) for c in unit.criteria}
    words: dict[str, float] = {c: 0.0 for c in results}
    for block in blocks:
        found = mapping.get(block.id)
        if not found or not found.criteria:
            continue
        share = count_text(block.text) / len(found.criteria)
        for ac in found.criteria:
            results[ac].evidence.append(block.id)
            results[ac].confidence = max(results[ac].confidence, found.confidence)
            words[ac] += share
    for ac, result in results.items():
        result.words = round(words[ac])
        n = len(result.evidence)
        if n == 0:
            result.status = "missing"
            result.reasons.append("no paragraph addresses this criterion")
            closest = _closest(ac, blocks, mapping)
            if closest:
                result.reasons.append(closest)
            continue
        where = f"{n} block{'s' if n > 1 else ''} ({', '.join(result.evidence[:6])}{', …' if n > 6 else ''})"
        if result.words < min_words:
            result.status = "weak"
            result.reasons.append(f"only {result.words} words of evidence in {where}; "
                                  f"fewer than {min_words} is too little to meet it")
        elif result.confidence < min_confidence:
            result.status = "weak"
            result.reasons.append(f"evidence in {where} is uncertain (best confidence {result.confidence:.2f})")
        else:
            result.status = "evidenced"
            result.reasons.append(f"{result.words} words in {where}")
    return list(results.values())


def _closest(ac: str, blocks: list[Block], mapping: dict[str, BlockMapping]) -> str:
    """Where to look before agreeing it is missing (and where a learner may have meant to answer it): the
    block most like the criterion, and what it was mapped to instead."""
    scored = [(m.similarity[ac], b.id, m.criteria) for b in blocks
              if (m := mapping.get(b.id)) and ac in m.similarity]
    if not scored:
        return ""
    similarity, block, criteria = max(scored)
    instead = f"mapped to {', '.join(criteria)}" if criteria else "mapped to no criterion"
    return (f"the closest block is {block} (similarity {similarity:.2f}), {instead}: if it answers this "
            f"criterion, it needs to say so more plainly")


def roll_up(unit: Unit, criteria: list[CriterionResult]) -> list[dict]:
    by_id = {c.id: c for c in criteria}
    outcomes = []
    for outcome in unit.outcomes:
        statuses = [by_id[c.id].status for c in outcome.criteria]
        at_risk = [c.id for c in outcome.criteria if by_id[c.id].status != "evidenced"
                   or by_id[c.id].extra.get("verb_check", {}).get("status") == "shallow"]
        if not at_risk:
            status = "evidenced"
        elif all(s == "missing" for s in statuses):
            status = "missing"
        else:
            status = "at_risk"
        outcomes.append({"id": outcome.id, "text": outcome.text, "status": status,
                         "criteria": [c.id for c in outcome.criteria], "at_risk": at_risk})
    return outcomes
