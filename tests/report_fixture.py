"""Synthetic report and unit dicts for the HTML report tests (no pipeline, no models/ needed).

The unit is invented for testing (wording original to this project); the report has the shape of
`Analysis.to_dict()`: every status (evidenced, shallow, weak, missing), every excluded kind, a table,
references, flags and reading notes.
"""

from __future__ import annotations

import copy

XSS = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "link": "[a](javascript:alert(1))",
    "template": "{{ 7*7 }}",
}

GLOSSARY = {
    "analyse": {"definition": "Break a subject into its parts and show how they connect.",
                "expects": ["The main factors", "How the factors link, with causes and effects"],
                "depth": "high", "needs": ["parts", "causes_effects"],
                "shallow_hint": "Pick out the main factors and show how each affects the result."},
    "evaluate": {"definition": "Weigh up strengths and weaknesses and reach a justified conclusion.",
                 "expects": ["Strengths and limitations", "A clear, justified conclusion"],
                 "depth": "high", "needs": ["weighing", "judgement"],
                 "shallow_hint": "Weigh the points against each other and say which matters most."},
    "explain": {"definition": "Make something clear, giving reasons.", "expects": ["Reasons", "Examples"]},
    "develop": {"definition": "Produce a workable plan.", "expects": ["The plan itself, with owners and dates"]},
    # 'describe' deliberately has no entry: the report must cope with gaps in the glossary
}


def sample_unit() -> dict:
    outcomes = [
        ("1", "Understand how team coaching supports organisational goals", [
            ("1.1", "analyse", "Analyse the purpose of team coaching in a growing organisation"),
            ("1.2", "evaluate", "Evaluate the benefits and costs of team coaching"),
            ("1.3", "describe", "Describe the role of a sponsor in a coaching programme")]),
        ("2", "Be able to plan a team coaching programme", [
            ("2.1", "develop", "Develop a plan for a team coaching programme"),
            ("2.2", "explain", "Explain how the programme's impact will be measured")]),
        ("3", "Understand the culture needed for team coaching", [
            ("3.1", "analyse", "Analyse the cultural factors that help team coaching"),
            ("3.2", "evaluate", "Evaluate barriers to a coaching culture"),
            ("3.3", "explain", "Explain how leaders can role-model coaching behaviours")]),
    ]
    return {
        "number": "9901", "title": "Team coaching for organisational performance", "level": 7, "credits": 6,
        "aim": "A synthetic unit for testing the report.",
        "outcomes": [{"id": oid, "text": text, "criteria": [
            {"id": cid, "verb": verb, "verbs": [verb], "text": ctext} for cid, verb, ctext in criteria]}
            for oid, text, criteria in outcomes],
        "guidance": [
            {"criteria": ["3.1", "3.2"], "text": "Learners might picture their culture with a model.\n"
             "- Stories and rituals\n- Power structures\n- Control systems\n"
             "What does your organisation reward?"},
            {"criteria": ["2.1"], "text": "A plan with owners and dates works well.\n- Budget\n- Timescales"},
        ],
        "theories": [
            {"name": "cultural web (Johnson and Scholes)", "criteria": ["3.1", "3.2"]},
            {"name": "Schein", "criteria": ["3.1", "3.2", "3.3"]},
            {"name": "Hawkins", "criteria": ["1.1", "1.2"]},
            {"name": "Kirkpatrick", "criteria": ["2.2"]},
        ],
        "anomalies": [],
    }


def _block(i: int, kind: str, text: str, criteria=(), confidence=None, reasons=(), counted=None, **extra) -> dict:
    counted_kinds = {"paragraph", "list_item", "quote"}
    block = {"id": f"b{i}", "kind": kind, "text": text, "words": len(text.split()),
             "counted": kind in counted_kinds if counted is None else counted, "criteria": list(criteria),
             "confidence": confidence, "reasons": list(reasons), "source": {}}
    block.update(extra)
    return block


def sample_report() -> dict:
    blocks = [
        _block(0, "title", "Team coaching at Northfield Housing"),
        _block(1, "contents", "Contents 1 Purpose 2 Plan 3 Culture"),
        _block(2, "heading", "1 Purpose of team coaching", level=1),
        _block(3, "paragraph", "Northfield Housing has grown from 80 to 240 staff in three years, and team "
               "coaching helps new teams agree goals quickly. The purpose of team coaching here is to align "
               "each team with the organisation's plan because growth has stretched communication. Firstly it "
               "builds shared goals; secondly it speeds up learning across the growing organisation.",
               ["1.1"], 0.91, ["shares with 1.1: purpose, team coaching, growing organisation",
                              "section heading '1 Purpose of team coaching'"]),
        _block(4, "paragraph", "The benefits of team coaching include faster decisions and better morale, "
               "although the costs include coach fees and staff time. Hawkins (2017) argues the benefits "
               "outweigh the costs. On balance the benefits are greater for our housing teams.",
               ["1.2"], 0.88, ["shares with 1.2: benefit, cost, team coaching"]),
        _block(5, "list_item", "A sponsor champions the programme.", ["1.3"], 0.62,
               ["shares with 1.3: sponsor"]),
        _block(6, "heading", "2 The programme plan", level=1),
        _block(7, "paragraph", "The plan below sets out the programme for the first year, with owners.",
               ["2.1"], 0.8, ["shares with 2.1: plan, programme"]),
        _block(8, "table", "Action | Owner | Date", counted=False,
               rows=[["Action", "Owner", "Date"], ["Train six coaches", "HR lead", "March 2025"],
                     ["Launch pilot teams", "Operations director", "May 2025"]]),
        _block(9, "paragraph", "Impact will be measured with Kirkpatrick's four levels: reaction, learning, "
               "behaviour and results, so that the board sees the return on the programme.",
               ["2.2"], 0.95, ["shares with 2.2: impact, measure"]),
        _block(10, "heading", "3 Culture", level=1),
        _block(11, "paragraph", "Our culture values openness, which helps coaching because staff are used to "
               "giving feedback. Stories of successful teams are shared at every all-staff meeting, and this "
               "means that coaching is seen as normal rather than remedial. The cultural web shows that power "
               "sits with area managers, so their support matters.",
               ["3.1", "3.3"], 0.77, ["shares with 3.1: culture, cultural", "shares with 3.3: leader"]),
        _block(12, "quote", "“Coaching is unlocking a person's potential” (Whitmore, 2017).", ["3.1"], 0.7,
               ["shares with 3.1: coaching"]),
        _block(13, "paragraph", "In conclusion, team coaching suits Northfield Housing as it grows.", [], 1.0,
               ["under 'Conclusion', which introduces or sums up"]),
        _block(14, "heading", "References", level=1),
        _block(15, "reference", "Hawkins, P. (2017) Leadership Team Coaching. 3rd edn. London: Kogan Page."),
        _block(16, "reference", "Schein, E. (2010) Organizational Culture and Leadership. San Francisco: Jossey-Bass."),
        _block(17, "appendix", "Appendix A: coaching agreement template " + "word " * 40),
    ]
    criteria = [
        _criterion("1.1", "1", "Analyse the purpose of team coaching in a growing organisation", "analyse",
                   "evidenced", ["b3"], 50, 0.91, adequate=True, theory=[], citations=[]),
        _criterion("1.2", "1", "Evaluate the benefits and costs of team coaching", "evaluate", "evidenced", ["b4"],
                   37, 0.88, adequate=True, theory=["Hawkins"], citations=["Hawkins (2017)"]),
        _criterion("1.3", "1", "Describe the role of a sponsor in a coaching programme", "describe", "weak",
                   ["b5"], 5, 0.62, adequate=False, missing=["description"]),
        _criterion("2.1", "2", "Develop a plan for a team coaching programme", "develop", "evidenced", ["b7"], 13,
                   0.8, adequate=True),
        _criterion("2.2", "2", "Explain how the programme's impact will be measured", "explain", "evidenced",
                   ["b9"], 27, 0.95, adequate=True, theory=["Kirkpatrick"]),
        _criterion("3.1", "3", "Analyse the cultural factors that help team coaching", "analyse", "evidenced",
                   ["b11", "b12"], 31, 0.77, adequate=False, missing=["parts"],
                   theory=["cultural web"], citations=["Whitmore (2017)"]),
        _criterion("3.2", "3", "Evaluate barriers to a coaching culture", "evaluate", "missing", [], 0, 0.0),
        _criterion("3.3", "3", "Explain how leaders can role-model coaching behaviours", "explain", "weak",
                   ["b11"], 25, 0.41, adequate=True),
    ]
    criteria[2]["reasons"] = ["only 5 words of evidence in 1 block (b5); fewer than 50 is too little to meet it"]
    criteria[7]["reasons"] = ["evidence in 1 block (b11) is uncertain (best confidence 0.41)"]
    criteria[7]["practice_linked"] = {"linked": False, "reasons": ["no workplace detail"], "signals": {}}
    return {
        "checker_version": "0.1.0", "file": "northfield-team-coaching.docx", "format": "docx",
        "unit": {"number": "9901", "title": "Team coaching for organisational performance", "level": 7},
        "word_count": {
            "counted": 2480, "declared": 3000,
            "band": {"min": 3000, "max": 3500, "margin": 0.1, "lower_limit": 2700, "upper_limit": 3850},
            "status": "under", "distance": 220, "by_kind": {"paragraph": 2400, "list_item": 50, "quote": 30},
            "excluded": {
                "title": {"words": 5, "blocks": 1, "why": "the title page is not counted"},
                "contents": {"words": 7, "blocks": 1, "why": "the contents page is not counted"},
                "heading": {"words": 12, "blocks": 4, "why": "headings are not counted"},
                "table": {"words": 20, "blocks": 1, "why": "tables are not counted"},
                "reference": {"words": 25, "blocks": 2, "why": "reference lists are not counted"},
                "appendix": {"words": 45, "blocks": 1, "why": "appendices are not counted"},
            },
            "declared_mismatch": True, "appendix_words": 45, "long_appendices": False,
            "counted_kinds": ["paragraph", "list_item", "quote"],
        },
        "summary": {"criteria_total": 8, "evidenced": 5, "weak": ["1.3", "3.3"], "missing": ["3.2"],
                    "shallow": ["3.1"], "at_risk": ["1.3", "3.1", "3.2", "3.3"], "all_met": False},
        "blocks": blocks,
        "criteria": criteria,
        "outcomes": [
            {"id": "1", "text": "Understand how team coaching supports organisational goals", "status": "at_risk",
             "criteria": ["1.1", "1.2", "1.3"], "at_risk": ["1.3"]},
            {"id": "2", "text": "Be able to plan a team coaching programme", "status": "evidenced",
             "criteria": ["2.1", "2.2"], "at_risk": []},
            {"id": "3", "text": "Understand the culture needed for team coaching", "status": "at_risk",
             "criteria": ["3.1", "3.2", "3.3"], "at_risk": ["3.1", "3.2", "3.3"]},
        ],
        "references": {
            "citations": [{"text": "Hawkins (2017)", "authors": ["Hawkins"], "year": "2017", "block": "b4"},
                          {"text": "Whitmore, 2017", "authors": ["Whitmore"], "year": "2017", "block": "b12"}],
            "entries": [{"text": blocks[15]["text"], "block": "b15"}, {"text": blocks[16]["text"], "block": "b16"}],
            "cited_not_listed": [{"citation": "Whitmore (2017)", "block": "b5", "note": ""},
                                 {"citation": "Kotter (1995)", "block": "b6",
                                  "note": "a reference by this author has a different year"}],
            "listed_not_cited": [{"entry": "Schein, E. (2010) Organizational Culture and Leadership.",
                                  "block": "b40"}],
        },
        "flags": [
            {"kind": "copied_guidance", "block": "b11", "text": "Stories of successful teams are shared",
             "words": 6, "source": "good-practice guidance for 3.1, 3.2",
             "reason": "6 words match the unit's good-practice guidance almost word for word"},
            {"kind": "declared_mismatch", "block": None, "text": "the cover declares 3,000 words; 2,480 counted",
             "reason": "the declared count differs from the counted words by more than the margin"},
        ],
        "notes": ["tracked changes were accepted before counting"],
    }


def _criterion(cid, outcome, text, verb, status, evidence, words, confidence, adequate=None, missing=(),
               theory=(), citations=()) -> dict:
    if not evidence:
        verb_check = {"status": "not_applicable", "verbs": [verb], "missing": [], "reasons": ["no evidence to judge"]}
    elif adequate:
        verb_check = {"status": "adequate", "verbs": [verb], "needs": ["reasons"], "found": {"reasons": 2},
                      "missing": [], "reasons": [f"does what '{verb}' asks: shows reasons (2 sentences)"]}
    else:
        verb_check = {"status": "shallow", "verbs": [verb], "needs": list(missing), "found": {m: 0 for m in missing},
                      "missing": list(missing), "reasons": [f"{words} words, but the answer misses something",
                                                            (GLOSSARY.get(verb) or {}).get("shallow_hint", "Go deeper.")]}
    return {"id": cid, "outcome": outcome, "text": text, "verb": verb, "verbs": [verb], "status": status,
            "evidence": list(evidence), "words": words, "confidence": confidence,
            "reasons": [f"{words} words in {len(evidence)} block(s)"] if evidence else
            ["no paragraph addresses this criterion"],
            "verb_check": verb_check, "theory": list(theory), "citations": list(citations),
            "practice_linked": {"linked": bool(evidence), "reasons": ["names the learner's organisation"],
                                "signals": {"first_person": 3, "named": ["Northfield Housing"]}}}


def hostile_report() -> dict:
    """The sample report with attack strings in every place learner (or centre) text can reach."""
    report = copy.deepcopy(sample_report())
    payload = " ".join(XSS.values())
    report["file"] = f"{XSS['script']}.docx"
    for block in report["blocks"]:
        if block["kind"] in ("paragraph", "heading", "reference", "appendix"):
            block["text"] = f"{block['text']} {payload}"
        if block.get("rows"):
            block["rows"][1][0] = payload
    report["references"]["cited_not_listed"].append({"citation": XSS["img"], "block": "b5", "note": ""})
    report["references"]["listed_not_cited"].append({"entry": XSS["link"], "block": "b40"})
    report["criteria"][1]["theory"].append(XSS["template"])
    report["criteria"][1]["citations"].append(XSS["script"])
    for flag in report["flags"]:
        flag["text"] = f"{flag['text']} {payload}"
    report["notes"].append(payload)
    return report
