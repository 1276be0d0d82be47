"""samples/build.py: gold files, every renderer, deterministic output."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("samples_build", ROOT / "samples" / "build.py")
BUILD = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(BUILD)
MINI = ROOT / "tests" / "data" / "mini.yaml"


def test_gold_file_fields():
    sample = BUILD.load(MINI)
    gold = BUILD.gold(dict(sample, copied_guidance=[1]))
    assert {k: gold[k] for k in ("id", "unit", "style", "split", "format", "declared_words", "body_words",
                                 "omitted", "shallow")} == {
        "id": "mini", "unit": "5014", "style": "signposted", "split": "dev", "format": "docx",
        "declared_words": 1150, "body_words": 248, "omitted": ["2.1"], "shallow": []}
    assert gold["copied_guidance"] == [sample["blocks"][1]["text"].strip()]
    assert len(gold["blocks"]) == len(sample["blocks"])
    assert gold["blocks"][3] == {"kind": "paragraph", "text": sample["blocks"][3]["text"].strip(), "criteria": ["1.1"]}
    assert gold["blocks"][10]["text"] == "Measure\tBefore\tAfter\nLate records\t18%\t4%\nAgency hours\t320\t210"


def test_build_is_deterministic_and_only_builds_what_is_asked(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for fmt in BUILD.FORMATS:
        text = MINI.read_text(encoding="utf-8").replace("format: docx", f"format: {fmt}").replace("id: mini", f"id: mini-{fmt}")
        (src / f"mini-{fmt}.yaml").write_text(text, encoding="utf-8")
    first, second = tmp_path / "one", tmp_path / "two"
    assert BUILD.main(["--src", str(src), "--out", str(first)]) == 0
    assert BUILD.main(["--src", str(src), "--out", str(second)]) == 0
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted([f"mini-{f}.{f}" for f in BUILD.FORMATS] + [f"mini-{f}.gold.json" for f in BUILD.FORMATS])
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert json.loads((first / "mini-pdf.gold.json").read_text())["format"] == "pdf"

    only = tmp_path / "only"
    assert BUILD.main(["--src", str(src), "--out", str(only), "--only", "mini-md"]) == 0
    assert sorted(p.name for p in only.iterdir()) == ["mini-md.gold.json", "mini-md.md"]
    assert BUILD.main(["--src", str(src), "--out", str(only), "--only", "nope"]) == 2


def test_unknown_block_kind_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("kind: caption", "kind: picture"), encoding="utf-8")
    with pytest.raises(SystemExit, match="unknown kind 'picture'"):
        BUILD.load(bad)
