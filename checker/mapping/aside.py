"""Blocks that answer nothing whatever their heading says, each with its reason (models/mapping.yaml):
a centre's mapping grid, the criteria pasted as the unit words them, a draft's placeholder, a one-line
transition, and a workbook's own brief or instructions."""

from __future__ import annotations

import re

from ..checks.copied import find_copies
from ..document import Submission
from ..signposts import criteria_grid
from ..units import Unit
from ..wordcount import count_text

_LEADING_LABEL = re.compile(r"^\W*(?:(?:ac|assessment criteri(?:on|a)|criteri(?:on|a))\s*)?\d{1,2}\s*\.\s*\d{1,2}\W*", re.I)


def _plain_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


class AsideRules:
    def __init__(self, unit: Unit, params: dict):
        self.unit = unit
        self.known = {c.id for c in unit.criteria}
        self.restated_share = params["restated_share"]
        self.placeholder_words = params["placeholder"]["max_words"]
        self.placeholders = [re.compile(rx, re.I) for rx in params["placeholder"]["patterns"]]
        self.transition_words = params["transition_max_words"]
        self.template_openings = [re.compile(rx, re.I) for rx in params["template_openings"]]

    def find(self, submission: Submission, kinds: set[str], copies: list[dict] | None = None) -> dict[str, str]:
        """Block id -> why it is set aside, for the blocks of `kinds` that answer nothing: a table listing
        the unit's criteria (a mapping grid), a block restating a criterion's wording (`restated_share`),
        a draft's placeholder ('I will come back to this section', 'TBC'; `placeholder`), a paragraph of a
        few words that leads into nothing ('Next, my own skills.'; `transition_max_words`), and a
        workbook's own text ('Brief: …', 'Guidance for learners: …'; `template_openings`). `copies`: the
        copied-text flags for the submission, found here when not given."""
        aside = {}
        if copies is None:
            copies = find_copies(self.unit, submission.blocks, kinds)
        restated = self._restatements(submission, kinds, copies)
        following = {a.id: b.kind for a, b in zip(submission.blocks, submission.blocks[1:])}
        for block in submission.blocks:
            if block.kind not in kinds:
                continue
            text, words, listed = block.text.strip(), count_text(block.text), criteria_grid(block, self.known)
            if block.id in restated:
                aside[block.id] = (f"restates the wording of {restated[block.id]} as the unit gives it, which "
                                   f"is not evidence that it is met")
            elif listed:
                aside[block.id] = (f"a table that lists {len(listed)} of the unit's criteria (a mapping grid), "
                                   f"not an answer to them")
            elif words <= self.placeholder_words and any(rx.search(text) for rx in self.placeholders):
                aside[block.id] = "says the answer is still to come (a draft's placeholder), so it is not evidence"
            elif block.kind == "paragraph" and words <= self.transition_words and not text.endswith(":") \
                    and following.get(block.id) not in ("list_item", "table"):
                aside[block.id] = "a one-line transition between answers, too short to be evidence"
            elif any(rx.match(text) for rx in self.template_openings):
                aside[block.id] = "the centre's brief or instructions for the task, not the learner's answer"
        return aside

    def _restatements(self, submission: Submission, kinds: set[str], copies: list[dict]) -> dict[str, str]:
        """Blocks that are mostly a criterion's own wording, pasted ('1.1 Evaluate the benefits of …' in a
        list of the criteria the work covers): block id -> the criteria restated."""
        by_block: dict[str, list[dict]] = {}
        for flag in copies:
            if flag["kind"] == "copied_criterion":
                by_block.setdefault(flag["block"], []).append(flag)
        wordings = {c.id: _plain_words(c.text) for c in self.unit.criteria}
        out = {}
        for block in submission.blocks:
            if block.kind not in kinds:
                continue
            found = by_block.get(block.id)
            own = _plain_words(_LEADING_LABEL.sub("", block.text))
            same = [ac for ac, words in wordings.items() if own and own == words]     # too short to flag as copied
            if same:
                out[block.id] = f"AC {same[0]}"
            elif found and sum(f["words"] for f in found) >= self.restated_share * max(count_text(block.text), 1):
                out[block.id] = ", ".join(f["source"].replace(" wording", "") for f in found)
        return out
