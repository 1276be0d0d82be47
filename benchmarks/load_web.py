"""A bounded load test of `checker serve` on loopback.

Starts `checker serve` on a free port of 127.0.0.1 with its own TMPDIR, sends a fixed number of checks
(the bundled samples, in turn: .docx, .pdf, .md, .txt; one in four through the learner's page route,
the rest through the API), a fixed number at a time, and meanwhile asks for the unit list every half
second to show that the server stays responsive while checks run. Then it prints the latency
percentiles, the error count and the temporary files left behind, and stops the server.

    python benchmarks/load_web.py                      # 200 requests, 8 at a time, 2 worker processes
    python benchmarks/load_web.py --requests 50 --concurrency 4 --workers 1

Exit code 0 when every request succeeded and no temporary file was left, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"                      # loopback only, by design
MAX_REQUESTS, MAX_CONCURRENCY = 1000, 32


def payloads() -> list[tuple[str, bytes, str]]:
    """(file name, bytes, unit) for each bundled sample that has a gold file naming its unit."""
    found = []
    for gold in sorted((ROOT / "samples").glob("*.gold.json")):
        unit = json.loads(gold.read_text(encoding="utf-8"))["unit"]
        stem = gold.name[: -len(".gold.json")]
        for suffix in (".docx", ".pdf", ".md", ".txt", ".odt", ".rtf"):
            path = gold.with_name(stem + suffix)
            if path.exists():
                found.append((path.name, path.read_bytes(), unit))
    if not found:
        sys.exit("no samples found in samples/ (run from a source checkout)")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, temp: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "checker", "serve", "--host", HOST, "--port", str(port),
                                 "--workers", str(workers), "--no-access-log", "--max-pending", "64"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(base: str, process: subprocess.Popen, log: Path, timeout: float = 180) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            sys.exit(f"checker serve stopped:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/api/units", timeout=2).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    sys.exit("checker serve did not start in time")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


async def run_load(base: str, total: int, concurrency: int, samples: list) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    probes: list[float] = []
    limit = asyncio.Semaphore(concurrency)
    done = asyncio.Event()

    async with httpx.AsyncClient(base_url=base, timeout=300,
                                 limits=httpx.Limits(max_connections=concurrency + 2)) as client:
        async def one(index: int) -> None:
            name, data, unit = samples[index % len(samples)]
            route = "/check" if index % 4 == 3 else "/api/check"
            async with limit:
                started = time.perf_counter()
                try:
                    answer = await client.post(route, data={"unit": unit}, files={"file": (name, data)})
                    if answer.status_code != 200:
                        errors.append(f"{route} {name}: {answer.status_code} {answer.text[:120]}")
                except httpx.HTTPError as exc:
                    errors.append(f"{route} {name}: {type(exc).__name__}")
                latencies.append(time.perf_counter() - started)

        async def probe() -> None:
            while not done.is_set():
                started = time.perf_counter()
                try:
                    await client.get("/api/units")
                    probes.append(time.perf_counter() - started)
                except httpx.HTTPError:
                    errors.append("GET /api/units failed during the load")
                await asyncio.sleep(0.5)

        watcher = asyncio.create_task(probe())
        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(total)))
        wall = time.perf_counter() - started
        done.set()
        await watcher
    return {"latencies": latencies, "errors": errors, "probes": probes, "wall": wall}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help=f"checks to send (at most {MAX_REQUESTS})")
    parser.add_argument("--concurrency", type=int, default=8, help=f"at a time (at most {MAX_CONCURRENCY})")
    parser.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                        help="worker processes for the server (0: threads)")
    args = parser.parse_args(argv)
    total = max(1, min(args.requests, MAX_REQUESTS))
    concurrency = max(1, min(args.concurrency, MAX_CONCURRENCY))
    samples = payloads()

    folder = Path(tempfile.mkdtemp(prefix="checker-load-"))
    temp, log = folder / "server-tmp", folder / "server.log"
    temp.mkdir()
    port = free_port()
    base = f"http://{HOST}:{port}"
    process = start_server(port, args.workers, temp, log)
    try:
        ready = wait_ready(base, process, log)
        result = asyncio.run(run_load(base, total, concurrency, samples))
        leftover_during = sorted(p.name for p in temp.iterdir())
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    leftover = sorted(p.name for p in temp.iterdir())
    printed = log.read_text(encoding="utf-8", errors="replace")

    lat = [x * 1000 for x in result["latencies"]]
    probes = [x * 1000 for x in result["probes"]] or [0.0]
    print(f"checker serve on {base}: {args.workers} worker process(es), {os.cpu_count()} CPUs; ready in {ready:.1f} s")
    print(f"samples: {', '.join(name for name, _, _ in samples)}")
    print(f"requests: {total}, {concurrency} at a time; wall {result['wall']:.1f} s; "
          f"{total / result['wall']:.2f} checks/s")
    print(f"latency ms: p50 {percentile(lat, .5):.0f}  p90 {percentile(lat, .9):.0f}  p99 {percentile(lat, .99):.0f}  "
          f"mean {statistics.mean(lat):.0f}  max {max(lat):.0f}")
    print(f"GET /api/units while checks ran ({len(result['probes'])} probes) ms: "
          f"p50 {percentile(probes, .5):.1f}  max {max(probes):.1f}")
    print(f"errors: {len(result['errors'])}")
    for line in result["errors"][:10]:
        print(f"  {line}")
    print(f"temporary files left: {len(leftover_during)} after the last answer, {len(leftover)} after stopping")
    tracebacks = printed.count("Traceback")
    print(f"tracebacks in the server log: {tracebacks}")
    ok = not result["errors"] and not leftover and not leftover_during and not tracebacks
    shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
