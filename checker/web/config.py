"""The web application's settings, and the check that its optional libraries are installed."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:  # not at run time: the command line imports this module, and analysis is heavy
    from ..analysis import Settings

MB = 1024 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class WebConfig:
    """Everything `create_app` needs; `checker serve` fills it from its options."""

    max_upload_bytes: int = 10 * MB
    workers: int = 0                      # worker processes; 0 checks in threads of the server process
    max_pending: int = 16                 # checks running or waiting; more are told to try again shortly
    units_dirs: tuple[str, ...] = ()
    temp_dir: str | None = None           # where private per-upload folders are made (default: TMPDIR)
    allowed_hosts: tuple[str, ...] = ("*",)
    branding: dict | None = None
    settings: Settings | None = None      # limits, band, nlp (default: Settings())
    warm_up: bool = True                  # load the language pipeline before the first learner waits


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_workers() -> int:
    """Worker processes for checks: one per CPU, between 1 and 4."""
    return max(1, min(4, os.cpu_count() or 1))


def require_web_extra() -> None:
    """Raise a one-line UsageError (exit code 2) when the `web` extra is not installed."""
    missing = []
    for module, package in (("fastapi", "fastapi"), ("uvicorn", "uvicorn"), ("python_multipart", "python-multipart")):
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    if missing:
        raise UsageError(f"'checker serve' needs the optional web libraries ({', '.join(missing)} missing); "
                         f"install them with: pip install 'checker[web]'")

