"""painlog try: a stored seeded schedule, this block in due/checkin, and results counted by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from painlog import clock


def _start(days_ago: int) -> date:
    return clock.today() - timedelta(days=days_ago)


def _place(painlog, blocks: list[dict], on_pain: list[float], off_pain: list[float],
           name: str = "yoga") -> None:  # fmt: skip
    """Pain every day of each block (ON blocks pair by pair take ``on_pain``), NAME on ON days."""
    rows = []
    for block in blocks:
        pair = block["pair"] - 1
        value = on_pain[pair] if block["on"] else off_pain[pair]
        day = date.fromisoformat(block["since"])
        while day <= date.fromisoformat(block["until"]):
            rows.append([None, "pain", f"{day}T09:00:00+00:00", value] + [None] * 9)
            if block["on"]:
                rows.append([None, "exercise", f"{day}T10:00:00+00:00", 30, "min", name]
                            + [None] * 7)  # fmt: skip
            day += timedelta(days=1)
    painlog.import_rows(rows, painlog.db.parent)


def test_three_pairs_all_two_points_better_on_give_p_two_eighths(painlog):
    started = painlog.json("try", "yoga", "--weeks", "6", "--from", str(_start(50)))
    assert started["result"] is None and len(started["blocks"]) == 6
    assert [b["pair"] for b in started["blocks"]] == [1, 1, 2, 2, 3, 3]
    assert all(a["on"] != b["on"] for a, b in zip(started["blocks"][::2], started["blocks"][1::2],
                                                   strict=True))  # fmt: skip
    _place(painlog, started["blocks"], on_pain=[3, 3, 3], off_pain=[5, 5, 5])
    found = painlog.json("try", "--result", "yoga")
    assert found["seed"] == started["seed"] and found["blocks"] == started["blocks"]
    assert found["result"] == {
        "pairs": 3, "on_mean": 3.0, "off_mean": 5.0, "mean_difference": -2.0,
        "ci95": [-2.0, -2.0], "p_value": 0.25, "kept_percent": 100.0, "too_little_data": False,
    }  # fmt: skip
    text = " ".join(painlog.ok("try", "--result").stdout.split())
    assert "ON mean 3, OFF mean 5; mean paired difference ON − OFF -2" in text
    assert "randomisation p-value 0.25; schedule kept in 100% of blocks" in text


def test_mixed_signs_hand_counted(painlog):
    # Differences -2, -2, +1: observed sum -3. Of the 8 sign flips, |sum| >= 3 for
    # (+2+2+1), (+2+2-1), (-2-2-1), (-2-2+1): p = 4/8. Means: ON (3+3+6)/3 = 4, OFF 5.
    # sd of (-2, -2, 1) = sqrt(3); 95% interval -1 ± 4.302653 x sqrt(3)/sqrt(3) = -5.3 to 3.3.
    started = painlog.json("try", "yoga", "--weeks", "6", "--from", str(_start(50)))
    _place(painlog, started["blocks"], on_pain=[3, 3, 6], off_pain=[5, 5, 5])
    result = painlog.json("try", "--result")["result"]
    assert result["p_value"] == 0.5
    assert (result["on_mean"], result["off_mean"], result["mean_difference"]) == (4.0, 5.0, -1.0)
    assert result["ci95"] == [-5.3, 3.3]


def test_too_little_data_with_two_complete_pairs_and_a_kept_schedule(painlog):
    # 6 weeks starting 35 days ago: blocks 1-4 ended, block 5 holds today.
    started = painlog.json("try", "walk", "--weeks", "6", "--from", str(_start(35)))
    _place(painlog, started["blocks"][:4], on_pain=[3, 3], off_pain=[5, 5], name="walk")
    result = painlog.json("try", "--result")["result"]
    assert result["pairs"] == 2 and result["too_little_data"] is True
    assert "Too little data to tell" in painlog.ok("try", "--result").stdout


def test_schedule_kept_counts_on_blocks_with_name_and_off_blocks_without(painlog):
    started = painlog.json("try", "yoga", "--weeks", "6", "--from", str(_start(50)))
    _place(painlog, started["blocks"], on_pain=[3, 3, 3], off_pain=[5, 5, 5])
    off = next(b for b in started["blocks"] if not b["on"])
    painlog.ok("add", "exercise", "yoga", "20m", "--at", f"{off['since']} 18:00")
    result = painlog.json("try", "--result")["result"]
    assert result["kept_percent"] == 83.3  # 5 of 6 blocks
    assert result["too_little_data"] is False


def test_due_and_checkin_say_which_block_this_is(painlog):
    started = painlog.json("try", "yoga", "--weeks", "6", "--from", str(_start(15)))
    block = started["blocks"][2]  # days 14-20 of the experiment: today is day 15
    state = "ON" if block["on"] else "OFF"
    line = f"this week: yoga {state} (block 3 of 6)"
    assert painlog.json("due")["experiment"] == line
    assert line in painlog.ok("due").stdout
    assert line in painlog.ok("try").stdout
    checkin = painlog.ok("checkin", input="\n" * 12)
    assert line in checkin.stdout


def test_due_keeps_the_experiment_line_beside_a_scheduled_medicine_taken_twice(painlog):
    # The closing lines were overwritten by the last scheduled item's "; 1 extra" and then
    # printed a character a line (a fresh-eyes test found it).
    started = painlog.json("try", "yoga", "--weeks", "6", "--from", str(_start(15)))
    block = started["blocks"][2]
    line = f"this week: yoga {'ON' if block['on'] else 'OFF'} (block 3 of 6)"
    today = clock.today()
    painlog.ok("plan", "add", "med", "duloxetine", "30mg", "--times", "00:00",
               "--from", str(today - timedelta(days=1)))  # fmt: skip
    for minutes in (0, 1):
        painlog.ok("add", "med", "duloxetine", "30mg", "--at", f"{today} 00:0{minutes}")
    lines = painlog.ok("due").stdout.splitlines()
    assert lines[-1] == line
    assert any(text.endswith("; 1 extra") for text in lines)
    assert all(len(text.strip()) > 1 for text in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("try", "yoga", "--weeks", "3"), "--block-days 7 does not cut 3 weeks"),
        (("try", "yoga", "--weeks", "0"), "--weeks: '0'"),
        (("try", "yoga", "--weeks", "4", "--outcome", "steps"), "--outcome: 'steps'"),
        (("try", "--weeks", "4"), "NAME"),
        (("try", "--result", "tai chi"), "try: no experiment named 'tai chi'"),
        (("try", "yoga", "--weeks", "2", "--from", "in 3 days"), "overlap the experiment"),
    ],
)
def test_bad_try_input_is_one_line_exit_2_journal_unchanged(painlog, args, message):
    painlog.ok("try", "walk", "--weeks", "4")
    before = painlog.fingerprint()
    result = painlog(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert painlog.fingerprint() == before


def test_try_is_undoable_and_help_ends_with_an_example(painlog):
    painlog.ok("try", "yoga", "--weeks", "2")
    assert painlog.json("try")["name"] == "yoga"
    painlog.ok("undo")
    assert painlog.ok("try").stdout.startswith("No experiment yet")
    lines = painlog.ok("try", "--help").stdout.strip().splitlines()
    assert any(line.strip().startswith("Example: painlog try") for line in lines)


def test_the_report_shows_a_finished_experiment_in_two_lines(painlog, tmp_path):
    started = painlog.json("try", "yoga", "--weeks", "2", "--from", str(_start(20)))
    _place(painlog, started["blocks"], on_pain=[3], off_pain=[5])
    out = tmp_path / "r.md"
    painlog.ok("report", "-o", str(out), "--since", str(_start(27)))
    lines = [line for line in out.read_text().splitlines() if ("ON" in line and "yoga" in line)
             or line.startswith("- ON − OFF")]  # fmt: skip
    assert lines[0].startswith("- Experiment: yoga ON/OFF in 1 random pair of 7-day blocks")
    assert lines[1] == (
        "- ON − OFF −2 over 1 complete pair (95% interval –), exact randomisation p = 1, "
        "schedule kept in 100% of blocks. With 1 pair the smallest p-value possible is 1 (2 of "
        "2^1 assignments); you knew which blocks were ON, so this is not blinded. Too little "
        "data to tell."
    )
