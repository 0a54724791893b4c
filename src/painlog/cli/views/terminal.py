"""What every terminal view shares: the console, whether colour is on, and short dates."""

from __future__ import annotations

import os
import sys
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


def colour_on() -> bool:
    """Colour only at a terminal and without NO_COLOR (https://no-color.org: any non-empty
    value). Without colour no escape code is written at all, not even bold or dim, and no
    text may refer to a colour (SPEC.md "Numbers on screen")."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def console() -> Console:
    # highlight=False keeps numbers in notes plain; color_system=None writes no escape codes
    # (rich's own NO_COLOR handling drops colours but still writes bold and dim).
    return _Console(highlight=False, color_system="auto" if colour_on() else None)


def short_date(day: str) -> str:
    return date.fromisoformat(day).strftime("%b %d").replace(" 0", " ")


def user_text(text: str | None) -> Text:
    """Text a person typed or imported, for a rich table or line: control characters made
    visible and never read as rich markup (a note "[link=…]" stays those characters)."""
    return Text(visible(text or ""))
