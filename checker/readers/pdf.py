"""PDF files, read with pypdf: positioned lines, running headers and page numbers dropped, paragraphs rebuilt."""

from __future__ import annotations

import io
import logging
import math
import re
import time
from collections import Counter
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from ..errors import EmptyDocument, LimitExceeded, ProtectedDocument, UnreadableInput
from ..limits import Limits
from ..structure import Item
from .lines import Line, paragraphs

# a list's marker set apart from its text: a bullet glyph (often in a symbol font's private-use area)
_MARKER = re.compile(r"^(?:[•●▪◦‣∙·○■□➢➤►✓–-]|[\ue000-\uf8ff])$")
_PAGE_NUMBER = re.compile(r"^(page\s*)?#(\s*(of|/)\s*#)?$|^[-–—]\s*#\s*[-–—]$|^[ivxlc]{1,6}$")


def read(path: Path, limits: Limits, notes: list[str]) -> list[Item]:
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # pypdf's warnings about untidy files mean nothing to a learner
    try:
        return _read(path, limits, notes)
    finally:
        log.setLevel(level)


def _read(path: Path, limits: Limits, notes: list[str]) -> list[Item]:
    data = path.read_bytes()
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableInput(f"'{path.name}' is damaged or incomplete (the end of the PDF is missing); "
                              f"it may not have finished downloading")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _unlock(reader, path.name, notes)
        count = len(reader.pages)
    except (ProtectedDocument, UnreadableInput):
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken file
        raise UnreadableInput(f"'{path.name}' is damaged and cannot be read as a PDF") from exc
    if count == 0:
        raise UnreadableInput(f"'{path.name}' is damaged and cannot be read as a PDF (no pages were found)")
    if count > limits.max_pages:
        raise LimitExceeded(f"'{path.name}' has {count:,} pages, over the limit of {limits.max_pages:,}; "
                            f"raise it with --max-pages if the file is genuine")
    started, pages = time.monotonic(), []
    for number in range(1, count + 1):
        try:
            pages.append(_page_lines(reader.pages[number - 1], number))
        except Exception:  # one bad page should not lose the rest
            notes.append(f"page {number} could not be read and was skipped")
            pages.append([])
        if time.monotonic() - started > limits.time_budget_s:
            raise LimitExceeded(f"reading '{path.name}' took longer than {limits.time_budget_s:g} seconds; "
                                f"raise the limit with --time-budget if the file is genuine")
    if len(notes) >= count and all(not page for page in pages):
        raise UnreadableInput(f"'{path.name}' is damaged: none of its pages could be read")
    if not any(line.text.strip() for page in pages for line in page):
        raise EmptyDocument(f"'{path.name}' has no text layer; it may be scanned — OCR is not supported")
    _drop_running_lines(pages)
    lines = [line for page in pages for line in page]
    return paragraphs(lines, indent_step=12)


def _unlock(reader: PdfReader, name: str, notes: list[str]) -> None:
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError:
        raise ProtectedDocument(f"'{name}' is encrypted, and opening it needs the 'cryptography' package "
                                f"(pip install 'pypdf[crypto]'); or save an unprotected copy") from None
    except (NotImplementedError, FileNotDecryptedError, PdfReadError):
        opened = 0
    if not opened:
        raise ProtectedDocument(f"'{name}' is password-protected; save an unprotected copy and check that")
    notes.append("the PDF is protected against changes; its text was read anyway")


def _page_lines(page, number: int) -> list[Line]:
    """The page's text as lines, top to bottom: pieces at the same height are one line."""
    top = float(page.mediabox.top)
    pieces: list[tuple[str, float, float, float, bool]] = []

    def visit(text, cm, tm, font, size) -> None:
        a, b, c, d, e, f = _multiply(tm, cm)
        text = text.replace("\n", " ")
        if not text.strip() or abs(b) > 0.1 * max(abs(a), 1e-6):
            return  # nothing, or rotated text such as a watermark
        name = str((font or {}).get("/BaseFont", ""))
        pieces.append((text, e, top - f, float(size or 0) * (math.hypot(c, d) or 1.0), "bold" in name.lower()))

    page.extract_text(visitor_text=visit)
    rows: list[list[tuple[str, float, float, float, bool]]] = []
    for piece in sorted(pieces, key=lambda p: p[2]):
        if rows and abs(piece[2] - rows[-1][0][2]) <= 0.5 * max(piece[3], rows[-1][0][3], 1.0):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    for row in rows:
        row.sort(key=lambda p: p[1])
    stops = _column_stops(rows)
    lines = []
    for row in rows:
        marker = _MARKER.match(row[0][0].strip()) and len(row) > 1
        cells, cell_x = _cells(row[1:] if marker else row, stops)
        if marker and len(cells) == 1:      # a bullet and its text: a list item, not two table cells
            cells, cell_x = [f"• {cells[0]}"], [row[0][1]]
        elif marker:
            cells, cell_x = [row[0][0].strip()] + cells, [row[0][1]] + cell_x
        text = " ".join(cells) if len(cells) >= 2 else cells[0]
        lines.append(Line(text=re.sub(r"\s+", " ", text).strip(), x=row[0][1], y=row[0][2],
                          size=max(p[3] for p in row), bold=all(p[4] for p in row),
                          cells=cells if len(cells) >= 2 else None, cell_x=cell_x,
                          source={"page": number, "line": len(lines) + 1}))
    return [line for line in lines if line.text]


def _multiply(m1, m2) -> tuple[float, ...]:
    a1, b1, c1, d1, e1, f1 = (float(v) for v in m1)
    a2, b2, c2, d2, e2, f2 = (float(v) for v in m2)
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _column_stops(rows: list[list]) -> set[int]:
    """Where a table's columns start: places where text starts mid-line in two or more lines."""
    starts = Counter(x for row in rows for x in {round(p[1]) for p in row[1:]})
    return {x for x, n in starts.items() if n >= 2}


def _cells(row: list[tuple[str, float, float, float, bool]], stops: set[int]) -> tuple[list[str], list[float]]:
    """Split a line into table cells: at column starts, or where a piece starts far beyond where the
    one before it must have ended."""
    cells, cell_x, end = [""], [row[0][1]], None
    for text, x, _, size, _ in row:
        at_stop = any(round(x) + d in stops for d in (-1, 0, 1))
        if end is not None and (at_stop or x - end > 2 * size):
            cells.append("")
            cell_x.append(x)
        elif end is not None and x - end > size and not cells[-1].endswith(" ") and not text.startswith(" "):
            cells[-1] += " "
        cells[-1] += text
        end = max(end or 0.0, x + 0.6 * size * len(text))
    return [c.strip() for c in cells], cell_x


def _drop_running_lines(pages: list[list[Line]]) -> None:
    """Remove page numbers and headers or footers that repeat at the top or bottom of pages."""
    def norm(text: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))

    def edges(page: list[Line]) -> list[tuple[str, Line]]:
        ordered = sorted(page, key=lambda ln: ln.y)
        return [("top", ln) for ln in ordered[:2]] + [("bottom", ln) for ln in ordered[-2:]]

    seen = Counter(key for page in pages for key in {(pos, norm(ln.text)) for pos, ln in edges(page)})
    needed = max(2, math.ceil(0.4 * len(pages)))
    for page in pages:
        drop = {id(ln) for pos, ln in edges(page)
                if _PAGE_NUMBER.match(norm(ln.text)) or seen[(pos, norm(ln.text))] >= needed}
        page[:] = [ln for ln in page if id(ln) not in drop]
    for page in pages:
        if page:
            page[0].page_start = page[0].source.get("page", 1) > 1
