"""The type checker passes over src/painlog: a wrong type in a call fails here, not in use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_is_clean():
    """mypy with pyproject.toml's [tool.mypy] settings (its files, its per-module overrides).

    No cache is written (``--cache-dir=/dev/null``): the suite leaves nothing behind, and the
    four frozen-moment runs of .ci/run never share a half-written cache; a cold run takes
    seconds.
    """
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir=/dev/null", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
