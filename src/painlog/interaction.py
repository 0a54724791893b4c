"""Whether painlog may ask the person anything (a terminal, and no --no-input).

Set by the command line on every run (so a test running several commands in one process
starts each from the default).
"""

from __future__ import annotations

import sys

NO_INPUT = False


def can_prompt() -> bool:
    return not NO_INPUT and sys.stdin.isatty()
