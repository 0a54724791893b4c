"""The ``painlog`` command: parse what was typed, call the core, print the result.

Nothing here validates, stores or computes; that is the core's job (``entries``, ``summary``, …).
Each command module is imported only when its command is run (``core.LazyCommands``), and
heavy modules (rich, plotext, dateutil, matplotlib) inside the commands that need them, so
``painlog add`` stays about as fast as starting Python. One module per concern:

- ``core``     the app, one-line errors, options shared by several commands
- ``journal``  add, list, edit, delete, checkin
- ``insight``  summary, chart, calendar, demo
- ``clinic``   visit, ask, peg, report
- ``plan``     plan (add, change, stop), due, compare, pgic
- ``settings`` config
- ``files``    export, import, backup, restore, doctor
"""

from painlog.cli import completion
from painlog.cli.core import app

__all__ = ["app", "main"]


def main() -> None:
    completion.enable_if_asked()
    app(prog_name="painlog")
