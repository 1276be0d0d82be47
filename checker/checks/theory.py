"""Named theorists, models and tools (models/theory_lexicon.yaml plus the unit's own guidance list).

Rule source: CMI expects a "clear grasp of concepts" and the "ability to link theory to practice"
(syllabus, "Assessment and verification"); Level 7 guidance names the theories it expects.
"""

from __future__ import annotations

import re
from functools import cache

from ..resources import models_dir
from ..units import Unit, read_data_file


@cache
def lexicon() -> list[dict]:
    data = read_data_file(models_dir() / "theory_lexicon.yaml")
    if isinstance(data, dict):
        data = data.get("theories") or data.get("entries") or []
    return data


def _alternation(aliases: dict[str, str], flags: int) -> re.Pattern | None:
    if not aliases:
        return None
    parts = sorted(aliases, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s\-]+") for a in parts)
    return re.compile(rf"(?<![\w-])(?:{body})(?:['’]s)?(?![\w-])", flags)


class TheoryFinder:
    """Finds theory names in text with two compiled alternations: acronyms and author surnames match
    case-sensitively, other aliases in any case."""

    def __init__(self, unit: Unit | None = None):
        sensitive: dict[str, str] = {}
        loose: dict[str, str] = {}
        names: list[str] = []
        for entry in lexicon():
            exact = bool(entry.get("case_sensitive"))
            for alias in [entry["name"], *(entry.get("aliases") or [])]:
                (sensitive if exact or alias.isupper() else loose).setdefault(
                    alias if exact or alias.isupper() else alias.lower(), entry["name"])
            for author in entry.get("authors") or []:
                sensitive.setdefault(author, entry["name"])
            names.append(entry["name"])
        known = {n.lower() for n in names}
        for theory in (unit.theories if unit else ()):
            if theory["name"].lower() not in known:
                loose.setdefault(theory["name"].lower(), theory["name"])
                names.append(theory["name"])
        self.names = names
        self._sensitive = (_alternation(sensitive, 0), sensitive)
        self._loose = (_alternation(loose, re.I), loose)

    def find(self, text: str) -> list[str]:
        found: list[str] = []
        for pattern, table in (self._sensitive, self._loose):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                alias = re.sub(r"['’]s$", "", match.group(0))
                alias = re.sub(r"[\s\-]+", " ", alias)
                name = table.get(alias) or table.get(alias.lower()) or _fuzzy(table, alias)
                if name and name not in found:
                    found.append(name)
        return found


def _fuzzy(table: dict[str, str], alias: str) -> str | None:
    """Aliases written with hyphens or line breaks: compare with separators folded."""
    key = re.sub(r"[\s\-]+", " ", alias.lower())
    for candidate, name in table.items():
        if re.sub(r"[\s\-]+", " ", candidate.lower()) == key:
            return name
    return None
