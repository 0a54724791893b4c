"""Commands that move the journal to and from files: export, import, backup, restore, doctor."""

import io
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from painlog.cli.core import (
    EncryptPassphraseOption,
    EncryptToOption,
    ForceOption,
    SinceOption,
    UntilOption,
    command,
    confirm_or_stop,
    fitted,
    journal_for,
    period,
)
from painlog.cli.core import (
    commands as command_group,
)
from painlog.cli.core import (
    note as note_line,
)
from painlog.errors import InvalidInput, PainlogError, invalid
from painlog.messages import Msg, say, visible
from painlog.messages import count as count_of

commands = command_group()

# --- files ------------------------------------------------------------------------------------


@command(commands, "export")
def export_command(
    ctx: typer.Context,
    format_name: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="csv (one row an entry), json (everything), fhir (R4) or ics (the plan's dose "
            "times and weekly targets, and visits, for a calendar).",
        ),
    ] = "csv",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: print).")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    encrypt_to: EncryptToOption = None,
    encrypt_passphrase: EncryptPassphraseOption = False,
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private", help="FHIR: include entries tagged private (CSV/JSON keep them)."
        ),
    ] = False,
    force: ForceOption = False,
) -> None:
    """Export the journal (files are written owner-only).

    Example: painlog export --format fhir -o journal.json --encrypt-passphrase
    """
    from painlog.formats import check_format, export_journal
    from painlog.formats.agefile import choose
    from painlog.store.files import checked_output, write_private_bytes, write_private_file

    format_name = check_format(format_name.lower())
    first, last = period(since, until)
    encryption = choose(encrypt_to, encrypt_passphrase)
    if encryption is not None and output is None:
        raise InvalidInput(Msg.ENCRYPT_NEEDS_FILE.value)
    if output is not None:
        checked_output(output, force)  # before the journal is read
    with journal_for(ctx) as journal:
        if output is None:
            export_journal(journal, format_name, sys.stdout, first, last, include_private)
            return
        if encryption is not None:
            from painlog.formats.agefile import encrypt

            buffer = io.StringIO(newline="")
            count = export_journal(journal, format_name, buffer, first, last, include_private)
            content = encrypt(buffer.getvalue().encode("utf-8"), encryption)
            write_private_bytes(output, content, force)
        else:
            count = write_private_file(
                output,
                lambda handle: export_journal(
                    journal, format_name, handle, first, last, include_private
                ),
                force,
            )
    noun = "event" if format_name == "ics" else "entry"
    typer.echo(say(Msg.EXPORTED, count=count_of(count, noun), file=output), err=True)


@command(commands, "import")
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(help="A CSV or JSON file from 'painlog export', or an app's export."),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="The app or device that wrote FILE: daylio, bearable, open-meteo (weather), "
            "apple-health, fitbit, google-fit or samsung-health.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Write nothing; show what would be imported.")
    ] = False,
    mood: Annotated[
        list[str] | None,
        typer.Option(
            "--mood", help='Daylio: a mood label\'s value on the 0-10 scale, e.g. "content=8".'
        ),
    ] = None,
    pain_symptom: Annotated[
        list[str] | None,
        typer.Option(
            "--pain-symptom",
            help="Bearable: a symptom that is pain (besides headache, migraine, …ache, …pain); "
            "repeatable.",
            show_default=False,
        ),
    ] = None,
    merge_duplicates: Annotated[
        bool,
        typer.Option(
            "--merge-duplicates",
            help="Daylio/Bearable: fold the duplicates earlier imports left on FILE's days "
            "(see 'painlog doctor'); one undoable change.",
        ),
    ] = False,
    identity: Annotated[
        Path | None,
        typer.Option(
            "--identity",
            help="For an age-encrypted file: your age identity file (a passphrase-encrypted "
            "file asks, or reads PAINLOG_EXPORT_PASSPHRASE).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import entries: all or nothing; records already in the journal (same id) are skipped.
    An app's newer export updates the entries an older one brought (N new, M updated, K
    unchanged).

    Example: painlog import daylio_export.csv --from daylio --mood "content=8" --dry-run
    Example: painlog import bearable.csv --from bearable --pain-symptom "Neck stiffness"
    """
    from painlog.formats.agefile import IDENTITY

    IDENTITY.set(identity)
    if source is None:
        _refuse_app_options(mood, pain_symptom, merge_duplicates)
        _import_painlog_file(ctx, file, dry_run)
        return
    from painlog.formats.devices import DEVICE_SOURCES

    if source.strip().lower() in DEVICE_SOURCES:
        _refuse_app_options(mood, pain_symptom, merge_duplicates)
        import_from_device(ctx, file, source.strip().lower(), dry_run)
        return
    import_from_app(ctx, file, source, dry_run, mood or [], pain_symptom or [], merge_duplicates)


def _import_painlog_file(ctx: typer.Context, file: Path, dry_run: bool) -> None:
    """A painlog CSV or JSON file, through formats.landing; ``dry_run`` writes nothing."""
    from painlog.formats import read_file
    from painlog.formats.landing import land_file, land_streamed, streams
    from painlog.store.db import resolve_path

    exists = resolve_path(ctx.obj.db).exists()
    if not streams(file):  # a JSON file read whole: encrypted, or keys in another order
        with progress_for(file, "Checking") as advance:
            parsed = read_file(file, advance)  # all validated before a journal is touched
        if dry_run and not exists:
            notes: list[str] = []
            result = import_records_dry(parsed)
        else:
            with journal_for(ctx, create=not dry_run) as journal:
                result, notes = land_file(journal, parsed, dry_run)
    elif dry_run and not exists:
        with progress_for(file, "Checking") as advance:
            result, notes = _dry_run_without_journal(file, advance), []
    else:
        with (
            _removed_if_refused(None if exists else resolve_path(ctx.obj.db)),
            progress_for(file, "Importing") as advance,
            journal_for(ctx, create=not dry_run) as journal,
        ):
            result, notes = land_streamed(journal, file, advance, dry_run)
    if dry_run:
        typer.echo(fitted(say(Msg.DRY_RUN_FILE, added=count_of(result.added, "record"),
                              skipped=result.skipped, file=file)))  # fmt: skip
        return
    for note in notes:
        typer.echo(note_line(note), err=True)
    typer.echo(fitted(say(Msg.IMPORTED, added=count_of(result.added, "record"),
                          skipped=result.skipped, file=file)))  # fmt: skip


@contextmanager
def _removed_if_refused(created: Path | None) -> Iterator[None]:
    """A journal this import created is removed again when the file is refused (its one
    transaction was rolled back, so it is empty): a bad file leaves no journal behind."""
    try:
        yield
    except PainlogError:
        if created is not None:
            for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
                Path(f"{created}{suffix}").unlink(missing_ok=True)
        raise


def import_records_dry(parsed: object):
    """A JSON file's dry run with no journal yet: everything would be added."""
    from painlog.formats import TABLES, ImportResult

    total = sum(len(getattr(parsed, kind)) for kind in TABLES)
    return ImportResult(added=total, skipped=0)


def _dry_run_without_journal(file: Path, progress=None):
    """A dry run with no journal yet: the whole file (every record, no id or source key
    twice) into an empty journal in a temporary folder, rolled back and removed."""
    from painlog.formats.landing import land_streamed
    from painlog.store.opener import open_journal

    with (
        tempfile.TemporaryDirectory(prefix="painlog-check-") as folder,
        open_journal(Path(folder) / "check.db", create=True) as journal,
    ):
        return land_streamed(journal, file, progress, dry_run=True)[0]


def import_from_device(ctx: typer.Context, file: Path, source: str, dry_run: bool) -> None:
    """A phone or watch export (formats/devices), landed by source and key like an app's."""
    from painlog.formats import sources
    from painlog.formats.devices import read_device_export
    from painlog.formats.landing import device_entries, land_device, tally
    from painlog.journal.timeparse import local_now
    from painlog.store.db import resolve_path

    with progress_for(file, "Reading") as advance:
        found = read_device_export(source, file, advance)
    entries = device_entries(found, file, local_now())  # checked before a journal is touched
    if dry_run:
        typer.echo(fitted(say(Msg.DEVICE_DRY_RUN, line=found.closing_line())))
        if resolve_path(ctx.obj.db).exists():
            with journal_for(ctx) as journal:
                merge = sources.plan(journal, entries)
            typer.echo(fitted(say(Msg.DEVICE_AGAINST_JOURNAL, tally=tally(merge))))
        return
    with journal_for(ctx, create=True) as journal:
        landed = land_device(journal, entries, file, source)
    for note in landed.notes:
        typer.echo(note_line(note), err=True)
    typer.echo(
        fitted(say(Msg.DEVICE_IMPORTED, line=found.closing_line(), tally=tally(landed.merge)))
    )


def import_from_app(
    ctx: typer.Context,
    file: Path,
    source: str,
    dry_run: bool,
    moods: list[str],
    pain_symptoms: list[str] = (),  # type: ignore[assignment]
    merge_duplicates: bool = False,
) -> None:
    from painlog.formats import sources
    from painlog.formats.apps.common import APPS, parse_mappings
    from painlog.journal.timeparse import local_now
    from painlog.store.db import resolve_path

    app_name = source.strip().lower()
    if app_name not in APPS:
        raise InvalidInput(say(Msg.INVALID, field="--from", given=source, accepted=Msg.FORM_APP))
    if moods and app_name != "daylio":
        raise InvalidInput(Msg.MOOD_MAP_NOT_FOR.value)
    if pain_symptoms and app_name != "bearable":
        raise InvalidInput(Msg.PAIN_SYMPTOM_NOT_FOR.value)
    extra_pain = frozenset(_symptom_names(pain_symptoms))
    now = local_now()
    with progress_for(file, "Checking") as advance:
        if app_name == "daylio":
            from painlog.formats.apps.daylio import parse_daylio

            found = parse_daylio(file, now, parse_mappings(moods), advance)
        elif app_name == "open-meteo":
            from painlog.formats.apps.open_meteo import parse_open_meteo

            found = parse_open_meteo(file, now, advance)
        else:
            from painlog.formats.apps.bearable import parse_bearable

            found = parse_bearable(file, now, advance, extra_pain)
    if dry_run:
        merge = None
        if resolve_path(ctx.obj.db).exists():
            from painlog.formats.landing import duplicates

            with journal_for(ctx) as journal:
                folded = duplicates(journal, found.entries) if merge_duplicates else []
                merge = sources.plan(journal, found.entries, ignore=folded)
        from painlog.cli.views.imports import dry_run_lines

        for line in dry_run_lines(found, file, merge):
            typer.echo(fitted(visible(line)))  # the app's labels and names, as the file has them
        if merge_duplicates and merge is not None:
            typer.echo(fitted(f"  {count_of(len(folded), 'duplicate')} would be folded."))
        return
    if found.unmapped:
        from painlog.formats.apps.daylio import mood_flags

        labels = sorted(found.unmapped, key=str.lower)
        raise InvalidInput(
            say(Msg.UNMAPPED_MOODS, file=file, labels=", ".join(f"'{label}'" for label in labels),
                flags=mood_flags(labels))
        )  # fmt: skip
    from painlog.cli.views.imports import closing_line
    from painlog.formats.landing import APP_NAMES, land_app

    with journal_for(ctx, create=True) as journal:
        landed = land_app(journal, found.entries, file, app_name, merge_duplicates)
    merge, folded = landed.merge, landed.folded
    for note in landed.notes:
        typer.echo(note_line(note), err=True)
    typer.echo(fitted(closing_line(found, merge)))
    if merge_duplicates:
        app = APP_NAMES[app_name]
        if folded:
            typer.echo(
                fitted(
                    say(Msg.MERGED_DUPLICATES, count=count_of(len(folded), "duplicate"), app=app)
                )
            )
        else:
            typer.echo(fitted(say(Msg.NO_DUPLICATES, app=app)))


def _refuse_app_options(mood: object, pain_symptom: object, merge_duplicates: bool) -> None:
    """--mood, --pain-symptom and --merge-duplicates are for Daylio and Bearable only: a
    painlog file or a device's export refuses each by name."""

    if mood:
        raise InvalidInput(Msg.MOOD_MAP_NOT_FOR.value)
    if pain_symptom:
        raise InvalidInput(Msg.PAIN_SYMPTOM_NOT_FOR.value)
    if merge_duplicates:
        raise InvalidInput(Msg.MERGE_DUPLICATES_NOT_FOR.value)


def _symptom_names(given: list[str]) -> list[str]:
    names = [" ".join(name.split()).lower() for name in given]
    for original, name in zip(given, names, strict=True):
        if not name or len(name) > 80:
            raise invalid("--pain-symptom", original, Msg.FORM_PAIN_SYMPTOM)
    return names


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
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(f"{label} {file.name}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        transient=True,
        console=Console(stderr=True),
    ) as bar:
        task = bar.add_task(label, total=1.0)
        yield lambda fraction: bar.update(task, completed=fraction)


@command(commands, "backup")
def backup_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write it (default: the backups folder)."),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Copy the journal to a backup file, safely even while painlog is writing.

    Example: painlog backup -o ~/painlog-backup.db
    """
    from painlog.store.backup import backup_journal, manual_backup_path
    from painlog.store.files import checked_output, private_destination

    if output is not None:
        output = checked_output(output, force)  # before the journal is opened
    with journal_for(ctx) as journal:
        if output is None:
            destination = backup_journal(journal, manual_backup_path(journal))
        else:
            with private_destination(output, force) as temporary:
                backup_journal(journal, temporary)
            destination = output
        entries = journal["entries"].count
    typer.echo(say(Msg.BACKED_UP, entries=count_of(entries, "entry"), path=destination))


@command(commands, "restore")
def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A backup made by 'painlog backup' (or automatic).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the journal with a backup, after checking it and showing what it replaces (asks
    unless --yes); the current journal is kept.

    Example: painlog restore ~/.local/share/painlog/backups/painlog-20261120-manual.db
    """
    from painlog.store.restore import check_backup, describe_content, restore_journal

    checked = check_backup(file)  # before a journal is created or touched
    with journal_for(ctx, create=True) as journal:
        question = say(Msg.CONFIRM_RESTORE, current=describe_content(journal), source=file,
                       incoming=checked.describe())  # fmt: skip
        confirm_or_stop(ctx, yes, "restore", question, Msg.RESTORE_ABORTED)
        kept = restore_journal(journal, file, checked.passphrase)
    typer.echo(
        say(Msg.RESTORED, entries=count_of(checked.entries, "entry"), source=file, kept=kept)
    )


@command(commands, "doctor")
def doctor_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Check the journal (integrity, schema, encryption, permissions, location, backups);
    changes nothing.

    Example: painlog doctor
    """

    from painlog.store.db import resolve_path
    from painlog.store.doctor import FAIL, examine

    findings = examine(resolve_path(ctx.obj.db))
    if as_json:
        typer.echo(json.dumps([asdict(finding) for finding in findings], ensure_ascii=False))
    for finding in findings if not as_json else []:
        line = f"{finding.status.upper():4}  {finding.check}: {finding.detail}"
        typer.echo(visible(line + (f" -> {finding.advice}" if finding.advice else "")))
    if any(finding.status == FAIL for finding in findings):
        raise typer.Exit(1)


# --- encryption -------------------------------------------------------------------------------


@command(commands, "encrypt")
def encrypt_command(
    ctx: typer.Context,
    remember: Annotated[
        bool,
        typer.Option(
            "--remember",
            help="Store the journal's derived key (not the passphrase) in the system keyring, "
            "so commands open it at once (needs keyring).",
        ),
    ] = False,
    rekey: Annotated[
        bool,
        typer.Option(
            "--rekey",
            help="Re-encrypt an encrypted journal with SQLCipher's default key derivation "
            "(256,000 rounds); 'painlog doctor' says which a journal has.",
        ),
    ] = False,
) -> None:
    """Encrypt the journal and painlog's backups of it (SQLCipher; needs painlog[encryption]).

    The passphrase comes from PAINLOG_PASSPHRASE or is asked twice without echo.

    Example: painlog encrypt --remember
    """
    from painlog.store import cipher, conversion
    from painlog.store.db import resolve_path
    from painlog.store.opener import open_journal

    path = resolve_path(ctx.obj.db)
    if not path.exists():
        raise PainlogError(say(Msg.NO_JOURNAL, path=path))
    cipher.sqlcipher()
    conversion.refuse_read_only(path)
    if _recovered(path) and cipher.looks_encrypted(path) and not rekey:
        return
    if rekey:
        _rekey(path, remember)
        return
    if cipher.looks_encrypted(path):
        raise PainlogError(say(Msg.ALREADY_ENCRYPTED, path=path))
    passphrase = cipher.new_passphrase()
    with open_journal(path) as journal:  # brought up to date before it is converted
        entries = journal["entries"].count
    key = cipher.new_key(passphrase)  # derived once, for the journal and every backup
    backups = conversion.convert_journal(path, None, key)
    typer.echo(
        say(Msg.ENCRYPTED_OK, path=path, entries=count_of(entries, "entry"), backups=len(backups))
    )
    if remember:
        stored = cipher.remember(path, key)
        typer.echo(Msg.REMEMBERED.value if stored else Msg.NOT_REMEMBERED.value, err=not stored)


def _recovered(path: Path) -> bool:
    """Finish or roll back an encrypt/decrypt a kill interrupted, and say so."""
    from painlog.store import conversion

    outcome = conversion.recover(path)
    if outcome is not None:
        typer.echo(say(Msg.CONVERSION_RECOVERED, path=path, outcome=outcome), err=True)
    return outcome == "finished"


def _rekey(path: Path, remember: bool) -> None:
    from painlog.store import cipher, conversion

    if not cipher.looks_encrypted(path):
        raise PainlogError(say(Msg.NOT_ENCRYPTED, path=path))
    passphrase = cipher.given_passphrase(path)  # the keyring holds a key, not the passphrase
    if passphrase is None:
        raise PainlogError(say(Msg.REKEY_NEEDS_PASSPHRASE, path=path))
    connection, old = cipher.unlock(path, passphrase)
    connection.close()
    key = cipher.new_key(passphrase)
    backups = conversion.convert_journal(path, old, key)
    typer.echo(say(Msg.REKEYED, path=path, backups=len(backups), rounds=f"{key.rounds:,}"))
    if remember or cipher.remembered(path) is not None:  # the old key no longer opens it
        stored = cipher.remember(path, key)
        typer.echo(Msg.REMEMBERED.value if stored else Msg.NOT_REMEMBERED.value, err=not stored)


@command(commands, "decrypt")
def decrypt_command(ctx: typer.Context) -> None:
    """Turn an encrypted journal (and painlog's backups of it) back into plain SQLite.

    The passphrase comes from the keyring (encrypt --remember), PAINLOG_PASSPHRASE or a prompt.

    Example: painlog decrypt
    """
    from painlog.store import cipher, conversion
    from painlog.store.db import resolve_path
    from painlog.store.opener import open_journal

    path = resolve_path(ctx.obj.db)
    if not path.exists():
        raise PainlogError(say(Msg.NO_JOURNAL, path=path))
    conversion.refuse_read_only(path)
    if _recovered(path) and not cipher.looks_encrypted(path):
        return
    if not cipher.looks_encrypted(path):
        raise PainlogError(say(Msg.NOT_ENCRYPTED, path=path))
    with open_journal(path) as journal:  # checks the passphrase, brings the schema up to date
        entries = journal["entries"].count
        key = journal.passphrase
    backups = conversion.convert_journal(path, key, None)
    cipher.forget(path)
    typer.echo(
        say(Msg.DECRYPTED_OK, path=path, entries=count_of(entries, "entry"), backups=len(backups))
    )
