"""The check-in's prompts: they wrap at word boundaries at 80 columns, and Enter skips the PEG."""

from __future__ import annotations


def test_checkin_prompts_wrap_at_word_boundaries_and_enter_skips_the_peg(painlog):
    result = painlog.ok("checkin", input="5\n" + "\n" * 7 + "y\n\n\n", env={"COLUMNS": "80"})
    assert "imaginable" not in result.stdout or "imag\n" not in result.stdout
    assert all(
        len(line) <= 80 for line in result.stdout.splitlines() if "PEG" in line or "week" in line
    )
    assert "It has been a week" not in result.stdout  # the first PEG is not "a week" since anything
    assert "Answer the 3 PEG questions too" in result.stdout
    assert "PEG score" not in result.stdout  # Enter skipped it
    assert [e["kind"] for e in painlog.json("list")] == ["pain"]
