"""Command-verb check: does the evidence for a criterion do what its verb asks?

Rules: models/verbs.yaml (what each verb needs) and models/lexicons/discourse.yaml (how each need
shows in writing). Sentences are read with the spaCy pipeline; cues are matched on lower-case tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from ..document import Block
from .depth import features as depth_inputs, shipped
from ..nlp import load_nlp
from ..resources import models_dir
from ..units import Criterion, read_data_file
from ..wordcount import count_text


@cache
def glossary() -> dict:
    return read_data_file(models_dir() / "verbs.yaml")["verbs"]


@cache
def discourse() -> dict:
    return read_data_file(models_dir() / "lexicons" / "discourse.yaml")


@cache
def _plan_headers() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((w, re.compile(rf"\b{re.escape(w)}\b")) for w in discourse()["artefact"]["header_words"])


def plan_table_columns(block: Block) -> list[str]:
    """For a table whose header names actions with owners, dates or resources (a plan: the artefact that
    'develop a plan' asks for), the header words found; [] for any other block."""
    if block.kind != "table" or not block.rows or len(block.rows) < 3:
        return []
    header = " ".join(block.rows[0]).lower()
    hits = [w for w, rx in _plan_headers() if rx.search(header)]
    return hits if len(hits) >= discourse()["artefact"]["min_header_hits"] else []


@dataclass
class Evidence:
    """What the evidence for one criterion shows, feature by feature."""

    words: int = 0
    sentences: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    prose_counts: dict[str, int] = field(default_factory=dict)   # the same, outside list items
    list_items: int = 0
    list_words: int = 0
    plan: bool = False
    plan_reason: str = ""
    parts_notes: list[str] = field(default_factory=list)   # parts shown by structure, not by cue words

    @property
    def list_share(self) -> float:
        """The share of the evidence's words that sit in list items."""
        return self.list_words / self.words if self.words else 0.0


class VerbJudge:
    """Judges a criterion's evidence against its verbs. With `use_model`, criteria that need weighing and
    a judgement are judged by the trained depth model (checks/depth.py) over the same evidence."""

    def __init__(self, nlp_name: str = "blank", use_model: bool = True):
        from spacy.matcher import PhraseMatcher

        self.nlp = load_nlp(nlp_name)
        self.depth = shipped() if use_model else None
        self.rules = discourse()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for name, spec in self.rules["features"].items():
            if spec["cues"]:
                self.matcher.add(name, list(self.nlp.tokenizer.pipe(spec["cues"])))
        art = self.rules["artefact"]
        self.date_rx = re.compile(art["date_pattern"], re.I)
        self.owner_rx = re.compile(art["owner_pattern"], re.I)
        self.patterns = {name: [re.compile(rx, re.I) for rx in spec.get("patterns", [])]
                         for name, spec in self.rules["features"].items()}

    def read(self, blocks: list[Block], removed: dict[str, list[str]]) -> Evidence:
        """Gather features over the evidence blocks; text in `removed` (copied passages) is left out."""
        ev = Evidence(counts={name: 0 for name in self.rules["features"]},
                      prose_counts={name: 0 for name in self.rules["features"]})
        plan_lines = 0
        for block in blocks:
            text = block.text
            for span in removed.get(block.id, []):
                text = text.replace(span, " ")
            words = count_text(text)
            ev.words += words
            if block.kind == "list_item":
                ev.list_items += 1
                ev.list_words += words
            hits = plan_table_columns(block)
            if hits:
                ev.plan = True
                ev.plan_reason = f"a table with columns for {', '.join(sorted(hits)[:4])}"
            doc = self.nlp(text)
            for sent in doc.sents:
                if not sent.text.strip():
                    continue
                ev.sentences += 1
                found = {self.nlp.vocab.strings[m_id] for m_id, _, _ in self.matcher(sent)}  # a Span: as_doc() costs the whole doc
                found |= {name for name, rxs in self.patterns.items() if any(rx.search(sent.text) for rx in rxs)}
                for name, spec in self.rules["features"].items():
                    if name in found or any(other in found for other in spec.get("also", [])):
                        ev.counts[name] += 1
                        ev.prose_counts[name] += block.kind != "list_item"
                if self.date_rx.search(sent.text) and (self.owner_rx.search(sent.text) or block.kind == "list_item"):
                    plan_lines += 1
        art = self.rules["artefact"]
        if not ev.plan and plan_lines >= art["min_plan_lines"]:
            ev.plan = True
            ev.plan_reason = f"{plan_lines} lines that give actions with owners or dates"
        if not ev.plan and ev.list_items >= art["min_list_items"]:
            ev.plan = True
            ev.plan_reason = f"a list of {ev.list_items} points"
        if not ev.plan and ev.counts.get("plan", 0) >= art["min_plan_sentences"]:
            ev.plan = True
            ev.plan_reason = f"{ev.counts['plan']} sentences that set out steps, stages, owners or timescales"
        ev.counts["artefact"] = int(ev.plan)
        ev.parts_notes = self._parts_shown_by_structure(blocks, ev)
        ev.counts["parts"] += len(ev.parts_notes)
        ev.counts["description"] = int(ev.words >= self.rules["min_description_words"])
        return ev

    def _parts_shown_by_structure(self, blocks: list[Block], ev: Evidence) -> list[str]:
        """A table of several rows, or several causal links, lays the topic out in parts
        (models/lexicons/discourse.yaml, `parts_from`): what shows it, for the reasons."""
        rule = self.rules["parts_from"]
        notes = [f"a table of {len(b.rows) - 1} rows" for b in blocks
                 if b.kind == "table" and b.rows and len(b.rows) - 1 >= rule["table_rows"]]
        if ev.counts["causes_effects"] >= rule["causal_sentences"]:
            notes.append(f"{ev.counts['causes_effects']} sentences that link causes and effects")
        return notes

    def needs(self, criterion: Criterion) -> list[str]:
        return self.needs_for(criterion)

    @staticmethod
    def needs_for(criterion: Criterion) -> list[str]:
        """The needs the checker tests for: each verb's `judged` list in models/verbs.yaml (or its `objects`
        entry for what the criterion asks the learner to make); both verbs count."""
        out: list[str] = []
        for verb in criterion.verbs:
            entry = glossary().get(verb, {})
            judged = entry.get("judged") or ["description"]
            for noun, needs in (entry.get("objects") or {}).items():
                if re.search(rf"\b{verb}\w*\s+(?:an?\s+|the\s+)?{re.escape(noun)}\b", criterion.text, re.I):
                    judged = needs
            for need in judged:
                if need not in out:
                    out.append(need)
        return out

    def judge(self, criterion: Criterion, blocks: list[Block], removed: dict[str, list[str]]) -> dict:
        if not blocks:
            return {"status": "not_applicable", "verbs": list(criterion.verbs), "missing": [],
                    "reasons": ["no evidence to judge"]}
        ev = self.read(blocks, removed)
        needs = self.needs(criterion)
        features = self.rules["features"]
        counts = self.counts(ev)
        missing = []
        for need in needs:
            minimum = features[need]["min"] if need in features else 1
            if counts.get(need, 0) < minimum:
                missing.append(need)
        found = {n: counts.get(n, 0) for n in needs}
        rule_missing, model = missing, None
        if self.depth is not None and self.depth.applies(needs):
            missing, model = self._model_view(ev, counts, missing)
        reasons, hint = [], None
        verb_words = " and ".join(f"'{v}'" for v in criterion.verbs)
        wording = self.rules["wording"]
        if missing:
            thin = self.rules["thin_wording"]    # present, but too little of it for the depth model
            gap_list = [thin[m].format(n=counts[m], total=ev.sentences) if counts.get(m) and m in thin
                        else wording[m] for m in missing]
            reasons.append(f"{self._opening(ev)}{'; '.join(gap_list)}")
            hint = next((glossary().get(v, {}).get("shallow_hint") for v in criterion.verbs
                         if glossary().get(v, {}).get("shallow_hint")), None)
        elif rule_missing:          # the depth model reads it as deep enough, though a cue is missing
            gaps = "; ".join(wording[m] for m in rule_missing)
            reasons.append(f"does what {verb_words} asks, on the depth model's reading, but the answer {gaps}: "
                           f"say it plainly")
        else:
            shown = ", ".join(f"{n.replace('_', ' and ')} ({c} sentence{'s' if c != 1 else ''})"
                              if n not in ("artefact", "description") else n for n, c in found.items())
            reasons.append(f"does what {verb_words} asks: shows {shown}")
            if ev.plan:
                reasons.append(f"includes {ev.plan_reason}")
            if "parts" in needs and ev.parts_notes:
                reasons.append(f"lays the topic out in parts: {'; '.join(ev.parts_notes)}")
        if hint:
            reasons.append(hint)
        out = {"status": "shallow" if missing else "adequate", "verbs": list(criterion.verbs),
               "needs": needs, "found": found, "missing": missing, "reasons": reasons}
        if missing:
            out["gaps"] = gap_list            # what is missing, as the learner is told it
        if hint:
            out["hint"] = hint
        if model:
            out["model"] = {k: model[k] for k in ("shallow_probability", "threshold", "reason")}   # audit detail
        return out

    def counts(self, ev: Evidence) -> dict[str, int]:
        """The sentences of each kind that count. Enumeration without commentary: when most of the answer
        is a list, weighing, judgement, causes and the like must show in the prose around it, not only
        in the points listed."""
        listed = ev.list_share >= self.rules["enumeration"]["list_share"]
        return {n: (ev.prose_counts.get(n, 0) if listed and n not in ("artefact", "description") else c)
                for n, c in ev.counts.items()}

    def _model_view(self, ev: Evidence, counts: dict[str, int], rule_missing: list[str]) -> tuple[list[str], dict]:
        """The depth model's reading: shallow or not, what is missing (the rules' gaps, or else the
        thinner of weighing and judgement), and a reason naming what weighed most."""
        p, pushes = self.depth.shallow_probability(depth_inputs(counts, ev.sentences, ev.list_share))
        shallow = p >= self.depth.threshold
        if not shallow:
            missing = []
        elif rule_missing:
            missing = rule_missing
        else:
            missing = [min(self.depth.needs, key=lambda n: counts.get(n, 0))]
        toward = [name for name, push in pushes if (push > 0) == shallow and push][:2]
        verdict = "too shallow" if shallow else "deep enough"
        reason = (f"the depth model (trained on {self.depth.trained_on} labelled answers) reads this answer as "
                  f"{verdict}: a {p:.0%} chance of shallow against a threshold of {self.depth.threshold:.0%}"
                  + (f", mostly from its {' and '.join(toward)}" if toward else ""))
        return missing, {"reason": reason, "shallow_probability": round(p, 3), "threshold": self.depth.threshold}

    def _opening(self, ev: Evidence) -> str:
        if ev.list_items >= 3 and ev.list_share >= self.rules["enumeration"]["list_share"]:
            return f"lists {ev.list_items} points, but the commentary around them "
        return "the answer "
