"""Safe file handling for cohort outputs: atomic binary writes, safe output names, CSV without formulas."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path
from typing import Iterable

from ..output import atomic_write, write_output

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula: text starting = + - @ gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def csv_text(header: list[str], rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(_cell(row.get(h))) for h in header])
    return buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def write_csv(path: Path, header: list[str], rows: Iterable[dict], inputs: list[Path] = ()) -> Path:
    return write_output(path, csv_text(header, rows), list(inputs))


def write_bytes(path: Path, content: bytes) -> Path:
    """Write bytes via a temporary file in the same folder, then rename into place."""
    return atomic_write(path, content)


def output_stem(key: str) -> str:
    """A file-name stem for a submission's outputs: readable, safe on every system and on a command line
    (no leading '-' or '.'), and unique by a short hash of the submission's key."""
    stem = Path(key.replace("\\", "/")).name.rsplit(".", 1)[0]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:60] or "submission"
    return f"{slug}-{hashlib.sha256(key.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()
