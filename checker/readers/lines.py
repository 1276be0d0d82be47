"""Rebuilding paragraphs from lines (PDF pages, hard-wrapped text): join wrapped lines, mend hyphens."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ..structure import Item, pattern_level, rules, section_of

BULLET = re.compile(r"^(?:[•●▪◦‣∙·○■□➢➤►✓\uf0b7\uf0a7\uf076\uf0d8\uf0fc]\s*|[-–*]\s+)(?=\S)")
NUMBERED = re.compile(r"^(\(?\d{1,2}[.)]|\([a-z]\)|[a-h]\))\s+")
_ENDS = re.compile(r"[.!?:…][\"'”’)\]]*$")


@dataclass
class Line:
    text: str                      # without leading indentation
    x: float = 0.0                 # left edge
    y: float = 0.0                 # top edge, growing down the page
    size: float = 1.0              # font size, in the units of x and y
    bold: bool = False
    cells: list[str] | None = None  # set when the line is a table row
    cell_x: list[float] = field(default_factory=list)  # where each cell starts
    source: dict = field(default_factory=dict)
    page_start: bool = False


def paragraphs(lines: list[Line], indent_step: float, soft: bool = False, single_line_quotes: bool = False,
               char_width: float | None = None) -> list[Item]:
    """Group lines into items. `soft`: every line is its own paragraph (text saved from Word);
    `single_line_quotes`: one indented line is a quotation (text files), not a centred line (PDF);
    `char_width`: the width of a character in the units of x (default: half the body font size)."""
    lines = [ln for ln in lines if ln.text.strip()]
    if not lines:
        return []
    base = Counter(round(ln.x) for ln in lines if not ln.cells).most_common(1)
    base_x = base[0][0] if base else 0
    body_size = Counter(round(ln.size, 1) for ln in lines).most_common(1)[0][0]
    pitch = _pitch(lines, body_size)
    width = _widths(lines, body_size, base_x, char_width or body_size / 2)
    vocab = _vocabulary(lines)

    items: list[Item] = []
    sizes: list[float] = []
    group: list[Line] = []

    def flush() -> None:
        if group:
            items.append(_item(group, base_x, body_size, indent_step, vocab, single_line_quotes))
            sizes.append(group[0].size)
            group.clear()

    for i, line in enumerate(lines):
        prev = lines[i - 1] if i else None
        if group and not _continues(prev, line, group, base_x, pitch, width, indent_step, soft, body_size):
            flush()
        group.append(line)
    flush()
    _numbered_lists(items)
    _levels_by_size(items, sizes)
    return items


def _levels_by_size(items: list[Item], sizes: list[float]) -> None:
    """Headings printed in two or more sizes take their level from the size, the largest being 1: the
    print shows the writer's outline more surely than a number in the words ('Assessment criterion 1.1'
    set as a main heading, with smaller headings of the writer's own inside it)."""
    headings = [(item, round(size, 1)) for item, size in zip(items, sizes) if item.kind == "heading"]
    tiers = sorted({size for _, size in headings}, reverse=True)
    if len(tiers) < 2:
        return
    for item, size in headings:
        item.level = min(tiers.index(size) + 1, 3)


def _widths(lines: list[Line], body_size: float, base_x: float, char_width: float) -> dict:
    """Characters a full line holds: overall (key None) and at each left edge (at least the overall
    width less the indent); also where the lowest line of a full page sits ("bottom")."""
    body = [ln for ln in lines if not ln.cells and round(ln.size, 1) == body_size]
    full = max((len(ln.text) for ln in body), default=1)
    width: dict = {None: full, "bottom": max((ln.y for ln in body), default=0)}
    for ln in body:
        key = round(ln.x)
        width[key] = max(width.get(key, full - (ln.x - base_x) / char_width), len(ln.text))
    return width


def _pitch(lines: list[Line], body_size: float) -> float:
    steps = [b.y - a.y for a, b in zip(lines, lines[1:])
             if not b.page_start and round(a.size, 1) == round(b.size, 1) == body_size and 0 < b.y - a.y < 4 * body_size]
    return statistics.median(steps) if steps else body_size * 1.2


def _continues(prev: Line, line: Line, group: list[Line], base_x: float, pitch: float, width: dict,
               indent_step: float, soft: bool, body_size: float) -> bool:
    """Does `line` carry on the item that `prev` belongs to?"""
    first = group[0]
    if first.cells is not None:
        # a table carries on over row gaps; a line of one wrapped cell belongs to the row above
        if line.page_start:
            return line.cells is not None  # the table goes on over the page
        return line.cells is not None or (line.y - prev.y <= 1.3 * pitch and _wrapped_cell(line, group))
    if line.cells is not None:
        return False
    if _is_list_start(line):
        dash = line.text[0] in "-–*"
        # a dash, or a number in brackets ("(18) and the UK …"), after a full line that ends mid-sentence
        # is the sentence running on, not a new item
        runs_on = not re.search(r"[.:;!?]$", prev.text.strip()) and (
            (dash and not _is_list_start(first)) or
            (NUMBERED.match(line.text) and not BULLET.match(line.text) and _full(prev, line, width)
             and abs(line.x - prev.x) < indent_step))
        if not runs_on:
            return False
    if soft:
        return False
    if line.page_start:
        # carry on over the page when the page was full to the bottom and the line looks wrapped; a
        # sentence ending at the foot of a page with a capital at the top of the next is taken as a new
        # paragraph (splitting one is less harmful than merging two)
        ends = bool(_ENDS.search(prev.text.strip()))
        return abs(line.size - prev.size) < 0.6 and abs(line.x - prev.x) < indent_step \
            and prev.y >= width["bottom"] - 1.5 * pitch and (not ends or line.text[:1].islower()) \
            and (_full(prev, line, width) or line.text[:1].islower())
    if abs(line.size - prev.size) >= 0.6 or line.bold != prev.bold:
        return False
    if line.y - prev.y > 1.3 * pitch * max(line.size / body_size, 1.0):
        return False
    if (line.bold or line.size >= 1.1 * body_size) and len(group) < 4:
        # a heading wrapped over two or three lines, unless the next line is a heading of its own
        return not (pattern_level(line.text) or section_of(line.text))
    if line.x <= prev.x - indent_step:
        # back to the margin: the end of an indented block, unless prev was an indented first line
        if not (len(group) == 1 and len(prev.text) >= 0.75 * width[None]):
            return False
    elif line.x >= prev.x + indent_step and not (_is_list_start(first) and line.x > first.x):
        return False
    return _full(prev, line, width)


def _wrapped_cell(line: Line, group: list[Line]) -> bool:
    """A one-cell line under a table's rows is a cell's wrapped text when it starts at one of the
    table's columns and, in the first column, is no wider than that column; a line of body text after
    the table starts at the margin too, but runs across the columns."""
    columns = max((ln.cell_x for ln in group if ln.cells), key=len, default=[])
    k = next((k for k, x in enumerate(columns) if abs(line.x - x) <= 2), None)
    if k is None:
        return False
    if k > 0 or len(columns) < 2:
        return True
    return len(line.text) * 0.4 * line.size <= 1.5 * (columns[1] - columns[0])


def _full(prev: Line, line: Line, width: dict) -> bool:
    """A wrapped line is full: had the next word fitted, the writer must have ended the line on purpose."""
    next_word = line.text.split()[0] if line.text.split() else ""
    return len(prev.text) + 1 + len(next_word) >= 0.85 * width.get(round(prev.x), width[None])


def _is_list_start(line: Line) -> bool:
    return bool(BULLET.match(line.text) or NUMBERED.match(line.text))


def _item(group: list[Line], base_x: float, body_size: float, indent_step: float, vocab: set[str],
          single_line_quotes: bool) -> Item:
    first = group[0]
    source = dict(first.source)
    if group[0].cells is not None and (len(group) >= 2 or not group[0].cell_x):
        rows = _rows(group)
        return Item(text="\n".join("\t".join(r) for r in rows), kind="table", rows=rows, source=source,
                    break_before=first.page_start)
    text = join_lines([ln.text for ln in group], vocab)
    kind = None
    if BULLET.match(text):
        kind, text = "list_item", BULLET.sub("", text, count=1)
    elif first.x - base_x >= indent_step and all(abs(ln.x - first.x) < indent_step / 2 for ln in group) \
            and (len(group) >= 2 or single_line_quotes):
        kind = "quote"
    item = Item(text=text, kind=kind, source=source, bold=all(ln.bold for ln in group),
                break_before=first.page_start)
    if kind is None and first.size <= body_size * 0.85 and re.match(r"^\d{1,3}\s?[A-Z“\"']", text):
        item.kind, item.text = "footnote", re.sub(r"^\d{1,3}\s?", "", text)  # small print: "1 Source: ..."
    elif kind is None and first.size >= body_size * 1.15 and len(text.split()) <= 20 \
            and not _ENDS.search(text.rstrip("?")):                   # a question may be a heading
        item.kind = "heading"
        item.level = pattern_level(text) or (1 if first.size >= body_size * 1.25 else 2)
    return item


def _rows(group: list[Line]) -> list[list[str]]:
    """Table rows. When rows are spaced further apart than the lines inside them, a line close below
    the one before continues its row (cells that wrapped); otherwise every line is a row."""
    columns = max((ln.cell_x for ln in group), key=len)
    steps = [b.y - a.y for a, b in zip(group, group[1:])]
    small = min((step for step in steps if step > 0), default=0)
    wrapped = any(step > 1.25 * small for step in steps)  # a step back up is a new page
    rows: list[list[str]] = []
    for ln, step in zip(group, [math.inf] + steps):
        cells, xs = ln.cells or [ln.text], ln.cell_x or [ln.x]
        if not rows or not wrapped or step > 1.25 * small or step <= 0 or len(columns) < 2:
            rows.append(list(cells))
            continue
        row = rows[-1] + [""] * (len(columns) - len(rows[-1]))
        for text, x in zip(cells, xs):
            k = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
            row[k] = f"{row[k]} {text}".strip()
        rows[-1] = row
    return rows


def _numbered_lists(items: list[Item]) -> None:
    """Two or more numbered items in a row ('1. ...', '2. ...') are a list, not numbered headings."""
    numbered = [i.kind is None and bool(NUMBERED.match(i.text)) for i in items]
    for k, item in enumerate(items):
        if numbered[k] and ((k and numbered[k - 1]) or (k + 1 < len(items) and numbered[k + 1])):
            item.kind = "list_item"


def _vocabulary(lines: list[Line]) -> set[str]:
    found: set[str] = set()
    for ln in lines:
        found.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-]*[A-Za-z]", ln.text))
    return found


def join_lines(parts: list[str], vocab: set[str] | frozenset[str] = frozenset()) -> str:
    """Join wrapped lines with spaces, mending words broken by a hyphen at the end of a line."""
    text = ""
    for part in parts:
        part = part.strip()
        if not text:
            text = part
            continue
        if text.endswith("\u00ad"):
            text = text[:-1] + part
            continue
        broken = re.search(r"([A-Za-z]+)-$", text)
        tail = re.match(r"([a-z]+)", part)
        if broken and tail:
            whole, hyphened = broken.group(1) + tail.group(1), f"{broken.group(1)}-{tail.group(1)}"
            keep = hyphened.lower() in vocab or (whole.lower() not in vocab
                                                 and tail.group(1).lower() in rules().keep_hyphen_before)
            text = text + part if keep else text[:-1] + part
            continue
        text = f"{text} {part}"
    return text
