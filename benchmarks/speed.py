"""Speed of one check: warm (in-process, after start-up) and cold (a new `checker check` process),
compared with a cold blank spaCy pipeline on the same text, measured in the same run.

    python benchmarks/speed.py [FILE] [--unit 7015V1] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(ROOT / "samples" / "l7-7015-signposted.docx"))
    parser.add_argument("--unit", default="7015V1")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from checker.analysis import Settings, run_check
    from checker.readers import read_submission
    from checker.units import UnitLibrary

    unit = UnitLibrary.load().get(args.unit)
    run_check(args.file, unit, Settings())                      # start-up: load spaCy, models
    warm = []
    from checker import nlp

    for _ in range(args.runs):
        nlp._content_terms.cache_clear()      # as if each run were a new document: nothing of it cached
        started = time.perf_counter()
        analysis = run_check(args.file, unit, Settings())
        warm.append(time.perf_counter() - started)
    words = analysis.word_count["counted"]

    text = "\n\n".join(b.text for b in read_submission(args.file).blocks)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(text)
    baseline_cmd = [sys.executable, "-c",
                    f"import spacy; spacy.blank('en')(open({handle.name!r}).read())"]
    check_cmd = [sys.executable, "-m", "checker", "check", args.file, "--unit", args.unit, "--format", "json"]
    baseline, cold = [], []
    for _ in range(args.runs):                                   # interleaved, so load affects both alike
        baseline.append(timed(baseline_cmd))
        cold.append(timed(check_cmd))
    Path(handle.name).unlink()
    b, c = statistics.median(baseline), statistics.median(cold)
    print(f"file: {Path(args.file).name} ({words} counted words)")
    print(f"warm check, in process (median of {args.runs}): {statistics.median(warm):.3f} s")
    print(f"cold blank spaCy on the same text (median):   {b:.3f} s")
    print(f"cold `checker check` (median):                {c:.3f} s")
    print(f"ratio cold check / cold spaCy:                {c / b:.2f}")


if __name__ == "__main__":
    main()
