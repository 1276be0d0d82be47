"""`checker eval`: the measures it reports, on one real sample and on hand-made results."""

import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from checker.evaluate import SampleResult, evaluate, summarise
from checker.units import UnitLibrary

ROOT = Path(__file__).resolve().parents[1]


def test_eval_on_a_signposted_sample_reports_every_measure(tmp_path):
    for name in ("l5-5014-signposted.docx", "l5-5014-signposted.gold.json"):
        shutil.copy(ROOT / "samples" / name, tmp_path / name)
    summary, results, skipped = evaluate(tmp_path, UnitLibrary.load())
    assert skipped == [] and len(results) == 1
    overall = summary["overall"]
    assert overall["documents"] == 1 and overall["word_count_exact"] == 1
    assert overall["paragraph_accuracy"] >= 0.95 and overall["false_missing_rate"] == 0
    assert overall["missing_recall"] is None                       # nothing was omitted
    assert set(summary) >= {"overall", "signposted", "split:dev", "style:signposted"}
    out = CliRunner().invoke(cli, ["eval", str(tmp_path), "--errors"])
    assert out.exit_code == 0 and "l5-5014-signposted (signposted, dev)" in out.output


def test_shallow_flagged_also_counts_criteria_reported_missing_or_weak():
    r = SampleResult("x", "no_headings", "dev", "txt", blocks=1, exact=1)
    r.verbs = [("1.1", "shallow", "shallow"), ("1.2", "shallow", "not_applicable"),
               ("1.3", "shallow", "adequate"), ("2.1", "adequate", "shallow")]
    r.status = {"1.1": "evidenced", "1.2": "missing", "1.3": "evidenced", "2.1": "evidenced"}
    r.addressed = set(r.status)
    overall = summarise([r])["overall"]
    assert overall["shallow_found"] == round(1 / 3, 3)
    assert overall["shallow_flagged"] == round(2 / 3, 3)
    assert overall["adequate_kept"] == 0.0


def test_the_verb_check_is_also_measured_on_the_gold_evidence(tmp_path):
    """A shallow answer the mapper sent elsewhere counts against `shallow_found`, but not against the
    verb check's own measure, which judges each criterion on the blocks the gold file gives it."""
    for name in ("l5-5014-signposted.docx", "l5-5014-signposted.gold.json"):
        shutil.copy(ROOT / "samples" / name, tmp_path / name)
    summary, results, _ = evaluate(tmp_path, UnitLibrary.load())
    on_gold = dict((ac, (truth, got)) for ac, truth, got in results[0].verbs_on_gold)
    assert on_gold["3.1"][0] == "shallow"                         # the sample's planted shallow answer
    assert set(on_gold) == {ac for ac, _, _ in results[0].verbs}
    assert summary["overall"]["gold_evidence_shallow_found"] == 1.0
    out = CliRunner().invoke(cli, ["eval", str(tmp_path)])
    assert "gold_evidence_adequate_kept" in out.output and "paragraph_accuracy" in out.output
