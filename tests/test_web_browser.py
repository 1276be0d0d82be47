"""`checker serve` end to end in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright;
never `playwright install`): the real command on a free loopback port, a learner choosing a unit and
uploading a draft with the mouse and with the keyboard alone, the coverage matrix, the downloads, the
messages for wrong files, the drop zone, no console errors, nothing fetched from elsewhere, no
temporary files left and no learner text in the server's output."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_checks import require_browser

require_browser()
pytest.importorskip("fastapi", reason="the web tests need the 'web' extra: pip install 'checker[web]'")

import docx  # noqa: E402

from checker.units import UnitLibrary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
UNIT = UnitLibrary.load().get("7015V1")
CANARY = "Zephyrine Quillfeather"
MAX_MB = 2


def draft_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Coaching and mentoring at Harbour Logistics", 0)
    for criterion in UNIT.criteria:
        document.add_heading(f"AC {criterion.id}", 2)
        document.add_paragraph(
            f"{criterion.text}. In my organisation, Harbour Logistics, the operations team under {CANARY} "
            f"uses this every week: our managers link coaching and mentoring conversations to the "
            f"departmental objectives and to the strategy agreed by the board, and I weigh the strengths "
            f"against the limitations before I reach a judgement on what works best for us.")
    document.save(path)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`checker serve` in its own process, with its TMPDIR in a folder of its own."""
    temp = tmp_path_factory.mktemp("serve-tmp")
    logs = tmp_path_factory.mktemp("serve-logs")
    port = free_port()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONUNBUFFERED": "1"}
    out, err = (logs / "stdout.txt").open("wb"), (logs / "stderr.txt").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "checker", "serve", "--port", str(port), "--workers", "1",
                                "--max-upload-mb", str(MAX_MB)], cwd=ROOT, env=env, stdout=out, stderr=err)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}/api/units", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"checker serve did not start: {(logs / 'stderr.txt').read_text()[-2000:]}")
        time.sleep(0.3)
    yield base
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    out.close()
    err.close()
    assert list(temp.iterdir()) == [], "the server left temporary files behind"
    printed = (logs / "stdout.txt").read_text() + (logs / "stderr.txt").read_text()
    assert "POST /check" in printed, "the access log should show the requests"
    assert CANARY not in printed and "Harbour" not in printed, "learner text reached the server's output"


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.events = {"console": [], "errors": [], "requests": []}
    tab.on("console", lambda m: tab.events["console"].append((m.type, m.text)))
    tab.on("pageerror", lambda e: tab.events["errors"].append(str(e)))
    tab.on("request", lambda r: tab.events["requests"].append((r.method, r.url)))
    tab.goto(server + "/")
    yield tab
    problems = [text for kind, text in tab.events["console"] if kind in ("error", "warning")]
    assert problems == [] and tab.events["errors"] == [], (problems, tab.events["errors"])
    assert all(url.startswith((server, "data:")) for _, url in tab.events["requests"]), tab.events["requests"]
    context.close()


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    return draft_docx(tmp_path_factory.mktemp("drafts") / "My draft.docx")


def see_report(tab) -> None:
    tab.wait_for_selector("#matrix", timeout=60_000)
    assert tab.title().startswith("Assignment check: My draft.docx")
    matrix = tab.locator("#matrix")
    assert matrix.is_visible()
    assert "1.1" in matrix.inner_text() and "3.8" in matrix.inner_text()
    assert tab.locator("#web-bar").is_visible()


def test_choose_a_unit_upload_a_draft_and_download_the_report(page, draft, tmp_path):
    unit = page.locator("#unit")
    unit.fill("coaching")
    options = page.locator("#unit-list option")
    assert options.count() == len(UnitLibrary.load())
    choice = next(v for v in (options.nth(i).get_attribute("value") for i in range(options.count()))
                  if v.startswith("7015V1 "))
    assert choice.endswith("(Level 7)")
    unit.fill(choice)
    assert "Level 7" in page.locator("#unit-chosen").inner_text()
    assert "19 assessment criteria" in page.locator("#unit-chosen").inner_text()
    page.set_input_files("#file", str(draft))
    assert "is ready to check" in page.locator("#file-status").inner_text()
    with page.expect_navigation(timeout=60_000):
        page.click("#check")
    see_report(page)

    with page.expect_download() as caught:
        page.click("#download-html")
    download = caught.value
    assert download.suggested_filename == "My-draft-check-7015V1.html"
    saved_html = tmp_path / download.suggested_filename
    download.save_as(saved_html)
    html = saved_html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="matrix"' in html and 'id="web-bar"' not in html

    with page.expect_download() as caught:
        page.click("#download-json")
    saved_json = tmp_path / caught.value.suggested_filename
    caught.value.save_as(saved_json)
    report = json.loads(saved_json.read_text(encoding="utf-8"))
    assert report["unit"]["number"] == "7015V1" and report["summary"]["criteria_total"] == 19

    # the downloaded report opens on its own, offline, with its script working
    alone = page.context.new_page()
    errors: list[str] = []
    alone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    alone.on("pageerror", lambda e: errors.append(str(e)))
    alone.goto(saved_html.as_uri())
    alone.wait_for_selector("#matrix")
    assert alone.locator("#filter-bar").is_visible()
    assert errors == []
    alone.close()


def choose_by_keyboard(page, draft: Path) -> None:
    """Open the focused file input's picker with Space and choose the draft. The picker itself is the
    browser's: some headless Chromium builds intermittently do not raise it for a synthetic key press,
    so after ten seconds the test checks that the focused control is the native, enabled, visible file
    input (which the browser makes keyboard-operable) and sets the file on it directly."""
    from playwright.sync_api import TimeoutError as PickerTimeout

    try:
        with page.expect_file_chooser(timeout=10_000) as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(str(draft))
    except PickerTimeout:
        native = page.evaluate("""() => { const el = document.activeElement;
            return el.tagName === 'INPUT' && el.type === 'file' && !el.disabled && el.offsetParent !== null; }""")
        assert native, "the focused control should be the page's own file input"
        page.locator("#file").set_input_files(str(draft))


def test_keyboard_only(page, draft):
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "unit"
    page.keyboard.type("7015V1")
    assert "Level 7" in page.locator("#unit-chosen").inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "file"
    choose_by_keyboard(page, draft)
    assert "is ready to check" in page.locator("#file-status").inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "check"
    with page.expect_navigation(timeout=60_000):
        page.keyboard.press("Enter")
    see_report(page)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "download-html"
    with page.expect_download() as caught:
        page.keyboard.press("Enter")
    assert caught.value.suggested_filename.endswith(".html")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "check-another"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#check-form").is_visible()


def test_wrong_type_and_too_large_are_explained_before_uploading(page, tmp_path):
    wrong = tmp_path / "draft.exe"
    wrong.write_bytes(b"MZ" + b"\x00" * 100)
    big = tmp_path / "huge.docx"
    big.write_bytes(b"\x00" * (MAX_MB * 1024 * 1024 + 10))
    page.fill("#unit", "7015V1")

    page.set_input_files("#file", str(wrong))
    assert "which the checker cannot read" in page.locator("#file-status").inner_text()
    page.click("#check")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Choose a .docx, .pdf, .odt, .rtf, .txt or .md file" in summary.inner_text()

    page.set_input_files("#file", str(big))
    assert "larger than the 2.0 MB" in page.locator("#file-status").inner_text()
    page.click("#check")
    assert "larger than" in summary.inner_text()
    page.locator("#error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "file"

    page.fill("#unit", "nonsense")
    page.set_input_files("#file", [])
    page.click("#check")
    text = summary.inner_text()
    assert "none matches" in text and "Choose the file of your draft" in text
    assert page.evaluate("document.getElementById('unit').getAttribute('aria-invalid')") == "true"
    assert not [r for r in page.events["requests"] if r[0] == "POST"], "nothing should have been uploaded"


def test_an_unreadable_file_gets_the_readers_message(page, draft, tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(draft.read_bytes()[:3000])
    page.fill("#unit", "7015V1")
    page.set_input_files("#file", str(broken))
    with page.expect_navigation() as navigation:
        page.click("#check")
    assert navigation.value.status == 422
    summary = page.locator("#error-summary")
    assert summary.is_visible() and "damaged or incomplete" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.input_value("#unit") == "7015V1"
    assert page.title().startswith("There is a problem")
    # Chromium logs every 4xx page it loads; this one is the page's answer, expected and shown above
    expected = ("error", "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)")
    page.events["console"].remove(expected)


def test_dropping_a_file_on_the_drop_zone(page):
    transfer = page.evaluate_handle("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["AC 1.1 My draft."], "dropped.txt", {type: "text/plain"}));
        return data;
    }""")
    page.dispatch_event("#drop-zone", "dragenter", {"dataTransfer": transfer})
    assert "dragover" in page.get_attribute("#drop-zone", "class")
    page.dispatch_event("#drop-zone", "drop", {"dataTransfer": transfer})
    assert page.evaluate("document.getElementById('file').files[0].name") == "dropped.txt"
    assert "\u201cdropped.txt\u201d" in page.locator("#file-status").inner_text()
    assert page.evaluate("document.activeElement.id") == "file"
    assert "dragover" not in page.get_attribute("#drop-zone", "class")
