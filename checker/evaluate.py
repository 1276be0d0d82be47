"""Measure the checker on labelled samples (samples/*.gold.json): `checker eval samples/`."""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .analysis import Settings, run_check
from .errors import CheckerError
from .units import UnitLibrary

MAPPED = {"paragraph", "list_item", "quote", "table"}


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 3) if flags else None


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def align_labels(gold_blocks: list[dict], predicted: list[dict]) -> list[set[str]]:
    """For each gold block, the predicted label set covering most of its words.

    Readers may split or merge paragraphs (PDF especially), so texts are aligned word by word rather
    than block by block.
    """
    gold_tokens, gold_owner = [], []
    for i, block in enumerate(gold_blocks):
        toks = _tokens(block["text"] if block.get("text") else " ".join(" ".join(r) for r in block.get("rows", [])))
        gold_tokens += toks
        gold_owner += [i] * len(toks)
    pred_tokens, pred_owner = [], []
    for j, block in enumerate(predicted):
        toks = _tokens(block["text"])
        pred_tokens += toks
        pred_owner += [j] * len(toks)
    votes: list[dict[frozenset, int]] = [defaultdict(int) for _ in gold_blocks]
    matcher = SequenceMatcher(None, gold_tokens, pred_tokens, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            label = frozenset(predicted[pred_owner[b + k]]["criteria"])
            votes[gold_owner[a + k]][label] += 1
    return [set(max(v, key=v.get)) if v else set() for v in votes]


@dataclass
class SampleResult:
    id: str
    style: str
    split: str
    format: str
    blocks: int = 0
    exact: int = 0
    unaligned: int = 0
    unaligned_none: int = 0
    addressed: set = field(default_factory=set)
    omitted: set = field(default_factory=set)
    status: dict = field(default_factory=dict)
    words_gold: int = 0
    words_counted: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    verbs: list[tuple[str, str, str]] = field(default_factory=list)  # (AC, gold, predicted) per deep-verb AC
    verbs_on_gold: list[tuple[str, str, str]] = field(default_factory=list)  # the same, judged on the gold evidence
    citations: tuple[int, int, int] = (0, 0, 0)                    # true positives, false positives, misses
    copies: tuple[int, int, int] = (0, 0, 0)                       # pasted blocks found, pasted blocks, false flags


def sample_file(gold_path: Path, gold: dict) -> Path:
    """The submission a gold file labels: beside it, in the format it names."""
    return gold_path.with_name(gold_path.name.replace(".gold.json", f".{gold['format']}"))


def evaluate_sample(gold_path: Path, library: UnitLibrary, settings: Settings) -> SampleResult:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    file = sample_file(gold_path, gold)
    result = SampleResult(gold_path.name.replace(".gold.json", ""), gold["style"], gold["split"], gold["format"])
    unit = library.get(gold["unit"])
    started = time.perf_counter()
    analysis = run_check(file, unit, settings)
    result.seconds = time.perf_counter() - started
    report = analysis.to_dict()
    body = [b for b in gold["blocks"] if b["kind"] in MAPPED]
    predicted = [b for b in report["blocks"] if b["kind"] in MAPPED]
    labels = align_labels(body, predicted)
    for block, label in zip(body, labels):
        truth = set(block.get("criteria", []))
        result.blocks += 1
        result.exact += truth == label
        if not truth:
            result.unaligned += 1
            result.unaligned_none += not label
        if truth != label:
            result.errors.append(f"{sorted(truth)} → {sorted(label)}: {block['text'][:70]!r}")
    result.omitted = set(gold.get("omitted", []))
    result.addressed = {c.id for c in unit.criteria} - result.omitted
    result.status = {c["id"]: c["status"] for c in report["criteria"]}
    result.verbs = _verb_pairs(gold, report, unit)
    result.verbs_on_gold = _verb_pairs_on_gold_evidence(gold, body, predicted, analysis, settings)
    result.citations = _citation_counts(gold, report)
    result.copies = _copy_counts(gold, report, labels_text=[b["text"] for b in body])
    result.words_gold = gold.get("body_words", 0)
    result.words_counted = report["word_count"]["counted"]
    return result


def _verb_pairs(gold: dict, report: dict, unit) -> list[tuple[str, str, str]]:
    """(AC, gold, predicted) verb status for each addressed AC whose verb asks for more than description."""
    from .checks.verbs import VerbJudge

    judge_needs = VerbJudge.needs_for
    pairs = []
    for c in report["criteria"]:
        if c["id"] in gold.get("omitted", []) or judge_needs(unit.criterion(c["id"])) == ["description"]:
            continue
        truth = "shallow" if c["id"] in gold.get("shallow", []) else "adequate"
        pairs.append((c["id"], truth, c["verb_check"]["status"]))
    return pairs


def _verb_pairs_on_gold_evidence(gold: dict, body: list[dict], predicted: list[dict], analysis,
                                 settings: Settings) -> list[tuple[str, str, str]]:
    """The verb check alone: each deep-verb AC judged on the blocks the gold file gives it, so that a
    mapping error does not count against the verb check."""
    from .checks.copied import copied_spans
    from .checks.verbs import VerbJudge

    judge = VerbJudge(settings.nlp)
    truth_sides = [{"text": b.get("text") or " ".join(" ".join(r) for r in b.get("rows", [])),
                    "criteria": b.get("criteria", [])} for b in body]
    gold_of_predicted = align_labels(predicted, truth_sides)
    by_id = {b.id: b for b in analysis.submission.blocks}
    removed = copied_spans(analysis.flags)
    pairs = []
    for c in analysis.unit.criteria:
        if c.id in gold.get("omitted", []) or VerbJudge.needs_for(c) == ["description"]:
            continue
        blocks = [by_id[b["id"]] for b, labels in zip(predicted, gold_of_predicted) if c.id in labels]
        truth = "shallow" if c.id in gold.get("shallow", []) else "adequate"
        pairs.append((c.id, truth, judge.judge(c, blocks, removed)["status"]))
    return pairs


def _key(label: str) -> tuple[str, str]:
    match = re.match(r"\s*([^\s(]+).*?\(?((?:19|20)\d\d)", label)
    return (match.group(1).lower().strip(",."), match.group(2)) if match else (label.lower(), "")


def _citation_counts(gold: dict, report: dict) -> tuple[int, int, int]:
    truth = {("cited", _key(x)) for x in gold.get("references", {}).get("cited_not_listed", [])}
    truth |= {("listed", _key(x)) for x in gold.get("references", {}).get("listed_not_cited", [])}
    found = {("cited", _key(x["citation"])) for x in report["references"].get("cited_not_listed", [])}
    found |= {("listed", _key(x["entry"])) for x in report["references"].get("listed_not_cited", [])}
    return len(truth & found), len(found - truth), len(truth - found)


def _copy_counts(gold: dict, report: dict, labels_text: list[str]) -> tuple[int, int, int]:
    pasted = [set(_tokens(t)) for t in gold.get("copied_guidance", [])]
    flagged = [b for f in report["flags"] if f["kind"] == "copied_guidance"
               for b in report["blocks"] if b["id"] == f["block"]]
    hit = sum(any(len(p & set(_tokens(b["text"]))) >= 0.5 * len(p) for b in flagged) for p in pasted)
    false = sum(not any(len(p & set(_tokens(b["text"]))) >= 0.5 * len(p) for p in pasted) for b in flagged)
    return hit, len(pasted), false


def summarise(results: list[SampleResult]) -> dict:
    def block(rs: list[SampleResult]) -> dict:
        n = sum(r.blocks for r in rs)
        unaligned = sum(r.unaligned for r in rs)
        omitted = [(r, a) for r in rs for a in r.omitted]
        addressed = [(r, a) for r in rs for a in r.addressed]
        evid_pred = [(r, a) for r in rs for a, s in r.status.items() if s == "evidenced"]
        tp = sum(1 for r, a in evid_pred if a in r.addressed)
        return {
            "documents": len(rs),
            "paragraph_accuracy": round(sum(r.exact for r in rs) / n, 3) if n else None,
            "unaligned_to_none": round(sum(r.unaligned_none for r in rs) / unaligned, 3) if unaligned else None,
            "coverage_precision": round(tp / len(evid_pred), 3) if evid_pred else None,
            "coverage_recall": round(tp / len(addressed), 3) if addressed else None,
            "missing_recall": (round(sum(r.status.get(a) == "missing" for r, a in omitted) / len(omitted), 3)
                               if omitted else None),
            "missing_or_weak_recall": (round(sum(r.status.get(a) != "evidenced" for r, a in omitted)
                                             / len(omitted), 3) if omitted else None),
            "false_missing_rate": (round(sum(r.status.get(a) == "missing" for r, a in addressed)
                                         / len(addressed), 3) if addressed else None),
            "word_count_exact": sum(r.words_gold == r.words_counted for r in rs),
            "shallow_found": _share([p == "shallow" for r in rs for _, g, p in r.verbs if g == "shallow"]),
            # … or put at risk another way: reported missing or weak, so an assessor still looks there
            "shallow_flagged": _share([p == "shallow" or r.status.get(a) != "evidenced"
                                       for r in rs for a, g, p in r.verbs if g == "shallow"]),
            "adequate_kept": _share([p != "shallow" for r in rs for _, g, p in r.verbs if g == "adequate"]),
            # the verb check alone, on the evidence the gold file gives each criterion
            "gold_evidence_shallow_found": _share([p == "shallow" for r in rs for _, g, p in r.verbs_on_gold
                                                   if g == "shallow"]),
            "gold_evidence_adequate_kept": _share([p != "shallow" for r in rs for _, g, p in r.verbs_on_gold
                                                   if g == "adequate"]),
            "citation_precision": _ratio(sum(r.citations[0] for r in rs), sum(r.citations[0] + r.citations[1] for r in rs)),
            "citation_recall": _ratio(sum(r.citations[0] for r in rs), sum(r.citations[0] + r.citations[2] for r in rs)),
            "pasted_found": _ratio(sum(r.copies[0] for r in rs), sum(r.copies[1] for r in rs)),
            "false_copy_flags": sum(r.copies[2] for r in rs),
            "mean_seconds": round(sum(r.seconds for r in rs) / len(rs), 3) if rs else None,
        }

    groups: dict[str, list[SampleResult]] = defaultdict(list)
    for r in results:
        groups[f"style:{r.style}"].append(r)
        groups[f"split:{r.split}"].append(r)
        groups["signposted" if r.style in ("signposted", "cojoined") else "unsignposted"].append(r)
    out = {"overall": block(results)}
    out.update({name: block(rs) for name, rs in sorted(groups.items())})
    return out


def evaluate(folder: Path, library: UnitLibrary, settings: Settings | None = None,
             split: str | None = None) -> tuple[dict, list[SampleResult], list[str]]:
    settings = settings or Settings()
    results: list[SampleResult] = []
    skipped: list[str] = []
    for gold_path in sorted(Path(folder).glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if split and gold.get("split") != split:
            continue
        try:
            results.append(evaluate_sample(gold_path, library, settings))
        except CheckerError as exc:
            skipped.append(f"{gold_path.name}: {exc}")
    return summarise(results), results, skipped
