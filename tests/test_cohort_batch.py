"""`checker batch` and `checker sample` end to end, as a user runs them: outputs, errors as rows,
inputs untouched, resuming, and the process pool surviving a crashed worker."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

from checker.cohort.runner import CRASHED, run_local
from checker.cohort.synthetic import Generator, paragraphs, write_cohort
from checker.cohort.worker import Task
from checker.analysis import Settings
from checker.units import UnitLibrary

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "checker" / "schema" / "report.schema.json").read_text())
LIBRARY = UnitLibrary.load()
UNIT = LIBRARY.get("7015V1")


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink()
            else "link" for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cohort") / "submissions"
    folder.mkdir()
    generator = Generator(5, [UNIT])
    texts = [generator.submission(UNIT, learner) for learner in ("Ann Smith", "Ben Jones", "Cat Evans", "Dev Khan")]
    texts.append(generator.submission(UNIT, "Eve Copy", shared=paragraphs(texts[0])[3:5]))
    names = ["ann smith.md", "-ben jones.md", "=cat evans+1.md", "sub folder/dev khan's work.md", "eve copy.md"]
    for name, text in zip(names, texts):
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "corrupt.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    outside = folder.parent / "private.txt"
    outside.write_text("not a submission", encoding="utf-8")
    os.symlink(outside, folder / "escape.txt")
    return folder


@pytest.fixture(scope="module")
def first_run(inputs, tmp_path_factory):
    from conftest import run_cli

    before = tree(inputs)
    out = tmp_path_factory.mktemp("out") / "batch out"
    result = run_cli("batch", str(inputs), "--unit", "7015V1", "--out", str(out), "--jobs", "2",
                     "--index", str(out.parent / "index"), "--cohort", "2024")
    assert result.returncode == 0, result.stderr
    return out, before, result


def cohort(out: Path) -> dict:
    return json.loads((out / "cohort.json").read_text(encoding="utf-8"))


def test_every_submission_is_a_row_and_errors_do_not_stop_the_batch(first_run):
    out, _, result = first_run
    rows = {r["key"]: r for r in cohort(out)["submissions"]}
    assert len(rows) == 9
    errors = {k: (r["exit_code"], r["error"]) for k, r in rows.items() if r["status"] != "ok"}
    assert {k: c for k, (c, _) in errors.items()} == {"corrupt.docx": 4, "empty.txt": 7, "old.doc": 4, "escape.txt": 3}
    assert "outside the input folder" in errors["escape.txt"][1]
    assert "4 could not be checked" in result.stderr
    ok = [r for r in rows.values() if r["status"] == "ok"]
    assert len(ok) == 5 and all(r["criteria_total"] == len(UNIT.criteria) and 2500 < r["words"] < 4000 for r in ok)


def test_reports_are_written_per_submission(first_run):
    out, _, _ = first_run
    for row in cohort(out)["submissions"]:
        if row["status"] != "ok":
            continue
        report = json.loads((out / row["json"]).read_text(encoding="utf-8"))
        jsonschema.validate(report, SCHEMA)
        assert report["word_count"]["counted"] == row["words"]
        html = (out / row["report"]).read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "Assessor pre-screen" in html
        assert not Path(row["report"]).name.startswith(("-", "."))


def test_inputs_are_untouched_and_nothing_is_written_beside_them(first_run, inputs):
    _, before, _ = first_run
    assert tree(inputs) == before
    assert not any(p.name.endswith((".html", ".json", ".tmp", ".npz")) for p in inputs.parent.rglob("*")
                   if "batch out" not in str(p) and p.is_file())


def test_cohort_csv_is_safe_for_spreadsheets(first_run):
    out, _, _ = first_run
    with (out / "cohort.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    files = {row["file"] for row in table}
    assert {"'-ben jones.md", "'=cat evans+1.md", "sub folder/dev khan's work.md"} <= files
    assert not any(v.startswith(("=", "+", "-", "@")) for row in table for v in row.values())


def test_the_copied_pair_is_flagged(first_run):
    out, _, _ = first_run
    data = cohort(out)
    pairs = data["similarity"]["pairs"]
    assert [(p["a"], p["b"]) for p in pairs] == [("ann smith.md", "eve copy.md")]
    assert len(pairs[0]["passages"]) == 2
    rows = {r["key"]: r for r in data["submissions"]}
    assert rows["eve copy.md"]["similar"][0]["label"] == "ann smith"
    assert "ann smith and eve copy" in (out / "index.html").read_text(encoding="utf-8")


def test_a_rerun_skips_unchanged_submissions_and_rechecks_changed_ones(first_run, inputs, tmp_path):
    from conftest import run_cli

    out, _, _ = first_run
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    again = run_cli("batch", str(inputs), "--unit", "7015V1", "--out", str(copy), "--jobs", "2")
    assert again.returncode == 0, again.stderr
    summary = cohort(copy)["summary"]
    assert (summary["checked"], summary["unchanged"], summary["errors"]) == (0, 5, 4)
    state = copy / "batch-state.jsonl"                      # an interrupted run: one record lost, the last torn
    lines = state.read_text(encoding="utf-8").splitlines()
    state.write_text("\n".join(lines[1:]) + '\n{"key": "torn', encoding="utf-8")
    changed = copy / "reports"
    next(changed.glob("*.html")).unlink()                   # a missing output is made again
    again = run_cli("batch", str(inputs), "--unit", "7015V1", "--out", str(copy), "--jobs", "1")
    summary = cohort(copy)["summary"]
    assert again.returncode == 0 and summary["checked"] == 2 and summary["unchanged"] == 3


def test_the_resume_key_changes_with_any_setting():
    from checker.bands import parse_band
    from checker.cohort.batch import settings_hash
    from checker.limits import Limits

    base = settings_hash(UNIT, Settings(), "assessor")
    assert base == settings_hash(UNIT, Settings(), "assessor")
    others = {settings_hash(UNIT, Settings(band=parse_band("2000-2500")), "assessor"),
              settings_hash(UNIT, Settings(limits=Limits(max_words=10)), "assessor"),
              settings_hash(UNIT, Settings(), "learner"), settings_hash(LIBRARY.get("7017V1"), Settings(), "assessor")}
    assert base not in others and len(others) == 4


@pytest.mark.parametrize("args, code, message", [
    (["--unit", "7015V1", "--out", "{inputs}"], 10, "refusing to write into the input"),
    (["--unit", "7015V1", "--out", "{inputs}/reports"], 10, "must not contain one another"),
    (["--unit", "9999", "--out", "{tmp}/o"], 5, "unknown unit"),
    (["--out", "{tmp}/o"], 2, "say which unit"),
])
def test_refusals(inputs, tmp_path, capsys, args, code, message):
    from checker.cli import main

    assert main(["batch", str(inputs), *[a.format(inputs=inputs, tmp=tmp_path) for a in args]]) == code
    assert message in capsys.readouterr().err
    assert not (inputs / "reports").exists()


class Crash:
    """Unpickling this in a worker ends the worker process at once, as a hard crash would."""

    def __reduce__(self):
        return (os._exit, (3,))


def test_a_crashing_worker_is_an_error_row_and_the_rest_go_on():
    tasks = [Task(f"t{i}", "x.txt", b"", UNIT, Settings()) for i in range(5)]
    tasks[2] = Task("crash", "x.txt", Crash(), UNIT, Settings())
    results = []
    run_local(iter(tasks), 2, results.append)
    rows = {r.key: r.row for r in results}
    assert set(rows) == {"t0", "t1", "t3", "t4", "crash"}
    assert rows["crash"]["error"] == CRASHED and rows["crash"]["exit_code"] == 70
    assert all(rows[k]["exit_code"] == 7 for k in ("t0", "t1", "t3", "t4"))    # empty: no text to check


def test_sample_from_a_manifest_end_to_end(tmp_path):
    from conftest import run_cli

    manifest = write_cohort(tmp_path / "in", [UNIT, LIBRARY.get("7017V1")], 6, seed=7, docx_share=0.3,
                            colluders=1)
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write("missing.docx,7015V1,Gone Away,Assessor 1,pass,2025-05-05,Leeds,written assignment\n")
    result = run_cli("sample", str(manifest), "--out", str(tmp_path / "iqa"), "--new-assessor", "Assessor 3",
                     "--rate", "10%", "--seed", "4", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "iqa" / "sample.json").read_text(encoding="utf-8"))
    picks = {p["key"]: p for p in data["picks"]}
    similar = sorted(k[:4] for k, p in picks.items() if any("shares" in r for r in p["reasons"]))
    assert similar == ["0000", "0001"]                      # the colluding pair
    assert "missing.docx" in picks and "could not read" in picks["missing.docx"]["reasons"][0]
    assert all(p["assessor"] != "Assessor 3" or "new assessor" in " ".join(p["reasons"]) or p["kind"] == "risk"
               for p in picks.values())
    assert sum(1 for p in picks.values() if p["assessor"] == "Assessor 3") == 2
    for p in picks.values():
        if p["report"]:
            assert (tmp_path / "iqa" / p["report"]).is_file()
    again = run_cli("sample", str(manifest), "--out", str(tmp_path / "iqa2"), "--results", str(tmp_path / "iqa" / "batch"),
                    "--new-assessor", "Assessor 3", "--rate", "10%", "--seed", "4")
    assert again.returncode == 0, again.stderr
    second = json.loads((tmp_path / "iqa2" / "sample.json").read_text(encoding="utf-8"))
    assert [p["key"] for p in second["picks"]] == [p["key"] for p in data["picks"]]
    for p in second["picks"]:
        if p["report"]:
            assert (tmp_path / "iqa2" / p["report"]).is_file()


def test_a_later_cohort_is_compared_with_the_indexed_one(first_run, inputs, tmp_path):
    from conftest import run_cli

    out, _, _ = first_run
    later = tmp_path / "2025"
    later.mkdir()
    generator = Generator(6, [UNIT])
    copied = paragraphs((inputs / "ann smith.md").read_text(encoding="utf-8"))[6:8]
    (later / "fay.md").write_text(generator.submission(UNIT, "Fay", shared=copied), encoding="utf-8")
    (later / "gus.md").write_text(generator.submission(UNIT, "Gus"), encoding="utf-8")
    result = run_cli("batch", str(later), "--unit", "7015V1", "--out", str(tmp_path / "out"), "--jobs", "1",
                     "--index", str(out.parent / "index"), "--cohort", "2025")
    assert result.returncode == 0, result.stderr
    data = cohort(tmp_path / "out")
    assert [(p["a"], p["b"], p["b_cohort"]) for p in data["similarity"]["pairs"]] == [("fay.md", "ann smith.md", "2024")]
    assert data["similarity"]["stats"]["compared_with_earlier"] == 5
    assert data["similarity"]["stats"]["index"]["cohorts"] == ["2024", "2025"]


def run_on_terminal(*args: str) -> tuple[int, str]:
    """Run `python -m checker` with stderr on a pseudo-terminal, as in a user's shell; return its code
    and what the terminal showed."""
    import pty
    import subprocess
    import sys
    import threading

    leader, follower = pty.openpty()
    shown = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = subprocess.run([sys.executable, "-m", "checker", *args], stdout=subprocess.DEVNULL, stderr=follower,
                          cwd=ROOT, timeout=120)
    os.close(follower)
    reader.join(timeout=10)
    os.close(leader)
    return proc.returncode, shown.decode("utf-8", "replace")


def test_a_progress_bar_on_a_terminal_and_quiet_lines_otherwise(first_run, tmp_path):
    _, _, logged = first_run                                 # stderr to a pipe: a line per tenth, each error
    assert "checked 9 of 9" in logged.stderr and "error: corrupt.docx" in logged.stderr
    assert "Checking" not in logged.stderr and "\r" not in logged.stderr
    folder = tmp_path / "in"
    folder.mkdir()
    generator = Generator(9, [UNIT])
    for name in ("a.md", "b.md"):
        (folder / name).write_text(generator.submission(UNIT, name), encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 broken")
    code, shown = run_on_terminal("batch", str(folder), "--unit", "7015V1", "--out", str(tmp_path / "out"),
                                  "--jobs", "1")
    assert code == 0, shown
    assert "Checking" in shown and "3/3" in shown and "\r" in shown            # a bar, redrawn in place
    assert "checked 3 of 3" not in shown
    assert shown.index("error: broken.docx") > shown.rindex("3/3")            # errors after the bar, not in it


def test_a_changed_submission_is_checked_again(first_run, inputs, tmp_path):
    from conftest import run_cli

    out, _, _ = first_run
    folder, copy = tmp_path / "submissions", tmp_path / "out"
    shutil.copytree(inputs, folder, symlinks=True)
    shutil.copytree(out, copy)
    changed = folder / "ann smith.md"
    text = changed.read_text(encoding="utf-8")
    assert "## Conclusion\n\n" in text
    changed.write_text(text.replace("## Conclusion\n\n", "## Conclusion\n\nA paragraph added after marking.\n\n"),
                       encoding="utf-8")
    again = run_cli("batch", str(folder), "--unit", "7015V1", "--out", str(copy), "--jobs", "1", "--no-similarity")
    assert again.returncode == 0, again.stderr
    data = cohort(copy)
    assert (data["summary"]["checked"], data["summary"]["unchanged"]) == (1, 4)
    before = {r["key"]: r for r in cohort(out)["submissions"]}
    ann = next(r for r in data["submissions"] if r["key"] == "ann smith.md")
    assert ann["words"] == before["ann smith.md"]["words"] + 5 and ann["content"] != before["ann smith.md"]["content"]


def test_a_batch_from_a_manifest_keeps_its_columns(tmp_path):
    from conftest import run_cli

    units = [UNIT, LIBRARY.get("7017V1")]
    manifest = write_cohort(tmp_path / "in", units, 4, seed=3, docx_share=0.5)
    with manifest.open("a", encoding="utf-8") as handle:
        handle.write("gone.md,7015V1,Gone Away,Assessor 2,refer,2025-06-01,York,written assignment\n")
    result = run_cli("batch", str(manifest), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    with manifest.open(encoding="utf-8") as handle:
        listed = {row["file"]: row for row in csv.DictReader(handle)}
    with (tmp_path / "out" / "cohort.csv").open(encoding="utf-8") as handle:
        table = {row["file"]: row for row in csv.DictReader(handle)}
    assert set(table) == set(listed)
    for name, row in listed.items():
        for column in ("unit", "learner", "assessor", "decision", "date", "centre", "method"):
            assert table[name][column] == row[column], (name, column)
    assert {table[n]["status"] for n in listed if n != "gone.md"} == {"ok"}
    assert table["gone.md"]["status"] == "error" and "not found" in table["gone.md"]["error"]
    assert {r["unit"] for r in cohort(tmp_path / "out")["submissions"]} == {"7015V1", "7017V1"}
