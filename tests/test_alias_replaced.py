"""`painlog alias A NAME` when A already counts as another name: it says so (it used to re-point
the alias silently), and undo puts the old one back."""

from __future__ import annotations

from tests.conftest import Painlog


def test_re_pointing_an_alias_says_what_it_counted_as(tmp_path):
    journal = Painlog(tmp_path / "j.db")
    journal.ok("add", "factor", "coffee")
    journal.ok("add", "factor", "caffeine")
    assert journal.ok("alias", "joe", "coffee").stdout == (
        "From now on factor entries written 'joe' count as coffee.\n"
    )
    assert journal.ok("alias", "joe", "caffeine").stdout == (
        "From now on factor entries written 'joe' count as caffeine.\n"
        "It counted as coffee until now; 'painlog undo' puts that back.\n"
    )
    # The same alias again changes nothing and says nothing more.
    assert "until now" not in journal.ok("alias", "joe", "caffeine").stdout
    journal.ok("undo")
    journal.ok("undo")
    assert journal.json("alias") == [{"alias": "joe", "name": "coffee", "kind": "factor"}]
