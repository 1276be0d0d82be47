"""`checker units`, `checker unit` and `checker qualify` as a user runs them."""

from checker.cli import main


def test_units_table_and_json(capsys):
    assert main(["units"]) == 0
    out = capsys.readouterr().out
    assert "7015V1" in out and "Coaching and mentoring within organisational culture" in out
    assert main(["units", "--format", "json"]) == 0
    import json
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 17 and {"number", "level", "title", "criteria"} <= set(rows[0])


def test_unit_json_shape(cli_json):
    data = cli_json("unit", "7015v1", "--format", "json")
    assert data["number"] == "7015V1" and data["level"] == 7
    first = data["outcomes"][0]["criteria"][0]
    assert first["id"] == "1.1" and first["verb"] == first["verbs"][0] and first["text"]


def test_unknown_unit_is_one_line_with_suggestion(cli):
    result = cli("unit", "7051V1")
    assert result.returncode == 5
    assert result.stderr.strip().count("\n") == 0
    assert "did you mean 7015V1?" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exit_code(cli):
    result = cli("unit")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_qualify(cli):
    result = cli("qualify", "7C2V2", "--units", "7016V1,7017V1")
    assert result.returncode == 0
    assert "not yet achieved" in result.stdout and "needs 1 more" in result.stdout


def test_invalid_units_dir_is_one_line(cli, tmp_path):
    (tmp_path / "bad.yaml").write_text("number: X1\ntitle: [unclosed\n")
    result = cli("--units-dir", str(tmp_path), "units")
    assert result.returncode == 6
    assert "bad.yaml" in result.stderr and "Traceback" not in result.stderr
