"""The mapper on small hand-made submissions: signposts, outcome headings, order and content."""

import pytest

from checker.analysis import Settings, run_check
from checker.document import Block, Submission
from checker.units import UnitLibrary

P = {
    "intro": "This report looks at how coaching and mentoring work at Riverside Care, where I manage a team of "
             "twelve support workers across two residential homes in Leeds.",
    "1.1": "Coaching in human resources development helps employees build skills at work. At Riverside Care, "
           "coaching is the main way HR develops new support workers: each has six coaching conversations in "
           "their first year, focused on their development plan and their growth in the role.",
    "1.2": "Mentoring in management is a longer relationship in which an experienced manager guides a newer "
           "one. Our deputy managers are each mentored by a registered manager from another home, who shares "
           "how management decisions are made and helps them think through their career.",
    "1.3": "The difference between coaching and mentoring matters. Coaching is short and focused on a task, "
           "whereas mentoring is longer and broader. On balance, coaching suits our new staff better because "
           "they need quick skill gains, although mentoring is more valuable for future managers.",
    "2.1": "In performance management, coaching and mentoring bring clear benefits: appraisals became two-way "
           "conversations, and sickness absence fell from 6% to 4%. However, they take managers' time, and "
           "overall I judge the benefits outweigh that cost for performance.",
    "2.2": "Coaching and mentoring support team learning because the team reflects together after incidents "
           "and shares what worked. Our monthly team learning sessions use a coaching style of questions.",
    "3.1": "My role as a manager acting as coach and mentor is demanding: the manager must hold people to "
           "account while also being a trusted coach, and these roles can conflict because of authority.",
    "3.2": "Coaching and mentoring link to organisational objectives: our objective to cut agency spend by "
           "10% depends on retaining staff, and coaching has improved retention.",
    "end": "In conclusion, coaching and mentoring both help Riverside Care, and I will keep developing them.",
}


@pytest.fixture(scope="module")
def unit():
    return UnitLibrary.load().get("5014")


EXTRA = {
    "1.1": " It gives HR a cheap, steady way to grow people rather than sending them on courses.",
    "1.2": " The mentor is not their line manager, so the deputy can speak openly about management mistakes.",
    "1.3": " The two overlap in the listening skills they use, but differ in who sets the agenda.",
    "2.1": " Performance reviews now include a coaching conversation about the next quarter's targets, "
           "which staff say feels fairer than the old tick-box appraisal.",
    "2.2": " New staff learn faster when the whole team talks through what happened on a shift, and the "
           "quieter members now contribute more than they did a year ago.",
    "3.1": " I try to separate the two by holding coaching sessions away from supervision meetings, so that "
           "staff can tell which hat I am wearing at any moment.",
    "3.2": " Our business plan names staff retention as a strategic objective for the next two years, and "
           "every home manager now reports coaching activity alongside turnover each quarter.",
}


def check(unit, items):
    items = [(kind, text + EXTRA.get(next((k for k, v in P.items() if v == text), ""), ""), *rest)
             for kind, text, *rest in items]
    blocks = []
    for i, (kind, text, *level) in enumerate(items):
        blocks.append(Block(f"b{i}", kind, text, level=level[0] if level else None))
    analysis = run_check("test.txt", unit, Settings(), submission=Submission("test.txt", "txt", blocks))
    return analysis.to_dict()


def labels(report):
    return [b["criteria"] for b in report["blocks"] if b["kind"] == "paragraph"]


def test_signposted_headings(unit):
    items = [("heading", "Introduction", 1), ("paragraph", P["intro"])]
    for ac in ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]:
        items += [("heading", f"AC {ac}", 1), ("paragraph", P[ac])]
    items += [("heading", "Conclusion", 1), ("paragraph", P["end"])]
    report = check(unit, items)
    assert labels(report) == [[], ["1.1"], ["1.2"], ["1.3"], ["2.1"], ["2.2"], ["3.1"], ["3.2"], []]
    assert report["summary"]["evidenced"] == 7
    assert any("names 1.1" in r for r in report["blocks"][3]["reasons"])


def test_unsignposted_essay_in_a_new_order(unit):
    order = ["intro", "3.1", "3.2", "1.1", "1.2", "1.3", "2.1", "2.2", "end"]
    report = check(unit, [("paragraph", P[k]) for k in order])
    expected = [[] if k in ("intro", "end") else [k] for k in order]
    assert labels(report) == expected


def test_heading_for_an_ac_with_no_answer_is_not_evidence(unit):
    items = [("heading", "AC 1.1", 1), ("paragraph", P["1.1"]), ("heading", "AC 1.2", 1),
             ("heading", "AC 1.3", 1), ("paragraph", P["1.3"])]
    report = check(unit, items)
    status = {c["id"]: c["status"] for c in report["criteria"]}
    assert status["1.2"] == "missing" and status["1.1"] == "evidenced" and status["1.3"] == "evidenced"
    assert "1.2" in report["summary"]["at_risk"]
    reasons = next(c["reasons"] for c in report["criteria"] if c["id"] == "1.2")
    assert any(r.startswith("the closest block is b") and "mapped to" in r for r in reasons)


def test_learning_outcome_heading_narrows(unit):
    items = [("heading", "Learning outcome 2", 1), ("paragraph", P["2.1"]), ("paragraph", P["2.2"])]
    report = check(unit, items)
    assert labels(report) == [["2.1"], ["2.2"]]
    assert any("Learning outcome 2" in r for r in report["blocks"][1]["reasons"])


def test_cojoined_heading_lets_the_text_decide(unit):
    items = [("heading", "ACs 1.1 and 1.2", 1), ("paragraph", P["1.1"]), ("paragraph", P["1.2"])]
    report = check(unit, items)
    assert labels(report) == [["1.1"], ["1.2"]]


def test_every_block_appears_once_in_order(unit):
    items = [("heading", "AC 1.1", 1), ("paragraph", P["1.1"]), ("reference", "Whitmore, J. (2017) Coaching.")]
    report = check(unit, items)
    assert [b["id"] for b in report["blocks"]] == ["b0", "b1", "b2"]
    assert [b["text"] for b in report["blocks"]][2] == items[2][1]
    assert report["blocks"][1]["text"].startswith(items[1][1])



def test_a_list_stays_with_the_paragraph_that_introduces_it(unit):
    """Short list items carry little evidence; they belong to their lead-in paragraph, not to the
    criterion the next paragraph answers (the last item's words lean towards it)."""
    items = [("paragraph", P["intro"]), ("paragraph", P["1.3"]),
             ("paragraph", P["2.1"] + " Three things made the difference."),
             ("list_item", "Sessions were booked in advance and never cancelled for rota reasons."),
             ("list_item", "Each worker chose what to talk about, so it felt like their time."),
             ("list_item", "As the manager I kept the two roles apart, and the coach role was never used to judge."),
             ("paragraph", P["3.1"])]
    report = check(unit, items)
    assert [b["criteria"] for b in report["blocks"]] == [[], ["1.3"], ["2.1"], ["2.1"], ["2.1"], ["2.1"], ["3.1"]]


def test_a_plan_table_goes_to_the_criterion_that_asks_for_a_plan():
    """In this sample the development plan table (5016 AC 2.3, 'produce a personal development plan')
    shares few words with any criterion; its columns show it is a plan."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    report = run_check(root / "samples" / "l5-5016-lo.pdf", UnitLibrary.load().get("5016")).to_dict()
    tables = [b for b in report["blocks"] if b["kind"] == "table"]
    assert [t["criteria"] for t in tables] == [["1.3"], ["2.3"]]
    assert any("the kind of plan 2.3 asks for" in r for r in tables[1]["reasons"])


def test_the_learners_own_section_numbers_are_not_criteria(unit):
    """'1.1 Introduction' shows a numbering scheme of the learner's own: '2.1 Background' then names
    no criterion, and '3.1 Coaching for new starters' is judged by its text (AC 1.1), not its number."""
    items = [("heading", "1.1 Introduction", 2), ("paragraph", P["intro"]),
             ("heading", "2.1 Background", 2),
             ("paragraph", "Riverside Care runs two residential homes in Leeds with 40 staff, and was rated good "
                           "at its last inspection. I have managed the larger home for three years."),
             ("heading", "3.1 Coaching for new starters", 2), ("paragraph", P["1.1"]),
             ("heading", "3.2 Mentoring for deputies", 2), ("paragraph", P["1.2"]),
             ("heading", "3.3 Which suits us better?", 2), ("paragraph", P["1.3"]),
             ("heading", "4.1 Appraisals and absence", 2), ("paragraph", P["2.1"]),
             ("heading", "4.2 Learning as a team", 2), ("paragraph", P["2.2"])]
    report = check(unit, items)
    assert labels(report) == [[], [], ["1.1"], ["1.2"], ["1.3"], ["2.1"], ["2.2"]]
    assert not any("names" in r for b in report["blocks"] for r in b.get("reasons", []))


def test_numbered_headings_that_are_criteria_still_signpost(unit):
    items = [("heading", "1.1 Introduction", 2), ("paragraph", P["intro"]),
             ("heading", "2.1 Benefits of coaching and mentoring in performance management", 2),
             ("paragraph", P["3.1"])]
    report = check(unit, items)
    assert any("names 2.1" in r for r in report["blocks"][3]["reasons"])


def test_a_report_in_its_own_order_is_mapped_by_its_content(unit):
    """Own headings, criteria taken roughly backwards: the decoder notices and lets content lead."""
    order = ["3.2", "3.1", "2.2", "2.1", "1.3", "1.2", "1.1"]
    headings = ["Our objectives", "Wearing two hats", "Learning together", "Appraisals",
                "Which suits whom", "Guiding deputies", "Growing new staff"]
    items = [("heading", "Introduction", 1), ("paragraph", P["intro"])]
    for ac, heading in zip(order, headings):
        items += [("heading", heading, 1), ("paragraph", P[ac])]
    report = check(unit, items)
    assert labels(report) == [[]] + [[ac] for ac in order]
    assert any("order of its own" in r for r in report["blocks"][3]["reasons"])


def test_concept_folding_keeps_values_apart_from_benefits():
    from checker.nlp import content_terms

    assert "benefit" not in content_terms("our organisational values of dignity and respect")
    assert content_terms("the advantages") == content_terms("the benefits")
    assert content_terms("the charity's needs")[0] == content_terms("the organisation's needs")[0]


def test_us_and_oxford_spellings_read_as_british():
    """A learner who writes 'organization', 'analyzing' or 'behavior' uses the criteria's words."""
    from checker.nlp import content_terms

    assert content_terms("organizational behavior, prioritized and analyzed") == \
        content_terms("organisational behaviour, prioritised and analysed")
    assert content_terms("the size of the prize") == ["size", "prize"]      # not '-ise' words


def test_the_edges_lean_to_none_without_swallowing_clear_answers(unit):
    """Assignments open with an introduction and close with a conclusion, so the first and last blocks
    lean to "none"; a first or last paragraph that clearly answers a criterion still counts."""
    order = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]
    report = check(unit, [("paragraph", P[k]) for k in order])
    assert labels(report) == [[k] for k in order]
    closing = ("Looking back over the year, coaching and mentoring have changed how Riverside Care works, "
               "and I have learned a great deal about myself as a manager along the way.")
    report = check(unit, [("paragraph", P[k]) for k in ["intro"] + order] + [("paragraph", closing)])
    assert labels(report)[-1] == [] and labels(report)[-2] == ["3.2"]


def test_indicative_terms_find_an_answer_that_shares_no_words_with_its_criterion():
    """5001 AC 4.2 reads 'Conduct a health and safety risk assessment …'; a learner who walks through
    hazards, likelihood and control measures answers it without those words. The indicative terms
    (models/units/5001.yaml) carry it, and the reasons name them."""
    from checker.mapping.content import ContentModel

    unit = UnitLibrary.load().get("5001")
    answer = ("I walked the loading bay with our supervisor and listed each hazard: the forklift route, "
              "the wet floor by the chiller and the pallet stacks. For each we judged the likelihood and "
              "the severity, scored it on a matrix, and agreed control measures with a review date.")
    ids = [c.id for c in unit.criteria]
    plain = ContentModel(unit, indicative_weight=0.0).similarity([answer], [""])[0]
    helped = ContentModel(unit, indicative_weight=1.5).similarity([answer], [""])[0]
    assert ids[int(helped.argmax())] == "4.2"
    assert ids[int(plain.argmax())] != "4.2"
    terms = ContentModel(unit, indicative_weight=1.5).shared_terms(answer, ids.index("4.2"))
    assert {"hazard", "likelihood", "severity"} & set(terms)


def _grid(unit, ids):
    rows = [["AC", "Criterion", "Where evidenced"]]
    rows += [[c.id, c.text, "Section 2"] for c in unit.criteria if c.id in ids]
    return Block("b1", "table", "\n".join("\t".join(r) for r in rows), rows=rows)


def test_a_criteria_mapping_grid_is_not_evidence_nor_copied_text(unit):
    """Centres often have learners fill in a grid of the unit's criteria at the front. It names every
    criterion and quotes its wording by design: it answers nothing and copies nothing."""
    blocks = [Block("b0", "heading", "Assessment criteria mapping", level=1), _grid(unit, {c.id for c in unit.criteria}),
              Block("b2", "heading", "Introduction", level=1), Block("b3", "paragraph", P["intro"]),
              Block("b4", "heading", "Coaching and mentoring at Riverside", level=1),
              Block("b5", "paragraph", P["1.1"] + EXTRA["1.1"]), Block("b6", "paragraph", P["1.2"] + EXTRA["1.2"]),
              Block("b7", "paragraph", P["1.3"] + EXTRA["1.3"])]
    report = run_check("t.docx", unit, Settings(), submission=Submission("t.docx", "docx", blocks)).to_dict()
    grid = report["blocks"][1]
    assert grid["criteria"] == [] and "mapping grid" in grid["reasons"][0]
    assert not [f for f in report["flags"] if f["block"] == "b1"]
    status = {c["id"]: c["status"] for c in report["criteria"]}
    assert status["1.1"] == status["1.2"] == "evidenced" and status["3.2"] == "missing"


def test_a_table_that_names_two_criteria_is_still_read_as_an_answer(unit):
    from checker.signposts import criteria_grid

    assert criteria_grid(_grid(unit, {"2.1", "2.2"}), {c.id for c in unit.criteria}) == []
    assert criteria_grid(_grid(unit, {"1.1", "1.2", "1.3", "2.1"}), {c.id for c in unit.criteria}) == \
        ["1.1", "1.2", "1.3", "2.1"]


def test_an_opening_signpost_governs_the_paragraphs_after_it_and_says_so(unit):
    items = [("paragraph", P["intro"]), ("paragraph", "AC 1.1 " + P["1.1"]),
             ("paragraph", "At Riverside this matters most in the first year, when new workers are still learning "
                           "the routines of the homes and the coaching conversations keep them with us."),
             ("paragraph", "AC 1.2 " + P["1.2"])]
    report = check(unit, items)
    assert labels(report) == [[], ["1.1"], ["1.1"], ["1.2"]]
    assert report["blocks"][1]["reasons"][0].startswith("opening 'AC 1.1")
    assert report["blocks"][2]["reasons"][0].startswith("the opening of b1 'AC 1.1")


def test_a_placeholder_under_a_criterion_heading_is_not_evidence(unit):
    """A draft may keep a criterion's heading with 'I will come back to this section' under it: the
    criterion is still missing, and the reason says why."""
    items = [("paragraph", P["intro"]), ("heading", "AC 1.1 Purpose of coaching", 2), ("paragraph", P["1.1"]),
             ("heading", "AC 1.2 Mentoring in management", 2),
             ("paragraph", "I will come back to this section and finish it before I submit."),
             ("heading", "AC 1.3 Coaching and mentoring compared", 2), ("paragraph", P["1.3"]),
             ("heading", "AC 2.1", 2), ("paragraph", "TBC")]
    report = check(unit, items)
    status = {c["id"]: c["status"] for c in report["criteria"]}
    assert status["1.2"] == "missing" and status["2.1"] == "missing" and status["1.3"] == "evidenced"
    placeholder = next(b for b in report["blocks"] if b["text"].startswith("I will come back"))
    assert placeholder["criteria"] == [] and "placeholder" in placeholder["reasons"][0]


def test_context_and_closing_reflection_frame_the_work(unit):
    """Near the start, a paragraph that describes the organisation is context; near the end, one that
    reflects on the assignment as a whole is a closing reflection. Neither answers a criterion, and the
    reasons say which each is."""
    context = ("Riverside Care is a small charity that runs two residential homes in Leeds for adults with "
               "learning disabilities. It employs forty staff, most of them part-time support workers, and "
               "its development budget is about four thousand pounds a year.")
    reflection = ("Writing this has shown me my own coaching more clearly, and I now plan my "
                  "conversations with staff rather than leaving them to chance.")
    order = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]
    report = check(unit, [("paragraph", P["intro"]), ("paragraph", context)]
                   + [("paragraph", P[k]) for k in order] + [("paragraph", reflection), ("paragraph", P["end"])])
    assert labels(report) == [[], []] + [[k] for k in order] + [[], []]
    assert any("as context does" in r for r in report["blocks"][1]["reasons"])
    assert any("closing reflection" in r for r in report["blocks"][-2]["reasons"])


def test_a_framing_heading_the_unit_asks_for_is_an_answer():
    """'Background' usually frames the work, but for a unit whose criterion asks for the background, a
    section under that heading answers it."""
    from checker.units import parse_unit

    spec = {"number": "C302", "title": "Leading a change", "level": 5, "credits": 3, "outcomes": [
        {"id": "1", "text": "Understand a change", "criteria": [
            {"id": "1.1", "text": "Describe the background to a change in your organisation", "verbs": ["describe"]},
            {"id": "1.2", "text": "Explain how staff were consulted about the change", "verbs": ["explain"]}]}]}
    unit = parse_unit(spec, "c302.yaml", {"describe", "explain"})
    blocks = [Block("b0", "heading", "Background", level=1),
              Block("b1", "paragraph", "The background to the change was a merger of two depots in 2023, which "
                                       "left our organisation with two rotas, two cultures and one budget."),
              Block("b2", "heading", "Consultation", level=1),
              Block("b3", "paragraph", "Staff were consulted through four open meetings and a survey, and the "
                                       "union was consulted before the new rota was agreed.")]
    report = run_check("t.txt", unit, Settings(), submission=Submission("t.txt", "txt", blocks)).to_dict()
    assert [b["criteria"] for b in report["blocks"] if b["kind"] == "paragraph"] == [["1.1"], ["1.2"]]


def test_the_constrained_decoder_finds_the_best_path_that_visits_a_state():
    """`viterbi(..., must_visit)` returns the best path among those through the given states, and its
    score is lower by exactly what the detour costs."""
    import numpy as np

    from checker.mapping.decode import viterbi

    emit = np.log(np.array([[0.7, 0.2, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8]]))
    flat = np.log(np.full((3, 3), 1 / 3))
    path, score = viterbi(emit, [flat] * 3, np.log(np.full(3, 1 / 3)))
    assert path == [0, 0, 2]
    forced, forced_score = viterbi(emit, [flat] * 3, np.log(np.full(3, 1 / 3)), must_visit=(1,))
    assert forced == [0, 1, 2]
    assert score - forced_score == pytest.approx(np.log(0.6 / 0.3))
    both, _ = viterbi(emit, [flat] * 3, np.log(np.full(3, 1 / 3)), must_visit=(1, 0))
    assert 1 in both and 0 in both


def test_a_criterion_left_unanswered_by_a_near_tie_gets_the_block_but_a_far_one_stays_missing(unit):
    """Learners set out to answer every criterion: when the best reading gives one no block, but a
    reading almost as likely does, and that block beats "none" on its own evidence, the block goes to
    it. A criterion whose best block is far behind stays unanswered, and so does one whose only block
    is too short to show on its own that it answers the criterion."""
    import numpy as np

    from checker.mapping import Mapper
    from checker.mapping.decode import Decoder

    mapper = Mapper(unit)
    k = len(mapper.ids)
    ac = np.full((6, k), 1.0)
    for i, j in enumerate([0, 0, 1, 1, 3, 3]):    # blocks read as 1.1, 1.1, 1.2, 1.2, 2.1, 2.1
        ac[i, j] = 8.0
    ac[3, 2] = 7.0                                  # block 3 reads as 1.3 almost as well as 1.2
    ac[5, 4] = 6.0                                  # 2.2 is further behind
    decoder = Decoder(ac, np.full(6, 3.0), mapper.transitions)
    first, score = decoder.best()
    assert mapper.ids.index("1.3") not in first
    path, costs = mapper._answer_all(decoder, first, score, [40] * 6)
    assert path[3] == mapper.ids.index("1.3") and 0 < costs[mapper.ids.index("1.3")][0] <= 0.9
    assert mapper.ids.index("2.2") not in path and mapper.ids.index("2.2") not in costs
    short = [40, 40, 40, 12, 40, 40]                # the same near tie, in a block of a dozen content words
    assert mapper.ids.index("1.3") not in mapper._answer_all(decoder, first, score, short)[1]


def test_a_block_that_clearly_matches_an_unanswered_criterion_gets_it_at_a_higher_cost(unit):
    """Past a near tie, a block still goes to a criterion no other block answers when it matches that
    criterion clearly on its own words (`coverage.clear_lead` nats over "none"), as long as the
    reading costs at most `coverage.clear_cost`; a weaker match at the same cost does not."""
    import numpy as np

    from checker.mapping import Mapper
    from checker.mapping.decode import Decoder

    mapper = Mapper(unit)
    c = mapper.p["coverage"]
    k = len(mapper.ids)
    twenty_two = mapper.ids.index("2.2")

    def completed(none: float):
        ac = np.full((6, k), 1.0)
        for i, j in enumerate([0, 0, 1, 1, 3, 3]):
            ac[i, j] = 10.0
        ac[5, twenty_two] = 8.5                     # the last block reads as 2.2 nearly as well as 2.1
        decoder = Decoder(ac, np.full(6, none), mapper.transitions)
        return mapper._answer_all(decoder, *decoder.best(), [40] * 6)[1].get(twenty_two)

    clear = completed(none=8.5 - c["clear_lead"] - 1.0)
    assert clear is not None and c["max_cost"] < clear[0] <= c["clear_cost"]
    assert completed(none=8.5 - c["clear_lead"] + 1.0) is None
    reason = mapper._completion_reason(twenty_two, 3, *clear)
    assert "matches it clearly" in reason and "2.2" in reason


def test_an_unanswered_criterion_is_not_given_a_block_that_does_not_beat_none(unit):
    import numpy as np

    from checker.mapping import Mapper
    from checker.mapping.decode import Decoder

    mapper = Mapper(unit)
    k = len(mapper.ids)
    ac = np.full((4, k), 1.0)
    for i, j in enumerate([0, 1, 3, 3]):
        ac[i, j] = 8.0
    ac[1, 2] = 7.95                                 # a near tie with 1.2 …
    none = np.array([3.0, 8.5, 3.0, 3.0])           # … in a block that reads better as "none" anyway
    ac[1, 1] = 8.0
    decoder = Decoder(ac, none, mapper.transitions)
    path, costs = mapper._answer_all(decoder, *decoder.best(), [40] * 4)
    assert mapper.ids.index("1.3") not in costs


def test_evidence_found_by_that_completion_is_weak_and_says_why():
    """On a sample whose own-headings section for 2.2 was first read as framing: the criterion is weak,
    not missing, and the block's reasons say no other block answers it."""
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "samples" / "l6-6001-report.txt"
    report = run_check(sample, UnitLibrary.load().get("6001V1"), Settings()).to_dict()
    status = {c["id"]: c["status"] for c in report["criteria"]}
    assert status["2.2"] == "weak"
    evidence = [b for b in report["blocks"] if "2.2" in b["criteria"]]
    assert any("no other block answers 2.2" in r for b in evidence for r in b["reasons"])


def test_a_learners_own_bracketed_tags_name_the_criteria_of_their_paragraphs(unit):
    """Many learners tag their answers: '… (AC 2.1)', '[AC1.2]', '(AC 3.1 & 3.2)'. A tag speaks for
    its own paragraph, over the heading above it, and the reason quotes it. Brackets that hold a
    citation or a figure are not tags."""
    from checker.signposts import read_tag

    known = {c.id for c in unit.criteria}
    assert read_tag("Our turnover fell sharply (Kotter, 1996).", known)[0].criteria == []
    assert read_tag("Sickness absence fell (2.1%).", known)[0].criteria == []
    assert read_tag("… the whole team benefits. (AC2.2).", known)[0].criteria == ["2.2"]
    assert read_tag("[AC 3.1 & 3.2] Both roles matter.", known)[0].criteria == ["3.1", "3.2"]
    order = ["3.2", "1.2", "2.2", "1.1"]
    tags = {"3.2": " (AC 3.2)", "1.2": " [AC1.2]", "2.2": " (AC 2.2)", "1.1": " (1.1)"}
    items = [("heading", "How we develop people at Riverside", 1)]
    items += [("paragraph", P[k] + tags[k]) for k in order]
    items += [("paragraph", "Looking back over the year, this was the change my staff noticed most, and the "
                            "one they asked me to keep when the budget was cut in the spring. (AC 2.1)")]
    report = check(unit, items)
    assert labels(report) == [[k] for k in order] + [["2.1"]]
    first = next(b for b in report["blocks"] if b["kind"] == "paragraph")
    assert any(r.startswith("its tag '(AC 3.2)' names 3.2") for r in first["reasons"])


def test_a_framing_heading_is_known_under_a_slide_or_section_label(unit):
    """'Slide 11 – Summary and questions' and 'Section 1: Introduction' frame the work as their bare
    forms do; 'Partnership working' is not taken for 'part …'."""
    from checker.mapping.sections import section_contexts

    heads = ["Slide 11 – Summary and questions", "Section 1: Introduction", "Partnership working"]
    bs = []
    for i, h in enumerate(heads):
        bs += [Block(f"h{i}", "heading", h, level=1), Block(f"p{i}", "paragraph", "Some text about the work.")]
    contexts = section_contexts(bs, {c.id for c in unit.criteria}, {"summary", "introduction"}, {"paragraph"})
    assert [contexts[f"p{i}"].none_heading != "" for i in range(3)] == [True, True, False]


def test_a_recommendations_section_sums_up_unless_the_unit_asks_for_solutions(unit):
    """A report's closing 'Recommendations' list restates actions drawn from the answers, so it answers
    nothing; in a unit whose criterion asks for solutions, the same section is the answer."""
    from checker.mapping import Mapper
    from checker.units import parse_unit

    assert "recommendations" in Mapper(unit).none_headings
    spec = {"number": "C303", "title": "Solving a problem", "level": 5, "credits": 3, "outcomes": [
        {"id": "1", "text": "Be able to solve a problem", "criteria": [
            {"id": "1.1", "text": "Analyse a problem in your organisation", "verbs": ["analyse"]},
            {"id": "1.2", "text": "Identify and justify solutions to the problem", "verbs": ["identify", "justify"]}]}]}
    solving = parse_unit(spec, "c303.yaml", {"analyse", "identify", "justify"})
    assert "recommendations" not in Mapper(solving).none_headings
    order = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]
    items = [("paragraph", P[k]) for k in order] + [("heading", "Recommendations", 1)]
    items += [("list_item", "1. Give every new support worker six coaching conversations in their first year."),
              ("list_item", "2. Pair each deputy manager with a mentor from another home by April.")]
    report = check(unit, items)
    assert labels(report) == [[k] for k in order]
    assert [b["criteria"] for b in report["blocks"] if b["kind"] == "list_item"] == [[], []]


def test_a_section_on_what_the_writer_learned_frames_even_where_learning_is_the_topic(unit):
    """5014 asks about team learning, so 'learning' is a criterion's word; a closing 'What have I
    learned?' section is still the writer's reflection, not evidence for 2.2."""
    from checker.mapping import Mapper

    assert {"what i have learned", "what have i learned"} <= Mapper(unit).none_headings
    order = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]
    closing = ("For next term I have set myself three actions: a coaching slot for each member of the team "
               "every month, a team learning session after each busy weekend, and a monthly review of what the "
               "team has learned together with my own mentor.")
    items = [("paragraph", P[k]) for k in order] + [("heading", "What have I learned?", 1), ("paragraph", closing)]
    report = check(unit, items)
    last = [b for b in report["blocks"] if b["kind"] == "paragraph"][-1]
    assert last["criteria"] == []
    assert any("What have I learned?" in r for r in last["reasons"])


def test_short_items_under_a_cojoined_heading_keep_one_criterion(unit):
    """Under 'AC 2.1/2.2', a short list item has too little text to show that it serves both
    criteria, so it keeps the one the decoding gives it; a full paragraph may still serve both."""
    items = [("heading", "AC 2.1/2.2 Performance and team learning", 1), ("paragraph", P["2.1"])]
    items += [("list_item", t) for t in ["Clearer expectations each month.", "More regular feedback.",
                                         "Ownership of goals.", "Better morale."]]
    items += [("paragraph", P["2.2"])]
    report = check(unit, items)
    listed = [b["criteria"] for b in report["blocks"] if b["kind"] == "list_item"]
    assert all(len(c) == 1 for c in listed), listed


def test_a_one_line_transition_is_not_evidence_but_a_lead_in_to_a_list_is_part_of_the_answer(unit):
    items = [("paragraph", P["1.1"]), ("paragraph", "Next, mentoring."), ("paragraph", P["1.2"]),
             ("paragraph", "The differences are:"), ("list_item", "Coaching is shorter and focused on a task."),
             ("list_item", "Mentoring is longer and broader, and looks at a whole career."),
             ("paragraph", "There are three similarities."), ("list_item", "Both rest on a trusting relationship."),
             ("list_item", "Both help the learner find their own answers rather than being told.")]
    report = check(unit, items)
    transition = next(b for b in report["blocks"] if b["text"] == "Next, mentoring.")
    assert transition["criteria"] == [] and "transition" in transition["reasons"][0]
    for lead_in in ("The differences are:", "There are three similarities."):     # with or without a colon
        assert next(b for b in report["blocks"] if b["text"] == lead_in)["criteria"] != []


def test_a_pasted_list_of_the_criteria_is_not_evidence_for_them(tmp_path):
    """Learners often open with the criteria the work covers, quoted in full. That list restates the
    unit; it answers nothing, so a criterion the learner never answers stays missing."""
    unit = UnitLibrary.load().get("5014")
    pasted = "\n".join(f"- {c.id} {c.text}" for c in unit.criteria)
    answer = ("In my contact centre I coach each adviser every month, using the GROW model so that they set "
              "their own goals for call quality and find their own options, which builds their skills. ")
    text = (f"Learner: Sam Carter\n\nThis assignment covers these criteria:\n\n{pasted}\n\n"
            f"Coaching in my team\n\n{answer * 3}\n")
    path = tmp_path / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    report = run_check(path, unit, Settings()).to_dict()
    listed = [b for b in report["blocks"] if b["kind"] == "list_item"]
    assert len(listed) == len(unit.criteria)
    assert all(b["criteria"] == [] and "restates the wording" in b["reasons"][0] for b in listed)
    status = {c["id"]: c["status"] for c in report["criteria"]}
    assert status["3.2"] == "missing" and status["1.1"] != "missing"


def test_a_workbooks_task_brief_and_a_closing_reflection_answer_nothing(tmp_path):
    unit = UnitLibrary.load().get("5014")
    coaching = ("In my contact centre I coach each adviser every month, using the GROW model so that they set "
                "their own goals for call quality and find their own options, which builds their skills.")
    mentoring = ("Mentoring at the branch pairs each new starter with an experienced colleague for six months, "
                 "who shares what they have learnt about the job, the managers and the wider organisation.")
    reflection = ("Working on this has made me think about how my team learns together, and I now share what "
                  "I learn at our weekly team huddle so that the whole team learns from it.")
    text = (f"Learner: Sam Carter\n\nTask 1\n\nBrief: explain what coaching is for in developing people, with "
            f"examples from your own workplace.\n\n" + "\n\n".join([coaching] * 3) +
            "\n\nTask 2\n\nBrief: describe how mentoring is used by managers.\n\n" + "\n\n".join([mentoring] * 3) +
            f"\n\nReflection\n\n{reflection}\n")
    path = tmp_path / "workbook.txt"
    path.write_text(text, encoding="utf-8")
    report = run_check(path, unit, Settings()).to_dict()
    mapped = {}
    for b in report["blocks"]:
        if b["kind"] == "paragraph":
            mapped.setdefault(b["text"][:12], []).append(b)
    assert all(b["criteria"] == [] and "brief" in b["reasons"][0] for b in mapped["Brief: expla"] + mapped["Brief: descr"])
    assert [b["criteria"] for b in mapped[reflection[:12]]] == [[]]
    assert [b["criteria"] for b in mapped[coaching[:12]]] == [["1.1"]] * 3
    assert [b["criteria"] for b in mapped[mentoring[:12]]] == [["1.2"]] * 3


def test_a_list_keeps_one_criterion_even_when_its_later_items_lean_to_another(unit):
    """Learners' lists answer one thing: items whose words lean towards the next criterion stay with
    the list's lead-in, and the criterion after the list is still found."""
    items = [("paragraph", P["intro"]), ("paragraph", P["3.1"] + " The parts of my role are these."),
             ("list_item", "Holding people to account for their targets in supervision each month."),
             ("list_item", "Linking each worker's goals to our organisational objectives and the business plan."),
             ("list_item", "Reporting coaching activity against the objective to retain staff and cut agency spend."),
             ("paragraph", P["3.2"]), ("paragraph", P["end"])]
    report = check(unit, items)
    assert [b["criteria"] for b in report["blocks"]] == [[], ["3.1"], ["3.1"], ["3.1"], ["3.1"], ["3.2"], []]


def test_a_title_above_the_whole_body_is_not_a_section_heading(unit):
    """An essay's title governs every paragraph, so it says nothing about any one of them: it is not
    read as a section heading, and the first and last paragraphs still lean towards answering nothing."""
    from checker.mapping.sections import section_contexts

    bs = [Block("t", "heading", "Coaching and mentoring at Riverside Care", level=1),
          Block("p0", "paragraph", P["intro"]), Block("p1", "paragraph", P["1.1"])]
    contexts = section_contexts(bs, {c.id for c in unit.criteria}, set(), {"paragraph"})
    assert [contexts[b].own_headings for b in ("p0", "p1")] == [[], []]
    bs.insert(2, Block("h", "heading", "What coaching is for", level=2))
    contexts = section_contexts(bs, {c.id for c in unit.criteria}, set(), {"paragraph"})
    assert contexts["p1"].own_headings == ["What coaching is for"]


def test_under_a_cojoined_heading_a_second_criterion_needs_evidence_as_strong_as_the_first(unit):
    """Under 'ACs 1.1 and 1.2', a paragraph on coaching with one sentence on mentoring answers 1.1; the
    same paragraph after the answer to 1.2, where its 1.1 words outweigh the section it sits in, serves both."""
    mixed = P["1.1"] + (" Mentoring in management is used less, mainly when a deputy manager needs guidance "
                        "from an experienced manager.")
    heading = [("heading", "ACs 1.1 and 1.2", 1)]
    report = check(unit, heading + [("paragraph", P["1.1"]), ("paragraph", mixed), ("paragraph", P["1.2"])])
    assert labels(report) == [["1.1"], ["1.1"], ["1.2"]]
    report = check(unit, heading + [("paragraph", P["1.1"]), ("paragraph", P["1.2"]), ("paragraph", mixed)])
    assert labels(report) == [["1.1"], ["1.2"], ["1.1", "1.2"]]


def test_a_framing_heading_may_end_a_longer_heading(unit):
    from checker.mapping.sections import section_contexts

    bs = [Block("h0", "heading", "Proposed next steps", level=1), Block("p0", "paragraph", "Some text."),
          Block("h1", "heading", "Stepping up", level=1), Block("p1", "paragraph", "Some text.")]
    contexts = section_contexts(bs, {c.id for c in unit.criteria}, {"next steps", "summary"}, {"paragraph"})
    assert [contexts["p0"].none_heading, contexts["p1"].none_heading] == ["Proposed next steps", ""]


def test_a_tag_naming_a_criterion_its_heading_does_not_begins_that_answer(unit):
    """Under 'ACs 2.1 and 2.2', a paragraph tagged '(AC 3.1)' starts the answer to 3.1, which has no
    heading of its own: the list and paragraph after it are read as 3.1 too, and say why."""
    items = [("heading", "ACs 2.1 and 2.2", 1), ("paragraph", P["2.1"]), ("paragraph", P["2.2"]),
             ("paragraph", "Finally, my own part in this as the home's manager. (AC 3.1)"),
             ("list_item", "Holding people to account in supervision each month."),
             ("list_item", "Being a trusted coach in separate sessions, so that the two roles do not clash."),
             ("paragraph", P["3.1"]), ("heading", "Conclusion", 1), ("paragraph", P["end"])]
    report = check(unit, items)
    mapped = [b["criteria"] for b in report["blocks"] if b["kind"] in ("paragraph", "list_item")]
    assert mapped == [["2.1"], ["2.2"], ["3.1"], ["3.1"], ["3.1"], ["3.1"], []]
    after = next(b for b in report["blocks"] if b["text"].startswith(P["3.1"]))
    assert after["reasons"][0].startswith("the tag of b3 '(AC 3.1)' names 3.1")


def test_a_list_after_a_framing_opening_frames_too(unit):
    """'This paper asks the Board to:' and the decisions listed under it frame the paper; a list after
    an answer's lead-in is still part of that answer."""
    items = [("heading", "Riverside Care: coaching and mentoring for 2025", 1),
             ("paragraph", "This paper asks the Board to agree three things about coaching and mentoring:"),
             ("list_item", "Approve coaching conversations in human resources development for every new worker."),
             ("list_item", "Approve a mentoring scheme in management for deputy managers."),
             ("list_item", "Agree a budget for the team learning sessions."),
             ("heading", "Coaching and mentoring at Riverside", 1)]
    items += [("paragraph", P[k]) for k in ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]]
    report = check(unit, items)
    framing = [b["criteria"] for b in report["blocks"][:6] if b["kind"] in ("paragraph", "list_item")]
    assert framing == [[], [], [], []]
    assert labels(report)[1:] == [[k] for k in ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2"]]


def test_under_twin_criteria_named_together_the_telling_words_decide_whether_a_block_serves_both():
    """Under 'AC 2.1 and 2.2' (culture's impact on coaching; on mentoring), a paragraph about coaching
    alone answers 2.1; one that weighs coaching and mentoring side by side answers both."""
    unit = UnitLibrary.load().get("7015V1")
    coaching = ("Our command culture shapes coaching more than any policy does. Officers expect to be told "
                "what to do, so a coaching conversation that asks them to find their own answer feels odd "
                "at first, and the habit of deferring to rank means coaching sessions drift into instruction.")
    both = ("The same culture touches coaching and mentoring differently. Coaching suffers because rank "
            "makes open questions feel like a test, while mentoring thrives on the respect for long service, "
            "so experienced mentors are trusted; the culture helps mentoring and holds coaching back.")
    blocks = [Block("h", "heading", "AC 2.1 and 2.2: culture, coaching and mentoring", level=1),
              Block("p0", "paragraph", coaching), Block("p1", "paragraph", both)]
    report = run_check("t.txt", unit, Settings(), submission=Submission("t.txt", "txt", blocks)).to_dict()
    assert labels(report) == [["2.1"], ["2.1", "2.2"]]
    assert any("tell 2.1 and 2.2 apart (coach, mentor)" in r for r in report["blocks"][2]["reasons"])


def test_a_block_serves_at_most_two_criteria(unit):
    """Under 'ACs 1.1, 1.2 and 1.3', a block held on 1.1 by its section whose words favour 1.2 and 1.3
    takes the stronger of them only (no gold file gives a block three criteria)."""
    import numpy as np

    from checker.mapping import Mapper
    from checker.mapping.sections import Context

    mapper = Mapper(unit)
    scores = np.zeros((1, len(mapper.ids)))
    scores[0, :3] = [6.0, 8.0, 7.0]
    post = np.zeros((1, len(mapper.ids) + 1))
    post[0, 0] = 1.0
    chosen = mapper._labels(0, 0, Context(criteria=["1.1", "1.2", "1.3"], explicit=True), scores, post,
                            ["coach"] * 30)
    assert [mapper.ids[j] for j in chosen] == ["1.1", "1.2"]


def test_a_list_is_weighed_as_a_whole():
    """Each item of a run of list items takes the run's mean evidence; the paragraph before it, and a
    list that starts after a heading, keep their own."""
    import numpy as np

    from checker.mapping import _pool_lists
    from checker.mapping.decode import BREAK, LIST, PLAIN

    ac = np.array([[9.0, 0.0], [1.0, 5.0], [3.0, 1.0], [8.0, 0.0], [0.0, 4.0], [2.0, 2.0]])
    none = np.array([1.0, 2.0, 4.0, 0.0, 1.0, 3.0])
    kinds = ["paragraph", "list_item", "list_item", "list_item", "list_item", "list_item"]
    links = [PLAIN, LIST, LIST, LIST, BREAK, LIST]
    _pool_lists(ac, none, kinds, links)
    assert ac.tolist() == [[9.0, 0.0], [4.0, 2.0], [4.0, 2.0], [4.0, 2.0], [1.0, 3.0], [1.0, 3.0]]
    assert none.tolist() == [1.0, 2.0, 2.0, 2.0, 2.0, 2.0]


def test_list_items_that_tag_or_open_with_their_own_criteria_keep_them(unit):
    """A list is weighed as one answer, unless its items name their own criteria, by a tag at the end
    or a signpost at the start."""
    order = ["1.1", "1.2", "1.3", "2.1"]
    for item in (lambda ac: P[ac] + f" (AC {ac})", lambda ac: f"AC {ac}: " + P[ac]):
        items = [("heading", "How we develop people", 1), ("paragraph", "The main points are these:")]
        items += [("list_item", item(ac)) for ac in order]
        report = check(unit, items)
        assert [b["criteria"] for b in report["blocks"] if b["kind"] == "list_item"] == [[ac] for ac in order]


def test_a_list_comparing_twin_criteria_item_by_item_gives_each_item_its_twin():
    """Under 'AC 2.1 and 2.2', a list with a 'Coaching: …' item and a 'Mentoring: …' item is weighed
    as one answer, but each item's telling words say which twin it serves, and the reason says so."""
    unit = UnitLibrary.load().get("7015V1")
    blocks = [Block("h", "heading", "AC 2.1 and 2.2: culture, coaching and mentoring", level=1),
              Block("p", "paragraph", "Our command culture affects the two practices in different ways, as the "
                                      "points below show for each of them in turn at station level."),
              Block("a", "list_item", "Coaching: rank makes open coaching questions feel like a test, so coaching "
                                      "sessions drift into instruction and coachees wait to be told."),
              Block("b", "list_item", "Mentoring: respect for long service means mentors are trusted, so "
                                      "mentoring thrives and mentees seek out experienced mentors.")]
    report = run_check("t.txt", unit, Settings(), submission=Submission("t.txt", "txt", blocks)).to_dict()
    assert [b["criteria"] for b in report["blocks"][2:]] == [["2.1"], ["2.2"]]
    assert "uses only 2.2's (mentor)" in report["blocks"][3]["reasons"][-1]
