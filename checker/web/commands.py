"""`checker serve`, registered in `checker/cli.py`. The web libraries (the optional `web` extra) are
imported only when the command runs, so every other command works without them."""

from __future__ import annotations

import copy
import socket

import click

from ..errors import UsageError
from .config import LOOPBACK_NAMES, MB, default_workers, is_loopback, require_web_extra


@click.command("serve", help="Start the learners' web page: choose a unit, upload a draft, read the report. "
                             "Nothing is stored. Binds to 127.0.0.1 (this computer only) unless --host says "
                             "otherwise; stop it with Ctrl+C.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 0.0.0.0 lets other computers reach it (there is no login).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(0, 64), default=None,
              help="Worker processes for checks (default: one per CPU, at most 4); 0 checks in threads.")
@click.option("--max-upload-mb", type=click.FloatRange(0.1, 200), default=10, show_default=True,
              help="Largest file accepted, in MB.")
@click.option("--max-pending", type=click.IntRange(1, 1000), default=16, show_default=True,
              help="Checks running or waiting at once; more are asked to try again in a minute.")
@click.option("--time-budget", type=click.FloatRange(1, 600), default=60, show_default=True,
              help="Seconds allowed per document.")
@click.option("--branding", type=click.Path(dir_okay=False, exists=True),
              help="A YAML file with your centre's name, logo, colour or own templates for the report.")
@click.option("--allowed-host", "allowed_hosts", multiple=True,
              help="Host names the page may be reached by (repeatable). Default: 127.0.0.1 and localhost "
                   "when on loopback, any otherwise.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log one line per request (method, path, status; never the upload).")
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, workers: int | None, max_upload_mb: float,
              max_pending: int, time_budget: float, branding: str | None, allowed_hosts: tuple[str, ...],
              access_log: bool) -> None:
    require_web_extra()
    import uvicorn

    from ..analysis import Settings
    from ..limits import Limits
    from .app import create_app
    from .config import WebConfig

    loopback = is_loopback(host)
    if not allowed_hosts:
        allowed_hosts = LOOPBACK_NAMES if loopback else ("*",)
    _port_free(host, port)
    if not loopback:
        click.echo(f"checker: warning: listening on {host}, not only this computer: anyone who can reach port "
                   f"{port} can use the page (there is no login and no encryption; on an intranet put it "
                   f"behind an HTTPS proxy)", err=True)
    brand = None
    if branding:
        from ..branding import load_branding

        brand = load_branding(branding)
    units_dirs = tuple((ctx.find_root().obj or {}).get("units_dirs", []))
    config = WebConfig(max_upload_bytes=int(max_upload_mb * MB),
                       workers=default_workers() if workers is None else workers,
                       max_pending=max_pending, units_dirs=units_dirs, allowed_hosts=tuple(allowed_hosts),
                       branding=brand, settings=Settings(limits=Limits(time_budget_s=time_budget)))
    app = create_app(config)
    local = "127.0.0.1" if host in ("0.0.0.0", "::") else (f"[{host}]" if ":" in host else host)
    how = (f"{config.workers} worker process{'es' if config.workers != 1 else ''}" if config.workers
           else "checks in threads")
    click.echo(f"checker: the page will be at http://{local}:{port}/ once started ({how}); Ctrl+C stops it",
               err=True)
    uvicorn.run(app, host=host, port=port, access_log=access_log, server_header=False, log_level="info",
                log_config=_log_config(uvicorn), timeout_keep_alive=5, proxy_headers=False)


def _port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = "is already in use" if exc.errno in (98, 48, 10048) else f"cannot be used ({exc.strerror})"
            raise UsageError(f"port {port} on {host} {reason}; choose another with --port") from None


def _log_config(uvicorn) -> dict:
    """Uvicorn's own logging, plus checker.web's lines (which never hold learner text)."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["loggers"]["checker.web"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return config
