"""`checker check` and `checker words` on the bundled samples, as a user runs them."""

import json
from pathlib import Path

import jsonschema
import pytest


ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "l7-7015-signposted.docx"
SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "checker" / "schema" / "report.schema.json").read_text())


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from checker.cli import main

    out = tmp_path_factory.mktemp("out") / "report.json"
    assert main(["check", str(SAMPLE), "--unit", "7015V1", "--format", "json", "--output", str(out)]) == 0
    return json.loads(out.read_text())


def test_report_matches_schema(report):
    jsonschema.validate(report, SCHEMA)


def test_every_block_in_order_with_verbatim_text(report):
    from checker.readers import read_submission

    blocks = read_submission(SAMPLE).blocks
    assert [b["id"] for b in report["blocks"]] == [b.id for b in blocks]
    assert [b["text"] for b in report["blocks"]] == [b.text for b in blocks]


def test_counted_words_add_up(report):
    counted = sum(b["words"] for b in report["blocks"] if b["counted"])
    assert counted == report["word_count"]["counted"] == json.loads(
        (ROOT / "samples" / "l7-7015-signposted.gold.json").read_text())["body_words"]


def test_criteria_carry_reasons_and_evidence(report):
    for criterion in report["criteria"]:
        assert criterion["reasons"]
        if criterion["status"] != "missing":
            assert criterion["evidence"] and criterion["words"] > 0
            assert criterion["verb_check"]["status"] in ("adequate", "shallow")
    mapped = [b for b in report["blocks"] if b["criteria"]]
    assert mapped and all(b["reasons"] for b in mapped)


def test_pasted_guidance_is_flagged(report):
    assert any(f["kind"] == "copied_guidance" for f in report["flags"])


def test_text_output_and_fail_on(cli, tmp_path):
    result = cli("check", str(ROOT / "samples" / "l7-7017-essay.md"), "--unit", "7017V1")
    assert result.returncode == 0
    assert "Criteria evidenced:" in result.stdout and "2.2" in result.stdout
    result = cli("check", str(ROOT / "samples" / "l7-7017-essay.md"), "--unit", "7017V1", "--fail-on", "missing")
    assert result.returncode == 11 and "2.2" in result.stderr


def test_text_output_lists_reference_faults(cli):
    """The default text report says what the HTML one does about citations and the reference list."""
    result = cli("check", str(ROOT / "samples" / "l6-6004-grid.docx"), "--unit", "6004V1")
    assert result.returncode == 0
    assert "cited but not in the reference list: McClelland (1961)" in result.stdout
    assert "in the reference list but never cited: Thompson, N. (2016)" in result.stdout


def test_refuses_to_overwrite_the_input(cli, tmp_path):
    copy = tmp_path / "essay.md"
    original = (ROOT / "samples" / "l7-7017-essay.md").read_bytes()
    copy.write_bytes(original)
    result = cli("check", str(copy), "--unit", "7017V1", "--format", "json", "--output", str(copy))
    assert result.returncode == 10 and "input" in result.stderr
    assert copy.read_bytes() == original


def test_missing_file_and_unknown_unit(cli):
    result = cli("check", "no-such-file.docx", "--unit", "7015V1")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    result = cli("check", str(SAMPLE), "--unit", "9999")
    assert result.returncode == 5


def test_words_command(cli_json):
    data = cli_json("words", str(SAMPLE), "--unit", "7015V1", "--format", "json")
    assert data["counted"] == 3481 and data["band"]["min"] == 3000 and data["status"] == "within"
    data = cli_json("words", str(SAMPLE), "--level", "5", "--format", "json")
    assert data["band"]["max"] == 3000 and data["status"] == "over"


def test_trained_pipeline_path(tmp_path):
    """--nlp accepts any installed spaCy pipeline; here a tiny one the test saves to disk."""
    import spacy

    from checker.analysis import Settings, run_check
    from checker.units import UnitLibrary

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "tiny")
    unit = UnitLibrary.load().get("7015V1")
    default = run_check(SAMPLE, unit, Settings()).to_dict()
    custom = run_check(SAMPLE, unit, Settings(nlp=str(tmp_path / "tiny"))).to_dict()
    assert [c["status"] for c in custom["criteria"]] == [c["status"] for c in default["criteria"]]
    assert [b["criteria"] for b in custom["blocks"]] == [b["criteria"] for b in default["blocks"]]


def test_html_report_with_centre_branding(cli, tmp_path):
    (tmp_path / "brand.yaml").write_text("centre_name: Northfield College <b>\naccent_colour: '#003366'\n")
    out = tmp_path / "report.html"
    result = cli("check", str(SAMPLE), "--unit", "7015V1", "--format", "html", "--output", str(out),
                 "--branding", str(tmp_path / "brand.yaml"))
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "Northfield College &lt;b&gt;" in page and "<script src" not in page


def test_reports_get_the_usual_file_permissions(tmp_path):
    """Written atomically through a temporary file, but readable as any new file would be (umask 022)."""
    import os
    import stat

    from checker.output import write_output

    old = os.umask(0o022)
    try:
        path = write_output(tmp_path / "report.html", "<p>report</p>")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert path.read_text(encoding="utf-8") == "<p>report</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
