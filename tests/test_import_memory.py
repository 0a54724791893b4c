"""Issue 26, point 4: a painlog CSV import's memory does not grow with the file. The import
streams the file a batch at a time; nothing on its way (telling CSV from JSON, the batches,
the closing line) may hold the whole file or a record of every row. Files written by the test.

A 500 MB file is too slow for a test, so the batch is made small (500 rows) and the rows wide:
then one batch is far smaller than the file, and a file read whole (the cause of the 506 MB
peak of a 500 MB import: the CSV/JSON sniff read every byte to look at 64) shows as a peak
that grows with the row count."""

from __future__ import annotations

import tracemalloc
import uuid
from pathlib import Path

import pytest

from tests.conftest import Painlog

NOTE = "x" * 500  # wide rows: 8,000 of them make a 4.6 MB file


def written(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("id,kind,at,value,unit,name,note\n")
        for number in range(rows):
            out.write(
                f"{uuid.UUID(int=number + 1, version=4)},pain,"
                f"2020-01-{1 + number % 28:02d}T{number % 24:02d}:{number % 60:02d}:00+00:00,"
                f"{number % 11},,,{NOTE}\n"
            )
    return path


def peak_of_import(tmp_path: Path, rows: int) -> int:
    """The traced Python memory peak of ``painlog import`` of ``rows`` rows into a new journal."""
    folder = tmp_path / f"rows-{rows}"
    folder.mkdir()
    path = written(folder / "big.csv", rows)
    painlog = Painlog(folder / "journal.db")
    tracemalloc.start()
    try:
        result = painlog.ok("import", str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"Imported {rows:,} records" in " ".join(result.stdout.split())
    assert painlog.json("list", "--limit", "1")  # the rows are in the journal
    return peak


def test_csv_import_memory_does_not_grow_with_the_row_count(tmp_path, monkeypatch):
    import painlog.formats

    monkeypatch.setattr(painlog.formats, "BATCH", 500)
    peak_of_import(tmp_path, 20)  # modules imported and caches filled before measuring
    small = peak_of_import(tmp_path, 2_000)
    large = peak_of_import(tmp_path, 8_000)  # four times the rows and the bytes
    # Before the fix: 1.4 MB and 4.6 MB (the whole file); after: 1.4 MB and 1.3 MB.
    assert large < 1.5 * small, (small, large)


@pytest.mark.parametrize("content", ["  \n\ufeff{", "kind,at\n"])
def test_telling_csv_from_json_reads_only_the_start(tmp_path, monkeypatch, content):
    """The sniff reads the first bytes, never the whole file (a plain file is never decrypted)."""
    import painlog.formats
    import painlog.formats.agefile

    def whole(path):
        raise AssertionError(f"{path} read whole")

    monkeypatch.setattr(painlog.formats, "read_source", whole)
    monkeypatch.setattr(painlog.formats.agefile, "read_source", whole)
    path = tmp_path / "export.txt"
    path.write_text(content + "x" * 100_000, encoding="utf-8")
    assert painlog.formats.looks_like_json(path) is content.startswith("  ")
