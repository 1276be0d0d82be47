"""The cohort outputs: `index.html` (one self-contained page), `cohort.csv` and `cohort.json`."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path


from .. import __version__
from ..output import write_output
from ..render_html import environment
from ..units import Unit
from .files import write_csv

CSV_COLUMNS = ["file", "learner", "unit", "assessor", "decision", "date", "centre", "status", "error", "exit_code",
               "words", "band_status", "band_min", "band_max", "criteria_total", "evidenced", "at_risk", "missing",
               "weak", "shallow", "flags", "similar_to", "similar_words", "report", "json"]
STATUS_MARK = {"evidenced": ("✓", "evidenced"), "shallow": ("~", "evidenced, but shallow for its command verb"),
               "weak": ("?", "weak evidence"), "missing": ("✗", "missing")}


def band_text(row: dict) -> str:
    status, words = row.get("band_status"), row.get("words")
    if status is None or words is None:
        return ""
    if status == "within":
        return "within the band"
    inside = row["band_lower"] <= words if status == "under" else words <= row["band_upper"]
    side = "under" if status == "under" else "over"
    return f"{side} by {row['band_distance']:,}, " + ("within the margin" if inside else "beyond the margin")


def csv_rows(rows: list[dict]) -> tuple[list[str], list[dict]]:
    extra = sorted({k for r in rows for k in r.get("meta", {}) if k not in CSV_COLUMNS})
    flat = []
    for r in rows:
        similar = r.get("similar", [])
        flat.append({**{k: r.get("meta", {}).get(k, "") for k in extra}, **r,
                     "band_status": band_text(r) if r["status"] == "ok" else "",
                     "similar_to": [f"{s['label']} ({s['with']})" for s in similar],
                     "similar_words": max((s["words"] for s in similar), default="")})
    return CSV_COLUMNS + extra, flat


def cohort_data(result, units: dict[str, Unit], source: Path, audience: str) -> dict:
    """What cohort.json holds, and what the page shows: rows, units, counts and similar pairs."""
    return {"checker_version": __version__, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "source": source.name, "source_kind": "the folder" if source.is_dir() else "the manifest",
            "audience": audience,
            "summary": {"submissions": len(result.rows), "checked": result.checked, "unchanged": result.skipped,
                        "errors": result.errors, "similar_pairs": len(result.pairs)},
            "units": {n: {"title": u.title, "level": u.level, "criteria": [c.id for c in u.criteria]}
                      for n, u in sorted(_used(units, result.rows).items())},
            "timings": result.timings,
            "submissions": result.rows, "similarity": {"stats": result.similarity, "pairs": result.pairs}}


def write_cohort(out: Path, result, units: dict[str, Unit], options, source: Path, inputs: list[Path]) -> None:
    guard = [source, *inputs]
    header, flat = csv_rows(result.rows)
    write_csv(out / "cohort.csv", header, flat, guard)
    data = cohort_data(result, units, source, options.audience)
    write_output(out / "cohort.json", json.dumps(data, indent=1, ensure_ascii=False), guard)
    write_output(out / "index.html", render_cohort(data, _used(units, result.rows)), guard)


def _used(units: dict[str, Unit], rows: list[dict]) -> dict[str, Unit]:
    wanted = {r["unit"] for r in rows}
    return {u.number: u for u in units.values() if u.number in wanted}


def csp(script: str) -> str:
    """No network, no plug-ins; only the page's own script (by its hash), or none at all."""
    allowed = f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'" if script else "'none'"
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src {allowed}; base-uri 'none'; form-action 'none'")


def render_cohort(data: dict, units: dict[str, Unit]) -> str:
    env = environment()
    template = env.get_template("cohort.html.j2")
    view = build_view(data, units)
    script = "".join(template.blocks["script"](template.new_context({"view": view})))
    if "</" in script:
        raise ValueError("the cohort page script must not contain '</'")
    return template.render(view=view, csp=csp(script))


def build_view(data: dict, units: dict[str, Unit]) -> dict:
    rows = data["submissions"]
    for r in rows:
        r["band_text"] = band_text(r) if r["status"] == "ok" else ""
    per_unit = []
    for number, unit in sorted(units.items()):
        mine = [r for r in rows if r["unit"] == number and r["status"] == "ok"]
        criteria = [c.id for c in unit.criteria]
        heat = [{"row": r, "cells": [_cell(r["criteria"].get(ac)) for ac in criteria]} for r in mine]
        totals = [sum(1 for r in mine if r["criteria"].get(ac) in ("missing", "weak")) for ac in criteria]
        per_unit.append({"number": number, "title": unit.title, "criteria": criteria,
                         "texts": {c.id: c.text for c in unit.criteria}, "heat": heat, "totals": totals,
                         "histogram": histogram([r["words"] for r in mine], mine[0] if mine else None)})
    return {**data, "units_view": per_unit, "marks": STATUS_MARK, "shown_passages": 20,
            "has_assessors": any(r.get("assessor") or r.get("decision") for r in rows),
            "pairs": data["similarity"]["pairs"], "stats": data["similarity"]["stats"]}


def _cell(status: str | None) -> dict:
    mark, title = STATUS_MARK.get(status or "", ("", "not judged"))
    return {"status": status or "none", "mark": mark, "title": title}


def histogram(counts: list[int], sample: dict | None, width: int = 640, height: int = 220) -> dict | None:
    """Bars of word counts (inline SVG geometry), with the band and its margin marked."""
    if not counts or sample is None or sample.get("band_min") is None:
        return None
    lo_band, hi_band = sample["band_min"], sample["band_max"]
    lower, upper = sample["band_lower"], sample["band_upper"]
    low = min(min(counts), lower) // 100 * 100 - 100
    high = (max(max(counts), upper) // 100 + 2) * 100
    step = max(50, -(-(high - low) // 30 // 50) * 50)
    edges = list(range(low, high + step, step))
    bins = [sum(1 for c in counts if a <= c < a + step) for a in edges[:-1]]
    left, right, top, bottom = 44, 32, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    tallest = max(bins) or 1

    def x(value: float) -> float:
        return round(left + (value - low) / (high - low) * plot_w, 1)

    bars = []
    for a, n in zip(edges, bins):
        h = round(n / tallest * plot_h, 1)
        bars.append({"x": x(a) + 1, "w": max(1.0, round(x(a + step) - x(a) - 2, 1)), "y": round(top + plot_h - h, 1),
                     "h": h, "n": n, "label": f"{a:,}–{a + step - 1:,} words: {n} submission{'s' * (n != 1)}",
                     "inside": lo_band <= a and a + step - 1 <= hi_band})
    ticks = [{"x": x(v), "label": f"{v:,}"} for v in edges[::max(1, len(edges) // 6)]]
    return {"width": width, "height": height, "top": top, "plot_h": plot_h, "left": left, "bars": bars,
            "ticks": ticks, "tallest": tallest, "band": {"x": x(lo_band), "w": x(hi_band) - x(lo_band)},
            "lower": x(lower), "upper": x(upper), "base": top + plot_h,
            "caption": f"Band {lo_band:,}–{hi_band:,} words (shaded); margin {lower:,}–{upper:,} (dashed lines)"}
