"""Plain-text rendering for the terminal."""

from __future__ import annotations

STATUS_MARK = {"evidenced": "✓", "weak": "~", "missing": "✗"}


def word_count_text(wc: dict) -> str:
    band = wc["band"]
    lines = [f"Counted words: {wc['counted']:,}",
             f"Band: {band['min']:,}–{band['max']:,} (±{band['margin']:.0%}: {band['lower_limit']:,}–"
             f"{band['upper_limit']:,})"]
    status = wc["status"]
    if status == "within":
        lines.append("Status: within the band")
    else:
        lines.append(f"Status: {status} the band by {wc['distance']:,} words")
    if wc.get("declared") is not None:
        note = " (differs from the counted words by more than the margin)" if wc.get("declared_mismatch") else ""
        lines.append(f"Declared on the cover: {wc['declared']:,}{note}")
    lines.append("Not counted:")
    for kind, info in wc.get("excluded", {}).items():
        if info.get("words"):
            lines.append(f"  {kind:<10} {info['words']:>6,} words  ({info.get('why', '')})")
    if wc.get("long_appendices"):
        lines.append(f"Appendices are long ({wc['appendix_words']:,} words): keep them to essentials.")
    return "\n".join(lines)


def references_text(refs: dict) -> list[str]:
    """Citations against the reference list, as the HTML report's references section gives them."""
    cited = refs.get("citations") or []
    lines = [f"References: {len(cited)} citation{'s' if len(cited) != 1 else ''} in the text, "
             f"{refs.get('entries', 0)} in the reference list"]
    for item in refs.get("cited_not_listed") or []:
        note = f" ({item['note']})" if item.get("note") else ""
        lines.append(f"  cited but not in the reference list: {item['citation']}{note}")
    for item in refs.get("listed_not_cited") or []:
        lines.append(f"  in the reference list but never cited: {item['entry'][:100]}")
    return lines


def analysis_text(data: dict, audience: str = "learner") -> str:
    unit, summary = data["unit"], data["summary"]
    out = [f"{data['file']}: unit {unit['number']} {unit['title']} (Level {unit['level']})",
           f"Criteria evidenced: {summary['evidenced']} of {summary['criteria_total']}"]
    if summary["at_risk"]:
        out.append(f"At risk: {', '.join(summary['at_risk'])}")
    out.append("")
    for c in data["criteria"]:
        verb = c.get("verb_check", {})
        shallow = ", but shallow for its command verb" if verb.get("status") == "shallow" else ""
        out.append(f"{STATUS_MARK[c['status']]} {c['id']:<5} {c['status']}{shallow}: {c['text']}")
        if audience == "assessor" or c["status"] != "evidenced" or shallow:
            judged = verb.get("reasons", []) if verb.get("status") != "not_applicable" else []
            if audience == "assessor" and verb.get("model"):
                judged = judged + [verb["model"]["reason"]]
            for reason in c["reasons"] + judged:
                out.append(f"        {reason}")
    out.append("")
    out.append(word_count_text(data["word_count"]))
    out.append("")
    out.extend(references_text(data.get("references") or {}))
    if audience == "assessor":
        out.append("")
        out.append("Block mapping:")
        for b in data["blocks"]:
            if b["criteria"] or b["reasons"]:
                label = ", ".join(b["criteria"]) or "none"
                out.append(f"  {b['id']:<5} {label:<10} {b['confidence'] or 0:.2f}  {'; '.join(b['reasons'])}")
    return "\n".join(out)
