"""What every terminal view shares: the console and the short forms of dates."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.text import Text

from painlog.messages import visible


def console() -> Console:
    # rich honours NO_COLOR itself; highlight=False keeps numbers in notes plain.
    return Console(highlight=False)


def short_date(day: str) -> str:
    return date.fromisoformat(day).strftime("%b %d").replace(" 0", " ")


def user_text(text: str | None) -> Text:
    """Text a person typed or imported, for a rich table or line: control characters made
    visible and never read as rich markup (a note "[link=…]" stays those characters)."""
    return Text(visible(text or ""))
