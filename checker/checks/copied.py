"""Copied-text check: passages of the unit's own criteria or guidance pasted into the body.

Rule source: CMI asks that work be "accurate, current and authentic" (syllabus, "Assessment and
verification"). Quoting a criterion in a heading is normal; pasting it, or the guidance, into the
body is not the learner's own work. Near copies (changed punctuation, a word or two edited) count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Block
from ..signposts import criteria_grid
from ..units import Unit

_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class CopyRules:
    shingle: int = 5               # words per shingle
    max_gap: int = 2               # unmatched words tolerated inside a copied run (small edits)
    min_words_guidance: int = 12   # a copied run shorter than this is a common phrase, not a paste
    min_words_criterion: int = 8
    criterion_share: float = 0.8   # or: this share of a criterion's wording, whichever is longer


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text.lower())]


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _runs(block_words: list[str], source: set[tuple[str, ...]], n: int, max_gap: int) -> list[tuple[int, int]]:
    """Word ranges of the block covered by source shingles, joined across small gaps."""
    covered = [False] * len(block_words)
    for i in range(len(block_words) - n + 1):
        if tuple(block_words[i:i + n]) in source:
            for k in range(i, i + n):
                covered[k] = True
    runs, start, gap = [], None, 0
    for i, hit in enumerate(covered + [False] * (max_gap + 1)):
        if hit:
            if start is None:
                start = i
            gap, end = 0, i
        elif start is not None:
            gap += 1
            if gap > max_gap:
                runs.append((start, end + 1))
                start = None
    return runs


def find_copies(unit: Unit, blocks: list[Block], body_kinds: set[str], rules: CopyRules = CopyRules()) -> list[dict]:
    sources = []
    for criterion in unit.criteria:
        words = [w for w, _, _ in _words(criterion.text)]
        minimum = max(rules.min_words_criterion, int(rules.criterion_share * len(words)))
        sources.append(("copied_criterion", f"AC {criterion.id} wording", _shingles(words, rules.shingle), minimum))
    for guidance in unit.guidance:
        words = [w for w, _, _ in _words(guidance.text)]
        label = f"good-practice guidance for {', '.join(guidance.criteria)}"
        sources.append(("copied_guidance", label, _shingles(words, rules.shingle), rules.min_words_guidance))
    known = {c.id for c in unit.criteria}
    flags = []
    for block in blocks:
        if block.kind not in body_kinds or criteria_grid(block, known):   # a mapping grid quotes criteria by design
            continue
        located = _words(block.text)
        words = [w for w, _, _ in located]
        for kind, label, shingles, minimum in sources:
            for start, end in _runs(words, shingles, rules.shingle, rules.max_gap):
                if end - start < minimum:
                    continue
                text = block.text[located[start][1]:located[end - 1][2]]
                flags.append({"kind": kind, "block": block.id, "text": text, "words": end - start,
                              "source": label,
                              "reason": f"{end - start} words match the unit's {label} almost word for word"})
    return _dedupe(flags)


def copied_spans(flags: list[dict]) -> dict[str, list[str]]:
    """Block id -> the copied passages in it, which count for nothing in the verb check."""
    spans: dict[str, list[str]] = {}
    for flag in flags:
        if flag["kind"] in ("copied_guidance", "copied_criterion"):
            spans.setdefault(flag["block"], []).append(flag["text"])
    return spans


def _dedupe(flags: list[dict]) -> list[dict]:
    """One passage often matches several guidance entries (shared text): keep the longest per span."""
    kept: list[dict] = []
    for flag in sorted(flags, key=lambda f: -f["words"]):
        if not any(k["block"] == flag["block"] and (flag["text"] in k["text"]) for k in kept):
            kept.append(flag)
    return sorted(kept, key=lambda f: (int(f["block"].lstrip("b") or 0), f["text"]))
