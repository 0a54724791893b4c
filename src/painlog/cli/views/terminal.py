"""What every terminal view shares: the console and the short forms of dates."""

from __future__ import annotations

from datetime import date

from rich.console import Console


def console() -> Console:
    # rich honours NO_COLOR itself; highlight=False keeps numbers in notes plain.
    return Console(highlight=False)


def short_date(day: str) -> str:
    return date.fromisoformat(day).strftime("%b %d").replace(" 0", " ")
