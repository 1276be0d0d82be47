"""Plain-English advice for the HTML report: verb meanings, verb judgements, per-AC hints, next steps.

Hints are derived generically from the unit (theories named for an AC, short topic lists in its
good-practice guidance) and the verb glossary (`expects`), so every unit gets them without
hand-written text. Guidance prose is never reproduced for learners: only short topic names and
questions are drawn from it.
"""

from __future__ import annotations

import re

# fallback wording when models/lexicons/discourse.yaml gives none
NEED_WORDING = {
    "weighing": "does not weigh strengths against limitations", "judgement": "does not reach a judgement",
    "causes_effects": "does not explain causes and effects", "reasons": "does not give reasons",
    "parts": "does not break the topic into its parts", "perspectives": "looks at it from only one point of view",
    "similarities": "does not say what they have in common", "differences": "does not say how they differ",
    "artefact": "does not include the plan, policy or record itself", "description": "says too little to describe it",
    "examples": "gives no examples", "application": "does not apply it to a real situation",
    "action": "does not show what was done",
}


def _quoted(verbs: list[str]) -> str:
    return " and ".join(f"‘{v}’" for v in verbs if v)


def _ids(ids: list[str], most: int = 4) -> str:
    shown = [str(i) for i in ids[:most]]
    text = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    return text + (f" (and {len(ids) - most} more)" if len(ids) > most else "")


def _lower_first(text: str) -> str:
    """'A clear view' -> 'a clear view'; an acronym such as 'GROW model' stays as it is."""
    first = text.split(" ", 1)[0]
    if len(first) == 1 or not first[1:2].isupper():
        return text[:1].lower() + text[1:]
    return text


def verb_entries(verbs: list[str], glossary: dict) -> list[dict]:
    out = []
    for verb in verbs:
        entry = glossary.get(verb) if isinstance(glossary.get(verb), dict) else {}
        expects = entry.get("expects") if isinstance(entry.get("expects"), list) else []
        out.append({"verb": verb, "definition": entry.get("definition"), "expects": [str(e) for e in expects],
                    "depth": entry.get("depth"), "shallow_hint": entry.get("shallow_hint")})
    return out


def verb_judgement(criterion: dict, verbs: list[str], wording: dict, audience: str) -> dict:
    check = criterion.get("verb_check") or {}
    status = check.get("status") or "not_applicable"
    missing = [m for m in check.get("missing") or []]
    if status == "adequate":
        summary = f"The evidence does what {_quoted(verbs)} asks."
    elif status == "shallow":
        summary = f"The evidence does not yet go as deep as {_quoted(verbs)} asks."
    else:
        summary = "Nothing to judge yet: no evidence was found for this criterion."
    reasons = [str(r) for r in check.get("reasons") or []]
    hint = check.get("hint") if status == "shallow" else None
    return {"status": status, "summary": summary, "hint": hint, "reasons": reasons,
            "missing": check.get("gaps") or [wording.get(m) or NEED_WORDING.get(m) or m.replace("_", " ")
                                             for m in missing],
            "missing_keys": missing, "needs": check.get("needs") or [], "found": check.get("found") or {},
            "model_reason": (check.get("model") or {}).get("reason")}


def _theories(criterion: dict, unit: dict, most: int = 3) -> list[str]:
    ac = criterion["id"]
    named = [t for t in unit.get("theories") or [] if isinstance(t, dict) and t.get("name")
             and (ac in (t.get("criteria") or []) or not t.get("criteria"))]
    named.sort(key=lambda t: len(t.get("criteria") or []) or 99)      # the most specific first
    used = " ".join(criterion.get("theory") or []) + " " + " ".join(criterion.get("citations") or [])
    fresh = [t["name"] for t in named if t["name"].split(" (")[0].lower() not in used.lower()]
    return fresh[:most]


def _guidance_prompts(criterion: dict, unit: dict) -> tuple[list[str], list[str]]:
    """Short topic names (bullet items) and questions from the unit's guidance for this AC."""
    topics: list[str] = []
    questions: list[str] = []
    for entry in unit.get("guidance") or []:
        acs = entry.get("criteria") or []
        if criterion["id"] not in acs or len(acs) > 6:     # skip unit-wide notes
            continue
        for line in str(entry.get("text", "")).splitlines():
            item = line.strip()
            if item.startswith(("- ", "• ")):
                if len(item.split()) <= 10 and not item.endswith("?"):
                    topics.append(item[2:].strip().rstrip(";,."))
                continue
            for sentence in re.split(r"(?<=[?.!])\s+", item):
                if sentence.endswith("?") and 4 <= len(sentence.split()) <= 20:
                    questions.append(sentence)
    return topics[:5], questions[:2]


def criterion_hints(criterion: dict, key: str, unit: dict, glossary: dict, audience: str) -> list[str]:
    """Concrete suggestions for a criterion that is missing, weak or shallow."""
    ac, hints = criterion["id"], []
    if key == "missing":
        whose = "your" if audience == "learner" else "the"
        hints.append(f"Nothing in {whose} work answers AC {ac} yet. Add a section that does, under a heading "
                     f"that names AC {ac}, so the assessor can find it.")
    elif key == "weak":
        uncertain = any("uncertain" in str(r) for r in criterion.get("reasons") or [])
        hints.append(f"Make the link clearer: say in your own words how this part answers ‘{criterion['text']}’."
                     if uncertain else
                     f"Develop this further: only about {criterion.get('words', 0):,} words address it so far.")
    for entry in verb_entries(criterion.get("verbs") or [criterion.get("verb", "")], glossary):
        if entry["expects"]:
            points = "; ".join(_lower_first(e.rstrip(".")) for e in entry["expects"])
            hints.append(f"To {entry['verb']} well, include: {points}.")
    theories = _theories(criterion, unit)
    if theories:
        names = theories[0] if len(theories) == 1 else ", ".join(theories[:-1]) + " or " + theories[-1]
        hints.append(f"Consider using {names} to support your points, and cite the source.")
    topics, questions = _guidance_prompts(criterion, unit)
    if topics:
        hints.append("The unit's guidance suggests areas such as: " + "; ".join(topics) + ".")
    for question in questions:
        hints.append(f"Ask yourself: {question}")
    practice = criterion.get("practice_linked") or {}
    if key != "missing" and practice.get("linked") is False:
        hints.append("Apply it to your own organisation: a specific example from your workplace shows you can "
                     "link theory to practice.")
    if key != "missing" and not theories and not criterion.get("theory") and not criterion.get("citations"):
        hints.append("Support your points with a recognised model or author, and cite it.")
    return hints


def _band_step(wc: dict) -> str | None:
    band, counted = wc.get("band") or {}, wc.get("counted")
    if counted is None or not band:
        return None
    lower, upper = band.get("lower_limit", band.get("min")), band.get("upper_limit", band.get("max"))
    if lower is not None and counted < lower:
        return (f"Add at least {lower - counted:,} words: {counted:,} words count now, and the band is "
                f"{band['min']:,}–{band['max']:,} words (at least {lower:,} with the margin). "
                f"Spend them on the criteria that need more.")
    if upper is not None and counted > upper:
        return (f"Cut at least {counted - upper:,} words: {counted:,} words count now, and the band is "
                f"{band['min']:,}–{band['max']:,} words (at most {upper:,} with the margin).")
    return None


def next_steps(report: dict, cards: list[dict], audience: str, most: int = 3) -> list[str]:
    """The two or three most important things to do next, most important first."""
    by_key: dict[str, list[dict]] = {}
    for card in cards:
        by_key.setdefault(card["status"]["key"], []).append(card)
    steps = []
    if by_key.get("missing"):
        ids = [c["id"] for c in by_key["missing"]]
        whose = "your" if audience == "learner" else "the"
        steps.append(f"Answer AC {_ids(ids)}: nothing in {whose} work addresses {'it' if len(ids) == 1 else 'them'}"
                     f" yet.")
    if by_key.get("shallow"):
        first = by_key["shallow"][0]
        verb = first["verbs"][0] if first["verbs"] else {}
        same_verb = len({c["verbs"][0]["verb"] for c in by_key["shallow"] if c["verbs"]}) == 1
        meaning = (f": ‘{verb['verb']}’ asks you to {_lower_first(verb['definition'])}"
                   if verb.get("definition") and same_verb
                   else ": do what each command verb asks (see the cards).")
        steps.append(f"Go deeper on AC {_ids([c['id'] for c in by_key['shallow']])}{meaning}")
    if by_key.get("weak"):
        ids = [c["id"] for c in by_key["weak"]]
        steps.append(f"Develop AC {_ids(ids)}: {'it has' if len(ids) == 1 else 'each has'} some evidence, "
                     f"but not yet enough.")
    words = _band_step(report.get("word_count") or {})
    if words:
        steps.insert(min(1, len(steps)), words)
    flags = report.get("flags") or []
    if any(f.get("kind") == "copied_guidance" for f in flags):
        steps.append("Rewrite in your own words the passages that repeat the unit's guidance (see Flags).")
    missing_refs = (report.get("references") or {}).get("cited_not_listed") or []
    if missing_refs:
        steps.append(f"Add reference-list entries for {_ids(missing_refs, 3)}.")
    if any(f.get("kind") == "declared_mismatch" for f in flags):
        steps.append("Correct the word count declared on your cover page.")
    if not steps:
        steps.append("Every criterion looks evidenced. Read each card to check the depth, then proofread "
                     "and check your references.")
    return steps[:most]
