"""Every message painlog shows a person, in one place.

Each message says what happened and, where something went wrong, what to do next.
Templates use ``str.format`` fields; ``say(Msg.X, **fields)`` fills them in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # The type checker sees the catalogue as the str enum it behaves as: each text a ``Msg``
    # member, a str with ``.value``, so a function can ask for a ``Msg`` and not any text.
    from enum import StrEnum as _Catalogue
    from typing import TypeAlias

    Message: TypeAlias = "Msg"
else:

    class Message(str):
        """One message: its text is a ``str.format`` template (``.value``, as an enum
        member's)."""

        __slots__ = ()

        @property
        def value(self) -> str:
            return str.__str__(self)

    class _Catalogue:
        """Makes every text of a subclass a ``Message``. A plain class rather than an enum: an
        enum of this size costs milliseconds at every start, and every command imports the
        catalogue."""

        def __init_subclass__(cls) -> None:
            for name, text in list(vars(cls).items()):
                if isinstance(text, str) and not name.startswith("_"):
                    setattr(cls, name, Message(text))


class Msg(_Catalogue):
    # --- accepted forms, quoted by the validation errors below -----------------------------
    FORM_PAIN = (
        "a number from 0 (no pain) to 10 (worst imaginable) with at most one decimal, e.g. 6 or 6.5"
    )
    FORM_MOOD = "a number from 0 (worst) to 10 (best) with at most one decimal, e.g. 4"
    FORM_SLEEP = "hours slept, more than 0 and at most 24, as 7.5, 7h30m, 7h or 450m"
    FORM_MINUTES = "minutes, more than 0 and at most 1440, as 30, 30m, 1h or 1h15m"
    FORM_MED_NAME = "the medicine's name before the dose, e.g. painlog add med ibuprofen 400mg"
    FORM_DOSE = (
        "an amount above 0 followed by a unit, e.g. 400mg, 1.5 tablet, 2 puffs "
        "(units: mg, g, mcg, mL, tablet, capsule, puff, drop, patch, unit)"
    )
    FORM_SLEEP_QUALITY = "a whole number from 1 (very poor) to 5 (very good)"
    FORM_PAIN_QUALITY = "one of aching, burning, stabbing, throbbing, shooting, tingling, cramping, dull, sharp, other"
    FORM_INTENSITY = "one of light, moderate, vigorous"
    FORM_TEXT = "some text that is not empty"
    TEXT_TOO_LONG = (
        "{field}: {length} characters is more than painlog keeps in one text ({limit}); "
        "shorten it, or keep the long text in a file of your own."
    )
    FORM_NAME = "a name that is not empty, e.g. ibuprofen, walk or massage"
    FORM_LIST_ITEM = "short words without ';' (give the option again for each one)"
    FORM_AT = (
        "a date or time in the past, e.g. 2026-11-23, 2026-11-23 21:00, 21:00, 9pm, now, "
        "yesterday, yesterday 9pm, 3 days ago, 2d, 2h ago, last monday, this morning, last night"
    )
    FORM_DAY = "a date, e.g. 2026-11-23, today, yesterday, 3 days ago, 2 weeks ago, last monday"
    FORM_KIND = (
        "one of pain, sleep, mood, exercise, medication (med), therapy, side-effect, note, steps,"
        " heart-rate, symptom, factor"
    )
    FORM_SEVERITY = "one of mild, moderate, severe"
    FORM_ID = "an entry id or a unique start of one, as shown by 'painlog list'"
    FORM_PEG = "a whole number from 0 to 10"
    FORM_ANY_DAY = (
        "a date, past or future, e.g. 2026-11-23, today, yesterday, tomorrow, next monday, "
        "in 2 weeks, 3 days ago"
    )
    FORM_WEEKDAY = "a day of the week, e.g. monday or sunday"
    FORM_PLAN_KIND = "one of med (medication), exercise, therapy"
    FORM_TIMES = "times of day separated by commas, e.g. 08:00,20:00 or 8am,8pm"
    FORM_INTERVAL = "hours between doses, more than 0 and at most 72, as 6h, 4h30m or 90m"
    FORM_PER_WEEK = "a whole number of times a week from 1 to 50, e.g. 5"
    FORM_PGIC = (
        "a whole number from 1 to 7: 1 very much improved, 2 much improved, 3 minimally "
        "improved, 4 no change, 5 minimally worse, 6 much worse, 7 very much worse"
    )
    FORM_COMPARE_AT = "a date (2026-11-01, 3 weeks ago) or the name of a plan item"
    FORM_MOOD_MAP = (
        'a mood label, "=" and its value on painlog\'s 0-10 mood scale, e.g. --mood "content=8"'
    )
    FORM_APP = "daylio, bearable, apple-health, fitbit, google-fit, samsung-health or open-meteo"
    FORM_RECIPIENT = "an age public key (age1…) or an SSH public key (ssh-ed25519 …)"
    FORM_IDENTITY = "an age identity file holding a line AGE-SECRET-KEY-…"
    FORM_SHELL = "one of bash, zsh, fish"
    FORM_CONFIG_KEY = (
        "one of week-start, date-order, clock, name, born, backups-kept, sleep-source, sync"
    )
    FORM_DAYS = "a whole number of days from 7 to 365, e.g. 28 or 90"

    # --- validation (exit 2) ------------------------------------------------------------------
    INVALID = "{field}: '{given}' is not accepted; give {accepted}."
    MISSING = "{field}: a value is needed; give {accepted}."
    FUTURE = (
        "{field}: '{given}' is in the future ({when}); painlog records what has happened. "
        "Give a time up to now."
    )
    AMBIGUOUS_DATE = (
        "{field}: '{given}' could be {first} or {second}; type {first_iso} or {second_iso} "
        "(or set your date order: painlog config set date-order dmy, or mdy)."
    )
    PART_NOT_UNDERSTOOD = (
        "{field}: '{given}' is not accepted: '{part}' was not understood; give {accepted}."
    )
    NO_INPUT = "{command}: would ask questions, and --no-input was given; {instead}."
    NOT_FOR_KIND = "{option}: does not apply to {kind} entries; leave it out."
    UNKNOWN_OPTION = "{option}: is not an option of this command; see 'painlog {command} --help'."
    PERIOD_BACKWARDS = "--since: {since} is after --until {until}; give the earlier date first."
    PERIOD_AFTER_TODAY = (
        "--since: {since} is after today ({today}), where the period ends without --until; give"
        " a day up to today, e.g. 2026-11-01 or '2 weeks ago'."
    )
    NO_SUCH_ID = "id: no entry starts with '{given}'; give {accepted}."
    AMBIGUOUS_ID = (
        "id: '{given}' matches {count} entries ({examples}); give more characters of the id."
    )
    NO_SUCH_QUESTION = (
        "id: no question starts with '{given}'; give an id or a unique start of one, "
        "as 'painlog ask --list' shows."
    )
    AMBIGUOUS_QUESTION = "id: '{given}' matches several questions; give more characters of the id."
    AMBIGUOUS_VISIT = "id: '{given}' matches several visits; give more characters of the id."
    NOTHING_TO_CHANGE_VISIT = "visit edit: nothing to change; give --date, --with or --note."
    NOTHING_TO_CHANGE = (
        "edit: nothing to change; give a new value or an option such as --note or --at."
    )
    PLAN_TIMES_OR_AS_NEEDED = (
        "plan: a medicine is taken at set times or as needed; give --times 08:00,20:00 "
        "or --as-needed (not both)."
    )
    PLAN_OPTION_NOT_FOR = "{option}: does not apply to a {kind} plan item; leave it out."
    PLAN_LIMITS_AS_NEEDED_ONLY = (
        "--max-daily and --min-interval: apply to as-needed medicines only; add --as-needed "
        "or leave them out."
    )
    PLAN_LIMIT_UNIT = (
        "--max-daily: '{given}' is not in the dose's unit; give the daily limit in {unit}."
    )
    PLAN_DUPLICATE = (
        "plan add: '{name}' is already in the plan (from {day}); change it with "
        "'painlog plan change {name} …', or stop it first with 'painlog plan stop {name}'."
    )
    PLAN_UNKNOWN = "name: no plan item is called '{given}'; the plan has {known}."
    PLAN_BEFORE_START = (
        "{command}: {given} is before {name} started ({start}); give --from/--on on or after "
        "{start}."
    )
    PLAN_STOPPED = (
        "name: {name} was stopped on {day}; add it again with 'painlog plan add' to restart it."
    )
    PLAN_NOTHING_TO_CHANGE = (
        "plan change: nothing to change; give a new dose or an option such as --times, "
        "--per-week or --max-daily."
    )
    NO_PLANNED_DOSE = (
        "dose: a value is needed; give {accepted} (or add {name} to your plan with "
        "'painlog plan add med {name} DOSE …' to log the planned dose by name alone)."
    )
    COMPARE_FUTURE = (
        "--at: {day} is in the future; compare needs days after the change to have happened. "
        "Give a date up to today."
    )
    UNMAPPED_MOODS = (
        "{file}: mood labels with no value on painlog's 0-10 mood scale: {labels}. "
        "Nothing was imported. Give each one, e.g. {flags} (rad 10, good 7.5, meh 5, "
        "bad 2.5, awful 0 are built in)."
    )
    MOOD_MAP_NOT_FOR = "--mood: applies to Daylio imports (--from daylio); leave it out."
    CSV_ROW = "{file}: row {row}: {reason} Nothing was imported."
    CSV_HEADER = (
        "{file}: the first line must be a header with at least the columns kind and at "
        "(found: {found}). Nothing was imported.{hint}"
    )
    CSV_HEADER_FROM = " It looks like {name}'s: painlog import FILE --from {source}."
    CSV_DUPLICATE_ID = "id '{id}' appears twice in this file (rows {first} and {row})."
    CSV_UNREADABLE = "{file}: cannot be read as UTF-8 CSV ({reason}). Nothing was imported."
    CHART_KIND = (
        "chart: '{given}' is not accepted; give one of pain, sleep, mood, exercise, medication,"
        " steps, symptom NAME."
    )
    REPORT_FORMAT = "--format: '{given}' is not accepted; give md, html or pdf."
    REPORT_TWO_STARTS = "--since and --since-last-visit: give one of them, not both."
    EXPORT_FORMAT = "--format: '{given}' is not accepted; give csv, json, fhir or ics."
    JSON_UNREADABLE = "{file}: cannot be read as JSON ({reason}). Nothing was imported."
    JSON_NOT_PAINLOG = (
        '{file}: is not a painlog JSON export (no "format": "painlog"). Nothing was imported. '
        "Export one with 'painlog export --format json', or import CSV."
    )
    JSON_TOO_NEW = (
        "{file}: was written by a newer painlog (JSON version {found}). Nothing was imported. "
        "Upgrade painlog to import it."
    )
    JSON_RECORD = "{file}: {where}: {reason} Nothing was imported."

    # --- other failures (exit 1) -----------------------------------------------------------------
    NO_JOURNAL = (
        "No journal at {path} yet. Start one with 'painlog add pain 5' or 'painlog checkin', "
        "or try 'painlog demo' to see a sample."
    )
    NOT_A_JOURNAL = (
        "{path} is not a painlog journal (not an SQLite database, or damaged). Nothing was "
        "changed. Check --db / PAINLOG_DB, run 'painlog doctor' to see what is wrong, or "
        "'painlog restore FILE' to go back to a backup."
    )
    DB_IS_DIRECTORY = (
        "{path} is a folder, not a journal file. Give a file path with --db or PAINLOG_DB."
    )
    JOURNAL_TOO_NEW = (
        "{path} was written by a newer painlog (schema {found}, this one knows {known}). "
        "Nothing was changed. Upgrade painlog to open it."
    )
    MIGRATION_FAILED = (
        "Upgrading the journal at {path} (step {number}, {name}) failed: {reason} Nothing was "
        "changed by that step; the journal before the upgrade is kept at {backup}. Run "
        "'painlog doctor', and please report this."
    )
    JOURNAL_BUSY = (
        "The journal at {path} stayed locked by another painlog for {seconds} s. Nothing was "
        "changed. Close other painlog commands and try again."
    )
    JOURNAL_UNREADABLE = (
        "Cannot open the journal at {path} ({reason}). Nothing was changed. Check the "
        "permissions of the file and of the folders above it."
    )
    JOURNAL_UNWRITABLE = (
        "Cannot write to the journal at {path} ({reason}). Nothing was changed. Check the file's "
        "permissions and free disk space."
    )
    RESTORE_NOT_A_JOURNAL = (
        "{path} cannot be restored: it is not a sound painlog journal ({reason}). "
        "Nothing was changed. Pick another backup from the backups folder."
    )
    ENCRYPTION_NOT_INSTALLED = (
        "Encryption needs the optional extra: pip install 'painlog[encryption]'. "
        "Nothing was changed."
    )
    WRONG_PASSPHRASE = (
        "Cannot open {path} with this passphrase (or it is not a painlog journal). Nothing was "
        "changed. Give the right one in PAINLOG_PASSPHRASE or at the prompt."
    )
    PASSPHRASE_NEEDED = (
        "{path} is encrypted (or is not a painlog journal): it needs its passphrase. Nothing "
        "was changed. Set PAINLOG_PASSPHRASE, run in a terminal to be asked, or store it with "
        "'painlog encrypt --remember'."
    )
    PASSPHRASE_NEEDED_NEW = (
        "encrypt: a passphrase is needed; set PAINLOG_PASSPHRASE or run in a terminal to type "
        "it (asked twice). Nothing was changed."
    )
    PASSPHRASES_DIFFER = "passphrase: the two did not match; nothing was changed. Try again."
    PASSPHRASE_SHORT = (
        "passphrase: give at least 8 characters (several unrelated words are best); nothing "
        "was changed."
    )
    CONVERSION_FAILED = (
        "The converted copy {path} did not check out ({reason}); it was removed and the journal "
        "was not changed. Run 'painlog doctor', and please report this."
    )
    RESTORE_MIXED = (
        "{path} cannot be restored into this journal: one is encrypted and the other is not. "
        "Nothing was changed. Encrypt or decrypt the journal first ('painlog encrypt' / "
        "'painlog decrypt'), then restore."
    )
    EXPORT_PASSPHRASE_NEEDED = (
        "--encrypt-passphrase: a passphrase is needed; set PAINLOG_EXPORT_PASSPHRASE or run in a "
        "terminal to type it. Nothing was written."
    )
    ENCRYPT_ONE_WAY = (
        "--encrypt-to and --encrypt-passphrase: give one of them, not both. Nothing was written."
    )
    ENCRYPT_NEEDS_FILE = (
        "--encrypt-to/--encrypt-passphrase: give -o FILE (an encrypted file is not printed)."
    )
    AGE_WRONG_KEY = (
        "{file}: cannot be decrypted with this identity or passphrase. Nothing was imported."
    )
    AGE_PASSPHRASE_NEEDED = (
        "{file}: is encrypted with a passphrase; set PAINLOG_EXPORT_PASSPHRASE or run in a "
        "terminal to type it. Nothing was imported."
    )
    AGE_NEEDS_IDENTITY = (
        "{file}: is encrypted to an age key; give its identity with --identity FILE. "
        "Nothing was imported."
    )
    ALREADY_ENCRYPTED = "{path} is already encrypted. Nothing was changed."
    NOT_ENCRYPTED = "{path} is not encrypted. Nothing was changed."
    ENCRYPTED_OK = (
        "Encrypted {path} ({entries}; {backups} of painlog's backups too). Keep the "
        "passphrase safe: without it the journal cannot be read. Copies made before (exports, "
        "backups elsewhere) are not encrypted, and deleting a file does not wipe it from the "
        "disk: see docs/data-safety.md."
    )
    DECRYPTED_OK = "Decrypted {path} ({entries}; {backups} of painlog's backups too)."
    REMEMBERED = (
        "The journal's key (derived from the passphrase; not the passphrase itself) is stored in "
        "your system keyring for this journal."
    )
    NOT_REMEMBERED = (
        "The passphrase could not be stored: install the 'keyring' package (and a keyring "
        "service); until then give it in PAINLOG_PASSPHRASE or at the prompt."
    )
    FILE_NOT_FOUND = "{path}: no such file. Check the name and try again."
    BACKED_UP = "Backed up {entries} to {path}."
    RESTORED = (
        "Restored {entries} from {source}. The journal as it was before is kept at {kept}; "
        "'painlog undo' does not undo a restore (to go back, run: painlog restore '{kept}')."
    )
    PLAN_ADDED = "Added to the plan from {day}: {description}."
    PLAN_CHANGED = "Changed from {day}: {old} → {new}."
    PLAN_STOPPED_OK = "Stopped {name} from {day} (kept in the history)."
    PLAN_EMPTY = (
        "No plan in force on {day}. Add what your care team asked for, e.g.:\n"
        "  painlog plan add med gabapentin 300mg --times 08:00,20:00\n"
        "  painlog plan add med ibuprofen 400mg --as-needed --max-daily 1200mg --min-interval 6h\n"
        '  painlog plan add exercise "home exercises" --per-week 5 --minutes 20'
    )
    OVER_DAILY_LIMIT = (
        "Note: {name} on {day}: {total} taken, above your plan's limit of {limit} a day."
    )
    TOO_SOON = (
        "Note: {name}: {hours} h since the previous dose ({previous}); your plan says "
        "at least {interval} h between doses."
    )
    PGIC_ABORTED = "PGIC cancelled; nothing was saved."
    PGIC_ADDED = "Saved PGIC {value}: {label} ({id})."
    PGIC_OFFER = "Your visit is on {day}: since your last visit, how has your condition changed?"
    VISIT_ADDED = "Added visit on {day} with {who} ({id})."
    NO_VISITS = "No visits yet. Log one with 'painlog visit add 2026-11-20 --with \"Dr. Rao\"'."
    QUESTION_ADDED = "Added question for your next visit: {text} ({id})."
    QUESTION_DONE = "Marked done: {text} ({id})."
    NO_QUESTIONS = "No open questions. Add one with 'painlog ask \"…\"'."
    PEG_ADDED = "Saved PEG score {score} of 10 ({id})."
    PEG_ABORTED = "PEG cancelled; nothing was saved."
    PEG_OFFER = "It has been a week: answer the 3 PEG questions too?"
    PEG_OFFER_FIRST = (
        "Answer the 3 PEG questions too (pain and how it got in the way, over the past week; "
        "painlog asks once a week)?"
    )
    REPORT_WRITTEN = "Wrote {file}: {since} to {until} ({reason})."
    DELETE_ABORTED = "Nothing deleted."
    CHECKIN_ABORTED = "Check-in cancelled; nothing was saved."
    UNEXPECTED = (
        "painlog hit an unexpected problem: {error}. Nothing was changed. "
        "Run again with PAINLOG_DEBUG=1 to see the details, and please report them."
    )

    # --- confirmations (stdout) -----------------------------------------------------------------
    ADDED = "Added {description} ({id})."
    CAUTION_SAVED = "Note: {warning} Saved as typed ('painlog undo' takes it back)."
    CAUTION_SLEEP_SAVED = (
        "Note: {warning} Saved as another sleep that day (they add up, like a nap); "
        "'painlog undo' takes it back."
    )
    CAUTION_CANCELLED = "Nothing saved."
    UPDATED_FIELDS = "Updated {entry} ({id}): {fields} changed."
    NOTHING_CHANGED_WORD = "nothing"
    UPDATED = "Updated {old} → {new} ({id})."
    UNDONE = "Undid the {description}. {left}"
    NOTHING_TO_UNDO = "Nothing to undo."
    CONFIG_SET = "Set {key} to {value}."
    CONFIG_UNSET = "{key} is back to its default ({value})."
    LISTED_NEWEST = "Showing the newest {shown} of {total} entries (--all for all)."
    CONFIRM_RESTORE = (
        "Replace the journal ({current}) with the backup {source} ({incoming})? The journal as "
        "it is now is kept in the backups folder."
    )
    RESTORE_ABORTED = "Nothing restored."
    VISIT_UPDATED = "Updated visit {old} → {new} ({id})."
    VISIT_DELETED = "Deleted visit on {day} with {who} ({id})."
    QUESTION_DELETED = "Deleted question: {text} ({id})."
    NO_SUCH_VISIT = (
        "id: no visit starts with '{given}'; give an id or a unique start of one, as "
        "'painlog visit list' shows."
    )
    DELETED = "Deleted {description} ({id})."
    CONFIRM_DELETE = "Delete {description} ({id})?"
    IMPORTED = "Imported {added} from {file} ({skipped} already in the journal)."
    IMPORTED_APP = "Imported {rows} {app} rows as {what}, {since} to {until}{skipped}{mapped}."
    EXPORTED = "Wrote {count} to {file}."
    CHECKIN_SAVED = "Saved {count} for today."
    CHECKIN_NOTHING = "Nothing entered; nothing saved."
    CHECKIN_RETRY = "  {error} Try again, or press Enter to skip."
    NOTHING_TO_CHART = (
        "No {what} logged from {since} to {until}. Widen the period with --since, "
        "or log some with 'painlog add'."
    )
    NO_ENTRIES = "No entries match. Add one with 'painlog add pain 5', or widen --since/--until."
    DEMO_MADE = (
        "Made a sample journal of {count} over {weeks} weeks ({start} to {end}) at {path}.\n"
        "It holds {summary}.\n"
        "Your own journal was not touched."
    )
    DEMO_EXPLORE = (
        "Explore the sample with --db, e.g.:\n"
        "  painlog --db {path} due\n"
        "  painlog --db {path} compare --at duloxetine\n"
        "  painlog --db {path} report -o visit.pdf"
    )
    DEMO_NOT_DB = (
        "Note: --db {db} was left untouched: the demo always writes its sample journal in a"
        " temporary folder (above)."
    )
    DEMO_NEXT = (
        "Start your own journal (it will live at {path}):\n"
        "  painlog add pain 6 --where 'lower back'\n"
        "  painlog checkin\n"
        "  painlog summary"
    )

    # --- encryption: converting a journal, re-keying, passphrases ---------------------------------
    PASSPHRASE_NOT_UTF8 = (
        "{field}: holds a byte that is not UTF-8 text; give it as UTF-8 text. Nothing was changed."
    )
    EXPORT_PASSPHRASE_SHORT = (
        "--encrypt-passphrase: give at least 8 characters (several unrelated words are best); "
        "nothing was written."
    )
    CONVERSION_RECOVERED = (
        "An interrupted encrypt/decrypt of {path} was {outcome}, for the journal and its "
        "backups together."
    )
    REKEYED = (
        "Re-keyed {path} ({backups} of painlog's backups too): its key is now derived with "
        "{rounds} rounds (SQLCipher's default). The passphrase is the same."
    )
    REKEY_NEEDS_PASSPHRASE = (
        "encrypt --rekey: {path} needs its passphrase (the keyring keeps only the derived key); "
        "set PAINLOG_PASSPHRASE or run in a terminal to type it. Nothing was changed."
    )
    # --- names: near-miss names, the planned dose, rename and alias -------------------------------
    FORM_NAMED_KIND = "one of medication (med), exercise, therapy, symptom, factor"
    NAME_POINTED = "'{typed}' is new; did you mean {suggestion}{where}?"
    NAME_POINTED_PLAN = " (the name in your plan)"
    NAME_POINTED_ALIAS = " (a name you gave an alias)"
    NAME_SAVED_AS_TYPED = (
        "Note: {warning} Saved as typed; to count it as {suggestion}: "
        "painlog rename {typed_arg} {suggestion_arg} (or 'painlog undo' takes it back)."
    )
    NAME_SAVED_AS_PLAN = (
        "Note: '{typed}' is new; saved as {suggestion}, the name in your plan. If '{typed}' is "
        "not {suggestion}: painlog edit {id} --name {typed_arg} --as-typed"
    )
    NAME_USE = "{warning} Use {suggestion}?"
    NO_PLANNED_DOSE_CLOSE = (
        "name: '{typed}' is not in your plan; did you mean {suggestion}? Give the dose "
        "({accepted}), or log the planned dose with 'painlog add med {suggestion}'."
    )
    PLANNED_DOSE_CLOSE = "'{typed}' is not in your plan; did you mean {suggestion} ({dose})?"
    RENAME_SAME = "NEW: '{name}' is the same as OLD; give a different name."
    RENAME_UNKNOWN = (
        "OLD: no entry, plan item or alias is named '{old}'; give a name as 'painlog list' "
        "or 'painlog plan' shows it."
    )
    RENAME_PLAN_CLASH = (
        "NEW: your plan already has {new}; renaming the plan's {old} to it would make two "
        "items of one name (stop one with 'painlog plan stop' first)."
    )
    RENAMED = "Renamed {old} to {new}: {entries} and {plan_items}{aliases}."
    RENAMED_ALIASES = ", {aliases} moved"
    ALIAS_SAME = "NAME: an alias needs a different name than '{name}'."
    ALIAS_UNKNOWN_NAME = (
        "NAME: '{name}' is not in your plan or journal yet; say which kind it is: "
        "painlog alias {alias_arg} {name_arg} --kind medication, exercise or therapy."
    )
    ALIAS_UNKNOWN_CLOSE = (
        "NAME: '{name}' is not in your plan or journal; did you mean {suggestion}? "
        "painlog alias {alias_arg} {suggestion_arg}"
    )
    ALIAS_NAME_CLOSE = (
        "Note: '{name}' is not in your plan or journal yet; did you mean {suggestion}? "
        "('painlog undo' takes this alias back)"
    )
    ALIAS_IS_PLAN_NAME = (
        "ALIAS: '{alias}' is an item in your plan; a plan name cannot count as another name "
        "(use 'painlog rename' to change it)."
    )
    ALIAS_NOT_FOUND = "ALIAS: '{alias}' is not an alias; 'painlog alias' lists them."
    ALIAS_NEEDS_NAME = (
        "NAME: missing; give the name the alias counts as, e.g. painlog alias physio "
        "'physical therapy'."
    )
    ALIAS_MADE = "From now on {kind} entries written '{alias}' count as {name}."
    ALIAS_REMOVED = "'{alias}' no longer counts as {name} ({kind})."
    ALIAS_REPLACED = "It counted as {name} until now; 'painlog undo' puts that back."
    NO_ALIASES = "No aliases yet. Make one with: painlog alias physio 'physical therapy'."

    # --- medicine safety (plan/medicines.py) and personal experiments -------------------------
    # (plan/experiment.py); pure modules, wired into commands, summary and report elsewhere.
    FORM_CONTAINS = (
        "what one unit holds: each ingredient with its amount above 0 and its unit (mg, mcg or g; "
        'mcg/h for a patch), separated by commas, e.g. "oxycodone 5mg, acetaminophen 325mg" '
        'or "fentanyl 25mcg/h"'
    )
    MED_STRENGTH_UNKNOWN = (
        "{dose}: strength unknown — add it with --contains "
        '(what one {unit} holds, e.g. --contains "{example}")'
    )
    MED_MIXTURE_BY_WEIGHT = (
        "{dose}: a combination product's dose in {unit} cannot be split into its ingredients "
        "— log it per tablet with --contains"
    )
    MED_WRONG_UNIT = "{dose}: {ingredient} is not measured in {unit}, so its amount is unknown"
    MED_NO_FACTOR = (
        "{dose}: {ingredient} has no conversion factor in CDC's 2022 table, "
        "so its morphine milligram equivalents are not counted"
    )
    MED_FENTANYL_NOT_PATCH = (
        "{dose}: fentanyl is counted only as a skin patch's rate in mcg/h (e.g. 25 mcg/h); "
        "its morphine milligram equivalents are not counted"
    )
    MME_CAVEAT = (
        "Morphine milligram equivalents (MME) use the conversion factors published in the CDC "
        "Clinical Practice Guideline for Prescribing Opioids for Pain (2022). CDC cautions that "
        "these factors are rough estimates that cannot allow for differences between people, and "
        "that they are not to be used to work out a dose when changing from one opioid to another. "
        "The figures describe what was logged; they are not a dosing recommendation."
    )
    FORM_TRY_WEEKS = "a whole number of weeks, at least 1, e.g. 6"
    FORM_TRY_BLOCK_DAYS = "a whole number of days, at least 1, e.g. 7"
    TRY_UNEVEN_BLOCKS = (
        "--block-days {block_days} does not cut {weeks} weeks ({days} days) into an even number "
        "of whole blocks, and blocks come in ON/OFF pairs; {choices}"
    )
    TRY_BLOCK_CHOICES = "with --weeks {weeks}, --block-days can be {lengths}"
    TRY_ODD_WEEKS = "an odd number of weeks never splits into pairs of blocks: use an even --weeks"
    TRY_TOO_MANY_PAIRS = (
        "--weeks {weeks} with --block-days {block_days} makes {pairs} pairs of blocks; at most "
        "{most} pairs keep the exact p-value quick to work out — use longer blocks"
    )
    # --- phone and watch data: import --from apple-health|fitbit|google-fit|samsung-health --------
    FORM_DEVICE_SOURCE = "one of apple-health, fitbit, google-fit, samsung-health"
    FORM_APPLE_HEALTH_FILE = (
        "Apple Health's export.zip, the export.xml inside it, or the unzipped folder"
    )
    FORM_FITBIT_FILE = (
        "Fitbit's Google Takeout zip or folder (with sleep-YYYY-MM-DD.json or "
        "steps-YYYY-MM-DD.json files)"
    )
    FORM_GOOGLE_FIT_FILE = "Google Fit's Takeout zip or folder, or its 'Daily activity metrics.csv'"
    FORM_SAMSUNG_HEALTH_FILE = (
        "Samsung Health's export folder or zip (com.samsung.shealth.sleep.*.csv, "
        "com.samsung.shealth.tracker.pedometer_day_summary.*.csv)"
    )
    DEVICE_NOT_EXPORT = "{path}: not {what} ({why}); give {accepted}. Nothing was imported."
    DEVICE_BAD_XML = (
        "{file}: line {line}, column {column}: cannot be read as XML ({reason}). "
        "Nothing was imported."
    )
    DEVICE_UNREADABLE = "{file}: cannot be read ({reason}). Nothing was imported."
    DEVICE_READ = "{source}: {what}, {since} to {until}{skipped}."
    DEVICE_READ_NOTHING = "{source}: nothing to import{skipped}."
    DEVICE_LEFT_OUT = "; left out {items}"
    DEVICE_SKIP_IMPOSSIBLE = "with an impossible {kind} value"
    DEVICE_SKIP_NO_STEPS = "days with no steps counted"
    DEVICE_SKIP_SECOND_DEVICE = "{kind} days from a second device (the other had more)"
    DEVICE_SKIP_DUPLICATE = "workouts written twice"
    DEVICE_SKIP_NO_TIMES = "sleep rows without a start or end"
    DEVICE_SKIP_UNKNOWN_SLEEP = "sleep records of an unknown stage"

    # --- import: sources, re-import, steps and heart rate -----------------------------------------
    FORM_STEPS = "a whole number of steps from 0 to 200000, e.g. 6500"
    FORM_HEART_RATE = "resting heart rate in beats per minute, from 20 to 250, e.g. 62"
    FORM_SOURCE = "a source name in lower case, like daylio, bearable, apple-health or fitbit"
    FORM_SOURCE_KEY = "a key of at most 200 characters, given together with its source"
    FORM_PAIN_SYMPTOM = 'a Bearable symptom name, e.g. "Neck stiffness"'
    SKIPPED_NO_AMOUNT = "{count} with no amount skipped"
    LEFT_OUT_ROWS = "{count} left out: {why}"
    WEATHER_FORECAST_DAYS = "days after today (a forecast has not happened yet)"
    MERGED_DUPLICATES = (
        "Folded {count} left by earlier {app} imports into the entries they repeat"
        " ('painlog undo' puts them back)."
    )
    NO_DUPLICATES = "No duplicates from earlier {app} imports were found; nothing changed."
    MERGE_DUPLICATES_NOT_FOR = "--merge-duplicates is for --from daylio or --from bearable."
    PAIN_SYMPTOM_NOT_FOR = "--pain-symptom is for --from bearable."
    DEVICE_DRY_RUN = "Dry run: nothing was written. {line}"
    DEVICE_AGAINST_JOURNAL = "Against the journal: {tally}."
    DEVICE_IMPORTED = "{line} Journal: {tally}."
    # --- import: records that cannot be true, limits, dry runs, zones -----------------------------
    UNTRUE_LEFT_OUT = "{records} that cannot be true ({reasons})"
    UNTRUE_FUTURE = "in the future"
    UNTRUE_BACKWARDS = "with the end before the start"
    UNTRUE_NO_LENGTH = "lasting no time"
    UNTRUE_UNREADABLE = "with an unreadable number, date or offset"
    UNTRUE_NEGATIVE = "with a negative count"
    ZIP_TOO_LARGE = (
        "{file}: declares {size} packed into {packed}; painlog reads no file over 32 GB or "
        "packed more than 100 to 1 (a zip bomb). Nothing was imported."
    )
    ZIP_LONGER_THAN_DECLARED = (
        "{file}: gives more than the {size} it declares (a damaged or hostile zip). "
        "Nothing was imported."
    )
    FILE_TOO_LARGE_TO_READ = (
        "{file}: {size}; painlog reads files of this kind up to {limit}. Nothing was imported."
    )
    CSV_DUPLICATE_SOURCE_KEY = (
        "{source} record '{key}' appears twice in this file (rows {first} and {row}); one "
        "record of its source is one entry."
    )
    DRY_RUN_FILE = (
        "Dry run: nothing was written. Would import {added} from {file} ({skipped} already in "
        "the journal)."
    )
    DAYLIO_UNMAPPED_ROW = (
        "mood '{label}' has no value on painlog's 0-10 mood scale; give it, e.g. {flags}."
    )
    FITBIT_ZONE_NOTE = "minute steps read as {reading} ({why})"
    FITBIT_UTC = "UTC, in {zone}"
    FITBIT_LOCAL = "local time in {zone}"
    FITBIT_THIS_COMPUTER = "this computer's zone"
    FITBIT_BY_SLEEP = "the reading that puts fewer steps inside the sleep logs' times"
    FITBIT_BY_PROFILE = "a Takeout with the profile's time zone; no sleep logs told otherwise"
    FITBIT_NO_CLUE = "neither a profile nor the sleep logs say otherwise"
    # --- goals (PSFS), the PHQ-4 screen, the acetaminophen total and experiments, in use ----------
    APAP_OVER = (
        "{day}: acetaminophen (paracetamol) {least}{total} mg across all products, over "
        "{limit} mg ({whose})."
    )
    APAP_AT_LEAST = "at least "
    APAP_LIMIT_4000 = (
        "the 4,000 mg daily prescription maximum; many over-the-counter labels say 3,000 mg"
    )
    APAP_LIMIT_OWN = "your own daily limit in the plan"
    FORM_GOAL = 'an activity you find hard, in your words, e.g. "walk to the park and back"'
    FORM_GOAL_RATING = (
        "a whole number from 0 (unable) to 10 (able as before the problem), e.g. 6 or 6/10"
    )
    GOAL_NONE_YET = "none yet (add one with 'painlog goal add \"…\"')"
    GOAL_UNKNOWN = "goal: '{given}' is not a goal in force. Goals: {known}."
    GOAL_DUPLICATE = "goal: '{name}' is already a goal in force."
    GOAL_TOO_MANY = (
        "goal: at most {most} goals can be in force (the PSFS asks about up to five); mark one "
        "done first with 'painlog goal done NAME'. In force: {names}."
    )
    GOAL_ADDED = "Added the goal '{name}'{rating}. ({id})"
    GOAL_RATED = "Rated: {ratings}. Goal score (mean): {score}."
    GOAL_DONE = "Marked the goal '{name}' done; it stays in the history."
    GOAL_NONE = "No goals yet. Add one with 'painlog goal add \"walk to the park and back\"'."
    GOAL_NOTHING_RATED = "Nothing rated; nothing saved."
    GOAL_OFFER = "Rate your goals this week? (Enter skips)"
    GOAL_ABORTED = "Goal rating cancelled; nothing saved."
    GOAL_NAME_AND_RATING = (
        "goal rate: give a goal and its rating (painlog goal rate NAME N), or nothing to be asked."
    )
    # the PSFS 2-point rule in words (psfs_important, psfs_moved and psfs_change below)
    PSFS_MOVED_IMPORTANT = "{points:g} points or more"
    PSFS_MOVED_SMALL = "less than {points:g} points"
    PSFS_CHANGE_IMPORTANT = "a change of {moved} (clinically important{source})"
    PSFS_CHANGE_SMALL = "a change of {moved}"
    PSFS_COMPARE = (
        "Goal score (PSFS mean) changed by {moved} ({points:g} or more is clinically important)."
    )
    FORM_SCREEN_ITEM = "0 not at all, 1 several days, 2 more than half the days, 3 nearly every day"
    FORM_SCREEN = "four answers, A B C D, each 0-3, e.g. 'painlog screen 1 0 2 1'"
    SCREEN_ADDED = (
        "Saved: GAD-2 {gad2}/6, PHQ-2 {phq2}/6, PHQ-4 total {total}/12 ({band}) ({id}). {cut_off}"
    )
    SCREEN_CUT_OFF = (
        "A score of 3 or more is the published cut-off (Kroenke et al. 2003, 2007) at which a "
        "clinician usually asks more."
    )
    SCREEN_OFFER = "Answer the four PHQ-4 questions (every 2 weeks)? (Enter skips)"
    SCREEN_ABORTED = "Screen cancelled; nothing saved."
    FORM_TRY_OUTCOME = "pain, peg, sleep, mood or symptom:NAME (e.g. symptom:fatigue)"
    TRY_OVERLAP = (
        "try: the weeks overlap the experiment '{name}' ({since} to {until}); one runs at a time."
    )
    TRY_NONE_YET = "none yet"
    TRY_UNKNOWN = "try: no experiment named '{given}'. Experiments: {known}."
    TRY_THIS_BLOCK = "this week: {name} {state} (block {number} of {blocks})"
    TRY_STARTED = (
        "Started the experiment '{name}': {blocks} blocks of {block_days} from {since} to "
        "{until}, outcome {outcome}, coin seed {seed}. First block: {first}."
    )
    TRY_NONE = "No experiment yet. Start one with 'painlog try yoga --weeks 6'."
    TRY_NO_RESULT = (
        "No result yet: no pair of blocks is complete (both ended, each with {outcome} logged)."
    )
    TRY_RESULT = (
        "{name} ({outcome}, {pairs}): ON mean {on_mean}, OFF mean {off_mean}; "
        "mean paired difference ON − OFF {difference} (95% interval {ci}); randomisation "
        "p-value {p}; schedule kept in {kept}% of blocks."
    )
    TRY_TOO_LITTLE = (
        "Too little data to tell: fewer than 3 complete pairs, or the schedule kept in fewer "
        "than 80% of blocks."
    )
    TRY_DESCRIBES = "This describes what was logged; it does not say what to do."

    # --- sleep typed twice, and --at typed without quotes -----------------------------------------
    REPLACED = "Replaced {old} with {description} ({id})."
    SLEEP_CHECK = (
        "check: {day} sleep adds up to {hours} h (over 14 h, a duplicate?): {entries}. "
        "'painlog delete ID' removes one."
    )
    AT_QUOTE_HINT = (
        "Hint: '{extra}' came as a separate word; put the whole time in quotes, e.g. "
        '--at "{joined}".'
    )

    # --- hostile input: output paths, finite numbers, dates in range, UTF-8, JSON types -----------
    OUTPUT_NOT_REGULAR = (
        "{path}: is {what}, not a file; -o writes only regular files. Give a file name."
    )
    OUTPUT_SYMLINK = (
        "{path}: is a symbolic link; -o does not follow links unless --force is given "
        "(then the file it points to is written)."
    )
    OUTPUT_FOLDER_NOT_FOLDER = (
        "{path}: is not a folder, so nothing can be written in it. Move it away, or choose "
        "another place."
    )
    OUTPUT_UNWRITABLE = "{path}: cannot be written ({reason}). Choose another place."
    OUTPUT_DISK_FULL = (
        "{path}: the disk is full; nothing was written. Free some space and try again."
    )
    FORM_DOSE_FINITE = (
        "an amount above 0 and at most 1,000,000 followed by a unit, e.g. 400mg, 1.5 tablet"
    )
    FORM_WHEN_RANGE = "a date from the year 1900 to 2200 (and not in the future for an entry)"
    NOT_UTF8_ARGUMENT = (
        "{given}: is not valid UTF-8 text; painlog reads its arguments as UTF-8. "
        "Retype it, or set a UTF-8 locale."
    )
    NUL_ARGUMENT = (
        "a file name typed holds a NUL character, which no file name can hold. Give it again"
        " without it."
    )
    IDENTITY_NOT_FILE = "--identity: {path} is not a file; give your age identity file."
    FORM_ISO_DAY = "a date written YYYY-MM-DD, e.g. 2026-11-23, from the year 1900 to 2200"
    FORM_ISO_MOMENT = (
        "a date and time written YYYY-MM-DDTHH:MM:SS with its offset, e.g. "
        "2026-11-23T21:00:00+01:00, from the year 1900 to 2200"
    )
    JSON_WRONG_TYPE = "{field}: must be {expected}, not {given}."
    # --- hostile files: foreign journals, damaged undo steps, backups, restore --------------------
    NOT_PAINLOG_FILE = (
        "{path} is not a painlog journal ({reason}). painlog did not change it. Check --db / "
        "PAINLOG_DB points at your journal."
    )
    REASON_FOREIGN_MARK = "it carries another program's file-type mark, {mark}"
    REASON_OTHER_DATABASE = "it is an SQLite database painlog did not make"
    REASON_SCHEMA = (
        "its tables, columns, indexes, triggers or views are not exactly the ones painlog "
        "makes at schema version {version}"
    )
    DB_NOT_A_REGULAR_FILE = (
        "{path} is not a regular file (a pipe, a device or a socket); painlog did not open it. "
        "Give a journal file with --db or PAINLOG_DB."
    )
    UNDO_STEP_DAMAGED = (
        "Undo step {step} holds something painlog never records (an unknown table, operation "
        "or value); nothing was undone. Run 'painlog doctor'."
    )
    RESTORE_COPY_FAILED = (
        "{source} cannot be restored: its upgraded copy failed a check ({reason}). Your journal "
        "was not changed; it is also kept, as it was, at {kept}."
    )
    BACKUP_FAILED = (
        "Could not write the backup {path} ({reason}). No backup file was left behind and the "
        "journal was not changed. Check free space and the folder's permissions."
    )
    BACKUPS_FOLDER_SYMLINK = (
        "The backups folder {path} is a symbolic link; painlog writes your backups only into a "
        "folder of your own. Nothing was changed. Replace the link with a folder (mkdir -m 700)."
    )
    BACKUPS_FOLDER_NOT_OWNED = (
        "The backups folder {path} belongs to another user; painlog writes your backups only "
        "into a folder of your own. Nothing was changed. Move it away and run the command again."
    )
    BACKUPS_FOLDER_NOT_A_FOLDER = (
        "{path} should be painlog's backups folder but is not a folder. Nothing was changed. "
        "Move it away and run the command again."
    )
    FORM_UUID = (
        "a UUID, e.g. 0f8fad5b-d9cb-469f-a165-70867728950e (any case; stored in lowercase), "
        "or nothing for a new id"
    )
    # --- output files: -o never overwrites the journal or, without --force, a file ----------------
    OUTPUT_IS_JOURNAL = (
        "{path}: is the journal (or one of its own files or backups); -o never writes over "
        "it, even with --force. Nothing was written. Choose another file name."
    )
    OUTPUT_EXISTS = "{path}: the file exists; add --force to replace it. Nothing was written."

    # --- sync: many devices, one journal (painlog.sync, cli/sync.py, formats/ics.py) --------------
    FORM_SYNC_FOLDER = (
        "a folder you keep in step between devices (Syncthing, Dropbox, a git work tree)"
    )
    SYNC_NOT_JOINED = "This journal does not sync yet. Join a folder first: painlog sync FOLDER"
    SYNC_OTHER_FOLDER = (
        "This journal already syncs with {folder}, not {given}. Run 'painlog sync' to exchange "
        "with it."
    )
    SYNC_FOLDER_GONE = (
        "The sync folder {folder} is missing (not mounted, or moved). Nothing was exchanged."
    )
    SYNC_FOLDER_UNWRITABLE = "Cannot write to the sync folder {folder}: {reason}."
    SYNC_NEEDS_PASSPHRASE = (
        "Device {device}'s files are encrypted and this journal has no passphrase to open them: "
        "encrypt this journal with the same passphrase (painlog encrypt)."
    )
    SYNC_NEEDS_PASSPHRASE_ONCE = (
        "Joining a folder with an encrypted journal needs its passphrase once (it seals this "
        "device's key in the folder): run again with PAINLOG_PASSPHRASE set, or type it."
    )
    SYNC_WRONG_PASSPHRASE = (
        "Device {device}'s files are encrypted with another passphrase than this journal's."
    )
    SYNC_JOINED = "This device ({device}) now syncs with {folder}."
    SYNC_DONE = (
        "Synced with {folder}: {written} written, {applied} read, {conflicts}, "
        "{taken} taken from the inbox."
    )
    SYNC_INBOX_LEFT = "{count} left in inbox.txt, each under a line saying why."
    SYNC_INBOX_UNDO = "take-in of {count} inbox lines"
    SYNC_INBOX_DUPLICATES = "{count} inbox entries another device took first"
    SYNC_INBOX_NO_TIME = "time taken when the inbox was read"
    SYNC_INBOX_EMPTY_LINE = "nothing after the time"
    SYNC_STATUS_OPTIONS = "sync --status takes no FOLDER; use 'painlog sync FOLDER' to join."
    SYNC_AUTO_FAILED = "Saved, but the automatic sync did not run: {reason}"
    SYNC_STATUS_NONE = "No conflicts kept."
    # --- reading add's words (painlog.record) ----------------------------------------------------
    RECORD_OPTION_VALUE = "{option}: a value is needed after it."

    # --- sync: what FOLDER may hold (the trust boundary) ----------------------------------------
    SYNC_REFUSED_LINK = "a symbolic link (painlog never follows one in FOLDER)"
    SYNC_REFUSED_SPECIAL = "not a regular file"
    SYNC_REFUSED_SIZE = "larger than its limit of {limit}"
    SYNC_REFUSED_DEVICE_NAME = "not a device folder painlog writes"
    SYNC_REFUSED_NO_KEY = "no readable key.age for its device"
    SYNC_REFUSED_NOT_AUTHENTIC = "does not authenticate with this journal's key"
    SYNC_REFUSED_PLAIN = "not encrypted, and this journal is"
    SYNC_REFUSED_ENCRYPTED = "encrypted, and this journal is not (encrypt it to read them)"
    SYNC_REFUSED_NOT_PAINLOG = "not a painlog changes file"
    SYNC_REFUSED_PARTIAL = "not whole yet (shorter than its header says): read once it is"
    SYNC_REFUSED_OTHER_DEVICE = "written in another device's name"
    SYNC_REFUSED_BAD_VERSION = "a version painlog does not write ({version})"
    SYNC_REFUSED_ROW = "{table} {key}: {reason}"
    SYNC_REFUSED_NEVER_HAD = "deletes a row its device never read"
    SYNC_REFUSED_FLOOD = (
        "deletes {count} rows other devices wrote, more than one file may ({limit}); "
        "none of them applied"
    )
    # --- sync: the Loro engine (issue 24 point 1) ------------------------------------------------
    SYNC_REFUSED_SNAPSHOT = "a whole document, not one device's changes"
    SYNC_REFUSED_CLAIM = "claims an inbox line for an entry its device did not make"
    SYNC_REFUSED_VALUE = "{field}: not a value painlog stores"
    SYNC_HELD_AHEAD = "stamped {when} UTC, more than a day ahead of this device's clock"
    SYNC_BUSY = (
        "Another 'painlog sync' is running on this journal; waited {seconds} s. Try again "
        "when it has finished."
    )
    SYNC_INBOX_NOT_UTF8 = "not valid UTF-8 text (save the note as UTF-8)"
    SYNC_INBOX_TOO_LONG = "longer than 4,096 characters"
    SYNC_INBOX_ALREADY_TAKEN = "already taken (a conflicted copy of inbox.txt)"
    SYNC_STATUS_CONFLICTS = (
        "Conflicts kept ({count}): changed on two devices before either had read the other's"
        " change; the same one won on every device, the other is kept"
    )
    SYNC_STATUS_REFUSED = "Files and rows not applied ({count}):"
    SYNC_STATUS_HELD = "Changes held until they are no longer ahead ({count}):"
    SYNC_CALENDAR_READABLE = (
        "Note: {path} is not encrypted: anyone who can read the folder can read the plan's "
        "medicines, dose times and visits in it."
    )
    SYNC_REVERT_SELF = (
        "sync --revert takes back another device's changes; for this device's own, use "
        "painlog undo."
    )
    SYNC_REVERT_UNKNOWN = (
        "--revert: no device {device} has been read here; 'painlog sync --status' lists "
        "the devices (the start of an id is enough)."
    )
    SYNC_SINCE_ALONE = (
        "--since goes with --revert DEVICE: painlog sync --revert DEVICE --since WHEN"
    )
    SYNC_REVERT_OPTIONS = "--revert takes no FOLDER and no --status: painlog sync --revert DEVICE"
    SYNC_REVERT_UNDO = "revert of device {device}"
    SYNC_REVERTED = (
        "Took back device {device}'s changes: {rows} put back as they were{kept}. "
        "'painlog undo' takes this back."
    )
    SYNC_REVERT_KEPT = ", {count} left as a later change of another device has them"
    UNDO_KEPT_OTHERS = (
        "{count} kept as another device changed it after this one (undo takes back only "
        "this device's changes)."
    )
    SYNC_DOCTOR_REFUSED = "{count} read from the sync folder and not applied"
    # --- import: limit notes ----------------------------------------------------------------------
    IMPORT_OVER_DAILY_LIMIT = (
        "Note: {name}: above your plan's limit of {limit} a day on {days} of this import"
        " (the first {first})."
    )
    IMPORT_TOO_SOON = (
        "Note: {name}: {doses} of this import came sooner than your plan's {interval} h"
        " between doses (the first {first})."
    )

    # --- limit units: doses in another unit than the as-needed limit's ----------------------------
    LIMIT_NOT_COUNTED = (
        "Note: {name} on {day}: {dose} is not counted against your plan's limit of {limit} a "
        "day ({unit} cannot be converted to {limit_unit})."
    )
    DUE_NOT_COUNTED = "{amounts} not counted (not convertible to {unit})"

    # --- medicine safety: what painlog does not know, said on every screen and page -----------
    SAFETY_COVERAGE = (
        "medicine safety covers {covered} of {logged} medicines logged; not known: {names}"
    )
    SAFETY_COVERAGE_HINT = (
        "Say what one unit of each holds with 'painlog med NAME --contains \"…\"' "
        '(e.g. --contains "morphine 10mg").'
    )
    APAP_SOURCES = (
        "Acetaminophen: 4,000 mg a day is the maximum in prescribing information (FDA); many "
        "over-the-counter labels say 3,000 mg (e.g. Excedrin Tension Headache, DailyMed: 6 "
        "caplets of 500 mg in 24 hours)."
    )
    FORM_MED_ONLY_NAME = "a medicine's name, e.g. Percocet"
    FORM_WEAR = "how long one patch is worn, 1 hour to 14 days, e.g. 72h or 3d"
    MED_WEAR_SAVED = (
        "Saved: one patch of {name} is worn {hours} h; each patch counts on the days it is "
        "worn ('painlog undo' takes it back)."
    )
    MED_CONTAINS_SAVED = (
        "Saved: one unit of {name} holds {contains}. It counts for every dose of {name} that "
        "does not say otherwise ('painlog undo' takes it back)."
    )
    MED_CONTAINS_TABLE = "One unit of {name} holds {contains} ({source})."
    MED_CONTAINS_TABLE_UNKNOWN = (
        "{name} holds {ingredients}; the amount per unit differs between products ({source}). "
        "Say it with 'painlog med {name} --contains \"…\"'."
    )
    MED_CONTAINS_SHOWN = "One unit of {name} holds {contains} (said with 'painlog med')."
    MED_CONTAINS_NONE = (
        "Nothing said yet about what one unit of {name} holds. Say it with "
        "'painlog med {name} --contains \"…\"'."
    )
    MED_CONTAINS_REMOVED = "Removed what one unit of {name} holds."

    # --- a dose's own wear time; what 'painlog med' said, through export and import -----------
    IMPORT_MED_KEPT = (
        "Note: {name}: the journal keeps {kept}; the file's {given} was not applied (change "
        "it with '{how} …')."
    )
    WEAR_NOT_A_PATCH = (
        "Note: --wear {hours}h counts only for a patch (logged in patches, or as mcg/h); this "
        "{name} dose is counted at the moment it was taken."
    )
    PLAN_DOSE_DIFFERS = (
        "Note: {name} {dose} on {day} is recorded as taken; the plan's dose since {since} is "
        "{planned}."
    )
    IMPORT_DOSE_DIFFERS = (
        "Note: {name}: {doses} of this import differ from the plan's scheduled dose that day "
        "(recorded as taken; the first {first})."
    )
    PHQ4_BANDS = (
        "PHQ-4 total 0-12, bands (Kroenke et al. 2009): normal 0-2, mild 3-5, moderate 6-8, "
        "severe 9-12."
    )
    SCREEN_HISTORY_NONE = "No screens yet. Answer one with 'painlog screen'."
    SCREEN_HISTORY_LINE = "{day}  GAD-2 {gad2}/6  PHQ-2 {phq2}/6  PHQ-4 total {total}/12 {band}"
    SCREEN_WEEK_LINE = (
        "Mood screen (PHQ-4), latest in the period: GAD-2 {gad2}/6, PHQ-2 {phq2}/6, "
        "total {total}/12 ({band})."
    )
    TRY_SMALLEST_P = (
        "With {counted} the smallest p-value possible is {smallest} (2 of 2^{pairs} "
        "assignments); you knew which blocks were ON, so this is not blinded."
    )
    UNKNOWN_COMMAND = "No command '{given}'. Did you mean '{suggestion}'?"
    AT_SPLIT = (
        "--at: '{extra}' came after '{at}' as separate words; put the whole time in quotes, "
        'e.g. --at "{joined}". Nothing was saved.'
    )
    QUOTE_HINT = (
        "Hint: '{extra}' came as a separate word; {option} takes one value, so put it in "
        'quotes: {option} "{words}".'
    )

    # --- symptoms, factors, weather, patterns ---------------------------------------------------
    FORM_OUTCOME = "pain, sleep, mood or symptom:NAME (e.g. symptom:fatigue)"
    FORM_SYMPTOM = (
        "a number from 0 (none) to 10 (worst imaginable) with at most one decimal, e.g. 6"
    )
    FORM_SYMPTOM_NAME = "the symptom's name before its rating, e.g. painlog add symptom fatigue 6"
    SYMPTOM_DID_YOU_MEAN = " Did you mean symptom:{suggestion}?"
    TRY_OUTCOME_NEVER_LOGGED = (
        "--outcome: '{given}' has never been logged.{hint} Give the name as logged (an"
        " experiment's outcome cannot change once it starts), or log the new symptom once"
        " first."
    )
    FORM_SYMPTOM_TO_SHOW = "a symptom's name, e.g. fatigue"
    SYMPTOM_NO_RATING = (
        "symptom: no rating at the end of '{given}'; give {accepted}, after the name"
        " (e.g. painlog add symptom fatigue 6)."
    )
    SYMPTOM_IS_PAIN = (
        "symptom name: '{given}' is not a symptom here: pain is logged as pain, never as a"
        " symptom; give painlog add pain {example}{options}."
    )
    SYMPTOM_IS_PAIN_OPTIONS = " (with --where or --quality if you like)"
    FORM_FACTOR = "an amount of 0 or more, optionally with a unit, e.g. 2 cups (or none at all)"
    FORM_FACTOR_NAME = "what happened, e.g. painlog add factor caffeine 2 cups"
    WEATHER_NOT_OPEN_METEO = (
        "{file}: not an Open-Meteo CSV (theirs start with a line 'latitude,longitude,…'); download"
        " the daily data as CSV from open-meteo.com's Historical Weather page (docs/guide.md)."
    )
    WEATHER_NO_DAILY = (
        "{file}: no daily section (a time column of dates); ask Open-Meteo for daily weather"
        " variables, e.g. pressure_msl_mean."
    )
    WEATHER_NO_COLUMNS = (
        "{file}: none of the daily columns painlog reads: pressure_msl_mean,"
        " temperature_2m_mean, precipitation_sum, relative_humidity_2m_mean."
    )
    WEATHER_BAD_DAY = "time: '{given}' is not a date like 2026-11-01."
    WEATHER_BAD_VALUE = (
        "{column}: '{given}' is not accepted; give {accepted} (Open-Meteo writes NaN where it"
        " has no value)."
    )
    FORM_WEATHER_NUMBER = "a number as Open-Meteo writes it, e.g. 1016.4 or -3.5"
    FORM_WEATHER_PERCENT = "a percentage from 0 to 100"
    FORM_WEATHER_AMOUNT = "an amount of 0 or more"
    WEATHER_DAY_TWICE = (
        "time: {day} is in the file twice (rows {first} and {again}); one value per day and"
        " column is kept, so remove one of them."
    )
    SUMMARY_PATTERNS = (
        "What went with your worse and better days, every comparison counted: painlog patterns"
    )
    PATTERNS_HEAD = "What went with {outcome}, {since} to {until}"
    PATTERNS_NONE_LOGGED = "No {outcome} logged from {since} to {until}: nothing to compare."
    PATTERNS_MADE = (
        "{comparisons} made (each candidate on days with it against days without, the same day"
        " and the next), false-discovery rate {fdr}%."
    )
    PATTERNS_STOOD_OUT = "Stood out:"
    PATTERNS_NONE_STOOD_OUT = "None stood out among {comparisons}."
    PATTERNS_WENT_WITH = (
        "{candidate} went with {outcome} {difference} {when} ({mean_with} against {mean_without};"
        " 95% interval {low} to {high}; {days_with} days with, {days_without} without; {p})."
    )
    PATTERNS_HIGHER = "{amount} {unit} higher"
    PATTERNS_LOWER = "{amount} {unit} lower"
    PATTERNS_NO_DIFFERENT = "0.0 {unit} different"
    PATTERNS_TRY = "To test it: {command}"
    PATTERNS_CLOSEST = "Closest that did not stand out:"
    PATTERNS_TOO_FEW = "Too few days to test ({min} with the outcome on each side): {names}"
    PATTERNS_TOO_FEW_AT_LAG = "{candidate} ({when})"
    REPORT_PATTERNS_NONE = "Patterns with pain: none stood out among {comparisons}."
    REPORT_PATTERNS_TOO_FEW = (
        "Patterns with pain: too few days to compare any of {candidates} (each needs {min} days"
        " with pain with it and {min} without)."
    )
    REPORT_PATTERNS_HEAD = (
        "Patterns ({comparisons}, false-discovery rate 10%): went with pain, not causes:"
    )
    PATTERNS_CAVEAT = (
        "These are days that went together, not causes: a pattern is worth testing, not acting on."
    )

    # --- the PDF report's one page: what it could not hold, and where that is (report/pdf.py) --
    REPORT_MORE = "({more} in the full report: {command})"
    REPORT_NO_CHARTS = "(the pain and sleep charts: {command})"


def _plural(singular: str) -> str:
    """English plurals for the nouns painlog counts: entry -> entries but day -> days (a
    vowel before the y), dose -> doses, patch -> patches, minute -> minutes."""
    if singular.endswith("y") and singular[-2:-1] not in tuple("aeiou"):
        return singular[:-1] + "ies"
    if singular.endswith(("s", "x", "z", "ch", "sh")):
        return singular + "es"
    return singular + "s"


def count(number: int, singular: str, plural: str | None = None) -> str:
    """``1 entry``, ``2 entries``, ``1,186 records``: a number with its noun, as people write."""
    if plural is None:
        plural = _plural(singular)
    return f"{number:,} {singular if number == 1 else plural}"


# The PSFS rule (Stratford et al. 1995; SPEC.md "Function, mood screening and medicine safety"):
# a change of 2 points or more in the mean of the goals rated is clinically important. Here, below
# both clinic (goals, summary, report) and plan (compare), so every screen, report and JSON asks
# the same rule and says it in the same words.
PSFS_IMPORTANT_CHANGE = 2.0


def psfs_important(change: float | None) -> bool | None:
    """Whether a change in the PSFS mean is clinically important; None when it is not known."""
    return None if change is None else abs(change) >= PSFS_IMPORTANT_CHANGE


def psfs_moved(important: bool) -> str:
    """``2 points or more`` or ``less than 2 points``."""
    message = Msg.PSFS_MOVED_IMPORTANT if important else Msg.PSFS_MOVED_SMALL
    return message.value.format(points=PSFS_IMPORTANT_CHANGE)


def psfs_change(important: bool, *, named: bool = False) -> str:
    """``a change of 2 points or more (clinically important)`` (``…, PSFS)`` when ``named``)
    or ``a change of less than 2 points``."""
    if not important:
        return Msg.PSFS_CHANGE_SMALL.value.format(moved=psfs_moved(False))
    source = ", PSFS" if named else ""
    return Msg.PSFS_CHANGE_IMPORTANT.value.format(moved=psfs_moved(True), source=source)


def psfs_compare(important: bool) -> str:
    """The line under ``plan compare``'s table: how far the PSFS mean moved."""
    return Msg.PSFS_COMPARE.value.format(moved=psfs_moved(important), points=PSFS_IMPORTANT_CHANGE)


# Characters that would act on a terminal instead of showing (SPEC.md "Numbers on screen"):
# C0 controls but tab and newline (ESC starts colour, cursor and OSC title/link sequences, BEL
# rings, CR overwrites the line), DEL, C1 controls (U+009B is a one-byte CSI), and the bidi
# overrides that make text read in another order than it is stored.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return "^" + chr(code + 0x40)  # caret notation, as cat -v shows them: ESC is ^[
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with every control character made visible (ESC as ^[, BEL as ^G, U+009B as
    <U+009B>), for text a person typed or imported that is about to reach a terminal."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


def say(message: Message, **fields: object) -> str:
    """The text of ``message`` with its fields filled in; text in the fields (what a person
    typed or imported, file names) with its control characters made visible."""
    shown = {
        name: visible(value) if isinstance(value, str) else _visible_object(value)
        for name, value in fields.items()
    }
    return message.value.format(**shown)


def _visible_object(value: object) -> object:
    """Paths and other objects printed by their text; numbers kept for format specs."""
    if value is None or isinstance(value, int | float):
        return value
    text = str(value)
    return visible(text) if _CONTROL.search(text) else value
