"""The terminal's answers to the gate's cautions (``painlog.record.Answers``): each caution a
question with a safe default. When nobody can be asked the library's own ``record.NOBODY``
answers. Also the command line's one way to ask until an answer is valid, and to stop on
Ctrl-C / Ctrl-D with exit 130."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

import typer

from painlog.cli.core import note as note_line
from painlog.cli.core import wrapped
from painlog.errors import InvalidInput
from painlog.messages import Msg, say, visible

if TYPE_CHECKING:  # the gate is loaded by the commands that save (this module is imported by more)
    from painlog.journal.cautions import Caution
    from painlog.journal.entries import Entry
    from painlog.record.answers import Answer, Answers

T = TypeVar("T")


class AtTheTerminal:
    """Asks the person; the default of each question is the safe answer."""

    def name(self, caution: Caution, entry: Entry) -> Answer:
        from painlog.record.answers import Answer, with_suggestion

        question = say(Msg.NAME_USE, warning=caution.message, suggestion=caution.suggestion)
        if typer.confirm(wrapped(question), default=True):
            return Answer(with_suggestion(entry, caution))
        return Answer(entry)

    def caution(self, caution: Caution, entry: Entry) -> Answer:
        from painlog.record.answers import Answer

        if caution.kind == "sleep":
            choice = typer.prompt(
                wrapped(f"{caution.message} [r]eplace it, add this as a [n]ap, or [c]ancel?"),
                default="c",
            ).strip().lower()[:1]  # fmt: skip
            if choice == "r":
                return Answer(entry, caution.replaces)
            if choice == "n":
                return Answer(replace(entry, tags=(*entry.tags, "nap")))
        elif typer.confirm(wrapped(f"{caution.message} Save it anyway?"), default=False):
            return Answer(entry)
        typer.echo(Msg.CAUTION_CANCELLED.value, err=True)
        return Answer(None)

    def planned_dose(self, typed: str, suggestion: str, dose: str) -> bool:
        question = say(Msg.PLANNED_DOSE_CLOSE, typed=typed, suggestion=suggestion, dose=dose)
        return typer.confirm(wrapped(question), default=True)


def here() -> Answers:
    """The person at a terminal, or (a script, --no-input) nobody to ask."""
    from painlog import interaction
    from painlog.record import NOBODY

    return AtTheTerminal() if interaction.can_prompt() else NOBODY


def say_notes(notes: list[str] | tuple[str, ...]) -> None:
    """Each ``Note:`` on stderr, as the terminal shows it."""
    for said in notes:
        typer.echo(note_line(visible(said)), err=True)


def ask_until_valid(
    prompt: str,
    read: Callable[[str], T],
    default: str | None = "",
    skip: bool = False,
    retry: Msg | None = None,
) -> T | None:
    """Ask ``prompt`` until ``read`` accepts the answer: a refusal is said (``retry`` with its
    ``{error}``, else indented), wrapped between words (a question is asked of a person at a
    terminal), then asked again. With ``skip``, Enter returns None."""
    while True:
        answer = typer.prompt(prompt, default=default, show_default=False).strip()
        if skip and not answer:
            return None
        try:
            return read(answer)
        except InvalidInput as error:
            said = say(retry, error=error.message) if retry else f"  {error.message}"
            typer.echo(wrapped(said), err=True)


@contextmanager
def stopped_with_130(message: Msg) -> Iterator[None]:
    """Ctrl-C or Ctrl-D at a question: say ``message`` and exit 130 (128 + SIGINT)."""
    try:
        yield
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("\n" + message.value, err=True)
        raise typer.Exit(130) from None
