"""The HTML report's view model: plain data for the templates, built from a report dict and a unit dict.

Nothing here produces markup. Learner text stays plain `str`; the templates escape it (autoescaping)
and `checker.highlight` wraps matched terms after escaping.
"""

from __future__ import annotations

import re
from datetime import date

from .highlight import criterion_terms, excerpt
from .report_charts import ac_words_chart, word_gauge
from .report_hints import criterion_hints, next_steps, verb_entries, verb_judgement

AUDIENCES = ("learner", "assessor")

# icon, learner label, assessor label; the icon is always shown with its label, never alone
STATUS = {
    "evidenced": ("✓", "Evidenced", "Evidenced"),
    "shallow": ("◐", "Go deeper", "Evidenced, shallow for the verb"),
    "weak": ("!", "Needs more", "Weak"),
    "missing": ("✗", "Not found yet", "Missing"),
}

# why a part is not counted, when the word count gives no reason of its own
EXCLUDED_WHY = {
    "title": "the title page is not counted", "front": "the front matter is not counted",
    "contents": "the contents page is not counted", "heading": "headings are not counted",
    "table": "tables are not counted", "caption": "captions are not counted",
    "reference": "reference lists are not counted", "appendix": "appendices are not counted",
    "footnote": "footnotes are not counted",
}

KIND_LABEL = {
    "title": "Title", "front": "Front page", "contents": "Contents", "heading": "Heading",
    "paragraph": "Paragraph", "list_item": "List item", "table": "Table", "caption": "Caption",
    "quote": "Quotation", "reference": "Reference", "appendix": "Appendix", "footnote": "Footnote",
}


def anchor(ac_id: str) -> str:
    """The HTML id of an AC card: '1.1' -> 'ac-1-1'."""
    return "ac-" + re.sub(r"[^A-Za-z0-9_-]", "-", str(ac_id))


def block_anchor(block_id: str) -> str:
    return "part-" + re.sub(r"[^A-Za-z0-9_-]", "-", str(block_id))


def display_status(criterion: dict) -> str:
    status = criterion.get("status", "missing")
    if status == "evidenced" and (criterion.get("verb_check") or {}).get("status") == "shallow":
        return "shallow"
    return status if status in STATUS else "missing"


def status_view(key: str, audience: str) -> dict:
    icon, learner, assessor = STATUS[key]
    return {"key": key, "icon": icon, "label": assessor if audience == "assessor" else learner}


def build_view(report: dict, unit: dict, audience: str, glossary: dict, wording: dict,
               checked: date | None = None) -> dict:
    """Everything the templates show, computed once."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    blocks = report.get("blocks") or []
    position = {b["id"]: i for i, b in enumerate(blocks, start=1)}
    by_block = {b["id"]: b for b in blocks}
    cards = [_card(c, unit, by_block, audience, glossary, wording, position) for c in report.get("criteria") or []]
    by_id = {c["id"]: c for c in cards}
    wc = report.get("word_count") or {}
    return {
        "audience": audience,
        "file": report.get("file") or "submission",
        "unit": {**(report.get("unit") or {}), **{k: unit.get(k) for k in ("credits", "aim") if unit.get(k)}},
        "checked": _long_date(checked or date.today()),
        "version": report.get("checker_version", ""),
        "summary": _summary(report, cards),
        "next_steps": next_steps(report, cards, audience),
        "matrix": _matrix(report, unit, by_id),
        "legend": [status_view(key, audience) for key in STATUS],
        "cards": cards,
        "blocks": [_block(b, i, by_id, wc) for i, b in enumerate(blocks, start=1)],
        "word_count": wc,
        "gauge": word_gauge(wc) if wc.get("band") else None,
        "ac_chart": ac_words_chart(cards, blocks),
        "excluded": [{"kind": KIND_LABEL.get(k, k), **v} for k, v in (wc.get("excluded") or {}).items()
                     if v.get("words") or v.get("blocks")],
        "references": _references(report, cards, position),
        "flags": _flags(report, position, by_id),
        "notes": report.get("notes") or [],
    }


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _summary(report: dict, cards: list[dict]) -> dict:
    summary = report.get("summary") or {}
    total = summary.get("criteria_total", len(cards))
    evidenced = summary.get("evidenced", sum(c["status"]["key"] == "evidenced" for c in cards))
    at_risk_ids = summary.get("at_risk", [c["id"] for c in cards if c["status"]["key"] != "evidenced"])
    at_risk = [c for c in cards if c["id"] in at_risk_ids]
    return {"total": total, "evidenced": evidenced, "at_risk": at_risk, "all_met": not at_risk}


def _matrix(report: dict, unit: dict, cards: dict[str, dict]) -> dict:
    outcomes = report.get("outcomes") or [
        {"id": o["id"], "text": o["text"], "criteria": [c["id"] for c in o.get("criteria", [])]}
        for o in unit.get("outcomes") or []]
    rows = []
    for outcome in outcomes:
        cells = [cards[ac] for ac in outcome.get("criteria", []) if ac in cards]
        rows.append({"id": outcome["id"], "text": outcome.get("text", ""), "cells": cells})
    width = max((len(r["cells"]) for r in rows), default=0)
    for row in rows:
        row["blanks"] = width - len(row["cells"])
    return {"rows": rows, "width": width}


def _card(c: dict, unit: dict, blocks: dict[str, dict], audience: str, glossary: dict, wording: dict,
          position: dict[str, int]) -> dict:
    key = display_status(c)
    evidence = []
    for block_id in c.get("evidence") or []:
        block = blocks.get(block_id)
        if block is None:
            continue
        terms = criterion_terms(block, c["id"], c.get("text", ""))
        evidence.append({"id": block_id, "anchor": block_anchor(block_id), "number": position.get(block_id),
                         "excerpt": excerpt(block.get("text", ""), terms), "terms": terms,
                         "confidence": block.get("confidence"), "reasons": block.get("reasons") or []})
    verbs = c.get("verbs") or [c.get("verb", "")]
    practice = c.get("practice_linked") or {}
    return {
        "id": c["id"], "anchor": anchor(c["id"]), "outcome": c.get("outcome"), "text": c.get("text", ""),
        "status": status_view(key, audience), "raw_status": c.get("status"),
        "verbs": verb_entries(verbs, glossary),
        "verb_check": verb_judgement(c, verbs, wording, audience),
        "evidence": evidence, "words": c.get("words", 0), "confidence": c.get("confidence"),
        "reasons": c.get("reasons") or [],
        "theory": c.get("theory") or [], "citations": c.get("citations") or [],
        "practice": {"linked": practice.get("linked"), "reasons": practice.get("reasons") or [],
                     "signals": {k: _signal(v) for k, v in (practice.get("signals") or {}).items()}},
        "hints": criterion_hints(c, key, unit, glossary, audience) if key != "evidenced" else [],
        "guidance": [g["text"] for g in unit.get("guidance") or [] if c["id"] in g.get("criteria", [])],
    }


def _block(b: dict, number: int, cards: dict[str, dict], wc: dict) -> dict:
    kind = b.get("kind", "paragraph")
    counted = b.get("counted", True)
    why = None
    if not counted:
        why = ((wc.get("excluded") or {}).get(kind) or {}).get("why") or EXCLUDED_WHY.get(kind, "not counted")
    acs = [ac for ac in b.get("criteria") or [] if ac in cards]
    terms: list[str] = []
    for ac in acs:
        terms.extend(t for t in criterion_terms(b, ac, cards[ac]["text"]) if t not in terms)
    return {
        "id": b["id"], "anchor": block_anchor(b["id"]), "number": number, "kind": kind,
        "kind_label": KIND_LABEL.get(kind, kind.replace("_", " ").capitalize()), "level": b.get("level"),
        "text": b.get("text", ""), "rows": b.get("rows"), "words": b.get("words", 0), "counted": counted,
        "why": why, "chips": [cards[ac] for ac in acs], "terms": terms,
        "confidence": b.get("confidence"), "reasons": b.get("reasons") or [],
    }


def _count(value) -> int:
    return value if isinstance(value, int) else len(value or [])


def _signal(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _cited(item: dict) -> str:
    """'Kotter (1996)', with the checker's note when it has one ('a reference by this author has a
    different year')."""
    return item["citation"] + (f": {item['note']}" if item.get("note") else "")


def _references(report: dict, cards: list[dict], position: dict[str, int]) -> dict:
    refs = report.get("references") or {}
    return {
        "cited_not_listed": [_cited(c) for c in refs.get("cited_not_listed") or []],
        "listed_not_cited": [e["entry"] for e in refs.get("listed_not_cited") or []],
        "citations": _count(refs.get("citations")), "entries": _count(refs.get("entries")),
        "theory": [{"id": c["id"], "anchor": c["anchor"], "theory": c["theory"], "citations": c["citations"]}
                   for c in cards],
    }


FLAG_TITLES = {
    "copied_guidance": ("Copied from the unit guidance", "Text copied from the unit's guidance"),
    "copied_criterion": ("Repeats the criterion wording", "Text copied from a criterion's wording"),
    "declared_mismatch": ("Declared word count differs", "Declared word count mismatch"),
    "long_appendices": ("Long appendices", "Long appendices"),
}

FLAG_ADVICE = {
    "copied_guidance": "Put this in your own words and apply it to your organisation: guidance copied "
                       "word for word does not show your understanding.",
    "copied_criterion": "Repeating the criterion is fine as a signpost, but it is not evidence in itself: "
                        "follow it with your own explanation.",
    "declared_mismatch": "Update the word count on your cover page so it matches the words that count.",
    "long_appendices": "Keep appendices to essentials: the assessor marks the main body, and anything needed "
                       "to meet a criterion belongs there.",
}


def _flags(report: dict, position: dict[str, int], cards: dict[str, dict]) -> list[dict]:
    out = []
    for flag in report.get("flags") or []:
        kind = flag.get("kind", "")
        learner, assessor = FLAG_TITLES.get(kind, (kind.replace("_", " ").capitalize(),) * 2)
        block = flag.get("block")
        out.append({"kind": kind, "learner_title": learner, "assessor_title": assessor,
                    "text": flag.get("text", ""), "source": flag.get("source"), "reason": flag.get("reason"),
                    "advice": FLAG_ADVICE.get(kind), "block": block,
                    "anchor": block_anchor(block) if block in position else None,
                    "number": position.get(block)})
    return out
