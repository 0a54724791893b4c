"""Shell completion through typer's (click's) own mechanism: `painlog completion SHELL`
prints the script; at a Tab, the shell runs painlog with ``_PAINLOG_COMPLETE`` set and these
functions offer words from the person's own journal: medicine, place, exercise and therapy
names, tags, and recent ids. They never create a journal and never fail loudly."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from typer.completion import completion_init, get_completion_script

from painlog.cli.core import command
from painlog.cli.core import commands as command_group
from painlog.errors import invalid
from painlog.messages import Msg

COMPLETE_VAR = "_PAINLOG_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
commands = command_group()


@command(commands, "completion")
def completion_command(
    shell: Annotated[str, typer.Argument(help="bash, zsh or fish.")],
) -> None:
    """Print the shell completion script (commands, options, kinds, your own names and ids).

    Example: eval "$(painlog completion bash)"   # in ~/.bashrc
    """

    chosen = shell.strip().lower()
    if chosen not in SHELLS:
        raise invalid("SHELL", shell, Msg.FORM_SHELL)

    typer.echo(get_completion_script(prog_name="painlog", complete_var=COMPLETE_VAR, shell=chosen))


def enable_if_asked() -> None:
    """Register typer's completion classes only when a shell is asking (keeps start-up lean)."""
    if COMPLETE_VAR in os.environ:
        completion_init()
