"""Cohort inputs and outputs: folders, manifests, links, odd names, safe output names and CSV cells."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from checker.cohort.batch import check_paths
from checker.cohort.files import csv_text, neutralise, output_stem
from checker.cohort.manifest import folder_entries, load_entries, manifest_entries
from checker.cohort.worker import safe_name
from checker.errors import OutputError, UsageError


@pytest.mark.parametrize("cell", ["=SUM(A1:A9)", "+44 1234", "-2+3", "@cmd", "\t=1", "\r=1", "=HYPERLINK(\"x\")"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell
    parsed = next(csv.reader(io.StringIO(csv_text(["v"], [{"v": cell}]).splitlines()[1] + "\n")))
    assert parsed[0].startswith("'")


@pytest.mark.parametrize("cell", ["Ann Smith", "3,200", "O'Neill", "", "a=b"])
def test_ordinary_cells_are_kept(cell):
    assert neutralise(cell) == cell


def test_numbers_and_lists_in_csv():
    text = csv_text(["n", "acs", "flag"], [{"n": -5, "acs": ["1.1", "2.3"], "flag": True}])
    assert text.splitlines()[1] == "-5,1.1; 2.3,yes"           # a number is not text: no prefix


def _touch(path: Path, text: str = "Some text of a submission.\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_lists_submissions_and_skips_the_rest(tmp_path):
    for name in ["a.md", "-leading dash.docx", "spaces in name.txt", "ünïcödé.pdf", "sub/deeper/b.rtf",
                 ".hidden.md", "~$lock.docx", "notes.csv", "image.png", ".git/x.md"]:
        _touch(tmp_path / name)
    keys = [e.key for e in folder_entries(tmp_path, "7015V1")]
    assert keys == sorted(["-leading dash.docx", "a.md", "spaces in name.txt", "ünïcödé.pdf"]) + ["sub/deeper/b.rtf"]
    assert all(e.unit == "7015V1" and e.path and not e.problem for e in folder_entries(tmp_path, "7015V1"))


def test_links_out_of_the_folder_are_not_followed(tmp_path):
    outside = _touch(tmp_path / "outside" / "secret.txt")
    inside = _touch(tmp_path / "in" / "real.md")
    os.symlink(outside, tmp_path / "in" / "escape.txt")
    os.symlink(inside, tmp_path / "in" / "alias.md")
    os.symlink(tmp_path / "outside", tmp_path / "in" / "linked-folder")
    os.symlink(tmp_path / "nowhere.md", tmp_path / "in" / "dangling.md")
    entries = {e.key: e for e in folder_entries(tmp_path / "in", None)}
    assert set(entries) == {"alias.md", "dangling.md", "escape.txt", "real.md"}      # linked folder not walked
    assert "outside the input folder" in entries["escape.txt"].problem[0] and entries["escape.txt"].path is None
    assert entries["escape.txt"].problem[1] == 3
    assert entries["dangling.md"].problem[1] == 3
    assert entries["alias.md"].path == inside.resolve()


def test_a_folder_named_like_a_file_is_walked_not_read(tmp_path):
    (tmp_path / "odd.docx").mkdir()
    _touch(tmp_path / "odd.docx" / "x.md")
    entries = {e.key: e for e in folder_entries(tmp_path, None)}
    assert set(entries) == {"odd.docx/x.md"}


def test_the_output_folder_is_not_walked(tmp_path):
    _touch(tmp_path / "a.md")
    _touch(tmp_path / "out" / "b.md")
    assert [e.key for e in folder_entries(tmp_path, None, exclude=tmp_path / "out")] == ["a.md"]


def _manifest(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_manifest_rows_paths_and_columns(tmp_path):
    _touch(tmp_path / "subs" / "ann.md")
    _touch(tmp_path / "subs" / "=cmd.md")
    _touch(tmp_path / "secret.md")
    manifest = _manifest(tmp_path / "subs" / "m.csv",
                         "File,Unit,Learner,Assessor,Decision,Date,Centre,Cohort\n"
                         "ann.md,7015V1,Ann Smith,A. Khan,pass,2025-03-01,Leeds,2025\n"
                         "=cmd.md,,,A. Khan,refer,,,\n"
                         "../secret.md,7015V1,Sly,A. Khan,pass,,,\n"
                         f"{tmp_path / 'secret.md'},7015V1,Abs,A. Khan,pass,,,\n"
                         "missing.md,7015V1,Gone,B. Lee,pass,,,\n"
                         ",7015V1,No file,B. Lee,pass,,,\n"
                         "ann.md,7015V1,Twice,B. Lee,pass,,,\n\n")
    entries = manifest_entries(manifest, "7017V1")
    by_learner = {e.learner: e for e in entries}
    ann = by_learner["Ann Smith"]
    assert ann.path and ann.unit == "7015V1" and ann.meta["assessor"] == "A. Khan" and ann.meta["cohort"] == "2025"
    assert by_learner["=cmd"].unit == "7017V1" and by_learner["=cmd"].path       # --unit fills a blank unit
    for name in ("Sly", "Abs"):
        assert "outside the input folder" in by_learner[name].problem[0]
    assert "not found" in by_learner["Gone"].problem[0]
    assert "no file" in by_learner["No file"].problem[0]
    assert "listed twice" in by_learner["Twice"].problem[0]
    assert len({e.key for e in entries}) == len(entries)


def test_manifest_root_option(tmp_path):
    _touch(tmp_path / "store" / "x.md")
    (tmp_path / "lists").mkdir()
    manifest = _manifest(tmp_path / "lists" / "m.csv", "file\nx.md\n")
    assert manifest_entries(manifest, "7015V1", root=tmp_path / "store")[0].path == (tmp_path / "store" / "x.md").resolve()


@pytest.mark.parametrize("text, message", [("unit,learner\n7015V1,A\n", "no 'file' column"), ("", "empty"),
                                           ("file\n\"unclosed\n", "not valid CSV")])
def test_bad_manifests_are_usage_errors(tmp_path, text, message):
    with pytest.raises(UsageError, match=message):
        load_entries(_manifest(tmp_path / "m.csv", text))


def test_a_manifest_that_is_not_utf8(tmp_path):
    (tmp_path / "m.csv").write_bytes("file\nbad\xe9.md\n".encode("latin-1"))
    with pytest.raises(UsageError, match="not UTF-8"):
        load_entries(tmp_path / "m.csv")


def test_output_stems_are_safe_and_distinct():
    stems = [output_stem(k) for k in ["-rf.md", "a/b c.md", "a/b_c.md", "..md", "../../etc/passwd", "<script>.md",
                                      "ünï.md", "x" * 300 + ".md"]]
    assert len(set(stems)) == len(stems)
    for stem in stems:
        assert not stem.startswith(("-", ".")) and "/" not in stem and len(stem) <= 70
        assert all(c.isalnum() and c.isascii() or c in "-_" for c in stem)


@pytest.mark.parametrize("name, expected", [("a/b.docx", "b.docx"), ("..", "submission"), ("", "submission"),
                                            ("-x.md", "-x.md"), ("a\x00b.md", "a_b.md"), ("c:\\x\\y.pdf", "y.pdf")])
def test_worker_file_names(name, expected):
    assert safe_name(name) == expected


def test_output_folder_refusals(tmp_path):
    (tmp_path / "in").mkdir()
    manifest = _touch(tmp_path / "m.csv", "file\n")
    for out in (tmp_path / "in", tmp_path / "in" / "out", tmp_path):
        with pytest.raises(OutputError):
            check_paths(tmp_path / "in", out)
    with pytest.raises(OutputError):
        check_paths(manifest, manifest)
    check_paths(manifest, tmp_path / "out")                    # next to a manifest is fine
    check_paths(tmp_path / "in", tmp_path / "elsewhere")
