"""Map each body block of a submission to the criteria it evidences, with a confidence and reasons."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

import numpy as np

from ..checks.verbs import glossary, plan_table_columns
from ..document import Submission
from ..nlp import content_terms
from ..resources import models_dir
from ..units import Unit, read_data_file
from .aside import AsideRules
from .content import ContentModel
from .decode import BREAK, CONTINUE, LIST, PLAIN, Decoder, Transitions
from .sections import Context, section_contexts


@dataclass
class BlockMapping:
    criteria: list[str] = field(default_factory=list)
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)
    similarity: dict[str, float] = field(default_factory=dict)   # content similarity to every criterion


def load_params() -> dict:
    return read_data_file(models_dir() / "mapping.yaml")


def _pool_lists(ac: np.ndarray, none: np.ndarray, kinds: list[str], links: list[str]) -> None:
    """A list answers one thing as a whole: each item of a run of list items takes the run's mean
    evidence, so the list is read together and cannot be split by the words of one item."""
    k = 0
    while k < len(kinds):
        end = k + 1
        if kinds[k] == "list_item":
            while end < len(kinds) and kinds[end] == "list_item" and links[end] == LIST:
                end += 1
            ac[k:end] = ac[k:end].mean(axis=0)
            none[k:end] = none[k:end].mean()
        k = end


def _span(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{ids[0]}–{ids[-1]}"


class Mapper:
    """Signposts + content similarity + order, decoded jointly. Parameters come from models/mapping.yaml."""

    def __init__(self, unit: Unit, params: dict | None = None):
        self.unit = unit
        self.p = params or load_params()
        content = self.p["content"]
        self.model = ContentModel(unit, content["wording_weight"], content["guidance_weight"],
                                  content["idf_power"], content["outcome_in"], content["indicative_weight"])
        self.ids = self.model.ids
        self.twins = self.model.twins()
        self.none_headings = self._none_headings()
        self.none_openings = [re.compile(rx, re.I) for rx in self.p["none_openings"]]
        framing = self.p["framing"]           # openings name an organisation, so they keep their case
        self.framing_share = framing["share"]
        self.context_openings = [re.compile(rx) for rx in framing["opening"]]
        self.reflection_openings = [re.compile(rx, re.I) for rx in framing["closing"]]
        self.transitions = Transitions(**self.p["transition"])
        self.shift_openings = [re.compile(rx, re.I) for rx in self.p["openings"]["shift"]]
        self.continue_openings = [re.compile(rx, re.I) for rx in self.p["openings"]["continue"]]
        self.aside = AsideRules(unit, self.p)
        verbs = glossary()
        self.makes_artefact = [any(verbs.get(v, {}).get("depth") == "artefact" for v in c.verbs) for c in unit.criteria]

    def _none_headings(self) -> set[str]:
        """The framing headings that frame for this unit: not 'Background' where a criterion asks for
        the background, nor 'Recommendations' where one asks for solutions (`none_heading_answers`);
        headings about the writer's own learning (`reflective_headings`) frame for every unit."""
        wording = set().union(*self.model.wording_terms)
        answers = self.p["none_heading_answers"]
        return {h.lower() for h in self.p["none_headings"]
                if not set(content_terms(h)) <= wording
                and not set(content_terms(" ".join(answers.get(h, [])))) & wording} | \
            {h.lower() for h in self.p["reflective_headings"]}

    def _links(self, texts: list[str], kinds: list[str], contexts: list[Context]) -> list[str]:
        """How each block joins the one before: after a heading, by a topic-shifting opening, as the
        next item of a list, or by a continuing opening (models/mapping.yaml, `openings`). A list item
        with its own tag ('… (AC 1.2)') stands apart from the items before it."""
        links = []
        for i, (text, ctx) in enumerate(zip(texts, contexts)):
            opening = text.strip()[:60]
            if ctx.new_section or any(rx.search(opening) for rx in self.shift_openings) or \
                    (kinds[i] == "list_item" and ctx.criteria_by_tag):
                links.append(BREAK)
            elif i and kinds[i] == "list_item":
                links.append(LIST)
            elif any(rx.search(opening) for rx in self.continue_openings):
                links.append(CONTINUE)
            else:
                links.append(PLAIN)
        return links

    def _out_of_order(self, ac: np.ndarray, none: np.ndarray) -> bool:
        """Do the blocks that clearly match one criterion take the criteria out of order? Then order
        should weigh less in decoding (models/mapping.yaml, `free_order`)."""
        best = [int(row.argmax()) for row, n in zip(ac, none) if len(row) and row.max() >= n + self.p["free_order"]["clear_by"]]
        starts = [s for k, s in enumerate(best) if k == 0 or best[k - 1] != s]
        moves = [b > a for a, b in zip(starts, starts[1:])]
        return len(moves) >= self.p["free_order"]["min_moves"] and \
            sum(moves) / len(moves) < self.p["free_order"]["min_forward_share"]

    def _twin_shares(self, words: list[list[str]]) -> np.ndarray:
        """For twin criteria, the share of the telling words ('mentoring' vs 'coaching') each block uses."""
        shares = np.zeros((len(words), len(self.ids)))
        for i, block_words in enumerate(words):
            terms = Counter(block_words)
            for (j, _), (own, theirs) in self.twins.items():
                mine, other = sum(terms[t] for t in own), sum(terms[t] for t in theirs)
                if mine + other:
                    shares[i, j] = (mine - other) / (mine + other)
        return shares

    def _scores(self, texts: list[str], words: list[list[str]], kinds: list[str], contexts: list[Context],
                sims: np.ndarray, plans: list[bool], frames: list[str]) -> tuple[np.ndarray, np.ndarray]:
        e = self.p["emission"]
        best = sims.max(axis=1) if sims.size else np.zeros(0)
        typical = float(np.percentile(best, 75)) if len(best) else 1.0
        typical = max(typical, 0.05)
        # A short block carries little evidence: shrink its content scores so that order decides.
        terms = np.array([len(w) for w in words], dtype=float)
        reliable = np.minimum(1.0, terms / e["full_evidence_terms"])[:, None]
        ac = e["content_scale"] * reliable * sims / typical
        none = e["content_scale"] * reliable[:, 0] * e["none_level"]
        index = {ac_id: i for i, ac_id in enumerate(self.ids)}
        ac += e["twin_bonus"] * self._twin_shares(words)
        for i, (text, ctx) in enumerate(zip(texts, contexts)):
            if ctx.criteria:
                bonus = e["signpost_explicit"] if ctx.explicit else e["signpost_bare"]
                for ac_id in ctx.criteria:
                    ac[i, index[ac_id]] += bonus
                none[i] -= e["signpost_none_penalty"]
            if ctx.outcomes:
                outside = [j for j, ac_id in enumerate(self.ids) if ac_id.split(".")[0] not in ctx.outcomes]
                ac[i, outside] -= e["outcome_penalty"]
            if ctx.none_heading:
                none[i] += e["none_heading_bonus"]
            if plans[i]:
                ac[i, self.makes_artefact] += e["plan_bonus"]
        # An opening that frames ('In conclusion', 'This paper asks the Board to:') frames the list after
        # it too; any other list or table is part of an answer.
        opens = np.zeros(len(texts))
        for i, text in enumerate(texts):
            if kinds[i] == "list_item" and i and kinds[i - 1] in ("paragraph", "list_item") \
                    and not contexts[i].new_section:
                opens[i] = opens[i - 1]
            elif any(rx.search(text.strip()) for rx in self.none_openings):
                opens[i] = e["none_opening_bonus"]
            if frames[i] and not contexts[i].criteria:
                none[i] += e["framing_bonus"]
            none[i] += opens[i]
            if kinds[i] != "paragraph" and not opens[i]:
                none[i] -= e["part_of_answer_penalty"]
        for i in {0, len(texts) - 1} if len(texts) else ():
            ctx = contexts[i]       # an edge block under a heading of its own is judged by that heading
            if not (ctx.criteria or ctx.outcomes or ctx.own_headings):
                none[i] += e["edge_none_bonus"]
        return ac, none

    def map(self, submission: Submission, copies: list[dict] | None = None) -> dict[str, BlockMapping]:
        """Each block's mapping. `copies` are the copied-text flags for the submission
        (checks/copied.py), found here when not given."""
        kinds = set(self.p["mapped_kinds"])
        aside = self.aside.find(submission, kinds, copies)
        body = [b for b in submission.blocks if b.kind in kinds and b.id not in aside]
        contexts_by_id = section_contexts(submission.blocks, set(self.ids), self.none_headings, kinds,
                                          {c.id: c.text for c in self.unit.criteria})
        contexts = [contexts_by_id[b.id] for b in body]
        texts = [b.text for b in body]
        headings = [" ".join(c.own_headings) for c in contexts]
        self.model.fit_submission(texts, self.p["content"]["submission_df_weight"])
        sims = self.model.similarity(texts, headings, self.p["content"]["heading_weight"])
        block_kinds = [b.kind for b in body]
        plans = [bool(plan_table_columns(b)) for b in body]
        frames = self._frames(texts)
        words = [content_terms(t) for t in texts]
        ac_scores, none_scores = self._scores(texts, words, block_kinds, contexts, sims, plans, frames)
        links = self._links(texts, block_kinds, contexts)
        _pool_lists(ac_scores, none_scores, block_kinds, links)
        free = self._out_of_order(ac_scores, none_scores)
        transitions = replace(self.transitions, **self.p["free_order"]["transition"]) if free else self.transitions
        decoder = Decoder(ac_scores, none_scores, transitions, links)
        first, score = decoder.best()
        posterior = decoder.posterior()
        path, completed = self._answer_all(decoder, first, score, [len(w) for w in words])
        result = {block_id: BlockMapping(confidence=1.0, reasons=[why]) for block_id, why in aside.items()}
        previous: tuple[int, str] | None = None
        for i, block in enumerate(body):
            state, ctx = path[i], contexts[i]
            mapping = BlockMapping(similarity={ac: round(float(sims[i, j]), 3) for j, ac in enumerate(self.ids)})
            if state < 0:
                mapping.confidence = round(float(posterior[i, -1]), 2)
                mapping.reasons = self._none_reasons(block.text, ctx, sims[i], frames[i])
                previous = None
            else:
                chosen = self._labels(i, state, ctx, ac_scores, posterior, words[i])
                mapping.criteria = [self.ids[j] for j in chosen]
                mapping.confidence = round(float(min(1.0, sum(posterior[i, j] for j in chosen))), 2)
                mapping.reasons = self._reasons(block, ctx, chosen, previous, plans[i])
                if state in completed and first[i] != state:
                    mapping.reasons.append(self._completion_reason(state, first[i], *completed[state]))
                if free and (previous is None or previous[0] != state):
                    mapping.reasons.append("the work takes the criteria in an order of its own, so their "
                                           "order counts for little here")
                previous = (state, block.id) if previous is None or previous[0] != state else previous
            result[block.id] = mapping
        return result

    def _answer_all(self, decoder: Decoder, path: list[int], score: float, terms: list[int]
                    ) -> tuple[list[int], dict[int, tuple[float, float]]]:
        """Learners set out to answer every criterion. When the best reading leaves one without
        evidence, take the best reading that gives it some, provided a block it gives the criterion
        matches it better than "none" on that block's own evidence (a block of at least
        `emission.full_evidence_terms` content words: a shorter one is too slight to show alone that a
        criterion is answered), and the reading costs little:
        at most `coverage.max_cost` nats for a lead of `coverage.min_lead` nats, or at most
        `coverage.clear_cost` for a clear lead of `coverage.clear_lead` (models/mapping.yaml). Then
        the text was nearly read that way anyway. At most `coverage.max_completions` criteria are
        found so. Starts from the best `path` and its `score`; returns the path taken and, for each
        criterion given evidence this way, what it cost and its lead."""
        c, full = self.p["coverage"], self.p["emission"]["full_evidence_terms"]
        found: dict[int, tuple[float, float]] = {}
        none = len(self.ids)
        while len(found) < c["max_completions"]:
            options = []
            for j in range(len(self.ids)):
                if j in path:
                    continue
                new_path, new_score = decoder.best(tuple(found) + (j,))
                lead = max((decoder.emit[i, j] - decoder.emit[i, none] for i, s in enumerate(new_path)
                            if s == j and terms[i] >= full),
                           default=-np.inf)     # none when there are fewer blocks than criteria to visit
                cost = score - new_score
                if (cost <= c["max_cost"] and lead >= c["min_lead"]) or \
                        (cost <= c["clear_cost"] and lead >= c["clear_lead"]):
                    options.append((cost, j, new_path, new_score, lead))
            if not options:
                break
            cost, j, path, score, lead = min(options)
            found[j] = (cost, lead)
        return path, found

    def _completion_reason(self, state: int, instead: int, cost: float, lead: float) -> str:
        other = f"as {self.ids[instead]}" if instead >= 0 else "as answering no criterion"
        c = self.p["coverage"]
        if cost <= c["max_cost"]:
            return (f"no other block answers {self.ids[state]}, and reading this one as {self.ids[state]} is "
                    f"almost as likely as reading it {other} (a margin of {cost:.2f} nats, within {c['max_cost']})")
        return (f"no other block answers {self.ids[state]}, and this one matches it clearly on its own words "
                f"({lead:.1f} nats over answering nothing), so it is read as {self.ids[state]} rather than {other} "
                f"(a margin of {cost:.2f} nats, within {c['clear_cost']})")

    def _labels(self, i: int, state: int, ctx: Context, scores: np.ndarray, post: np.ndarray,
                words: list[str]) -> list[int]:
        """The decoded criterion, plus any other the block serves about as well (in nats of evidence).
        A short block (fewer than `emission.full_evidence_terms` content words) has too little text to
        show that it serves two criteria, so it keeps the decoded one. Under a heading that names twin
        criteria ('coaching' / 'mentoring'), the words that tell them apart decide instead, when the
        block uses any: both sides in fair measure, both criteria; one side only, that one (even in a
        short block). A block serves at most two criteria (the other with the strongest evidence)."""
        m = self.p["multi_label"]
        index = {ac_id: j for j, ac_id in enumerate(self.ids)}
        named = [index[a] for a in ctx.criteria]
        if state in named:
            state = self._twin_named(state, named, words)
        chosen = [state]
        if len(words) < self.p["emission"]["full_evidence_terms"]:
            return chosen
        others: list[tuple[float, int]] = []
        for j in range(len(self.ids)):
            if j == state:
                continue
            gap = scores[i, state] - scores[i, j]
            if state in named and j in named:
                balance = self._twin_balance(state, j, words)
                keep = gap <= m["signposted_margin"] if balance is None else balance >= m["twin_balance"]
            elif not named:     # a second criterion needs evidence of its own, enough to beat "none"
                keep = gap <= m["content_margin"] and post[i, j] >= m["content_posterior"] \
                    and scores[i, j] >= self.p["emission"]["content_scale"] * self.p["emission"]["none_level"]
            else:
                keep = False
            if keep:
                others.append((scores[i, j], j))
        return sorted(chosen + [max(others)[1]] if others else chosen)

    def _twin_named(self, state: int, named: list[int], words: list[str]) -> int:
        """The twin of `state` named by the same heading whose telling words are the only ones the block
        uses ('Mentoring: …' under 'AC 2.1 and 2.2'); else `state`."""
        terms = Counter(words)
        for j in named:
            pair = self.twins.get((state, j))
            if pair and not any(terms[t] for t in pair[0]) and any(terms[t] for t in pair[1]):
                return j
        return state

    def _twin_balance(self, state: int, other: int, words: list[str]) -> float | None:
        """For twin criteria, the smaller side's share of the telling words the block uses (0: one side
        only; 0.5: even); None when they are not twins or the block uses none of those words."""
        pair = self.twins.get((state, other))
        if pair is None:
            return None
        terms = Counter(words)
        mine, theirs = sum(terms[t] for t in pair[0]), sum(terms[t] for t in pair[1])
        return min(mine, theirs) / (mine + theirs) if mine + theirs else None

    def _reasons(self, block, ctx: Context, chosen: list[int], previous, plan: bool = False) -> list[str]:
        reasons = []
        ids = [self.ids[j] for j in chosen]
        if ctx.criteria:
            where = ("its tag" if ctx.criteria_by_tag else "opening" if ctx.criteria_block == block.id else
                     f"the tag of {ctx.criteria_block}" if ctx.criteria_by_earlier_tag else
                     f"the opening of {ctx.criteria_block}" if ctx.criteria_by_opening else "heading")
            named = [a for a in ids if a in ctx.criteria]
            if named:
                reasons.append(f"{where} '{ctx.criteria_from}' names {', '.join(named)}")
            else:
                reasons.append(f"{where} '{ctx.criteria_from}' names {', '.join(ctx.criteria)}, "
                               f"but the text matches {', '.join(ids)} better")
        elif ctx.outcomes:
            scope = [a for a in self.ids if a.split(".")[0] in ctx.outcomes]
            reasons.append(f"under '{ctx.outcomes_from}', which limits it to {_span(scope)}")
        for j in chosen:
            terms = self.model.shared_terms(block.text + " " + " ".join(ctx.own_headings), j,
                                            self.p["content"]["top_terms"])
            if terms:
                reasons.append(f"shares with {self.ids[j]}: {', '.join(terms)}")
        named = [j for j, a in enumerate(self.ids) if a in ctx.criteria]
        if len(chosen) == 1 and chosen[0] in named:
            terms = Counter(content_terms(block.text))
            for k in named:
                own, theirs = self.twins.get((chosen[0], k), (set(), set()))
                if any(terms[t] for t in own) and not any(terms[t] for t in theirs):
                    reasons.append(f"of the words that tell {ids[0]} from {self.ids[k]} apart, uses only "
                                   f"{ids[0]}'s ({', '.join(sorted(own))})")
        if len(chosen) == 2 and tuple(chosen) in self.twins and ctx.criteria and \
                self._twin_balance(chosen[0], chosen[1], content_terms(block.text)) is not None:
            telling = sorted(set().union(*self.twins[tuple(chosen)]))
            reasons.append(f"uses the words that tell {ids[0]} and {ids[1]} apart ({', '.join(telling)}) "
                           f"in fair measure, so it serves both")
        asks_for_plan = [self.ids[j] for j in chosen if self.makes_artefact[j]]
        if plan and asks_for_plan:
            reasons.append(f"a table of actions with owners, dates or resources: the kind of plan "
                           f"{', '.join(asks_for_plan)} asks for")
        if ctx.own_headings and not ctx.criteria:
            reasons.append(f"section heading '{ctx.own_headings[0][:60]}'")
        if previous is not None and previous[0] in chosen and not ctx.new_section:
            reasons.append(f"continues the section begun at {previous[1]}")
        return reasons

    def _frames(self, texts: list[str]) -> list[str]:
        """For each block, 'context' or 'reflection' when, near the start or the end, it frames the work."""
        n, reach = len(texts), self.framing_share * len(texts)
        out = []
        for i, text in enumerate(texts):
            first = text.strip()[:240]
            if i < reach and any(rx.search(first) for rx in self.context_openings):
                out.append("context")
            elif i >= n - reach and any(rx.search(first) for rx in self.reflection_openings):
                out.append("reflection")
            else:
                out.append("")
        return out

    def _none_reasons(self, text: str, ctx: Context, sims_row: np.ndarray, frames: str = "") -> list[str]:
        reasons = []
        if ctx.none_heading:
            reasons.append(f"under '{ctx.none_heading}', which introduces or sums up")
        if frames == "context":
            reasons.append("describes the organisation or the writer's role, as context does")
        elif frames == "reflection":
            reasons.append("reflects on the work as a whole, as a closing reflection does")
        if any(rx.search(text.strip()) for rx in self.none_openings):
            reasons.append("opens like an introduction or conclusion")
        best = int(np.argmax(sims_row)) if len(sims_row) else None
        if best is not None:
            reasons.append(f"no criterion stands out (closest: {self.ids[best]}, similarity {sims_row[best]:.2f})")
        return reasons
