"""The HTML report in real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Never run `playwright install`: these tests use the system browser. Set UPDATE_SCREENSHOT=1 to refresh
docs/report-screenshot.png as well as test-artifacts/report.png.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_checks import CONTRAST_FAILURES, require_browser

from checker.render_html import render_report
from report_fixture import GLOSSARY, XSS, hostile_report, sample_report, sample_unit

require_browser()

ROOT = Path(__file__).resolve().parent.parent


class Page:
    """A loaded report page that records console messages, page errors, requests and dialogs."""

    def __init__(self, browser, tmp_path: Path, html: str, name: str = "report.html", **context):
        self.path = tmp_path / name
        self.path.write_text(html, encoding="utf-8")
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
        self.page = self.context.new_page()
        self.console, self.errors, self.requests, self.dialogs = [], [], [], []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(self.path.as_uri())
        self.page.wait_for_load_state("load")

    def visible(self, selector: str) -> bool:
        return self.page.locator(selector).is_visible()


@pytest.fixture
def open_page(browser, tmp_path):
    pages = []

    def opener(report=None, audience="learner", **context):
        html = render_report(report or sample_report(), sample_unit(), audience, glossary=GLOSSARY)
        page = Page(browser, tmp_path, html, f"report-{len(pages)}.html", **context)
        pages.append(page)
        return page

    yield opener
    for page in pages:
        page.context.close()


@pytest.mark.parametrize("audience", ["learner", "assessor"])
def test_loads_with_no_console_errors_and_no_network(open_page, audience):
    page = open_page(audience=audience)
    page.page.wait_for_timeout(300)
    assert page.errors == []
    assert [m for m in page.console if m[0] in ("error", "warning")] == []
    assert page.requests == [page.path.as_uri()]


def test_clicking_a_matrix_cell_filters_the_submission(open_page):
    page = open_page()
    assert page.visible("#part-b3") and page.visible("#part-b4")
    page.page.click('a.matrix-link[data-filter="1.2"]')
    assert page.visible("#part-b4")                              # mapped to 1.2
    assert not page.visible("#part-b3") and not page.visible("#part-b2")
    assert page.page.evaluate("location.hash") == "#ac-1-2"
    assert "AC 1.2" in page.page.inner_text("#filter-status")
    page.page.click("#filter-clear")
    assert page.visible("#part-b3")


def test_clicking_a_chip_filters_in_place(open_page):
    page = open_page()
    page.page.click('#part-b11 a.chip[data-filter="3.3"]')
    assert page.visible("#part-b11") and not page.visible("#part-b12")
    assert page.page.evaluate("document.activeElement.dataset.filter") == "3.3"
    page.page.select_option("#filter-select", "3.1")
    assert page.visible("#part-b12") and page.visible("#part-b11") and not page.visible("#part-b3")


def test_keyboard_reaches_the_matrix_and_enter_activates(open_page):
    page = open_page()
    for _ in range(80):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("document.activeElement.classList.contains('matrix-link')"):
            break
    else:
        pytest.fail("Tab never reached a matrix link")
    focused = page.page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {ac: document.activeElement.dataset.filter, outline: s.outlineStyle, width: s.outlineWidth}; }""")
    assert focused["ac"] == "1.1"
    assert focused["outline"] != "none" and focused["width"] != "0px"           # visible focus
    page.page.keyboard.press("Enter")
    assert page.page.evaluate("location.hash") == "#ac-1-1"
    assert page.visible("#part-b3") and not page.visible("#part-b4")


def test_works_without_scripts(open_page):
    page = open_page(java_script_enabled=False)
    assert not page.visible("#filter-bar")
    assert page.page.locator("li.part").count() == page.page.locator("li.part:visible").count()
    page.page.click('a.matrix-link[data-filter="2.2"]')
    assert page.page.evaluate("location.hash") == "#ac-2-2"


def test_print_media_and_a4_pdf(open_page, tmp_path):
    page = open_page()
    page.page.click('a.matrix-link[data-filter="1.2"]')          # a filter must not hide parts on paper
    page.page.emulate_media(media="print")
    assert not page.visible("nav.toc") and not page.visible("#filter-bar")
    assert page.visible("#part-b3")
    pdf = page.page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (tmp_path / "report.pdf").write_bytes(pdf)


def test_text_contrast_meets_wcag_aa(open_page):
    page = open_page()
    failures = page.page.evaluate(CONTRAST_FAILURES)
    assert failures == []


def test_screenshot(open_page):
    page = open_page()
    page.page.set_viewport_size({"width": 1280, "height": 1700})      # header, next steps and the matrix
    out = ROOT / "test-artifacts" / "report.png"
    out.parent.mkdir(exist_ok=True)
    page.page.screenshot(path=str(out), full_page=False)
    assert out.stat().st_size > 10_000
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        page.page.screenshot(path=str(ROOT / "docs" / "report-screenshot.png"), full_page=False)


@pytest.mark.parametrize("audience", ["learner", "assessor"])
def test_hostile_learner_text_is_inert(open_page, audience):
    page = open_page(hostile_report(), audience)
    page.page.wait_for_timeout(500)
    page.page.click('a.matrix-link[data-filter="1.1"]')          # exercise the script on hostile content
    page.page.click("#filter-clear")
    assert page.dialogs == [] and page.errors == []
    assert page.requests == [page.path.as_uri()]
    text = page.page.inner_text("body")
    for payload in XSS.values():
        assert payload in text
    assert "49" not in text
    assert page.page.locator("script").count() == 1
    assert page.page.locator("img").count() == 0
    assert page.page.locator("[onerror]").count() == 0
    assert page.page.locator('a[href^="javascript:" i]').count() == 0
