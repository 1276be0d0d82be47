"""OpenDocument text (.odt), read with odfpy."""

from __future__ import annotations

import re
from pathlib import Path

from odf.element import Node
from odf.namespaces import DRAWNS, FONS, OFFICENS, STYLENS, TABLENS, TEXTNS
from odf.opendocument import load

from ..errors import UnreadableInput
from ..structure import Item
from .answer_tables import holds_answers, unfold
from .breaks import split_lines

_SKIP = {(OFFICENS, "annotation"), (TEXTNS, "tracked-changes"), (TEXTNS, "sequence-decls"),
         (OFFICENS, "forms"), (TEXTNS, "variable-decls"), (TEXTNS, "user-field-decls")}
_QUOTE_STYLES = ("quotations", "quote", "intense quote", "block text")


def read(path: Path, notes: list[str]) -> list[Item]:
    try:
        document = load(str(path))
        reader = _Reader(document)
        reader.walk(document.text)
    except UnreadableInput:
        raise
    except Exception as exc:  # odfpy raises many kinds on a broken package
        raise UnreadableInput(f"'{path.name}' is damaged or is not a valid OpenDocument text file; "
                              f"open it and save it again") from exc
    return reader.items + reader.notes


class _Reader:
    def __init__(self, document) -> None:
        self.items: list[Item] = []
        self.notes: list[Item] = []
        self.styles: dict[str, dict] = {}
        for container in (document.styles, document.automaticstyles):
            for style in container.childNodes:
                if style.qname == (STYLENS, "style"):
                    self.styles[style.getAttrNS(STYLENS, "name")] = _style_info(style)
        self.count = 0

    def chain(self, name: str | None) -> list[dict]:
        out = []
        while name and name in self.styles and len(out) < 8:
            out.append(self.styles[name])
            name = self.styles[name]["parent"]
        return out

    def walk(self, node, kind: str | None = None) -> None:
        for child in node.childNodes:
            if child.nodeType != Node.ELEMENT_NODE or child.qname in _SKIP:
                continue
            ns, tag = child.qname
            if (ns, tag) in ((TEXTNS, "p"), (TEXTNS, "h")):
                self.paragraph(child, kind)
            elif (ns, tag) == (TEXTNS, "list-item"):
                self.walk(child, kind or "list_item")
            elif (ns, tag) in ((TEXTNS, "table-of-content"), (TEXTNS, "illustration-index"), (TEXTNS, "table-index")):
                self.walk(child, "contents")
            elif (ns, tag) == (TABLENS, "table"):
                self.table(child)
            elif ns == TEXTNS or (ns, tag) == (OFFICENS, "text"):
                self.walk(child, kind)

    def paragraph(self, element, kind: str | None) -> None:
        pieces: list[tuple[str, bool]] = []
        chain = self.chain(element.getAttrNS(TEXTNS, "style-name"))
        self.collect(element, pieces, any(s["bold"] for s in chain))
        text = "".join(t for t, _ in pieces)
        names = [s["display"] for s in chain]
        item = Item(text=text, source={"paragraph": self.count}, style=names[0] if names else None,
                    break_before=any(s["break"] for s in chain[:1]))
        self.count += 1
        if element.qname == (TEXTNS, "h"):
            item.kind, item.level = "heading", int(element.getAttrNS(TEXTNS, "outline-level") or 1)
        if any(n in ("title", "subtitle") for n in names):
            item.kind, item.level = "title", None
        elif kind:
            item.kind = item.kind if item.kind == "heading" and kind == "list_item" else kind
        elif item.kind is None:
            heading = next((int(m.group(1)) for n in names if (m := re.fullmatch(r"heading (\d)", n))), None)
            if heading:
                item.kind, item.level = "heading", heading
            elif any(n in _QUOTE_STYLES for n in names):
                item.kind = "quote"
            elif any(n in ("caption", "illustration", "figure") for n in names):
                item.kind = "caption"
            elif any(n.startswith("contents ") for n in names):
                item.kind = "contents"
        visible = [(t, b) for t, b in pieces if t.strip()]
        item.bold = item.kind is None and bool(visible) and all(b for _, b in visible)
        self.items += split_lines(item)
        for box in _text_boxes(element):    # a text box's paragraphs follow the one it is anchored in
            self.walk(box)

    def collect(self, node, pieces: list[tuple[str, bool]], bold: bool) -> None:
        for child in node.childNodes:
            if child.nodeType == Node.TEXT_NODE:
                pieces.append((child.data, bold))
                continue
            if child.nodeType != Node.ELEMENT_NODE or child.qname in _SKIP:
                continue
            ns, tag = child.qname
            if ns != TEXTNS:
                continue  # frames, images, drawings
            if tag == "s":
                pieces.append((" " * int(child.getAttrNS(TEXTNS, "c") or 1), bold))
            elif tag == "tab":
                pieces.append(("\t", bold))
            elif tag == "line-break":
                pieces.append(("\n", bold))
            elif tag == "note":
                self.note(child)
            elif tag in ("span", "a", "ruby", "ruby-base", "meta", "bookmark-ref", "reference-ref"):
                span_bold = bold or any(s["bold"] for s in self.chain(child.getAttrNS(TEXTNS, "style-name")))
                self.collect(child, pieces, span_bold)
            elif tag not in ("note-citation", "ruby-text"):
                self.collect(child, pieces, bold)

    def note(self, element) -> None:
        body = next((c for c in element.childNodes if getattr(c, "qname", None) == (TEXTNS, "note-body")), None)
        if body is None:
            return
        pieces: list[tuple[str, bool]] = []
        for p in body.childNodes:
            if getattr(p, "qname", None) in ((TEXTNS, "p"), (TEXTNS, "h")):
                self.collect(p, pieces, False)
                pieces.append((" ", False))
        self.notes.append(Item(text="".join(t for t, _ in pieces).strip(), kind="footnote",
                               source={"footnote": len(self.notes) + 1}))

    def table(self, element) -> None:
        paragraphs: list[list[list[str]]] = []
        for row in _descendants(element, (TABLENS, "table-row")):
            cells = []
            for cell in row.childNodes:
                if getattr(cell, "qname", None) != (TABLENS, "table-cell"):
                    continue
                texts = []
                for p in _descendants(cell, (TEXTNS, "p")):
                    pieces: list[tuple[str, bool]] = []
                    self.collect(p, pieces, False)
                    texts.append("".join(t for t, _ in pieces).strip())
                cells.append(texts)
            paragraphs.append(cells)
        if holds_answers(paragraphs):
            self.items += unfold(paragraphs, {"paragraph": self.count})
            return
        rows = [[" ".join(t for t in cell if t).strip() for cell in row] for row in paragraphs]
        self.items.append(Item(text="\n".join("\t".join(r) for r in rows), kind="table", rows=rows,
                               source={"paragraph": self.count}))


def _descendants(node, qname):
    for child in node.childNodes:
        if getattr(child, "qname", None) == qname:
            yield child
        elif child.nodeType == Node.ELEMENT_NODE and child.qname != (TABLENS, "table"):
            yield from _descendants(child, qname)


def _style_info(style) -> dict:
    name = style.getAttrNS(STYLENS, "display-name") or style.getAttrNS(STYLENS, "name") or ""
    info = {"display": name.replace("_20_", " ").lower(), "parent": style.getAttrNS(STYLENS, "parent-style-name"),
            "bold": False, "break": False}
    for props in style.childNodes:
        if props.qname == (STYLENS, "text-properties"):
            info["bold"] = props.getAttrNS(FONS, "font-weight") in ("bold", "700", "800", "900")
        elif props.qname == (STYLENS, "paragraph-properties"):
            info["break"] = props.getAttrNS(FONS, "break-before") == "page"
    return info


def _text_boxes(node) -> list:
    """The text boxes (draw:text-box) anchored in a paragraph; a box inside a box is found by its own box."""
    boxes = []
    for child in node.childNodes:
        if child.nodeType != Node.ELEMENT_NODE:
            continue
        if child.qname == (DRAWNS, "text-box"):
            boxes.append(child)
        else:
            boxes += _text_boxes(child)
    return boxes
