"""The trained depth model (checker/checks/depth.py, models/verb_depth.json): for verbs that ask for
weighing and a judgement, it reads the verb check's evidence and says shallow or not, with its reasons."""

import json
from pathlib import Path

import pytest

from checker.checks.depth import DepthModel, collect, features, shipped, train
from checker.checks.verbs import VerbJudge
from checker.document import Block
from checker.resources import models_dir
from checker.units import UnitLibrary

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def unit():
    return UnitLibrary.load().get("5014")


@pytest.fixture(scope="module")
def judge():
    return VerbJudge()


# a long description of a scheme, with one passing contrast ('although') and no judgement
DESCRIBED = ["Coaching at our depot runs every month for each supervisor, in a quiet room after the shift.",
             "Each session lasts an hour and follows the GROW model, which the supervisors learnt in March.",
             "Mentoring pairs new starters with a driver of five years' service for their first six months.",
             "The pairs meet every fortnight, usually in the canteen, and keep a short log of what they cover.",
             "Appraisals now include a section on coaching, filled in by the supervisor and the employee.",
             "We also run a quarterly review of the scheme with HR, although attendance at it varies.",
             "Supervisors record their sessions on the HR system so that the training team can see them.",
             "New starters receive a welcome pack that explains how mentoring works and who to contact."]


def paragraphs(*texts):
    return [Block(f"b{i}", "paragraph", t) for i, t in enumerate(texts)]


def test_the_shipped_model_judges_verbs_that_ask_for_weighing_and_judgement_only(unit, judge):
    model = shipped()
    assert model is not None and model.trained_on >= 100 and model.shallow_examples >= 20
    assert model.applies(judge.needs(unit.criterion("2.1")))          # evaluate
    assert not model.applies(judge.needs(unit.criterion("1.1")))      # explain


def test_weighing_makes_an_answer_less_likely_shallow_and_listing_more():
    model = shipped()
    base = {"weighing": 1, "judgement": 1, "reasons": 1}
    p_one = model.shallow_probability(features(base, 12, 0.0))[0]
    p_three = model.shallow_probability(features({**base, "weighing": 3}, 12, 0.0))[0]
    p_listed = model.shallow_probability(features(base, 12, 0.8))[0]
    assert p_three < p_one < p_listed


def test_a_long_description_with_one_passing_contrast_is_shallow_and_keeps_audit_detail_apart(unit, judge):
    result = judge.judge(unit.criterion("2.1"), paragraphs(" ".join(DESCRIBED)), {})
    assert result["status"] == "shallow", result
    assert result["missing"] and result["model"]["shallow_probability"] >= result["model"]["threshold"]
    assert "too shallow" in result["model"]["reason"]            # audit detail, for the assessor
    assert not any("depth model" in r for r in result["reasons"])  # the learner's reasons stay plain
    assert result["gaps"] and result["hint"] == result["reasons"][-1]


def test_a_weighed_answer_with_a_conclusion_is_adequate_and_the_model_says_why(unit, judge):
    weighed = ("Coaching has clearly improved our appraisals: staff now set their own targets and sickness fell "
               "from 6% to 4%. However, it takes a great deal of managers' time, and two supervisors felt it "
               "slowed decisions during busy periods. The benefit is greatest for new starters, whereas experienced "
               "staff gained less, because they already set their own goals. Mentoring, on the other hand, was "
               "slower to show results because the relationships took months to build, although it did more for "
               "retention. On balance, I judge that the benefits outweigh the costs for performance management.")
    result = judge.judge(unit.criterion("2.1"), paragraphs(weighed), {})
    assert result["status"] == "adequate", result
    assert result["missing"] == [] and result["model"]["shallow_probability"] < result["model"]["threshold"]
    assert "deep enough" in result["model"]["reason"] and "hint" not in result


def test_training_separates_a_clear_pattern_and_reports_cross_validated_figures():
    x, y, groups = [], [], []
    for i in range(40):
        shallow = i % 2 == 0
        counts = {"weighing": 0 if shallow else 3, "judgement": 1, "reasons": 0 if shallow else 2}
        x.append(features(counts, 10 + i % 5, 0.6 if shallow else 0.0))
        y.append(shallow)
        groups.append(f"s{i // 4}")
    model = train(x, y, groups)
    assert model["cross_validated"]["shallow_found"] == 1.0 and model["cross_validated"]["adequate_kept"] == 1.0
    loaded = DepthModel(tuple(model["coef"]), model["intercept"], model["threshold"], tuple(model["needs"]),
                        model["trained_on"], model["shallow_examples"])
    assert loaded.shallow_probability(x[0])[0] > 0.5 > loaded.shallow_probability(x[1])[0]


def test_the_shipped_model_is_what_training_on_the_bundled_samples_gives():
    """The artefact in models/ is reproducible: retraining on samples/ gives the same coefficients."""
    shipped_file = json.loads((models_dir() / "verb_depth.json").read_text(encoding="utf-8"))
    retrained = train(*collect(ROOT / "samples"))
    assert retrained["trained_on"] == shipped_file["trained_on"]
    assert retrained["shallow_examples"] == shipped_file["shallow_examples"]
    # loose enough for another scikit-learn release's solver, tight enough to catch a stale model
    assert retrained["coef"] == pytest.approx(shipped_file["coef"], abs=0.05)
    for measure, value in shipped_file["cross_validated"].items():
        assert retrained["cross_validated"][measure] == pytest.approx(value, abs=0.03)


def test_weighing_present_but_thin_is_named_as_thin_not_absent(unit, judge):
    described = DESCRIBED + ["Overall, I think the scheme has worked well for most of the team."]
    result = judge.judge(unit.criterion("2.1"), paragraphs(" ".join(described)), {})
    assert result["status"] == "shallow", result
    assert result["found"]["weighing"] >= 1 and result["found"]["judgement"] >= 1
    assert any("in only" in gap for gap in result["gaps"]), result["gaps"]
