"""What every painlog command shares: the app, error reporting, common options, the journal."""

import contextlib
import difflib
import functools
import gc
import importlib
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
import typer.main
from typer.core import TyperGroup

from painlog import __version__
from painlog.cli import words as suggest
from painlog.errors import InvalidInput, PainlogError, is_database_error
from painlog.messages import Msg, say, visible

if TYPE_CHECKING:
    from painlog.store.db import Journal
    from painlog.sync.engine import Exchange

F = TypeVar("F", bound=Callable[..., Any])

# "-1" must reach the validator (which says what pain accepts), not click's option parser.
NEGATIVE_NUMBERS_OK = {"ignore_unknown_options": True}

# click's UsageError, wherever this typer version keeps click.
UsageError: type[Exception] = typer.BadParameter.__mro__[1]


# Where each command lives, in the order --help lists them: a day's use first, then looking
# back, the clinic, files. `painlog add` imports painlog.cli.journal and no other command module.
COMMAND_MODULES = {
    "add": "journal", "checkin": "journal", "due": "plan", "list": "journal",
    "edit": "journal", "delete": "journal", "undo": "journal",
    "rename": "names", "alias": "names",
    "plan": "plan", "summary": "insight", "chart": "insight", "calendar": "insight",
    "compare": "plan",
    "visit": "clinic", "ask": "clinic", "peg": "clinic", "pgic": "plan", "report": "clinic",
    "export": "files", "import": "files", "backup": "files", "restore": "files",
    "doctor": "files", "encrypt": "files", "decrypt": "files", "config": "settings",
    "sync": "sync", "completion": "completion",
    "demo": "insight", "patterns": "insight",
    "goal": "goals", "screen": "goals", "try": "experiments",
    "med": "medicines",
}  # fmt: skip


class OneLineUsageErrors(TyperGroup):
    """Usage mistakes (a missing argument, a typo'd option) as one line on stderr, exit 2."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        refuse_undecodable(args[1] if len(args) > 1 else kwargs.get("args") or [])
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as error:
            self._report(error)
        except ValueError as error:
            _refuse_nul(error)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            self._report(error)
        except ValueError as error:
            _refuse_nul(error)

    @staticmethod
    def _report(error: Any) -> None:
        where = error.ctx.command_path if getattr(error, "ctx", None) else "painlog"
        message = visible(error.format_message().rstrip())  # the word typed, made visible
        message += "" if message.endswith((".", "?", "!")) else "."
        typer.echo(f"Error: {message} See '{where} --help'.", err=True)
        raise typer.Exit(2)


class LazyCommands(OneLineUsageErrors):
    """The top-level group, built lazily (click's documented lazy-group pattern): a command's
    module is imported, and its click command built, only when that command is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMAND_MODULES)

    def get_command(self, ctx: Any, name: str) -> Any:
        return _built(name) if name in COMMAND_MODULES else None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command (``painlog sumary``) names the closest one, if one is close."""
        name = args[0] if args else ""
        if name and name not in COMMAND_MODULES and not name.startswith("-"):
            close = difflib.get_close_matches(name.lower(), list(COMMAND_MODULES), n=1, cutoff=0.7)
            if close:
                ctx.fail(say(Msg.UNKNOWN_COMMAND, given=name, suggestion=close[0]))
        return super().resolve_command(ctx, args)


class LazySubcommands(OneLineUsageErrors):
    """A group (add, visit, plan, config) whose subcommands are built when asked for, the same
    way: `painlog add pain` builds pain and none of add's other kinds."""

    source: typer.Typer

    def list_commands(self, ctx: Any) -> list[str]:
        return [info.name for info in self.source.registered_commands if info.name]

    def get_command(self, ctx: Any, name: str) -> Any:
        return _built_alone(self.source, name)


@functools.cache
def _built(name: str) -> Any:
    """The click command (or group) ``name``, built from its module's ``commands`` Typer."""

    source = importlib.import_module(f"painlog.cli.{COMMAND_MODULES[name]}").commands
    groups = [info for info in source.registered_groups if info.name == name]
    if not groups:
        return _built_alone(source, name)
    holder = commands()
    holder.registered_groups = groups
    sub = groups[0].typer_instance
    assert sub is not None
    kept, sub.registered_commands = sub.registered_commands, []  # typer builds the group alone
    try:
        group = typer.main.get_command(holder).get_command(None, name)  # type: ignore[attr-defined]
    finally:
        sub.registered_commands = kept
    group.source = sub
    return group


@functools.cache
def _built_alone(source: typer.Typer, name: str) -> Any:
    """One command of ``source``, built alone: typer builds only what it is given."""
    holder = commands()
    holder.registered_commands = [info for info in source.registered_commands if info.name == name]
    return typer.main.get_command(holder) if holder.registered_commands else None


def commands() -> typer.Typer:
    """A command module's own Typer, holding its commands until the lazy group asks."""
    return typer.Typer(cls=OneLineUsageErrors, rich_markup_mode=None, add_completion=False)


app = typer.Typer(
    name="painlog",
    cls=LazyCommands,
    help="A private pain and symptom journal: log in seconds, see trends, bring a report to "
    'clinic.\n\nExample: painlog add pain 6 --where "lower back"',
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def sub_app(parent: typer.Typer, name: str, help: str, **settings: Any) -> typer.Typer:
    """A group of commands under ``painlog NAME`` (add, visit, plan, config)."""
    group = typer.Typer(
        cls=LazySubcommands, help=help, rich_markup_mode=None,
        **{"no_args_is_help": True, **settings},
    )  # fmt: skip
    parent.add_typer(group, name=name)
    return group


@dataclass
class Settings:
    db: Path | None
    no_input: bool = False


NO_INPUT_ENV = "PAINLOG_NO_INPUT"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"painlog {__version__}")
        raise typer.Exit()


def wrapped(question: str) -> str:
    """A prompt wrapped at word boundaries to the terminal (no "imag/inable" at 80 columns)."""

    width = max(40, shutil.get_terminal_size((80, 24)).columns - 1)
    if len(question) <= width - 2:
        return question
    # Never inside a word: a suggested command keeps "--as-typed" and its quoted names whole.
    # An indented line (a re-asked error) keeps its indent on the lines it continues on.
    lead = question[: len(question) - len(question.lstrip(" "))]
    lines = textwrap.wrap(
        question,
        width - 2,
        subsequent_indent=lead,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return "\n".join(lines)


def fitted(line: str) -> str:
    """An output line wrapped at word boundaries to the terminal (80 columns when COLUMNS=80),
    its indentation kept on the lines it continues on; dates, paths and other long words are
    never split. Piped to a script (no terminal, no COLUMNS asked for), one line to grep."""

    if not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        return line
    width = max(40, shutil.get_terminal_size((80, 24)).columns)
    if len(line) <= width:
        return line
    lead = line[: len(line) - len(line.lstrip(" "))]
    parts = textwrap.wrap(
        line, width, subsequent_indent=lead + "  ", break_long_words=False, break_on_hyphens=False
    )
    return "\n".join(parts)


def note(text: str) -> str:
    """A ``Note:`` for stderr: wrapped at word boundaries to a terminal's width; one line per
    note in a script (so it stays one line to grep)."""

    return wrapped(text) if sys.stderr.isatty() else text


def confirm_or_stop(
    ctx: typer.Context, yes: bool, command_name: str, question: str, stopped: Msg
) -> None:
    """Go on when ``--yes`` was given or the person says yes; else say ``stopped``, exit 1.
    With --no-input (and no --yes) it refuses to ask at all."""
    if yes:
        return
    refuse_to_prompt(ctx, command_name, "add --yes to go ahead without asking")
    try:
        confirmed = typer.confirm(wrapped(question), default=False)
    except typer.Abort:
        confirmed = False
    if not confirmed:
        typer.echo(stopped.value, err=True)
        raise typer.Exit(1)


def refuse_to_prompt(ctx: typer.Context, command_name: str, instead: str) -> None:
    """With --no-input (or PAINLOG_NO_INPUT=1), a command that would ask fails in one line."""
    if ctx.obj.no_input:
        raise InvalidInput(say(Msg.NO_INPUT, command=command_name, instead=instead))


TIME_WORD = r"(\d{1,2}([:.]\d{2})?\s*([ap]\.?m\.?)?|[ap]\.?m\.?)"


def _quote_at_hint(message: str, context: typer.Context | None) -> str | None:
    """``--at yesterday 9pm`` typed without quotes: the shell hands ``9pm`` on as another word,
    which then spoils the value. When the refused value ends in words that read as a time and
    --at was given, say to quote the whole time (on the same line: one line per error)."""

    at = context.params.get("at") if context is not None else None
    if "came as a separate word" in message or "as separate words" in message:
        return None  # the gate said it already (painlog.record.words.quote_hint, AT_SPLIT)
    found = re.search(r"'([^']*)'", message)
    if not at or not found or found.group(1).strip() == at.strip():
        return None  # the refused value is --at's own, quoted as it should be
    extra = found.group(1).split()[1:]
    if not extra or not all(re.fullmatch(TIME_WORD, word, re.IGNORECASE) for word in extra):
        return None
    return say(Msg.AT_QUOTE_HINT, extra=" ".join(extra), joined=f"{at} {' '.join(extra)}")


# True while ``painlog.cli.main`` has the cyclic collector paused for start-up.
COLLECTION_PAUSED = False


def resume_collection() -> None:
    """Start-up is over: what it made lives to the end (frozen, never scanned again) and the
    collector runs as usual for the command itself (a long import, a report)."""
    global COLLECTION_PAUSED
    if COLLECTION_PAUSED:
        COLLECTION_PAUSED = False
        gc.freeze()
        gc.enable()


def reports_errors(function: F) -> F:
    """Turn core failures into one line on stderr and the right exit status, never a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        resume_collection()
        try:
            done = function(*args, **kwargs)
            _sync_after_a_write(kwargs.get("ctx"))
            return done
        except PainlogError as error:
            hint = _quote_at_hint(error.message, kwargs.get("ctx"))
            message = visible(error.message) + (f" {hint}" if hint else "")
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(error.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            closed_pipe()
        except Exception as error:
            if not is_database_error(error):
                if os.environ.get("PAINLOG_DEBUG"):
                    raise
                typer.echo(f"Error: {say(Msg.UNEXPECTED, error=error)}", err=True)
                raise typer.Exit(1) from None
            # Failures outside a transaction (a damaged page met while reading, say).
            from painlog.store.db import resolve_path, translate

            context = kwargs.get("ctx")
            path = resolve_path(context.obj.db if context else None)
            failure = translate(error, path)
            typer.echo(f"Error: {visible(failure.message)}", err=True)
            raise typer.Exit(failure.exit_code) from None

    return wrapper  # type: ignore[return-value]


def _sync_after_a_write(ctx: typer.Context | None) -> None:
    """``config set sync auto``: a command that wrote to a journal that syncs exchanges too.

    The one place it happens: every command runs through ``reports_errors``, and the change
    feed (painlog.store.changes) says whether this run closed a step of a joined journal.
    """

    feed = sys.modules.get("painlog.store.changes")
    if feed is None or not feed.WROTE or ctx is None:
        return
    feed.WROTE.clear()
    from painlog.store import settings

    if settings.get("sync") != "auto":
        return
    exchange_quietly(ctx)


# --- sync (painlog.cli.sync): here, as the automatic exchange above needs them too ----------


def exchange_with_folder(
    ctx: typer.Context,
    journal: "Journal",
    read_always: bool,
    readable_calendar: bool | None = None,
) -> "Exchange":
    from painlog.store import changes
    from painlog.sync import engine

    result = engine.exchange(journal, read_always=read_always, readable_calendar=readable_calendar)
    changes.WROTE.clear()  # this was the exchange: nothing more to do after the command
    return result


def exchange_quietly(ctx: typer.Context) -> None:
    """The exchange after a command that wrote (``config set sync auto``): cheap, and a
    failure never undoes what the command saved."""

    try:
        with journal_for(ctx) as journal:
            exchange_with_folder(ctx, journal, read_always=False)
    except PainlogError as error:
        typer.echo(say(Msg.SYNC_AUTO_FAILED, reason=error.message), err=True)


SIGPIPE_STATUS = 141  # 128 + SIGPIPE: what a shell reports for `cat big | head -1`'s cat


def closed_pipe() -> None:
    """The reader of our output went away (``painlog list | head -1``): stop quietly, as Unix
    tools do, with the status of a process ended by SIGPIPE. Output still buffered goes to
    /dev/null, so Python's flush at exit does not complain about the pipe either."""

    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # not a real file (a test's buffer)
            os.dup2(devnull, stream.fileno())
    os.close(devnull)
    raise typer.Exit(SIGPIPE_STATUS)


def _refuse_nul(error: ValueError) -> None:
    """A NUL character in a file name typed (a shell never passes one; a program calling
    painlog may): Python's file functions raise ValueError while click reads the option, before
    any command runs. One line, exit 2; any other ValueError goes on as it was. (A NUL in a
    value the gate reads, a note, is refused there, naming its field.)"""
    if "null byte" not in str(error):
        raise error
    typer.echo(f"Error: {Msg.NUL_ARGUMENT.value}", err=True)
    raise typer.Exit(2)


def refuse_undecodable(args: list[str]) -> None:
    """Arguments that were not UTF-8 reach Python with surrogates (PEP 383); they cannot be
    stored or printed, so refuse them before any command runs (exit 2)."""
    for word in args:
        if isinstance(word, str) and any("\udc80" <= char <= "\udcff" for char in word):
            shown = word.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            typer.echo(f"Error: {say(Msg.NOT_UTF8_ARGUMENT, given=repr(shown))}", err=True)
            raise typer.Exit(2)


def command(group: typer.Typer, name: str, **settings: Any) -> Callable[[F], F]:
    def register(function: F) -> F:
        group.command(name, **settings)(reports_errors(function))
        return function

    return register


@app.callback()
def painlog_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Journal file to use (default: PAINLOG_DB, else your user data folder).",
            show_default=False,
        ),
    ] = None,
    no_input: Annotated[
        bool,
        typer.Option(
            "--no-input",
            envvar=NO_INPUT_ENV,
            help="Never ask anything: a command that would ask fails instead (for scripts).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and stop."
        ),
    ] = False,
) -> None:
    ctx.obj = Settings(db=db, no_input=no_input)
    from painlog import interaction
    from painlog.store import settings

    settings.use_journal(db)  # read when first needed, before the date order parses anything
    from painlog.store.db import resolve_path
    from painlog.store.files import protect_journal

    protect_journal(resolve_path(db), alone=True)  # -o never writes over the journal in use

    interaction.NO_INPUT = no_input  # the library's passphrase prompts read it too


def journal_for(ctx: typer.Context, create: bool = False) -> "Journal":
    from painlog.store.opener import open_journal

    return open_journal(ctx.obj.db, create=create)


# --- options shared by several commands ------------------------------------------------------

AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it happened: 2026-11-23 21:00, 21:00, 9pm, yesterday 8 am, 2h ago, 2d, "
        "last mon 9 pm, this morning, last night (default: now).",
        show_default=False,
    ),
]
EditAtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="Move it to another time: 2026-11-23 21:00, 21:00, 9pm, yesterday 8 am, 2h ago, "
        "last night (without --at its time is kept).",
        show_default=False,
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", help="A note to keep with it.")]
TagOption = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="A tag (repeat for several).", autocompletion=suggest.tags),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="First day: 2026-11-01, 2 weeks ago, last monday …"),
]
UntilOption = Annotated[str | None, typer.Option("--until", help="Last day (default: today).")]
WhereOption = Annotated[
    list[str] | None,
    typer.Option(
        "--where",
        "-w",
        help='Where it hurts; several: "lower back, left hip" (or repeat it).',
        autocompletion=suggest.places,
    ),
]
TriggerOption = Annotated[
    list[str] | None, typer.Option("--trigger", help="What made it worse (repeatable).")
]
ReliefOption = Annotated[
    list[str] | None, typer.Option("--relief", help="What helped (repeatable).")
]
IntensityOption = Annotated[
    str | None, typer.Option("--intensity", "-i", help="light, moderate or vigorous.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
EncryptToOption = Annotated[
    list[str] | None,
    typer.Option(
        "--encrypt-to",
        help="Encrypt the file to this age public key (age1…; repeatable). Needs "
        "painlog[encryption].",
        show_default=False,
    ),
]
EncryptPassphraseOption = Annotated[
    bool,
    typer.Option(
        "--encrypt-passphrase",
        help="Encrypt the file with a passphrase (age; PAINLOG_EXPORT_PASSPHRASE or asked twice).",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Let -o replace an existing file, or write through a symbolic link (to the "
        "file it points to). Never the journal itself.",
    ),
]
IncludePrivateOption = Annotated[
    bool, typer.Option("--include-private", help="Include entries tagged private.")
]


def refuse_stray_options(words: list[str], command_name: str) -> None:
    """With negative numbers let through, a mistyped ``--option`` would pass as a word (the
    rule of add's one grammar, ``record.words``)."""
    from painlog.record.words import refuse_stray_options as refuse

    refuse(words, command_name)


def period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """The days --since and --until name; the rule is the library's (journal/timeparse)."""
    from painlog.journal.timeparse import parse_period

    return parse_period(since, until)
