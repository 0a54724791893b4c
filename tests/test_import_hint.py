"""`painlog import FILE` without --from on a file of another app: the refusal names the columns
painlog needs (kind and at) and, for a file it can read with --from, the option to give."""

from __future__ import annotations

import pytest

FILES = {
    "open-meteo": ("Open-Meteo", "latitude,longitude,elevation\n52.5,13.4,38\n\n"
                   "time,pressure_msl_mean (hPa)\n2026-11-01,1012\n"),
    "daylio": ("Daylio", "full_date,date,weekday,time,mood,activities,note\n"
               "2026-11-01,Nov 1,Sunday,20:00,good,walk,\n"),
    "bearable": ("Bearable", "date,weekday,time of day,category,rating/amount,detail,notes\n"
                 "1st Nov 2026,Sunday,am,Mood,4,,\n"),
}  # fmt: skip


@pytest.mark.parametrize("source", sorted(FILES))
def test_a_file_of_another_app_is_pointed_to_its_from(painlog, tmp_path, source):
    name, text = FILES[source]
    path = tmp_path / f"{source}.csv"
    path.write_text(text, encoding="utf-8")
    painlog.ok("add", "pain", "3")
    before = painlog.fingerprint()
    result = painlog("import", str(path))
    assert result.exit_code == 2
    said = " ".join(result.stderr.split())
    assert "the first line must be a header with at least the columns kind and at" in said
    assert said.endswith(f"It looks like {name}'s: painlog import FILE --from {source}.")
    assert painlog.fingerprint() == before
    painlog.ok("import", str(path), "--from", source)
