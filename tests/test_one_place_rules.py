"""Rules written once: the PSFS 2-point rule and its words, the terminal's visible text, and the
one transaction every saved entry goes through (imports included)."""

from __future__ import annotations

from datetime import timedelta

from painlog import clock
from painlog.messages import psfs_change, psfs_compare, psfs_important, psfs_moved


def _at(days_ago: int, clock_time: str = "09:00") -> str:
    return f"{(clock.today() - timedelta(days=days_ago)).isoformat()} {clock_time}"


# --- the PSFS 2-point rule ------------------------------------------------------------------------


def test_psfs_rule_two_points_either_way_and_unknown_stays_unknown():
    assert psfs_important(None) is None
    assert [psfs_important(c) for c in (2.0, -2.0, 1.99, -1.99, 0.0, 3.5)] == [
        True, True, False, False, False, True]  # fmt: skip


def test_psfs_words_are_the_words_every_screen_showed():
    assert psfs_moved(True) == "2 points or more"
    assert psfs_moved(False) == "less than 2 points"
    assert psfs_change(True) == "a change of 2 points or more (clinically important)"
    assert psfs_change(True, named=True) == (
        "a change of 2 points or more (clinically important, PSFS)"
    )
    assert psfs_change(False) == psfs_change(False, named=True) == "a change of less than 2 points"
    assert psfs_compare(True) == (
        "Goal score (PSFS mean) changed by 2 points or more (2 or more is clinically important)."
    )
    assert psfs_compare(False) == (
        "Goal score (PSFS mean) changed by less than 2 points (2 or more is clinically important)."
    )


def test_goal_list_compare_and_report_say_a_small_change_the_same_way(painlog, tmp_path):
    # walk 4 → 5: +1, less than 2 points, in `goal`, `compare` and the report alike
    painlog.ok("goal", "add", "walk to the park and back")
    painlog.ok("goal", "rate", "walk", "4", "--at", _at(20))
    painlog.ok("goal", "rate", "walk", "5", "--at", _at(3))
    painlog.ok("add", "pain", "5", "--at", _at(20))
    painlog.ok("add", "pain", "4", "--at", _at(1))
    data = painlog.json("goal")
    assert data["score"]["change"] == 1.0 and data["score"]["important_change"] is False
    text = painlog.ok("goal").stdout
    assert "Goal score (mean of goals rated): 4 → 5, +1: a change of less than 2 points." in text
    at = (clock.today() - timedelta(days=10)).isoformat()
    compared = painlog.json("compare", "--at", at, "--days", "14")
    assert compared["change"]["goals"] == 1.0 and compared["goals_important_change"] is False
    shown = " ".join(painlog.ok("compare", "--at", at, "--days", "14").stdout.split())
    assert (
        "Goal score (PSFS mean) changed by less than 2 points (2 or more is clinically important)."
        in shown
    )
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--since", _at(30)[:10])
    report = " ".join(out.read_text().split())
    # the report dates the baseline and the latest rating (issue 25); the words are the rule's
    assert "Mean 4 (baseline from " in report
    assert "(+1): a change of less than 2 points." in report


# --- terminal text: control characters made visible by messages.visible, everywhere ---------------

HOSTILE = "x\x1b]0;owned\x07\x9b2J"
RAW = ("\x1b", "\x07", "\x9b")
SHOWN = "x^[]0;owned^G<U+009B>2J"


def _clean(output: str) -> bool:
    return not any(code in output for code in RAW)


def test_sync_status_shows_peer_text_as_every_other_screen(capsys):
    import painlog.cli.views.sync as sync_view
    from painlog.messages import visible
    from painlog.sync.engine import Conflict, Held, Peer, Refusal, Status

    assert sync_view.visible is visible  # one function, not a copy
    state = Status(
        folder="/tmp/f",
        device="aaaa",
        peers=[Peer("bbbb", "phone " + HOSTILE, None, False)],
        waiting=0,
        conflicts=[Conflict("entries", "k" * 8, "1.a", "0.b", {"note": "n " + HOSTILE})],
        inbox_lines=0,
        refused=[Refusal("bbbb", "f" + HOSTILE, "", "bad " + HOSTILE)],
        held=[Held("bbbb", "9999999999999.x", "entries", HOSTILE)],
    )
    sync_view.show_status(state)
    out = capsys.readouterr().out
    assert _clean(out)
    assert "phone " + SHOWN in out  # cut at 24 characters before, never inside, a marker
    assert "bad " + SHOWN in " ".join(out.split())


def test_chart_legend_and_title_show_medicine_names_made_visible(painlog):
    painlog.ok("add", "med", "ibu" + HOSTILE, "400mg")
    chart = painlog.ok("chart", "medication").stdout
    assert _clean(chart) and "ibu" + SHOWN in chart
    # the JSON keeps the name as written: only what reaches a terminal changes
    assert painlog.json("chart", "medication")["medication"][0]["name"] == "ibu" + HOSTILE


def test_summary_table_and_goal_list_show_names_made_visible(painlog):
    painlog.ok("add", "med", "ibu" + HOSTILE, "400mg")
    painlog.ok("add", "therapy", "PT" + HOSTILE)
    summary = painlog.ok("summary").stdout
    assert _clean(summary) and "ibu" + SHOWN in summary and "PT" + SHOWN in summary
    painlog.ok("goal", "add", "walk" + HOSTILE, "--rating", "3")
    goals = painlog.ok("goal").stdout
    assert _clean(goals) and "walk" + SHOWN + ": 3" in goals


# --- entries are written by one transaction: record.store --------------------------------------

DAYLIO = "full_date,date,weekday,time,mood,activities,note\n" + (
    "2020-01-03,January 3,Friday,9:00,rad,walk | friends,sunny\n"
    "2020-01-02,January 2,Thursday,8:00,good,walk,\n"
    "2020-01-01,January 1,Wednesday,21:30,bad,,\n"
)


def test_imports_and_re_imports_write_through_the_gates_store(painlog, tmp_path, monkeypatch):
    from painlog import record

    calls: list[tuple[int, int, int, str]] = []
    real_store = record.store

    def watched(journal, entries, replaces=(), undo=None, rows=None, updates=()):
        calls.append((len(entries), len(replaces), len(updates), undo or ""))
        real_store(journal, entries, replaces, undo, rows, updates)

    monkeypatch.setattr(record, "store", watched)
    first = tmp_path / "a.csv"
    first.write_text(DAYLIO, encoding="utf-8")
    painlog.ok("import", str(first), "--from", "daylio")
    ids = sorted(e["id"] for e in painlog.json("list"))
    # 3 moods and 3 activities (walk and friends on the 3rd, walk on the 2nd) as factors (issue
    # 27). Daylio rewrote every row with "walk" when it was renamed: its 2 factors change, the 3
    # moods and friends do not
    second = tmp_path / "b.csv"
    second.write_text(DAYLIO.replace("walk", "stroll"), encoding="utf-8")
    result = painlog.ok("import", str(second), "--from", "daylio")
    assert ": 0 new, 2 updated, 4 unchanged" in result.stdout
    assert [call[:3] for call in calls] == [(6, 0, 0), (0, 0, 2)]
    assert all(call[3].startswith("import") for call in calls)
    assert sorted(e["id"] for e in painlog.json("list")) == ids  # updated in place, never doubled

    def activities() -> list[str]:
        return sorted(e["name"] for e in painlog.json("list", "--kind", "factor"))

    assert activities() == ["friends", "stroll", "stroll"]
    # the re-import is one step of undo: the rows are as the first import left them
    painlog.ok("undo")
    assert activities() == ["friends", "walk", "walk"]


def test_an_edit_writes_through_the_gates_store(painlog, monkeypatch):
    from painlog import record

    labels: list[str] = []
    real_store = record.gate.store

    def watched(journal, entries, replaces=(), undo=None, rows=None, updates=()):
        labels.append(undo or "")
        real_store(journal, entries, replaces, undo, rows, updates)

    monkeypatch.setattr(record.gate, "store", watched)
    painlog.ok("add", "pain", "5")
    entry = painlog.json("list")[0]
    painlog.ok("edit", entry["id"][:8], "6")
    assert labels[-1] == f"edit of pain {entry['id'][:8]}"
    assert painlog.json("list")[0]["value"] == 6.0
