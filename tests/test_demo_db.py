"""`painlog --db FILE demo`: the sample never goes into FILE, and the demo says so (it used to
drop --db silently and name the default journal as "your own")."""

from __future__ import annotations

from tests.conftest import Painlog


def test_demo_leaves_the_given_journal_alone_and_says_so(tmp_path):
    db = tmp_path / "mine.db"
    result = Painlog(db).ok("demo")
    assert not db.exists()
    assert f"Start your own journal (it will live at {db}):" in result.stdout
    assert result.stderr.strip() == (
        f"Note: --db {db} was left untouched: the demo always writes its sample journal in a "
        "temporary folder (above)."
    )
