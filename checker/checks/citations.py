"""Harvard citations in the text, entries in the reference list, and the cross-check between them.

Rule source: CMI expects "ability to link theory to practice" and work that is the learner's own; UK
centres ask for Harvard referencing, where every in-text citation has a reference-list entry and
every entry is cited. Matching is tolerant: case, "and"/"&", initials and "et al." are ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property

from ..document import Block
from ..resources import models_dir
from ..units import read_data_file

_PARTICLE = r"(?:(?:[Dd]e|[Vv]an(?:\s[Dd]e[rn])?|[Vv]on|[Ll]e|[Ll]a|[Dd]u|[Dd]i|[Dd]a|[Dd]el)\s)?"
_WORD = r"[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’\-](?=[^\W\d_]))+"   # a capitalised word: Schön, O'Neill, not "Gibbs'"
_NAME = rf"{_PARTICLE}{_WORD}(?:\s{_WORD}|\s(?:of|for|on)\s{_WORD})*"   # Hope Hailey; College of Policing
_AUTHORS = rf"{_NAME}(?:(?:,\s*|\s+and\s+|\s*&\s*){_NAME})*(?:\s+et\s+al\.?)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)[a-z]?|n\.d\."
_PAGES = r"(?:[,:]\s*(?:pp?\.?\s*)?\d+(?:\s*[-–]\s*\d+)?)?"
# (Kotter, 1996) (Megginson and Clutterbuck, 2005: 12) (CIPD, 2021; Whitmore, 2017)
_PAREN = re.compile(r"\(([^()]{3,200}?)\)")
_IN_PAREN = re.compile(rf"({_AUTHORS}|[A-Z]{{2,}}),?\s*((?:{_YEAR})(?:\s*,\s*(?:{_YEAR}))*){_PAGES}")
# Kotter (1996) argues …   Megginson et al. (2006) …
_NARRATIVE = re.compile(rf"({_AUTHORS}|[A-Z]{{2,}})(?:['’]s?)?\s*\(((?:{_YEAR})(?:\s*[,;]\s*(?:{_YEAR}))*){_PAGES}\)")
# … or after a lead-in inside the brackets: "(the five-factor model of McCrae and Costa, 2003)", "(see Egan, 2014)"
_LEAD_IN = re.compile(r"(?:\bsee(?: also)?|\be\.g\.,?|\bcf\.|\bof|\bby|\bfollowing|\bcited in|\bbased on|"
                      r"\badapted from)\s+$", re.I)
_ENTRY = re.compile(rf"^\s*(.+?)[\s,.]*\(?({_YEAR})\)?")
# Legislation and codes cited by acronym and year without brackets: "under RIDDOR 2013"
# … and by title and year: "the Equality Act 2010", "the Working Time Regulations 1998", "the Police
# (Conduct) Regulations 2020"
_LOOSE = re.compile(r"\b([A-Z]{3,}|(?:\(?[A-Z][a-z]+\)?\s(?:(?:and|of|at|for|etc\.?)\s)?)+(?:Act|Regulations|Order))"
                    r"\s+((?:19|20)\d\d)\b")
_ANY_YEAR = re.compile(rf"{_YEAR}")
_TITLE_WORDS = {"act", "regulations", "order"}     # the last word of a law's title says nothing alone
# … and a document's own title ("our Recruitment and Selection Procedure (2022)") names no author: like a
# law, it counts for a reference entry it matches but is never reported as missing from the list
_DOCUMENT_WORDS = {"policy", "procedure", "procedures", "guidance", "strategy", "plan", "framework", "handbook",
                   "charter", "code", "standard", "standards", "toolkit", "audit", "census", "survey", "scheme",
                   "agreement", "statement", "minutes", "dashboard", "template", "protocol", "manual", "guide"}
_STOP_NAMES = {"The", "This", "In", "See", "Table", "Figure", "Appendix", "Unit", "AC", "LO", "Level", "Page",
               # dates in brackets, "(Jan 2025)", "(Autumn 2023)", are not citations ("March", "May" and
               # "Winter" are authors' surnames too, so they stay)
               "Jan", "January", "Feb", "February", "Mar", "Apr", "April", "Jun", "June", "Jul", "July", "Aug",
               "August", "Sep", "Sept", "September", "Oct", "October", "Nov", "November", "Dec", "December",
               "Spring", "Autumn", "Since", "Until", "Year", "FY"}
# a hyphenated word whose second part is lower case ("Roll-out (2026)", "Follow-up (2024)") is a phase or
# an activity, not a surname ("Kübler-Ross", "Lloyd-Walker")
_COMPOUND_WORD = re.compile(r"[A-Z][a-z]+-[a-z]+")
# … and a month that is also a surname is a date when no comma parts it from the year: "(March 2026)"
_MONTH_DATE = re.compile(r"^(?:March|May|Winter|Summer)\s+(?:1[89]|20)\d\d\b")


@dataclass(frozen=True)
class Citation:
    authors: tuple[str, ...]      # surnames (or an organisation), as written
    year: str
    text: str
    block: str
    loose: bool = False           # "RIDDOR 2013": counts for an entry it matches, never reported unmatched

    @property
    def key(self) -> tuple[str, str]:
        return (_fold(self.authors[0]), self.year.rstrip("abcdefgh") if self.year != "n.d." else self.year)

    @cached_property
    def keys(self) -> set[tuple[str, str]]:
        return _keys(self.authors, self.key[1])

    def label(self) -> str:
        many = len(self.authors) > 2 or "et al" in self.text
        names = self.authors[0] + (" et al." if many else f" and {self.authors[1]}" if len(self.authors) == 2 else "")
        return f"{names} ({self.year})"


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", name.lower())


def _keys(authors: tuple[str, ...], year: str) -> set[tuple[str, str]]:
    """The first author as written and by the last word of the name ('Hope Hailey' or 'Hailey';
    'As Kotter', from a sentence opening, or 'Kotter'), each with the year."""
    if not authors:
        return {("", year)}
    last = _fold(authors[0].split()[-1])
    return {(_fold(authors[0]), year)} | ({(last, year)} if last not in _TITLE_WORDS else set())


def _split_authors(text: str) -> tuple[str, ...]:
    text = re.sub(r"\bet\s+al\.?", "", text)
    parts = re.split(r",\s*|\s+and\s+|\s*&\s*", text)
    names = [re.sub(r"['’]s$", "", p.strip()) for p in parts
             if p.strip() and not re.fullmatch(r"(?:[A-Z]\.\s*)+|[A-Z]", p.strip())]
    return tuple(names)


def _without_opening_word(name: str) -> str:
    """'As Kotter' -> 'Kotter': a two-word name whose first word is an ordinary word opening a sentence."""
    from ..nlp import stop_words

    first, _, rest = name.partition(" ")
    return rest if rest and (first.lower() in stop_words() or first in _STOP_NAMES) else name


@cache
def _openers() -> frozenset[str]:
    from ..nlp import adverbs, stop_words

    listed = read_data_file(models_dir() / "lexicons" / "citations.yaml")["openers"]
    return adverbs() | stop_words() | frozenset(listed)


def _opens_sentence(name: str) -> bool:
    """'Secondly', 'However', 'Overall': a word that opens a sentence before a comma, not an author
    (models/lexicons/citations.yaml)."""
    return " " not in name and name.lower() in _openers()


def find_citations(blocks: list[Block], kinds: set[str]) -> list[Citation]:
    found: list[Citation] = []
    for block in blocks:
        # a table's header row labels its columns ("Baseline (2023)", "Target (March 2026)"): not citations
        body = "\n".join("\t".join(row) for row in block.rows[1:]) if block.kind == "table" and block.rows \
            else block.text
        if block.kind not in kinds or not _ANY_YEAR.search(body):   # every citation has a year
            continue
        spans = []
        for paren in _PAREN.finditer(body):
            for part in (p.strip() for p in paren.group(1).split(";")):
                match = _IN_PAREN.search(part)
                if match and not _MONTH_DATE.match(part) and (match.start() == 0 or _LEAD_IN.search(part[:match.start()])):
                    spans.append((match.group(1), match.group(2), part))
        for match in _NARRATIVE.finditer(body):
            spans.append((match.group(1), match.group(2), match.group(0)))
        for authors, years, text in spans:
            names = tuple(_without_opening_word(n) for n in _split_authors(authors))
            if len(names) > 1 and re.match(rf"{re.escape(names[0])}\s*,", authors) and _opens_sentence(names[0]):
                names = names[1:]
            if not names or names[0] in _STOP_NAMES or _COMPOUND_WORD.fullmatch(names[0]):
                continue
            law = names[-1].split()[-1].lower() in _TITLE_WORDS | _DOCUMENT_WORDS   # "(Amendment of Equality Act 2010)"
            for year in re.split(r"\s*[,;]\s*", years):
                citation = Citation(names, year, text, block.id, loose=law)
                if citation not in found:
                    found.append(citation)
        for match in _LOOSE.finditer(body):
            citation = Citation((_without_opening_word(match.group(1)),), match.group(2), match.group(0),
                                block.id, loose=True)
            if citation not in found and not any(c.key == citation.key for c in found):
                found.append(citation)
    return found


@dataclass(frozen=True)
class Entry:
    authors: tuple[str, ...]
    year: str
    text: str
    block: str
    head: str = ""                # the author part as written: "Health and Safety Executive (HSE)"

    @property
    def key(self) -> tuple[str, str]:
        return (_fold(self.authors[0]) if self.authors else "", self.year.rstrip("abcdefgh"))

    @cached_property
    def keys(self) -> set[tuple[str, str]]:
        """Besides the first author: for an organisation or a law, its whole name, the acronym it gives
        in brackets and the acronym of its capitalised words ("HSE", "RIDDOR")."""
        keys = _keys(self.authors, self.key[1])
        name = re.sub(r"\([^()]*\)", " ", self.head).strip()
        given = re.findall(r"\(([A-Z]{2,})\)", self.head)
        if name and not re.search(r"\b[A-Z]\.", self.head):
            initials = "".join(w[0] for w in re.findall(r"[A-ZÀ-Þ][^\W\d_]*", name))
            keys |= {(_fold(name), self.key[1])} | ({(initials.lower(), self.key[1])} if len(initials) >= 3 else set())
        titled = {(_fold(_without_opening_word(m.group(1))), m.group(2)) for m in _LOOSE.finditer(self.text)}
        return keys | {(a.lower(), self.key[1]) for a in given} | titled


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
        entries.append(Entry(_split_authors(head), match.group(2), block.text, block.id, head.strip()))
    return entries


def cross_check(citations: list[Citation], entries: list[Entry]) -> dict:
    entry_keys = {k for e in entries for k in e.keys}
    entry_names = {k[0] for k in entry_keys}
    cited_keys = {k for c in citations for k in c.keys}
    cited_names = {k[0] for k in cited_keys}
    not_listed, seen = [], set()
    for c in citations:
        if not c.loose and not c.keys & entry_keys and c.key not in seen:
            seen.add(c.key)
            near = " (a reference by this author has a different year)" if {k[0] for k in c.keys} & entry_names else ""
            not_listed.append({"citation": c.label(), "block": c.block, "note": near.strip(" ()")})
    never_cited = [{"entry": e.text[:160], "block": e.block} for e in entries
                   if e.authors and not e.keys & cited_keys and not {k[0] for k in e.keys} & cited_names]
    return {
        "citations": [{"text": c.text, "label": c.label(), "block": c.block} for c in citations],
        "entries": len(entries),
        "cited_not_listed": not_listed,
        "listed_not_cited": never_cited,
    }
