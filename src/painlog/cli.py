"""The ``painlog`` command: parse what was typed, call the core, print the result.

Nothing here validates, stores or computes; that is the core's job (``entries``, ``summary``, …).
Heavy modules (rich, plotext, dateutil) are imported inside the commands that need them, so
``painlog add`` stays about as fast as starting Python.
"""

import functools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from painlog.errors import PainlogError
from painlog.messages import Msg, say

if TYPE_CHECKING:
    from painlog.db import Journal
    from painlog.summary import Period

F = TypeVar("F", bound=Callable[..., Any])

# "-1" must reach the validator (which says what pain accepts), not click's option parser.
NEGATIVE_NUMBERS_OK = {"ignore_unknown_options": True}

# click's UsageError, wherever this typer version keeps click.
UsageError: type[Exception] = typer.BadParameter.__mro__[1]


class OneLineUsageErrors(TyperGroup):
    """Usage mistakes (a missing argument, a typo'd option) as one line on stderr, exit 2."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as error:
            self._report(error)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as error:
            self._report(error)

    @staticmethod
    def _report(error: Any) -> None:
        where = error.ctx.command_path if getattr(error, "ctx", None) else "painlog"
        message = error.format_message().rstrip()
        message += "" if message.endswith((".", "?", "!")) else "."
        typer.echo(f"Error: {message} See '{where} --help'.", err=True)
        raise typer.Exit(2)


app = typer.Typer(
    name="painlog",
    cls=OneLineUsageErrors,
    help="A private pain and symptom journal: log in seconds, see trends, bring a report to clinic.",
    rich_markup_mode=None,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
add_app = typer.Typer(
    cls=OneLineUsageErrors,
    help="Add an entry: pain, sleep, mood, exercise, medication (med), therapy or note.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(add_app, name="add")
visit_app = typer.Typer(
    cls=OneLineUsageErrors,
    help="Clinic visits: log them, list them (reports cover the time since the last one).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(visit_app, name="visit")


@dataclass
class Settings:
    db: Path | None


def reports_errors(function: F) -> F:
    """Turn core failures into one line on stderr and the right exit status, never a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except PainlogError as error:
            typer.echo(f"Error: {error.message}", err=True)
            raise typer.Exit(error.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except sqlite3.Error as error:
            # Failures outside a transaction (a damaged page met while reading, say).
            from painlog.db import resolve_path, translate

            context = kwargs.get("ctx")
            path = resolve_path(context.obj.db if context else None)
            failure = translate(error, path)
            typer.echo(f"Error: {failure.message}", err=True)
            raise typer.Exit(failure.exit_code) from None
        except Exception as error:
            if os.environ.get("PAINLOG_DEBUG"):
                raise
            typer.echo(f"Error: {say(Msg.UNEXPECTED, error=error)}", err=True)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


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
) -> None:
    ctx.obj = Settings(db=db)


def journal_for(ctx: typer.Context, create: bool = False) -> "Journal":
    from painlog.db import open_journal

    return open_journal(ctx.obj.db, create=create)


# --- options shared by several commands ------------------------------------------------------

AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it happened: 2026-11-23 21:00, 21:00, 9pm, yesterday 9pm, 3 days ago, "
        "last monday (default: now).",
        show_default=False,
    ),
]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", help="A note to keep with it.")]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="A tag (repeat for several).")
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="First day: 2026-11-01, 2 weeks ago, last monday …"),
]
UntilOption = Annotated[str | None, typer.Option("--until", help="Last day (default: today).")]
WhereOption = Annotated[
    list[str] | None,
    typer.Option("--where", "-w", help="Where it hurts (repeat for several places)."),
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


def refuse_stray_options(words: list[str], command_name: str) -> None:
    """With negative numbers let through, a mistyped ``--option`` would pass as a word."""
    from painlog.errors import InvalidInput

    for word in words:
        if word.startswith("--") or (word.startswith("-") and not word[1:2].isdigit()):
            raise InvalidInput(say(Msg.UNKNOWN_OPTION, option=word, command=command_name))


def period(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    from painlog.errors import InvalidInput
    from painlog.timeparse import local_now, parse_day

    now = local_now()
    first = parse_day(since, now, "--since") if since else None
    last = parse_day(until, now, "--until") if until else None
    if first and last and first > last:
        raise InvalidInput(say(Msg.PERIOD_BACKWARDS, since=first, until=last))
    return first, last


def save_new_entry(
    ctx: typer.Context,
    kind: str,
    at: str | None,
    default_at: Callable[[datetime], datetime] | None = None,
    **fields: Any,
) -> None:
    """Validate first, then open (or create) the journal: bad input never creates a file."""
    from painlog.entries import add_entries, make_entry
    from painlog.timeparse import local_now, parse_past_moment

    now = local_now()
    if at:
        moment = parse_past_moment(at, now)
    elif default_at:
        moment = default_at(now)
    else:
        moment = now
    entry = make_entry(kind, moment, now=now, **fields)
    with journal_for(ctx, create=True) as journal:
        add_entries(journal, [entry])
    typer.echo(say(Msg.ADDED, description=entry.describe(), id=entry.short_id))


# --- painlog add … ----------------------------------------------------------------------------


@command(add_app, "pain", context_settings=NEGATIVE_NUMBERS_OK)
def add_pain(
    ctx: typer.Context,
    value: Annotated[str, typer.Argument(help="Pain now, 0 (none) to 10 (worst), e.g. 6 or 6.5.")],
    where: WhereOption = None,
    quality: Annotated[
        str | None,
        typer.Option(
            "--quality",
            "-q",
            help="aching, burning, stabbing, throbbing, shooting, tingling, cramping, dull, "
            "sharp or other.",
        ),
    ] = None,
    trigger: TriggerOption = None,
    relief: ReliefOption = None,
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log pain intensity on the 0–10 scale."""
    refuse_stray_options([value], "add pain")
    save_new_entry(
        ctx,
        "pain",
        at,
        value=value,
        quality=quality,
        location=where or (),
        trigger=trigger or (),
        relief=relief or (),
        tags=tag or (),
        note=note,
    )


@command(add_app, "sleep", context_settings=NEGATIVE_NUMBERS_OK)
def add_sleep(
    ctx: typer.Context,
    hours: Annotated[str, typer.Argument(help="Hours slept: 7.5, 7h30m, 7h or 450m.")],
    quality: Annotated[
        str | None, typer.Option("--quality", "-q", help="Sleep quality, 1 (very poor) to 5.")
    ] = None,
    tag: TagOption = None,
    note: NoteOption = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="When you woke up (default: this morning). Sleep counts for that day."
        ),
    ] = None,
) -> None:
    """Log last night's sleep (naps add up within a day)."""
    from painlog.timeparse import default_sleep_at

    refuse_stray_options([hours], "add sleep")
    save_new_entry(
        ctx, "sleep", at, default_sleep_at, value=hours, quality=quality, tags=tag or (), note=note
    )


@command(add_app, "mood", context_settings=NEGATIVE_NUMBERS_OK)
def add_mood(
    ctx: typer.Context,
    value: Annotated[str, typer.Argument(help="Mood, 0 (worst) to 10 (best).")],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log mood on a 0–10 scale (higher is better)."""
    refuse_stray_options([value], "add mood")
    save_new_entry(ctx, "mood", at, value=value, tags=tag or (), note=note)


def _add_named(ctx: typer.Context, kind: str, words: list[str], **fields: Any) -> None:
    from painlog.entries import split_words

    refuse_stray_options(words, f"add {kind}")
    save_new_entry(ctx, kind, fields.pop("at"), **split_words(kind, words), **fields)


@command(add_app, "exercise", context_settings=NEGATIVE_NUMBERS_OK)
def add_exercise(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="Activity then duration: walk 30m, tai chi 1h, swim 45.")
    ],
    intensity: IntensityOption = None,
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log exercise: what and for how long."""
    _add_named(ctx, "exercise", words, intensity=intensity, tags=tag or (), note=note, at=at)


def add_medication(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Name then dose: ibuprofen 400mg, paracetamol 2 tablets, salbutamol 2 puffs."
        ),
    ],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log a medication dose taken."""
    _add_named(ctx, "medication", words, tags=tag or (), note=note, at=at)


command(add_app, "medication", context_settings=NEGATIVE_NUMBERS_OK)(add_medication)
command(add_app, "med", context_settings=NEGATIVE_NUMBERS_OK, hidden=True)(add_medication)


@command(add_app, "therapy", context_settings=NEGATIVE_NUMBERS_OK)
def add_therapy(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(help="Therapy then, optionally, minutes: massage 60m, physical therapy 45."),
    ],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log a therapy session (physical therapy, massage, acupuncture, CBT, …)."""
    _add_named(ctx, "therapy", words, tags=tag or (), note=note, at=at)


@command(add_app, "note")
def add_note(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help='The note, e.g. "Flare after the long drive".')
    ],
    tag: TagOption = None,
    at: AtOption = None,
) -> None:
    """Log a free-text note (add --tag clinic to bring it to your next visit).

    A note that starts with "-" goes after "--": painlog add note -- "-5 after the walk".
    """
    save_new_entry(ctx, "note", at, note=" ".join(words), tags=tag or ())


# --- reading and changing entries --------------------------------------------------------------


@command(app, "list")
def list_command(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            help="Show only the newest N (default: 50 in the table when no period is given; "
            "all with --json).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List entries, oldest first."""
    from painlog.entries import list_entries, parse_kind

    kind = parse_kind(kind) if kind else None
    first, last = period(since, until)
    if limit is None and not as_json and not (first or last):
        limit = 50
    with journal_for(ctx) as journal:
        entries = list_entries(journal, kind, first, last, limit)
    if as_json:
        import json

        typer.echo(json.dumps([entry.as_json() for entry in entries], ensure_ascii=False, indent=2))
    elif not entries:
        typer.echo(Msg.NO_ENTRIES.value)
    else:
        from painlog.views import print_entries

        print_entries(entries)


@command(app, "edit", context_settings=NEGATIVE_NUMBERS_OK)
def edit_command(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The id, or a unique start of it.")],
    words: Annotated[
        list[str] | None,
        typer.Argument(help="A new value, as for add: 7, 7h30m, walk 45m, ibuprofen 200mg."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="New name (exercise, med, therapy).")
    ] = None,
    quality: Annotated[str | None, typer.Option("--quality", "-q", help="New quality.")] = None,
    where: WhereOption = None,
    trigger: TriggerOption = None,
    relief: ReliefOption = None,
    intensity: IntensityOption = None,
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Change an entry. List options (--where, --tag, …) replace the old list."""
    from painlog.entries import edited, find_entry, replace_entry, value_changes
    from painlog.timeparse import local_now, parse_past_moment

    refuse_stray_options(words or [], "edit")
    now = local_now()
    options = {
        "name": name,
        "quality": quality,
        "location": where,
        "trigger": trigger,
        "relief": relief,
        "intensity": intensity,
        "tags": tag,
        "note": note,
    }
    changes = {key: value for key, value in options.items() if value is not None}
    if at:
        changes["at"] = parse_past_moment(at, now)
    with journal_for(ctx) as journal:
        entry = find_entry(journal, entry_id)
        if words:
            changes.update(value_changes(words, kind=entry.kind))
        updated = edited(entry, changes, now)
        replace_entry(journal, updated)
    typer.echo(say(Msg.UPDATED, description=updated.describe(), id=updated.short_id))


@command(app, "delete")
def delete_command(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The id, or a unique start of it.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an entry (asks first unless --yes)."""
    from painlog.entries import delete_entry, find_entry

    with journal_for(ctx) as journal:
        entry = find_entry(journal, entry_id)
        question = say(Msg.CONFIRM_DELETE, description=entry.describe(), id=entry.short_id)
        try:
            confirmed = yes or typer.confirm(question, default=False)
        except typer.Abort:
            confirmed = False
        if not confirmed:
            typer.echo(Msg.DELETE_ABORTED.value, err=True)
            raise typer.Exit(1)
        delete_entry(journal, entry)
    typer.echo(say(Msg.DELETED, description=entry.describe(), id=entry.short_id))


# --- files ------------------------------------------------------------------------------------


@command(app, "export")
def export_command(
    ctx: typer.Context,
    format_name: Annotated[
        str, typer.Option("--format", "-f", help="csv (SPEC.md), json (everything) or fhir (R4).")
    ] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: print).")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Export the journal (files are written owner-only)."""
    from painlog.formats import check_format, export_journal, write_private_file

    format_name = check_format(format_name.lower())
    first, last = period(since, until)
    with journal_for(ctx) as journal:
        if output is None:
            export_journal(journal, format_name, sys.stdout, first, last)
            return
        count = write_private_file(
            output, lambda handle: export_journal(journal, format_name, handle, first, last)
        )
    typer.echo(say(Msg.EXPORTED, count=count, file=output), err=True)


@command(app, "import")
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="A CSV or JSON file as written by 'painlog export'.")
    ],
) -> None:
    """Import entries: all or nothing; records already in the journal (same id) are skipped."""
    from painlog.formats import import_records, read_file

    with progress_for(file, "Checking") as advance:
        parsed = read_file(file, advance)  # all validated before a journal is touched
    with journal_for(ctx, create=True) as journal:
        result = import_records(journal, parsed)
    typer.echo(say(Msg.IMPORTED, added=result.added, skipped=result.skipped, file=file))


PROGRESS_FROM_BYTES = 1_000_000


@contextmanager
def progress_for(file: Path, label: str) -> Iterator[Callable[[float], None] | None]:
    """A progress bar on stderr for large files (when stderr is a terminal)."""
    try:
        size = file.stat().st_size
    except OSError:
        size = 0
    if size < PROGRESS_FROM_BYTES or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(f"{label} {file.name}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
        console=None,
    ) as bar:
        task = bar.add_task(label, total=1.0)
        yield lambda fraction: bar.update(task, completed=fraction)


@command(app, "demo")
def demo_command() -> None:
    """Build an 8-week sample journal in a temporary folder and show it (your journal is untouched)."""
    from painlog.db import resolve_path
    from painlog.demo import DEMO_WEEKS, build_demo_journal

    demo = build_demo_journal()
    counts = ", ".join(f"{count} {kind}" for kind, count in demo.counts.items())
    typer.echo(
        say(
            Msg.DEMO_MADE,
            count=demo.entries,
            weeks=DEMO_WEEKS,
            start=demo.first_day,
            end=demo.last_day,
            path=demo.path,
            summary=counts,
        )
    )
    show_demo(demo.path)
    typer.echo(say(Msg.DEMO_EXPLORE, path=demo.path))
    typer.echo(say(Msg.DEMO_NEXT, path=resolve_path()))


def show_demo(path: Path) -> None:
    """The sample journal's last four weeks: summary, then the pain and sleep chart."""
    from painlog.charts import render
    from painlog.db import open_journal
    from painlog.summary import default_period, summarize
    from painlog.views import print_summary

    with open_journal(path) as journal:
        last_day = date.fromisoformat(journal.execute("SELECT max(day) FROM entries").fetchone()[0])
        chosen = default_period(last_day)
        print_summary(summarize(journal, chosen))
        typer.echo(render(journal, ["pain", "sleep"], chosen) or "")


@command(app, "checkin")
def checkin_command(ctx: typer.Context) -> None:
    """Answer a few questions about today; Enter skips one. Saved together at the end."""
    from painlog.checkin import QUESTIONS, entries_from_answers, save_checkin, should_ask
    from painlog.clinic import make_peg
    from painlog.errors import InvalidInput
    from painlog.timeparse import local_now

    now = local_now()
    answers: dict[str, str] = {}
    try:
        for question in QUESTIONS:
            while should_ask(question, answers):
                answer = typer.prompt(question.prompt, default="", show_default=False).strip()
                answers[question.key] = answer
                try:
                    entries_from_answers(answers, now)
                    break
                except InvalidInput as error:
                    answers.pop(question.key)
                    typer.echo(say(Msg.CHECKIN_RETRY, error=error.message), err=True)
        pegs = []
        if peg_due(ctx, now) and typer.confirm(Msg.PEG_OFFER.value, default=False):
            pegs.append(make_peg(**ask_peg_items({}), at=now, now=now))
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("\n" + Msg.CHECKIN_ABORTED.value, err=True)
        raise typer.Exit(130) from None
    entries = entries_from_answers(answers, now)
    if not entries and not pegs:
        typer.echo(Msg.CHECKIN_NOTHING.value)
        return
    with journal_for(ctx, create=True) as journal:
        save_checkin(journal, entries, pegs)
    typer.echo(say(Msg.CHECKIN_SAVED, count=len(entries)))
    for entry in entries:
        typer.echo(f"  {entry.kind} {entry.what()} ({entry.short_id})")
    for peg in pegs:
        typer.echo(say(Msg.PEG_ADDED, score=f"{peg.score:.1f}", id=peg.id[:8]))


def peg_due(ctx: typer.Context, now: datetime) -> bool:
    """The weekly PEG is offered when none was answered in the last seven days."""
    from painlog.clinic import peg_is_due
    from painlog.db import resolve_path

    if not resolve_path(ctx.obj.db).exists():
        return True
    with journal_for(ctx) as journal:
        return peg_is_due(journal, now)


WeekStartOption = Annotated[
    str,
    typer.Option(
        "--week-start",
        envvar="PAINLOG_WEEK_START",
        help="First day of the week (default monday; or set PAINLOG_WEEK_START).",
    ),
]


def summary_period(since: str | None, until: str | None, week_start: str) -> "Period":
    from painlog.summary import Period, default_period
    from painlog.timeparse import local_now, parse_weekday

    first_weekday = parse_weekday(week_start)
    first, last = period(since, until)
    default = default_period(last or local_now().date(), first_weekday)
    return Period(first or default.since, last or default.until, first_weekday)


@command(app, "summary")
def summary_command(
    ctx: typer.Context,
    since: SinceOption = None,
    until: UntilOption = None,
    week_start: WeekStartOption = "monday",
    as_json: JsonOption = False,
) -> None:
    """Weekly summary: pain, sleep, mood, exercise, medication, therapy (default: last 4 weeks)."""
    from painlog.summary import summarize

    chosen = summary_period(since, until, week_start)
    with journal_for(ctx) as journal:
        data = summarize(journal, chosen)
    if as_json:
        import json

        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        from painlog.views import print_summary

        print_summary(data)


@command(app, "chart")
def chart_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Argument(help="pain, sleep, mood, exercise or medication (default: pain and sleep)."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Chart daily values in the terminal (default: pain and sleep, last 4 weeks)."""
    from painlog.charts import CHART_KINDS, render
    from painlog.entries import parse_kind
    from painlog.errors import InvalidInput

    kinds = ["pain", "sleep"]
    if kind:
        chosen = parse_kind(kind)
        if chosen not in CHART_KINDS:
            raise InvalidInput(say(Msg.CHART_KIND, given=kind))
        kinds = [chosen]
    chosen_period = summary_period(since, until, "monday")
    with journal_for(ctx) as journal:
        text = render(journal, kinds, chosen_period)
    if text is None:
        typer.echo(
            say(
                Msg.NOTHING_TO_CHART,
                what=" or ".join(kinds),
                since=chosen_period.since,
                until=chosen_period.until,
            )
        )
        return
    typer.echo(text)


@command(app, "calendar")
def calendar_command(
    ctx: typer.Context,
    months: Annotated[
        int, typer.Option("--months", "-m", min=1, max=36, help="How many months to show.")
    ] = 3,
) -> None:
    """A month-by-month heat map of daily pain: flares and gaps at a glance."""
    from painlog.heatmap import render_calendar
    from painlog.timeparse import local_now
    from painlog.views import console

    out = console()
    with journal_for(ctx) as journal:
        grid = render_calendar(journal, months, local_now().date(), out.width)
    out.print(grid)


@command(app, "backup")
def backup_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write it (default: the backups folder)."),
    ] = None,
) -> None:
    """Copy the journal to a backup file, safely even while painlog is writing."""
    from painlog.backup import backup_journal, manual_backup_path

    with journal_for(ctx) as journal:
        destination = backup_journal(journal, output or manual_backup_path(journal))
        entries = journal["entries"].count
    typer.echo(say(Msg.BACKED_UP, entries=entries, path=destination))


@command(app, "restore")
def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup made by 'painlog backup' (or automatic).")],
) -> None:
    """Replace the journal with a backup, after checking it; the current journal is kept."""
    from painlog.backup import check_backup, restore_journal

    check_backup(file)  # before a journal is created or touched
    with journal_for(ctx, create=True) as journal:
        checked, kept = restore_journal(journal, file)
    typer.echo(say(Msg.RESTORED, entries=checked.entries, source=file, kept=kept))


@command(app, "doctor")
def doctor_command(ctx: typer.Context) -> None:
    """Check the journal (integrity, schema, permissions, location, backups); changes nothing."""
    from painlog.db import resolve_path
    from painlog.doctor import FAIL, examine

    findings = examine(resolve_path(ctx.obj.db))
    for finding in findings:
        line = f"{finding.status.upper():4}  {finding.check}: {finding.detail}"
        typer.echo(line + (f" -> {finding.advice}" if finding.advice else ""))
    if any(finding.status == FAIL for finding in findings):
        raise typer.Exit(1)


@command(visit_app, "add")
def visit_add(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="When: 2026-11-20, today, monday …")],
    with_whom: Annotated[
        str | None, typer.Option("--with", help='Who you saw, e.g. "Dr. Rao, pain clinic".')
    ] = None,
    note: NoteOption = None,
) -> None:
    """Log a clinic visit (past or upcoming)."""
    from painlog.clinic import add_visit, make_visit
    from painlog.timeparse import parse_day

    visit = make_visit(parse_day(day, field="DATE"), with_whom, note)
    with journal_for(ctx, create=True) as journal:
        add_visit(journal, visit)
    typer.echo(
        say(Msg.VISIT_ADDED, day=visit.day, who=visit.with_whom or "clinic", id=visit.id[:8])
    )


@command(visit_app, "list")
def visit_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List clinic visits, oldest first."""
    from dataclasses import asdict

    from painlog.clinic import list_visits

    with journal_for(ctx) as journal:
        visits = list_visits(journal)
    if as_json:
        import json

        typer.echo(json.dumps([asdict(visit) for visit in visits], ensure_ascii=False, indent=2))
        return
    if not visits:
        typer.echo(Msg.NO_VISITS.value)
    for visit in visits:
        extra = f" - {visit.note}" if visit.note else ""
        typer.echo(f"{visit.id[:8]}  {visit.day}  {visit.with_whom or 'clinic'}{extra}")


@command(app, "ask")
def ask_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(help='A question for your next visit, or "done ID" to tick one off.'),
    ] = None,
    show: Annotated[bool, typer.Option("--list", help="List open questions.")] = False,
) -> None:
    """Keep questions to bring to your next visit (they appear on the report)."""
    from painlog.clinic import add_question, mark_question_done, open_questions

    words = words or []
    if show or not words:
        with journal_for(ctx) as journal:
            questions = open_questions(journal)
        for question in questions:
            typer.echo(f"{question.id[:8]}  {question.text}")
        if not questions:
            typer.echo(Msg.NO_QUESTIONS.value)
        return
    if words[0].lower() == "done" and len(words) == 2:
        with journal_for(ctx) as journal:
            question = mark_question_done(journal, words[1])
        typer.echo(say(Msg.QUESTION_DONE, text=question.text, id=question.id[:8]))
        return
    from painlog.values import clean_text

    text = clean_text(" ".join(words), "question")
    with journal_for(ctx, create=True) as journal:
        question = add_question(journal, text)
    typer.echo(say(Msg.QUESTION_ADDED, text=question.text, id=question.id[:8]))


def ask_peg_items(answers: dict[str, str | None]) -> dict[str, str]:
    """Prompt for each PEG item not given, re-asking after a bad answer."""
    from painlog.clinic import PEG_ITEMS, parse_peg_item
    from painlog.errors import InvalidInput

    filled: dict[str, str] = {}
    for item, question in PEG_ITEMS:
        given = answers.get(item)
        while given is None:
            given = typer.prompt(question)
            try:
                parse_peg_item(given, item)
            except InvalidInput as error:
                typer.echo(f"  {error.message}", err=True)
                given = None
        filled[item] = given
    return filled


@command(app, "peg")
def peg_command(
    ctx: typer.Context,
    pain: Annotated[
        str | None, typer.Option("--pain", help="Average pain, past week, 0-10.")
    ] = None,
    enjoyment: Annotated[
        str | None, typer.Option("--enjoyment", help="Interference with enjoyment of life, 0-10.")
    ] = None,
    activity: Annotated[
        str | None, typer.Option("--activity", help="Interference with general activity, 0-10.")
    ] = None,
    at: AtOption = None,
) -> None:
    """The PEG scale: three 0-10 questions about the past week (asks for any not given)."""
    from painlog.clinic import add_pegs, make_peg
    from painlog.timeparse import local_now, parse_past_moment

    now = local_now()
    moment = parse_past_moment(at, now) if at else now
    given = {"pain": pain, "enjoyment": enjoyment, "activity": activity}
    if all(value is not None for value in given.values()):
        peg = make_peg(pain, enjoyment, activity, moment, now)  # type: ignore[arg-type]
    else:
        try:
            peg = make_peg(**ask_peg_items(given), at=moment, now=now)
        except (typer.Abort, KeyboardInterrupt):
            typer.echo("\n" + Msg.PEG_ABORTED.value, err=True)
            raise typer.Exit(130) from None
    with journal_for(ctx, create=True) as journal:
        add_pegs(journal, [peg])
    typer.echo(say(Msg.PEG_ADDED, score=f"{peg.score:.1f}", id=peg.id[:8]))


@command(app, "report")
def report_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    format_name: Annotated[
        str | None,
        typer.Option("--format", "-f", help="md, html or pdf (default: from the file name)."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    since_last_visit: Annotated[
        bool,
        typer.Option("--since-last-visit", help="From the last logged visit (the default)."),
    ] = False,
    paper: Annotated[str, typer.Option("--paper", help="a4 or letter.")] = "a4",
) -> None:
    """A one-page report for your clinician (default period: since the last visit, else 4 weeks)."""
    from painlog.errors import InvalidInput
    from painlog.report import FORMATS, write_report
    from painlog.report.data import gather
    from painlog.timeparse import local_now

    chosen = (format_name or output.suffix.lstrip(".")).lower()
    chosen = {"markdown": "md", "htm": "html"}.get(chosen, chosen)
    if chosen not in FORMATS:
        raise InvalidInput(say(Msg.REPORT_FORMAT, given=format_name or output.suffix or output))
    if paper.lower() not in {"a4", "letter"}:
        raise InvalidInput(say(Msg.INVALID, field="--paper", given=paper, accepted="a4 or letter"))
    if since and since_last_visit:
        raise InvalidInput(Msg.REPORT_TWO_STARTS.value)
    first, last = period(since, until)
    with journal_for(ctx) as journal:
        data = gather(journal, local_now().date(), first, last, since_last_visit)
    write_report(data, chosen, output, paper)
    typer.echo(
        say(
            Msg.REPORT_WRITTEN,
            file=output,
            since=data.period.since,
            until=data.period.until,
            reason=data.period_reason,
        )
    )


def main() -> None:
    app(prog_name="painlog")
