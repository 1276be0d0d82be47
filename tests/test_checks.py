"""The checks that follow mapping: command verbs, citations, theory, practice and copied text."""

import pytest

from checker.checks.citations import cross_check, find_citations, parse_entries
from checker.checks.copied import find_copies
from checker.checks.practice import judge_practice
from checker.checks.theory import TheoryFinder
from checker.checks.verbs import VerbJudge
from checker.document import Block
from checker.units import UnitLibrary


@pytest.fixture(scope="module")
def unit():
    return UnitLibrary.load().get("5014")


@pytest.fixture(scope="module")
def judge():
    return VerbJudge()


@pytest.fixture(scope="module")
def rules():
    """The cue rules alone, without the depth model: for tests of what the cues find."""
    return VerbJudge(use_model=False)


LIST = ["Better appraisal conversations.", "Higher motivation.", "Lower staff turnover.",
        "More confident supervisors.", "Fewer grievances."]
EVALUATED = ("Coaching has clearly improved our appraisals: staff now set their own targets and sickness fell "
             "from 6% to 4%. However, it takes a great deal of managers' time, and two supervisors felt it "
             "slowed decisions during busy periods. Mentoring was slower to show results because the "
             "relationships took months to build. On balance, I judge that the benefits outweigh the costs for "
             "performance management, although the gain is smaller for experienced staff than for new starters.")


def blocks(*items):
    return [Block(f"b{i}", kind, text) for i, (kind, text) in enumerate(items)]


def test_evaluate_list_is_shallow_and_says_what_is_missing(unit, judge):
    lead = ("paragraph", "Coaching and mentoring bring several benefits to performance management in my team.")
    result = judge.judge(unit.criterion("2.1"), blocks(lead, *[("list_item", t) for t in LIST]), {})
    assert result["status"] == "shallow"
    assert "weighing" in result["missing"] and "judgement" in result["missing"]
    assert result["reasons"][0].startswith("lists 5 points, but the commentary around them")


def test_weighing_inside_the_listed_points_is_not_commentary(unit, judge):
    """Enumeration without commentary: when most of the answer is a list, the weighing and the
    judgement must be made around the points, not only named in them."""
    points = ["Appraisals: better conversations, but it takes more of managers' time.",
              "Motivation: higher, however hard to measure in a small team of eight.",
              "Turnover: down from 20% to 15% over the year, although other changes played a part.",
              "Supervisors: more confident, though two found the sessions slow during busy periods."]
    lead = ("paragraph", "The main effects of coaching on performance management in my team are these.")
    listed = judge.judge(unit.criterion("2.1"), blocks(lead, *[("list_item", t) for t in points]), {})
    assert listed["status"] == "shallow" and "weighing" in listed["missing"]
    verdict = ("paragraph", "The gains are not equal. Turnover matters most, although it is the hardest to pin "
                            "on coaching alone, while the extra time is a real cost in busy months. However, set "
                            "against the time it takes, I judge that the benefits outweigh the costs, because "
                            "turnover fell most where managers coached every month.")
    weighed = judge.judge(unit.criterion("2.1"), blocks(lead, *[("list_item", t) for t in points], verdict), {})
    assert weighed["status"] == "adequate", weighed


def test_evaluate_with_weighing_and_judgement_is_adequate(unit, judge):
    result = judge.judge(unit.criterion("2.1"), blocks(("paragraph", EVALUATED)), {})
    assert result["status"] == "adequate", result


def test_copied_text_does_not_count_for_the_verb(unit, judge):
    block = blocks(("paragraph", EVALUATED))
    result = judge.judge(unit.criterion("2.1"), block, {"b0": [EVALUATED]})
    assert result["status"] == "shallow"


def test_missing_evidence_is_not_applicable(unit, judge):
    assert judge.judge(unit.criterion("2.1"), [], {})["status"] == "not_applicable"


def test_develop_needs_an_artefact():
    unit = UnitLibrary.load().get("5015")
    judge = VerbJudge()
    prose = blocks(("paragraph", "Supporting people through change matters because change is unsettling and "
                                 "people need to understand it before they accept it."))
    assert judge.judge(unit.criterion("2.4"), prose, {})["status"] == "shallow"
    table = [Block("b0", "table", "plan", rows=[["Action", "Owner", "By when"], ["Brief teams", "Me", "March"],
                                                ["Coach supervisors", "HR", "April"]])]
    result = judge.judge(unit.criterion("2.4"), table, {})
    assert result["status"] == "adequate" and "table" in " ".join(result["reasons"])



def test_developing_a_case_is_judged_on_its_reasons_not_on_a_plan():
    """7015V1 1.4 asks the learner to 'develop a case': an argued case, not a table of actions."""
    unit = UnitLibrary.load().get("7015V1")
    judge = VerbJudge()
    assert judge.needs(unit.criterion("1.4")) == ["reasons"]
    argued = blocks(("paragraph", "Coaching serves our strategic objectives because the objectives depend on "
                                  "managers making decisions closer to the customer, and coaching builds that "
                                  "confidence. As a result, the pilot teams resolved more complaints at first contact."))
    assert judge.judge(unit.criterion("1.4"), argued, {})["status"] == "adequate"
    assert judge.judge(unit.criterion("1.4"), blocks(("paragraph", "Coaching is used in many teams.")), {})["status"] == "shallow"


def test_a_policy_written_as_prose_is_an_artefact():
    unit = UnitLibrary.load().get("5016")
    judge = VerbJudge()
    statement = blocks(("paragraph", "I drafted the following statement for our scheme. Mentoring is voluntary and "
                                     "confidential. Mentors will respect every mentee whatever their background. "
                                     "Mentors must pass on any risk to a resident under the safeguarding policy. "
                                     "Records will hold only agreed actions."))
    assert judge.judge(unit.criterion("3.1"), statement, {})["status"] == "adequate"


def test_a_verdict_counts_as_a_judgement(unit, rules):
    weighed = ("I ask open questions in some sessions, although I still interrupt. However, I now give "
               "feedback within a day of each session.")
    result = rules.judge(unit.criterion("2.1"), blocks(("paragraph", weighed)), {})
    assert "judgement" in result["missing"]
    verdict = weighed + " Weighing these up, my coaching skills are still weak for a manager in my role."
    result = rules.judge(unit.criterion("2.1"), blocks(("paragraph", verdict)), {})
    assert result["status"] == "adequate", result


@pytest.mark.parametrize("verdict", ["Attendance and surveys are, however, weak measures of engagement.",
                                     "Whether mentees set the agenda was the clearest sign of engagement.",
                                     "I think the scheme has worked for most pairs."])
def test_verdicts_in_several_forms_count_as_judgement(unit, rules, verdict):
    weighed = "Attendance was high, although two night-shift pairs met less often. "
    result = rules.judge(unit.criterion("2.1"), blocks(("paragraph", weighed + verdict)), {})
    assert result["status"] == "adequate", result
    assert rules.judge(unit.criterion("2.1"), blocks(("paragraph", weighed)), {})["missing"] == ["judgement"]

def test_citations_are_cross_checked_tolerantly():
    bs = blocks(
        ("paragraph", "Kotter (1996) warns that change fails without urgency; others disagree (Megginson & "
                      "Clutterbuck, 2005: 12; CIPD, 2021). Megginson et al. (2006) and Whitmore's (2017) GROW."),
        ("reference", "Kotter, J.P. (1996) Leading Change. Boston: Harvard Business School Press."),
        ("reference", "Megginson, D. and Clutterbuck, D. (2005) Techniques for Coaching and Mentoring. Oxford."),
        ("reference", "CIPD (2021) Coaching and mentoring factsheet. London: CIPD."),
        ("reference", "Parsloe, E. (1999) The Manager as Coach and Mentor. London: CIPD."))
    citations = find_citations(bs, {"paragraph"})
    labels = {c.label() for c in citations}
    assert {"Kotter (1996)", "Megginson and Clutterbuck (2005)", "CIPD (2021)", "Megginson et al. (2006)",
            "Whitmore (2017)"} <= labels
    result = cross_check(citations, parse_entries(bs))
    assert {x["citation"] for x in result["cited_not_listed"]} == {"Megginson et al. (2006)", "Whitmore (2017)"}
    assert [x["entry"][:7] for x in result["listed_not_cited"]] == ["Parsloe"]



def test_citations_with_accents_two_word_surnames_and_sentence_openings():
    bs = blocks(
        ("paragraph", "This is closer to Schön's (1983) reflection-on-action. Staff moved through the stages "
                      "Kübler-Ross (1969) describes. As Kotter (1996) argues, urgency comes first, and Balogun "
                      "and Hope Hailey's (2008) change kaleidoscope fits our context."),
        ("reference", "Schön, D.A. (1983) The Reflective Practitioner. New York: Basic Books."),
        ("reference", "Kübler-Ross, E. (1969) On Death and Dying. New York: Macmillan."),
        ("reference", "Kotter, J.P. (1996) Leading Change. Boston: Harvard Business School Press."),
        ("reference", "Balogun, J. and Hope Hailey, V. (2008) Exploring Strategic Change. Harlow: Pearson."))
    citations = find_citations(bs, {"paragraph"})
    assert {"Schön (1983)", "Kübler-Ross (1969)", "Kotter (1996)", "Balogun and Hope Hailey (2008)"} <= \
        {c.label() for c in citations}
    result = cross_check(citations, parse_entries(bs))
    assert result["cited_not_listed"] == [] and result["listed_not_cited"] == []


def test_a_possessive_after_a_surname_ending_in_s_is_not_part_of_the_name():
    bs = blocks(
        ("paragraph", "I used Gibbs' (1988) reflective cycle and Argyris’ (1991) idea of double-loop learning, "
                      "as O'Neill (2007) suggests."),
        ("reference", "Gibbs, G. (1988) Learning by Doing. Oxford: Further Education Unit."),
        ("reference", "O'Neill, M. (2007) Executive Coaching with Backbone and Heart. San Francisco: Jossey-Bass."))
    citations = find_citations(bs, {"paragraph"})
    assert {"Gibbs (1988)", "Argyris (1991)", "O'Neill (2007)"} <= {c.label() for c in citations}
    result = cross_check(citations, parse_entries(bs))
    assert [c["citation"] for c in result["cited_not_listed"]] == ["Argyris (1991)"]
    assert result["listed_not_cited"] == []


def test_an_internal_documents_title_and_year_is_not_reported_as_a_missing_reference():
    bs = blocks(("paragraph", "Our Recruitment and Selection Procedure (2022) requires two interviewers, and the "
                              "Reasonable Adjustments Guidance (2021) sets out how to ask, as Kotter (1996) would expect."),
                ("reference", "Kotter, J.P. (1996) Leading Change. Boston: Harvard Business School Press."))
    result = cross_check(find_citations(bs, {"paragraph"}), parse_entries(bs))
    assert result["cited_not_listed"] == [] and result["listed_not_cited"] == []


def test_a_phase_named_with_a_year_is_not_a_citation_but_a_hyphenated_surname_is():
    bs = blocks(("paragraph", "Roll-out (2026) extends the scheme to every manager, and Follow-up (2027) reviews it, "
                              "as Kübler-Ross (1969) and Lloyd-Walker (2019) would suggest."))
    labels = {c.label() for c in find_citations(bs, {"paragraph"})}
    assert labels == {"Kübler-Ross (1969)", "Lloyd-Walker (2019)"}


def test_organisations_acronyms_and_laws_are_matched_with_their_entries():
    bs = blocks(
        ("paragraph", "Pool operators carry the duty (HSE, 2018), the Code of Ethics (College of Policing, 2014) "
                      "sets the standard, and the incident was not reportable under RIDDOR 2013."),
        ("reference", "Health and Safety Executive (HSE) (2018) Health and safety in swimming pools. Bootle: HSE."),
        ("reference", "College of Policing (2014) Code of Ethics. Coventry: College of Policing."),
        ("reference", "Reporting of Injuries, Diseases and Dangerous Occurrences Regulations 2013 (SI 2013/1471)."),
        ("reference", "Department for Education (2019) Early career framework. London: DfE."))
    result = cross_check(find_citations(bs, {"paragraph"}), parse_entries(bs))
    assert result["cited_not_listed"] == []
    assert [x["entry"][:10] for x in result["listed_not_cited"]] == ["Department"]


def test_dates_and_law_titles_in_brackets_are_not_reported_as_missing_references():
    bs = blocks(
        ("paragraph", "Our headcount (Jan 2025) was 642, and the new duty under the Worker Protection "
                      "(Amendment of Equality Act 2010) Act 2023 applies to us, as March (1991) warned."),
        ("reference", "Kotter, J.P. (1996) Leading Change. Boston: Harvard Business School Press."))
    result = cross_check(find_citations(bs, {"paragraph"}), parse_entries(bs))
    assert [x["citation"] for x in result["cited_not_listed"]] == ["March (1991)"]


def test_a_tables_column_labels_and_month_dates_are_not_citations():
    """'Baseline (2023)' and 'Target (March 2026)' label a table's columns, and '(May 2024)' is a date;
    a citation in the table's body, or '(March, 1991)' with its comma, is still found."""
    rows = [["Measure", "Baseline (2023)", "Target (March 2026)"],
            ["Turnover", "31% (Kotter, 1996)", "24%"]]
    table = Block("b0", "table", "\n".join("\t".join(r) for r in rows), rows=rows)
    para = Block("b1", "paragraph", "The pilot ended (May 2024), earlier than one study advised (March, 1991).")
    citations = find_citations([table, para], {"table", "paragraph"})
    assert [c.label() for c in citations] == ["Kotter (1996)", "March (1991)"]


def test_an_adverb_opening_the_sentence_is_not_taken_for_an_author():
    bs = blocks(("paragraph", "Symbolically, Clutterbuck and Megginson (2005) tie mentoring to values. Finally, "
                              "Handy (1993) and Scully and Bradley (2001) agree."))
    labels = [c.label() for c in find_citations(bs, {"paragraph"})]
    assert labels == ["Clutterbuck and Megginson (2005)", "Handy (1993)", "Scully and Bradley (2001)"]


def test_a_connective_opening_the_sentence_is_not_taken_for_an_author():
    """'Secondly,', 'However,', 'Instead,' and 'Overall,' open the sentence; 'Bell, Bryman and Harley'
    are three authors, so a surname that is also an ordinary word stays."""
    bs = blocks(("paragraph", "Secondly, Senge (2006) links learning to people. However, Kotter (1996) disagrees. "
                              "Instead, Lewin (1951) starts with unfreezing. Overall, Kolb (1984) fits best, "
                              "as Bell, Bryman and Harley (2019) also found."))
    labels = [c.label() for c in find_citations(bs, {"paragraph"})]
    assert labels == ["Senge (2006)", "Kotter (1996)", "Lewin (1951)", "Kolb (1984)", "Bell et al. (2019)"]


def test_a_citation_after_a_lead_in_inside_the_brackets_is_found():
    bs = blocks(
        ("paragraph", "He thinks out loud (high extraversion in the five-factor model of McCrae and Costa, 2003), "
                      "so I asked short questions (see Egan, 2014). The depot opened (in Leeds, 2019)."),
        ("reference", "McCrae, R.R. and Costa, P.T. (2003) Personality in Adulthood. New York: Guilford Press."),
        ("reference", "Egan, G. (2014) The Skilled Helper. 10th edn. Belmont, CA: Brooks/Cole."))
    citations = find_citations(bs, {"paragraph"})
    assert [c.label() for c in citations] == ["McCrae and Costa (2003)", "Egan (2014)"]
    assert cross_check(citations, parse_entries(bs))["listed_not_cited"] == []


def test_acts_and_regulations_cited_by_title_and_year_match_their_entries():
    bs = blocks(
        ("paragraph", "Complaints go to the formal process under the Equality Act 2010, and rotas follow the "
                      "Working Time Regulations 1998. Officers also answer to the Police (Conduct) Regulations 2020."),
        ("reference", "Great Britain (2010) Equality Act 2010. London: The Stationery Office."),
        ("reference", "Police (Conduct) Regulations 2020 (SI 2020/4). London: The Stationery Office."),
        ("reference", "Working Time Regulations 1998 (SI 1998/1833). Available at: legislation.gov.uk."),
        ("reference", "Employment Rights Act 1996. Available at: legislation.gov.uk."))
    result = cross_check(find_citations(bs, {"paragraph"}), parse_entries(bs))
    assert result["cited_not_listed"] == []
    assert [x["entry"][:20] for x in result["listed_not_cited"]] == ["Employment Rights Ac"]

def test_theory_names_in_learner_text():
    found = TheoryFinder().find("We used the GROW model and Kotter's 8-step process, and mapped our cultural "
                                "web; in our team we grow people.")
    assert "GROW model" in found and any("Kotter" in f for f in found) and any("ultural web" in f for f in found)
    assert TheoryFinder().find("We want to grow and be clear about goals.") == []


def test_practice_link_needs_theory_and_own_workplace():
    workplace = [Block("b0", "paragraph", "In my team at Riverside Care we introduced monthly coaching in "
                                          "2023, and turnover fell by 12% in six months.")]
    linked = judge_practice(workplace, ["GROW model"], [], {"Riverside Care"})
    assert linked["linked"] and "Riverside Care" in linked["reasons"][0]
    assert not judge_practice(workplace, [], [], {"Riverside Care"})["linked"]
    theory_only = [Block("b0", "paragraph", "The GROW model sets out goal, reality, options and will.")]
    result = judge_practice(theory_only, ["GROW model"], [], set())
    assert not result["linked"] and "does not apply it" in " ".join(result["reasons"])


def test_pasted_criterion_is_flagged_but_heading_is_not(unit):
    wording = unit.criterion("2.1").text
    bs = blocks(("heading", wording),
                ("paragraph", f"In this section I will {wording.lower()}, which matters to my team."),
                ("paragraph", "Coaching helps my team perform, and I explain why below in my own words."))
    flags = find_copies(unit, bs, {"paragraph"})
    assert [(f["kind"], f["block"]) for f in flags] == [("copied_criterion", "b1")]
    assert wording.lower()[:30] in flags[0]["text"].lower()


def test_pasted_guidance_with_small_edits_is_flagged():
    unit = UnitLibrary.load().get("7015V1")
    passage = unit.guidance[3].text.split(". ")[0]
    edited = passage.replace(",", "").replace(" the ", " our ", 1)
    bs = blocks(("paragraph", "My own view first. " + edited + ". Then my own words follow here."))
    flags = find_copies(unit, bs, {"paragraph"})
    assert flags and flags[0]["kind"] == "copied_guidance" and flags[0]["words"] >= 12


def test_analysis_in_counted_parts_with_plain_causal_links_is_adequate(judge):
    """'Three levels' breaks a topic into parts; '…, so …' and 'meant' link causes and effects."""
    unit = UnitLibrary.load().get("5014")
    text = ("Schein separates culture into three levels: artefacts, espoused values and assumptions. "
            "In my depot the assumption that the schedule comes first meant that nobody stopped the line, "
            "so small faults reached customers. The values on the wall were never enforced, so they had little "
            "pull on the night shift.")
    result = judge.judge(unit.criterion("3.1"), blocks(("paragraph", text)), {})
    assert result["status"] == "adequate", result
    bare = judge.judge(unit.criterion("3.1"), blocks(("paragraph", "My role is to coach and to manage. "
                                                      "I hold one-to-ones every month with each of my staff.")), {})
    assert bare["status"] == "shallow"


def test_an_analysis_laid_out_in_a_table_or_a_chain_of_causes_breaks_the_topic_into_parts(judge):
    """'Analyse' needs parts: a table of factors, one a row, shows them, and so do several causal links;
    the reason says which."""
    unit = UnitLibrary.load().get("5014")
    rows = [["Factor", "Effect on us", "Why"], ["Shift pattern", "Coaching slots cancelled", "Cover is thin at night"],
            ["Targets", "Managers direct rather than coach", "The bonus rewards speed"],
            ["Union view", "Staff wary of one-to-ones", "Past appraisals were used for discipline"]]
    table = Block("b0", "table", "\n".join("\t".join(r) for r in rows), rows=rows)
    lead = Block("b1", "paragraph", "The role of the manager as coach depends on these factors, because each "
                                    "one changes how much time and trust a manager has for coaching.")
    result = judge.judge(unit.criterion("3.1"), [lead, table], {})
    assert result["status"] == "adequate" and any("a table of 3 rows" in r for r in result["reasons"])
    chain = ("Because the rota is tight, coaching slots are cancelled, which means staff see coaching as optional. "
             "As a result managers stop booking it, and this leads to fewer conversations. That in turn meant "
             "problems went unspoken. Turnover rose because people felt unheard.")
    result = judge.judge(unit.criterion("3.1"), blocks(("paragraph", chain)), {})
    assert result["status"] == "adequate" and any("link causes and effects" in r for r in result["reasons"])


def test_a_method_set_out_in_ordered_steps_counts_as_the_artefact(judge):
    unit = UnitLibrary.load().get("7017V1")
    steps = ("The methodology has three steps. First, acceptable performance is defined in the manager's guide. "
             "Second, over-performance is identified through the monitoring data and supervision. "
             "Third, the response is a conversation with HR that agrees a boundary with the manager.")
    result = judge.judge(unit.criterion("2.3"), blocks(("paragraph", steps)), {})
    assert result["status"] == "adequate", result
    musing = ("Some managers coach too much. It is a hard problem and I have thought about it a great deal. "
              "It matters to the council.")
    assert judge.judge(unit.criterion("2.3"), blocks(("paragraph", musing)), {})["status"] == "shallow"


def test_discuss_needs_reasons_behind_the_points_of_view_not_only_the_points_of_view(judge):
    """'Discuss' asks for more than one point of view and the reasons and evidence behind them: an
    answer that names views but gives no reason for any is shallow, and says so."""
    criterion = UnitLibrary.load().get("5015").criterion("1.3")
    views = ("For the organisation, coaching means managers spend two hours a month with each team member. "
             "For HR, it means a new training budget line and a register of trained coaches. For staff, "
             "it means a regular conversation with their manager, while some managers see it as extra work.")
    shallow = judge.judge(criterion, blocks(("paragraph", views)), {})
    assert shallow["status"] == "shallow" and shallow["missing"] == ["reasons"]
    assert any("reasons" in r for r in shallow["reasons"])
    argued = views + (" Some managers resist because their targets leave no room for it, so HR has agreed to "
                      "count coaching time in their workload, which is why the budget line matters.")
    assert judge.judge(criterion, blocks(("paragraph", argued)), {})["status"] == "adequate"


def test_a_narrative_citation_of_two_years_parted_by_a_semicolon_cites_both():
    bs = blocks(
        ("paragraph", "The comparison uses census figures from the ONS (2022; 2023), rounded to whole numbers."),
        ("reference", "Office for National Statistics (2022) Disability, England and Wales: Census 2021. Newport: ONS."),
        ("reference", "Office for National Statistics (2023) Ethnic group, England and Wales: Census 2021. Newport: ONS."))
    citations = find_citations(bs, {"paragraph"})
    assert [c.label() for c in citations] == ["ONS (2022)", "ONS (2023)"]
    result = cross_check(citations, parse_entries(bs))
    assert result["cited_not_listed"] == [] and result["listed_not_cited"] == []
