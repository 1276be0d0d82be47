"""IQA sampling on generated manifests: coverage guarantees hold, risky decisions are always in the
sample, quotas are met, and the same seed gives the same sample."""

from __future__ import annotations

import csv
import json
import math
import random
from html import unescape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cohort.sample_output import write_sample
from checker.cohort.sampling import SampleRule, _items, decision, propose, quarter, risks
from checker.cohort.synthetic import assessed_rows
from checker.units import UnitLibrary

UNITS = [UnitLibrary.load().get(u) for u in ("7015V1", "7017V1", "5001", "6001V1")]


def check_guarantees(rows: list[dict], rule: SampleRule) -> None:
    sample = propose(rows, rule)
    chosen = {r["key"] for r in sample.picks}
    population = sample.population
    for row in population:                                              # every risky decision
        if risks(row):
            assert row["key"] in chosen, risks(row)
    everything = set().union(*(_items(r) for r in population)) if population else set()
    covered = set().union(*(_items(r) for r in sample.picks)) if sample.picks else set()
    assert everything <= covered                                       # assessors, units, ACs, CAMERA columns
    assert sample.coverage["missed"] == []
    by_assessor: dict[str, list[dict]] = {}
    for row in population:
        by_assessor.setdefault(row["assessor"], []).append(row)
    new = {a.lower() for a in rule.new_assessors}
    for assessor, mine in by_assessor.items():
        sampled = [r for r in mine if r["key"] in chosen]
        target = min(len(mine), max(rule.min_per_assessor, math.ceil(rule.rate * len(mine))))
        assert len(sampled) >= max(target, 1)
        if assessor.lower() in new and rule.new_rate == 1:
            assert len(sampled) == len(mine)
    for pick in sample.picks:
        assert pick["reasons"] and all(isinstance(r, str) and r for r in pick["reasons"])
    assert propose(list(reversed(rows)), rule).picks == sample.picks   # input order does not matter
    assert propose(rows, rule).picks == sample.picks                     # same seed, same sample


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(1, 250), seed=st.integers(0, 10_000), assessors=st.integers(1, 9),
       rate=st.sampled_from([0.0, 0.05, 0.1, 0.25]), minimum=st.integers(0, 3), first=st.integers(0, 3),
       new=st.lists(st.integers(1, 9), max_size=2), units=st.integers(1, 4))
def test_guarantees_hold_on_generated_manifests(n, seed, assessors, rate, minimum, first, new, units):
    rows = assessed_rows(n, UNITS[:units], seed=seed, assessors=assessors)
    rule = SampleRule(rate=rate, min_per_assessor=minimum, new_assessors=tuple(f"Assessor {a}" for a in new),
                      new_first=first, seed=seed)
    check_guarantees(rows, rule)


def test_a_large_manifest():
    rows = assessed_rows(1000, UNITS, seed=3, assessors=12)
    rule = SampleRule(rate=0.1, min_per_assessor=3, new_assessors=("Assessor 4",), seed=3)
    check_guarantees(rows, rule)
    sample = propose(rows, rule)
    assert len(sample.picks) < 0.4 * len(rows)                          # a sample, not everything


def _row(key: str, **kw) -> dict:
    base = assessed_rows(1, UNITS[:1], seed=0)[0]
    statuses = {ac: "evidenced" for ac in base["criteria"]}
    row = {**base, "key": key, "file": key, "learner": key, "assessor": "A", "decision": "pass", "criteria": statuses,
           "missing": [], "weak": [], "shallow": [], "at_risk": [], "words": 3200, "band_status": "within",
           "band_distance": 0, "similar": [], "date": "2025-02-01", "centre": "Leeds", "meta": {}}
    row.update(kw)
    return row


def test_each_kind_of_risk_is_sampled_with_its_reason():
    clean = [_row(f"clean{i}") for i in range(40)]
    risky = [
        _row("pass-missing", missing=["1.2"], criteria={**clean[0]["criteria"], "1.2": "missing"}),
        _row("pass-weak", weak=["2.1"], criteria={**clean[0]["criteria"], "2.1": "weak"}),
        _row("refer-all", decision="Referred"),
        _row("short", words=2800, band_status="under", band_distance=200),
        _row("very-long", words=4100, band_status="over", band_distance=600),
        _row("similar", similar=[{"label": "clean3", "words": 180, "with": "clean3"}]),
        _row("unreadable", status="error", error="'x.docx' is password-protected", criteria={}),
    ]
    sample = propose(clean + risky, SampleRule(rate=0.05, min_per_assessor=1, seed=1))
    reasons = {p["key"]: " | ".join(p["reasons"]) for p in sample.picks}
    assert "pass, but the checker finds 1.2 missing" in reasons["pass-missing"]
    assert "2.1 weak" in reasons["pass-weak"]
    assert "refer, but the checker finds every criterion evidenced" in reasons["refer-all"]
    assert "within the margin (borderline)" in reasons["short"]
    assert "beyond the margin" in reasons["very-long"]
    assert "shares 180 words" in reasons["similar"]
    assert "could not read" in reasons["unreadable"]
    assert len(sample.picks) < 12


def test_camera_columns_are_covered():
    rows = [_row(f"r{i}", assessor=f"A{i % 3}", meta={"method": ["written", "discussion", "observation"][i % 3]},
                 centre=["Leeds", "York", "Hull", "Bath"][i % 4], date=f"2025-{i % 12 + 1:02d}-03",
                 decision="refer" if i == 17 else "pass") for i in range(60)]
    sample = propose(rows, SampleRule(rate=0.0, min_per_assessor=0, seed=5))
    picked = sample.picks
    assert {p["meta"]["method"] for p in picked} == {"written", "discussion", "observation"}
    assert {p["centre"] for p in picked} == {"Leeds", "York", "Hull", "Bath"}
    assert {quarter(p["date"]) for p in picked} == {"2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"}
    assert any(p["key"] == "r17" for p in picked)                       # the only refer: a decision type
    assert len(picked) <= 6


def test_seeds_change_only_the_free_choices():
    rows = assessed_rows(400, UNITS, seed=9, assessors=4)
    a, b = (propose(rows, SampleRule(rate=0.2, seed=s)) for s in (1, 2))
    risky = {r["key"] for r in rows if risks(r)}
    assert risky <= {p["key"] for p in a.picks} and risky <= {p["key"] for p in b.picks}
    assert {p["key"] for p in a.picks} != {p["key"] for p in b.picks}


def test_rows_without_a_decision_are_left_out_and_listed():
    rows = [_row("a"), _row("b", decision=""), _row("c", decision="pending")]
    sample = propose(rows, SampleRule(seed=0))
    assert [r["key"] for r in sample.not_assessed] == ["b"]
    assert decision("Pending") == "pending" and {r["key"] for r in sample.population} == {"a", "c"}


def test_outputs_are_safe_and_complete(tmp_path):
    rows = assessed_rows(30, UNITS[:2], seed=4, assessors=3)
    rows[0]["learner"] = "=HYPERLINK(\"http://x\",\"y\")"
    rows[1]["learner"] = "<script>alert(1)</script>"
    rows[1]["decision"] = "refer"
    rows[1]["missing"], rows[1]["weak"] = [], []
    sample = propose(rows, SampleRule(new_assessors=("Assessor 1",), seed=4))
    data = write_sample(tmp_path, sample, "batch/")
    with (tmp_path / "sample.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == len(sample.picks) == data["sampled"]
    assert all(row["reasons"] and row["report"].startswith("batch/reports/") for row in table)
    assert not any(v.startswith(("=", "+", "-", "@")) for row in table for v in row.values())
    html = (tmp_path / "sample.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "script-src 'none'" in unescape(html)
    assert json.loads((tmp_path / "sample.json").read_text())["rule"]["seed"] == 4
    assert "What it leaves out" in html and "Assessor 1" in html


def test_dates_and_decisions_are_normalised():
    assert [quarter(d) for d in ("2025-03-31", "31/12/2024", "1.4.2025", "", "soon")] == \
        ["2025 Q1", "2024 Q4", "2025 Q2", "", ""]
    assert [decision(d) for d in ("PASS", " Achieved ", "Referred", "not yet", "")] == \
        ["pass", "pass", "refer", "refer", ""]


@pytest.mark.parametrize("seed", range(3))
def test_generated_rows_are_plausible(seed):
    rows = assessed_rows(200, UNITS, seed=seed)
    share = sum(1 for r in rows if risks(r)) / len(rows)
    assert 0.05 < share < 0.4
    assert random.Random(seed).random() >= 0                             # seeded, repeatable
    assert rows == assessed_rows(200, UNITS, seed=seed)
