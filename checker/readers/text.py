"""Plain text and Markdown: decoding, then lines (text) or Markdown blocks (md)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import UnreadableInput
from ..limits import Limits
from ..structure import Item
from .detect import refuse_many_words
from .lines import Line, paragraphs
from .markdown import markdown_items

_ATX = re.compile(r"^#{1,6}\s+\S", re.M)
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")   # below 32, except tab, line feed, form feed, return


def read(path: Path, notes: list[str], limits: Limits = Limits()) -> tuple[list[Item], str]:
    text = decode(path.read_bytes(), path.name, notes)
    refuse_many_words(text, path.name, limits)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in (".md", ".markdown") or looks_like_markdown(text):
        if path.suffix.lower() not in (".md", ".markdown"):
            notes.append("read as Markdown, because it uses Markdown headings or tables")
        return markdown_items(text), "md"
    return plain_items(text), "txt"


def decode(data: bytes, name: str, notes: list[str]) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a mark, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            notes.append("read as UTF-16 text")
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableInput(f"'{name}' is not readable text: it claims to be UTF-16 but is not") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableInput(f"'{name}' is not readable text: it is neither UTF-8 nor Windows-1252 (cp1252); "
                                  f"save it again as UTF-8") from None
        notes.append("read as Windows-1252 (cp1252) text, not UTF-8")
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if "\x00" in text or controls > len(text) // 100:
        raise UnreadableInput(f"'{name}' does not look like text: it holds control characters; "
                              f"save it again as plain text")
    return text


def looks_like_markdown(text: str) -> bool:
    return len(_ATX.findall(text)) >= 2 or bool(_PIPE_RULE.search(text))


def plain_items(text: str) -> list[Item]:
    raw_lines = text.split("\n")
    soft = max((len(r) for r in raw_lines), default=0) > 120
    lines, page_start = [], False
    for number, raw in enumerate(raw_lines, start=1):
        if "\f" in raw:
            page_start = True
            raw = raw.replace("\f", "")
        expanded = raw.expandtabs(4)
        stripped = raw.strip()
        if not stripped:
            continue
        cells = [c.strip() for c in re.split(r"\t+", stripped)] if "\t" in stripped else None
        indent = len(expanded) - len(expanded.lstrip())
        lines.append(Line(text=stripped if cells is None else stripped.replace("\t", " "), x=indent, y=number,
                          cells=cells, source={"line": number}, page_start=page_start))
        page_start = False
    return _underlined(paragraphs(lines, indent_step=3, soft=soft, single_line_quotes=True, char_width=1))


_UNDERLINE = re.compile(r"^\s*([=\-~_*])\1{2,}\s*$")


def _underlined(items: list[Item]) -> list[Item]:
    """A line of '=' or '-' under a short line makes that line a heading (level 1 for '=', 2 otherwise),
    as plain-text writers underline titles; a rule line on its own only marks a break."""
    out: list[Item] = []
    pending = False
    for item in items:
        rule = _UNDERLINE.match(item.text)
        if not rule:
            item.break_before = item.break_before or pending
            out.append(item)
            pending = False
            continue
        above = out[-1] if out else None
        if above is not None and above.kind is None and len(above.text.split()) <= 25 and not pending:
            above.kind, above.level = "heading", 1 if rule.group(1) == "=" else 2
        else:
            pending = True
    return out
