"""Every labelled sample in every format: does the reader change the result?

    python benchmarks/formats.py            # renders samples/src/*.yaml six ways into a temporary folder

Each sample is rendered to .docx, .pdf, .odt, .rtf, .txt and .md by samples/build.py and checked
against its gold file. Where LibreOffice is installed (`soffice`), each .docx is also converted to PDF
by it ("pdf-lo"), as a word processor writes PDFs: bullets at tab stops, tables close to the text. Reports, per format, the paragraph accuracy and how many word counts are exact,
lists every sample and format whose word count is not the gold count, and lists any sample whose
accuracy differs between formats by more than 0.05.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("docx", "pdf", "odt", "rtf", "txt", "md")


def word_processor_pdfs(out: Path) -> list[str]:
    """Convert each rendered .docx to PDF with LibreOffice, beside it as '<sample>--pdf-lo.pdf'."""
    soffice = shutil.which("soffice")
    if not soffice:
        return []
    converted = out / "lo"
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(converted),
                    *map(str, sorted(out.glob("*--docx.docx")))], check=True, capture_output=True)
    for pdf in converted.glob("*.pdf"):
        sample = pdf.stem.rsplit("--", 1)[0]
        gold = json.loads((out / f"{sample}--docx.gold.json").read_text(encoding="utf-8"))
        (out / f"{sample}--pdf-lo.gold.json").write_text(json.dumps(dict(gold, format="pdf")), encoding="utf-8")
        pdf.rename(out / f"{sample}--pdf-lo.pdf")
    return ["pdf-lo"]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from checker.evaluate import evaluate
    from checker.units import UnitLibrary

    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        src.mkdir()
        for path in sorted((ROOT / "samples" / "src").glob("*.yaml")):
            sample = yaml.safe_load(path.read_text(encoding="utf-8"))
            for fmt in FORMATS:
                variant = dict(sample, id=f"{sample['id']}--{fmt}", format=fmt)
                (src / f"{variant['id']}.yaml").write_text(yaml.safe_dump(variant, allow_unicode=True, sort_keys=False),
                                                          encoding="utf-8")
        subprocess.run([sys.executable, str(ROOT / "samples" / "build.py"), "--src", str(src), "--out", str(out)],
                       check=True, capture_output=True)
        formats = FORMATS + tuple(word_processor_pdfs(out))
        _, results, skipped = evaluate(out, UnitLibrary.load())
    by_format: dict[str, list] = defaultdict(list)
    by_sample: dict[str, dict[str, float]] = defaultdict(dict)
    for r in results:
        sample, fmt = r.id.rsplit("--", 1)
        by_format[fmt].append(r)
        by_sample[sample][fmt] = r.exact / r.blocks if r.blocks else 1.0
    print(f"{'format':<8}{'samples':>8}{'paragraph accuracy':>20}{'word counts exact':>19}")
    for fmt in formats:
        rs = by_format[fmt]
        accuracy = sum(r.exact for r in rs) / max(sum(r.blocks for r in rs), 1)
        exact = sum(r.words_gold == r.words_counted for r in rs)
        print(f"{fmt:<8}{len(rs):>8}{accuracy:>20.3f}{exact:>12} of {len(rs)}")
    for r in sorted(results, key=lambda r: r.id):
        if r.words_gold != r.words_counted:
            sample, fmt = r.id.rsplit("--", 1)
            print(f"word count differs: {sample} {fmt} {r.words_counted} (gold {r.words_gold})")
    spread = {s: m for s, m in by_sample.items() if max(m.values()) - min(m.values()) > 0.05}
    for sample, scores in sorted(spread.items()):
        print(f"differs by format: {sample} " + ", ".join(f"{f} {a:.2f}" for f, a in sorted(scores.items())))
    for line in skipped:
        print(f"skipped {line}")


if __name__ == "__main__":
    main()
