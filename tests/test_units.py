"""The unit library is faithful to the syllabus documents and validates centres' own units."""

import re
from pathlib import Path

import pytest

from checker.errors import InvalidSpec, UnknownUnit
from checker.units import UnitLibrary, parse_unit

SEEDS = Path(__file__).parent / "data" / "seeds"

PINNED = {  # ACs per unit, counted by hand from the syllabus documents
    "5001": 14, "5014": 7, "5015": 10, "5016": 9, "5017": 12, "5018": 11, "5019": 10,
    "7002V1": 12, "7010V1": 11, "7015V1": 19, "7016V1": 8, "7017V1": 9,
    "7018V1": 11, "7019V1": 8, "7020V1": 19, "6001V1": 10, "6004V1": 10,
}


def _norm(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def library():
    return UnitLibrary.load()


@pytest.fixture(scope="module")
def sources():
    return {path.stem: _norm(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")}


def test_all_seventeen_units_are_present(library):
    assert sorted(u.number for u in library) == sorted(PINNED)


@pytest.mark.parametrize("number", sorted(PINNED))
def test_ac_count_is_pinned(library, number):
    expected = PINNED[number]
    unit = library.get(number)
    if expected is not None:
        assert len(unit.criteria) == expected


@pytest.mark.parametrize("number", sorted(PINNED))
def test_every_ac_wording_is_in_the_source(library, sources, number):
    unit = library.get(number)
    source = sources[unit.document]
    noted = " ".join(str(a) for a in unit.anomalies)
    for criterion in unit.criteria:
        wording = _norm(criterion.text)
        if wording in source:
            continue
        # Only a wording the source splits across a page or cell may be non-contiguous, and that must
        # be recorded as an anomaly; every run of five words must still be found.
        assert criterion.id in noted, f"{number} {criterion.id} not in source and no anomaly recorded"
        words = wording.split()
        for i in range(max(1, len(words) - 4)):
            assert " ".join(words[i:i + 5]) in source or any(
                " ".join(words[i:i + k]) in source and " ".join(words[i + k:i + 5]) in source
                for k in range(1, 5)), f"{number} {criterion.id}: '{' '.join(words[i:i + 5])}'"


@pytest.mark.parametrize("number", sorted(PINNED))
def test_outcomes_and_verbs(library, sources, number):
    unit = library.get(number)
    for outcome in unit.outcomes:
        assert [c.id for c in outcome.criteria] == [f"{outcome.id}.{i}" for i in range(1, len(outcome.criteria) + 1)]
        assert _norm(outcome.text)[:40] in sources[unit.document] or outcome.id in " ".join(map(str, unit.anomalies))
        for c in outcome.criteria:
            assert c.text.lower().startswith(c.verbs[0][:5]), f"{number} {c.id} verb {c.verbs}"


def test_level7_units_carry_guidance_and_theories(library):
    for number in ["7002V1", "7010V1", "7015V1", "7016V1", "7017V1", "7018V1", "7019V1", "7020V1", "6001V1", "6004V1"]:
        unit = library.get(number)
        covered = {ac for g in unit.guidance for ac in g.criteria}
        assert covered == {c.id for c in unit.criteria}, f"{number}: ACs without guidance"
        assert unit.theories, number


def test_two_verbs_are_both_recorded(library):
    assert library.get("5016").criterion("1.2").verbs == ("review", "evaluate")


def test_lookup_is_forgiving_and_suggests(library):
    assert library.get("7015v1").number == "7015V1"
    assert library.get("7015").number == "7015V1"
    assert library.get("5014V1").number == "5014"
    with pytest.raises(UnknownUnit, match="did you mean 7015V1"):
        library.get("7051V1")


def _unit(**changes):
    data = {"number": "C301", "title": "Coaching", "level": 3, "credits": 3, "outcomes": [
        {"id": "1", "text": "Understand coaching", "criteria": [
            {"id": "1.1", "text": "Explain coaching", "verbs": ["explain"]},
            {"id": "1.2", "text": "Describe a model", "verbs": ["describe"]}]}]}
    data.update(changes)
    return data


def test_custom_unit_validates():
    unit = parse_unit(_unit(), "c301.yaml", {"explain", "describe"})
    assert [c.id for c in unit.criteria] == ["1.1", "1.2"]


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["outcomes"][0]["criteria"][1].pop("verbs"), "verbs"),
    (lambda d: d["outcomes"][0]["criteria"][1].update(id="1.1"), "numbered"),
    (lambda d: d["outcomes"][0].update(criteria=[]), "no assessment criteria"),
    (lambda d: d.pop("title"), "missing field 'title'"),
    (lambda d: d["outcomes"][0]["criteria"][0].update(verbs=["ponder"]), "not in the verb glossary"),
    (lambda d: d["outcomes"][0]["criteria"][0].update(indicative="GROW model"), "'indicative' must be a list"),
    (lambda d: d["outcomes"][0]["criteria"][0].update(indicative=["GROW", ""]), "'indicative' must be a list"),
])
def test_custom_unit_errors_name_file_and_field(mutate, message):
    data = _unit()
    mutate(data)
    with pytest.raises(InvalidSpec, match=message) as err:
        parse_unit(data, "c301.yaml", {"explain", "describe"})
    assert "c301.yaml" in str(err.value)


def test_units_dir_adds_and_rejects_duplicates(tmp_path):
    import yaml

    (tmp_path / "c301.yaml").write_text(yaml.safe_dump(_unit()))
    library = UnitLibrary.load([tmp_path])
    assert library.get("c301").title == "Coaching"
    (tmp_path / "dup.yaml").write_text(yaml.safe_dump(_unit(number="5014")))
    with pytest.raises(InvalidSpec, match="already defined"):
        UnitLibrary.load([tmp_path])


def test_unsafe_yaml_is_refused(tmp_path):
    (tmp_path / "evil.yaml").write_text("!!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(InvalidSpec, match="not valid YAML"):
        UnitLibrary.load([tmp_path])


def test_every_shipped_criterion_has_indicative_terms(library):
    """The mapper leans on each criterion's indicative terms; a criterion without them is mapped on its
    wording alone, so a unit edited without them should be noticed."""
    for unit in library:
        for criterion in unit.criteria:
            assert len(criterion.indicative) >= 10, f"{unit.number} {criterion.id}"
