"""`checker batch --scheduler`: the per-submission work on a Dask distributed cluster (a LocalCluster of
two worker processes here) gives the same outputs, resumability and error rows as the local pool."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the cluster tests need Dask: pip install 'checker[cluster]'")

from checker.cohort.synthetic import Generator, paragraphs  # noqa: E402
from checker.units import UnitLibrary  # noqa: E402
from conftest import run_cli  # noqa: E402

UNIT = UnitLibrary.load().get("7015V1")


def _rows(out: Path) -> dict[str, dict]:
    data = json.loads((out / "cohort.json").read_text(encoding="utf-8"))
    return {r["key"]: r for r in data["submissions"]}, data


def _comparable(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("seconds",)}


def _loaded_on_workers() -> bool:
    return "checker.cohort.worker" in sys.modules


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_a_dask_cluster_gives_the_same_outputs_as_the_local_pool(tmp_path, cluster):
    inputs = tmp_path / "in"
    inputs.mkdir()
    generator = Generator(21, [UNIT])
    texts = [generator.submission(UNIT, name) for name in ("Ann", "Ben", "Cat")]
    texts.append(generator.submission(UNIT, "Dan", shared=paragraphs(texts[1])[2:4]))
    for name, text in zip(["ann.md", "ben.md", "-cat.md", "dan copy.md"], texts):
        (inputs / name).write_text(text, encoding="utf-8")
    (inputs / "broken.docx").write_bytes(b"PK\x03\x04 broken")

    local = run_cli("batch", str(inputs), "--unit", "7015V1", "--out", str(tmp_path / "local"), "--jobs", "2",
                    "--cohort", "2025")
    assert local.returncode == 0, local.stderr
    remote = run_cli("batch", str(inputs), "--unit", "7015V1", "--out", str(tmp_path / "dask"),
                     "--scheduler", cluster.scheduler_address, "--cohort", "2025")
    assert remote.returncode == 0, remote.stderr

    with distributed.Client(cluster.scheduler_address) as client:
        assert all(client.run(_loaded_on_workers).values())                # both workers did checks
    local_rows, local_data = _rows(tmp_path / "local")
    dask_rows, dask_data = _rows(tmp_path / "dask")
    assert {k: _comparable(r) for k, r in dask_rows.items()} == {k: _comparable(r) for k, r in local_rows.items()}
    assert dask_rows["broken.docx"]["status"] == "error" and dask_rows["broken.docx"]["exit_code"] == 4
    assert dask_data["similarity"]["pairs"] == local_data["similarity"]["pairs"]
    assert [(p["a"], p["b"]) for p in dask_data["similarity"]["pairs"]] == [("ben.md", "dan copy.md")]
    for key, row in local_rows.items():
        if row["status"] == "ok":
            assert (tmp_path / "dask" / row["json"]).read_text() == (tmp_path / "local" / row["json"]).read_text()
            assert (tmp_path / "dask" / row["report"]).is_file()

    state = tmp_path / "dask" / "batch-state.jsonl"                         # resume on the cluster
    lines = state.read_text(encoding="utf-8").splitlines()
    state.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    again = run_cli("batch", str(inputs), "--unit", "7015V1", "--out", str(tmp_path / "dask"),
                    "--scheduler", cluster.scheduler_address)
    assert again.returncode == 0, again.stderr
    summary = _rows(tmp_path / "dask")[1]["summary"]
    assert (summary["checked"], summary["unchanged"], summary["errors"]) == (1, 3, 1)


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.md").write_text("Some words.", encoding="utf-8")
    result = run_cli("batch", str(inputs), "--unit", "7015V1", "--out", str(tmp_path / "o"),
                     "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode == 2 and "cannot reach the Dask scheduler" in result.stderr
