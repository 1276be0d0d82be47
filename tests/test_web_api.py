"""`checker serve`'s application through its HTTP interface (in process, with Starlette's TestClient):
the API's answers, limits and bad files, security headers, the OpenAPI description, the learner's form
route, the privacy promises (no temporary files left, no learner text in logs) and the command itself."""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import socket
import stat
import subprocess
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web tests need the 'web' extra: pip install 'checker[web]'")
pytest.importorskip("python_multipart", reason="the web tests need the 'web' extra: pip install 'checker[web]'")
warnings.filterwarnings("ignore", message=".*httpx2.*")   # starlette's TestClient prefers httpx2 one day

import docx  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from checker.units import UnitLibrary  # noqa: E402
from checker.web import worker  # noqa: E402
from checker.web.app import create_app  # noqa: E402
from checker.web.config import WebConfig, is_loopback  # noqa: E402
from checker.web.security import sha256_source  # noqa: E402
from checker.web.uploads import safe_name  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = UnitLibrary.load()
CANARY = "Zephyrine Quillfeather"        # a learner's words that must never reach a log
LIMIT = 1024 * 1024
BASE = "http://127.0.0.1"


def draft_docx(unit: str = "7015V1", canary: str = CANARY) -> bytes:
    """A signposted draft: one heading and one paragraph per criterion of the unit."""
    document = docx.Document()
    document.add_heading("Coaching and mentoring at Harbour Logistics", 0)
    for criterion in LIBRARY.get(unit).criteria:
        document.add_heading(f"AC {criterion.id}", 2)
        document.add_paragraph(
            f"{criterion.text}. In my organisation, Harbour Logistics, the operations team under {canary} "
            f"uses this every week: our managers link coaching and mentoring conversations to the "
            f"departmental objectives and to the strategy agreed by the board, and I weigh the strengths "
            f"against the limitations before I reach a judgement on what works best for us.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def draft_text(unit: str = "7015V1") -> bytes:
    lines = [f"AC {c.id}\n\n{c.text}. At work, {CANARY} and I practise this with our team each month, "
             f"and we review the results with the department against the objectives that the board has "
             f"set for the year. The strengths of our approach outweigh its limitations, because people "
             f"take part willingly and the evidence from our reviews shows steady improvement.\n"
             for c in LIBRARY.get(unit).criteria]
    return "\n".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory):
    """TMPDIR for the whole module: every temporary file anyone makes lands here."""
    root = tmp_path_factory.mktemp("web-tmp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(root))
        patch.setattr(tempfile, "tempdir", str(root))
        yield root


@pytest.fixture(scope="module")
def app(tmp_root):
    return create_app(WebConfig(max_upload_bytes=LIMIT, workers=0, warm_up=False, temp_dir=str(tmp_root),
                                allowed_hosts=("127.0.0.1", "localhost")))


@pytest.fixture(scope="module")
def client(app, tmp_root):
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client
    assert list(tmp_root.iterdir()) == [], "temporary files were left behind"


def post(client, content: bytes, name: str = "draft.docx", unit: str = "7015V1", route: str = "/api/check", **fields):
    return client.post(route, files={"file": (name, content, "application/octet-stream")}, data={"unit": unit, **fields})


def assert_error(response, status: int, code: str, *words: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == code
    assert "\n" not in body["detail"] and (body["detail"][0].isupper() or body["detail"][0] == "'")
    for word in words:
        assert word.lower() in body["detail"].lower(), body["detail"]
    return body


# --- the API ---------------------------------------------------------------------------------------

def test_units_lists_every_unit_with_its_level(client):
    response = client.get("/api/units")
    assert response.status_code == 200
    units = response.json()
    assert len(units) == len(LIBRARY)
    assert {u["number"] for u in units} >= {"7015V1", "5014"}
    first = next(u for u in units if u["number"] == "7015V1")
    assert first == {"number": "7015V1", "title": LIBRARY.get("7015V1").title, "level": 7,
                     "credits": LIBRARY.get("7015V1").credits, "criteria": 19}
    assert [u["level"] for u in units] == sorted(u["level"] for u in units)


def test_check_docx_returns_the_json_report(client):
    jsonschema = pytest.importorskip("jsonschema")
    response = post(client, draft_docx())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    report = response.json()
    jsonschema.validate(report, json.loads((ROOT / "checker/schema/report.schema.json").read_text()))
    assert report["file"] == "draft.docx" and report["format"] == "docx"
    assert report["unit"]["number"] == "7015V1"
    assert report["summary"]["criteria_total"] == 19
    assert report["summary"]["evidenced"] >= 15


def test_check_text_with_a_short_unit_number(client):
    response = post(client, draft_text(), name="draft.txt", unit="7015")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["format"] == "txt" and report["unit"]["number"] == "7015V1"
    assert report["summary"]["evidenced"] >= 10


def test_check_html_for_an_assessor(client):
    response = post(client, draft_docx(), audience="assessor", format="html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Assessor pre-screen" in response.text
    csp = response.headers["content-security-policy"]
    script = re.search(r"<script>(.*?)</script>", response.text, re.S).group(1)
    assert sha256_source(script) in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0]


def test_the_upload_lives_in_a_private_folder_that_is_removed(client, tmp_root, monkeypatch):
    seen = {}
    real = worker.run_check

    def spy(path, unit, settings):
        path = Path(path)
        seen.update(folder=stat.S_IMODE(path.parent.stat().st_mode), file=stat.S_IMODE(path.stat().st_mode),
                    parent=path.parent.parent, name=path.name)
        return real(path, unit, settings)

    monkeypatch.setattr(worker, "run_check", spy)
    assert post(client, draft_docx(), name="../../My draft.docx").status_code == 200
    assert seen == {"folder": 0o700, "file": 0o600, "parent": tmp_root, "name": "My draft.docx"}
    assert list(tmp_root.iterdir()) == []


# --- limits and bad files --------------------------------------------------------------------------

def test_a_file_over_the_limit_is_refused_from_its_declared_length(client):
    response = post(client, b"x" * (LIMIT + 200_000), name="big.txt")
    body = assert_error(response, 413, "too_large", "1 MB")
    assert "pictures" in body["detail"]


def test_a_file_just_over_the_limit_inside_the_form_allowance_is_refused(client):
    assert_error(post(client, b"word " * (LIMIT // 5 + 100), name="big.txt"), 413, "too_large", "1 MB")


def test_a_streamed_upload_is_cut_off_at_the_limit(app):
    """No Content-Length: the body is counted as it arrives, and reading stops soon after the limit."""
    import anyio

    chunk = b"-" * 65536
    pulled = 0
    sent: list[dict] = []

    async def receive():
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": pulled < 1000}   # 65 MB on offer

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/check", "raw_path": b"/api/check", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"multipart/form-data; boundary=xyz")],
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80)}
    anyio.run(app, scope, receive, send)
    assert sent[0]["status"] == 413
    assert pulled <= (LIMIT + 64 * 1024) // len(chunk) + 2


@pytest.mark.parametrize("name, content, words", [
    ("draft.exe", b"MZ\x90\x00" + b"\x00" * 100, ["'draft.exe' is a .exe file", ".docx, .pdf, .odt, .rtf, .txt or .md"]),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, ["'photo.png' is a .png file"]),
    ("draft", b"plain words", ["without an extension"]),
])
def test_a_file_type_the_checker_cannot_read(client, name, content, words):
    assert_error(post(client, content, name=name), 422, "unsupported_type", *words)


def test_a_file_whose_content_is_not_what_its_name_says(client):
    assert_error(post(client, b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, name="draft.docx"), 422, "unreadable_file",
                 "is not a Word document", "PNG image")


def test_an_old_word_file_gets_the_readers_advice(client):
    assert_error(post(client, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, name="draft.doc"), 422,
                 "unreadable_file", "save it as .docx")


def test_a_corrupt_docx(client):
    whole = draft_docx()
    assert_error(post(client, whole[: len(whole) // 2]), 422, "unreadable_file", "damaged or incomplete")


def test_a_docx_with_a_doctype_is_refused(client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(draft_docx())) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b"?><!DOCTYPE x [<!ENTITY a 'b'>]>", 1)
            target.writestr(info, data)
    assert_error(post(client, buffer.getvalue()), 422, "unreadable_file", "refused for safety")


def test_an_empty_file(client):
    assert_error(post(client, b"", name="draft.txt"), 422, "empty_file", "empty")


def test_an_unknown_unit(client):
    body = assert_error(post(client, draft_docx(), unit="7051V1"), 404, "unknown_unit", "7051V1", "did you mean 7015V1")
    assert "checker units" not in body["detail"]


@pytest.mark.parametrize("unit, code", [("", "no_unit"), ("   ", "no_unit")])
def test_no_unit(client, unit, code):
    assert_error(post(client, draft_docx(), unit=unit), 422, code, "choose your unit")


def test_no_file(client):
    response = client.post("/api/check", data={"unit": "7015V1"}, files={"other": ("", b"", "text/plain")})
    assert_error(response, 422, "no_file", "choose a file")
    response = client.post("/api/check", files={"file": ("", b"", "application/octet-stream")}, data={"unit": "7015V1"})
    assert_error(response, 422, "no_file")


def test_not_multipart(client):
    assert_error(client.post("/api/check", json={"unit": "7015V1"}), 415, "not_multipart", "multipart/form-data")


def test_two_files_are_refused(client):
    response = client.post("/api/check", data={"unit": "7015V1"},
                           files=[("file", ("a.txt", b"a", "text/plain")), ("file", ("b.txt", b"b", "text/plain"))])
    assert_error(response, 422, "bad_form")


@pytest.mark.parametrize("field, value", [("audience", "examiner"), ("format", "pdf")])
def test_bad_choices(client, field, value):
    assert_error(post(client, draft_docx(), **{field: value}), 422, f"bad_{field}", field)


def test_busy_server_asks_to_try_again(client, app):
    runner = app.state.runner
    runner.pending, before = runner.max_pending, runner.pending
    try:
        response = post(client, draft_docx())
    finally:
        runner.pending = before
    assert_error(response, 503, "busy", "try again")
    assert response.headers["retry-after"] == "30"


# --- security --------------------------------------------------------------------------------------

SECURITY = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY",
            "cache-control": "no-store"}


@pytest.mark.parametrize("method, path", [("GET", "/"), ("GET", "/api/units"), ("GET", "/api/openapi.json"),
                                          ("GET", "/nowhere"), ("POST", "/api/check"), ("POST", "/check")])
def test_security_headers_on_every_response(client, method, path):
    response = client.request(method, path)
    for name, value in SECURITY.items():
        assert response.headers[name] == value, (path, name)
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp
    assert "server" not in response.headers or "uvicorn" not in response.headers["server"]


def test_the_page_admits_only_its_own_script_and_style(client):
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    script = re.search(r"<script>(.*?)</script>", response.text, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", response.text, re.S).group(1)
    assert f"script-src {sha256_source(script)};" in csp
    assert f"style-src {sha256_source(style)};" in csp
    assert "unsafe" not in csp and "http" not in csp
    assert "form-action 'self'" in csp
    assert not re.search(r"""(src|href)=["']https?:""", response.text), "the page must fetch nothing from elsewhere"
    assert ' style="' not in response.text


def test_an_unknown_host_name_is_refused(client):
    """A page bound to loopback answers only to loopback names (no DNS rebinding)."""
    assert client.get("/api/units", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/api/units", headers={"host": "localhost:8000"}).status_code == 200


def test_openapi_describes_the_api(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/api/units", "/api/check"}
    check = spec["paths"]["/api/check"]["post"]
    form = check["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file", "unit"]
    assert form["properties"]["audience"]["enum"] == ["learner", "assessor"]
    assert {"200", "404", "413", "415", "422", "503"} <= set(check["responses"])
    assert "criteria" in check["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
    assert "ErrorBody" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 404, "Swagger UI would load scripts from a CDN"


# --- the learner's form route ----------------------------------------------------------------------

def test_the_page_lists_units_with_their_level(client):
    page = client.get("/").text
    assert '<datalist id="unit-list">' in page
    assert "7015V1 – Coaching and mentoring within organisational culture (Level 7)" in page
    assert page.count("<option ") == len(LIBRARY)
    assert re.search(r'<label for="unit">', page) and re.search(r'<label for="file">', page)
    assert "not saved" in page and "never written to a log" in page


def test_the_form_route_returns_the_learner_report_with_downloads(client):
    response = post(client, draft_docx(), name="My draft.docx", route="/check", audience="assessor",
                    unit="7015V1 – Coaching and mentoring within organisational culture (Level 7)")
    assert response.status_code == 200
    page = response.text
    assert 'id="matrix"' in page and "Assessor pre-screen" not in page, "the page is always for the learner"
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', page))
    assert set(links) == {"My-draft-check-7015V1.html", "My-draft-check-7015V1.json"}
    html = base64.b64decode(links["My-draft-check-7015V1.html"]).decode()
    assert html.startswith("<!DOCTYPE html>") and 'id="web-bar"' not in html and 'id="matrix"' in html
    assert json.loads(base64.b64decode(links["My-draft-check-7015V1.json"]))["unit"]["number"] == "7015V1"
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'sha256-" in csp


def test_the_form_route_explains_an_error_and_keeps_the_unit(client):
    whole = draft_docx()
    response = post(client, whole[:2000], route="/check", unit="7015V1 – Coaching")
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "damaged or incomplete" in response.text
    assert 'value="7015V1 – Coaching"' in response.text
    response = post(client, whole, route="/check", unit="<b>9999</b>")
    assert response.status_code == 404
    assert "&lt;b&gt;9999&lt;/b&gt;" in response.text and "<b>9999" not in response.text


# --- privacy -------------------------------------------------------------------------------------

def test_no_learner_text_in_the_logs(client, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    assert post(client, draft_docx()).status_code == 200

    def broken(path, unit, settings):
        raise ValueError(f"could not parse: {CANARY} wrote this")

    monkeypatch.setattr(worker, "run_check", broken)
    response = post(client, draft_docx())
    body = assert_error(response, 500, "internal_error", "try again")
    assert CANARY not in body["detail"]
    assert "ValueError" in caplog.text
    assert CANARY not in caplog.text and "Harbour" not in caplog.text


def test_an_unexpected_error_outside_the_check_is_not_logged_with_its_message(client, caplog, monkeypatch):
    from checker.web import app as app_module

    async def broken(request, limit):
        raise RuntimeError(f"{CANARY} in the upload")

    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr(app_module, "read_upload", broken)
    response = post(client, draft_docx())
    assert_error(response, 500, "internal_error", "try again")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "RuntimeError" in caplog.text and CANARY not in caplog.text


def test_worker_processes(tmp_path, monkeypatch):
    """The same check in a worker process: the job and its outcome cross the process boundary."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    app = create_app(WebConfig(workers=1, warm_up=True, temp_dir=str(tmp_path), allowed_hosts=("*",)))
    with TestClient(app, base_url=BASE) as client:
        response = post(client, draft_docx())
        assert response.status_code == 200
        assert response.json()["summary"]["criteria_total"] == 19
        assert_error(post(client, b"", name="draft.txt"), 422, "empty_file")
    assert list(tmp_path.iterdir()) == []


# --- small parts and the command ------------------------------------------------------------------

@pytest.mark.parametrize("name, safe", [("My draft.docx", "My draft.docx"), ("../../etc/passwd.txt", "passwd.txt"),
                                        ("C:\\Users\\me\\draft.pdf", "draft.pdf"), (".docx", "submission.docx"),
                                        ("a\x00b\nc.md", "abc.md"), ("", "submission"),
                                        ("x" * 300 + ".docx", "x" * 60 + ".docx")])
def test_safe_name(name, safe):
    assert safe_name(name) == safe


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("localhost", True),
                                            ("::1", True), ("0.0.0.0", False), ("192.168.1.10", False),
                                            ("example.org", False)])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_without_the_web_extra_says_so_in_one_line():
    code = ("import sys; sys.modules['fastapi'] = None; from checker.cli import main; "
            "sys.exit(main(['serve']))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "pip install 'checker[web]'" in result.stderr and "fastapi" in result.stderr


def test_serve_on_a_busy_port_says_so():
    from checker.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--workers", "0"]) == 2
