"""The web application: the learner's page (`GET /`, `POST /check`) and the API (`GET /api/units`,
`POST /api/check`, described at `/api/openapi.json`).

Uploads are read into memory within the size limit; the check runs off the event loop (see
`runner.py`), in a private temporary folder removed before the answer is sent (see `worker.py`).
No learner text is logged: the log says which unit was checked, how big the file was, how long it
took and how it ended.
"""

from __future__ import annotations

import logging
import re
import time
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..analysis import Settings
from ..errors import UnknownUnit
from ..units import Unit, UnitLibrary
from .config import WebConfig
from .messages import sentence, web_message
from .openapi import CHECK_REQUEST, check_responses
from .pages import Pages
from .runner import Runner
from .security import NoLeakErrors, SecurityHeaders, report_csp
from .uploads import UploadError, check_extension, read_upload
from .worker import Job, Outcome

log = logging.getLogger("checker.web")
AUDIENCES = ("learner", "assessor")
FORMATS = ("json", "html")


class UnitSummary(BaseModel):
    number: str = Field(examples=["7015V1"])
    title: str
    level: int = Field(examples=[7])
    credits: int
    criteria: int = Field(description="How many assessment criteria the unit has")


def create_app(config: WebConfig | None = None) -> FastAPI:
    """Build the application. Worker processes (if any) start with it and stop with it."""
    config = config or WebConfig()
    library = UnitLibrary.load([Path(d) for d in config.units_dirs])
    units = [{"number": u.number, "title": u.title, "level": u.level, "credits": u.credits,
              "criteria": len(u.criteria)} for u in library]
    pages = Pages(units, config.max_upload_bytes)
    runner = Runner(config.workers, config.max_pending, config.units_dirs, config.temp_dir)
    base = config.settings or Settings()
    settings = replace(base, limits=replace(base.limits, max_file_bytes=config.max_upload_bytes))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runner.start(warm=config.warm_up)
        try:
            yield
        finally:
            await runner.stop()

    app = FastAPI(title="checker", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Check a CMI assignment against its unit's assessment criteria. Nothing is "
                              "stored: each upload is checked in memory and a private temporary folder, "
                              "then forgotten.")
    app.state.runner, app.state.config = runner, config

    async def check(request: Request) -> tuple[Outcome, str, str]:
        """Read the upload and run the check: (outcome, the unit's number, the safe file name). An upload
        that is refused (too big, wrong type, unknown unit …) is an outcome too."""
        try:
            upload = await read_upload(request, config.max_upload_bytes)
            request.state.unit_typed = upload.fields.get("unit", "")
            unit = _find_unit(library, request.state.unit_typed)
            check_extension(upload.filename)
            api = request.url.path.startswith("/api/")
            audience = _choice(upload.fields, "audience", AUDIENCES) if api else "learner"   # the page is for learners
            fmt = _choice(upload.fields, "format", FORMATS) if api else "html"
        except UploadError as exc:
            return Outcome(exc.status, exc.code, exc.message), "", ""
        started = time.perf_counter()
        outcome = await runner.submit(Job(upload.data, upload.filename, unit.number, settings, audience,
                                          want_html=fmt == "html", units_dirs=config.units_dirs,
                                          temp_dir=config.temp_dir, branding=config.branding))
        log.info("check: unit %s, %.0f KB, %s, %.2f s", unit.number, len(upload.data) / 1024,
                 outcome.code, time.perf_counter() - started)
        return outcome, unit.number, upload.filename

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        return HTMLResponse(pages.form(), headers={"content-security-policy": pages.csp})

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.post("/check", response_class=HTMLResponse, include_in_schema=False)
    async def check_page(request: Request) -> HTMLResponse:
        outcome, number, filename = await check(request)
        if outcome.status != 200:
            typed = getattr(request.state, "unit_typed", "")
            return HTMLResponse(pages.form(sentence(outcome.message), typed), status_code=outcome.status,
                                headers=_retry(outcome) | {"content-security-policy": pages.csp})
        html, csp = pages.report(outcome.report_html, outcome.report_json, filename, number)
        return HTMLResponse(html, headers={"content-security-policy": csp})

    @app.get("/api/units", response_model=list[UnitSummary], summary="Every unit the checker knows",
             description="Number, title, level, credits and number of assessment criteria, by level.")
    async def api_units() -> list[dict]:
        return units

    @app.post("/api/check", summary="Check a submission against its unit", openapi_extra=CHECK_REQUEST,
              responses=check_responses(), response_class=Response)
    async def api_check(request: Request) -> Response:
        outcome, _, _ = await check(request)
        if outcome.status != 200:
            return JSONResponse({"detail": sentence(outcome.message), "error": outcome.code},
                                status_code=outcome.status, headers=_retry(outcome))
        if outcome.report_html:
            return HTMLResponse(outcome.report_html, headers={"content-security-policy": report_csp(outcome.report_html)})
        return Response(outcome.report_json, media_type="application/json")

    if "*" not in config.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts))
    app.add_middleware(NoLeakErrors)
    app.add_middleware(SecurityHeaders)
    return app


def _find_unit(library: UnitLibrary, typed: str) -> Unit:
    """'7015V1', '7015' or '7015V1 – Title (Level 7)' (the page's list) -> the unit."""
    token = re.match(r"\s*(\S{1,40})", typed)
    if not token:
        raise UploadError(422, "no_unit", "choose your unit from the list")
    try:
        return library.get(token.group(1))
    except UnknownUnit as exc:
        raise UploadError(404, "unknown_unit", web_message(str(exc))) from None


def _choice(fields: dict[str, str], name: str, allowed: tuple[str, ...]) -> str:
    value = fields.get(name, "").lower() or allowed[0]
    if value not in allowed:
        raise UploadError(422, f"bad_{name}", f"'{name}' must be one of: {', '.join(allowed)}")
    return value


def _retry(outcome: Outcome) -> dict[str, str]:
    return {"retry-after": "30"} if outcome.status == 503 else {}
