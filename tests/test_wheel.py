"""A plain (non-editable) wheel carries models/ and templates/ and works from any folder."""

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("checker-*.whl"))


def test_wheel_contains_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "checker/_data/models/units/7015V1.yaml" in names
    assert "checker/_data/models/verbs.yaml" in names
    assert any(n.startswith("checker/_data/templates/") for n in names)


def test_installed_wheel_runs_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    # Reuse this environment's dependencies instead of downloading them again.
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([str(venv / "bin" / "checker"), "unit", "7015V1"], cwd=elsewhere,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Coaching and mentoring within organisational culture" in result.stdout
    origin = subprocess.run([str(py), "-c", "import checker.resources as r; print(r.models_dir())"],
                            cwd=elsewhere, capture_output=True, text=True)
    assert "site-packages" in origin.stdout
