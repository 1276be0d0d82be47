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


def _pattern(alias: str, case_sensitive: bool) -> re.Pattern:
    body = re.escape(alias).replace(r"\ ", r"[\s\-]+")
    return re.compile(rf"(?<![\w-]){body}(?:['’]s)?(?![\w-])", 0 if case_sensitive else re.I)


class TheoryFinder:
    """Finds theory names in text. Acronyms and author surnames match case-sensitively."""

    def __init__(self, unit: Unit | None = None):
        self.entries: list[tuple[str, list[re.Pattern]]] = []
        names = set()
        for entry in lexicon():
            patterns = []
            sensitive = bool(entry.get("case_sensitive"))
            for alias in [entry["name"], *(entry.get("aliases") or [])]:
                patterns.append(_pattern(alias, sensitive or alias.isupper()))
            for author in entry.get("authors") or []:
                patterns.append(_pattern(author, True))
            self.entries.append((entry["name"], patterns))
            names.add(entry["name"].lower())
        for theory in (unit.theories if unit else ()):
            if theory["name"].lower() not in names:
                self.entries.append((theory["name"], [_pattern(theory["name"], False)]))
                names.add(theory["name"].lower())

    def find(self, text: str) -> list[str]:
        return [name for name, patterns in self.entries if any(p.search(text) for p in patterns)]
