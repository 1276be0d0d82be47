"""Where the shipped data lives: `models/` and `templates/`, in a wheel or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the directory `models` or `templates`, installed (inside the package) or in the repo."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"checker's {name}/ folder is missing from this installation")


def models_dir() -> Path:
    return data_dir("models")


def templates_dir() -> Path:
    return data_dir("templates")
