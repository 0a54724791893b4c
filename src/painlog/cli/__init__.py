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

import gc
from typing import Any

__all__ = ["app", "main"]


def __getattr__(name: str) -> Any:
    """``painlog.cli.app``, imported when asked for: ``main`` first pauses the collector."""
    if name == "app":
        from painlog.cli.core import app

        return app
    raise AttributeError(f"module 'painlog.cli' has no attribute {name!r}")


def main() -> None:
    # Importing typer, click and sqlite-utils makes some hundred thousand objects that live
    # for the whole run, and the cyclic collector scans them again and again while they are
    # made: about a tenth of `painlog add`'s time. It is paused until a command starts, which
    # then freezes what start-up made and resumes it (``core.resume_collection``).
    gc.disable()
    from painlog.cli import completion, core

    core.COLLECTION_PAUSED = True
    completion.enable_if_asked()
    app = core.app
    try:
        app(prog_name="painlog")
    except BrokenPipeError:  # a closed pipe outside a command (--help | head -1)
        from painlog.cli.core import closed_pipe

        try:
            closed_pipe()
        except SystemExit as stop:
            raise stop from None
        except Exception as stop:  # typer.Exit: the status to leave with
            raise SystemExit(getattr(stop, "exit_code", 141)) from None
