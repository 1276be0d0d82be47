"""How the similarity step's cost grows with the size of the cohort, and what an incremental index saves.

    python benchmarks/similarity_scaling.py [--max 4000] [--sizes 250,500,1000,2000,4000]

Fingerprints of generated submissions (3,000–3,500 words; one in fifty copies two paragraphs of another)
are made once, in parallel, then `find_similar` is timed on the first N of them. The growth exponent is
the slope of log(time) against log(N): 1 is linear, 2 is all-pairs. Finally the last quarter is compared
against the first three quarters held in an on-disk index, as a new year would be against earlier ones.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@cache
def _generator():
    from checker.cohort.synthetic import Generator
    from checker.units import UnitLibrary

    unit = UnitLibrary.load().get("7015V1")
    return unit, Generator(0, [unit])


def _text(i: int) -> str:
    from checker.cohort.synthetic import paragraphs

    unit, generator = _generator()
    shared = paragraphs(_text(i - 7))[2:4] if i % 50 == 49 else []
    generator.rng.seed(i)
    return generator.submission(unit, f"Learner {i}", shared=shared)


def make(args: tuple[int, str]) -> str:
    from checker.cohort.shingles import make_fingerprint
    from checker.readers import read_submission

    i, folder = args
    unit, _ = _generator()
    source = Path(folder) / f"{i:05d}.md"
    source.write_text(_text(i), encoding="utf-8")
    target = source.with_suffix(".npz")
    target.write_bytes(make_fingerprint(read_submission(source).blocks, unit).to_bytes())
    source.unlink()
    return str(target)


def rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max", type=int, default=4000)
    parser.add_argument("--sizes", default="250,500,1000,2000,4000")
    args = parser.parse_args()

    from checker.cohort.index import SimilarityIndex
    from checker.cohort.similarity import Doc, collect, find_similar, load_fingerprint

    folder = Path(tempfile.mkdtemp(prefix="checker-sim-"))
    started = time.perf_counter()
    with ProcessPoolExecutor(len(os.sched_getaffinity(0))) as pool:
        paths = list(pool.map(make, [(i, str(folder)) for i in range(args.max)], chunksize=20))
    print(f"fingerprinted {args.max:,} generated submissions in {time.perf_counter() - started:.0f} s "
          f"({sum(Path(p).stat().st_size for p in paths) / args.max / 1024:.0f} KB each)\n")
    docs = [Doc(f"{i:05d}", f"Learner {i}", Path(p), "this", f"{i:05d}") for i, p in enumerate(paths)]

    print("| submissions | time | candidate pairs | flagged | planted found | memory (RSS) |")
    print("|---|---|---|---|---|---|")
    points = []
    for n in [int(s) for s in args.sizes.split(",") if int(s) <= args.max]:
        load_fingerprint.cache_clear()
        started = time.perf_counter()
        pairs, stats = find_similar(docs[:n])
        took = time.perf_counter() - started
        planted = {(f"{i - 7:05d}", f"{i:05d}") for i in range(49, n, 50)}
        found = {(p["a"], p["b"]) for p in pairs}
        points.append((n, took))
        print(f"| {n:,} | {took:.2f} s | {stats['candidates']:,} | {stats['flagged']:,} "
              f"| {len(planted & found)} of {len(planted)} | {rss_mb():.0f} MB |")
    if len(points) >= 2:
        (n0, t0), (n1, t1) = points[0], points[-1]
        print(f"\ngrowth exponent from {n0:,} to {n1:,}: {math.log(t1 / t0) / math.log(n1 / n0):.2f} "
              f"(1 = linear, 2 = all pairs)")

    split = args.max * 3 // 4
    index = SimilarityIndex(folder / "index")
    started = time.perf_counter()
    earlier = docs[:split]
    index.add("earlier", earlier, collect(earlier))
    built = time.perf_counter() - started
    new = docs[split:]
    load_fingerprint.cache_clear()
    started = time.perf_counter()
    pairs, stats = find_similar(new, earlier=SimilarityIndex(folder / "index").earlier("new"))
    took = time.perf_counter() - started
    print(f"\nindex of {split:,} earlier submissions built in {built:.1f} s "
          f"({sum(p.stat().st_size for p in (folder / 'index').rglob('*') if p.is_file()) / 2**20:.0f} MB on disk)")
    print(f"{len(new):,} new submissions compared with it and with each other: {took:.2f} s, "
          f"{stats['candidates']:,} candidates, {stats['flagged']:,} flagged "
          f"({sum(1 for p in pairs if p['b_cohort'] == 'earlier')} with an earlier submission)")
    print(f"work folder: {folder}")


if __name__ == "__main__":
    main()
