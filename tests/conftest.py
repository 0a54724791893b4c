from __future__ import annotations

import csv
import hashlib
import io
import os
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from painlog.cli import app

HEADER = "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief"

# pytest-xdist's workers start with COLUMNS=80 and LINES=24 set in their environment (seen here:
# a worker's os.environ has them, a plain run's has not). painlog wraps its closing lines when
# COLUMNS is set, as if at a terminal, so a test would see a terminal that is not there, and
# pass or fail by how it is run. The tests that want a width pass COLUMNS themselves.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)

# "Now" for the whole run, as "2027-03-14T03:30:00 America/New_York" (.ci/run sets it to the
# moments that catch date bugs); unset, the tests run at the real now. No test may depend on
# which: a test takes today from painlog.clock, which this freezes.
NOW_ENV = "PAINLOG_TEST_NOW"


def pytest_sessionfinish(session, exitstatus):
    """Nothing left in the temporary folder: this run's tmp_path folders go when it ends (under
    xdist, the controller removes the base folder its workers' folders are in, after they have
    finished). Only this run's own folder: another pytest running at the same time keeps its."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    base = getattr(factory, "_basetemp", None)
    if base is not None and getattr(factory, "_given_basetemp", None) is None:
        import shutil

        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def private_temporary_folder(tmp_path_factory):
    """What painlog makes in the temporary folder in-process (the demo's journal) goes under
    pytest's own base folder, which ``pytest_sessionfinish`` below removes when the run ends:
    the suite leaves nothing behind. (TMPDIR is left alone: the tests that run Python as
    another user need a temporary folder that user can reach, and clean up after themselves.)"""
    import tempfile

    folder = tmp_path_factory.mktemp("tmp")
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)
    yield folder
    tempfile.tempdir = saved


@pytest.fixture(scope="session", autouse=True)
def frozen_now():
    moment = os.environ.get(NOW_ENV)
    if not moment:
        yield None
        return
    from zoneinfo import ZoneInfo

    import time_machine

    when, _, zone = moment.partition(" ")
    destination = datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(zone or "UTC"))
    # tick=True: time moves on from there, so "now" still orders events; time-machine moves the
    # process's time zone too (TZ and tzset), so local offsets and DST are the frozen zone's.
    with time_machine.travel(destination, tick=True):
        yield destination


class Painlog:
    """Runs painlog commands against one tmp_path journal, as a person would type them."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, env: dict | None = None):
        return self.runner.invoke(app, ["--db", str(self.db), *args], input=input, env=env)

    def ok(self, *args: str, input: str | None = None, env: dict | None = None):
        result = self(*args, input=input, env=env)
        assert result.exit_code == 0, (result.output, result.stderr)
        return result

    def json(self, *args: str):
        import json

        return json.loads(self.ok(*args, "--json").stdout)

    def fingerprint(self) -> str:
        """Every byte of the journal and its WAL: 'unchanged' means this is equal."""
        digest = hashlib.sha256()
        for suffix in ("", "-wal"):
            path = Path(str(self.db) + suffix)
            digest.update(path.read_bytes() if path.exists() else b"<none>")
        return digest.hexdigest()

    def import_rows(self, rows: Sequence[Sequence[object]], tmp: Path) -> None:
        """Build a journal the way users move data: a CSV file through 'painlog import'."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADER.split(","))
        for row in rows:
            writer.writerow(["" if cell is None else cell for cell in row])
        path = tmp / f"rows-{len(list(tmp.iterdir()))}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        self.ok("import", str(path))


@pytest.fixture
def painlog(tmp_path: Path) -> Painlog:
    return Painlog(tmp_path / "journal.db")


def row(kind: str, at: str, value: object = None, **fields: object) -> list[object]:
    """A CSV row in SPEC.md column order."""
    cells: dict[str, object] = {"kind": kind, "at": at, "value": value, **fields}
    return [cells.get(column) for column in HEADER.split(",")]


@pytest.fixture
def make_rows() -> Callable[..., list[object]]:
    return row


# The passphrase the encrypted sync tests use (and no passphrase for exports).
SECRET = {"PAINLOG_PASSPHRASE": "correct horse battery", "PAINLOG_EXPORT_PASSPHRASE": ""}


def encrypted_and_joined(tmp_path: Path) -> tuple[Painlog, Path]:
    """A journal with one note, encrypted with ``SECRET`` and joined to ``tmp_path/Sync``
    (the tests need sqlcipher3: call ``pytest.importorskip`` first)."""
    journal = Painlog(tmp_path / "a.db")
    journal.ok("add", "note", "seed", env=SECRET)
    journal.ok("encrypt", env=SECRET)
    folder = tmp_path / "Sync"
    journal.ok("sync", str(folder), env=SECRET)
    return journal, folder


def screen_table(stdout: str, title: str) -> list[str]:
    """The lines of the table titled ``title`` on a screen: from its title to the blank line
    after its rows (the summary's per-name tables)."""
    lines = stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if title in line)
    end = next(index for index in range(start + 3, len(lines)) if not lines[index].strip())
    return [line.rstrip() for line in lines[start:end]]
