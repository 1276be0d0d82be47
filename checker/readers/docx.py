"""Word .docx files, read with python-docx (styles) and its lxml tree (text, tables, footnotes)."""

from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn as _qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import LimitExceeded, UnreadableInput
from ..limits import Limits
from ..structure import Item
from .answer_tables import holds_answers, unfold
from .breaks import split_lines
from .numbering import Numbering


@lru_cache(maxsize=None)
def qn(tag: str) -> str:
    """Clark name of a prefixed tag ('w:p'), computed once per tag: a long document asks millions of times."""
    return _qn(tag)


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {qn("w:txbxContent"), qn("w:del"), qn("w:delText"), qn("w:instrText"), qn("w:pPr"), qn("w:rPr"),
         qn("w:footnoteReference"), qn("w:endnoteReference"), qn("w:commentReference"), qn("w:sdtPr"), _MC_FALLBACK}
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_OFF = ("0", "false", "off")


def read(path: Path, notes: list[str], limits: Limits = Limits()) -> list[Item]:
    try:
        document = docx.Document(str(path))
        items = _body(document, _Deadline(path.name, limits.time_budget_s))
        items += _notes(document)
    except (UnreadableInput, LimitExceeded):
        raise
    except Exception as exc:  # python-docx raises many kinds on a broken package
        raise UnreadableInput(f"'{path.name}' is damaged or is not a valid Word document; "
                              f"open it in Word and save it again") from exc
    return items


class _Deadline:
    """The reading part of the time budget, checked every few hundred elements."""

    def __init__(self, name: str, seconds: float) -> None:
        self.name, self.seconds, self.calls = name, seconds, 0
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        self.calls += 1
        if self.calls % 256 == 0 and time.monotonic() > self.ends:
            raise LimitExceeded(f"reading '{self.name}' took longer than {self.seconds:g} seconds; "
                                f"raise the limit with --time-budget if the file is genuine")


def _body(document, deadline: _Deadline) -> list[Item]:
    items: list[Item] = []
    counters = {"paragraph": 0, "table": 0}
    pending_break = False
    styles: dict[str | None, tuple[list[str], bool]] = {}
    numbering = Numbering(document)
    for element in _blocks(document.element.body):
        deadline.check()
        if element.tag == qn("w:tbl"):
            cells = _cell_paragraphs(element)
            nested = element.find(".//" + qn("w:tbl")) is not None    # tables inside tables: data, kept whole
            if not nested and holds_answers(cells):
                unfolded = unfold(cells, {"table": counters["table"]})
                if unfolded:
                    unfolded[0].break_before = pending_break
                items += unfolded
                counters["table"] += 1
                pending_break = False
                continue
            rows = [[" ".join(p.strip() for p in cell).strip() for cell in row] for row in cells]
            items.append(Item(text="\n".join("\t".join(r) for r in rows), kind="table", rows=rows,
                              source={"table": counters["table"]}, break_before=pending_break))
            counters["table"] += 1
            pending_break = False
            continue
        breaks = element.findall(".//" + qn("w:br"))
        page_break = any(br.get(qn("w:type")) == "page" for br in breaks)
        before = element.find(qn("w:pPr") + "/" + qn("w:pageBreakBefore")) is not None
        section_end = element.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None
        counters["paragraph"] += 1
        if not text_of(element).strip():   # an empty paragraph: only its breaks matter (as in _drop_empty)
            pending_break = pending_break or before or page_break or section_end
            continue
        paragraph = Paragraph(element, document)
        style_id = element.style
        if style_id not in styles:
            styles[style_id] = _style_facts(paragraph)
        item = _paragraph(paragraph, counters["paragraph"] - 1, *styles[style_id])
        number = numbering.label(paragraph)
        if number and item.kind == "heading" and not item.text.lstrip().startswith(number):
            item.text = f"{number} {item.text}"      # the number Word shows before the heading
        item.break_before = pending_break or before or (page_break and not item.text.strip())
        items += split_lines(item)
        pending_break = section_end or (page_break and bool(item.text.strip()))
    return items


def _blocks(parent):
    """Body paragraphs and tables in order, looking inside content controls (w:sdt); the paragraphs of
    a text box follow the paragraph it is anchored in."""
    for child in parent:
        if child.tag == qn("w:p"):
            yield child
            for box in _text_boxes(child):
                yield from _blocks(box)
        elif child.tag == qn("w:tbl"):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _text_boxes(paragraph) -> list:
    """The text boxes anchored in a paragraph, each once: Word stores a box twice, as a drawing and as an
    older VML fallback, and the fallback is skipped; a box inside a box is read with its own box."""
    boxes = []
    for box in paragraph.iter(qn("w:txbxContent")):
        outer = box.getparent()
        while outer is not None and outer is not paragraph and outer.tag not in (qn("w:txbxContent"), _MC_FALLBACK):
            outer = outer.getparent()
        if outer is paragraph:
            boxes.append(box)
    return boxes


def _style_facts(paragraph: Paragraph) -> tuple[list[str], bool]:
    """The paragraph style's chain of names and whether it is bold: the same for every paragraph of
    that style, so looked up once per style (python-docx scans every style on each look-up)."""
    chain = _style_chain(paragraph)
    return chain, bool(chain) and any(s.font.bold for s in _styles(paragraph))


def _paragraph(paragraph: Paragraph, index: int, chain: list[str], style_bold: bool) -> Item:
    style = chain[0] if chain else None
    names = [n.lower() for n in chain]
    item = Item(text=text_of(paragraph._p), source={"paragraph": index}, style=style)
    heading = next((int(m.group(1)) for n in names if (m := re.fullmatch(r"heading (\d)", n))), None)
    outline = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if heading is None and outline is not None and (outline.get(qn("w:val")) or "9").isdigit() \
            and int(outline.get(qn("w:val"))) < 9:
        heading = int(outline.get(qn("w:val"))) + 1
    if any(n in ("title", "subtitle") for n in names):
        item.kind = "title"
    elif heading is not None:
        item.kind, item.level = "heading", heading
    elif any(n.startswith("toc ") or n == "toc heading" for n in names):
        item.kind = "contents"
    elif any(n in ("quote", "intense quote", "block text", "quotation", "quotations") for n in names):
        item.kind = "quote"
    elif "caption" in names:
        item.kind = "caption"
    elif paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None or any("list" in n for n in names):
        item.kind = "list_item"
    elif (paragraph.paragraph_format.left_indent or 0) >= Cm(1):
        item.kind = "quote"
    item.bold = item.kind is None and _all_bold(paragraph, style_bold)
    return item


def _style_chain(paragraph: Paragraph) -> list[str]:
    names, style = [], paragraph.style
    while style is not None and len(names) < 8:
        names.append(style.name or "")
        style = style.base_style
    return names


def text_of(element) -> str:
    out: list[str] = []
    _collect(element, out)
    return "".join(out)


def _collect(element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == qn("w:t"):
            out.append(child.text or "")
        elif tag == qn("w:tab"):
            out.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            out.append("" if child.get(qn("w:type")) == "page" else "\n")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")
        else:
            _collect(child, out)


def _all_bold(paragraph: Paragraph, style_bold: bool) -> bool:
    seen = False
    for run in paragraph._p.iter(qn("w:r")):
        if not text_of(run).strip() or any(a.tag in (qn("w:txbxContent"), qn("w:del")) for a in run.iterancestors()):
            continue
        seen = True
        b = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
        rstyle = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if b is not None:
            if b.get(qn("w:val"), "true").lower() in _OFF:
                return False
        elif not (style_bold or (rstyle is not None and rstyle.get(qn("w:val"), "").lower() == "strong")):
            return False
    return seen


def _styles(paragraph: Paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def _cell_paragraphs(table) -> list[list[list[str]]]:
    """Each row's cells, each as its list of paragraph texts (a nested table's text stays in its cell)."""
    rows = []
    for tr in table.iter(qn("w:tr")):
        if next((a for a in tr.iterancestors(qn("w:tbl"))), None) is not table:
            continue
        rows.append([[text_of(p) for p in tc.iter(qn("w:p"))]
                     for tc in tr.iter(qn("w:tc")) if next(tc.iterancestors(qn("w:tr"))) is tr])
    return rows


def _notes(document) -> list[Item]:
    items = []
    for rel, tag in ((RT.FOOTNOTES, "w:footnote"), (RT.ENDNOTES, "w:endnote")):
        try:
            part = document.part.part_related_by(rel)
        except KeyError:
            continue
        root = etree.fromstring(part.blob, parser=_SAFE_PARSER)
        for note in root.iter(qn(tag)):
            if note.get(qn("w:type")) not in (None, "normal"):
                continue
            text = " ".join(text_of(p).strip() for p in note.iter(qn("w:p"))).strip()
            items.append(Item(text=text, kind="footnote", source={tag.split(":")[1]: int(note.get(qn("w:id"), 0))}))
    return items
