"""Shell completion: scripts for bash, zsh and fish, an unknown shell refused, and completions
of commands, kinds and the person's own words (never creating a journal)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _complete(db, words: str) -> list[str]:
    index = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {**os.environ, "PAINLOG_DB": str(db), "_PAINLOG_COMPLETE": "complete_bash",
           "COMP_WORDS": words, "COMP_CWORD": str(index)}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "painlog"], env=env, capture_output=True, text=True
    )
    return result.stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(painlog, shell):
    script = painlog.ok("completion", shell).stdout
    assert "_PAINLOG_COMPLETE" in script and "painlog" in script


def test_completion_refuses_an_unknown_shell(painlog):
    result = painlog("completion", "tcsh")
    assert (
        result.exit_code == 2
        and "SHELL: 'tcsh' is not accepted; give one of bash, zsh, fish" in result.stderr
    )


def test_completion_offers_commands_kinds_and_the_persons_own_words(painlog):
    painlog.ok("add", "med", "gabapentin", "300mg")
    painlog.ok("add", "med", "Ibuprofen", "400mg")
    painlog.ok("add", "pain", "5", "--where", "lower back, left hip", "--tag", "flare")
    painlog.ok("add", "exercise", "tai chi", "30m")
    painlog.ok("plan", "add", "therapy", "CBT", "--per-week", "1")
    assert _complete(painlog.db, "painlog ch") == ["checkin", "chart"]
    assert _complete(painlog.db, "painlog add med i") == ["ibuprofen"]  # any case will do
    assert _complete(painlog.db, "painlog add pain 4 --where l") == ["lower", "back", "left", "hip"]
    assert _complete(painlog.db, "painlog add mood 4 --tag f") == ["flare"]
    assert _complete(painlog.db, "painlog add exercise t") == ["tai", "chi"]
    assert _complete(painlog.db, "painlog list --kind s") == ["sleep", "side-effect", "symptom"]
    assert _complete(painlog.db, "painlog plan stop ") == ["CBT"]
    ids = _complete(painlog.db, "painlog delete ")
    assert len(ids) == 4 and all(len(entry_id) == 8 for entry_id in ids)
    assert _complete(painlog.db.with_name("none.db"), "painlog add med i") == []
    assert not painlog.db.with_name("none.db").exists()  # completion never creates a journal
