"""Word-count bands by level (data: models/word_bands.yaml)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UsageError
from .resources import models_dir
from .units import Unit, read_data_file


@dataclass(frozen=True)
class Band:
    min: int
    max: int
    margin: float
    source: str = ""

    @property
    def lower_limit(self) -> int:
        return round(self.min * (1 - self.margin))

    @property
    def upper_limit(self) -> int:
        return round(self.max * (1 + self.margin))


def _table() -> dict:
    return read_data_file(models_dir() / "word_bands.yaml")


def band_for_level(level: int) -> Band:
    data = _table()
    bands = {int(k): v for k, v in data["bands"].items()}
    if level not in bands:
        raise UsageError(f"no word-count band is defined for level {level} (levels {min(bands)}–{max(bands)} are)")
    entry = bands[level]
    return Band(entry["min"], entry["max"], float(data.get("margin", 0.1)), entry.get("source", ""))


def band_for_unit(unit: Unit, override: tuple[int, int] | None = None) -> Band:
    """A unit's band: the run's override, else the unit's own, else its level's."""
    base = band_for_level(unit.level)
    chosen = override or unit.word_band
    if chosen:
        why = "set for this run" if override else f"set in unit {unit.number}'s specification"
        return Band(chosen[0], chosen[1], base.margin, why)
    return base


def parse_band(text: str) -> tuple[int, int]:
    """Parse '3000-3500' (or '3000:3500') given on the command line."""
    for sep in ("-", ":", "–"):
        if sep in text:
            low, _, high = text.partition(sep)
            try:
                low_n, high_n = int(low.strip().replace(",", "")), int(high.strip().replace(",", ""))
            except ValueError:
                break
            if 0 < low_n <= high_n:
                return low_n, high_n
    raise UsageError(f"word band '{text}' should look like 3000-3500")
