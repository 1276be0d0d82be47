"""Rich Text Format, read with striprtf: one paragraph a line; table rows come out as 'a|b|c|'."""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from ..errors import UnreadableInput
from .lines import Line, paragraphs

_PAGE = re.compile(rb"\\page(?![a-z])")


def read(path: Path, notes: list[str]) -> list:
    data = _PAGE.sub(rb"\\par\\u12?\\par ", path.read_bytes())
    codepage = re.search(rb"\\ansicpg(\d+)", data[:2000])
    encoding = f"cp{codepage.group(1).decode()}" if codepage else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    try:
        text = rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except Exception as exc:  # striprtf has no error type of its own
        raise UnreadableInput(f"'{path.name}' is a damaged RTF file; open it and save it again") from exc
    lines, page_start = [], False
    for number, raw in enumerate(text.split("\n")):
        if raw.strip() == "\f":
            page_start = True
            continue
        stripped = raw.strip()
        if not stripped:
            continue
        cells = [c.strip() for c in stripped.split("|")[:-1]] if stripped.endswith("|") and "|" in stripped[:-1] else None
        indent = len(raw) - len(raw.lstrip(" \t"))
        lines.append(Line(text=stripped, x=indent, y=number, cells=cells, source={"paragraph": number},
                          page_start=page_start))
        page_start = False
    return paragraphs(lines, indent_step=4, soft=True, char_width=1)
