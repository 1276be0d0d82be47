"""`checker batch`: check every submission of a cohort, in parallel, resumably; then compare them.

Per submission (in a worker): read, check, JSON and HTML report, similarity fingerprint. The parent
reads each file shortly before it is checked (a bounded number in flight), writes every output
atomically, records it in the state file, and never stops for one failing submission. Finally it runs
the similarity step and writes the cohort page, `cohort.csv` and `cohort.json`.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from .. import __version__
from ..analysis import Settings
from ..errors import CheckerError, InputNotFound, LimitExceeded, OutputError, UsageError
from ..output import write_output
from ..units import Unit, UnitLibrary
from .files import output_stem, sha256_hex, write_bytes
from .manifest import Entry, load_entries
from .shingles import PARAMS
from .similarity import Doc, SimilarityOptions, collect, find_similar
from .state import BatchState
from .worker import Result, Task, error_row


@dataclass
class BatchOptions:
    out: Path
    unit: str | None = None
    jobs: int = 0                              # 0: every available core
    scheduler: object | None = None            # a Dask scheduler address or Client: run there instead
    audience: str = "assessor"
    settings: Settings = field(default_factory=Settings)
    similarity: bool = True
    similarity_options: SimilarityOptions = field(default_factory=SimilarityOptions)
    index: Path | None = None                  # a similarity index to compare with and add to
    cohort_label: str | None = None            # this cohort's name in the index (default: OUTDIR's name)
    root: Path | None = None                   # what manifest paths are relative to
    progress: bool | None = None               # a progress bar (default: when stderr is a terminal)


@dataclass
class BatchResult:
    rows: list[dict]
    pairs: list[dict]
    similarity: dict
    checked: int = 0
    skipped: int = 0
    errors: int = 0
    timings: dict = field(default_factory=dict)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def settings_hash(unit: Unit, settings: Settings, audience: str) -> str:
    payload = {"version": __version__, "unit": unit.to_dict(), "settings": asdict(settings),
               "audience": audience, "fingerprint": PARAMS}
    return sha256_hex(json.dumps(payload, sort_keys=True, default=str))


def check_paths(source: Path, out: Path) -> None:
    """Refuse an output folder that is an input, or that would mix reports with the submissions."""
    src, dst = source.resolve(), out.resolve()
    if out.exists() and not out.is_dir():
        raise OutputError(f"'{out}' exists and is not a folder; choose a folder for --out")
    if dst == src:
        raise OutputError(f"refusing to write into the input '{source}'; choose another --out folder")
    if src.is_dir() and (dst.is_relative_to(src) or src.is_relative_to(dst)):
        raise OutputError(f"the output folder '{out}' and the input folder '{source}' must not contain one "
                          f"another, so that reports never mix with submissions; choose another --out")


def read_bounded(path: Path, max_bytes: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise LimitExceeded(f"'{path.name}' is {size / 1048576:,.1f} MB, over the limit of "
                                    f"{max_bytes / 1048576:,.0f} MB; raise it with --max-file-mb if the file "
                                    f"is genuine")
            return handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputNotFound(f"'{path.name}' cannot be opened ({exc.strerror or 'no access'})") from None


def base_row(entry: Entry) -> dict:
    meta = entry.meta
    return {"key": entry.key, "file": entry.key, "learner": entry.learner, "unit": entry.unit or "",
            "assessor": meta.get("assessor", ""), "decision": meta.get("decision", ""),
            "date": meta.get("date", ""), "centre": meta.get("centre", ""), "meta": meta}


def run_batch(source: Path, library: UnitLibrary, options: BatchOptions,
              log: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> BatchResult:
    from .cohort_page import write_cohort
    from .progress import Progress

    source, out = Path(source), Path(options.out)
    check_paths(source, out)
    if options.settings.mapping is None:              # read models/mapping.yaml once, not four times a check
        from ..mapping import load_params

        options.settings = replace(options.settings, mapping=load_params())
    if source.is_dir() and not options.unit:
        raise UsageError("say which unit the submissions in a folder are for (--unit 7015V1), or use a manifest "
                         "with a 'unit' column")
    if options.unit:
        library.get(options.unit)                 # an unknown --unit stops the batch before it starts
    entries = load_entries(source, options.unit, options.root, exclude=out)
    if not entries:
        raise UsageError(f"'{source}' holds no submissions (.docx, .pdf, .odt, .rtf, .txt or .md files)")
    for folder in (out, out / "reports", out / "fingerprints"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create the output folder '{folder}': {exc.strerror}") from None
    state = BatchState(out)
    hashes: dict[str, str] = {}
    rows: dict[str, dict] = {}
    pending: dict[str, tuple] = {}
    units: dict[str, Unit] = {}
    result = BatchResult([], [], {})
    progress = Progress(len(entries), options.progress, log)

    def finish(key: str, row: dict, skipped: bool = False) -> None:
        rows[key] = row
        if row["status"] != "ok":
            result.errors += 1
            progress.error(f"{row['file']}: {row['error']}")
        result.skipped += skipped
        result.checked += row["status"] == "ok" and not skipped
        progress.advance()

    def tasks() -> Iterator[Task]:
        for entry in entries:
            row = base_row(entry)
            if entry.problem:
                finish(entry.key, {**row, **error_row(*entry.problem)})
                continue
            try:
                if not entry.unit:
                    raise UsageError("no unit: give --unit, or a 'unit' column in the manifest")
                unit = units.setdefault(entry.unit, library.get(entry.unit))
                row["unit"] = unit.number
                data = read_bounded(entry.path, options.settings.limits.max_file_bytes)
            except CheckerError as exc:
                finish(entry.key, {**row, **error_row(str(exc), exc.exit_code)})
                continue
            if unit.number not in hashes:
                hashes[unit.number] = settings_hash(unit, options.settings, options.audience)
            content, settings = sha256_hex(data), hashes[unit.number]
            record = state.done(entry.key, content, settings)
            if record and all((out / p).is_file() for p in record.get("outputs", {}).values()):
                finish(entry.key, {**row, **record["row"], **record["outputs"], "content": content}, skipped=True)
                continue
            pending[entry.key] = (entry, row, content, settings)
            yield Task(entry.key, entry.path.name, data, unit, options.settings, options.audience)

    def handle(done: Result) -> None:
        entry, row, content, settings = pending.pop(done.key)
        row = {**row, **done.row, "content": content}
        if done.row["status"] == "ok":
            try:
                outputs = _write_outputs(out, entry, done)
            except CheckerError as exc:
                finish(entry.key, {**row, **error_row(str(exc), exc.exit_code)})
                return
            row.update(outputs)
            state.record(entry.key, content, settings, done.row, outputs)
        finish(entry.key, row)

    started = time.perf_counter()
    try:
        if options.scheduler is not None:
            from .runner import run_dask

            run_dask(tasks(), options.scheduler, handle)
        else:
            from .runner import run_local

            run_local(tasks(), options.jobs or default_jobs(), handle)
    finally:
        progress.close()
        state.close()
    state.compact()
    result.timings["checks_s"] = round(time.perf_counter() - started, 2)
    result.rows = [rows[e.key] for e in entries if e.key in rows]
    for row in result.rows:
        row["similar"] = []
    if options.similarity:
        started = time.perf_counter()
        _similarity(result, out, options, log)
        result.timings["similarity_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    write_cohort(out, result, units, options, source, [e.path for e in entries if e.path])
    result.timings["cohort_pages_s"] = round(time.perf_counter() - started, 2)
    return result


def _write_outputs(out: Path, entry: Entry, done: Result) -> dict:
    stem = output_stem(entry.key)
    outputs = {"report": f"reports/{stem}.html", "json": f"reports/{stem}.json",
               "fingerprint": f"fingerprints/{stem}.npz"}
    write_output(out / outputs["json"], done.report_json, [entry.path])
    write_output(out / outputs["report"], done.report_html, [entry.path])
    write_bytes(out / outputs["fingerprint"], done.fingerprint)
    return outputs


def _similarity(result: BatchResult, out: Path, options: BatchOptions, log: Callable[[str], None]) -> None:
    label = options.cohort_label or out.resolve().name
    ok = [r for r in result.rows if r["status"] == "ok"]
    docs = [Doc(r["key"], r["learner"], out / r["fingerprint"], label, sha256_hex(f"{r['content']}:{r['unit']}"))
            for r in ok]
    index = None
    if options.index:
        from .index import SimilarityIndex

        index = SimilarityIndex(options.index)
    collected = collect(docs)
    earlier = index.earlier(label) if index else []
    result.pairs, result.similarity = find_similar(docs, options.similarity_options, earlier, collected)
    result.similarity["cohort_label"] = label
    if index:
        index.add(label, docs, collected)
        result.similarity["index"] = {"path": str(options.index), "cohorts": index.labels}
    by_key = {r["key"]: r for r in ok}
    for number, pair in enumerate(result.pairs, start=1):
        pair["number"] = number
        for me, other, other_label in (("a", "b", "b_label"), ("b", "a", "a_label")):
            row = by_key.get(pair[me])
            if row is not None:
                row["similar"].append({"pair": number, "with": pair[other], "label": pair[other_label],
                                                      "cohort": pair[f"{other}_cohort"],
                                                      "words": pair["shared_words"],
                                                      "reworded": len(pair["reworded"])})
    if result.pairs:
        log(f"similarity: {len(result.pairs)} pair(s) of submissions share unusual passages")
