"""IQA sampling: propose which assessed submissions an internal quality assurer should look at, and why.

The sample is built in four stated steps, deterministic for a seed:

1. **Risk** (always included): a pass where the checker finds criteria missing or weak; a refer where it
   finds every criterion evidenced; a word count outside the band (borderline: within the margin; or
   beyond it); a pair flagged by the similarity step; a file the checker could not read.
2. **New assessors**: `new_rate` (default 100%) of the decisions of assessors named as new, and of every
   assessor's first `new_first` decisions by date.
3. **Coverage** (CAMERA): greedily, the fewest further submissions so that the sample holds every
   assessor, every unit, every criterion of each unit evidenced at least once, and, where the manifest
   has the columns, every assessment method, every location (or centre), each assessor's pass and refer
   decisions, and every quarter in which decisions were made. Ties go to learners not yet sampled, then
   to the seeded order.
4. **Rate**: each assessor's sample is topped up to `rate` of their decisions, never fewer than
   `min_per_assessor` (or all, if they made fewer), preferring decisions with shallow criteria.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

PASS = {"pass", "passed", "achieved", "competent", "met", "p"}
REFER = {"refer", "referred", "fail", "failed", "not yet", "not achieved", "not met", "r", "resubmit"}


@dataclass
class SampleRule:
    rate: float = 0.10
    min_per_assessor: int = 2
    new_assessors: tuple[str, ...] = ()
    new_first: int = 0
    new_rate: float = 1.0
    seed: int = 0

    def describe(self) -> str:
        new = []
        if self.new_assessors:
            new.append(f"the assessors named as new ({', '.join(self.new_assessors)})")
        if self.new_first:
            new.append(f"every assessor's first {self.new_first} decisions")
        text = (f"Every risky decision; {self.rate:.0%} of each assessor's decisions, at least "
                f"{self.min_per_assessor} (all, if fewer)")
        if new:
            text += f"; {self.new_rate:.0%} of " + " and ".join(new)
        return text + ("; and whatever more is needed to cover every assessor, unit, criterion, method, location, "
                       f"decision type and quarter. Seed {self.seed}.")


@dataclass
class Sample:
    picks: list[dict]                       # the rows picked, each with "reasons" and "kind"
    population: list[dict]
    coverage: dict
    left_out: dict
    rule: SampleRule
    not_assessed: list[dict] = field(default_factory=list)


def decision(value: str) -> str:
    text = (value or "").strip().lower()
    return "pass" if text in PASS else "refer" if text in REFER else text


def month(value: str) -> str:
    """'2025-03' from an ISO date or a UK one (day/month/year); '' when there is no date."""
    text = (value or "").strip()
    if m := re.match(r"^(\d{4})-(\d{1,2})", text):
        return f"{m[1]}-{int(m[2]):02d}"
    if m := re.match(r"^\d{1,2}[/.-](\d{1,2})[/.-](\d{4})", text):
        return f"{m[2]}-{int(m[1]):02d}"
    return ""


def quarter(value: str) -> str:
    found = month(value)
    return f"{found[:4]} Q{(int(found[5:]) - 1) // 3 + 1}" if found else ""


def risks(row: dict) -> list[str]:
    """Why a decision is risky, in plain words; [] when it is not."""
    found = []
    if row.get("status") != "ok":
        return [f"the checker could not read the file ({row.get('error', 'unknown error')})"]
    choice = decision(row.get("decision", ""))
    gaps = [f"{ac} missing" for ac in row.get("missing", [])] + [f"{ac} weak" for ac in row.get("weak", [])]
    if choice == "pass" and gaps:
        found.append(f"assessed as a pass, but the checker finds {', '.join(gaps)}")
    if choice == "refer" and not gaps:
        found.append("assessed as a refer, but the checker finds every criterion evidenced")
    if row.get("band_status") not in (None, "within"):
        words, low, high = row["words"], row["band_min"], row["band_max"]
        inside = row["band_lower"] <= words <= row["band_upper"]
        found.append(f"word count {words:,} is outside the band of {low:,}–{high:,}, "
                     + ("within the margin (borderline)" if inside else "beyond the margin"))
    for other in row.get("similar", []):
        found.append(f"shares {other['words']:,} words of unusual passages with {other['label']}")
    return found


def _items(row: dict) -> set[tuple]:
    meta = row.get("meta", {})
    items = {("assessor", row["assessor"]), ("unit", row["unit"])}
    if row.get("status") == "ok":
        items |= {("criterion", row["unit"], ac) for ac, s in row.get("criteria", {}).items() if s != "missing"}
    if meta.get("method"):
        items.add(("method", meta["method"]))
    if meta.get("location") or row.get("centre"):
        items.add(("location", meta.get("location") or row["centre"]))
    if decision(row.get("decision", "")) in ("pass", "refer"):
        items.add(("decision", row["assessor"], decision(row["decision"])))
    if quarter(row.get("date", "")):
        items.add(("quarter", quarter(row["date"])))
    return items


def _describe(items: set[tuple]) -> str:
    words = {"assessor": "assessor", "unit": "unit", "method": "method", "location": "location",
             "quarter": "decisions of"}
    parts = []
    for item in sorted(items, key=lambda i: (i[0], i[1:])):
        if item[0] == "criterion":
            parts.append(f"AC {item[2]} of {item[1]}")
        elif item[0] == "decision":
            parts.append(f"a {item[2]} decision by {item[1]}")
        else:
            parts.append(f"{words[item[0]]} {item[1]}")
    return ", ".join(parts)


def propose(rows: list[dict], rule: SampleRule) -> Sample:
    """The sample for these batch rows (each with learner, assessor, unit, decision and the check result)."""
    rows = [{**r, "assessor": r.get("assessor") or "(assessor not named)"} for r in rows]
    population = sorted((r for r in rows if decision(r.get("decision", ""))), key=lambda r: r["key"])
    not_assessed = [r for r in rows if not decision(r.get("decision", ""))]
    rank = list(range(len(population)))
    random.Random(rule.seed).shuffle(rank)
    order = sorted(range(len(population)), key=lambda i: rank[i])
    picks: dict[int, list[tuple[str, str]]] = {}

    def pick(i: int, kind: str, reason: str) -> None:
        picks.setdefault(i, []).append((kind, reason))

    for i in order:
        for reason in risks(population[i]):
            pick(i, "risk", reason)
    by_assessor: dict[str, list[int]] = {}
    for i in order:
        by_assessor.setdefault(population[i]["assessor"], []).append(i)
    for assessor, mine in by_assessor.items():
        new = _new_decisions(population, mine, assessor, rule)
        for i in sorted(new, key=lambda i: rank[i])[:math.ceil(rule.new_rate * len(new))]:
            pick(i, "new assessor",
                 f"{assessor} is a new assessor: {rule.new_rate:.0%} of their new decisions are sampled")
    items = [_items(r) for r in population]
    covered = set().union(*(items[i] for i in picks)) if picks else set()
    learners = {population[i]["learner"] for i in picks}
    while True:
        best = max(order, default=None, key=lambda i: (len(items[i] - covered) if i not in picks else -1,
                                                       population[i]["learner"] not in learners, -rank[i]))
        if best is None or best in picks or not items[best] - covered:
            break
        pick(best, "coverage", "covers " + _describe(items[best] - covered))
        covered |= items[best]
        learners.add(population[best]["learner"])
    for assessor, mine in by_assessor.items():
        target = min(len(mine), max(rule.min_per_assessor, math.ceil(rule.rate * len(mine))))
        have = sum(1 for i in mine if i in picks)
        spare = sorted((i for i in mine if i not in picks),
                       key=lambda i: (-len(population[i].get("shallow", [])), population[i]["learner"] in learners,
                                      rank[i]))
        for i in spare[:max(0, target - have)]:
            pick(i, "rate", f"sample rate: {target} of {assessor}'s {len(mine)} decisions "
                            f"({rule.rate:.0%}, at least {rule.min_per_assessor})")
            learners.add(population[i]["learner"])
    chosen = [{**population[i], "kind": picks[i][0][0], "reasons": [r for _, r in picks[i]]}
              for i in sorted(picks, key=lambda i: population[i]["key"])]
    universe = set().union(*items) if items else set()
    return Sample(chosen, population, _coverage(population, chosen, universe, covered), _left_out(population, picks),
                  rule, not_assessed)


def _new_decisions(population: list[dict], mine: list[int], assessor: str, rule: SampleRule) -> list[int]:
    if assessor.strip().lower() in {a.strip().lower() for a in rule.new_assessors}:
        return list(mine)
    if rule.new_first:
        dated = sorted(mine, key=lambda i: (month(population[i].get("date", "")) or "9999",
                                            population[i].get("date", ""), population[i]["key"]))
        return dated[:rule.new_first]
    return []


def _coverage(population: list[dict], chosen: list[dict], universe: set, covered: set) -> dict:
    table: dict[str, dict[str, list[int]]] = {}
    for r in population:
        table.setdefault(r["assessor"], {}).setdefault(r["unit"], [0, 0])[0] += 1
    for r in chosen:
        table[r["assessor"]][r["unit"]][1] += 1
    units = sorted({r["unit"] for r in population})
    criteria: dict[str, dict[str, int]] = {}
    for r in population:
        for ac in r.get("criteria", {}):
            criteria.setdefault(r["unit"], {}).setdefault(ac, 0)
    for r in chosen:
        for ac, status in r.get("criteria", {}).items():
            if status != "missing":
                criteria[r["unit"]][ac] += 1
    return {"units": units, "assessors": table, "criteria": criteria,
            "missed": sorted(universe - _all_items(chosen)), "covered_items": len(universe & _all_items(chosen)),
            "universe_items": len(universe)}


def _all_items(rows: list[dict]) -> set:
    return set().union(*(_items(r) for r in rows)) if rows else set()


def _left_out(population: list[dict], picks: dict) -> dict:
    per_assessor: dict[str, int] = {}
    for i, r in enumerate(population):
        if i not in picks:
            per_assessor[r["assessor"]] = per_assessor.get(r["assessor"], 0) + 1
    never = {}
    for r in population:
        for ac, status in r.get("criteria", {}).items():
            never.setdefault((r["unit"], ac), True)
            if status != "missing":
                never[(r["unit"], ac)] = False
    return {"decisions_not_sampled": per_assessor,
            "criteria_no_evidence": [f"AC {ac} of {unit}" for (unit, ac), none in sorted(never.items()) if none],
            "unchecked": [r["key"] for r in population if r.get("status") != "ok"]}
