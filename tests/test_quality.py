"""The code stays lint-clean and formatted: part of the one test command CI runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args: str) -> subprocess.CompletedProcess:
    executable = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    return subprocess.run([executable, *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")])
def test_ruff(args):
    result = ruff(*args)
    assert result.returncode == 0, result.stdout + result.stderr


def test_layers_and_no_import_circles():
    """The import-linter contracts in pyproject.toml: an upward import or a circle fails here."""
    executable = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [executable, "--no-cache"], cwd=ROOT, capture_output=True, text=True, env=_env()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout, result.stdout


def _env() -> dict[str, str]:
    import os

    # lint-imports finds painlog on the path: the source tree, whichever venv runs the tests.
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_add_imports_only_its_own_command_module(tmp_path):
    """The commands are built lazily: `painlog add` pays for add, not for report or import;
    opening a current plain journal loads neither encryption nor migrations, and a pain entry
    not the name resolver. The collector is paused for start-up only: the command runs with it."""
    script = (
        "import gc, sys\n"
        "from painlog.cli import main\n"
        "import painlog.journal.entries as entries\n"
        "made = entries.make_entry\n"
        "seen = []\n"
        "def watched(*args, **kwargs):\n"
        "    seen.append(gc.isenabled())\n"
        "    return made(*args, **kwargs)\n"
        "entries.make_entry = watched\n"
        f"sys.argv = ['painlog', '--db', {str(tmp_path / 'j.db')!r}, 'add', 'pain', '5']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('painlog.'))\n"
        "print(' '.join(loaded), 'collecting' if seen == [True] else 'paused', file=sys.stderr)\n"
    )

    def add() -> set[str]:
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=_env()
        )
        assert "Added pain 5/10" in result.stdout, result.stderr
        return set(result.stderr.split())

    add()  # creates the journal (its migrations run)
    loaded = add()
    assert "painlog.cli.journal" in loaded
    assert not loaded & {f"painlog.cli.{m}" for m in ("insight", "clinic", "plan", "files")}
    unneeded = ("store.cipher", "store.migrations", "store.backup", "journal.names")
    assert not loaded & {f"painlog.{m}" for m in unneeded}
    assert "collecting" in loaded
