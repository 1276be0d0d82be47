"""What a batch or a sample reads: a folder of submissions, or a manifest CSV listing them.

A manifest has at least the column `file`; `unit`, `learner`, `assessor`, `decision` (pass/refer), `date`,
`centre`, `method` and `location` are understood, and any other column is kept. Paths in a manifest are
relative to its folder (or `--root`) and must stay inside it; links that point outside the input folder
are never followed.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputNotFound, UsageError
from ..readers.detect import EXTENSIONS

MAX_MANIFEST_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
KNOWN = ("file", "unit", "learner", "assessor", "decision", "date", "centre", "method", "location")


@dataclass
class Entry:
    """One submission to check. `problem` is (message, exit code) when it cannot be read at all."""

    key: str                                  # the path relative to the input folder, with '/' separators
    path: Path | None
    unit: str | None
    learner: str
    meta: dict[str, str] = field(default_factory=dict)
    problem: tuple[str, int] | None = None
    row: int | None = None                    # manifest line number, for messages


def load_entries(source: Path, unit: str | None = None, root: Path | None = None,
                 exclude: Path | None = None) -> list[Entry]:
    """Entries for a folder (every submission-type file inside it) or a manifest CSV."""
    if not source.exists():
        raise InputNotFound(f"'{source}' was not found; give a folder of submissions or a manifest .csv")
    if source.is_dir():
        return folder_entries(source, unit, exclude)
    if source.suffix.lower() != ".csv":
        raise UsageError(f"'{source.name}' is neither a folder nor a manifest .csv")
    return manifest_entries(source, unit, root)


def folder_entries(folder: Path, unit: str | None, exclude: Path | None = None) -> list[Entry]:
    base = folder.resolve()
    skip = exclude.resolve() if exclude else None
    entries: list[Entry] = []
    for current, dirs, files in os.walk(base, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (skip is None or (here / d) != skip))
        for name in sorted(files):
            if name.startswith((".", "~$")) or Path(name).suffix.lower() not in EXTENSIONS:
                continue
            path = here / name
            key = path.relative_to(base).as_posix()
            entries.append(_entry(key, path, base, unit, Path(name).stem, {}))
    return entries


def _entry(key: str, path: Path, base: Path, unit: str | None, learner: str, meta: dict,
           row: int | None = None) -> Entry:
    entry = Entry(key, None, unit, learner, meta, row=row)
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        entry.problem = (f"'{key}' was not found", InputNotFound.exit_code)
        return entry
    except (OSError, RuntimeError) as exc:
        entry.problem = (f"'{key}' cannot be opened ({getattr(exc, 'strerror', None) or exc})", InputNotFound.exit_code)
        return entry
    if not resolved.is_relative_to(base):
        why = "is a link to a file" if path.is_symlink() else "is"
        entry.problem = (f"'{key}' {why} outside the input folder '{base}'; it is not read",
                         InputNotFound.exit_code)
    elif not resolved.is_file():
        entry.problem = (f"'{key}' is not a regular file", InputNotFound.exit_code)
    else:
        entry.path = resolved
    return entry


def manifest_entries(manifest: Path, unit: str | None, root: Path | None = None) -> list[Entry]:
    base = (root or manifest.parent).resolve()
    rows = read_manifest(manifest)
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        name = row.get("file", "").strip()
        meta = {k: v for k, v in row.items() if k != "file"}
        learner = meta.get("learner") or Path(name).stem
        chosen = meta.get("unit") or unit
        if not name:
            entries.append(Entry(f"(line {line})", None, chosen, learner, meta,
                                 (f"manifest line {line} has no file", UsageError.exit_code), line))
            continue
        key = name.replace("\\", "/")
        if key in seen:
            entries.append(Entry(f"{key} (line {line})", None, chosen, learner, meta,
                                 (f"'{key}' is listed twice (lines {seen[key]} and {line})", UsageError.exit_code),
                                 line))
            continue
        seen[key] = line
        path = Path(name) if Path(name).is_absolute() else base / name
        entries.append(_entry(key, path, base, chosen, learner, meta, line))
    return entries


def read_manifest(manifest: Path) -> list[tuple[int, dict[str, str]]]:
    """The manifest's rows as (line number, {lower-case column: stripped value})."""
    try:
        size = manifest.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise UsageError(f"'{manifest.name}' is {size:,} bytes; a manifest is limited to {MAX_MANIFEST_BYTES:,}")
        text = manifest.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"'{manifest.name}' is not UTF-8 text; save the manifest as CSV UTF-8") from None
    except OSError as exc:
        raise InputNotFound(f"'{manifest}' cannot be opened ({exc.strerror})") from None
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise UsageError(f"'{manifest.name}' is empty; it needs a header row with at least 'file'") from None
    except csv.Error as exc:
        raise UsageError(f"'{manifest.name}' is not valid CSV: {exc}") from None
    if "file" not in header:
        raise UsageError(f"'{manifest.name}' has no 'file' column (columns: {', '.join(header) or 'none'})")
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise UsageError(f"'{manifest.name}' has more than {MAX_ROWS:,} rows; split it")
            rows.append((reader.line_num, {h: v.strip() for h, v in zip(header, values) if h}))
    except csv.Error as exc:
        raise UsageError(f"'{manifest.name}' is not valid CSV near line {reader.line_num}: {exc}") from None
    return rows
