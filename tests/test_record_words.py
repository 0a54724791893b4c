"""add's one grammar (painlog.record.words), as the inbox reads a line: the kind, its words,
its options; the refusals name the option and the command."""

from __future__ import annotations

import shlex

import pytest
from hypothesis import given
from hypothesis import strategies as st

from painlog.errors import InvalidInput
from painlog.record import Draft
from painlog.record.words import OPTIONS, parse

WORD = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zs")), min_size=1, max_size=12
).filter(lambda word: not word.startswith("-"))


@given(st.lists(WORD, max_size=5), st.lists(WORD, max_size=3), st.none() | WORD, st.none() | WORD)
def test_a_line_reads_back_its_words_and_options(words, tags, note, at) -> None:
    line = ["pain", *words]
    for tag in tags:
        line += ["--tag", tag]
    if note is not None:
        line += [f"--note={note}"]
    if at is not None:
        line += ["--at", at]
    draft = parse(shlex.join(line))
    assert draft.kind == "pain" and draft.words == tuple(words) and draft.at == at
    assert draft.options.get("tags", []) == tags
    assert draft.options.get("note") == note
    assert parse(line) == draft  # a line and a list of words read the same


def test_kinds_short_options_and_the_end_of_options() -> None:
    assert parse("med ibuprofen 400mg").kind == "medication"
    draft = parse("pain 6 -w 'lower back' -w hip -q aching --trigger gardening")
    assert draft.options == {"location": ["lower back", "hip"], "quality": "aching",
                             "trigger": ["gardening"]}  # fmt: skip
    assert parse("mood -1").words == ("-1",)  # refused by its range, not as an option
    assert parse("note -- -5 after the walk").fields() == {"note": "-5 after the walk"}
    assert set(OPTIONS) >= {"pain", "sleep", "mood", "exercise", "medication", "note"}


def test_words_become_fields_by_the_kind_s_rule() -> None:
    assert parse("exercise tai chi 1h -i light").fields() == {
        "name": "tai chi", "value": "1h", "intensity": "light"}  # fmt: skip
    assert parse("side-effect gabapentin drowsy all day -s mild").fields() == {
        "name": "gabapentin", "note": "drowsy all day", "intensity": "mild"}  # fmt: skip
    assert Draft("sleep", ("7h30",), None, {"quality": "3"}).fields() == {
        "value": "7h30", "quality": "3"}  # fmt: skip


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("pain 6 --were back", "--were: is not an option of this command; see 'painlog add pain"),
        ("mood 4 --where back", "--where: is not an option of this command; see 'painlog add mood"),
        ("pain 6 --where", "--where: a value is needed after it."),
        ("pain 6 --note 'unclosed", "No closing quotation"),
        ("", "nothing after the time"),
        ("feelings 6", "kind: 'feelings' is not accepted"),
    ],
)
def test_refusals_name_what_was_wrong(line: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse(line)
    assert message in refused.value.message
