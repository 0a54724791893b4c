"""--no-input (or PAINLOG_NO_INPUT): a command that would ask questions fails at once, saying
what to type instead, with the journal unchanged."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "instead"),
    [
        (("checkin",), "log with 'painlog add …' instead"),
        (("delete", "PLACEHOLDER"), "add --yes"),
        (("peg", "--pain", "5"), "give --pain, --enjoyment and --activity"),
        (("pgic",), "give the answer, e.g. 'painlog pgic 3'"),
    ],
)
def test_no_input_fails_instead_of_waiting(painlog, args, instead):
    added = painlog.ok("add", "pain", "5").stdout
    short = added.rsplit("(", 1)[1][:8]
    args = tuple(short if arg == "PLACEHOLDER" else arg for arg in args)
    before = painlog.fingerprint()
    result = painlog("--no-input", *args, input="5\n" * 20)
    assert result.exit_code == 2
    assert (
        "would ask questions, and --no-input was given" in result.stderr
        and instead in result.stderr
    )
    assert painlog.fingerprint() == before
    env_result = painlog(*args, input="5\n" * 20, env={"PAINLOG_NO_INPUT": "1"})
    assert env_result.exit_code == 2
