"""The check pipeline: a `Submission` flows through small named components into an `Analysis`."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .bands import Band, band_for_unit
from .coverage import CriterionResult, judge_coverage, roll_up
from .document import Submission
from .limits import Limits
from .mapping import BlockMapping, Mapper, load_params
from .units import Unit


@dataclass
class Settings:
    """Everything a run can vary; explicit, no hidden globals."""

    nlp: str = "blank"
    band: tuple[int, int] | None = None
    count_footnotes: bool = False
    count_captions: bool = False
    limits: Limits = field(default_factory=Limits)
    mapping: dict | None = None


@dataclass
class Analysis:
    file: str
    unit: Unit
    settings: Settings
    submission: Submission | None = None
    band: Band | None = None
    word_count: dict = field(default_factory=dict)
    mapping: dict[str, BlockMapping] = field(default_factory=dict)
    criteria: list[CriterionResult] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)
    references: dict = field(default_factory=dict)
    flags: list[dict] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        from .report_json import analysis_to_dict

        return analysis_to_dict(self)


def read(analysis: Analysis) -> None:
    from .readers import read_submission

    analysis.submission = read_submission(analysis.file, analysis.settings.limits)


def count(analysis: Analysis) -> None:
    from .wordcount import count_words

    s = analysis.settings
    analysis.band = band_for_unit(analysis.unit, s.band)
    result = count_words(analysis.submission, (analysis.band.min, analysis.band.max), analysis.band.margin,
                         count_footnotes=s.count_footnotes, count_captions=s.count_captions)
    analysis.word_count = result.to_dict()


def map_blocks(analysis: Analysis) -> None:
    analysis.mapping = Mapper(analysis.unit, analysis.settings.mapping).map(analysis.submission, analysis.flags)


def cover(analysis: Analysis) -> None:
    params = (analysis.settings.mapping or load_params())["coverage"]
    analysis.criteria = judge_coverage(analysis.unit, analysis.submission.blocks, analysis.mapping,
                                       params["min_words"], params["min_confidence"])


def _evidence(analysis: Analysis) -> dict[str, list]:
    by_id = {b.id: b for b in analysis.submission.blocks}
    return {c.id: [by_id[b] for b in c.evidence] for c in analysis.criteria}


def copied(analysis: Analysis) -> None:
    from .checks.copied import find_copies

    kinds = set((analysis.settings.mapping or load_params())["mapped_kinds"])
    analysis.flags.extend(find_copies(analysis.unit, analysis.submission.blocks, kinds))


def theory(analysis: Analysis) -> None:
    from .checks.citations import cross_check, find_citations, parse_entries
    from .checks.theory import TheoryFinder

    body = {"paragraph", "list_item", "quote", "table", "caption", "footnote"}
    citations = find_citations(analysis.submission.blocks, body)
    analysis.references = cross_check(citations, parse_entries(analysis.submission.blocks))
    finder = TheoryFinder(analysis.unit)
    evidence = _evidence(analysis)
    for criterion in analysis.criteria:
        blocks = evidence[criterion.id]
        text = " ".join(b.text for b in blocks)
        ids = {b.id for b in blocks}
        criterion.extra["theory"] = finder.find(text)
        criterion.extra["citations"] = sorted({c.label() for c in citations if c.block in ids})


def practice(analysis: Analysis) -> None:
    from .checks.practice import judge_practice, named_organisations
    from .checks.theory import TheoryFinder

    finder = TheoryFinder(analysis.unit)
    theory_words = {n.lower() for n in finder.names}
    organisations = named_organisations(analysis.submission.blocks, theory_words)
    evidence = _evidence(analysis)
    for criterion in analysis.criteria:
        if not criterion.evidence:
            criterion.extra["practice_linked"] = {"linked": False, "reasons": ["no evidence yet"], "signals": {}}
            continue
        criterion.extra["practice_linked"] = judge_practice(
            evidence[criterion.id], criterion.extra.get("theory", []), criterion.extra.get("citations", []),
            organisations)


def verbs(analysis: Analysis) -> None:
    from .checks.copied import copied_spans
    from .checks.verbs import VerbJudge

    judge = VerbJudge(analysis.settings.nlp)
    longest = max((len(b.text) for b in analysis.submission.blocks), default=0)
    if longest > judge.nlp.max_length:
        from .errors import LimitExceeded

        raise LimitExceeded(f"a paragraph of {longest:,} characters is too long for the spaCy pipeline "
                            f"'{analysis.settings.nlp}'; use the built-in one (leave out --nlp)")
    removed = copied_spans(analysis.flags)
    evidence = _evidence(analysis)
    by_id = {c.id: c for c in analysis.unit.criteria}
    for criterion in analysis.criteria:
        criterion.extra["verb_check"] = judge.judge(by_id[criterion.id], evidence[criterion.id], removed)


def word_flags(analysis: Analysis) -> None:
    wc = analysis.word_count
    if wc.get("declared_mismatch"):
        analysis.flags.append({"kind": "declared_mismatch", "block": None,
                               "text": f"the cover declares {wc['declared']:,} words; {wc['counted']:,} counted",
                               "reason": "the declared count differs from the counted words by more than the margin"})
    if wc.get("long_appendices"):
        analysis.flags.append({"kind": "long_appendices", "block": None,
                               "text": f"{wc['appendix_words']:,} words of appendices",
                               "reason": "CMI asks that appendices are kept to a minimum"})


def roll(analysis: Analysis) -> None:
    analysis.outcomes = roll_up(analysis.unit, analysis.criteria)


PIPELINE: list[tuple[str, Callable[[Analysis], None]]] = [
    ("read", read),
    ("count", count),
    ("copied", copied),                # before mapping: a pasted criterion is not evidence for it
    ("map", map_blocks),
    ("cover", cover),
    ("theory", theory),
    ("practice", practice),
    ("verbs", verbs),
    ("word_flags", word_flags),
    ("roll_up", roll),
]


def run_check(path: str | Path, unit: Unit, settings: Settings | None = None,
              submission: Submission | None = None) -> Analysis:
    """Run every pipeline component in order. Pass `submission` to skip reading (tests, the web app)."""
    analysis = Analysis(str(path), unit, settings or Settings(), submission=submission)
    deadline = time.monotonic() + analysis.settings.limits.time_budget_s
    for name, component in PIPELINE:
        if name == "read" and submission is not None:
            continue
        started = time.monotonic()
        component(analysis)
        analysis.timings[name] = round(time.monotonic() - started, 4)
        if time.monotonic() > deadline:
            from .errors import LimitExceeded

            raise LimitExceeded(f"checking took longer than the time budget of "
                                f"{analysis.settings.limits.time_budget_s:g} s; raise it with --time-budget")
    return analysis
