"""Rich Text Format, read with striprtf: one paragraph a line; table rows come out as 'a|b|c|'.

striprtf keeps only text, so before converting, each paragraph's font size and bold are written into
its text as a marked prefix (private-use characters), and read back into the line: a larger, bold
title line is then found to be a heading as in a PDF."""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from ..errors import UnreadableInput
from ..limits import Limits
from .detect import refuse_many_words
from .lines import Line, paragraphs

_PAGE = re.compile(rb"\\page(?![a-z])")
_PARAGRAPH = re.compile(rb"\\pard(?![a-z])((?:\\(?!u-?\d)[a-z]+-?\d*\s?)*)")
_SIZE = re.compile(rb"\\fs(\d+)")
_BOLD = re.compile(rb"\\b(?![a-z0-9])")
_MARK = re.compile("\ue000(\\d+)([01])\ue001")


def _mark_paragraphs(data: bytes) -> bytes:
    """Prefix each paragraph's text with its font size (half-points) and whether it starts bold."""
    sizes = [(m.start(), m.group(1)) for m in _SIZE.finditer(data)]
    out, last, k, size = [], 0, 0, b"24"
    for match in _PARAGRAPH.finditer(data):
        while k < len(sizes) and sizes[k][0] < match.end():
            size = sizes[k][1]
            k += 1
        bold = b"1" if _BOLD.search(match.group(1)) else b"0"
        out += [data[last:match.end()], b"\\u57344?" + size + bold + b"\\u57345? "]
        last = match.end()
    out.append(data[last:])
    return b"".join(out)


def read(path: Path, notes: list[str], limits: Limits = Limits()) -> list:
    data = _mark_paragraphs(_PAGE.sub(rb"\\par\\u12?\\par ", path.read_bytes()))
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
    refuse_many_words(text, path.name, limits)
    lines, page_start = [], False
    for number, raw in enumerate(text.split("\n")):
        if raw.strip() == "\f":
            page_start = True
            continue
        marks = _MARK.findall(raw)             # the last mark on a line is its paragraph's own
        size, bold = (float(marks[-1][0]), marks[-1][1] == "1") if marks else (24.0, False)
        raw = _MARK.sub("", raw)
        stripped = raw.strip()
        if not stripped:
            continue
        cells = [c.strip() for c in stripped.split("|")[:-1]] if stripped.endswith("|") and "|" in stripped[:-1] else None
        indent = len(raw) - len(raw.lstrip(" \t"))
        lines.append(Line(text=stripped, x=indent, y=number, size=size / 2, bold=bold, cells=cells,
                          source={"paragraph": number}, page_start=page_start))
        page_start = False
    return paragraphs(lines, indent_step=4, soft=True, char_width=1)
