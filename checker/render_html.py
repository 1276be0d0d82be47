"""The HTML coverage report: one self-contained page rendered with jinja2 from `templates/`.

Safety: autoescaping is on for every template; learner text is only ever passed to templates as data
(never compiled as a template), and matched-term highlighting escapes before it wraps
(`checker.highlight`). A Content-Security-Policy allows no network fetches and only the page's own
script, identified by its hash.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .branding import load_branding, resolve_branding
from .highlight import highlight
from .report_view import build_view
from .resources import models_dir, templates_dir

if TYPE_CHECKING:
    from .analysis import Analysis

__all__ = ["render_html", "render_report", "load_branding"]


@cache
def _yaml_section(relative: str, key: str) -> dict:
    """A top-level mapping from a models/ file, or {} when the file or key is missing or unreadable."""
    from .errors import CheckerError
    from .units import read_data_file

    try:
        data = read_data_file(models_dir() / relative)
    except (CheckerError, FileNotFoundError, OSError):
        return {}
    section = data.get(key) if isinstance(data, dict) else None
    return section if isinstance(section, dict) else {}


def load_glossary() -> dict:
    """models/verbs.yaml `verbs:` (verb -> definition, expects, depth, needs, shallow_hint), or {}."""
    return _yaml_section("verbs.yaml", "verbs")


@functools.lru_cache(maxsize=8)
def environment(template_dir: str | None = None) -> Environment:
    """Centre templates (if any) first, then the shipped ones; autoescaping always on. Built once per
    folder and process: building it costs about as much as a whole check."""
    paths = [template_dir] if template_dir else []
    env = Environment(loader=FileSystemLoader([*paths, str(templates_dir())]), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["highlight"] = highlight
    env.filters["thousands"] = lambda n: f"{int(n or 0):,}"
    return env


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def render_report(report: dict, unit: dict, audience: str = "learner", branding: dict | None = None, *,
                  glossary: dict | None = None, checked: date | None = None) -> str:
    """Render the report page from a report dict (`Analysis.to_dict()`) and a unit dict (`Unit.to_dict()`)."""
    brand = resolve_branding(branding)
    env = environment(brand["template_dir"])
    wording = _yaml_section("lexicons/discourse.yaml", "wording")
    view = build_view(report, unit, audience, load_glossary() if glossary is None else glossary, wording, checked)
    script = env.get_template("report.js.j2").render()
    if "</" in script:
        raise ValueError("report.js.j2 must not contain '</'")
    return env.get_template("report.html.j2").render(view=view, brand=brand, assessor=audience == "assessor",
                                                     learner=audience != "assessor",
                                                     script=Markup(script), csp=_csp(script))


def render_html(analysis: "Analysis", audience: str = "learner", branding: dict | None = None) -> str:
    """Render the HTML report for a finished analysis."""
    return render_report(analysis.to_dict(), analysis.unit.to_dict(), audience, branding)
