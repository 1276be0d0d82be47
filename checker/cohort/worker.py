"""The work done for one submission, in a worker process (local pool or Dask worker): read, check,
render the JSON and HTML reports, and make the similarity fingerprint.

A task carries the file's bytes, the unit and the settings, so that a worker needs no access to the
input folder or to the centre's unit files: the same function runs on a remote cluster. The result is
plain data; the parent process writes every output, atomically. A task never raises: a `CheckerError`
becomes an error row with its exit code, anything else an internal error (code 70).
"""

from __future__ import annotations

import functools
import json
import re
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis import Settings, run_check
from ..errors import CheckerError
from ..units import Unit


@dataclass
class Task:
    key: str
    name: str                  # the original file name (kept in the report)
    data: bytes
    unit: Unit
    settings: Settings
    audience: str = "assessor"
    attempt: int = 1


@dataclass
class Result:
    key: str
    row: dict
    report_json: str = ""
    report_html: str = ""
    fingerprint: bytes = b""
    timings: dict = field(default_factory=dict)


def safe_name(name: str) -> str:
    """A file name that is safe to create in a private temporary folder, keeping the extension."""
    name = re.sub(r"[\x00-\x1f/\\]", "_", Path(name.replace("\\", "/")).name).strip() or "submission"
    if name in (".", ".."):
        name = "submission"
    if len(name.encode("utf-8", "surrogateescape")) > 200:
        suffix = Path(name).suffix[:10]
        name = name[:100] + suffix
    return name


def _compile_templates_once() -> None:
    """`render_report` builds a new jinja2 Environment per call, so each report recompiles its templates
    (about half the time of a check). A worker renders many reports: keep one Environment per template
    folder for the life of the worker process. Nothing changes if the function is already cached."""
    from .. import render_html

    if not hasattr(render_html.environment, "cache_info"):
        render_html.environment = functools.lru_cache(maxsize=8)(render_html.environment)


def check_one(task: Task) -> Result:
    started = time.perf_counter()
    _compile_templates_once()
    try:
        with tempfile.TemporaryDirectory(prefix="checker-batch-") as folder:
            path = Path(folder) / safe_name(task.name)
            path.write_bytes(task.data)
            analysis = run_check(path, task.unit, task.settings)
            data = analysis.to_dict()
            from ..render_html import render_html
            from .shingles import make_fingerprint

            html = render_html(analysis, audience=task.audience)
            fingerprint = make_fingerprint(analysis.submission.blocks, task.unit).to_bytes()
        row = summary_row(data)
        row["seconds"] = round(time.perf_counter() - started, 3)
        return Result(task.key, row, json.dumps(data, indent=1, ensure_ascii=False), html, fingerprint,
                      analysis.timings)
    except CheckerError as exc:
        return Result(task.key, error_row(str(exc), exc.exit_code, time.perf_counter() - started))
    except Exception as exc:  # a bug: the batch goes on, and the row says so
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Result(task.key, error_row(f"internal error: {detail}", 70, time.perf_counter() - started))


def error_row(message: str, code: int, seconds: float = 0.0) -> dict:
    return {"status": "error", "error": message, "exit_code": code, "seconds": round(seconds, 3)}


def summary_row(report: dict) -> dict:
    """The cohort row for one report: words and band, criteria by status, flags."""
    wc, summary = report["word_count"], report["summary"]
    shallow = set(summary["shallow"])
    statuses = {}
    for c in report["criteria"]:
        statuses[c["id"]] = "shallow" if c["status"] == "evidenced" and c["id"] in shallow else c["status"]
    band = wc.get("band") or {}
    flags = [f["kind"] for f in report["flags"]]
    refs = report.get("references") or {}
    flags += [kind for kind in ("cited_not_listed", "listed_not_cited") if refs.get(kind)]
    return {
        "status": "ok", "error": "", "exit_code": 0,
        "words": wc["counted"], "band_status": wc.get("status"), "band_distance": wc.get("distance"),
        "band_min": band.get("min"), "band_max": band.get("max"),
        "band_lower": band.get("lower_limit"), "band_upper": band.get("upper_limit"),
        "declared_words": wc.get("declared"),
        "criteria_total": summary["criteria_total"], "evidenced": summary["evidenced"],
        "weak": summary["weak"], "missing": summary["missing"], "shallow": summary["shallow"],
        "at_risk": summary["at_risk"], "criteria": statuses, "flags": flags,
    }
