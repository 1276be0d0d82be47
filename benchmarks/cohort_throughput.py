"""Throughput and memory of `checker batch` on a generated cohort of submissions of 3,000–3,500 words.

    python benchmarks/cohort_throughput.py [--n 1000] [--docx-share 0.5] [--jobs 1,0] [--also 250]

Each run is a new `checker batch` process (as a user runs it); its whole process tree (parent and
workers) is sampled for resident memory every 0.2 s. `--jobs 0` means every core. `--also` adds runs on
the first N submissions with every core, to show how the parent's memory grows with the cohort. A
final run repeats the all-cores batch to time a resume in which nothing has changed.

Columns: "checking" is the parallel part (reading, hashing and checking every file, writing its reports);
"similarity" the comparison between submissions; "the rest" the remainder of the wall time: starting
Python and loading the units, listing the submissions, and writing the cohort page, CSV and JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def tree_rss(pid: int) -> tuple[int, int]:
    """(whole tree, parent alone) resident memory in bytes."""
    import psutil

    try:
        parent = psutil.Process(pid)
        procs = [parent, *parent.children(recursive=True)]
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total, parent.memory_info().rss
    except psutil.Error:
        return 0, 0


def run_batch(source: Path, out: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "checker", "batch", str(source), "--unit", "7015V1", "--out", str(out),
           "--no-progress"] + (["--jobs", str(jobs)] if jobs else [])
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = {"tree": 0, "parent": 0}

    def sample() -> None:
        while proc.poll() is None:
            tree, parent = tree_rss(proc.pid)
            peak["tree"], peak["parent"] = max(peak["tree"], tree), max(peak["parent"], parent)
            time.sleep(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - started
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}): {err[-2000:]}")
    data = json.loads((out / "cohort.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"wall_s": wall, "peak_tree_mb": peak["tree"] / 2**20, "peak_parent_mb": peak["parent"] / 2**20,
            "summary": data["summary"], "timings": data["timings"], "similarity": data["similarity"]["stats"],
            "output_mb": size / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--docx-share", type=float, default=0.5)
    parser.add_argument("--jobs", default="1,0", help="comma-separated job counts; 0 = every core")
    parser.add_argument("--also", default="250", help="smaller cohorts to run with every core (comma-separated)")
    parser.add_argument("--keep", help="keep the generated cohort and outputs in this folder")
    args = parser.parse_args()

    from checker.cohort.synthetic import write_cohort
    from checker.units import UnitLibrary

    work = Path(args.keep or tempfile.mkdtemp(prefix="checker-bench-"))
    source = work / "submissions"
    unit = UnitLibrary.load().get("7015V1")
    if not (source / "manifest.csv").exists():
        started = time.perf_counter()
        write_cohort(source, [unit], args.n, seed=2024, docx_share=args.docx_share, colluders=5)
        print(f"generated {args.n:,} submissions in {time.perf_counter() - started:.0f} s ({source})")
    words = []
    cores = len(os.sched_getaffinity(0))
    print(f"machine: {cores} cores, Python {sys.version.split()[0]}\n")
    results = []
    for jobs in [int(j) for j in args.jobs.split(",")]:
        out = work / f"out-jobs{jobs or cores}"
        shutil.rmtree(out, ignore_errors=True)
        results.append((f"{args.n:,} submissions, --jobs {jobs or cores}", run_batch(source, out, jobs)))
        if not words:
            rows = json.loads((out / "cohort.json").read_text(encoding="utf-8"))["submissions"]
            words = [r["words"] for r in rows if r["status"] == "ok"]
    last = work / f"out-jobs{cores}"
    results.append((f"{args.n:,} submissions, resume, nothing changed", run_batch(source, last, 0)))
    for size in [int(s) for s in args.also.split(",") if s]:
        subset = work / f"first-{size}"
        shutil.rmtree(subset, ignore_errors=True)
        subset.mkdir()
        for path in sorted(source.iterdir())[:size]:
            os.link(path, subset / path.name)
        out = work / f"out-first-{size}"
        shutil.rmtree(out, ignore_errors=True)
        results.append((f"{size:,} submissions, --jobs {cores}", run_batch(subset, out, 0)))

    print(f"counted words per submission: {min(words):,}–{max(words):,} (mean {sum(words) / len(words):,.0f})\n")
    print("| run | wall time | submissions/hour | per submission | checking | similarity | the rest "
          "| peak memory (all processes) | peak memory (parent) | outputs |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r in results:
        n = r["summary"]["submissions"]
        rate = n / r["wall_s"] * 3600
        checks, similarity = r["timings"].get("checks_s", 0), r["timings"].get("similarity_s", 0)
        print(f"| {name} | {r['wall_s']:.1f} s | {rate:,.0f} | {r['wall_s'] / n * 1000:.0f} ms "
              f"| {checks:.1f} s | {similarity:.1f} s | {r['wall_s'] - checks - similarity:.1f} s "
              f"| {r['peak_tree_mb']:.0f} MB | {r['peak_parent_mb']:.0f} MB | {r['output_mb']:.0f} MB |")
    sim = results[0][1]["similarity"]
    print(f"\nsimilarity: {sim['candidates']} candidate pairs, {sim['flagged']} flagged "
          f"(5 pairs were planted), {sim['crowded_keys_skipped']} crowded keys skipped")
    print(f"work folder: {work}")


if __name__ == "__main__":
    main()
