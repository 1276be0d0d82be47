"""Writing results safely: atomically, and never over an input."""

from __future__ import annotations

import os
import tempfile
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


def _file_mode() -> int:
    """What a new file would get: read and write as the user's umask allows (mkstemp gives 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(target: Path, data: bytes) -> Path:
    """Write via a temporary file in the same folder, then rename into place: never a partial file."""
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write in '{folder}': {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write '{target}': {exc.strerror}") from exc
        raise
    return target
