"""Harvard citations in the text, entries in the reference list, and the cross-check between them.

Rule source: CMI expects "ability to link theory to practice" and work that is the learner's own; UK
centres ask for Harvard referencing, where every in-text citation has a reference-list entry and
every entry is cited. Matching is tolerant: case, "and"/"&", initials and "et al." are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..document import Block

_PARTICLE = r"(?:(?:[Dd]e|[Vv]an(?:\s[Dd]e[rn])?|[Vv]on|[Ll]e|[Ll]a|[Dd]u|[Dd]i|[Dd]a|[Dd]el)\s)?"
_NAME = rf"{_PARTICLE}[A-Z][A-Za-z'’\-]+"
_AUTHORS = rf"{_NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*){_NAME})*(?:\s+et\s+al\.?)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)[a-z]?|n\.d\."
_PAGES = r"(?:[,:]\s*(?:pp?\.?\s*)?\d+(?:\s*[-–]\s*\d+)?)?"
# (Kotter, 1996) (Megginson and Clutterbuck, 2005: 12) (CIPD, 2021; Whitmore, 2017)
_PAREN = re.compile(r"\(([^()]{3,200}?)\)")
_IN_PAREN = re.compile(rf"({_AUTHORS}|[A-Z]{{2,}}),?\s*((?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*){_PAGES}")
# Kotter (1996) argues …   Megginson et al. (2006) …
_NARRATIVE = re.compile(rf"({_AUTHORS}|[A-Z]{{2,}})(?:'s|’s)?\s*\(((?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*){_PAGES}\)")
_ENTRY = re.compile(rf"^\s*(.+?)[\s,.]*\(?({_YEAR})\)?")
_STOP_NAMES = {"The", "This", "In", "See", "Table", "Figure", "Appendix", "Unit", "AC", "LO", "Level", "Page"}


@dataclass(frozen=True)
class Citation:
    authors: tuple[str, ...]      # surnames (or an organisation), as written
    year: str
    text: str
    block: str

    @property
    def key(self) -> tuple[str, str]:
        return (_fold(self.authors[0]), self.year.rstrip("abcdefgh") if self.year != "n.d." else self.year)

    def label(self) -> str:
        many = len(self.authors) > 2 or "et al" in self.text
        names = self.authors[0] + (" et al." if many else f" and {self.authors[1]}" if len(self.authors) == 2 else "")
        return f"{names} ({self.year})"


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", name.lower())


def _split_authors(text: str) -> tuple[str, ...]:
    text = re.sub(r"\bet\s+al\.?", "", text)
    parts = re.split(r",\s*|\s+and\s+|\s*&\s*", text)
    names = [re.sub(r"['’]s$", "", p.strip()) for p in parts
             if p.strip() and not re.fullmatch(r"(?:[A-Z]\.\s*)+|[A-Z]", p.strip())]
    return tuple(names)


def find_citations(blocks: list[Block], kinds: set[str]) -> list[Citation]:
    found: list[Citation] = []
    for block in blocks:
        if block.kind not in kinds:
            continue
        spans = []
        for paren in _PAREN.finditer(block.text):
            for part in paren.group(1).split(";"):
                match = _IN_PAREN.search(part.strip())
                if match and match.start() == 0:
                    spans.append((match.group(1), match.group(2), part.strip()))
        for match in _NARRATIVE.finditer(block.text):
            spans.append((match.group(1), match.group(2), match.group(0)))
        for authors, years, text in spans:
            names = _split_authors(authors)
            if not names or names[0] in _STOP_NAMES:
                continue
            for year in re.split(r"\s*,\s*", years):
                citation = Citation(names, year, text, block.id)
                if citation not in found:
                    found.append(citation)
    return found


@dataclass(frozen=True)
class Entry:
    authors: tuple[str, ...]
    year: str
    text: str
    block: str

    @property
    def key(self) -> tuple[str, str]:
        return (_fold(self.authors[0]) if self.authors else "", self.year.rstrip("abcdefgh"))


def parse_entries(blocks: list[Block]) -> list[Entry]:
    entries = []
    for block in blocks:
        if block.kind != "reference":
            continue
        match = _ENTRY.match(block.text)
        if not match:
            entries.append(Entry((), "", block.text, block.id))
            continue
        head = re.sub(r"\(eds?\.?\)|\beds?\.", "", match.group(1))
        entries.append(Entry(_split_authors(head), match.group(2), block.text, block.id))
    return entries


def cross_check(citations: list[Citation], entries: list[Entry]) -> dict:
    entry_keys = {e.key for e in entries}
    entry_names = {e.key[0] for e in entries}
    cited_keys = {c.key for c in citations}
    cited_names = {c.key[0] for c in citations}
    not_listed, seen = [], set()
    for c in citations:
        if c.key not in entry_keys and c.key not in seen:
            seen.add(c.key)
            near = " (a reference by this author has a different year)" if c.key[0] in entry_names else ""
            not_listed.append({"citation": c.label(), "block": c.block, "note": near.strip(" ()")})
    never_cited = [{"entry": e.text[:160], "block": e.block} for e in entries
                   if e.authors and e.key not in cited_keys and e.key[0] not in cited_names]
    return {
        "citations": [{"text": c.text, "label": c.label(), "block": c.block} for c in citations],
        "entries": len(entries),
        "cited_not_listed": not_listed,
        "listed_not_cited": never_cited,
    }
