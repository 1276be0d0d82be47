"""Generated cohorts for tests, benchmarks and demonstrations: varied, plausible-looking submissions.

Text comes from a word-bigram walk over the labelled samples' own prose (`samples/src/*.yaml`, when
present) and the unit's wording, with frequent restarts so that two generated submissions share no
long passages by chance. Submissions are signposted by criterion ("AC 1.1 …"), cite from a common
pool of references, and can be made to share paragraphs (collusion) on request.
"""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import yaml

from ..units import Unit

SAMPLES_SRC = Path(__file__).resolve().parents[2] / "samples" / "src"
REFERENCES = [
    ("Whitmore", "2017", "Whitmore, J. (2017) Coaching for Performance. 5th edn. London: Nicholas Brealey."),
    ("Kotter", "1996", "Kotter, J.P. (1996) Leading Change. Boston: Harvard Business School Press."),
    ("Schein", "2010",
     "Schein, E.H. (2010) Organizational Culture and Leadership. 4th edn. San Francisco: Jossey-Bass."),
    ("Clutterbuck", "2014", "Clutterbuck, D. (2014) Everyone Needs a Mentor. 5th edn. London: CIPD."),
    ("Hawkins", "2012", "Hawkins, P. (2012) Creating a Coaching Culture. Maidenhead: Open University Press."),
    ("Kolb", "1984", "Kolb, D.A. (1984) Experiential Learning. Englewood Cliffs: Prentice Hall."),
    ("Johnson and Scholes", "2008",
     "Johnson, G. and Scholes, K. (2008) Exploring Corporate Strategy. 8th edn. Harlow: Pearson."),
    ("Passmore", "2015", "Passmore, J. (2015) Excellence in Coaching. 3rd edn. London: Kogan Page."),
    ("Mintzberg", "2009", "Mintzberg, H. (2009) Managing. Harlow: Pearson."),
    ("CIPD", "2021", "CIPD (2021) Coaching and Mentoring Factsheet. London: CIPD."),
    ("Megginson and Clutterbuck", "2005",
     "Megginson, D. and Clutterbuck, D. (2005) Techniques for Coaching and Mentoring. Oxford: Elsevier."),
    ("Hersey and Blanchard", "1969",
     "Hersey, P. and Blanchard, K. (1969) Management of Organizational Behavior. Englewood Cliffs: Prentice Hall."),
]
FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ellie", "Farhan", "Grace", "Harry", "Isla", "Jack", "Kiran", "Leah",
         "Mo", "Niamh", "Owen", "Priya", "Rhys", "Sara", "Tom", "Uma", "Vik", "Wren", "Yusuf", "Zoe"]
LAST = ["Patel", "Jones", "Smith", "O'Neill", "Khan", "Williams", "Brown", "Evans", "Taylor", "Murphy", "Hughes",
        "Ahmed", "Clarke", "Wright", "Walsh", "Thomas", "Roberts", "Lewis", "Hall", "Young"]


@cache
def _sample_prose() -> tuple[str, ...]:
    texts = []
    if SAMPLES_SRC.is_dir():
        for path in sorted(SAMPLES_SRC.glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            texts += [b["text"] for b in data.get("blocks", []) if b.get("kind") == "paragraph" and b.get("text")]
    return tuple(texts)


class Generator:
    """Deterministic text for a seed: `Generator(seed).submission(unit, learner)` gives a Markdown text."""

    def __init__(self, seed: int = 0, units: list[Unit] = ()):
        self.rng = random.Random(seed)
        texts = list(_sample_prose())
        for unit in units:
            texts += [c.text for c in unit.criteria] + [g.text for g in unit.guidance]
        words = [w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z'’-]*|\d+%?", text)]
        if len(words) < 50:
            words += "the team and I managed change with care because the staff needed support".split() * 5
        self.words = [w.lower() if not w.isupper() else w for w in words]
        self.cited = REFERENCES
        self.after: dict[str, list[str]] = {}
        for a, b in zip(self.words, self.words[1:]):
            self.after.setdefault(a, []).append(b)

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def sentence(self, topic: list[str]) -> str:
        rng, length = self.rng, self.rng.randint(12, 26)
        word = rng.choice(self.words)
        out = [word]
        while len(out) < length:
            if topic and rng.random() < 0.12:
                word = rng.choice(topic)
            elif rng.random() < 0.45 or word not in self.after:
                word = rng.choice(self.words)
            else:
                word = rng.choice(self.after[word])
            out.append(word)
        if rng.random() < 0.15:
            author, year, _ = rng.choice(self.cited)
            out.insert(rng.randrange(1, len(out)), f"({author}, {year})")
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, words: int, topic: list[str]) -> str:
        sentences, count = [], 0
        while count < words - 9:
            sentence = self.sentence(topic)
            sentences.append(sentence)
            count += len(sentence.split())
        return " ".join(sentences)

    def body(self, unit: Unit, words: int, omit: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """(heading, paragraph) pairs: an introduction, one section per criterion, a conclusion."""
        criteria = [c for c in unit.criteria if c.id not in omit]
        share = words // (len(criteria) + 2)
        parts = [("Introduction", self.paragraph(share, []))]
        for c in criteria:
            topic = re.findall(r"[a-z]{4,}", (c.text + " " + " ".join(unit.guidance_for(c.id))).lower())
            first = self.rng.randint(share // 3, 2 * share // 3)
            parts.append((f"AC {c.id} {c.text[:70]}", self.paragraph(first, topic)))
            parts.append(("", self.paragraph(share - first, topic)))
        parts.append(("Conclusion", self.paragraph(share, [])))
        return parts

    def submission(self, unit: Unit, learner: str | None = None, words: int | None = None,
                   omit: tuple[str, ...] = (), shared: list[str] = ()) -> str:
        """A Markdown submission of about `words` words (default 3,000–3,500). Paragraphs in `shared`
        replace body paragraphs, in order, from the second section on (to plant collusion)."""
        learner = learner or self.name()
        words = words or self.rng.randint(3050, 3450)
        self.cited = refs = sorted(self.rng.sample(REFERENCES, 6), key=lambda r: r[2])
        parts = self.body(unit, words, omit)
        for n, text in enumerate(shared):
            heading, _ = parts[min(2 + 2 * n, len(parts) - 2)]
            parts[min(2 + 2 * n, len(parts) - 2)] = (heading, text)
        lines = [f"CMI Level {unit.level} assignment", f"Unit {unit.number}: {unit.title}", f"Learner: {learner}",
                 f"Word count: {words:,}", "---"]
        for heading, text in parts:
            if heading:
                lines.append(f"## {heading}")
            lines.append(text)
        lines.append("## References")
        lines += [r[2] for r in refs]
        return "\n\n".join(lines) + "\n"


def paragraphs(markdown: str) -> list[str]:
    """The body paragraphs of a generated submission (to copy into another, for collusion tests)."""
    chunks = [c for c in markdown.split("\n\n") if c and not c.startswith(("#", "---"))]
    return [c for c in chunks
            if len(c.split()) > 30 and "(" not in c[:40] and not re.match(r"^[A-Z][a-z]+, [A-Z]\.", c)]


def write_docx(markdown: str, path: Path) -> Path:
    """The same submission as a Word document, with real heading styles."""
    import docx

    document = docx.Document()
    for chunk in markdown.split("\n\n"):
        chunk = chunk.strip()
        if not chunk or chunk == "---":
            continue
        if chunk.startswith("## "):
            document.add_heading(chunk[3:], level=1)
        else:
            document.add_paragraph(chunk)
    document.save(str(path))
    return path


def write_cohort(folder: Path, units: list[Unit], count: int, seed: int = 0, docx_share: float = 0.0,
                 assessors: int = 3, colluders: int = 0) -> Path:
    """Write `count` generated submissions into `folder` with a manifest (`manifest.csv`): learner,
    assessor, decision, date, centre and method. The first `colluders` pairs share two paragraphs."""
    import csv

    rng = random.Random(seed)
    generator = Generator(seed, units)
    folder.mkdir(parents=True, exist_ok=True)
    rows, texts = [], []
    for i in range(count):
        unit = units[i % len(units)]
        shared = paragraphs(texts[i - 1])[2:4] if i % 2 == 1 and i // 2 < colluders else []
        learner = f"{generator.name()} {i:04d}"
        text = generator.submission(unit, learner, shared=shared)
        texts.append(text)
        name = f"{i:04d} {learner}.{'docx' if rng.random() < docx_share else 'md'}"
        if name.endswith(".docx"):
            write_docx(text, folder / name)
        else:
            (folder / name).write_text(text, encoding="utf-8")
        rows.append({"file": name, "unit": unit.number, "learner": learner, "assessor": f"Assessor {i % assessors + 1}",
                     "decision": "pass" if rng.random() < 0.8 else "refer",
                     "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     "centre": rng.choice(["Leeds", "York"]), "method": "written assignment"})
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def assessed_rows(count: int, units: list[Unit], seed: int = 0, assessors: int = 5,
                  methods: tuple[str, ...] = ("written assignment", "professional discussion"),
                  locations: tuple[str, ...] = ("Leeds", "York", "Hull")) -> list[dict]:
    """Rows shaped like `checker batch` results for assessed submissions, without checking anything:
    for sampling tests and demonstrations. Statuses, word counts and decisions are random but seeded."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        unit = rng.choice(units)
        statuses = {c.id: "shallow" if rng.random() < 0.05 else "evidenced" for c in unit.criteria}
        gaps = rng.random() < 0.12
        for ac in rng.sample(sorted(statuses), rng.randint(1, 2)) if gaps else []:
            statuses[ac] = rng.choice(["weak", "missing"])
        words = int(rng.gauss(3250, 130))
        low, high = 3000, 3500
        status = "under" if words < low else "over" if words > high else "within"
        missing = [a for a, s in statuses.items() if s == "missing"]
        weak = [a for a, s in statuses.items() if s == "weak"]
        shallow = [a for a, s in statuses.items() if s == "shallow"]
        rows.append({
            "key": f"submissions/{i:04d}.docx", "file": f"submissions/{i:04d}.docx",
            "learner": f"Learner {i:04d}", "unit": unit.number, "assessor": f"Assessor {rng.randrange(assessors) + 1}",
            "decision": "pass" if rng.random() < (0.3 if gaps else 0.95) else "refer",
            "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "centre": rng.choice(locations), "meta": {"method": rng.choice(methods)},
            "status": "ok", "error": "", "exit_code": 0, "words": words, "band_status": status,
            "band_distance": low - words if status == "under" else words - high if status == "over" else 0,
            "band_min": low, "band_max": high, "band_lower": 2700, "band_upper": 3850,
            "criteria_total": len(statuses), "evidenced": sum(s in ("evidenced", "shallow") for s in statuses.values()),
            "criteria": statuses, "missing": missing, "weak": weak, "shallow": shallow,
            "at_risk": sorted(set(missing + weak + shallow)), "flags": [], "similar": [],
            "report": f"reports/{i:04d}.html"})
    return rows
