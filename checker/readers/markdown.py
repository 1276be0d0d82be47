"""A small Markdown block reader: headings, lists, quotations, pipe tables, footnotes, paragraphs."""

from __future__ import annotations

import re

from ..structure import Item

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_LIST = re.compile(r"^\s{0,3}([-*+]|\d{1,3}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_NOTE = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_BOLD_LINE = re.compile(r"^(\*\*|__)(.+?)\1:?$")


def markdown_items(text: str) -> list[Item]:
    lines = text.split("\n")
    items: list[Item] = []
    i, pending_break = 0, False

    def add(item: Item) -> None:
        nonlocal pending_break
        item.break_before, pending_break = pending_break, False
        items.append(item)

    while i < len(lines):
        line, number = lines[i], i + 1
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not line.strip() or line.strip().startswith("<!--"):
            i += 1
        elif (m := _ATX.match(line)):
            add(Item(text=inline(m.group(2)), kind="heading", level=len(m.group(1)), source={"line": number}))
            i += 1
        elif _SETEXT.match(nxt) and not _LIST.match(line) and not _QUOTE.match(line) and "|" not in line:
            level = 1 if nxt.strip().startswith("=") else 2
            add(Item(text=inline(line), kind="heading", level=level, source={"line": number}))
            i += 2
        elif _RULE.match(line) or "\f" in line:
            pending_break, i = True, i + 1
        elif _QUOTE.match(line):
            body = []
            while i < len(lines) and (m := _QUOTE.match(lines[i])):
                body.append(m.group(1))
                i += 1
            for part in re.split(r"\n\s*\n", "\n".join(body)):
                if part.strip():
                    add(Item(text=inline(" ".join(part.split("\n"))), kind="quote", source={"line": number}))
        elif "|" in line and _PIPE_RULE.match(nxt):
            rows = [_cells(line)]
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                rows.append(_cells(lines[i]))
                i += 1
            add(Item(text="\n".join("\t".join(r) for r in rows), kind="table", rows=rows, source={"line": number}))
        elif (m := _LIST.match(line)) or (m := _NOTE.match(line)):
            kind = "footnote" if _NOTE.match(line) else "list_item"
            body, i = [m.group(2)], i + 1
            while i < len(lines) and lines[i].strip() and not _starts_block(lines[i], lines[i + 1] if i + 1 < len(lines) else ""):
                body.append(lines[i].strip())
                i += 1
            add(Item(text=inline(" ".join(body)), kind=kind, source={"line": number}))
        elif _FENCE.match(line):
            body, i = [], i + 1
            while i < len(lines) and not _FENCE.match(lines[i]):
                body.append(lines[i])
                i += 1
            add(Item(text=" ".join(body), source={"line": number}))
            i += 1
        else:
            body = [line]
            i += 1
            while i < len(lines) and lines[i].strip() and not _starts_block(lines[i], lines[i + 1] if i + 1 < len(lines) else "") \
                    and not body[-1].endswith(("  ", "\\")):
                body.append(lines[i])
                i += 1
            joined = " ".join(b.strip().rstrip("\\") for b in body)
            bold = _BOLD_LINE.match(joined.strip())
            indented = all(b.startswith(("    ", "\t")) for b in body)
            add(Item(text=inline(joined), kind="quote" if indented else None, bold=bool(bold),
                     source={"line": number}))
    return items


def _starts_block(line: str, nxt: str) -> bool:
    return bool(_ATX.match(line) or _LIST.match(line) or _QUOTE.match(line) or _RULE.match(line)
                or _NOTE.match(line) or _FENCE.match(line) or ("|" in line and _PIPE_RULE.match(nxt)))


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [inline(c.strip()) for c in re.split(r"(?<!\\)\|", line)]


def inline(text: str) -> str:
    """Plain text without Markdown emphasis, links, images, code marks or footnote references."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", text)
    text = re.sub(r"\[\^[^\]]+\]", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", text)
    return re.sub(r"[ \t]+", " ", text).strip()
