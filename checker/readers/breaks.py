"""Paragraphs made with line breaks instead of paragraph marks (Shift+Enter, or text pasted from an
e-mail or a web page): one paragraph of the file then holds many of the learner's paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace

from ..structure import Item

_ENDS = re.compile(r"[.!?:;…][\"'”’)\]]*$")


def split_lines(item: Item) -> list[Item]:
    """The item's lines as items of their own, except a line that runs on into the next (no closing
    punctuation, the next starts in lower case): that is a wrapped line, joined again. A heading, a
    quotation or a list item keeps its line breaks."""
    if "\n" not in item.text or item.kind is not None:
        return [item]
    pieces: list[str] = []
    joinable = False
    for line in item.text.split("\n"):
        line = line.strip()
        if not line:
            joinable = False
            continue
        if joinable and line[:1].islower():
            pieces[-1] = f"{pieces[-1]} {line}"
        else:
            pieces.append(line)
        joinable = not _ENDS.search(pieces[-1])
    if len(pieces) < 2:
        return [replace(item, text=pieces[0])] if pieces else [item]
    return [replace(item, text=text, break_before=item.break_before and k == 0,
                    source={**item.source, "line": k}) for k, text in enumerate(pieces)]
