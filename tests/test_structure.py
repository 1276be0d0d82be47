"""Shared structure rules: cover page, headings, contents, references, appendices, declared counts."""

import pytest

from checker.structure import Item, classify, declared_count, declared_words, section_of

BODY = "This paragraph is ordinary body text, long enough to read as a sentence of the answer."


def kinds(items):
    return [(b.kind, b.text) for b in classify(items)]


@pytest.mark.parametrize("text, expected", [
    ("Word count: 3,150", 3150),
    ("Words: 3150", 3150),
    ("Total words 3 150", 3150),
    ("Word Count – 2,980", 2980),
    ("WORD COUNT:3150", 3150),
    ("Word count (excluding references): 3,010", 3010),
    ("Word count excluding references and appendices: 2,745", 2745),
    ("3,200 words", 3200),
    ("Approx. 3,000 words", 3000),
    ("Learner: Sam Carter", None),
    ("Unit 5014: Managing change", None),
    ("Level 7, 2024", None),
])
def test_declared_count_variants(text, expected):
    assert declared_count(text) == expected


@pytest.mark.parametrize("line, level", [
    ("1.1 Drivers of change", 2),
    ("2.3.1 A third-level point", 3),
    ("AC 2.3 Evaluate the options", 2),
    ("AC1.2: Explain the approach", 2),
    ("Assessment criterion 3.1: Discuss the use of coaching.", 2),
    ("Learning outcome 2", 1),
    ("LO2 Understand how to lead change", 1),
    ("Task 3", 1),
    ("2. Findings", 1),
])
def test_numbered_and_labelled_lines_are_headings(line, level):
    blocks = classify([Item(BODY), Item(line), Item(BODY)])
    assert (blocks[1].kind, blocks[1].level) == ("heading", level)


def test_short_line_before_body_text_is_a_heading():
    assert kinds([Item(BODY), Item("Why change was needed"), Item(BODY)])[1] == ("heading", "Why change was needed")


@pytest.mark.parametrize("line", [
    "The key benefits are:",                 # introduces a list
    "This short line ends with a stop.",     # a sentence
    "lower case start of a line",            # not a title
])
def test_lines_that_are_not_headings(line):
    assert kinds([Item(BODY), Item(line), Item(BODY)])[1] == ("paragraph", line)


def test_a_heading_before_a_lead_in_to_a_list_is_a_heading():
    """'From my review, the benefits were:' is body text that introduces a list, so the short line above
    it is a heading (and is not counted)."""
    items = [Item(BODY), Item("What people get out of it"),
             Item("From the final review and from my notes, the benefits to the members were:"),
             Item("Confidence in tackling problems.", kind="list_item"), Item(BODY)]
    assert [b.kind for b in classify(items)][:3] == ["paragraph", "heading", "paragraph"]


def test_a_heading_may_quote_a_long_criterion_but_a_short_answer_is_not_a_heading():
    long_heading = ("AC 3.4 – Outline a process for dealing with others whose behaviours, words or actions do "
                    "not support a commitment to equality of opportunity or diversity in our depots")
    answer = ("AC 2.1: Our policy is set out in the staff handbook, and every new driver meets it at induction, "
              "where a manager explains what it means for them on the road and in the depot.")
    assert kinds([Item(BODY), Item(long_heading), Item(BODY)])[1] == ("heading", long_heading)
    assert kinds([Item(BODY), Item(answer), Item(BODY)])[1] == ("paragraph", answer)


def test_a_title_line_of_fifteen_words_and_a_question_with_its_criterion_number_are_headings():
    title = "One group, six bakeries: managing culture at Halden after the merger of two family firms"
    question = "How does health and safety connect to what the Trust is trying to achieve? (4.1)"
    assert kinds([Item(BODY), Item(title), Item(BODY)])[1] == ("heading", title)
    assert kinds([Item(BODY), Item(question), Item(BODY)])[1] == ("heading", question)


def test_a_heading_may_be_a_longer_question():
    line = "Has it made a difference to what the Library is trying to do?"
    assert kinds([Item(BODY), Item(line), Item(BODY)])[1] == ("heading", line)


def test_short_line_followed_by_another_short_line_is_not_a_heading():
    blocks = classify([Item(BODY), Item("Tuesday meeting"), Item("Thursday review"), Item(BODY)])
    assert [b.kind for b in blocks] == ["paragraph", "paragraph", "heading", "paragraph"]


def test_bold_only_paragraph_is_a_heading_even_before_a_list():
    items = [Item(BODY), Item("Main drivers", bold=True), Item("Regulation", kind="list_item")]
    assert [b.kind for b in classify(items)] == ["paragraph", "heading", "list_item"]


def test_heading_level_from_styles_is_kept_and_unstyled_headings_sit_below():
    items = [Item("Introduction", kind="heading", level=1), Item(BODY), Item("A bold point", bold=True), Item(BODY)]
    blocks = classify(items)
    assert [(b.kind, b.level) for b in blocks] == [("heading", 1), ("paragraph", None), ("heading", 2),
                                                   ("paragraph", None)]


def test_cover_page_lines_before_a_page_break_are_front_matter():
    items = [Item("Managing change at Riverside", kind="title"), Item("Learner: Sam Carter"),
             Item("Word count: 3,150"), Item("Introduction", kind="heading", level=1, break_before=True),
             Item(BODY)]
    blocks = classify(items)
    assert [b.kind for b in blocks] == ["title", "front", "front", "heading", "paragraph"]
    assert declared_words(blocks) == 3150


def test_cover_lines_without_a_break_end_at_the_first_heading():
    items = [Item("CMI Level 5 Diploma in Management and Leadership"), Item("Learner: Sam Carter"),
             Item("Words: 2,600"), Item("Why change was needed"), Item(BODY)]
    assert [b.kind for b in classify(items)] == ["front", "front", "front", "heading", "paragraph"]


def test_no_cover_page_when_the_document_starts_with_a_heading():
    assert [b.kind for b in classify([Item("Introduction"), Item(BODY)])] == ["heading", "paragraph"]


def test_word_count_line_in_the_body_is_excluded_and_read():
    blocks = classify([Item("Introduction"), Item(BODY), Item("Word count: 2,480")])
    assert [b.kind for b in blocks] == ["heading", "paragraph", "front"]
    assert declared_words(blocks) == 2480


def test_contents_section_takes_lines_ending_in_page_numbers():
    items = [Item("Contents"), Item("Introduction\t3"), Item("1.1 Drivers of change ..... 4"),
             Item("References 9"), Item("Introduction", kind="heading", level=1), Item(BODY)]
    assert [b.kind for b in classify(items)] == ["contents"] * 4 + ["heading", "paragraph"]


def test_contents_lines_with_leaders_are_found_without_a_heading():
    items = [Item("Introduction ....... 3"), Item("Findings ....... 5"), Item("Conclusion ....... 8"),
             Item("Introduction"), Item(BODY)]
    assert [b.kind for b in classify(items)] == ["contents"] * 3 + ["heading", "paragraph"]


def test_references_run_until_the_next_heading_of_the_same_level():
    items = [Item("Conclusion", kind="heading", level=1), Item(BODY),
             Item("References", kind="heading", level=1),
             Item("Kotter, J.P. (2012) Leading Change. Boston: Harvard Business Review Press."),
             Item("CMI (2019) Code of Conduct"),          # short, no full stop: still a reference
             Item("Reflective statement", kind="heading", level=1), Item(BODY)]
    assert [b.kind for b in classify(items)] == ["heading", "paragraph", "heading", "reference", "reference",
                                                 "heading", "paragraph"]


def test_appendices_run_to_the_end_and_keep_tables_and_inner_headings():
    items = [Item(BODY), Item("Appendix A: Survey", kind="heading", level=1), Item("Question one, about views."),
             Item("Results", kind="heading", level=1),
             Item("a\tb", kind="table", rows=[["a", "b"]]), Item("Appendix B - Action plan"), Item(BODY)]
    blocks = classify(items)
    assert [b.kind for b in blocks] == ["paragraph", "heading", "appendix", "appendix", "appendix", "heading",
                                        "appendix"]
    assert blocks[4].rows == [["a", "b"]]
    assert blocks[3].level == 1


def test_references_after_appendices_are_references():
    items = [Item(BODY), Item("Appendix 1"), Item(BODY), Item("Bibliography"), Item("Schein, E.H. (2010) Culture.")]
    assert [b.kind for b in classify(items)] == ["paragraph", "heading", "appendix", "heading", "reference"]


@pytest.mark.parametrize("heading, section", [
    ("References", "references"), ("5. Reference list", "references"), ("Bibliography:", "references"),
    ("Appendix", "appendix"), ("Appendices", "appendix"), ("Appendix A: Survey questions", "appendix"),
    ("Appendix 2 – Action plan", "appendix"), ("Table of contents", "contents"),
    ("Appendix A: Extract from the Set 1 log, meeting 4 (14 February 2024), with the set's own notes", "appendix"),
    ("References to culture in the literature", None), ("Appendix B shows the results.", None),
    ("Appendix B shows the results of the staff survey we ran across all twelve of our branches in 2024", None),
])
def test_section_headings(heading, section):
    assert section_of(heading) == section


def test_quotations_and_captions_are_recognised_from_their_text():
    items = [Item(BODY), Item("“Culture eats strategy for breakfast, and it always will.” (Drucker, cited in Hayes, 2018)"),
             Item("Figure 2: The change curve"), Item("“Culture” is a word with many meanings, as this shows.")]
    assert [b.kind for b in classify(items)] == ["paragraph", "quote", "caption", "paragraph"]


def test_blocks_are_numbered_in_order_and_empty_items_dropped():
    blocks = classify([Item("  "), Item(BODY, source={"paragraph": 1}), Item(""), Item(BODY, source={"paragraph": 3})])
    assert [(b.id, b.source) for b in blocks] == [("b0", {"paragraph": 1}), ("b1", {"paragraph": 3})]


def test_a_break_on_a_dropped_empty_item_moves_to_the_next_one():
    items = [Item("Learner: Sam Carter"), Item("Unit 5014"), Item("", break_before=True),
             Item("Why change was needed", break_before=False), Item(BODY)]
    assert [b.kind for b in classify(items)] == ["front", "front", "heading", "paragraph"]


def test_a_short_first_page_of_body_text_is_not_a_cover_page():
    items = [Item("Assignment 5014: Managing change"), Item(BODY + " " + BODY),
             Item("Why change was needed", break_before=True), Item(BODY)]
    assert [b.kind for b in classify(items)] == ["front", "paragraph", "heading", "paragraph"]


def test_a_long_declaration_before_the_page_break_is_cover_page():
    declaration = ("Learner declaration: I confirm that this assignment is my own work, that I have not copied "
                   "the work of others, and that every source I have used is acknowledged in the references. " * 2)
    items = [Item("Learner: Sam Carter"), Item(declaration), Item("Introduction", break_before=True), Item(BODY)]
    assert [b.kind for b in classify(items)] == ["front", "front", "heading", "paragraph"]


def test_a_long_paragraph_styled_as_a_heading_is_body_text():
    items = [Item("Introduction", kind="heading", level=1), Item(BODY * 3, kind="heading", level=2)]
    assert [b.kind for b in classify(items)] == ["heading", "paragraph"]


def test_a_long_report_title_on_the_cover_page_is_front_matter():
    title = ("Report to the Planned Care Board: the Outpatient Access Programme - a review of the pilot and "
             "the case for extending it to every specialty")
    items = [Item("Chartered Management Institute", kind="title"), Item("Unit 7010V1 Implementing change"),
             Item(title), Item("Helen Marsden, Associate Director of Operations"), Item("Word count: 3,250"),
             Item("Executive summary", kind="heading", level=1, break_before=True), Item(BODY)]
    assert [b.kind for b in classify(items)] == ["title", "front", "front", "front", "front", "heading", "paragraph"]


def test_a_long_title_alone_before_a_page_break_is_not_taken_for_a_cover():
    title = ("Why our twelve care homes lost a third of their new starters within six months and what the "
             "managers of each home did about it over the following year")
    items = [Item(title), Item(BODY), Item("What changed", break_before=True), Item(BODY)]
    assert [b.kind for b in classify(items)][1] == "paragraph"


def test_a_long_report_title_among_cover_lines_without_a_page_break_is_front_matter():
    """Plain text has no page breaks: the cover lines run to the first heading, and a long title among
    them (with the usual cover details around it) is part of the cover, not counted body text."""
    cover = ["Chartered Management Institute", "Level 7 Diploma in Leadership Coaching and Mentoring",
             "Unit 7010V1 Implementing organisational change strategies",
             "Report to the Planned Care Board: The Outpatient Access Programme - review of the pilot and the "
             "case for trust-wide rollout",
             "Helen Marsden, Associate Director of Operations (Planned Care)",
             "Centre: Westcountry Management College", "Word count: 3,250"]
    blocks = classify([Item(line) for line in cover] + [Item("Executive summary"), Item(BODY)])
    assert [b.kind for b in blocks] == ["front"] * 7 + ["heading", "paragraph"]


def test_an_essay_title_too_long_for_a_heading_after_the_cover_lines_is_not_counted():
    """An essay's title on its own line after the cover details, straight before the first paragraph,
    is too long to be read as a heading; it stays on the cover rather than counting as body text. A
    short line there is the body's first heading, as before."""
    cover = ["CMI Level 7 Certificate in Leadership Coaching and Mentoring", "Learner: Rebecca Thorne",
             "Word count: 3,250"]
    title = ("Coaching and Mentoring as Strategic and Cultural Levers: A Critical Examination within "
             "Kestrel Vale Water Ltd")
    blocks = classify([Item(line) for line in cover] + [Item(title), Item(BODY), Item(BODY)])
    assert [b.kind for b in blocks] == ["front"] * 4 + ["paragraph", "paragraph"]
    short = classify([Item(line) for line in cover] + [Item("Coaching at Kestrel Vale"), Item(BODY)])
    assert [b.kind for b in short] == ["front"] * 3 + ["heading", "paragraph"]


def test_a_long_heading_opened_by_a_numbered_label_is_a_heading_in_plain_text():
    """'Criteria 1.1, 1.2 and 1.3 – …' and 'Entry 7 – 20 May 2024: …' run past the usual fifteen words
    but are headings all the same, so their words are not counted."""
    lines = ["Criteria 1.1, 1.2 and 1.3 – What coaching and mentoring are for, and how they differ",
             "Entry 7 – 20 May 2024: keeping track of how the two of them are engaging"]
    blocks = classify([Item(lines[0]), Item(BODY), Item(lines[1]), Item(BODY)])
    assert [b.kind for b in blocks] == ["heading", "paragraph", "heading", "paragraph"]


def test_a_short_line_before_a_table_caption_is_a_heading():
    items = [Item(BODY), Item("Results after six months"), Item("Table 3: Results against the plan"),
             Item("Measure\tTarget", kind="table", rows=[["Measure", "Target"], ["Jobs", "3.2"]]), Item(BODY)]
    assert [b.kind for b in classify(items)][:3] == ["paragraph", "heading", "caption"]


ENTRIES = ["de Bono, E. (1985) Six Thinking Hats. Boston: Little, Brown and Company.",
           "Kotter, J.P. (1996) Leading Change. Boston: Harvard Business School Press.",
           "Megginson, D. and Clutterbuck, D. (2005) Techniques for Coaching and Mentoring. Oxford: Elsevier.",
           "CIPD (n.d.) Coaching and mentoring factsheet. London: CIPD.",
           "Whitmore, J. (2017) Coaching for Performance. 5th edn. London: Nicholas Brealey."]


def test_a_reference_list_without_its_heading_is_still_the_reference_list():
    found = kinds([Item(BODY), Item(BODY), *[Item(e) for e in ENTRIES]])
    assert [k for k, _ in found] == ["paragraph", "paragraph"] + ["reference"] * len(ENTRIES)


def test_two_closing_paragraphs_that_open_with_a_citation_stay_body_text():
    closing = ["Kotter (1996) argues that urgency comes first, and my own experience at the depot bears that out.",
               "Whitmore (2017) puts awareness and responsibility at the heart of coaching, as I now try to."]
    assert [k for k, _ in kinds([Item(BODY), *[Item(c) for c in closing]])] == ["paragraph"] * 3


def test_numbered_paragraphs_are_paragraphs_and_short_numbered_items_a_list():
    """'23. On these figures …' running to paragraph length is a numbered paragraph, not a list item;
    short numbered items stay a list."""
    long = "23. " + " ".join(["The programme made a net gain once the hidden costs were counted."] * 6)
    items = [Item(BODY), Item(long, kind="list_item"), Item("1. Train six coaches.", kind="list_item"),
             Item("2. Review the pilot in June.", kind="list_item")]
    assert [b.kind for b in classify(items)] == ["paragraph", "paragraph", "list_item", "list_item"]


def test_a_plain_heading_between_criterion_headings_is_a_sub_heading():
    """In plain text, 'Year one costs' between 'AC 1.5 …' and 'AC 2.1 …' is a heading of the writer's
    own inside 1.5's answer; 'Conclusion' after the last criterion is a main heading again."""
    items = [Item("AC 1.5 Conduct a cost/benefit analysis"), Item(BODY), Item("Year one costs"), Item(BODY),
             Item("AC 2.1 Determine how culture can impact on coaching"), Item(BODY),
             Item("Conclusion"), Item(BODY)]
    levels = [(b.text.split()[-1], b.level) for b in classify(items) if b.kind == "heading"]
    assert levels == [("analysis", 2), ("costs", 3), ("coaching", 2), ("Conclusion", 1)]
