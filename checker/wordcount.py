"""Counting words as CMI and Word do, and judging the count against the unit's band.

Which kinds of block count, and why the others do not, lives in models/reading.yaml (`word_count`).

Long appendices: appendices are not counted, so moving answer text into them is an easy way to get
under the limit. They are flagged as long when they hold more than a quarter as many words as the
counted body (share 0.25), or more than 1,000 words whatever the body: a 3,000-word answer with over
750 words of appendix carries a quarter as much again unmarked, and 1,000 words is a third of a
typical answer. Appendices under 250 words (a survey form, a short plan) are never flagged. The three
numbers are in models/reading.yaml.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cache

from .document import Submission
from .resources import models_dir
from .units import read_data_file


def count_text(text: str) -> int:
    """Words in `text`: runs of characters without white space ('decision-making', 'e.g.', '£3,000' are one)."""
    return len(text.split())


@cache
def _rules() -> dict:
    return read_data_file(models_dir() / "reading.yaml")["word_count"]


@dataclass
class WordCount:
    counted: int
    declared: int | None
    band: dict | None                     # {"min", "max", "margin", "lower_limit", "upper_limit"}
    status: str | None                    # "under" | "within" | "over"; None without a band
    distance: int | None                  # words below the lower limit or above the upper limit
    by_kind: dict[str, int]
    excluded: dict[str, dict]             # kind -> {"words", "blocks", "why"}
    declared_mismatch: bool
    appendix_words: int
    long_appendices: bool
    options: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def counted_kinds(count_footnotes: bool = False, count_captions: bool = False) -> dict[str, str]:
    """The kinds that count, with the reason, for these options."""
    rules = _rules()
    kinds = dict(rules["counted"])
    chosen = {"count_footnotes": count_footnotes, "count_captions": count_captions}
    for kind, entry in rules["optional"].items():
        if chosen.get(entry["option"]):
            kinds[kind] = f"counted because {entry['option'].replace('_', ' ')} is on"
    return kinds


def count_words(submission: Submission, band: tuple[int, int] | None, margin: float = 0.1,
                count_footnotes: bool = False, count_captions: bool = False) -> WordCount:
    rules = _rules()
    counting = counted_kinds(count_footnotes, count_captions)
    reasons = dict(rules["excluded"])
    reasons.update({k: v["why"] for k, v in rules["optional"].items()})
    by_kind: dict[str, int] = {}
    excluded: dict[str, dict] = {}
    for block in submission.blocks:
        n = count_text(block.text)
        if block.kind in counting:
            by_kind[block.kind] = by_kind.get(block.kind, 0) + n
        else:
            entry = excluded.setdefault(block.kind, {"words": 0, "blocks": 0,
                                                     "why": reasons.get(block.kind, "not part of the answer")})
            entry["words"] += n
            entry["blocks"] += 1
    counted = sum(by_kind.values())
    declared = submission.declared_words
    appendix_words = excluded.get("appendix", {}).get("words", 0)
    status = distance = None
    band_info = None
    if band:
        low, high = round(band[0] * (1 - margin)), round(band[1] * (1 + margin))
        band_info = {"min": band[0], "max": band[1], "margin": margin, "lower_limit": low, "upper_limit": high}
        status = "under" if counted < low else "over" if counted > high else "within"
        distance = low - counted if status == "under" else counted - high if status == "over" else 0
    return WordCount(
        counted=counted, declared=declared, band=band_info, status=status, distance=distance,
        by_kind=by_kind, excluded=excluded,
        declared_mismatch=declared is not None and abs(declared - counted) > margin * counted,
        appendix_words=appendix_words, long_appendices=_long(appendix_words, counted, rules["long_appendix"]),
        options={"count_footnotes": count_footnotes, "count_captions": count_captions, "margin": margin},
    )


def _long(appendix_words: int, counted: int, rule: dict) -> bool:
    if appendix_words < rule["min_words"]:
        return False
    return appendix_words > rule["max_words"] or appendix_words > rule["share"] * counted
