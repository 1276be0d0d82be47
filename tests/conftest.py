import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m checker` in a new process, as a user would."""
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def cli_json():
    def call(*args: str):
        result = run_cli(*args)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)
    return call
