"""Writing results safely: atomically, and never over an input."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .errors import OutputError


def write_output(path: str | Path, content: str, inputs: list[Path] = ()) -> Path:
    """Write `content` to `path` via a temporary file in the same folder, then rename into place."""
    target = Path(path)
    for source in inputs:
        try:
            if target.exists() and target.samefile(source) or target.resolve() == Path(source).resolve():
                raise OutputError(f"refusing to write the output over the input file '{source}'; choose another --output")
        except OSError:
            continue
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write '{target}': the folder '{folder}' does not exist")
    atomic_write(target, content.encode("utf-8"))
    return target


def atomic_write(target: Path, data: bytes) -> Path:
    """Write via a temporary file in the same folder, then rename into place: never a partial file."""
    folder = target.parent if str(target.parent) else Path(".")
    tmp = folder / f".{target.name}.{secrets.token_hex(8)}.tmp"
    try:   # created like any new file (mode 0666 less the umask), and only if the name is new
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise OutputError(f"cannot write in '{folder}': {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write '{target}': {exc.strerror}") from exc
        raise
    return target
