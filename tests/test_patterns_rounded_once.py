"""`painlog patterns` rounds each figure once, from what was computed: a mean of 4.045 shows
4.0 on the screen (half up to one decimal), while --json gives 4.05 (half up to two). It used to
show 4.1: the JSON's 4.05 rounded again."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import Painlog

HEADER = "id,kind,at,value,unit,name,quality,location,intensity,note,tags,trigger,relief"


def test_the_screen_rounds_the_computed_mean_not_the_jsons(tmp_path):
    # 40 days: coffee on the even ones with pain 4 (4.9 on the first): 80.9 / 20 = 4.045;
    # pain 2 on the odd ones without it.
    rows = [HEADER]
    for offset in range(40):
        day = date(2026, 10, 1) + timedelta(days=offset)
        coffee = offset % 2 == 0
        pain = (4.9 if offset == 0 else 4) if coffee else 2
        rows.append(f",pain,{day}T09:00:00+00:00,{pain},,,,,,,,,")
        if coffee:
            rows.append(f",factor,{day}T08:00:00+00:00,,,coffee,,,,,,,")
    (tmp_path / "rows.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    journal = Painlog(tmp_path / "j.db")
    journal.ok("import", str(tmp_path / "rows.csv"))
    period = ["--since", "2026-10-01", "--until", "2026-11-09"]
    screen = journal.ok("patterns", *period, env={"COLUMNS": "80", "NO_COLOR": "1"}).stdout
    assert "pain 2.0 points higher the same day (4.0 against 2.0;" in screen
    (same_day,) = [r for r in journal.json("patterns", *period)["results"] if r["lag"] == 0]
    assert (same_day["mean_with"], same_day["mean_without"], same_day["difference"]) == (
        4.05,
        2.0,
        2.05,
    )
