"""The JSON report: the machine-readable form of an `Analysis` (schema: checker/schema/report.schema.json)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .wordcount import count_text

if TYPE_CHECKING:
    from .analysis import Analysis


def analysis_to_dict(analysis: "Analysis") -> dict:
    unit = analysis.unit
    counted_kinds = set(analysis.word_count.get("counted_kinds", ["paragraph", "list_item", "quote"]))
    blocks = []
    for block in analysis.submission.blocks:
        found = analysis.mapping.get(block.id)
        entry = {
            "id": block.id, "kind": block.kind, "text": block.text, "words": count_text(block.text),
            "counted": block.kind in counted_kinds,
            "criteria": found.criteria if found else [],
            "confidence": found.confidence if found else None,
            "reasons": found.reasons if found else [],
            "source": block.source,
        }
        if block.level is not None:
            entry["level"] = block.level
        if block.rows is not None:
            entry["rows"] = block.rows
        blocks.append(entry)
    return {
        "checker_version": __version__,
        "file": Path(analysis.file).name,
        "format": analysis.submission.format,
        "unit": {"number": unit.number, "title": unit.title, "level": unit.level},
        "word_count": analysis.word_count,
        "summary": summary(analysis),
        "blocks": blocks,
        "criteria": [c.to_dict() for c in analysis.criteria],
        "outcomes": analysis.outcomes,
        "references": analysis.references,
        "flags": analysis.flags,
        "notes": analysis.submission.notes,
    }


def summary(analysis: "Analysis") -> dict:
    criteria = analysis.criteria
    evidenced = [c.id for c in criteria if c.status == "evidenced"]
    shallow = [c.id for c in criteria if c.extra.get("verb_check", {}).get("status") == "shallow"]
    at_risk = [c.id for c in criteria if c.status != "evidenced" or c.id in shallow]
    return {
        "criteria_total": len(criteria),
        "evidenced": len(evidenced),
        "weak": [c.id for c in criteria if c.status == "weak"],
        "missing": [c.id for c in criteria if c.status == "missing"],
        "shallow": shallow,
        "at_risk": at_risk,
        "all_met": not at_risk,
    }
