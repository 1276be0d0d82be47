"""Reading submissions: every format, structure from real files, and every kind of bad input."""

import importlib.util
import io
import re
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import hostile_corpus as hc
from checker.errors import EmptyDocument, InputNotFound, LimitExceeded, ProtectedDocument, UnreadableInput
from checker.limits import Limits
from checker.readers import read_submission
from checker.wordcount import count_words

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("samples_build", ROOT / "samples" / "build.py")
BUILD = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(BUILD)
MINI = BUILD.load(ROOT / "tests" / "data" / "mini.yaml")
BODY_KINDS = ("paragraph", "list_item", "quote")
LONG = ("The organisation introduced the new rota after a long consultation with staff, and the early "
        "results suggest that absence fell while morale held steady across most of the homes. ")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def texts(sub, kind):
    return [norm(b.text) for b in sub.blocks if b.kind == kind]


def source_texts(kind):
    return [norm(b["text"]) for b in MINI["blocks"] if b["kind"] == kind]


def render(tmp_path, fmt, sample=MINI, name="mini"):
    path = tmp_path / f"{name}.{fmt}"
    path.write_bytes(BUILD.RENDERERS[fmt](dict(sample, format=fmt)))
    return path


def error_of(excinfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message and "Traceback" not in message
    return message


# --- every format, one sample ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", BUILD.FORMATS)
def test_every_format_reads_back_the_sample(tmp_path, fmt):
    sub = read_submission(render(tmp_path, fmt))
    assert sub.format == fmt
    assert sub.declared_words == 1150
    assert [(b.kind, norm(b.text)) for b in sub.blocks if b.kind in BODY_KINDS] == \
        [(b["kind"], norm(b["text"])) for b in MINI["blocks"] if b["kind"] in BODY_KINDS]
    assert [t for t in texts(sub, "heading") if t != "Notes"] == source_texts("heading")
    # a PDF reference entry split by a page break may come back as two blocks
    assert " ".join(texts(sub, "reference")) == " ".join(source_texts("reference"))
    assert texts(sub, "appendix") == source_texts("appendix")
    assert texts(sub, "caption") == source_texts("caption")
    assert texts(sub, "footnote") == source_texts("footnote")
    assert [b.rows for b in sub.blocks if b.kind == "table"] == [b["rows"] for b in MINI["blocks"] if b["kind"] == "table"]
    assert {b.kind for b in sub.blocks[:3]} <= {"title", "front"}
    assert [b.id for b in sub.blocks] == [f"b{i}" for i in range(len(sub.blocks))]
    result = count_words(sub, band=(1000, 1500))
    assert result.counted == BUILD.gold(MINI)["body_words"] == 248
    assert (result.status, result.declared_mismatch) == ("under", True)


# --- docx --------------------------------------------------------------------------------------------

def test_docx_styles_tables_controls_tracked_changes_and_footnotes(tmp_path):
    d = docx.Document()
    d.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    d.add_paragraph("Leading change at Riverside", style="Title")
    d.add_paragraph("Learner: Sam Carter")
    d.add_paragraph("Word count: 3,150").add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Contents", style="TOC Heading")
    d.add_paragraph("Introduction\t3", style="TOC 1")
    d.add_heading("Introduction", level=1)
    intro = d.add_paragraph(LONG)
    BUILD._footnote_reference(intro, 1)
    d.add_paragraph().add_run("Key drivers").bold = True
    d.add_paragraph(LONG)
    d.add_paragraph("First point", style="List Number")
    d.add_paragraph("Second point", style="List Bullet")
    d.add_paragraph("Culture eats strategy for breakfast.", style="Intense Quote")
    indented = d.add_paragraph("An indented block of text quoted from a policy.")
    indented.paragraph_format.left_indent = Cm(1.5)
    body = d.element.body
    body.insert(body.index(body.sectPr), parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Inside a content control.</w:t></w:r></w:p>'
        f'</w:sdtContent></w:sdt>'))
    body.insert(body.index(body.sectPr), parse_xml(
        f'<w:p {nsdecls("w")}><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:ins w:id="1" w:author="A">'
        f'<w:r><w:t>inserted</w:t></w:r></w:ins><w:del w:id="2" w:author="A"><w:r><w:delText> deleted'
        f'</w:delText></w:r></w:del><w:r><w:t xml:space="preserve"> text.</w:t></w:r></w:p>'))
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([["Action", "Owner"], ["Train coaches", "HR"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    d.add_paragraph("Table 1: The plan", style="Caption")
    d.add_heading("References", level=1)
    d.add_paragraph("Kotter, J.P. (2012) Leading Change. Boston: Harvard Business Review Press.")
    d.add_heading("Appendix A: Survey", level=1)
    d.add_paragraph("Question one asks about the rota.")
    BUILD._footnotes_part(d, ["Source: monthly quality report."])
    path = tmp_path / "styled.docx"
    d.save(path)

    sub = read_submission(path)
    assert [(b.kind, b.text) for b in sub.blocks] == [
        ("title", "Leading change at Riverside"), ("front", "Learner: Sam Carter"), ("front", "Word count: 3,150"),
        ("contents", "Contents"), ("contents", "Introduction\t3"),
        ("heading", "Introduction"), ("paragraph", LONG.strip()),
        ("heading", "Key drivers"), ("paragraph", LONG.strip()),
        ("list_item", "First point"), ("list_item", "Second point"),
        ("quote", "Culture eats strategy for breakfast."),
        ("quote", "An indented block of text quoted from a policy."),
        ("paragraph", "Inside a content control."), ("paragraph", "Kept inserted text."),
        ("table", "Action\tOwner\nTrain coaches\tHR"), ("caption", "Table 1: The plan"),
        ("heading", "References"),
        ("reference", "Kotter, J.P. (2012) Leading Change. Boston: Harvard Business Review Press."),
        ("heading", "Appendix A: Survey"), ("appendix", "Question one asks about the rota."),
        ("footnote", "Source: monthly quality report."),
    ]
    assert sub.declared_words == 3150
    headings = [(b.text, b.level, b.style) for b in sub.blocks if b.kind == "heading"]
    assert headings[0] == ("Introduction", 1, "Heading 1")
    assert headings[1][:2] == ("Key drivers", 2)        # bold-only, below the styled level 1
    assert sub.blocks[15].rows == [["Action", "Owner"], ["Train coaches", "HR"]]
    assert sub.blocks[6].source == {"paragraph": 6}
    assert sub.blocks[15].source == {"table": 0}


def test_docx_cover_sheet_table_and_declaration_are_front_matter(tmp_path):
    d = docx.Document()
    cover = d.add_table(rows=3, cols=2)
    for r, row in enumerate([["Learner name", "Sam Carter"], ["Unit", "5014"], ["Word count", "3,150"]]):
        for c, text in enumerate(row):
            cover.cell(r, c).text = text
    d.add_paragraph("Declaration: I confirm that this assignment is my own work and that all sources are "
                    "acknowledged in the reference list.").add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Introduction")
    d.add_paragraph(LONG)
    d.save(tmp_path / "cover.docx")
    sub = read_submission(tmp_path / "cover.docx")
    assert [b.kind for b in sub.blocks] == ["front", "front", "heading", "paragraph"]
    assert sub.blocks[0].rows[2] == ["Word count", "3,150"]
    assert sub.declared_words == 3150
    assert count_words(sub, None).counted == len(LONG.split())


def test_docx_without_heading_styles_infers_headings(tmp_path):
    d = docx.Document()
    for text in ["Introduction", LONG, "1.1 Drivers of change", LONG, "AC 1.2 Evaluate the impact", LONG,
                 "Why it worked", LONG]:
        d.add_paragraph(text)
    d.save(tmp_path / "plain.docx")
    sub = read_submission(tmp_path / "plain.docx")
    assert [(b.kind, b.level) for b in sub.blocks if b.kind == "heading"] == [("heading", 1), ("heading", 2),
                                                                              ("heading", 2), ("heading", 1)]
    assert texts(sub, "paragraph") == [LONG.strip()] * 4


# --- pdf ---------------------------------------------------------------------------------------------

class _Paper(FPDF):
    def header(self):
        self.set_font("helvetica", "", 8)
        self.cell(0, 6, "Sam Carter - Unit 5014 - Managing change", align="R")
        self.ln(12)

    def footer(self):
        self.set_y(-15)
        self.set_font("helvetica", "", 8)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def _filled_line(pdf: FPDF, head: str, tail: str) -> str:
    """`head`, filler words, then `tail`: a line as wide as the page allows."""
    words, line = "staff rota changes were agreed after a full review".split(), head
    i = 0
    while pdf.get_string_width(f"{line} {words[i % len(words)]} {tail}") < pdf.epw - 2:
        line = f"{line} {words[i % len(words)]}".strip()
        i += 1
    return f"{line} {tail}"


def test_pdf_drops_running_headers_and_page_numbers_and_rebuilds_paragraphs(tmp_path):
    pdf = _Paper(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", "B", 15)
    pdf.multi_cell(0, 8, "Introduction", new_x="LMARGIN", new_y="NEXT")
    paragraphs = [f"Paragraph {i}. " + LONG * 7 for i in range(10)]
    pdf.set_font("helvetica", "", 11)
    for text in paragraphs:
        pdf.multi_cell(0, 5.5, text.strip(), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    for line in (_filled_line(pdf, "In the", "organisa-"), _filled_line(pdf, "tion", "decision-"),
                 "making was open to everyone."):
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    assert len(PdfReader(path).pages) >= 3

    sub = read_submission(path)
    assert not [b for b in sub.blocks if "Unit 5014" in b.text or re.search(r"Page \d", b.text)]
    assert [b.kind for b in sub.blocks] == ["heading"] + ["paragraph"] * 11
    assert texts(sub, "paragraph")[:10] == [norm(p) for p in paragraphs]
    last = sub.blocks[-1].text
    assert "organisation" in last and "organisa-" not in last and "decision-making was open" in last
    assert sub.blocks[1].source == {"page": 1, "line": 3}   # line 1 is the running header
    assert max(b.source["page"] for b in sub.blocks) >= 3


def test_pdf_headings_in_a_larger_font_keep_one_level_even_when_one_is_a_question(tmp_path):
    """'My plan (1.4)' and 'What will it take?' in the same large font are headings of the same level,
    so the second ends the section the first signposts."""
    pdf = FPDF()
    pdf.add_page()
    for heading in ("My personal development plan (1.4)", "What will it take, and how did I ask for it?"):
        pdf.set_font("helvetica", "B", 14)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 11)
        pdf.multi_cell(0, 5.5, LONG * 2, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    path = tmp_path / "questions.pdf"
    pdf.output(str(path))
    headings = [(b.text, b.level) for b in read_submission(path).blocks if b.kind == "heading"]
    assert headings == [("My personal development plan (1.4)", 1), ("What will it take, and how did I ask for it?", 1)]


def test_pdf_footnotes_in_small_print_are_footnotes(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(0, 5.5, LONG * 3, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-40)
    pdf.set_font("helvetica", "", 8)
    pdf.multi_cell(0, 4, "1 Source: the group's monthly quality report for March.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "notes.pdf"
    pdf.output(str(path))
    sub = read_submission(path)
    assert [(b.kind, b.text) for b in sub.blocks] == [
        ("paragraph", norm(LONG * 3)), ("footnote", "Source: the group's monthly quality report for March.")]


def test_pdf_cover_page_declared_count_and_table(tmp_path):
    sub = read_submission(render(tmp_path, "pdf"))
    assert [(b.kind, b.text) for b in sub.blocks[:4]] == [
        ("title", "CMI Level 5 Diploma in Management and Leadership"), ("front", "Unit 5014: Managing change"),
        ("front", "Learner: Sam Carter"), ("front", "Word count: 1,150")]
    assert sub.declared_words == 1150
    assert sub.blocks[4].source == {"page": 2, "line": 2}


# --- odt, rtf, txt, md -------------------------------------------------------------------------------

def test_rtf_page_break_table_bullets_and_escapes(tmp_path):
    rtf = (r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}" "\n"
           r"\pard\qc\b Managing change\b0\par \pard Learner: Sam Carter\par Word count: 2,400\par\page" "\n"
           r"\pard Introduction\par" "\n"
           r"\pard The budget rose by \'a33,000 and the caf\'e9 closed \endash  a change nobody wanted at first.\par" "\n"
           r"\pard\li720 \bullet\tab First point\par \bullet\tab Second point\par" "\n"
           r"\trowd\cellx3000\cellx6000 Action\cell Owner\cell\row" "\n"
           r"\trowd\cellx3000\cellx6000 Train\cell HR\cell\row" "\n"
           r"\pard It was agreed with \u8220?everyone\u8221? in the end, after a lot of discussion.\par}")
    path = tmp_path / "r.rtf"
    path.write_text(rtf, encoding="ascii")
    sub = read_submission(path)
    assert [(b.kind, b.text) for b in sub.blocks] == [
        ("front", "Managing change"), ("front", "Learner: Sam Carter"), ("front", "Word count: 2,400"),
        ("heading", "Introduction"),
        ("paragraph", "The budget rose by £3,000 and the café closed – a change nobody wanted at first."),
        ("list_item", "First point"), ("list_item", "Second point"),
        ("table", "Action\tOwner\nTrain\tHR"),
        ("paragraph", "It was agreed with “everyone” in the end, after a lot of discussion."),
    ]
    assert sub.declared_words == 2400


def test_text_in_windows_1252_is_read_and_noted(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Introduction\n\nThe café budget was £3,000 – it’s spent.\n".encode("cp1252"))
    sub = read_submission(path)
    assert texts(sub, "paragraph") == ["The café budget was £3,000 – it’s spent."]
    assert sub.notes == ["read as Windows-1252 (cp1252) text, not UTF-8"]


@pytest.mark.parametrize("encoding, note", [("utf-8-sig", []), ("utf-16", ["read as UTF-16 text"])])
def test_text_with_a_byte_order_mark(tmp_path, encoding, note):
    path = tmp_path / "bom.txt"
    path.write_bytes("Introduction\n\nThe café budget was £3,000 in total this year.\n".encode(encoding))
    sub = read_submission(path)
    assert texts(sub, "paragraph") == ["The café budget was £3,000 in total this year."]
    assert sub.notes == note


def test_hard_wrapped_text_is_joined_and_mended(tmp_path):
    text = ("Learner: Sam Carter\nWords: 1,000\n\nWhy change was needed\n"
            "The home moved to digital records because the paper files were slow\n"
            "and the inspection found gaps. Managers agreed that the organisa-\n"
            "tion needed a faster way of sharing notes between the six homes in\n"
            "the group.\n"
            "    A quoted line from the inspection report, set in from the margin.\n\n"
            "Staff were asked for their views in a short survey, and most of them\n"
            "said that the change was worth making.\n")
    path = tmp_path / "wrapped.txt"
    path.write_text(text, encoding="utf-8")
    sub = read_submission(path)
    assert [(b.kind, b.text) for b in sub.blocks] == [
        ("front", "Learner: Sam Carter"), ("front", "Words: 1,000"), ("heading", "Why change was needed"),
        ("paragraph", "The home moved to digital records because the paper files were slow and the inspection "
                      "found gaps. Managers agreed that the organisation needed a faster way of sharing notes "
                      "between the six homes in the group."),
        ("quote", "A quoted line from the inspection report, set in from the margin."),
        ("paragraph", "Staff were asked for their views in a short survey, and most of them said that the change "
                      "was worth making."),
    ]
    assert sub.declared_words == 1000


def test_markdown_blocks(tmp_path):
    text = ("# Leading change\n\nLearner: Sam Carter\n\nWord count: 900\n\n---\n\n## Introduction\n\n"
            "The **home** moved to _digital_ records, see [the plan](http://x.test) for `details`.[^1]\n\n"
            "**Key drivers**\n\n- Regulation\n- Cost\n  and time\n\n> A quotation that spans\n> two lines.\n\n"
            "| Action | Owner |\n|---|---|\n| Train | HR |\n\nSetext heading\n--------------\n\n"
            "Body text under the setext heading, long enough to be a paragraph.\n\n"
            "[^1]: The plan was agreed in May.\n")
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    sub = read_submission(path)
    assert sub.format == "md"
    assert [(b.kind, b.level, b.text) for b in sub.blocks] == [
        ("title", None, "Leading change"), ("front", None, "Learner: Sam Carter"), ("front", None, "Word count: 900"),
        ("heading", 2, "Introduction"),
        ("paragraph", None, "The home moved to digital records, see the plan for details."),
        ("heading", 2, "Key drivers"), ("list_item", None, "Regulation"), ("list_item", None, "Cost and time"),
        ("quote", None, "A quotation that spans two lines."), ("table", None, "Action\tOwner\nTrain\tHR"),
        ("heading", 2, "Setext heading"),
        ("paragraph", None, "Body text under the setext heading, long enough to be a paragraph."),
        ("footnote", None, "The plan was agreed in May."),
    ]


BODY = ("Staff were asked for their views in a short survey, and most of them said that the change was "
        "worth making, although the night shift felt left out of the planning.")


def test_underlined_lines_in_plain_text_are_headings_and_their_rules_are_not_words(tmp_path):
    text = ("Learner: Sam Carter\n\nWhy change was needed\n=====================\n\n" + BODY + "\n\n"
            "What got in the way\n-------------------\n\n" + BODY + "\n\n-----\n\n" + BODY + "\n")
    path = tmp_path / "underlined.txt"
    path.write_text(text, encoding="utf-8")
    sub = read_submission(path)
    assert [(b.kind, b.text, b.level) for b in sub.blocks if b.kind == "heading"] == [
        ("heading", "Why change was needed", 1), ("heading", "What got in the way", 2)]
    assert not any(set(b.text) <= set("-= ") for b in sub.blocks)
    assert count_words(sub, None).counted == 3 * len(BODY.split())


def test_a_short_line_ending_in_a_colon_before_a_paragraph_is_a_heading_but_lead_ins_are_not(tmp_path):
    text = ("Learner: Sam Carter\n\nWhat got in the way:\n\n" + BODY + "\n\nFor example:\n\n" + BODY +
            "\n\nThe survey found three things:\n\n- Staff wanted more notice.\n- Managers wanted training.\n")
    path = tmp_path / "colons.txt"
    path.write_text(text, encoding="utf-8")
    sub = read_submission(path)
    assert [b.text for b in sub.blocks if b.kind == "heading"] == ["What got in the way:"]
    assert "For example:" in [b.text for b in sub.blocks if b.kind == "paragraph"]
    assert "The survey found three things:" in [b.text for b in sub.blocks if b.kind == "paragraph"]


def test_markdown_syntax_in_a_txt_file_is_read_as_markdown(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("# Introduction\n\nSome text here that is a sentence.\n\n# Findings\n\nMore text.\n")
    sub = read_submission(path)
    assert sub.format == "md"
    assert texts(sub, "heading") == ["Introduction", "Findings"]
    assert sub.notes == ["read as Markdown, because it uses Markdown headings or tables"]


# --- bad input ---------------------------------------------------------------------------------------

def _pdf_bytes(pages: int = 1, text: bool = True) -> bytes:
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        if text:
            pdf.set_font("helvetica", size=11)
            pdf.multi_cell(0, 6, LONG)
        else:
            pdf.rect(20, 20, 100, 60, style="F")
    return bytes(pdf.output())


def _docx_bytes() -> bytes:
    d = docx.Document()
    d.add_heading("Introduction", 1)
    d.add_paragraph(LONG)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _write(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputNotFound) as missing:
        read_submission(tmp_path / "nope.docx")
    assert "nope.docx' was not found" in error_of(missing)
    with pytest.raises(InputNotFound) as folder:
        read_submission(tmp_path)
    assert "is a folder, not a file" in error_of(folder)


@pytest.mark.parametrize("name, data", [("empty.docx", b""), ("blank.txt", b"  \n\t\n   \n"),
                                        ("blank.md", "\ufeff\n\n".encode("utf-8"))])
def test_empty_files(tmp_path, name, data):
    with pytest.raises(EmptyDocument) as excinfo:
        read_submission(_write(tmp_path, name, data))
    assert name in error_of(excinfo)


def test_docx_with_no_text_is_empty(tmp_path):
    path = tmp_path / "nothing.docx"
    docx.Document().save(path)
    with pytest.raises(EmptyDocument, match="has no text to check"):
        read_submission(path)


@pytest.mark.parametrize("name, data, expected", [
    ("essay.docx", _pdf_bytes(), "'essay.docx' is not a Word document: its content looks like PDF; rename it to 'essay.pdf' to check it"),
    ("essay.docx", b"Just some plain text typed in Notepad.\n", "'essay.docx' is not a Word document: its content looks like plain text; rename it to 'essay.txt'"),
    ("essay.pdf", _docx_bytes(), "'essay.pdf' is not a PDF: its content looks like a Word document; rename it to 'essay.docx'"),
    ("essay.txt", _pdf_bytes(), "'essay.txt' is not a text file: its content looks like PDF"),
    ("essay.rtf", b"plain words\n", "'essay.rtf' is not an RTF document: its content looks like plain text"),
    ("essay.odt", _docx_bytes(), "'essay.odt' is not an OpenDocument text document: its content looks like a Word document"),
    ("essay.txt", b"<!DOCTYPE html><html><body>Hi</body></html>", "looks like a web page (HTML)"),
    ("essay.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "its content looks like a PNG image"),
    ("essay.txt", bytes(range(256)) * 4, "its content looks like binary data, not text"),
])
def test_content_that_contradicts_the_extension(tmp_path, name, data, expected):
    with pytest.raises(UnreadableInput) as excinfo:
        read_submission(_write(tmp_path, name, data))
    assert expected in error_of(excinfo)


def test_unknown_extension_is_read_by_content(tmp_path):
    sub = read_submission(_write(tmp_path, "essay", _docx_bytes()))
    assert sub.format == "docx" and texts(sub, "paragraph") == [LONG.strip()]


def test_truncated_docx(tmp_path):
    data = _docx_bytes()
    with pytest.raises(UnreadableInput) as excinfo:
        read_submission(_write(tmp_path, "cut.docx", data[: len(data) // 2]))
    assert "'cut.docx' is damaged or incomplete" in error_of(excinfo)


def test_docx_that_is_a_zip_without_a_valid_document(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<not-really/>")
    with pytest.raises(UnreadableInput) as excinfo:
        read_submission(_write(tmp_path, "fake.docx", out.getvalue()))
    assert "'fake.docx' is damaged or is not a valid Word document" in error_of(excinfo)


@pytest.mark.parametrize("make", [
    lambda data: data[: len(data) // 2],                                         # truncated
    lambda data: b"%PDF-1.7\n" + b"\x8f garbage " * 200 + b"\n%%EOF\n",           # corrupt
])
def test_truncated_or_corrupt_pdf(tmp_path, make):
    with pytest.raises(UnreadableInput) as excinfo:
        read_submission(_write(tmp_path, "bad.pdf", make(_pdf_bytes(2))))
    assert "'bad.pdf' is damaged" in error_of(excinfo)


def _encrypted_pdf(user: str, owner: str, algorithm: str = "RC4-128") -> bytes:
    return hc.encrypt_pdf(_pdf_bytes(), user, owner, algorithm)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_password_protected_pdf(tmp_path, algorithm):
    if algorithm.startswith("AES"):
        pytest.importorskip("cryptography")
    with pytest.raises(ProtectedDocument) as excinfo:
        read_submission(_write(tmp_path, "locked.pdf", _encrypted_pdf("secret", "owner", algorithm)))
    assert "'locked.pdf' is password-protected" in error_of(excinfo)


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_only_an_owner_password_is_read(tmp_path, algorithm):
    if algorithm.startswith("AES"):
        pytest.importorskip("cryptography")
    sub = read_submission(_write(tmp_path, "restricted.pdf", _encrypted_pdf("", "owner", algorithm)))
    assert texts(sub, "paragraph") == [LONG.strip()]
    assert sub.notes == ["the PDF is protected against changes; its text was read anyway"]


def test_pdf_without_a_text_layer(tmp_path):
    with pytest.raises(EmptyDocument) as excinfo:
        read_submission(_write(tmp_path, "scan.pdf", _pdf_bytes(text=False)))
    assert error_of(excinfo) == "'scan.pdf' has no text layer; it may be scanned — OCR is not supported"


def test_text_that_is_neither_utf8_nor_cp1252(tmp_path):
    with pytest.raises(UnreadableInput) as excinfo:
        read_submission(_write(tmp_path, "odd.txt", b"Some words \x81\x8d here and there\n"))
    assert "neither UTF-8 nor Windows-1252" in error_of(excinfo)


def _ole(encrypted: bool) -> bytes:
    body = b"\x00" * 1024 + ("EncryptedPackage".encode("utf-16-le") if encrypted else b"WordDocument") + b"\x00" * 512
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + body


def test_encrypted_word_file_is_password_protected(tmp_path):
    with pytest.raises(ProtectedDocument) as excinfo:
        read_submission(_write(tmp_path, "locked.docx", _ole(encrypted=True)))
    assert "'locked.docx' is password-protected" in error_of(excinfo)


@pytest.mark.parametrize("name", ["old.doc", "old.docx"])
def test_old_word_format(tmp_path, name):
    with pytest.raises(UnreadableInput) as excinfo:
        read_submission(_write(tmp_path, name, _ole(encrypted=False)))
    assert "old Word .doc file" in error_of(excinfo) and "save it as .docx" in error_of(excinfo)


def test_file_size_limit(tmp_path):
    path = _write(tmp_path, "big.docx", _docx_bytes())
    with pytest.raises(LimitExceeded) as excinfo:
        read_submission(path, Limits(max_file_bytes=1000))
    assert "over the limit" in error_of(excinfo) and "--max-file-mb" in error_of(excinfo)


def test_zip_with_too_many_members(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for i in range(30):
            target.writestr(f"word/media/extra{i}.xml", "<x/>")
    with pytest.raises(LimitExceeded) as excinfo:
        read_submission(_write(tmp_path, "many.docx", out.getvalue()), Limits(max_archive_members=20))
    assert "--max-members" in error_of(excinfo)


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            for _ in range(16):
                member.write(b"\0" * (1 << 20))
    data = out.getvalue()
    assert len(data) < 100_000
    with pytest.raises(LimitExceeded) as excinfo:
        read_submission(_write(tmp_path, "bomb.docx", data), Limits(max_unzipped_bytes=8 << 20))
    assert "unpacks to 16 MB, over the limit of 8 MB" in error_of(excinfo)
    assert "--max-unzipped-mb" in error_of(excinfo)


def test_zip_member_larger_than_it_claims_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w/>" + b" " * (4 << 20))
    data = bytearray(out.getvalue())
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):   # local header, central directory
        start = 0
        while (start := data.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[start + size_at:start + size_at + 4] = struct.pack("<I", 100)
            start += 4
    with pytest.raises(UnreadableInput) as excinfo:
        read_submission(_write(tmp_path, "liar.docx", bytes(data)))
    assert "damaged or incomplete" in error_of(excinfo)


@pytest.mark.parametrize("member", ["word/document.xml", "word/styles.xml"])
def test_xml_entity_declarations_are_refused(tmp_path, member):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == member:
                body = body.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            target.writestr(item, body)
    with pytest.raises(UnreadableInput) as excinfo:
        read_submission(_write(tmp_path, "xxe.docx", out.getvalue()))
    assert "document type declaration" in error_of(excinfo) and "refused for safety" in error_of(excinfo)


def test_odt_with_entity_declaration_is_refused(tmp_path):
    data = render(tmp_path, "odt").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "content.xml":
                body = body.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)
            target.writestr(item, body)
    with pytest.raises(UnreadableInput, match="refused for safety"):
        read_submission(_write(tmp_path, "xxe.odt", out.getvalue()))


def test_pdf_page_limit(tmp_path):
    with pytest.raises(LimitExceeded) as excinfo:
        read_submission(_write(tmp_path, "pages.pdf", _pdf_bytes(3)), Limits(max_pages=2))
    assert "has 3 pages, over the limit of 2" in error_of(excinfo) and "--max-pages" in error_of(excinfo)


def test_pdf_time_budget(tmp_path):
    with pytest.raises(LimitExceeded) as excinfo:
        read_submission(_write(tmp_path, "slow.pdf", _pdf_bytes(2)), Limits(time_budget_s=0))
    assert "--time-budget" in error_of(excinfo)


def test_word_limit(tmp_path):
    with pytest.raises(LimitExceeded) as excinfo:
        read_submission(_write(tmp_path, "words.docx", _docx_bytes()), Limits(max_words=20))
    assert "--max-words" in error_of(excinfo)


# --- the committed samples ---------------------------------------------------------------------------

GOLD = sorted((ROOT / "samples").glob("*.gold.json"))


@pytest.mark.skipif(not GOLD, reason="no rendered samples yet (run python samples/build.py)")
@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_committed_samples_read_back_to_their_gold_counts(gold_path):
    import json
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    sub = read_submission(ROOT / "samples" / f"{gold['id']}.{gold['format']}")
    assert count_words(sub, None).counted == gold["body_words"]
    assert sub.declared_words == gold["declared_words"]


# --- no text is lost ---------------------------------------------------------------------------------

def _maybe_stop(line: str) -> str:
    return line + "." if len(line) % 3 == 0 else line


_line = st.lists(st.text(alphabet="abcdefghAB", min_size=1, max_size=9), max_size=25).map(" ".join).map(_maybe_stop)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_line, st.just("")), min_size=1, max_size=40), st.sampled_from(["", "    "]))
def test_reading_text_keeps_every_word_once(tmp_path_factory, lines, indent):
    text = "\n".join(indent + line if i % 4 == 0 else line for i, line in enumerate(lines))
    expected = len(text.split())
    path = tmp_path_factory.mktemp("fuzz") / "t.txt"
    path.write_text(text, encoding="utf-8")
    if expected == 0:
        with pytest.raises(EmptyDocument):
            read_submission(path)
        return
    sub = read_submission(path)
    assert sum(len(b.text.split()) for b in sub.blocks) == expected


def test_rtf_title_set_large_and_bold_is_a_heading_not_counted(tmp_path):
    body = ("In March our bakery was bought by a larger group, and since then culture has come up in every "
            "meeting I attend. This essay asks what culture is and how it shapes behaviour on the night shift.")
    rtf = ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs22\n"
           "\\pard\\sa120\\b\\fs30 One group, six bakeries: managing culture at Halden after the Van Rijn takeover of 2021\\b0\\fs22\\par\n"
           f"\\pard\\sa120 {body}\\par\n"
           f"\\pard\\sa120 {body} \\u8220?Quoted\\u8221? words stay as they are.\\par\n}}")
    path = tmp_path / "essay.rtf"
    path.write_bytes(rtf.encode("ascii"))
    sub = read_submission(path)
    assert [b.kind for b in sub.blocks] == ["heading", "paragraph", "paragraph"]
    assert sub.blocks[2].text.endswith("“Quoted” words stay as they are.")


# --- centre workbooks: answers written inside table cells ------------------------------------------

COACHING = ("In my team coaching is how I help each adviser find their own answers, and I use the GROW "
            "model in monthly one-to-ones so that they set the goal and the options themselves. ")
MENTORING = ("Mentoring at the branch pairs each new starter with an experienced colleague for six months, "
             "who shares what they have learnt about the job and the wider organisation. ")


def workbook(answers: list[tuple[str, str]]) -> dict:
    return {"id": "workbook", "front": ["Learner: Sam Carter", "Word count: 400"],
            "blocks": [{"kind": "table", "rows": [["Criterion", "Learner's answer"], *[list(a) for a in answers]]},
                       {"kind": "table", "rows": [["Action", "Owner", "Date"], ["Book training", "Sam", "May 2025"],
                                                  ["Review", "HR", "June 2025"]]}]}


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_answers_written_in_a_workbooks_table_are_body_text_under_their_criteria(tmp_path, fmt):
    answers = [("AC 1.1 Explain the purpose of coaching", COACHING * 4),
               ("AC 1.2 Explain the purpose of mentoring", MENTORING * 4)]
    sub = read_submission(render(tmp_path, fmt, workbook(answers), name="workbook"))
    assert texts(sub, "heading")[-2:] == ["AC 1.1 Explain the purpose of coaching",
                                          "AC 1.2 Explain the purpose of mentoring"]
    assert texts(sub, "paragraph") == [norm(COACHING * 4), norm(MENTORING * 4)]
    assert [b.rows[0] for b in sub.blocks if b.kind == "table"] == [["Action", "Owner", "Date"]]   # a real table stays
    assert count_words(sub, None).counted == len((COACHING * 4 + MENTORING * 4).split())


def test_a_table_of_short_cells_is_still_a_table():
    from checker.readers.answer_tables import holds_answers

    plan = [[["Goal"], ["Action"], ["Owner"]], [["Improve feedback skills"], ["Attend a two-day course"], ["Me"]]]
    assert not holds_answers(plan)
    assert holds_answers([[["AC 2.1"], [COACHING * 5]]])


def test_a_workbook_is_mapped_row_by_row(tmp_path):
    from checker.analysis import Settings, run_check
    from checker.units import UnitLibrary

    answers = [("AC 1.1 Describe the purpose of coaching in human resources development", COACHING * 4),
               ("AC 1.2 Describe the role of mentoring in management", MENTORING * 4)]
    path = render(tmp_path, "docx", workbook(answers), name="workbook")
    report = run_check(path, UnitLibrary.load().get("5014"), Settings()).to_dict()
    mapped = {b["text"][:40]: b["criteria"] for b in report["blocks"] if b["kind"] == "paragraph"}
    assert mapped == {COACHING[:40]: ["1.1"], MENTORING[:40]: ["1.2"]}
    assert report["word_count"]["counted"] == len((COACHING * 4 + MENTORING * 4).split())


def test_paragraphs_made_with_line_breaks_are_read_as_paragraphs(tmp_path):
    """Text pasted from an e-mail or typed with Shift+Enter: one Word paragraph holds several."""
    d = docx.Document()
    p = d.add_paragraph()
    lines = ["Learner: Sam Carter", "", "Why change was needed", LONG.strip(), "",
             "The survey showed that staff wanted the change but worried", "about the extra work it would bring.",
             "", "Staff were asked for their views in a short survey."]
    for k, line in enumerate(lines):
        run = p.add_run(line)
        if k < len(lines) - 1:
            run.add_break()
    d.save(tmp_path / "breaks.docx")
    sub = read_submission(tmp_path / "breaks.docx")
    assert [(b.kind, b.text) for b in sub.blocks] == [
        ("front", "Learner: Sam Carter"), ("heading", "Why change was needed"), ("paragraph", LONG.strip()),
        ("paragraph", "The survey showed that staff wanted the change but worried about the extra work it would bring."),
        ("paragraph", "Staff were asked for their views in a short survey.")]


def test_pdf_from_a_word_processor_keeps_bullets_tables_and_the_paragraph_after_a_table_apart(tmp_path):
    """As LibreOffice and Word write them: a bullet set apart from its text at a tab stop, and a body
    paragraph starting at the table's left edge one line below its last row."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(0, 5.5, "Introduction", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5.5, LONG.strip() * 2, new_x="LMARGIN", new_y="NEXT")
    items = ["holding regular one-to-ones using the GROW model", "giving feedback after each shift review"]
    for item in items:
        pdf.set_x(20)
        pdf.cell(5, 5.5, "-")
        pdf.set_x(26)
        pdf.cell(0, 5.5, item, new_x="LMARGIN", new_y="NEXT")
    rows = [("Measure", "April", "Target"), ("Repeat visits within", "9.0%", "4.0%"), ("thirty days", "", ""),
            ("Satisfaction", "4.1", "4.5")]
    for a, b, c in rows:
        pdf.cell(45, 5.5, a)
        pdf.cell(30, 5.5, b)
        pdf.cell(30, 5.5, c, new_x="LMARGIN", new_y="NEXT")
    after = ("I worked out the targets from the gap rather than from what felt comfortable, and tested each "
             "figure against the spread of performance across the six teams before agreeing it.")
    pdf.multi_cell(0, 5.5, after, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "word.pdf"
    pdf.output(str(path))
    sub = read_submission(path)
    assert texts(sub, "list_item") == items
    tables = [b for b in sub.blocks if b.kind == "table"]
    assert len(tables) == 1 and "thirty days" in tables[0].text and "worked out" not in tables[0].text
    assert texts(sub, "paragraph")[-1] == norm(after)


def _numbered_headings_docx(path, sections):
    """Heading 1 and Heading 2 tied to a multilevel list ('1', '1.1'), as Word's numbered heading styles are."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>'
        '<w:lvlText w:val="%1"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for name in ("Heading 1", "Heading 2"):
        ppr = d.styles[name].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="90"/></w:numPr>'))
    d.add_paragraph("Learner: Sam Carter")
    for title, subsections in sections:
        d.add_heading(title, 1)
        for sub, text in subsections:
            d.add_heading(sub, 2)
            d.add_paragraph(text)
    d.save(path)


def test_word_numbered_headings_keep_the_number_word_shows(tmp_path):
    path = tmp_path / "numbered.docx"
    _numbered_headings_docx(path, [("Coaching", [("The purpose of coaching", LONG), ("The role of mentoring", LONG)]),
                                   ("Performance", [("Benefits for performance", LONG)])])
    sub = read_submission(path)
    assert texts(sub, "heading") == ["1 Coaching", "1.1 The purpose of coaching", "1.2 The role of mentoring",
                                     "2 Performance", "2.1 Benefits for performance"]
    assert count_words(sub, None).counted == 3 * len(LONG.split())     # a generated number is not a word


def test_word_numbered_headings_signpost_their_criteria(tmp_path):
    from checker.analysis import Settings, run_check
    from checker.units import UnitLibrary

    path = tmp_path / "numbered.docx"
    _numbered_headings_docx(path, [("Coaching and mentoring", [("Purpose", COACHING * 3), ("Role", MENTORING * 3)])])
    report = run_check(path, UnitLibrary.load().get("5014"), Settings()).to_dict()
    mapped = {b["text"][:20]: (b["criteria"], b["reasons"][0]) for b in report["blocks"] if b["kind"] == "paragraph"}
    assert mapped[COACHING[:20]][0] == ["1.1"] and "names 1.1" in mapped[COACHING[:20]][1]
    assert mapped[MENTORING[:20]][0] == ["1.2"] and "names 1.2" in mapped[MENTORING[:20]][1]


def test_pdf_heading_sizes_outrank_the_numbers_in_their_words(tmp_path):
    """'Assessment criterion 1.1: …' set in the main heading size, with the writer's own smaller heading
    inside it, stays the main heading: the sub-heading does not end the criterion's section."""
    pdf = FPDF()
    pdf.add_page()
    for text, size in (("Assessment criterion 1.1: Describe the purpose of coaching", 15), ("Year one costs", 12),
                       ("Assessment criterion 1.2: Describe the role of mentoring", 15)):
        pdf.set_font("helvetica", "B", size)
        pdf.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 10)
        pdf.multi_cell(0, 5, LONG, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    path = tmp_path / "sized.pdf"
    pdf.output(str(path))
    levels = [(b.text[:22], b.level) for b in read_submission(path).blocks if b.kind == "heading"]
    assert levels == [("Assessment criterion 1", 1), ("Year one costs", 2), ("Assessment criterion 1", 1)]


def test_docx_text_boxes_are_read_once_after_their_anchor(tmp_path):
    """A text box's paragraphs are part of the submission: read after the paragraph they are anchored
    in, once (Word also stores each box as a VML fallback), and never run into the anchor's own text."""
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    boxed = "Case study: Amira's first coaching session. " + LONG
    inner = f"<w:txbxContent><w:p><w:r><w:t>{boxed}</w:t></w:r></w:p></w:txbxContent>"
    d = docx.Document()
    d.add_heading("Introduction", level=1)
    d.add_paragraph(LONG)
    anchor = d.add_paragraph("The box below tells one story in full.")
    anchor._p.append(parse_xml(
        f'<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        f'<a:graphicData><wps:wsp><wps:txbx>{inner}</wps:txbx></wps:wsp></a:graphicData></a:graphic>'
        f'</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox>'
        f'</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.add_paragraph("After the box, the essay goes on.")
    path = tmp_path / "boxed.docx"
    d.save(path)
    body = [(b.kind, b.text) for b in read_submission(path).blocks][1:]
    assert body == [("paragraph", LONG.strip()), ("paragraph", "The box below tells one story in full."),
                    ("paragraph", boxed.strip()), ("paragraph", "After the box, the essay goes on.")]


def test_odt_text_boxes_are_read_after_their_anchor(tmp_path):
    from odf.draw import Frame, TextBox
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Introduction"))
    document.text.addElement(P(text=LONG))
    anchor = P(text="The box below tells one story in full.")
    frame = Frame(width="10cm", height="4cm", anchortype="paragraph")
    box = TextBox()
    box.addElement(P(text="Case study: Amira's first coaching session. " + LONG))
    frame.addElement(box)
    anchor.addElement(frame)
    document.text.addElement(anchor)
    document.text.addElement(P(text="After the box, the essay goes on."))
    path = tmp_path / "boxed.odt"
    document.save(str(path))
    body = [b.text for b in read_submission(path).blocks][1:]
    assert body == [LONG.strip(), "The box below tells one story in full.",
                    ("Case study: Amira's first coaching session. " + LONG).strip(), "After the box, the essay goes on."]


def test_pdf_line_opening_with_a_bracketed_number_runs_on_from_a_full_line(tmp_path):
    """A full line ending mid-sentence, '… Denmark has very low power distance', then '(18) and the UK
    …' is one paragraph wrapped, not a paragraph and a numbered list item."""
    lines = ["National culture affects us in two ways, and the first of them is easy to see. Denmark",
             "has a very low score for power distance on the scale that Hofstede and his colleagues use",
             "(18) and the UK is also fairly low (35), but Danish managers expect operatives to raise any",
             "problems directly with them and are surprised when they do not, which happens on nights."]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "", 11)
    for line in lines:
        pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "wrapped.pdf"
    pdf.output(str(path))
    assert [(b.kind, b.text) for b in read_submission(path).blocks] == [("paragraph", " ".join(lines))]
