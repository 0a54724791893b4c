"""Commands for clinic visits: visit, ask, peg, report."""

import json
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from painlog.cli.answers import ask_until_valid, stopped_with_130
from painlog.cli.core import (
    AtOption,
    EncryptPassphraseOption,
    EncryptToOption,
    ForceOption,
    IncludePrivateOption,
    JsonOption,
    NoteOption,
    SinceOption,
    UntilOption,
    command,
    confirm_or_stop,
    journal_for,
    period,
    refuse_to_prompt,
    sub_app,
    wrapped,
)
from painlog.cli.core import (
    commands as command_group,
)
from painlog.errors import InvalidInput
from painlog.messages import Msg, say, visible

commands = command_group()
visit_app = sub_app(
    commands,
    "visit",
    "Clinic visits: log them, list them (reports cover the time since the last one)."
    '\n\nExample: painlog visit add "next thursday" --with "Dr. Rao"',
)


@command(visit_app, "add")
def visit_add(
    ctx: typer.Context,
    day: Annotated[
        str,
        typer.Argument(
            metavar="DATE", help="When: 2026-11-20, today, monday, tomorrow, in 2 weeks …"
        ),
    ],
    with_whom: Annotated[
        str | None, typer.Option("--with", help='Who you saw, e.g. "Dr. Rao, pain clinic".')
    ] = None,
    note: NoteOption = None,
) -> None:
    """Log a clinic visit (past or upcoming).

    Example: painlog visit add 2026-12-03 --with "Dr. Rao, pain clinic"
    """
    from painlog.clinic.visits import add_visit, make_visit
    from painlog.journal.timeparse import parse_any_day

    visit = make_visit(parse_any_day(day, field="DATE"), with_whom, note)
    with journal_for(ctx, create=True) as journal:
        add_visit(journal, visit)
    typer.echo(
        say(Msg.VISIT_ADDED, day=visit.day, who=visit.with_whom or "clinic", id=visit.id[:8])
    )


@command(visit_app, "list")
def visit_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List clinic visits, oldest first.

    Example: painlog visit list --json
    """

    from painlog.clinic.visits import list_visits

    with journal_for(ctx) as journal:
        visits = list_visits(journal)
    if as_json:
        typer.echo(json.dumps([asdict(visit) for visit in visits], ensure_ascii=False, indent=2))
        return
    if not visits:
        typer.echo(Msg.NO_VISITS.value)
    for visit in visits:
        extra = f" - {visit.note}" if visit.note else ""
        typer.echo(visible(f"{visit.id[:8]}  {visit.day}  {visit.with_whom or 'clinic'}{extra}"))


@command(visit_app, "edit")
def visit_edit(
    ctx: typer.Context,
    visit_id: Annotated[str, typer.Argument(metavar="ID", help="The visit's id, or its start.")],
    day: Annotated[str | None, typer.Option("--date", help="A new date (past or future).")] = None,
    with_whom: Annotated[str | None, typer.Option("--with", help="Who you saw.")] = None,
    note: NoteOption = None,
) -> None:
    """Change a visit's date, who it was with, or its note.

    Example: painlog visit edit 3f2a --date "next thursday"
    """

    from painlog.clinic.visits import describe_visit, find_visit, make_visit, update_visit
    from painlog.journal.timeparse import parse_any_day

    if day is None and with_whom is None and note is None:
        raise InvalidInput(Msg.NOTHING_TO_CHANGE_VISIT.value)
    with journal_for(ctx) as journal:
        old = find_visit(journal, visit_id)
        checked = make_visit(
            parse_any_day(day, field="--date") if day else date.fromisoformat(old.day),
            with_whom if with_whom is not None else old.with_whom,
            note if note is not None else old.note,
        )
        new = replace(old, day=checked.day, with_whom=checked.with_whom, note=checked.note)
        update_visit(journal, new)
    typer.echo(
        say(Msg.VISIT_UPDATED, old=describe_visit(old), new=describe_visit(new), id=new.id[:8])
    )


@command(visit_app, "delete")
def visit_delete(
    ctx: typer.Context,
    visit_id: Annotated[str, typer.Argument(metavar="ID", help="The visit's id, or its start.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a visit (asks first unless --yes; 'painlog undo' brings it back).

    Example: painlog visit delete 3f2a --yes
    """
    from painlog.clinic.visits import delete_visit, describe_visit, find_visit

    with journal_for(ctx) as journal:
        visit = find_visit(journal, visit_id)
        question = f"Delete the visit {describe_visit(visit)}?"
        confirm_or_stop(ctx, yes, "visit delete", question, Msg.DELETE_ABORTED)
        delete_visit(journal, visit)
    typer.echo(
        say(Msg.VISIT_DELETED, day=visit.day, who=visit.with_whom or "clinic", id=visit.id[:8])
    )


@command(commands, "ask")
def ask_command(
    ctx: typer.Context,
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help='A question for your next visit; "done ID" ticks one off, "delete ID" removes it.'
        ),
    ] = None,
    show: Annotated[bool, typer.Option("--list", help="List open questions.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Keep questions to bring to your next visit (they appear on the report).

    Example: painlog ask "Can I take naproxen with my new prescription?"
    """
    from painlog.clinic.visits import add_question, mark_question_done, open_questions

    words = words or []
    if show or not words or as_json:
        with journal_for(ctx) as journal:
            questions = open_questions(journal)
        if as_json:
            typer.echo(json.dumps([asdict(q) for q in questions], ensure_ascii=False))
            return
        for question in questions:
            typer.echo(visible(f"{question.id[:8]}  {question.text}"))
        if not questions:
            typer.echo(Msg.NO_QUESTIONS.value)
        return
    if words[0].lower() == "done" and len(words) == 2:
        with journal_for(ctx) as journal:
            question = mark_question_done(journal, words[1])
        typer.echo(say(Msg.QUESTION_DONE, text=question.text, id=question.id[:8]))
        return
    if words[0].lower() == "delete" and len(words) == 2:
        from painlog.clinic.visits import delete_question

        with journal_for(ctx) as journal:
            question = delete_question(journal, words[1])
        typer.echo(say(Msg.QUESTION_DELETED, text=question.text, id=question.id[:8]))
        return
    from painlog.journal.values import clean_text

    text = clean_text(" ".join(words), "question")
    with journal_for(ctx, create=True) as journal:
        question = add_question(journal, text)
    typer.echo(say(Msg.QUESTION_ADDED, text=question.text, id=question.id[:8]))


def ask_peg_items(
    answers: dict[str, str | None], allow_skip: bool = False
) -> dict[str, str] | None:
    """Prompt for each PEG item not given, re-asking after a bad answer. With ``allow_skip``
    (the check-in), Enter skips the PEG: None."""
    from painlog.clinic.visits import PEG_ITEMS, parse_peg_item

    filled: dict[str, str] = {}
    for item, question in PEG_ITEMS:
        given = answers.get(item)
        if given is None:

            def read(text: str, item: str = item) -> str:
                parse_peg_item(text, item)
                return text

            default = "" if allow_skip else None
            given = ask_until_valid(wrapped(question), read, default, skip=allow_skip)
            if given is None:
                return None
        filled[item] = given
    return filled


@command(commands, "peg")
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
    """The PEG scale: three 0-10 questions about the past week (asks for any not given).

    Example: painlog peg --pain 6 --enjoyment 5 --activity 7
    """
    from painlog.clinic.visits import add_pegs, make_peg
    from painlog.journal.timeparse import local_now, parse_past_moment

    now = local_now()
    moment = parse_past_moment(at, now) if at else now
    given = {"pain": pain, "enjoyment": enjoyment, "activity": activity}
    if all(value is not None for value in given.values()):
        peg = make_peg(pain, enjoyment, activity, moment, now)  # type: ignore[arg-type]
    else:
        refuse_to_prompt(ctx, "peg", "give --pain, --enjoyment and --activity")
        with stopped_with_130(Msg.PEG_ABORTED):
            peg = make_peg(**ask_peg_items(given) or {}, at=moment, now=now)
    with journal_for(ctx, create=True) as journal:
        from painlog import interaction
        from painlog.journal.cautions import for_peg

        for caution in for_peg(journal, peg.day):
            if not interaction.can_prompt():
                typer.echo(say(Msg.CAUTION_SAVED, warning=caution.message), err=True)
            elif not typer.confirm(wrapped(f"{caution.message} Save another?"), default=False):
                typer.echo(Msg.CAUTION_CANCELLED.value, err=True)
                return
        add_pegs(journal, [peg])
    typer.echo(say(Msg.PEG_ADDED, score=f"{peg.score:.1f}", id=peg.id[:8]))


@command(commands, "report")
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
    encrypt_to: EncryptToOption = None,
    encrypt_passphrase: EncryptPassphraseOption = False,
    include_private: IncludePrivateOption = False,
    force: ForceOption = False,
) -> None:
    """A one-page report for your clinician (default period: since the last visit, else 4 weeks).

    Entries tagged private are left out unless --include-private; --encrypt-to or
    --encrypt-passphrase write an age-encrypted file you can mail.

    Example: painlog report -o visit.pdf --encrypt-to age1…
    """
    from painlog.journal.timeparse import local_now
    from painlog.report import FORMATS, write_report
    from painlog.report.data import gather

    suffix = Path(output.name.removesuffix(".age")).suffix  # report.pdf.age is a PDF
    chosen = (format_name or suffix.lstrip(".")).lower()
    chosen = {"markdown": "md", "htm": "html"}.get(chosen, chosen)
    if chosen not in FORMATS:
        raise InvalidInput(say(Msg.REPORT_FORMAT, given=format_name or suffix or output))
    if paper.lower() not in {"a4", "letter"}:
        raise InvalidInput(say(Msg.INVALID, field="--paper", given=paper, accepted="a4 or letter"))
    if since and since_last_visit:
        raise InvalidInput(Msg.REPORT_TWO_STARTS.value)
    first, last = period(since, until)
    from painlog.formats.agefile import choose

    encryption = choose(encrypt_to, encrypt_passphrase)  # checked before anything is read
    from painlog.store.files import checked_output

    checked_output(output, force)
    with journal_for(ctx) as journal:
        data = gather(journal, local_now().date(), first, last, since_last_visit,
                      include_private=include_private)  # fmt: skip
    write_report(data, chosen, output, paper, encryption, force)
    typer.echo(
        say(
            Msg.REPORT_WRITTEN,
            file=output,
            since=data.period.since,
            until=data.period.until,
            reason=data.period_reason,
        )
    )
