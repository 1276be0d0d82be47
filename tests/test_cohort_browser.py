"""The cohort page in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright; never
`playwright install`): sorting, filtering, the heat map, the histogram, similar pairs, no network,
no script errors, and learner text that stays inert."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_checks import CONTRAST_FAILURES, require_browser

from checker.cohort.batch import BatchResult
from checker.cohort.cohort_page import cohort_data, render_cohort
from checker.cohort.synthetic import assessed_rows
from checker.units import UnitLibrary

require_browser()

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = UnitLibrary.load()
UNITS = {u.number: u for u in (LIBRARY.get("7015V1"), LIBRARY.get("7017V1"))}
XSS = ['<img src=x onerror="alert(1)">', "</script><script>alert(2)</script>", "javascript:alert(3)"]


def cohort_html(tmp_path: Path) -> tuple[str, dict]:
    rows = assessed_rows(40, list(UNITS.values()), seed=8, assessors=3)
    for row in rows:
        row["similar"] = []
    rows[3]["learner"] = XSS[0]
    rows[4]["learner"] = XSS[1]
    rows[5]["file"] = XSS[2]
    rows[6].update(status="error", error="'x.docx' is password-protected", exit_code=8)
    passage = {"block": "b12", "paragraph": 7, "section": "AC 2.1 " + XSS[0], "text": "Shared words " + XSS[1],
               "words": 64, "block_words": 80}
    pairs = [{"number": 1, "a": rows[0]["key"], "b": rows[1]["key"], "a_label": rows[0]["learner"],
              "b_label": rows[1]["learner"], "a_cohort": "2025", "b_cohort": "2025", "shared_words": 64,
              "share": 0.02, "passages": [{"a": passage, "b": {**passage, "block": "b9", "paragraph": 5}}],
              "reworded": [], "lsh_hits": 3}]
    for me, other in ((0, 1), (1, 0)):
        rows[me]["similar"] = [{"pair": 1, "with": rows[other]["key"], "label": rows[other]["learner"],
                                "cohort": "2025", "words": 64, "reworded": 0}]
    stats = {"submissions": 39, "compared_with_earlier": 0, "candidates": 2, "flagged": 1, "common_shingles": 0,
             "common_cutoff_docs": 10, "crowded_keys_skipped": 0}
    result = BatchResult(rows, pairs, stats, checked=39, skipped=0, errors=1)
    data = cohort_data(result, UNITS, tmp_path, "assessor")
    return render_cohort(data, UNITS), data


@pytest.fixture
def page(browser, tmp_path):
    opened = []

    def open_page(**context):
        html, data = cohort_html(tmp_path)
        path = tmp_path / f"index-{len(opened)}.html"
        path.write_text(html, encoding="utf-8")
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
        tab = ctx.new_page()
        tab.events = {"console": [], "errors": [], "requests": [], "dialogs": []}
        tab.on("console", lambda m: tab.events["console"].append((m.type, m.text)))
        tab.on("pageerror", lambda e: tab.events["errors"].append(str(e)))
        tab.on("request", lambda r: tab.events["requests"].append(r.url))
        tab.on("dialog", lambda d: (tab.events["dialogs"].append(d.message), d.dismiss()))
        tab.goto(path.as_uri())
        tab.wait_for_load_state("load")
        tab.path, tab.data = path, data
        opened.append(ctx)
        return tab

    yield open_page
    for ctx in opened:
        ctx.close()


def visible_rows(tab) -> list[str]:
    return tab.eval_on_selector_all("#cohort-table tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.id)")


def test_loads_cleanly_with_no_network(page):
    tab = page()
    tab.wait_for_timeout(300)
    assert tab.events["errors"] == [] and tab.events["dialogs"] == []
    assert [m for m in tab.events["console"] if m[0] in ("error", "warning")] == []
    assert tab.events["requests"] == [tab.path.as_uri()]
    assert tab.inner_text("#shown") == "Showing 40 of 40 submissions"


def test_sorting_by_a_column(page):
    tab = page()
    words = "rows => rows.map(r => r.cells[2].getAttribute('data-sort')).map(Number)"
    tab.click("#cohort-table th:nth-child(3) button")
    ascending = tab.eval_on_selector_all("#cohort-table tbody tr", words)
    assert ascending == sorted(ascending) and ascending[0] == -1                # the error row first
    assert tab.get_attribute("#cohort-table th:nth-child(3)", "aria-sort") == "ascending"
    tab.click("#cohort-table th:nth-child(3) button")
    assert tab.eval_on_selector_all("#cohort-table tbody tr", words) == sorted(ascending, reverse=True)
    tab.click("#cohort-table th:nth-child(1) button")
    names = tab.eval_on_selector_all("#cohort-table tbody tr", "rows => rows.map(r => r.cells[0].dataset.sort)")
    plain = [n for n in names if n.startswith("learner ")]
    assert len(plain) == 38 and plain == sorted(plain) and names[0] < names[-1]
    tab.click("#cohort-table th:nth-child(1) button")
    assert tab.eval_on_selector_all("#cohort-table tbody tr", "rows => rows.map(r => r.cells[0].dataset.sort)") \
        == names[::-1]


def test_every_checked_submission_links_to_its_report(page):
    tab = page()
    links = tab.eval_on_selector_all(
        "#cohort-table tbody tr",
        "rows => rows.map(r => [r.cells[0].querySelector('.file').textContent, (r.cells[0].querySelector('a') || {}).href || null])")
    reports = {r["file"]: r["report"] if r["status"] == "ok" else None for r in tab.data["submissions"]}
    assert len(links) == len(reports) == 40
    for file, href in links:
        if reports[file]:
            assert href == tab.path.parent.joinpath(reports[file]).as_uri()
        else:
            assert href is None                               # the submission that could not be checked
    heat = tab.eval_on_selector_all("table.heat tbody th a", "links => links.map(a => a.getAttribute('href'))")
    assert sorted(heat) == sorted(r for r in reports.values() if r)


def test_filtering_by_text_and_by_kind(page):
    tab = page()
    tab.fill("#find", "learner 0012")
    assert len(visible_rows(tab)) == 1 and tab.inner_text("#shown") == "Showing 1 of 40 submissions"
    tab.fill("#find", "")
    tab.select_option("#show", "error")
    assert visible_rows(tab) == ["row-7"]
    assert "Could not be checked: 'x.docx' is password-protected" in tab.inner_text("#row-7")
    tab.select_option("#show", "similar")
    assert sorted(visible_rows(tab)) == ["row-1", "row-2"]
    tab.select_option("#show", "risk")
    risky = sum(1 for r in tab.data["submissions"] if r["status"] == "ok" and r["at_risk"])
    assert len(visible_rows(tab)) == risky
    tab.select_option("#show", "band")
    outside = sum(1 for r in tab.data["submissions"] if r["status"] == "ok" and r["band_status"] != "within")
    assert len(visible_rows(tab)) == outside


def test_heat_map_and_histogram(page):
    tab = page()
    ok = [r for r in tab.data["submissions"] if r["status"] == "ok"]
    assert tab.locator("table.heat").count() == 2
    assert tab.locator("table.heat tbody tr").count() == len(ok)
    missing = sum(1 for r in ok for s in r["criteria"].values() if s == "missing")
    assert tab.locator("table.heat td.st-missing").count() == missing
    bars = tab.eval_on_selector_all("svg rect.bar title", "ts => ts.map(t => parseInt(t.textContent.split(': ')[1]))")
    assert sum(bars) == len(ok)
    assert tab.locator("svg[role=img]").count() == 2 and "Band 3,000–3,500" in tab.inner_text("#words")


def test_a_similar_pair_opens_side_by_side(page):
    tab = page()
    tab.click("#row-1 td:nth-child(8) a")
    assert tab.evaluate("location.hash") == "#pair-1"
    assert tab.locator("#pair-1 .side blockquote").count() == 2
    assert "paragraph 7 (b12)" in tab.inner_text("#pair-1") and "paragraph 5 (b9)" in tab.inner_text("#pair-1")


def test_works_without_scripts(page):
    tab = page(java_script_enabled=False)
    assert not tab.locator("#filters").is_visible()
    assert len(visible_rows(tab)) == 40
    assert tab.locator("#pair-1 blockquote").first.is_visible()


def test_learner_text_is_inert(page):
    tab = page()
    tab.select_option("#show", "all")
    tab.click("#cohort-table th:nth-child(1) button")
    tab.wait_for_timeout(300)
    assert tab.events["dialogs"] == [] and tab.events["errors"] == []
    assert tab.locator("script").count() == 1 and tab.locator("img").count() == 0
    assert tab.locator("[onerror]").count() == 0 and tab.locator('a[href^="javascript:" i]').count() == 0
    text = tab.inner_text("body")
    for payload in XSS:
        assert payload in text
    assert tab.events["requests"] == [tab.path.as_uri()]


def test_screenshot(page):
    tab = page()
    out = ROOT / "test-artifacts" / "cohort.png"
    out.parent.mkdir(exist_ok=True)
    tab.set_viewport_size({"width": 1280, "height": 1400})
    tab.screenshot(path=str(out))
    assert out.stat().st_size > 10_000


def test_text_contrast_meets_wcag_aa(page):
    tab = page()
    failures = tab.evaluate(CONTRAST_FAILURES)
    assert failures == []
