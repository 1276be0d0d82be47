"""The HTML report, without a browser: content, audiences, safety, branding and tolerance of gaps."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from checker.branding import load_branding
from checker.errors import InvalidSpec
from checker.highlight import criterion_terms, excerpt, highlight
from checker.render_html import render_html, render_report
from checker.report_charts import word_gauge
from report_fixture import GLOSSARY, XSS, hostile_report, sample_report, sample_unit

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def render(audience: str = "learner", report: dict | None = None, **kwargs) -> str:
    return render_report(report or sample_report(), sample_unit(), audience, kwargs.pop("branding", None),
                         glossary=kwargs.pop("glossary", GLOSSARY), **kwargs)


class Outline(HTMLParser):
    """Collects tags, ids, attributes and visible text of a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def learner() -> str:
    return render("learner")


@pytest.fixture(scope="module")
def assessor() -> str:
    return render("assessor")


def test_structure_landmarks_and_unique_ids(learner):
    page = outline(learner)
    tags = [t for t, _ in page.tags]
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert tags.count("h1") == 1
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))
    for link in page.all("a"):
        if link.get("href", "").startswith("#") and len(link["href"]) > 1:
            assert link["href"][1:] in ids, link["href"]
    assert page.all("html")[0]["lang"] == "en-GB"


def test_self_contained(learner, assessor):
    for page in (learner, assessor):
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", page)
        assert "@import" not in page and "url(" not in page
        assert all(a["src"].startswith("data:") for a in outline(page).all("img"))
        assert page.count("<script") == 1


def test_content_security_policy_admits_only_the_page_script(learner):
    import base64 as b64
    import hashlib

    csp = next(a["content"] for a in outline(learner).all("meta") if a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    script = re.search(r"<script>(.*?)</script>", learner, re.S).group(1)
    digest = b64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_header(learner):
    text = " ".join(outline(learner).text)
    for expected in ("northfield-team-coaching.docx", "9901", "Team coaching for organisational performance",
                     "Level", "7", "Checked on", "0.1.0", "Learner"):
        assert expected in text


def test_verdict_summary_next_steps_first_for_learners(learner):
    text = " ".join(" ".join(outline(learner).text).split())
    assert "5 of 8 assessment criteria look evidenced" in text
    assert text.index("Your next steps") < text.index("5 of 8")
    assert "Answer AC 3.2" in text
    assert "Add at least 220 words" in text           # 2,480 counted, lower limit 2,700
    for ac in ("1.3", "3.1", "3.2", "3.3"):
        assert f"AC {ac}" in text
    assert "Evaluate barriers to a coaching culture" in text


def test_matrix_cells_link_to_cards_with_icon_and_text(learner):
    page = outline(learner)
    links = [a for a in page.all("a") if "matrix-link" in a.get("class", "")]
    assert [a["data-filter"] for a in links] == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3"]
    assert all(a["href"] == "#ac-" + a["data-filter"].replace(".", "-") for a in links)
    cell = re.search(r'data-filter="3.2"[^>]*>(.*?)</a>', learner).group(1)
    assert "✗" in cell and "Not found yet" in cell            # icon and words, not colour alone
    assert 'scope="row"' in learner and 'scope="col"' in learner


def test_cards_show_verb_glossary_evidence_and_hints(learner):
    card = learner[learner.index('id="ac-3-2"'):learner.index('id="ac-3-3"')]
    assert "Weigh up strengths and weaknesses" in card          # glossary definition
    assert "Not found yet" in card
    assert "Consider using cultural web (Johnson and Scholes) or Schein to support" in card
    assert "Stories and rituals; Power structures; Control systems" in card
    assert "What does your organisation reward?" in card
    assert "strengths and limitations; a clear, justified conclusion" in card
    shallow = learner[learner.index('id="ac-3-1"'):learner.index('id="ac-3-2"')]
    assert "Go deeper" in shallow and "does not break the topic into its parts" in shallow
    assert 'href="#part-b11"' in shallow and "<mark>" in shallow
    assert "Whitmore (2017)" in shallow
    weak = learner[learner.index('id="ac-3-3"'):learner.index('</section>', learner.index('id="ac-3-3"'))]
    assert "Make the link clearer" in weak and "Apply it to your own organisation" in weak


def test_learner_view_has_no_confidences_or_audit_trail(learner):
    text = " ".join(outline(learner).text)
    assert "confidence" not in text.lower()
    assert "0.91" not in learner and "shares with" not in learner
    assert "Assessor decision" not in text
    assert "does not mark or grade your work" in text


def test_assessor_view_is_the_audit_trail(assessor):
    text = " ".join(" ".join(outline(assessor).text).split())
    assert "confidence 0.91" in text
    assert "shares with 1.1: purpose, team coaching, growing organisation" in text   # block reasons
    assert "only 5 words of evidence" in text                                       # criterion reasons
    assert "first person: 3" in text and "named: Northfield Housing" in text         # signals
    assert "It does not grade the work" in text and "the assessor makes every decision" in text
    decisions = assessor[assessor.index('id="decisions"'):assessor.index("</section>", assessor.index('id="decisions"'))]
    assert decisions.count('class="blank-cell"') == 2 * 8
    assert "Assessor decision" in decisions and "Comments" in decisions


def test_excluded_parts_say_why(learner):
    text = " ".join(outline(learner).text)
    for why in ("headings are not counted", "tables are not counted", "reference lists are not counted",
                "appendices are not counted", "the contents page is not counted"):
        assert f"Not counted: {why}" in text
    assert '<td>Train six coaches</td>' in learner                          # tables render as tables


def test_word_count_section(learner):
    section = learner[learner.index('id="word-count"'):learner.index('id="references"')]
    assert 'role="img"' in section and "<title" in section and "<desc" in section
    assert "2,480" in section and "3,000" in section and "2,700" in section and "3,850" in section
    assert "Your cover declares 3,000 words, which does not match" in " ".join(outline(section).text)
    assert "AC 3.2: 0 words" in section and "No AC: 10 words" in section


def test_references_and_flags(learner):
    text = " ".join(outline(learner).text)
    assert "Whitmore (2017)" in text and "Schein, E. (2010)" in text
    assert "Kotter (1995): a reference by this author has a different year" in text
    assert "'citation'" not in learner and "{&#39;" not in learner          # items read as text, not as data
    assert "Copied from the unit guidance" in text and "Declared word count differs" in text
    assert "tracked changes were accepted" in text


def test_hostile_text_is_inert():
    for audience in ("learner", "assessor"):
        page = render(audience, hostile_report(), branding={"centre_name": XSS["script"]})
        assert page.count("<script") == 1
        assert "<img src=x" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert 'href="javascript' not in page.lower()
        text = " ".join(outline(page).text)
        assert "{{ 7*7 }}" in text and "49" not in text


def test_highlight_escapes_then_wraps():
    out = highlight("<b>Coaching</b> & mentoring <script>", ["coaching", "script"])
    assert isinstance(out, Markup)
    assert out == "&lt;b&gt;<mark>Coaching</mark>&lt;/b&gt; &amp; mentoring &lt;<mark>script</mark>&gt;"
    assert highlight("a+b (c)", ["a+b", "(c"]) == "<mark>a+b</mark> (<mark>c</mark>)"   # no regex injection
    assert highlight("x < y", []) == "x &lt; y"
    assert "<mark>human resources</mark>" in highlight("In human resources work", ["human resource"])


def test_terms_and_excerpts():
    block = {"reasons": ["shares with 1.1: development, human resource", "shares with 2.2: team"]}
    assert criterion_terms(block, "1.1", "") == ["development", "human resource"]
    assert criterion_terms({}, "1.1", "Describe the role of mentoring") == ["role", "mentoring"]
    long = " ".join(["filler"] * 100 + ["coaching"] + ["tail"] * 100)
    cut = excerpt(long, ["coaching"], limit=30)
    assert cut.startswith("… ") and cut.endswith(" …") and "coaching" in cut and len(cut.split()) == 32


def test_gauge_geometry():
    band = {"min": 3000, "max": 3500, "margin": 0.1, "lower_limit": 2700, "upper_limit": 3850}
    gauge = word_gauge({"counted": 3200, "band": band})
    assert gauge["zone"] == "within"
    xs = [z["x"] for z in gauge["zones"]]
    assert xs == sorted(xs) and all(z["w"] >= 0 for z in gauge["zones"])
    assert gauge["zones"][2]["x"] <= gauge["x"] <= gauge["zones"][2]["x"] + gauge["zones"][2]["w"]
    assert word_gauge({"counted": 10_000, "band": band})["zone"] == "above"
    assert word_gauge({"counted": 2800, "band": band})["zone"] == "low_margin"


def test_missing_glossary_and_sparse_report_are_tolerated():
    sparse = {"file": "x.txt", "unit": {"number": "9901", "title": "T", "level": 7},
              "criteria": [{"id": "1.1", "text": "Analyse the purpose", "status": "missing"}],
              "blocks": [{"id": "b0", "kind": "paragraph", "text": "Hello."}]}
    page = render_report(sparse, sample_unit(), "assessor", glossary={})
    assert "no definition in the verb glossary" in page and "No word count is available" in page
    page = render_report(sample_report(), sample_unit(), "learner")   # the shipped glossary, whatever its state
    assert "Your next steps" in page


def test_level5_unit_without_guidance_falls_back_on_the_glossary():
    unit = {**sample_unit(), "level": 5, "guidance": [], "theories": []}
    page = render_report(sample_report(), unit, "learner", glossary=GLOSSARY)
    card = page[page.index('id="ac-3-2"'):page.index('id="ac-3-3"')]
    assert "To evaluate well, include: strengths and limitations" in card
    assert "Consider using" not in card and "Support your points with a recognised model" not in card


def test_render_html_takes_an_analysis():
    analysis = SimpleNamespace(to_dict=sample_report, unit=SimpleNamespace(to_dict=sample_unit))
    assert "northfield-team-coaching.docx" in render_html(analysis, audience="assessor")


def test_unknown_audience():
    with pytest.raises(ValueError):
        render("tutor")


def test_branding_file(tmp_path):
    (tmp_path / "logo.png").write_bytes(PNG)
    overrides = tmp_path / "tpl" / "partials"
    overrides.mkdir(parents=True)
    (overrides / "prescreen.txt.j2").write_text("Riverside pre-screen wording {{ view.unit.number }}.")
    config = tmp_path / "branding.yaml"
    config.write_text('centre_name: Riverside College\nlogo_path: logo.png\naccent_colour: "#ffcc00"\n'
                      "template_dir: tpl\n")
    branding = load_branding(config)
    page = render(branding=branding)
    assert "Riverside College" in page and "data:image/png;base64," in page
    assert 'alt="Riverside College logo"' in page
    assert "--accent: #ffcc00" in page and "--on-accent: #000000" in page     # dark text on a light accent
    assert "Riverside pre-screen wording 9901." in page


@pytest.mark.parametrize("content, message", [
    ('accent_colour: "red; background: url(x)"', "accent_colour"),
    ("centre: Typo", "unknown branding field"),
    ("logo_path: missing.png", "cannot be read"),
    ("logo_path: big.png", "the limit is"),
    ("logo_path: notes.txt", "not a PNG"),
    ("template_dir: nowhere", "is not a folder"),
])
def test_branding_file_errors(tmp_path, content, message):
    (tmp_path / "big.png").write_bytes(PNG + b"\0" * 300_000)
    (tmp_path / "notes.txt").write_text("not an image")
    config = tmp_path / "branding.yaml"
    config.write_text(content + "\n")
    with pytest.raises(InvalidSpec, match=message):
        load_branding(config)
