"""Word's automatic numbering: the '1.1' a numbered heading style puts before a heading is generated
from the file's numbering definitions, not stored in its text. A learner who numbers sections by
criterion with Word's numbered headings would otherwise lose every signpost."""

from __future__ import annotations

from docx.oxml.ns import qn

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)                        # decimal, and any format not worth spelling out


def _val(element, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


class Numbering:
    """The numbering definitions of one document, and the counters as its paragraphs are read in order."""

    def __init__(self, document):
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        abstract = {}
        for node in (root.findall(qn("w:abstractNum")) if root is not None else []):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    _val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or "",
                    int(_val(lvl, "w:start") or 1), _val(lvl, "w:pStyle"))
            abstract[node.get(qn("w:abstractNumId"))] = levels
        self.levels = {num.get(qn("w:numId")): abstract.get(_val(num, "w:abstractNumId"), {})
                       for num in (root.findall(qn("w:num")) if root is not None else [])}
        self.counters: dict[str, dict[int, int]] = {}
        self._style_numbering: dict[str | None, tuple[str | None, int | None]] = {}

    def _of_style(self, paragraph) -> tuple[str | None, int | None]:
        """The numbering a paragraph's style (or a style it is based on) gives it."""
        style_id = paragraph._p.style
        if style_id not in self._style_numbering:
            found: tuple[str | None, int | None] = (None, None)
            style = paragraph.style
            while style is not None:
                ppr = style.element.find(qn("w:pPr"))
                num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
                if num_pr is not None:
                    ilvl = _val(num_pr, "w:ilvl")
                    found = (_val(num_pr, "w:numId"), int(ilvl) if ilvl is not None else None)
                    break
                style = style.base_style
            self._style_numbering[style_id] = found
        return self._style_numbering[style_id]

    def label(self, paragraph) -> str:
        """Advance the counters for this paragraph and return its generated number ('2.3'), or ''."""
        if not self.levels:
            return ""
        ppr = paragraph._p.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id, ilvl = self._of_style(paragraph)
        if num_pr is not None:
            own_level = _val(num_pr, "w:ilvl")
            num_id = _val(num_pr, "w:numId") or num_id
            ilvl = int(own_level) if own_level is not None else ilvl
        levels = self.levels.get(num_id or "")
        if not levels or num_id == "0":
            return ""
        if ilvl is None:      # a heading style tied to its level by the level's own pStyle
            ilvl = next((k for k, spec in levels.items() if spec[3] == paragraph._p.style), 0)
        if ilvl not in levels or levels[ilvl][0] in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl][1]
        for k in range(ilvl + 1):
            fmt, _, start, _ = levels.get(k, ("decimal", "", 1, None))
            text = text.replace(f"%{k + 1}", _format(counters.get(k, start), fmt))
        return text.strip()
