"""painlog checkin (guided, all-or-nothing) and painlog demo (never the real journal)."""

from __future__ import annotations

from typer.testing import CliRunner

from painlog.cli import app

ANSWERS = "6\nlower back; left hip\n7h30m\n3\n5\nwalk 30m, yoga 20m\nibuprofen 400mg, paracetamol 2 tablets\n\nslept badly\nn\n\n"


def test_checkin_saves_everything_at_the_end(painlog):
    result = painlog.ok("checkin", input=ANSWERS)
    assert "Saved 8 entries for today." in result.stdout
    entries = painlog.json("list")
    kinds = sorted(entry["kind"] for entry in entries)
    assert kinds == [
        "exercise",
        "exercise",
        "medication",
        "medication",
        "mood",
        "note",
        "pain",
        "sleep",
    ]
    pain = next(e for e in entries if e["kind"] == "pain")
    assert pain["location"] == ["lower back", "left hip"]
    sleep = next(e for e in entries if e["kind"] == "sleep")
    assert (sleep["value"], sleep["quality"]) == (7.5, "3")


def test_checkin_skips_with_enter_and_asks_again_after_bad_answers(painlog):
    result = painlog.ok("checkin", input="11\n4\n\n\n\n\n\n\n\nn\n\n")
    assert "pain: '11' is not accepted" in result.stderr
    [entry] = painlog.json("list")
    assert (entry["kind"], entry["value"]) == ("pain", 4.0)


def test_interrupted_checkin_saves_nothing(painlog):
    painlog.ok("add", "mood", "5")
    before = painlog.fingerprint()
    result = painlog("checkin", input="6\nback\n7h\n")  # input ends mid-way, like Ctrl-D/Ctrl-C
    assert result.exit_code == 130
    assert "nothing was saved" in result.stderr
    assert painlog.fingerprint() == before


def test_checkin_with_no_answers(painlog):
    result = painlog.ok("checkin", input="\n" * 9)
    assert "Nothing entered" in result.stdout
    assert not painlog.db.exists()


def test_demo_never_touches_the_real_journal(tmp_path):
    real = tmp_path / "real.db"
    result = CliRunner().invoke(app, ["--db", str(real), "demo"], env={"PAINLOG_DB": str(real)})
    assert result.exit_code == 0, result.output
    assert not real.exists()
    assert "Made a sample journal of" in result.stdout
    assert "Your own journal was not touched." in result.stdout
    assert "painlog add pain" in result.stdout


def test_demo_journal_tells_the_story():
    from painlog.demo.story import build_demo_journal

    demo = build_demo_journal()
    assert (demo.last_day - demo.first_day).days == 55
    assert set(demo.counts) == {
        "pain",
        "sleep",
        "mood",
        "exercise",
        "medication",
        "therapy",
        "side-effect",
        "note",
        "symptom",
        "factor",
    }
    assert demo.path.stat().st_mode & 0o777 == 0o600


def test_checkin_offers_the_peg_once_a_week(painlog):
    result = painlog.ok("checkin", input="5\n\n\n\n\n\n\n\ny\n6\n5\n4\n\n")
    assert "Saved PEG score 5.0 of 10" in result.stdout
    again = painlog.ok("checkin", input="5\n\n\n\n\n\n\n\n\n")
    assert "PEG" not in again.stdout
