"""Commands that write and read entries: add, list, edit, delete, checkin."""

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from painlog.cli import words as suggest
from painlog.cli.answers import ask_until_valid, here, say_notes, stopped_with_130
from painlog.cli.core import (
    NEGATIVE_NUMBERS_OK,
    AtOption,
    EditAtOption,
    IntensityOption,
    JsonOption,
    NoteOption,
    ReliefOption,
    SinceOption,
    TagOption,
    TriggerOption,
    UntilOption,
    WhereOption,
    command,
    confirm_or_stop,
    journal_for,
    period,
    refuse_stray_options,
    refuse_to_prompt,
    sub_app,
    wrapped,
)
from painlog.cli.core import (
    commands as command_group,
)
from painlog.errors import InvalidInput
from painlog.messages import Msg, say, visible
from painlog.messages import count as count_of

if TYPE_CHECKING:  # the gate is imported by the commands that save, when they run
    from painlog.record.words import Draft

commands = command_group()
add_app = sub_app(
    commands,
    "add",
    "Add an entry: pain, sleep, mood, exercise, medication (med), therapy, side-effect, "
    "note, steps, heart-rate, symptom or factor.\n\nExample: painlog add sleep 7h30m --quality 3",
)


def save_new_entry(ctx: typer.Context, draft: "Draft") -> None:
    """Validate first, then open (or create) the journal: bad input never creates a file.
    The gate (``painlog.record``) does the rest; here it is asked and said."""
    from painlog import record
    from painlog.journal.timeparse import local_now
    from painlog.store.db import resolve_path

    now = local_now()
    answers = here()
    planned = record.needs_plan(draft)
    if not planned or not resolve_path(ctx.obj.db).exists():
        entry = record.make(draft, now=now)  # before a journal exists (no plan: refused)
    with journal_for(ctx, create=True) as journal:  # opened once: the plan, the dose, limits
        if planned:
            entry = record.make(draft, journal, answers, now)
        saved = record.save(journal, entry, answers)
    say_notes(saved.notes)
    if saved.entry is None:
        return
    if saved.replaced:
        old = count_of(
            saved.replaced, f"earlier {draft.kind} entry", f"earlier {draft.kind} entries"
        )
        typer.echo(
            say(Msg.REPLACED, old=old, description=saved.entry.describe(), id=saved.entry.short_id)
        )
    else:
        typer.echo(say(Msg.ADDED, description=saved.entry.describe(), id=saved.entry.short_id))
    say_notes(saved.limits)


def _draft(kind: str, words: list[str], at: str | None, **options: Any) -> "Draft":
    from painlog.record.words import Draft

    return Draft(kind, tuple(words), at, options)


# --- painlog add … ----------------------------------------------------------------------------


@command(add_app, "pain", context_settings=NEGATIVE_NUMBERS_OK)
def add_pain(
    ctx: typer.Context,
    value: Annotated[
        list[str],
        typer.Argument(help="Pain now, 0 (none) to 10 (worst): 6, 6.5, 6/10, 6 out of 10."),
    ],
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
    """Log pain intensity on the 0–10 scale.

    Example: painlog add pain 6 --where "lower back, left hip" --at "this morning"
    """
    refuse_stray_options(value, "add pain")
    save_new_entry(ctx, _draft("pain", value, at, quality=quality, location=where, trigger=trigger,
                               relief=relief, tags=tag, note=note))  # fmt: skip


@command(add_app, "sleep", context_settings=NEGATIVE_NUMBERS_OK)
def add_sleep(
    ctx: typer.Context,
    hours: Annotated[
        list[str],
        typer.Argument(help="Hours slept: 7.5, 7h30m, 7h30, 7h, 450m, 7 1/2, 7 and a half."),
    ],
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
    """Log last night's sleep (naps add up within a day).

    Example: painlog add sleep 7h30 --quality 3
    """
    refuse_stray_options(hours, "add sleep")
    save_new_entry(ctx, _draft("sleep", hours, at, quality=quality, tags=tag, note=note))


@command(add_app, "mood", context_settings=NEGATIVE_NUMBERS_OK)
def add_mood(
    ctx: typer.Context,
    value: Annotated[list[str], typer.Argument(help="Mood, 0 (worst) to 10 (best): 4 or 4/10.")],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log mood on a 0–10 scale (higher is better).

    Example: painlog add mood 4 --at "last night"
    """
    refuse_stray_options(value, "add mood")
    save_new_entry(ctx, _draft("mood", value, at, tags=tag, note=note))


@command(add_app, "steps", context_settings=NEGATIVE_NUMBERS_OK)
def add_steps(
    ctx: typer.Context,
    value: Annotated[list[str], typer.Argument(help="Steps that day: a whole number, 0-200000.")],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log a day's step count (what a phone or watch counted).

    Example: painlog add steps 6500 --at yesterday
    """
    refuse_stray_options(value, "add steps")
    save_new_entry(ctx, _draft("steps", value, at, tags=tag, note=note))


@command(add_app, "heart-rate", context_settings=NEGATIVE_NUMBERS_OK)
def add_heart_rate(
    ctx: typer.Context,
    value: Annotated[
        list[str], typer.Argument(help="Resting heart rate, beats per minute: 20-250.")
    ],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log a resting heart rate in beats per minute.

    Example: painlog add heart-rate 62
    """
    refuse_stray_options(value, "add heart-rate")
    save_new_entry(ctx, _draft("heart-rate", value, at, tags=tag, note=note))


def _add_named(ctx: typer.Context, kind: str, words: list[str], **fields: Any) -> None:
    refuse_stray_options(words, f"add {kind}")
    save_new_entry(ctx, _draft(kind, words, fields.pop("at"), **fields))


@command(add_app, "exercise", context_settings=NEGATIVE_NUMBERS_OK)
def add_exercise(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Activity then duration: walk 30m, tai chi 1h, swim 45.",
            autocompletion=suggest.names("exercise"),
        ),
    ],
    intensity: IntensityOption = None,
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log exercise: what and for how long.

    Example: painlog add exercise walk 30m --intensity moderate
    """
    _add_named(ctx, "exercise", words, intensity=intensity, tags=tag, note=note, at=at)


def add_medication(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Name then dose: ibuprofen 400mg, paracetamol 2 tablets, salbutamol 2 puffs "
            "(no dose: the dose in your plan).",
            autocompletion=suggest.names("medication"),
        ),
    ],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
    contains: Annotated[
        str | None,
        typer.Option(
            "--contains",
            help="What one unit holds (combination products, strengths painlog cannot know): "
            '"codeine 30mg, acetaminophen 300mg".',
            show_default=False,
        ),
    ] = None,
    wear: Annotated[
        str | None,
        typer.Option(
            "--wear",
            help="How long this patch is worn, e.g. 72h: it counts on each day it is worn "
            "(wins over the medicine's --wear).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Log a medication dose taken (with no dose: your plan's dose).

    Example: painlog add med ibuprofen 400mg --at "yesterday 9pm"
    """
    refuse_stray_options(words, "add medication")
    draft = _draft("medication", words, at, tags=tag, note=note, contains=contains, wear=wear)
    save_new_entry(ctx, draft)


command(add_app, "medication", context_settings=NEGATIVE_NUMBERS_OK)(add_medication)
command(add_app, "med", context_settings=NEGATIVE_NUMBERS_OK, hidden=True)(add_medication)


@command(add_app, "therapy", context_settings=NEGATIVE_NUMBERS_OK)
def add_therapy(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Therapy then, optionally, minutes: massage 60m, physical therapy 45.",
            autocompletion=suggest.names("therapy"),
        ),
    ],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log a therapy session (physical therapy, massage, acupuncture, CBT, …).

    Example: painlog add therapy massage 60m
    """
    _add_named(ctx, "therapy", words, tags=tag, note=note, at=at)


@command(add_app, "symptom", context_settings=NEGATIVE_NUMBERS_OK)
def add_symptom(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="Symptom then its rating 0-10: fatigue 6, brain fog 4.5.",
            autocompletion=suggest.names("symptom", suggest.STARTER_SYMPTOMS),
        ),
    ],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log a symptom other than pain, rated 0 (none) to 10 (worst imaginable).

    Example: painlog add symptom fatigue 6
    """
    _add_named(ctx, "symptom", words, tags=tag, note=note, at=at)


@command(add_app, "factor", context_settings=NEGATIVE_NUMBERS_OK)
def add_factor(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            help="What happened that day, then optionally an amount and unit: caffeine, "
            "alcohol 2 drinks, stress.",
            autocompletion=suggest.names("factor"),
        ),
    ],
    tag: TagOption = None,
    note: NoteOption = None,
    at: AtOption = None,
) -> None:
    """Log something that happened on a day (caffeine, alcohol, stress, period, travel, a food).

    Example: painlog add factor alcohol 2 drinks --at yesterday
    """
    _add_named(ctx, "factor", words, tags=tag, note=note, at=at)


@command(add_app, "side-effect")
def add_side_effect(
    ctx: typer.Context,
    medicine: Annotated[
        str,
        typer.Argument(
            help="The medicine, e.g. gabapentin.", autocompletion=suggest.names("medication")
        ),
    ],
    words: Annotated[
        list[str],
        typer.Argument(metavar="WHAT", help='What happened, e.g. "drowsy in the mornings".'),
    ],
    severity: Annotated[
        str | None, typer.Option("--severity", "-s", help="mild, moderate or severe.")
    ] = None,
    tag: TagOption = None,
    at: AtOption = None,
) -> None:
    """Log a side effect of a medicine (it goes to the report's side effects).

    Example: painlog add side-effect gabapentin "drowsy in the mornings" --severity mild
    """
    save_new_entry(ctx, _draft("side-effect", [medicine, *words], at, intensity=severity, tags=tag))


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

    Example: painlog add note "Flare started after the long drive" --tag clinic
    """
    save_new_entry(ctx, _draft("note", words, at, tags=tag))


# --- reading and changing entries --------------------------------------------------------------


@command(commands, "list")
def list_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option("--kind", "-k", help="Only this kind.", autocompletion=suggest.kinds),
    ] = None,
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
    show_all: Annotated[
        bool, typer.Option("--all", help="Every entry, not the newest 50.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List entries, oldest first (the newest 50 unless a period, --limit or --all is given).

    Example: painlog list --kind pain --since "2 weeks ago"
    """
    from painlog.journal.entries import count_entries, list_entries, parse_kind

    kind = parse_kind(kind) if kind else None
    first, last = period(since, until)
    if limit is None and not as_json and not show_all and not (first or last):
        limit = 50
    with journal_for(ctx) as journal:
        entries = list_entries(journal, kind, first, last, limit)
        total = count_entries(journal, kind, first, last) if limit else len(entries)
    if as_json:
        typer.echo(json.dumps([entry.as_json() for entry in entries], ensure_ascii=False, indent=2))
    elif not entries:
        typer.echo(Msg.NO_ENTRIES.value)
    else:
        from painlog.cli.views.journal import print_entries

        print_entries(entries)
        if total > len(entries):
            typer.echo(say(Msg.LISTED_NEWEST, shown=len(entries), total=f"{total:,}"))


@command(commands, "edit", context_settings=NEGATIVE_NUMBERS_OK)
def edit_command(
    ctx: typer.Context,
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The id, or a unique start of it.", autocompletion=suggest.recent_ids
        ),
    ],
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
    at: EditAtOption = None,
    as_typed: Annotated[
        bool,
        typer.Option(
            "--as-typed", help="Keep a new name as typed, even when it is close to a known one."
        ),
    ] = False,
) -> None:
    """Change an entry. List options (--where, --tag, …) replace the old list; --at moves it
    to another time (without --at the original time is kept).

    Example: painlog edit 3f2a 5 --note "after the walk"
    """
    from painlog import record
    from painlog.journal.entries import changed_fields, edited, find_entry, value_changes
    from painlog.journal.timeparse import local_now, parse_past_moment

    refuse_stray_options(words or [], "edit")
    now = local_now()
    options: dict[str, object] = {
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
        saved = record.save_edit(journal, entry, updated, here(), as_typed)
    say_notes(saved.notes)
    if saved.entry is None:
        return
    old, new = entry.describe(), saved.entry.describe()
    if old == new:  # what changed is not in the line (a note, tags): named instead
        fields = ", ".join(changed_fields(entry, saved.entry)) or Msg.NOTHING_CHANGED_WORD.value
        typer.echo(say(Msg.UPDATED_FIELDS, entry=new, id=saved.entry.short_id, fields=fields))
    else:
        typer.echo(say(Msg.UPDATED, old=old, new=new, id=saved.entry.short_id))
    say_notes(saved.limits)


@command(commands, "delete")
def delete_command(
    ctx: typer.Context,
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The id, or a unique start of it.", autocompletion=suggest.recent_ids
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an entry (asks first unless --yes; 'painlog undo' brings it back).

    Example: painlog delete 3f2a
    """
    from painlog.journal.entries import delete_entry, find_entry

    with journal_for(ctx) as journal:
        entry = find_entry(journal, entry_id)
        question = say(Msg.CONFIRM_DELETE, description=entry.describe(), id=entry.short_id)
        confirm_or_stop(ctx, yes, "delete", question, Msg.DELETE_ABORTED)
        delete_entry(journal, entry)
    typer.echo(say(Msg.DELETED, description=entry.describe(), id=entry.short_id))


@command(commands, "checkin")
def checkin_command(ctx: typer.Context) -> None:
    """Answer a few questions about today; Enter skips one. Saved together at the end.

    With a care plan, it also asks about today's planned doses, exercise and therapy; in the
    week before a logged visit it offers the PGIC; it ends with a short daily reflection.

    Example: painlog checkin
    """
    from painlog import record
    from painlog.cli.clinic import ask_peg_items
    from painlog.cli.plan import ask_pgic
    from painlog.clinic.pgic import LABELS, make_pgic
    from painlog.clinic.visits import make_peg, peg_is_due, pegs_between
    from painlog.journal.timeparse import local_now
    from painlog.record.checkin import (
        REFLECTION,
        checkin_questions,
        checkin_rows,
        entries_from_answers,
        logged_today,
        plan_questions,
        recent_names,
        reflection_entry,
        should_ask,
        upcoming_visit,
    )
    from painlog.store.db import resolve_path

    refuse_to_prompt(ctx, "checkin", "log with 'painlog add …' instead")
    now = local_now()
    planned, peg_wanted, first_peg, visit_day = [], True, True, None
    goals_to_rate, screen_wanted, block = [], False, None
    logged: set[str] = set()
    symptoms: list[str] = []
    factors: list[str] = []
    exists = resolve_path(ctx.obj.db).exists()
    asker = here()

    def made(answers: dict[str, str]) -> list[Any]:
        """The answers' entries, read as add reads its words (a journal for the plan's dose)."""
        if not exists:
            return entries_from_answers(answers, lambda draft: record.make(draft, None, asker, now))
        with journal_for(ctx) as journal:
            return entries_from_answers(answers, lambda d: record.make(d, journal, asker, now))

    if exists:
        with journal_for(ctx) as journal:
            logged, lines = logged_today(journal, now)
            symptoms = recent_names(journal, "symptom", now)
            factors = recent_names(journal, "factor", now)
            if lines:
                typer.echo(visible(wrapped("Already logged today: " + "; ".join(lines) + ".")))
            planned = plan_questions(journal, now)
            peg_wanted = peg_is_due(journal, now)
            first_peg = not pegs_between(journal)
            visit_day = upcoming_visit(journal, now)
            from painlog.clinic.goals import list_goals, rating_due
            from painlog.clinic.screen import screen_due
            from painlog.plan.trial import block_line

            if rating_due(journal, now):
                goals_to_rate = list_goals(journal, include_done=False)
            screen_wanted = screen_due(journal, now)
            block = block_line(journal, now.date())
    if block:
        typer.echo(block)
    answers: dict[str, str] = {}
    ratings, screens = [], []
    extra = []
    pegs, pgics = [], []
    with stopped_with_130(Msg.CHECKIN_ABORTED):
        for question in checkin_questions(symptoms, factors):
            while should_ask(question, answers, logged):

                def read(answer: str, key: str = question.key) -> str:
                    answers[key] = answer
                    try:
                        made(answers)
                    except InvalidInput:
                        answers.pop(key)
                        raise
                    return answer

                ask_until_valid(wrapped(question.prompt), read, retry=Msg.CHECKIN_RETRY)
                break
        answered = made(answers)
        for item in planned:
            if item.answered_by(answered):
                continue  # given in "Exercise today": not asked again, not saved twice

            def build(answer: str, item: Any = item) -> list[Any]:
                return item.build(answer, now) if answer else []

            extra += ask_until_valid(wrapped(item.prompt), build, retry=Msg.CHECKIN_RETRY) or []
        offer = Msg.PEG_OFFER_FIRST if first_peg else Msg.PEG_OFFER
        if peg_wanted and typer.confirm(wrapped(offer.value), default=False):
            items = ask_peg_items({}, allow_skip=True)  # Enter skips the PEG too
            if items is not None:
                pegs.append(make_peg(**items, at=now, now=now))
        if visit_day:
            answer = ask_pgic(say(Msg.PGIC_OFFER, day=visit_day), LABELS, allow_skip=True)
            if answer:
                pgics.append(make_pgic(answer, now, now))
        if goals_to_rate and typer.confirm(wrapped(Msg.GOAL_OFFER.value), default=False):
            from painlog.cli.goals import ask_goal_ratings
            from painlog.clinic.goals import Rating
            from painlog.journal.timeparse import stamp

            ratings = [Rating(goal=goal.id, at=stamp(now), value=value)
                       for goal, value in ask_goal_ratings(goals_to_rate)]  # fmt: skip
        if screen_wanted and typer.confirm(wrapped(Msg.SCREEN_OFFER.value), default=False):
            from painlog.cli.goals import ask_screen_items
            from painlog.clinic.screen import make_screen

            screen_items = ask_screen_items(allow_skip=True)
            if screen_items is not None:
                screens.append(make_screen(list(screen_items), now, now))
        reflection = typer.prompt(wrapped(REFLECTION), default="", show_default=False)
        extra += reflection_entry(reflection, now)
    entries = made(answers) + extra
    if not entries and not pegs and not pgics and not ratings and not screens:
        typer.echo(Msg.CHECKIN_NOTHING.value)
        return
    rows = checkin_rows(pegs, pgics, ratings, screens)
    with journal_for(ctx, create=True) as journal, stopped_with_130(Msg.CHECKIN_ABORTED):
        # The gate: the same cautions as add (the name check first), one transaction.
        saved = record.save_all(
            journal, entries, asker, lambda answered: f"check-in of {answered} answers", rows
        )
    for one in saved:
        say_notes(one.notes)
    kept = [one.entry for one in saved if one.entry is not None]
    if not kept and not pegs and not pgics and not ratings and not screens:
        typer.echo(Msg.CHECKIN_NOTHING.value)
        return
    typer.echo(say(Msg.CHECKIN_SAVED, count=count_of(len(kept), "entry")))
    for entry in kept:
        typer.echo(f"  {entry.kind} {entry.what()} ({entry.short_id})")
    for one in saved:
        say_notes(one.limits)
    for peg in pegs:
        typer.echo(say(Msg.PEG_ADDED, score=f"{peg.score:.1f}", id=peg.id[:8]))
    for pgic in pgics:
        typer.echo(say(Msg.PGIC_ADDED, value=pgic.value, label=pgic.label, id=pgic.id[:8]))
    if ratings:
        typer.echo(say(Msg.GOAL_RATED, ratings=", ".join(f"{r.value:g}/10" for r in ratings),
                       score=f"{sum(r.value for r in ratings) / len(ratings):g}"))  # fmt: skip
    from painlog.clinic.screen import saved_line

    for screen in screens:
        typer.echo(saved_line(screen))


@command(commands, "undo")
def undo_command(ctx: typer.Context) -> None:
    """Reverse the last change (add, edit, delete, import, check-in, plan, visit, …); again
    for the one before.

    Example: painlog undo
    """
    from painlog.store.undo import undo_last

    with journal_for(ctx) as journal:
        undone = undo_last(journal)
    if undone is None:
        typer.echo(Msg.NOTHING_TO_UNDO.value)
        return
    description, left = undone
    more = f"{count_of(left, 'more change')} can be undone." if left else "Nothing more to undo."
    typer.echo(say(Msg.UNDONE, description=description, left=more))
    from painlog.store.undo import KEPT

    if KEPT[0]:
        typer.echo(say(Msg.UNDO_KEPT_OTHERS, count=count_of(KEPT[0], "row")))
