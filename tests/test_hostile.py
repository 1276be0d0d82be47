"""Hostile and broken input (issue 8), as a user meets it on the command line.

Every file is generated here (tests/hostile_corpus.py); nothing is checked in. Each case asserts what
the user sees: a report, or exactly one line on stderr with the documented exit code and no traceback;
never a partial output file, never a changed input.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

import hostile_corpus as hc
from checker.cli import main

EXIT = {"not found": 3, "unreadable": 4, "spec": 6, "empty": 7, "protected": 8, "limit": 9, "output": 10}


@dataclass
class Outcome:
    code: int
    stderr: list[str]
    report: dict | None


def run(capsys, *args: str) -> tuple[int, str, list[str]]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


def _digest(path: Path) -> str:
    """The file's content hash; a named pipe is not read (that would wait for a writer for ever)."""
    return "fifo" if path.is_fifo() else hashlib.sha256(path.read_bytes()).hexdigest()


def check(capsys, path: Path, *extra: str) -> Outcome:
    """`checker check PATH --unit 5014 --format json --output OUT`: the input must be unchanged, and OUT
    holds a whole report or nothing at all (no temporary file either)."""
    before = _digest(path)
    out = path.parent / f"out-{path.name}"
    out.mkdir()
    code, _, err = run(capsys, "check", path, "--unit", "5014", "--format", "json", "--output", out / "r.json",
                       *extra)
    assert _digest(path) == before, "the input was changed"
    left = sorted(p.name for p in out.iterdir())
    if code:
        clean_failure(code, err)
        assert left == [], f"partial output left behind: {left}"
        return Outcome(code, err, None)
    assert left == ["r.json"] and err == [f"written: {out / 'r.json'}"], (left, err)
    return Outcome(0, err, json.loads((out / "r.json").read_text(encoding="utf-8")))


def clean_failure(code: int, err: list[str]) -> None:
    assert code in EXIT.values(), (code, err)
    assert len(err) == 1 and err[0].startswith("checker: error: "), err
    assert "Traceback" not in err[0] and "internal error" not in err[0]


def expect(capsys, path: Path, kind: str, phrase: str, *extra: str) -> str:
    outcome = check(capsys, path, *extra)
    assert outcome.code == EXIT[kind], outcome.stderr
    assert phrase in outcome.stderr[0], outcome.stderr[0]
    return outcome.stderr[0]


def report_of(capsys, path: Path, *extra: str) -> dict:
    outcome = check(capsys, path, *extra)
    assert outcome.code == 0, outcome.stderr
    ids = [b["id"] for b in outcome.report["blocks"]]
    assert ids == [f"b{i}" for i in range(len(ids))]
    return outcome.report


def texts(report: dict) -> str:
    return "\n".join(b["text"] for b in report["blocks"])


def put(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --- archives --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def bombs(tmp_path_factory) -> dict[str, bytes]:
    """Zip bombs made once: 201 MB of XML in under a megabyte."""
    return {"docx": hc.zip_bomb(hc.docx_bytes(), "word/document.xml", 201),
            "odt": hc.zip_bomb(hc.odt_bytes(), "content.xml", 201)}


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_zip_bomb_is_refused_before_unpacking(capsys, tmp_path, bombs, kind):
    path = put(tmp_path, f"bomb.{kind}", bombs[kind])
    assert path.stat().st_size < 1_000_000
    line = expect(capsys, path, "limit", "MB, over the limit of 200 MB")
    assert "unpacks to 20" in line
    assert "--max-unzipped-mb" in line


@pytest.mark.parametrize("kind, make", [("docx", hc.docx_bytes), ("odt", hc.odt_bytes)])
def test_thousands_of_parts(capsys, tmp_path, kind, make):
    line = expect(capsys, put(tmp_path, f"parts.{kind}", hc.many_parts(make(), 3000)), "limit", "over the limit of 2,000")
    assert "--max-members" in line
    report = report_of(capsys, put(tmp_path, f"fewer.{kind}", hc.many_parts(make(), 1500)))
    assert hc.ESSAY[0] in texts(report)


@pytest.mark.parametrize("name, data", [
    ("document.docx", lambda: hc.rezip(hc.docx_bytes(), replace={"word/document.xml": hc.NOT_XML})),
    ("styles.docx", lambda: hc.rezip(hc.docx_bytes(), replace={"word/styles.xml": hc.NOT_XML})),
    ("content.odt", lambda: hc.rezip(hc.odt_bytes(), replace={"content.xml": hc.NOT_XML})),
    ("styles.odt", lambda: hc.rezip(hc.odt_bytes(), replace={"styles.xml": hc.NOT_XML})),
])
def test_a_part_that_is_not_xml(capsys, tmp_path, name, data):
    expect(capsys, put(tmp_path, name, data()), "unreadable", "is damaged or is not a valid")


@pytest.mark.parametrize("kind, make", [("docx", hc.docx_bytes), ("odt", hc.odt_bytes)])
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.95])
def test_truncated_zip(capsys, tmp_path, kind, make, keep):
    data = make()
    expect(capsys, put(tmp_path, f"cut.{kind}", data[: int(len(data) * keep)]), "unreadable", "damaged")


# --- XML -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data", [
    ("laughs.docx", lambda: hc.docx_with_entity(hc.LAUGHS, b"&d;")),
    ("xxe.docx", lambda: hc.docx_with_entity(hc.XXE, b"&secret;")),
    ("laughs-styles.docx", lambda: hc.docx_with_entity(hc.LAUGHS, b"", "word/styles.xml")),
    ("xxe-rels.docx", lambda: hc.docx_with_entity(hc.XXE, b"", "word/_rels/document.xml.rels")),
    ("utf16.docx", lambda: hc.utf16_with_doctype(hc.docx_bytes(), "word/document.xml", hc.XXE)),
    ("laughs.odt", lambda: hc.odt_with_doctype(hc.LAUGHS)),
    ("xxe.odt", lambda: hc.odt_with_doctype(hc.XXE)),
    ("xxe-styles.odt", lambda: hc.odt_with_doctype(hc.XXE, "styles.xml")),
])
def test_entity_expansion_and_external_entities_are_refused(capsys, tmp_path, name, data):
    line = expect(capsys, put(tmp_path, name, data()), "unreadable", "refused for safety")
    assert "root:" not in line


def test_deeply_nested_tables(capsys, tmp_path):
    report = report_of(capsys, put(tmp_path, "tables.docx", hc.nested_tables_docx(40)))
    tables = [b for b in report["blocks"] if b["kind"] == "table"]
    assert len(tables) == 1 and "Level 39 of the nested table" in tables[0]["text"]
    assert "The innermost cell." in tables[0]["text"]
    expect(capsys, put(tmp_path, "deeper.docx", hc.nested_tables_docx(400)), "unreadable", "is damaged")


@pytest.mark.parametrize("name, make, depth", [
    ("sdt.docx", hc.nested_elements_docx, 5000), ("runs.docx", hc.nested_runs_docx, 5000),
    ("spans.odt", hc.nested_odt, 5000)])
def test_deeply_nested_elements(capsys, tmp_path, name, make, depth):
    expect(capsys, put(tmp_path, name, make(depth)), "unreadable", "is damaged")
    report = report_of(capsys, put(tmp_path, f"shallow-{name}", make(120)))
    assert any(paragraph[:60] in texts(report) for paragraph in hc.ESSAY)


def test_an_element_bomb_is_refused_before_parsing(capsys, tmp_path):
    line = expect(capsys, put(tmp_path, "paras.docx", hc.element_bomb_docx(1_100_000)), "limit",
                  "more than 1,000,000 XML elements")
    assert "--max-elements" in line
    odt = hc.rezip(hc.odt_bytes(), replace={"content.xml": lambda body: body.replace(
        b"</office:text>", b"<text:p/>" * 250_000 + b"</office:text>", 1)})
    expect(capsys, put(tmp_path, "paras.odt", odt), "limit", "more than 200,000 XML elements")


def test_many_empty_paragraphs_under_the_limit_are_read_quickly(capsys, tmp_path):
    report = report_of(capsys, put(tmp_path, "empty-paras.docx", hc.element_bomb_docx(200_000)),
                       "--time-budget", "30")
    assert hc.ESSAY[4] in texts(report)


# --- PDF -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_encrypted_pdf(capsys, tmp_path, algorithm):
    expect(capsys, put(tmp_path, "locked.pdf", hc.encrypted_pdf(algorithm=algorithm)), "protected",
           "'locked.pdf' is password-protected")


@pytest.mark.parametrize("how", ["offsets", "missing", "startxref"])
def test_a_damaged_cross_reference_table_is_rebuilt(capsys, tmp_path, how):
    report = report_of(capsys, put(tmp_path, f"xref-{how}.pdf", hc.broken_xref_pdf(how)))
    assert "purpose of coaching" in texts(report)


def test_a_garbled_cross_reference_table(capsys, tmp_path):
    expect(capsys, put(tmp_path, "xref.pdf", hc.broken_xref_pdf("garbage")), "unreadable", "is damaged")


def test_pdf_without_a_text_layer(capsys, tmp_path):
    expect(capsys, put(tmp_path, "scan.pdf", hc.pdf_bytes(pages=3, text=False)), "empty", "OCR is not supported")


def test_thousands_of_pages_are_refused_before_reading(capsys, tmp_path):
    line = expect(capsys, put(tmp_path, "pages.pdf", hc.many_pages_pdf(3000)), "limit", "3,000 pages")
    assert "--max-pages" in line


def test_a_page_of_one_enormous_string(capsys, tmp_path):
    line = expect(capsys, put(tmp_path, "huge.pdf", hc.huge_string_pdf(2_000_000)), "limit", "--max-words")
    assert "over the limit of 200,000" in line
    report = report_of(capsys, put(tmp_path, "long.pdf", hc.huge_string_pdf(90_000)))
    assert report["word_count"]["counted"] == 10_000


# --- text ------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def big_text(tmp_path_factory) -> Path:
    """50 MB of essay text, written once."""
    return hc.write_large_text(tmp_path_factory.mktemp("big") / "big.txt", 49.9)


def test_fifty_megabytes_of_text_are_refused_at_the_word_limit(capsys, big_text):
    line = expect(capsys, big_text, "limit", "far over the limit of 200,000")
    assert "--max-words" in line


def test_over_the_file_size_limit(capsys, tmp_path, big_text):
    line = expect(capsys, put(tmp_path, "a.txt", big_text.read_bytes()[:2_000_000]), "limit",
                  "is 1.9 MB, over the limit of 1 MB", "--max-file-mb", "1")
    assert "--max-file-mb" in line


@pytest.mark.parametrize("name, data, kind, phrase", [
    ("nothing.txt", b"", "empty", "is empty (0 bytes)"),
    ("blank.txt", b" \t\r\n\n   \n\x0c\n", "empty", "has no text to check"),
    ("blank.md", "\ufeff\u00a0\u2003\n".encode(), "empty", "has no text to check"),
    ("nul.txt", hc.essay_text().encode() + b"\x00\x00 and more", "unreadable", "not a text file"),
    ("late-nul.txt", hc.essay_text(8).encode() + b"\x00" * 30, "unreadable", "control characters"),
    ("bad.txt", b"Some words \x81\x8d here and there \xc3\x28\n" * 20, "unreadable", "neither UTF-8 nor"),
    ("fake16.txt", b"\xff\xfe" + b"a\x00b", "unreadable", "claims to be UTF-16"),
])
def test_broken_text(capsys, tmp_path, name, data, kind, phrase):
    expect(capsys, put(tmp_path, name, data), kind, phrase)


def test_text_in_windows_1252_is_read_and_noted(capsys, tmp_path):
    report = report_of(capsys, put(tmp_path, "cafe.txt", hc.essay_text().replace("care", "caf\u00e9").encode("cp1252")))
    assert "caf\u00e9" in texts(report) and any("Windows-1252" in n for n in report["notes"])


def test_a_one_million_word_paragraph(capsys, tmp_path):
    path = hc.write_one_paragraph(tmp_path / "one.txt", 1_000_000)
    expect(capsys, path, "limit", "far over the limit of 200,000")
    report = report_of(capsys, hc.write_one_paragraph(tmp_path / "shorter.txt", 20_000))
    assert len(report["blocks"]) == 1 and report["word_count"]["counted"] == 20_000


def test_right_to_left_and_combining_characters_are_kept_verbatim(capsys, tmp_path):
    arabic = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645 " * 30
    combining = "e\u0301\u0302\u0303 a\u0308 \u202eevil\u202c " * 40
    text = f"{arabic.strip()}\n\n{combining.strip()}\n\n{hc.essay_text()}"
    report = report_of(capsys, put(tmp_path, "rtl.txt", text.encode("utf-8")))
    assert [b["text"] for b in report["blocks"][:2]] == [arabic.strip(), combining.strip()]
    assert report["word_count"]["counted"] == len(text.split())


def test_an_extremely_long_word_is_one_word(capsys, tmp_path):
    text = hc.essay_text() + "\n" + "x" * 300_000 + "\n"
    report = report_of(capsys, put(tmp_path, "word.txt", text.encode()))
    assert report["word_count"]["counted"] == len(hc.essay_text().split()) + 1
    assert any(len(b["text"]) == 300_000 for b in report["blocks"])


# --- output safety ---------------------------------------------------------------------------------

def test_output_over_the_input_is_refused(capsys, tmp_path):
    path = put(tmp_path, "essay.txt", hc.essay_text().encode())
    os.symlink(path, tmp_path / "link.json")
    before = path.read_bytes()
    for target in (path, tmp_path / "link.json", tmp_path / "." / "essay.txt"):
        code, _, err = run(capsys, "check", path, "--unit", "5014", "--output", target)
        clean_failure(code, err)
        assert code == EXIT["output"] and "refusing to write the output over the input" in err[0]
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["essay.txt", "link.json"]


def test_a_missing_output_folder(capsys, tmp_path):
    path = put(tmp_path, "essay.txt", hc.essay_text().encode())
    code, _, err = run(capsys, "check", path, "--unit", "5014", "--output", tmp_path / "no" / "r.html")
    clean_failure(code, err)
    assert code == EXIT["output"] and "does not exist" in err[0]


def test_a_name_starting_with_a_dash(capsys, tmp_path):
    path = put(tmp_path, "-rf.txt", hc.essay_text().encode())
    code, out, err = run(capsys, "check", "--unit", "5014", "--format", "json", "--", path)
    assert code == 0 and json.loads(out)["file"].endswith("-rf.txt")


def test_debug_shows_the_traceback(capsys, tmp_path):
    path = put(tmp_path, "empty.txt", b"")
    code, _, err = run(capsys, "--debug", "check", path, "--unit", "5014")
    assert code == EXIT["empty"] and err[0] == "Traceback (most recent call last):"
    assert err[-1] == "checker: error: 'empty.txt' is empty (0 bytes)"


# --- unit specifications supplied by a centre ------------------------------------------------------

UNIT = """number: C301
title: Coaching
level: 5
credits: 6
outcomes:
  - id: 1
    text: Understand coaching
    criteria:
      - {id: "1.1", text: Explain coaching, verbs: [explain]}
      - {id: "1.2", text: Describe a model, verbs: [describe]}
"""


def spec_error(capsys, folder: Path, files: dict[str, str | bytes], phrase: str) -> str:
    folder.mkdir()
    for name, body in files.items():
        put(folder, name, body if isinstance(body, bytes) else body.encode())
    code, out, err = run(capsys, "--units-dir", folder, "units")
    clean_failure(code, err)
    assert code == EXIT["spec"] and phrase in err[0], err
    assert out == ""
    return err[0]


def test_a_good_centre_unit_is_listed(capsys, tmp_path):
    put(tmp_path, "c301.yaml", UNIT.encode())
    code, out, _ = run(capsys, "--units-dir", tmp_path, "unit", "C301", "--format", "json")
    assert code == 0 and [c["id"] for c in json.loads(out)["outcomes"][0]["criteria"]] == ["1.1", "1.2"]


@pytest.mark.parametrize("files, phrase", [
    ({"bad.yaml": UNIT.replace("title: Coaching", "title: [Coaching")}, "not valid YAML near line"),
    ({"bad.json": '{"number": "C301", "title": '}, "not valid JSON"),
    ({"bad.yaml": UNIT.encode("utf-16")}, "not UTF-8 text"),
    ({"list.yaml": "- just\n- a list\n"}, "must hold a mapping"),
    ({"a.yaml": UNIT, "b.yaml": UNIT.replace("title: Coaching", "title: Again")}, "is already defined"),
    ({"a.yaml": UNIT.replace('id: "1.2"', 'id: "1.1"')}, "must be numbered 1, 2, 3"),
    ({"a.yaml": UNIT.replace("      - {id: \"1.2\"", "  - id: 1\n    text: again\n    criteria:\n      - {id: \"1.2\"")},
     "outcomes must be numbered"),
    ({"big.yaml": UNIT + "aim: |\n" + "  padding\n" * 130_000}, "specification files are limited to 1,000,000"),
    ({"deep.json": "[" * 100_000 + "]" * 100_000}, "nested too deeply"),
    ({"deep.yaml": "aim: " + "[" * 50_000 + "]" * 50_000}, "nested too deeply"),
])
def test_broken_unit_specs(capsys, tmp_path, files, phrase):
    spec_error(capsys, tmp_path / "units", files, phrase)


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['touch {marker}']",
                                 "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
                                 "!!python/name:os.system", "!!python/module:os"])
def test_yaml_tags_that_construct_objects_are_refused(capsys, tmp_path, tag):
    marker = tmp_path / "hacked"
    spec_error(capsys, tmp_path / "units", {"evil.yaml": UNIT + "aim: " + tag.format(marker=marker) + "\n"},
               "not valid YAML")
    assert not marker.exists()


def test_yaml_aliases_are_refused(capsys, tmp_path):
    """A 'billion laughs' in YAML: nine lines that stand for 9**9 strings once serialised."""
    lines, previous = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'], "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
        previous = name
    body = UNIT + "\n".join(lines) + "\ntheories: *i\n"
    line = spec_error(capsys, tmp_path / "units", {"laughs.yaml": body}, "uses a YAML alias (*name) near line 12")
    assert "aliases are not allowed" in line


# --- learner text in the HTML report ---------------------------------------------------------------

def test_learner_text_is_escaped_in_the_html_report(capsys, tmp_path):
    attack = ('AC 1.1 <script>alert("x")</script> <img src=x onerror=alert(1)> {{ 7*7 }} '
              '<a href="javascript:alert(1)">link</a> &amp; ]]> <!-- comment -->')
    path = put(tmp_path, "<b>essay<b>.txt", (attack + "\n\n" + hc.essay_text()).encode())
    code, page, err = run(capsys, "check", path, "--unit", "5014", "--format", "html", "--audience", "assessor")
    assert code == 0, err
    assert page.count("<script") == 1                      # the report's own script, and no other
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page or "&lt;script&gt;alert(&quot;x&quot;)" in page
    assert "<img src=x" not in page and 'href="javascript' not in page and "<!-- comment -->" not in page
    assert "{{ 7*7 }}" in page and "&lt;b&gt;essay&lt;b&gt;.txt" in page and "<b>essay" not in page


def test_a_named_pipe_is_not_waited_for(capsys, tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")            # opening it to read would wait for a writer for ever
    code, out, err = run(capsys, "check", tmp_path / "pipe.txt", "--unit", "5014")
    clean_failure(code, err)
    assert code == EXIT["empty"] and "'pipe.txt' is empty (0 bytes)" in err[0] and out == ""
