"""Centre workbooks put the learner's answers inside table cells: 'AC 1.1 …' in one cell, the answer in
the next (or the row below). Such a table is the body of the work, not a table of data, so it is
unfolded into headings and paragraphs, and counted and mapped like any other answer."""

from __future__ import annotations

import re

from ..structure import Item, pattern_level, words

ANSWER_CELL_WORDS = 80     # a cell this long holds written prose: the table holds answers …
LONG_CELL_WORDS = 40       # … or, in a table of one or two columns, cells this long hold most of its words
LONG_SHARE = 0.6
HEADING_CELL_WORDS = 40    # a one-paragraph cell up to this long, with no full stop, heads what follows

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")

Cells = list[list[list[str]]]      # rows → cells → the cell's paragraphs


def holds_answers(cells: Cells) -> bool:
    sizes = [sum(words(p) for p in cell) for row in cells for cell in row]
    total = sum(sizes)
    if not total:
        return False
    if max(sizes) >= ANSWER_CELL_WORDS:
        return True
    columns = max(len(row) for row in cells)
    return columns <= 2 and sum(s for s in sizes if s >= LONG_CELL_WORDS) >= LONG_SHARE * total


def unfold(cells: Cells, source: dict) -> list[Item]:
    """The table's cells in reading order: a short one-paragraph cell as a heading, the rest as paragraphs."""
    items: list[Item] = []
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            paragraphs = [p.strip() for p in cell if p.strip()]
            if not paragraphs:
                continue
            where = {**source, "row": r, "cell": c}
            if len(paragraphs) == 1 and words(paragraphs[0]) <= HEADING_CELL_WORDS \
                    and (pattern_level(paragraphs[0]) or not _SENTENCE_END.search(paragraphs[0])):
                items.append(Item(text=paragraphs[0], kind="heading", level=2, source=where))
                continue
            items.extend(Item(text=p, source=where) for p in paragraphs)
    return items
