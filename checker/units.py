"""Unit specifications: loading, validation and lookup. The data itself lives in `models/units/`."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import InvalidSpec, UnknownUnit
from .resources import models_dir

MAX_SPEC_BYTES = 1_000_000
_AC_ID = re.compile(r"^(\d+)\.(\d+)$")


@dataclass(frozen=True)
class Criterion:
    id: str
    outcome: str
    text: str
    verbs: tuple[str, ...]
    indicative: tuple[str, ...] = ()   # terms an answer usually uses (ours, not the syllabus's)

    @property
    def verb(self) -> str:
        return self.verbs[0]


@dataclass(frozen=True)
class Outcome:
    id: str
    text: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Guidance:
    criteria: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Unit:
    number: str
    title: str
    level: int
    credits: int
    outcomes: tuple[Outcome, ...]
    glh: int | None = None
    tut: int | None = None
    reference: str | None = None
    aim: str | None = None
    framework: str | None = None
    document: str | None = None
    word_band: tuple[int, int] | None = None
    guidance: tuple[Guidance, ...] = ()
    theories: tuple[dict, ...] = ()
    anomalies: tuple[dict, ...] = ()
    path: str = ""

    @property
    def criteria(self) -> list[Criterion]:
        return [c for o in self.outcomes for c in o.criteria]

    def criterion(self, ac_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == ac_id), None)

    def guidance_for(self, ac_id: str) -> list[str]:
        return [g.text for g in self.guidance if ac_id in g.criteria]

    def theories_for(self, ac_id: str) -> list[str]:
        return [t["name"] for t in self.theories if ac_id in t.get("criteria", []) or not t.get("criteria")]

    def to_dict(self) -> dict:
        return {
            "number": self.number, "title": self.title, "level": self.level,
            "credits": self.credits, "glh": self.glh, "tut": self.tut,
            "reference": self.reference, "framework": self.framework, "aim": self.aim,
            "outcomes": [
                {"id": o.id, "text": o.text, "criteria": [
                    {"id": c.id, "verb": c.verb, "verbs": list(c.verbs), "text": c.text,
                     "indicative": list(c.indicative)}
                    for c in o.criteria]}
                for o in self.outcomes],
            "guidance": [{"criteria": list(g.criteria), "text": g.text} for g in self.guidance],
            "theories": list(self.theories),
            "anomalies": list(self.anomalies),
        }


def _need(data: dict, key: str, kind: type | tuple, where: str):
    if key not in data or data[key] is None:
        raise InvalidSpec(f"{where}: missing field '{key}'")
    if not isinstance(data[key], kind):
        raise InvalidSpec(f"{where}: field '{key}' has the wrong type")
    return data[key]


def _criterion(raw: object, outcome_id: str, position: int, where: str, verbs_known: set[str] | None) -> Criterion:
    if not isinstance(raw, dict):
        raise InvalidSpec(f"{where}: each criterion must be a mapping")
    ac_id = str(_need(raw, "id", (str, int, float), where))
    here = f"{where}, criterion {ac_id}"
    match = _AC_ID.match(ac_id)
    if not match or match.group(1) != outcome_id:
        raise InvalidSpec(f"{here}: id must look like '{outcome_id}.<n>'")
    if int(match.group(2)) != position:
        raise InvalidSpec(f"{here}: criteria of outcome {outcome_id} must be numbered 1, 2, 3 … in order "
                          f"(expected {outcome_id}.{position})")
    text = _need(raw, "text", str, here).strip()
    verbs = raw.get("verbs")
    if not verbs or not isinstance(verbs, list) or not all(isinstance(v, str) and v for v in verbs):
        raise InvalidSpec(f"{here}: field 'verbs' must list at least one command verb")
    verbs = tuple(v.lower().strip() for v in verbs)
    if verbs_known is not None:
        unknown = [v for v in verbs if v not in verbs_known]
        if unknown:
            raise InvalidSpec(f"{here}: verb '{unknown[0]}' is not in the verb glossary (models/verbs.yaml)")
    indicative = raw.get("indicative") or []
    if not isinstance(indicative, list) or not all(isinstance(t, str) and t.strip() for t in indicative):
        raise InvalidSpec(f"{here}: field 'indicative' must be a list of terms")
    return Criterion(ac_id, outcome_id, text, verbs, tuple(t.strip() for t in indicative))


def parse_unit(data: object, where: str, verbs_known: set[str] | None = None) -> Unit:
    """Validate one unit's raw data and build a `Unit`. `where` names the file in messages."""
    if not isinstance(data, dict):
        raise InvalidSpec(f"{where}: a unit file must hold a mapping of fields")
    number = str(_need(data, "number", (str, int), where)).strip()
    where = f"{where} (unit {number})"
    title = _need(data, "title", str, where)
    level = _need(data, "level", int, where)
    if not 1 <= level <= 8:
        raise InvalidSpec(f"{where}: level must be between 1 and 8")
    credits = _need(data, "credits", int, where)
    outcomes_raw = _need(data, "outcomes", list, where)
    if not outcomes_raw:
        raise InvalidSpec(f"{where}: the unit has no learning outcomes")
    outcomes = []
    for index, raw in enumerate(outcomes_raw, start=1):
        if not isinstance(raw, dict):
            raise InvalidSpec(f"{where}: each outcome must be a mapping")
        oid = str(_need(raw, "id", (str, int), where))
        here = f"{where}, outcome {oid}"
        if oid != str(index):
            raise InvalidSpec(f"{here}: outcomes must be numbered 1, 2, 3 … in order (expected {index})")
        criteria_raw = raw.get("criteria") or []
        if not criteria_raw:
            raise InvalidSpec(f"{here}: the outcome has no assessment criteria")
        criteria = tuple(_criterion(c, oid, i, here, verbs_known) for i, c in enumerate(criteria_raw, start=1))
        outcomes.append(Outcome(oid, _need(raw, "text", str, here).strip(), criteria))
    ids = {c.id for o in outcomes for c in o.criteria}
    guidance = []
    for raw in data.get("guidance") or []:
        acs = tuple(str(a) for a in raw.get("criteria", []))
        stray = [a for a in acs if a not in ids]
        if stray:
            raise InvalidSpec(f"{where}: guidance names criterion {stray[0]}, which the unit does not have")
        guidance.append(Guidance(acs, _need(raw, "text", str, where)))
    band = data.get("word_band")
    if band is not None:
        if not (isinstance(band, dict) and isinstance(band.get("min"), int) and isinstance(band.get("max"), int)
                and 0 < band["min"] <= band["max"]):
            raise InvalidSpec(f"{where}: word_band must be {{min: N, max: M}} with 0 < N ≤ M")
        band = (band["min"], band["max"])
    return Unit(
        number=number, title=title.strip(), level=level, credits=credits, outcomes=tuple(outcomes),
        glh=data.get("glh"), tut=data.get("tut"), reference=data.get("reference"), aim=data.get("aim"),
        framework=data.get("framework"), document=data.get("document"), word_band=band,
        guidance=tuple(guidance), theories=tuple(data.get("theories") or ()),
        anomalies=tuple(data.get("anomalies") or ()), path=where,
    )


class _AliasRefused(yaml.composer.ComposerError):
    pass


_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml's parser when it is installed


def _refuse_aliases(text: str) -> None:
    """No aliases: an alias repeats a subtree by reference, so a few lines of them can stand for
    billions of nodes once the data is copied or serialised (a YAML 'billion laughs'). Specification
    files never need them. An alias is written '*name', so text without a '*' has none."""
    if "*" not in text:
        return
    for event in yaml.parse(text, Loader=_FastLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _AliasRefused(None, None, "an alias", event.start_mark)


def _load_yaml(text: str) -> object:
    """Safe loading (plain data only, no object construction), aliases refused."""
    _refuse_aliases(text)
    return yaml.load(text, Loader=_FastLoader)


def read_data_file(path: Path) -> object:
    """Read a YAML or JSON data file safely (no object construction, no aliases, bounded size and depth)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidSpec(f"{path}: cannot be read ({exc.strerror})") from exc
    if size > MAX_SPEC_BYTES:
        raise InvalidSpec(f"{path}: file is {size:,} bytes; specification files are limited to {MAX_SPEC_BYTES:,}")
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if path.suffix.lower() == ".json" else _load_yaml(text)
    except UnicodeDecodeError as exc:
        raise InvalidSpec(f"{path}: not UTF-8 text") from exc
    except RecursionError as exc:
        raise InvalidSpec(f"{path}: nested too deeply to be a specification") from exc
    except _AliasRefused as exc:
        raise InvalidSpec(f"{path}: uses a YAML alias (*name) near line {exc.problem_mark.line + 1}; "
                          f"aliases are not allowed in specification files, so write the value out") from exc
    except yaml.YAMLError as exc:
        if "nesting depth" in str(getattr(exc, "problem", "")):        # libyaml's own limit
            raise InvalidSpec(f"{path}: nested too deeply to be a specification") from exc
        raise _invalid(path, exc) from exc
    except json.JSONDecodeError as exc:
        raise _invalid(path, exc) from exc


def _invalid(path: Path, exc: Exception) -> InvalidSpec:
    line = getattr(getattr(exc, "problem_mark", None), "line", getattr(exc, "lineno", None))
    at = f" near line {line + 1 if isinstance(exc, yaml.YAMLError) else line}" if line is not None else ""
    return InvalidSpec(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}{at}")


def _known_verbs() -> set[str] | None:
    path = models_dir() / "verbs.yaml"
    if not path.exists():
        return None
    data = read_data_file(path) or {}
    return set((data.get("verbs") or {}).keys())


def _canonical(number: str) -> str:
    return number.strip().upper()


class UnitLibrary:
    """All units known to this run: the shipped ones plus any from `--units-dir`."""

    def __init__(self, units: list[Unit]):
        self._units = {_canonical(u.number): u for u in units}

    @classmethod
    def load(cls, extra_dirs: list[Path] | None = None) -> "UnitLibrary":
        verbs = _known_verbs()
        seen: dict[str, str] = {}
        units = []
        dirs = [models_dir() / "units", *(extra_dirs or [])]
        for directory in dirs:
            directory = Path(directory)
            if not directory.is_dir():
                raise InvalidSpec(f"{directory}: units folder not found")
            for path in sorted(directory.iterdir()):
                if path.suffix.lower() not in (".yaml", ".yml", ".json") or not path.is_file():
                    continue
                unit = parse_unit(read_data_file(path), str(path), verbs)
                key = _canonical(unit.number)
                if key in seen:
                    raise InvalidSpec(f"{path}: unit {unit.number} is already defined in {seen[key]}")
                seen[key] = str(path)
                units.append(unit)
        return cls(units)

    def __iter__(self):
        return iter(sorted(self._units.values(), key=lambda u: (u.level, u.number)))

    def __len__(self) -> int:
        return len(self._units)

    def get(self, number: str) -> Unit:
        """Find a unit by number, case-insensitively; '5014V1' finds '5014' and '7015' finds '7015V1'."""
        key = _canonical(number)
        for candidate in (key, re.sub(r"V\d+$", "", key), f"{key}V1"):
            if candidate in self._units:
                return self._units[candidate]
        close = difflib.get_close_matches(key, list(self._units), n=5, cutoff=0.6)
        close.sort(key=lambda c: sorted(c) != sorted(key))     # a transposition ('7051') is the likeliest slip
        hint = f" (did you mean {self._units[close[0]].number}?)" if close else ""
        raise UnknownUnit(f"unknown unit '{number}'{hint}; 'checker units' lists them all")
