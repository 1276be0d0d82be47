"""From what a reader finds to typed blocks: cover page, headings, contents, references, appendices.

Every reader turns its file into a list of `Item`s, saying only what the file itself says (a Word
heading style, a list, a table). This module decides the rest the same way for every format, using
the vocabularies in models/reading.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .document import Block
from .resources import models_dir
from .units import read_data_file


@dataclass
class Item:
    text: str
    kind: str | None = None       # as the file says: title, heading, list_item, table, quote, caption,
                                  # footnote, contents; None = plain text
    level: int | None = None
    source: dict = field(default_factory=dict)
    rows: list[list[str]] | None = None
    style: str | None = None
    bold: bool = False            # every character is bold
    break_before: bool = False    # a page or section break comes just before it


@dataclass(frozen=True)
class Rules:
    sections: dict[str, tuple[str, ...]]
    heading_words: frozenset[str]
    heading_patterns: tuple[tuple[re.Pattern, int | str], ...]
    front_patterns: tuple[re.Pattern, ...]
    declaration: re.Pattern
    keep_hyphen_before: frozenset[str]
    colon_lead_ins: frozenset[str]
    colon_lead_in_verbs: frozenset[str]
    numbered_paragraph_words: int


@cache
def rules() -> Rules:
    data = read_data_file(models_dir() / "reading.yaml")
    return Rules(
        sections={k: tuple(v) for k, v in data["sections"].items()},
        heading_words=frozenset(data["heading_words"]),
        heading_patterns=tuple((re.compile(p["pattern"]), p["level"]) for p in data["heading_patterns"]),
        front_patterns=tuple(re.compile(p, re.I) for p in data["front_patterns"]),
        declaration=re.compile(data["declaration"], re.I),
        keep_hyphen_before=frozenset(data["keep_hyphen_before"]),
        colon_lead_ins=frozenset(data["colon_lead_ins"]),
        colon_lead_in_verbs=frozenset(data["colon_lead_in_verbs"]),
        numbered_paragraph_words=int(data["numbered_paragraph_words"]),
    )


def words(text: str) -> int:
    return len(text.split())


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_NUMBERING = re.compile(r"^(\d+(\.\d+)*\.?|[ivx]+\.|[A-Z]\.|(section|part)\s+\d+[:.]?)\s+", re.I)
_CAPTION = re.compile(r"^(figure|fig\.|table|chart|diagram|graph|image|exhibit)\s*\d+[a-z]?\s*[:.\-–—]", re.I)
_QUOTED = re.compile(r'^[“"].{10,}[”"]\s*[.,]?\s*(\([^()]{2,80}\))?\s*[.]?$', re.S)
_TOC_LINE = re.compile(r"^(?P<title>\S.*?)(\s*\.{3,}\s*|\s*…+\s*|\t+\s*|\s{2,}|\s+)(?P<page>\d{1,3}|[ivxlc]{1,6})$", re.I)
_TOC_LEADER = re.compile(r"(\.{3,}|…|\t|\s{2,})\s*(\d{1,3}|[ivxlc]{1,6})$", re.I)

_NUM = r"(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+)"
_DECLARED = re.compile(
    r"\b(?:total\s+)?(?:word\s*count|words?\s*total|words|number\s+of\s+words|no\.?\s+of\s+words)\b"
    r"(?:\s*\([^)]*\)|\s+(?:excluding|excl\.?|including|incl\.?)[^:\d]*)?"
    r"\s*[:\-–—=]?\s*(?:approx\.?|approximately|c\.|circa|~|about)?\s*" + _NUM + r"(?![\d,])", re.I)
_DECLARED_AFTER = re.compile(r"^\s*(?:approx\.?\s*|approximately\s*|c\.\s*)?" + _NUM + r"\s+words\b", re.I)


def declared_count(text: str) -> int | None:
    """The number in 'Word count: 3,150', 'Words: 3150', 'Total words 3 150', '3,150 words'."""
    match = _DECLARED.search(text) or _DECLARED_AFTER.match(text)
    if not match:
        return None
    return int(re.sub(r"\D", "", match.group(1)))


def is_declaration(text: str) -> bool:
    return words(text) <= 10 and declared_count(text) is not None


def bare(text: str) -> str:
    """Lower case, without numbering, trailing colon or full stop: '5. References:' -> 'references'."""
    text = _NUMBERING.sub("", text.strip())
    return re.sub(r"\s+", " ", text).strip(" :.–—-").lower()


def section_of(text: str) -> str | None:
    """'references', 'appendix', 'contents' or 'footnotes' when the heading names such a section."""
    name = bare(text)
    for section, phrases in rules().sections.items():
        if name in phrases:
            return section
    for phrase in rules().sections["appendix"]:       # "Appendix B: …" however long its title
        match = re.match(rf"{phrase}(\s+([a-z]|\d+|[ivx]+)\b)?\s*", name)
        if not match:
            continue
        rest = name[match.end():]
        if not rest or rest[0] in ":-–—.)" or \
                (match.group(1) and not text.strip().endswith(".") and words(name) <= 12):
            return "appendix"
    return None


def pattern_level(text: str) -> int | None:
    for pattern, level in rules().heading_patterns:
        match = pattern.match(text.strip())
        if match:
            if level == "dotted":
                return match.group(0).strip().rstrip(".").split()[0].count(".") + 1
            return int(level)
    return None


def is_front_line(text: str) -> bool:
    text = text.strip()
    return words(text) <= 25 and any(p.match(text) for p in rules().front_patterns)


def is_body(text: str) -> bool:
    """A sentence or more: long, or ended as a sentence is, or a lead-in to a list ('… the benefits were:')."""
    n = words(text)
    return n >= 20 or (n >= 6 and (bool(_SENTENCE_END.search(text.strip())) or text.strip().endswith(":")))


# A numbered label and a dash or colon open a heading that may run longer: "Criteria 1.1, 1.2 and 1.3 –
# What coaching and mentoring are for …", "Entry 7 – 20 May 2024: keeping track of …"
_LABELLED = re.compile(r"^(?:ac|acs|criteri(?:on|a)|assessment criteri(?:on|a)|task|section|part|entry|slide|"
                       r"chapter|step|question|lo|learning outcome)\s*\d[\d.,/&\s]*(?:and\s+\d[\d.]*\s*)?[:–—-]\s", re.I)


def is_heading_line(text: str) -> bool:
    """Short, no closing punctuation, starts with a capital or a number; a question, or a line opened by
    a numbered label ('Entry 7 – …', 'Criteria 2.1 and 2.2 – …'), may run a little longer, and a
    criterion number in brackets at the end ('… achieve? (4.1)') does not count."""
    if _QUOTED.match(text.strip()):                 # a quotation with its source, not a title
        return False
    text = re.sub(r"\s*\([^()]{1,12}\)$", "", text.strip()) or text.strip()
    longest = 25 if _LABELLED.match(text) else 18 if text.endswith("?") else 15
    return (0 < words(text) <= longest and len(text) <= 140 and not text.endswith((".", ",", ";", ":"))
            and (text[0].isupper() or text[0].isdigit() or text[0] in "“\"'‘("))


def is_toc_line(text: str) -> bool:
    return bool(_TOC_LINE.match(text.strip())) and words(text) <= 20


def _follows_as_body(item: Item | None) -> bool:
    if item is None:
        return False
    if item.kind in ("list_item", "table", "quote", "caption") or _CAPTION.match(item.text.strip()):
        return True
    return item.kind in (None, "paragraph") and is_body(item.text)


def heading_level(item: Item, nxt: Item | None, state: str, default_level: int) -> int | None:
    """The heading level of `item`, or None when it is not a heading."""
    if item.kind == "heading":
        return (item.level or 1) if words(item.text) <= 40 else None  # body text styled as a heading
    text = item.text.strip()
    # a heading may quote a criterion's whole wording ('AC 3.4 – Outline a process for …')
    quoted = pattern_level(text) and not _SENTENCE_END.search(text)
    if item.kind not in (None, "paragraph") or words(text) > (40 if quoted else 25):
        return None
    if _CAPTION.match(text):
        return None
    numbered = pattern_level(text)
    if section_of(text) or (bare(text) in rules().heading_words and words(text) <= 8):
        return numbered or 1
    if state != "body":
        return None
    if numbered and (not text.endswith(".") or re.match(r"(?i)(ac|lo|learning|assessment|task)", text)):
        return numbered
    if item.bold and words(text) <= 15 and not text.endswith((".", ",", ";")):
        return default_level
    if is_heading_line(text) and _follows_as_body(nxt):
        return default_level
    if _colon_heading(text, nxt):
        return default_level
    return None


_QUESTION_WORDS = {"what", "why", "how", "where", "when", "who", "which", "whose", "whom", "is", "are", "does",
                   "do", "did", "can", "could", "should", "would", "will", "has", "have"}


_DETERMINERS = {"the", "a", "an", "these", "this", "those", "that", "our", "my", "their", "his", "her", "its",
                "some", "several", "many", "two", "three", "four", "five", "other", "further", "key", "main"}


def _colon_heading(text: str, nxt: Item | None) -> bool:
    """'What got in the way:' on a line of its own, before a paragraph, or 'Personal obstacles:' before a
    list: a plain-text heading. Not a sentence that leads in ('The key benefits are:', 'Our three aims:'),
    nor a phrase that introduces what follows ('For example:'; `colon_lead_ins`)."""
    title = text[:-1].strip() if text.endswith(":") else ""
    tokens = title.lower().split()
    sentence = any(t in rules().colon_lead_in_verbs for t in tokens) and tokens[0] not in _QUESTION_WORDS
    if not (title and 2 <= words(title) <= 8 and is_heading_line(title) and not sentence
            and title.lower() not in rules().colon_lead_ins and nxt is not None):
        return False
    if nxt.kind == "list_item":         # before a list, only a title that names a topic ('Personal obstacles:')
        return tokens[0] not in _DETERMINERS
    return nxt.kind in (None, "paragraph") and is_body(nxt.text)


def _front_candidate(item: Item) -> bool:
    if item.kind == "title":
        return True
    if item.kind == "table":
        return any(is_front_line(cell) for row in item.rows or [] for cell in row[:1])
    if item.kind not in (None, "paragraph", "heading"):
        return False
    return words(item.text) <= 20 and not is_body(item.text)


def _cover_line(item: Item) -> bool:
    return _front_candidate(item) or is_front_line(item.text) or (
        words(item.text) <= 150 and bool(rules().declaration.match(item.text.strip())))


def _long_title(item: Item) -> bool:
    """One line of up to 40 words with no sentence ending: a report's title, not a paragraph."""
    text = item.text.strip()
    return item.kind in (None, "paragraph", "title") and words(text) <= 40 and "\n" not in text \
        and not re.search(r"[.!?]\s", text) and not text.endswith((".", "!", "?"))


def _strong_heading(item: Item) -> bool:
    text = item.text.strip()
    return bool(section_of(text) or bare(text) in rules().heading_words or pattern_level(text))


def front_length(items: list[Item]) -> int:
    """How many leading items make up the cover page (0 when there is none)."""
    head = items[:30]
    for k, item in enumerate(head[1:], start=1):
        if item.break_before:
            before = head[:k]
            plain = not any(i.kind in ("list_item", "quote", "contents") or
                            (i.kind != "title" and _strong_heading(i) and not is_front_line(i.text)) for i in before)
            cover = [_cover_line(i) for i in before]
            # a long report title is cover page too when the page also holds the usual cover details
            titles = [not c and _long_title(i) for i, c in zip(before, cover)]
            details = sum(is_front_line(i.text) for i in before)
            if plain and all(c or t for c, t in zip(cover, titles)) and (not any(titles) or details >= 2) \
                    and sum(words(i.text) for i in before) <= 250:
                return k
            break
    n, titles = 0, []
    while n < len(head):
        item = head[n]
        if item.kind == "heading" and not (n == 0 and n + 1 < len(items) and is_front_line(items[n + 1].text)):
            break
        if not _front_candidate(item) and _long_title(item) and not _strong_heading(item):
            titles.append(n)               # a long report title among the cover lines, as above
        elif not _front_candidate(item) or (item.kind != "title" and _strong_heading(item)
                                            and not is_front_line(item.text)):
            break
        n += 1
    if titles and sum(is_front_line(i.text) for i in head[:n]) < 2:
        n = titles[0]
    # the last short line before the body is the body's first heading, but a title too long for a
    # heading ("Coaching as a Strategic Lever: A Critical Examination within …") stays on the cover
    last = items[n - 1] if n else None
    if last and n < len(items) and last.kind not in ("title", "table") and not is_front_line(last.text) \
            and _follows_as_body(items[n]) and not (_long_title(last) and not is_heading_line(last.text)
                                                    and not _colon_heading(last.text.strip(), items[n])):
        n -= 1
    return 0 if n == len(items) else n


def _mark_contents_runs(items: list[Item]) -> None:
    """Three or more contents lines with leaders ('Introduction ..... 3') near the start are contents."""
    run: list[Item] = []
    for item in items[:80]:
        if item.kind in (None, "paragraph") and _TOC_LEADER.search(item.text.strip()) and is_toc_line(item.text):
            run.append(item)
            continue
        if len(run) >= 3:
            break
        run = []
        if item.kind in (None, "paragraph") and is_body(item.text):
            return
    if len(run) >= 3:
        for item in run:
            item.kind = "contents"


def _body_kind(item: Item) -> str:
    if item.kind in ("list_item", "table", "quote", "caption", "title", "footnote"):
        return item.kind
    text = item.text.strip()
    if _CAPTION.match(text) and words(text) <= 30:
        return "caption"
    if _QUOTED.match(text):
        return "quote"
    return "paragraph"


def classify(items: list[Item]) -> list[Block]:
    """Give every item its final kind, in order, and number the blocks b0, b1, ..."""
    items = _drop_empty(items)
    out: list[Block] = []

    def emit(item: Item, kind: str, level: int | None = None) -> None:
        out.append(Block(id=f"b{len(out)}", kind=kind, text=item.text.strip(), level=level,
                         source=item.source, rows=item.rows, style=item.style))

    _mark_contents_runs(items)
    n_front = front_length(items)
    for k, item in enumerate(items[:n_front]):
        emit(item, "title" if item.kind == "title" or (k == 0 and item.kind == "heading") else "front")
    body = items[n_front:]
    default_level = 2 if any(i.kind == "heading" for i in items) else 1
    state, section_level = "body", 1
    numbered_above: int | None = None     # the level of a numbered heading ('AC 1.2 …') the item is under
    numbered_after = _numbered_headings_after(body)
    for i, item in enumerate(body):
        nxt = body[i + 1] if i + 1 < len(body) else None
        if item.kind in ("contents", "footnote", "title"):
            emit(item, item.kind, item.level)
            continue
        if state == "body" and item.kind in (None, "paragraph") and is_declaration(item.text):
            emit(item, "front")
            continue
        level = heading_level(item, nxt, state, default_level)
        if level is not None:
            numbered = pattern_level(item.text)
            if item.kind != "heading" and not numbered and numbered_above and numbered_after[i] \
                    and bare(item.text) not in rules().heading_words and not section_of(item.text):
                level = numbered_above + 1      # a plain heading of the writer's own inside a numbered section
            elif numbered or item.kind == "heading" or level <= (numbered_above or 0):
                numbered_above = numbered if numbered and numbered > 1 else None
            section = section_of(item.text)
            if section == "contents":
                state, section_level = "contents", level
                emit(item, "contents", level)
                continue
            if section:
                state, section_level = section, level
            elif state == "appendix":
                emit(item, "appendix", level)
                continue
            elif state != "body" and (state == "contents" or level <= section_level):
                state = "body"
            emit(item, "heading", level)
            continue
        if state == "contents":
            if is_toc_line(item.text):
                emit(item, "contents")
                continue
            state = "body"
        if state == "references":
            emit(item, "reference")
        elif state == "appendix":
            emit(item, "appendix", item.level)
        elif state == "footnotes":
            item.text = re.sub(r"^\s*\[?\d{1,3}[.)\]]?\s+", "", item.text)  # the note's number is not a word
            emit(item, "footnote")
        else:
            emit(item, _body_kind(item))
    _unheaded_references(out)
    _numbered_paragraphs(out)
    return out


def _numbered_headings_after(items: list[Item]) -> list[bool]:
    """For each item, whether a heading numbered below the top level ('AC 2.1 …', '1.2 Culture') comes
    later: a plain heading between two such headings is a sub-heading of the first."""
    after, seen = [False] * len(items), False
    for i in range(len(items) - 1, -1, -1):
        after[i] = seen
        level = pattern_level(items[i].text) if words(items[i].text) <= 40 else None
        seen = seen or bool(level and level > 1)
    return after


def _numbered_paragraphs(blocks: list[Block]) -> None:
    """A list item as long as a paragraph (`numbered_paragraph_words` words or more) is a numbered
    paragraph, as a learner numbers paragraphs "for ease of reference": it is read as a paragraph."""
    for block in blocks:
        if block.kind == "list_item" and words(block.text) >= rules().numbered_paragraph_words:
            block.kind = "paragraph"


# A reference entry: an author ('Kotter, J.P.', 'de Bono, E.', 'Megginson, D. and Clutterbuck, D.', 'CIPD')
# and a year near the start ('(2021)', '2021.', '(n.d.)'), in a short paragraph
_ENTRY = re.compile(r"^(?:(?:[Dd]e|[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Dd]u|[Dd]a|[Dd]i|[Ll]e|[Ll]a|[Dd]el)\s+)*"
                    r"[A-Z][\w'’\-]+(?:,?\s+(?:[A-Z]\.\s*)+|,\s+[A-Z][\w'’\-]+)?[^()]{0,140}?"
                    r"[(\s](?:(?:19|20)\d\d[a-z]?|n\.d\.)\)?[.,:]?\s")
MIN_ENTRIES = 3


def _unheaded_references(blocks: list[Block]) -> None:
    """A reference list with no heading: a closing run of paragraphs that each read as a reference entry
    ('Kotter, J.P. (1996) Leading Change. …') is the reference list, not body text."""
    end = len(blocks)
    while end and blocks[end - 1].kind in ("appendix", "footnote"):
        end -= 1
    start = end
    while start and blocks[start - 1].kind == "paragraph" and words(blocks[start - 1].text) <= 80 \
            and _ENTRY.match(blocks[start - 1].text):
        start -= 1
    if end - start >= MIN_ENTRIES:
        for block in blocks[start:end]:
            block.kind = "reference"


def _drop_empty(items: list[Item]) -> list[Item]:
    kept: list[Item] = []
    pending_break = False
    for item in items:
        if not item.text.strip() and not (item.rows and any(any(c.strip() for c in r) for r in item.rows)):
            pending_break = pending_break or item.break_before
            continue
        if pending_break:
            item.break_before = True
            pending_break = False
        kept.append(item)
    return kept


def declared_words(blocks: list[Block]) -> int | None:
    """The learner's own count, from the cover page (or a 'Word count: N' line anywhere)."""
    for block in blocks:
        if block.kind in ("front", "title"):
            lines = ["\t".join(r) for r in block.rows] if block.rows else [block.text]
            for line in lines:
                found = declared_count(line)
                if found is not None:
                    return found
    return None
