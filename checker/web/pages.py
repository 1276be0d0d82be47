"""The HTML the web application sends: the learner's page (templates/web/index.html.j2) and the
learner's report with a bar of download links on top (templates/web/report_bar.html.j2)."""

from __future__ import annotations

import base64
import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from ..resources import templates_dir
from .config import MB
from .security import page_csp, report_csp
from .uploads import ACCEPTED

_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


@cache
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(templates_dir() / "web")), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


class Pages:
    """Renders the page (its script and style fixed at start-up, so their hashes are too)."""

    def __init__(self, units: list[dict], max_upload_bytes: int) -> None:
        env = environment()
        self.script = env.get_template("page.js.j2").render()
        self.style = env.get_template("page.css.j2").render()
        if "</" in self.script or "</" in self.style:
            raise ValueError("templates/web/page.js.j2 and page.css.j2 must not contain '</'")
        self.csp = page_csp(self.script, self.style)
        self.units = units
        self.max_upload_bytes = max_upload_bytes

    def form(self, error: str = "", unit_value: str = "") -> str:
        return environment().get_template("index.html.j2").render(
            units=self.units, error=error, unit_value=unit_value, max_bytes=self.max_upload_bytes,
            max_mb=f"{self.max_upload_bytes / MB:g}", accepted=ACCEPTED, version=__version__,
            script=Markup(self.script), style=Markup(self.style))

    @staticmethod
    def report(report_html: str, report_json: str, filename: str, unit: str) -> tuple[str, str]:
        """(the report with the download bar at the top of its body, the CSP header to send with it)."""
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", filename.rsplit(".", 1)[0]).strip("-")[:60] or "draft"
        bar = environment().get_template("report_bar.html.j2").render(
            stem=f"{stem}-check-{re.sub(r'[^A-Za-z0-9]', '', unit)}",
            html_b64=base64.b64encode(report_html.encode("utf-8")).decode("ascii"),
            json_b64=base64.b64encode(report_json.encode("utf-8")).decode("ascii"))
        found = _BODY.search(report_html)
        at = found.end() if found else 0
        return report_html[:at] + "\n" + bar + report_html[at:], report_csp(report_html)
