"""`--at` typed without quotes beside an entry's own number: the number before the time is the
entry's value ("symptom fatigue 4 --at yesterday 9pm" splits off 9pm, not "4 9pm"), an hour
before "pm" is the time's, and the refusal is said once."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("words", "extra"),
    [
        (["symptom", "fatigue", "4", "--at", "yesterday", "9pm"], "9pm"),
        (["mood", "4", "--at", "yesterday", "9pm"], "9pm"),
        (["pain", "4", "--at", "yesterday", "9", "pm"], "9 pm"),
    ],
)
def test_the_words_split_off_are_the_times_and_said_once(painlog, words, extra):
    painlog.ok("add", "pain", "2")
    before = painlog.fingerprint()
    result = painlog("add", *words)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: --at: '{extra}' came after 'yesterday' as separate words; put the whole time in "
        f'quotes, e.g. --at "yesterday {extra}". Nothing was saved.'
    )
    assert painlog.fingerprint() == before
