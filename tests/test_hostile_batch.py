"""Hostile names and paths for `checker batch` (issue 8): odd characters, spaces, leading '-', links out
of the folder, things that are not regular files, and output folders that are (or hold) the input."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hostile_corpus as hc

ROOT = Path(__file__).resolve().parent.parent
ODD = ["essay one.txt", "-rf.txt", "--help.txt", "=HYPERLINK(1).txt", "@SUM(A1).txt", "+44.txt",
       "$(touch PWNED).txt", "new\nline.txt", "<img src=x onerror=alert(1)>.txt", "ünïcode ✓ مرحبا.md"]


def batch(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", "batch", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): "link" if p.is_symlink() else "pipe" if p.is_fifo() else
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder" for p in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-batch")
    inputs = base / "in put"
    inputs.mkdir()
    for number, name in enumerate(ODD):
        (inputs / name).write_text(hc.essay_text() + f"\nSubmission number {number}.\n", encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    os.mkfifo(inputs / "pipe.txt")                                  # reading it would wait for ever
    secret = base / "secret.txt"
    secret.write_text("PRIVATE words that must never reach a report.\n", encoding="utf-8")
    (base / "elsewhere").mkdir()
    (base / "elsewhere" / "other.txt").write_text(hc.essay_text(), encoding="utf-8")
    os.symlink(secret, inputs / "escape.txt")
    os.symlink("../secret.txt", inputs / "relative.txt")
    os.symlink(base / "elsewhere", inputs / "linked folder")
    os.symlink(inputs / "essay one.txt", inputs / "inside link.txt")  # a link within the folder is fine
    os.symlink(base / "gone.txt", inputs / "dangling.txt")
    before, secret_before = tree(inputs), secret.read_bytes()
    result = batch("in put", "--unit", "5014", "--out", "out put", "--jobs", "1", "--no-similarity", cwd=base)
    assert tree(inputs) == before and secret.read_bytes() == secret_before
    return base, result


def rows(base: Path, out: str = "out put") -> dict[str, dict]:
    data = json.loads((base / out / "cohort.json").read_text(encoding="utf-8"))
    return {r["key"]: r for r in data["submissions"]}


def test_the_batch_finishes_without_a_traceback(cohort):
    base, result = cohort
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_odd_names_are_checked_and_nothing_runs(cohort):
    base, _ = cohort
    found = rows(base)
    for name in ODD + ["inside link.txt"]:
        assert found[name]["status"] == "ok", found[name]
        assert (base / "out put" / found[name]["report"]).is_file()
    assert not list(base.rglob("PWNED"))
    reports = sorted(p.name for p in (base / "out put" / "reports").iterdir())
    assert not any(name.startswith(("-", ".")) for name in reports)


@pytest.mark.parametrize("name, phrase", [
    ("escape.txt", "outside the input folder"), ("relative.txt", "outside the input folder"),
    ("dangling.txt", "was not found"), ("pipe.txt", "is not a regular file"), ("empty.txt", "is empty (0 bytes)")])
def test_what_cannot_be_read_is_a_row_with_its_error(cohort, name, phrase):
    base, result = cohort
    row = rows(base)[name]
    assert row["status"] == "error" and phrase in row["error"], row
    assert row["exit_code"] in (3, 7)


def test_links_out_of_the_folder_are_never_followed(cohort):
    base, _ = cohort
    assert not any(key.startswith("linked folder") for key in rows(base))
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (base / "out put").rglob("*")
                      if p.is_file() and p.suffix in (".html", ".json", ".csv", ".jsonl"))
    assert "PRIVATE words" not in written


def test_names_are_inert_in_the_cohort_page_and_csv(cohort):
    base, _ = cohort
    page = (base / "out put" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    with (base / "out put" / "cohort.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert {"'=HYPERLINK(1).txt", "'@SUM(A1).txt", "'+44.txt", "'-rf.txt", "'--help.txt"} <= {r["file"] for r in table}
    assert not any(v.startswith(("=", "+", "-", "@")) for row in table for v in row.values() if v)


@pytest.mark.parametrize("out, code", [("in put", 10), ("in put/reports", 10), (".", 10),
                                       ("in put/essay one.txt", 2)])
def test_an_output_folder_that_is_or_holds_the_input_is_refused(cohort, out, code):
    base, _ = cohort
    before = tree(base / "in put")
    result = batch("in put", "--unit", "5014", "--out", out, "--jobs", "1", cwd=base)
    lines = result.stderr.splitlines()
    assert result.returncode == code and len(lines) == 1 and lines[0].startswith("checker: error: "), result.stderr
    assert tree(base / "in put") == before


@pytest.mark.skipif(os.geteuid() == 0, reason="file permissions do not bind the root user")
def test_an_unreadable_file_is_a_row(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "locked.txt").write_text(hc.essay_text(), encoding="utf-8")
    (inputs / "locked.txt").chmod(0)
    result = batch("in", "--unit", "5014", "--out", "out", "--jobs", "1", "--no-similarity", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    row = rows(tmp_path, "out")["locked.txt"]
    assert row["status"] == "error" and "cannot be opened" in row["error"] and row["exit_code"] == 3


def test_batch_takes_the_same_limits_as_check(tmp_path):
    """A limit the error message tells the assessor to raise can be raised on `batch` too."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "essay.txt").write_text(hc.essay_text(), encoding="utf-8")
    result = batch("in", "--unit", "5014", "--out", "out", "--jobs", "1", "--no-similarity", "--max-words", "20",
                   cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    row = rows(tmp_path, "out")["essay.txt"]
    assert row["status"] == "error" and row["exit_code"] == 9 and "--max-words" in row["error"]
    raised = batch("in", "--unit", "5014", "--out", "out2", "--jobs", "1", "--no-similarity", "--max-elements",
                   "5000", "--max-members", "50", "--max-unzipped-mb", "10", cwd=tmp_path)
    assert raised.returncode == 0 and rows(tmp_path, "out2")["essay.txt"]["status"] != "error"
