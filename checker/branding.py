"""Centre branding for the HTML report: name, logo, accent colour and an optional template folder.

A centre writes a small YAML file:

    centre_name: Riverside College
    logo_path: logo.png          # relative to this file; embedded as a data: URI (max 256 KB)
    accent_colour: "#004b87"
    template_dir: templates      # templates here override the shipped ones, file by file
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from .errors import InvalidSpec
from .units import read_data_file

KEYS = ("centre_name", "logo_path", "template_dir", "accent_colour")
MAX_LOGO_BYTES = 256 * 1024
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_MAGIC = [(b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF87a", "image/gif"),
          (b"GIF89a", "image/gif")]


def load_branding(path: str | Path) -> dict:
    """Read a branding file; relative paths in it are taken from the file's own folder."""
    path = Path(path)
    data = read_data_file(path) or {}
    if not isinstance(data, dict):
        raise InvalidSpec(f"{path}: a branding file must hold a mapping of fields")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise InvalidSpec(f"{path}: unknown branding field '{unknown[0]}' (known: {', '.join(KEYS)})")
    for key in ("logo_path", "template_dir"):
        if data.get(key):
            data[key] = str((path.parent / str(data[key])).resolve())
    resolve_branding(data, where=str(path))      # validate now, so mistakes surface early
    return data


def _logo_uri(path: Path, where: str) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidSpec(f"{where}: logo '{path}' cannot be read ({exc.strerror})") from exc
    if size > MAX_LOGO_BYTES:
        raise InvalidSpec(f"{where}: logo '{path}' is {size:,} bytes; the limit is {MAX_LOGO_BYTES:,}")
    data = path.read_bytes()
    mime = next((m for magic, m in _MAGIC if data.startswith(magic)), None)
    if mime is None and data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        mime = "image/webp"
    if mime is None and path.suffix.lower() == ".svg" and b"<svg" in data[:2048]:
        mime = "image/svg+xml"       # shown through <img>, where an SVG's scripts never run
    if mime is None:
        raise InvalidSpec(f"{where}: logo '{path}' is not a PNG, JPEG, GIF, WebP or SVG image")
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _text_on(colour: str) -> str:
    """Black or white, whichever contrasts more with `colour` (WCAG relative luminance)."""
    hex6 = colour[1:] if len(colour) == 7 else "".join(ch * 2 for ch in colour[1:])
    channels = []
    for i in (0, 2, 4):
        c = int(hex6[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def resolve_branding(branding: dict | None, where: str = "branding") -> dict:
    """Validated branding for the templates: centre name, logo data URI, accent colours, template folder."""
    branding = branding or {}
    accent = branding.get("accent_colour") or "#1d4ed8"
    if not isinstance(accent, str) or not _HEX.match(accent):
        raise InvalidSpec(f"{where}: accent_colour must be a hex colour such as \"#004b87\", not {accent!r}")
    template_dir = branding.get("template_dir")
    if template_dir and not Path(template_dir).is_dir():
        raise InvalidSpec(f"{where}: template_dir '{template_dir}' is not a folder")
    logo = branding.get("logo_path")
    return {
        "centre_name": str(branding["centre_name"]) if branding.get("centre_name") else None,
        "logo": _logo_uri(Path(logo), where) if logo else None,
        "accent": accent, "on_accent": _text_on(accent),
        "template_dir": str(template_dir) if template_dir else None,
    }
