"""Rules of combination (data: models/qualifications.yaml): does a set of units achieve a qualification?"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import UnknownUnit
from .resources import models_dir
from .units import read_data_file


@dataclass
class Verdict:
    code: str
    title: str
    achieved: bool
    credits: int
    counted_units: list[str]
    ignored_units: list[str]
    missing: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def load_qualifications() -> dict[str, dict]:
    data = read_data_file(models_dir() / "qualifications.yaml")
    items = data["qualifications"] if isinstance(data, dict) else data
    return {q["code"].upper(): q for q in items}


def _norm(number: str) -> str:
    return number.strip().upper()


def _resolve(number: str, units: dict) -> str | None:
    key = _norm(number)
    for candidate in (key, key.removesuffix("V1"), f"{key}V1"):
        if candidate in units:
            return candidate
    return None


def check_qualification(code: str, unit_numbers: list[str]) -> Verdict:
    quals = load_qualifications()
    qual = quals.get(_norm(code))
    if qual is None:
        raise UnknownUnit(f"unknown qualification '{code}'; known: {', '.join(sorted(quals))}")
    table = {_norm(k): v for k, v in qual["units"].items()}
    counted, ignored = [], []
    for number in unit_numbers:
        resolved = _resolve(number, table)
        if resolved is None:
            ignored.append(number.strip())
        elif resolved not in counted:
            counted.append(resolved)
    credits = sum(table[u]["credits"] for u in counted)
    missing = []
    for group in qual.get("groups", []):
        members = [_norm(u) for u in group["units"]]
        have = [u for u in counted if u in members]
        if group.get("rule") == "all":
            lacking = [u for u in members if u not in have]
            if lacking:
                missing.append(f"{group['name']}: still needs {', '.join(lacking)}")
        group_credits = sum(table[u]["credits"] for u in have)
        if group.get("min_credits") and group_credits < group["min_credits"]:
            missing.append(f"{group['name']}: {group_credits} of at least {group['min_credits']} credits "
                           f"(needs {group['min_credits'] - group_credits} more from {', '.join(members)})")
        if group.get("min_units") and len(have) < group["min_units"]:
            missing.append(f"{group['name']}: {len(have)} of at least {group['min_units']} units")
    if qual.get("min_credits") and credits < qual["min_credits"]:
        missing.append(f"credits: {credits} of at least {qual['min_credits']} "
                       f"(needs {qual['min_credits'] - credits} more)")
    if qual.get("total_credits") and credits < qual["total_credits"]:
        missing.append(f"credits: {credits} of the {qual['total_credits']} required")
    return Verdict(qual["code"], qual["title"], not missing, credits, counted, ignored, missing)
