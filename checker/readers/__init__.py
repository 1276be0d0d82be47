"""Reading a submission, whatever its format, into a `Submission` of typed blocks."""

from __future__ import annotations

from pathlib import Path

from ..document import Submission
from ..errors import EmptyDocument, InputNotFound, LimitExceeded, ProtectedDocument, UnreadableInput
from ..limits import Limits
from ..structure import classify, declared_words, words
from . import docx, odt, pdf, rtf, text
from .detect import DESCRIPTION, EXTENSIONS, MB, SUPPORTED, content_kind

__all__ = ["read_submission"]


def read_submission(path: str | Path, limits: Limits = Limits()) -> Submission:
    """Read a .docx, .pdf, .odt, .rtf, .txt or .md file, judging its type by its content."""
    path = Path(path)
    kind = _kind(path, limits)
    notes: list[str] = []
    if kind == "docx":
        items, fmt = docx.read(path, notes, limits), "docx"
    elif kind == "odt":
        items, fmt = odt.read(path, notes), "odt"
    elif kind == "pdf":
        items, fmt = pdf.read(path, limits, notes), "pdf"
    elif kind == "rtf":
        items, fmt = rtf.read(path, notes, limits), "rtf"
    else:
        items, fmt = text.read(path, notes, limits)
    blocks = classify(items)
    if not blocks:
        raise EmptyDocument(f"'{path.name}' has no text to check")
    total = sum(words(b.text) for b in blocks)
    if total > limits.max_words:
        raise LimitExceeded(f"'{path.name}' has {total:,} words, over the limit of {limits.max_words:,}; "
                            f"raise it with --max-words if the file is genuine")
    return Submission(path=str(path), format=fmt, blocks=blocks, declared_words=declared_words(blocks),
                      notes=notes)


def _kind(path: Path, limits: Limits) -> str:
    """The content kind to read, after the checks that need no parsing."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputNotFound(f"'{path}' was not found; check the name and folder") from None
    except OSError as exc:
        raise InputNotFound(f"'{path}' cannot be opened ({exc.strerror or 'no access'})") from None
    if path.is_dir():
        raise InputNotFound(f"'{path}' is a folder, not a file")
    if size > limits.max_file_bytes:
        raise LimitExceeded(f"'{name}' is {size / MB:,.1f} MB, over the limit of {limits.max_file_bytes / MB:,.0f} MB; "
                            f"raise it with --max-file-mb if the file is genuine")
    if size == 0:
        raise EmptyDocument(f"'{name}' is empty (0 bytes)")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise InputNotFound(f"'{path}' cannot be opened ({exc.strerror or 'no access'})") from None

    kind = content_kind(path, head, limits)
    if kind == "ole-encrypted":
        raise ProtectedDocument(f"'{name}' is password-protected; remove the password (in Word: File > Info > "
                                f"Protect Document) and save it again")
    suffix = path.suffix.lower()
    promised = EXTENSIONS.get(suffix)
    if kind == "ole" and suffix in (".doc", ".docx", ""):
        raise UnreadableInput(f"'{name}' is an old Word .doc file (or a protected one), which cannot be read; "
                              f"open it in Word and save it as .docx")
    if promised and promised[0] != kind:
        raise UnreadableInput(_mismatch(path, promised[1], kind))
    if kind not in SUPPORTED:
        hint = "; OCR is not supported, so please send the document itself" if kind in ("png", "jpeg") else \
            "; save it as .docx, .pdf, .odt, .rtf or .txt"
        raise UnreadableInput(f"'{name}' cannot be checked: its content looks like {DESCRIPTION[kind]}{hint}")
    return kind


def _mismatch(path: Path, promised: str, kind: str) -> str:
    message = f"'{path.name}' is not {promised}: its content looks like {DESCRIPTION[kind]}"
    if kind in SUPPORTED:
        message += f"; rename it to '{path.stem}{SUPPORTED[kind]}' to check it"
    elif kind == "damaged-zip" and path.suffix.lower() in (".docx", ".odt"):
        message = f"'{path.name}' is damaged or incomplete (perhaps not fully downloaded); open it and save it again"
    return message
