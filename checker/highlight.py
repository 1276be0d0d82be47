"""Matched-term highlighting for the HTML report: escape learner text first, then wrap matches in <mark>.

Learner text is never concatenated into markup: every piece goes through `markupsafe.escape`, and the
only tags added are the `<mark>` wrappers built with `Markup.format`, which escapes its arguments.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

MAX_TERMS = 40
_SHARES = re.compile(r"^shares with ([^:]+):\s*(.+)$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOP = frozenset("""a an and are as at be been being between both by can do does for from has have how in into
is it its of on or that the their them these they this those through to use used using was were what when where
which who why will with within your you own""".split())


def criterion_terms(block: dict, ac_id: str, ac_text: str) -> list[str]:
    """Terms to highlight in `block` for criterion `ac_id`: those the mapper matched, else the AC's words."""
    terms: list[str] = []
    for reason in block.get("reasons") or []:
        match = _SHARES.match(str(reason))
        if match and ac_id in [a.strip() for a in match.group(1).split(",")]:
            terms.extend(t.strip() for t in match.group(2).split(",") if t.strip())
    if not terms:
        words = [w.lower() for w in _WORD.findall(ac_text)]
        terms = [w for w in words[1:] if w not in _STOP and len(w) > 2]   # words[0] is the command verb
    seen: list[str] = []
    for term in terms:
        if term.lower() not in seen:
            seen.append(term.lower())
    return seen[:MAX_TERMS]


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "es", "s", "e", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=512)
def _pattern(terms: tuple[str, ...]) -> re.Pattern | None:
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        words = _WORD.findall(term)
        if words:
            parts.append(r"[\W_]+".join(re.escape(_stem(w)) + r"\w*" for w in words))
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(parts) + r")", re.IGNORECASE)


def highlight(text: str, terms: list[str] | tuple[str, ...] | None) -> Markup:
    """Escaped `text` with each match of `terms` wrapped in <mark>."""
    text = "" if text is None else str(text)
    pattern = _pattern(tuple(terms or ()))
    if pattern is None:
        return escape(text)
    pieces, pos = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[pos:match.start()]))
        pieces.append(Markup("<mark>{}</mark>").format(match.group(0)))
        pos = match.end()
    pieces.append(escape(text[pos:]))
    return Markup("").join(pieces)


def excerpt(text: str, terms: list[str], limit: int = 60) -> str:
    """Up to `limit` words of `text`, starting a little before the first matched term (plain text)."""
    words = str(text).split()
    if len(words) <= limit:
        return " ".join(words)
    pattern = _pattern(tuple(terms))
    first = next((i for i, w in enumerate(words) if pattern and pattern.search(w)), 0)
    start = max(0, min(first - 8, len(words) - limit))
    chunk = " ".join(words[start:start + limit])
    return ("… " if start else "") + chunk + (" …" if start + limit < len(words) else "")
