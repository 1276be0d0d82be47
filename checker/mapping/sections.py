"""Which heading governs each block, and what that heading (or the paragraph's opening) names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import Block
from ..nlp import content_terms
from ..signposts import Signpost, own_number, read_signpost, read_tag

_OPENING_LEVEL = 99   # a paragraph that opens 'AC 2.3: …' governs until the next heading of any level


@dataclass
class Context:
    """The signposts in force for one block."""

    criteria: list[str] = field(default_factory=list)
    explicit: bool = False
    criteria_from: str = ""            # the heading or opening that named them, for reasons
    criteria_block: str = ""
    criteria_by_opening: bool = False  # named by a paragraph's opening ('AC 2.3: …'), not a heading
    criteria_by_tag: bool = False      # named by the block's own bracketed tag ('… (AC 2.3)')
    criteria_by_earlier_tag: bool = False  # by the tag of an earlier block in the same section
    outcomes: list[str] = field(default_factory=list)
    outcomes_from: str = ""
    none_heading: str = ""             # 'Introduction', 'Conclusion' …
    own_headings: list[str] = field(default_factory=list)   # unsignposted headings above the block
    new_section: bool = False          # first mapped block under its governing heading


_LABEL = re.compile(r"^\s*(?:slide|section|part|chapter|page|step)\s+\d{1,3}\b\s*[:.–—\-]?", re.I)


def _clean(text: str) -> str:
    """A heading without its numbering, label or closing mark: '3. Conclusion', 'Slide 11 – Summary',
    'What have I learned?' → 'conclusion', 'summary', 'what have i learned'."""
    return re.sub(r"^[\d.\s:–\-]+", "", _LABEL.sub("", text)).strip().lower().rstrip(":.?")


def _is_none_heading(text: str, none_headings: set[str]) -> bool:
    """'Introduction', '10. Conclusions and next steps', 'About Meridian', 'Proposed next steps': headings
    that frame, not answer (a framing heading of two or more words may end a longer one)."""
    cleaned = _clean(text)
    return any(cleaned == h or cleaned.startswith(h + " ") or (" " in h and cleaned.endswith(" " + h))
               for h in none_headings)


def _own_numbering(blocks: list[Block], known: set[str], none_headings: set[str]) -> bool:
    """Does the learner number the sections in a scheme of their own? Shown by a numbered heading that
    frames the work ('1.1 Introduction', '2.1 Background') or a number no criterion of the unit has."""
    for block in blocks:
        numbered = own_number(block.text, known) if block.kind == "heading" else None
        if numbered and (numbered[0] not in known or _is_none_heading(numbered[1], none_headings)):
            return True
    return False


def _heading_signpost(text: str, known: set[str], criteria: dict[str, str], own_numbering: bool) -> Signpost:
    """A heading's signpost. In a learner's own numbering scheme, '2.1 Background' names AC 2.1 only
    when its words share at least two terms with that criterion (or it has no words)."""
    sign = read_signpost(text, known, heading=True)
    numbered = own_number(text, known) if own_numbering else None
    if numbered and sign.criteria == [numbered[0]] and numbered[1]:
        shared = set(content_terms(numbered[1])) & set(content_terms(criteria.get(numbered[0], "")))
        if len(shared) < 2:
            return Signpost()
    return sign


def section_contexts(blocks: list[Block], known: set[str], none_headings: set[str],
                     mapped_kinds: set[str], criteria: dict[str, str] | None = None) -> dict[str, Context]:
    """Walk the blocks in order, keeping a stack of headings; return the context of each mapped block.
    `criteria` (AC id -> wording) lets a learner's own section numbers be told apart from AC numbers."""
    own_numbering = criteria is not None and _own_numbering(blocks, known, none_headings)
    stack: list[tuple[int, Block, Signpost]] = []
    contexts: dict[str, Context] = {}
    tags: dict[str, str] = {}          # blocks whose tag governs the blocks after them: the tag as written
    fresh = True
    for block in blocks:
        if block.kind == "heading":
            level = block.level or 1
            stack = [entry for entry in stack if entry[0] < level]
            stack.append((level, block, _heading_signpost(block.text, known, criteria or {}, own_numbering)))
            fresh = True
            continue
        if block.kind not in mapped_kinds:
            continue
        opening = read_signpost(block.text, known, heading=False)
        if opening:
            stack = [entry for entry in stack if entry[0] < _OPENING_LEVEL]
            stack.append((_OPENING_LEVEL, block, opening))
            fresh = True
        ctx = Context(new_section=fresh)
        fresh = False
        for level, heading, sign in reversed(stack):
            if sign.criteria and not ctx.criteria:
                ctx.criteria, ctx.explicit = sign.criteria, sign.explicit
                ctx.criteria_from, ctx.criteria_block = (tags.get(heading.id) or heading.text)[:80], heading.id
                ctx.criteria_by_opening = level == _OPENING_LEVEL
                ctx.criteria_by_earlier_tag = heading.id in tags
            elif sign.outcomes and not ctx.outcomes:
                ctx.outcomes, ctx.outcomes_from = sign.outcomes, heading.text[:80]
            elif not sign and heading.kind == "heading":
                if _is_none_heading(heading.text, none_headings) and not ctx.criteria and not ctx.none_heading:
                    ctx.none_heading = heading.text[:80]
                elif not ctx.criteria:
                    ctx.own_headings.append(heading.text)
        tag, written = read_tag(block.text, known)
        if tag and not opening:        # a tag speaks for its own block, over any heading …
            if ctx.criteria and not set(tag.criteria) <= set(ctx.criteria):
                # … and, naming a criterion its heading does not, begins that criterion's answer
                stack = [entry for entry in stack if entry[0] < _OPENING_LEVEL] + [(_OPENING_LEVEL, block, tag)]
                tags[block.id] = written
                fresh = True
            ctx.criteria, ctx.explicit, ctx.criteria_from = tag.criteria, tag.explicit, written
            ctx.criteria_block, ctx.criteria_by_opening, ctx.criteria_by_tag = block.id, False, True
            ctx.criteria_by_earlier_tag = False
        if ctx.criteria:
            ctx.none_heading = ""
        contexts[block.id] = ctx
    _drop_titles(list(contexts.values()))
    return contexts


def _drop_titles(contexts: list[Context]) -> None:
    """A heading above every block of the body is the work's title, not a section's heading."""
    if len(contexts) < 2:
        return
    titles = set(contexts[0].own_headings).intersection(*(c.own_headings for c in contexts[1:]))
    for ctx in contexts:
        ctx.own_headings = [h for h in ctx.own_headings if h not in titles]
