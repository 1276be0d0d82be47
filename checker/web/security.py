"""Security headers for every response, and the Content-Security-Policies of the page and the report.

Scripts and styles are admitted only by the SHA-256 hash of their exact text: the page's own (from
templates/web/) and the report's (whose policy `render_html` writes into a <meta> tag and which is
repeated here as a header, with `frame-ancestors 'none'`, which a <meta> policy cannot carry).
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# the report's own policy without scripts: used if a centre's template has no <meta> policy
REPORT_FALLBACK_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
_META_CSP = re.compile(r'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"', re.IGNORECASE)


def sha256_source(text: str) -> str:
    """A CSP source expression admitting exactly this inline script or style."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def page_csp(script: str, style: str) -> str:
    return (f"default-src 'none'; script-src {sha256_source(script)}; style-src {sha256_source(style)}; "
            "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def report_csp(report_html: str) -> str:
    """The report's own <meta> policy, plus frame-ancestors 'none', to send as a header."""
    found = _META_CSP.search(report_html[:20000])
    policy = html.unescape(found.group(1)) if found else REPORT_FALLBACK_CSP
    policy = "; ".join(p.strip() for p in policy.split(";") if p.strip() and not p.strip().startswith("frame-ancestors"))
    return f"{policy}; frame-ancestors 'none'"


class _HttpMiddleware:
    """Pure ASGI middleware that acts on HTTP requests only and passes anything else straight through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        else:
            await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class SecurityHeaders(_HttpMiddleware):
    """Adds HEADERS and a default CSP to any response that lacks them."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.decode("latin-1").lower() for name, _ in headers}
                for name, value in {**HEADERS, "content-security-policy": DEFAULT_CSP}.items():
                    if name not in present:
                        headers.append((name.encode("latin-1"), value.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class NoLeakErrors(_HttpMiddleware):
    """An unexpected exception becomes a plain 500, and the log names only its type. (Starlette would
    otherwise hand the exception, whose message could quote a submission, to the server's log.)"""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            logging.getLogger("checker.web").error("request failed: internal error %s (message withheld)",
                                                   type(exc).__name__)
            if started:
                return
            body = (b'{"detail": "Something went wrong on our side. Please try again, and if it happens '
                    b'again ask your centre for help.", "error": "internal_error"}')
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
