"""What every terminal view shares: the console and the short forms of dates."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.text import Text

from painlog.messages import visible


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """rich exits 1 itself; hand the closed pipe to painlog's handler instead, so every
        command ends the same way (cli.core.closed_pipe: quietly, status 141)."""
        self.quiet = True
        raise BrokenPipeError


def console() -> Console:
    # rich honours NO_COLOR itself; highlight=False keeps numbers in notes plain.
    return _Console(highlight=False)


def short_date(day: str) -> str:
    return date.fromisoformat(day).strftime("%b %d").replace(" 0", " ")


def user_text(text: str | None) -> Text:
    """Text a person typed or imported, for a rich table or line: control characters made
    visible and never read as rich markup (a note "[link=…]" stays those characters)."""
    return Text(visible(text or ""))
