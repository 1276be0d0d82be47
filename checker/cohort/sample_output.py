"""The IQA sample's outputs: `sample.csv`, `sample.json` and `sample.html` (no script at all)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__
from ..output import write_output
from ..render_html import environment
from .cohort_page import band_text, csp
from .files import write_csv
from .sampling import Sample

COLUMNS = ["file", "learner", "assessor", "unit", "decision", "date", "centre", "method", "location", "kind",
           "reasons", "words", "band", "at_risk", "similar_to", "report"]


def sample_rows(sample: Sample, reports: str = "") -> list[dict]:
    rows = []
    for r in sample.picks:
        meta = r.get("meta", {})
        rows.append({**r, "method": meta.get("method", ""), "location": meta.get("location", ""),
                     "band": band_text(r) if r.get("status") == "ok" else "",
                     "at_risk": r.get("at_risk", []), "similar_to": [s["label"] for s in r.get("similar", [])],
                     "report": f"{reports}{r['report']}" if r.get("report") else ""})
    return rows


def write_sample(out: Path, sample: Sample, reports: str = "", inputs: list[Path] = ()) -> dict:
    """Write the three outputs; `reports` is the path from OUTDIR to the batch folder holding the reports."""
    rows = sample_rows(sample, reports)
    write_csv(out / "sample.csv", COLUMNS, rows, list(inputs))
    data = {"checker_version": __version__, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "rule": asdict(sample.rule), "rule_text": sample.rule.describe(),
            "population": len(sample.population), "sampled": len(sample.picks),
            "picks": [{k: r.get(k) for k in COLUMNS + ["key", "reasons"]} for r in rows],
            "coverage": {**sample.coverage, "missed": [list(m) for m in sample.coverage["missed"]]},
            "left_out": sample.left_out, "not_assessed": [r["key"] for r in sample.not_assessed]}
    write_output(out / "sample.json", json.dumps(data, indent=1, ensure_ascii=False), list(inputs))
    html = environment().get_template("sample.html.j2").render(view=data, rows=rows, csp=csp(""))
    write_output(out / "sample.html", html, list(inputs))
    return data
