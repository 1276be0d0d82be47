"""The work for one upload: write it to a private temporary folder, check it, render the reports.

It runs in a worker process (or a thread of the server) and never raises: a `CheckerError` becomes an
`Outcome` with its HTTP status and a learner-facing message; anything else a generic internal error
whose log line names only the exception's type, never its message (which could quote the learner).
The temporary folder is made with mode 0700, the file with 0600, and both are removed before the
function returns, whatever happens.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..analysis import Settings, run_check
from ..errors import CheckerError
from .messages import INTERNAL, INTERNAL_MESSAGE, describe

log = logging.getLogger("checker.web")
WARM_UP_TEXT = ("Introduction\n\nThis short text loads the language pipeline before the first learner "
                "waits for it. It evaluates nothing and is forgotten at once.\n")


@dataclass(frozen=True)
class Job:
    data: bytes
    filename: str                   # a safe name with the uploaded extension
    unit: str                       # the unit's number, already known to exist
    settings: Settings
    audience: str = "learner"
    want_html: bool = False
    units_dirs: tuple[str, ...] = ()
    temp_dir: str | None = None
    branding: dict | None = None


@dataclass(frozen=True)
class Outcome:
    status: int                     # 200, or the HTTP status of the failure
    code: str = "ok"
    message: str = ""
    report_json: str = ""
    report_html: str = ""
    seconds: float = 0.0


@functools.cache
def _library(units_dirs: tuple[str, ...]):
    from ..units import UnitLibrary

    return UnitLibrary.load([Path(d) for d in units_dirs])


def check_upload(job: Job) -> Outcome:
    """Check one uploaded file; return the JSON report (and the HTML report if asked)."""
    started = time.perf_counter()
    try:
        unit = _library(job.units_dirs).get(job.unit)
        with tempfile.TemporaryDirectory(prefix="checker-web-", dir=job.temp_dir) as folder:
            path = Path(folder) / job.filename
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(job.data)
            analysis = run_check(path, unit, job.settings)
        report_json = json.dumps(analysis.to_dict(), indent=2, ensure_ascii=False)
        report_html = ""
        if job.want_html:
            from ..render_html import render_html

            report_html = render_html(analysis, audience=job.audience, branding=job.branding)
        return Outcome(200, report_json=report_json, report_html=report_html,
                       seconds=round(time.perf_counter() - started, 3))
    except CheckerError as exc:
        status, code, message = describe(exc)
        if status >= 500:
            log.error("check failed: %s (message withheld: it may quote the submission)", type(exc).__name__)
        return Outcome(status, code, message, seconds=round(time.perf_counter() - started, 3))
    except Exception as exc:  # a bug; the log names the type only, the learner gets a kind line
        log.error("check failed: internal error %s (message withheld: it may quote the submission)",
                  type(exc).__name__)
        return Outcome(INTERNAL[0], INTERNAL[1], INTERNAL_MESSAGE, seconds=round(time.perf_counter() - started, 3))


def warm_up(units_dirs: tuple[str, ...] = (), temp_dir: str | None = None) -> None:
    """Load the units, the language pipeline and the templates by checking a tiny text. Never raises."""
    try:
        library = _library(units_dirs)
        unit = next(iter(library))
        check_upload(Job(WARM_UP_TEXT.encode(), "warm-up.txt", unit.number, Settings(), want_html=True,
                         units_dirs=units_dirs, temp_dir=temp_dir))
    except Exception as exc:  # the first real check will report the problem properly
        log.warning("warm-up skipped: %s", type(exc).__name__)


def init_worker(units_dirs: tuple[str, ...] = (), temp_dir: str | None = None) -> None:
    """A worker process's start: leave Ctrl+C to the server (which stops the pool), then warm up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up(units_dirs, temp_dir)


def ping() -> int:
    """A trivial task: the pool starts a worker (running `warm_up` first) to answer it."""
    return os.getpid()
