"""The one grammar of what follows ``painlog add``: used by add, the check-in and the inbox.

``parse("pain 6 --where 'lower back'")`` (or the same as a list of words) gives a ``Draft``:
the kind, its words and its options, typed but not validated. ``Draft.fields()`` turns the words
into an entry's fields by the kind's rule (``walk 30m`` is exercise ``walk`` for 30 minutes,
``ibuprofen 400mg`` a dose); the gate (``painlog.record.gate``) validates and saves. The command
line builds the same ``Draft`` from the options typer has read, so a line in the inbox and a
command at the shell are read by the same rules.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from painlog.errors import InvalidInput
from painlog.journal.entries import parse_kind, split_words
from painlog.messages import Msg, say
from painlog.record.kinds import rule_for

# option -> (field, repeatable). Every kind takes --tag and --at; the rest as ``painlog add``
# (a kind not listed takes --note too).
_COMMON = {"--tag": ("tags", True), "-t": ("tags", True), "--at": ("at", False)}
_NOTE = {"--note": ("note", False), "-n": ("note", False)}
OPTIONS: dict[str, dict[str, tuple[str, bool]]] = {
    "pain": {
        **_NOTE,
        "--where": ("location", True),
        "-w": ("location", True),
        "--quality": ("quality", False),
        "-q": ("quality", False),
        "--trigger": ("trigger", True),
        "--relief": ("relief", True),
    },
    "sleep": {**_NOTE, "--quality": ("quality", False), "-q": ("quality", False)},
    "mood": dict(_NOTE),
    "steps": dict(_NOTE),
    "heart-rate": dict(_NOTE),
    "exercise": {**_NOTE, "--intensity": ("intensity", False), "-i": ("intensity", False)},
    "medication": {**_NOTE, "--contains": ("contains", False), "--wear": ("wear", False)},
    "therapy": dict(_NOTE),
    "symptom": dict(_NOTE),
    "factor": dict(_NOTE),
    "side-effect": {"--severity": ("intensity", False), "-s": ("intensity", False)},
    "note": {},
}


@dataclass(frozen=True)
class Draft:
    """An entry as typed: its kind, the words after the kind, and its options (``at`` as
    typed, e.g. ``yesterday 9pm``; None: the kind's default moment)."""

    kind: str
    words: tuple[str, ...] = ()
    at: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def command(self) -> str:
        return f"add {self.kind}"

    def fields(self) -> dict[str, Any]:
        """The entry's fields, by the kind's rule for its words, plus the options. Words the
        shell split off an option's value (``--at yesterday 9pm``, ``--where lower back``
        unquoted) are refused with a hint to quote them: "9pm" is never part of a name."""
        hint = quote_hint(self)
        if hint and hint.at_words:
            raise InvalidInput(hint.text)
        try:
            return self._fields()
        except InvalidInput as error:
            if hint:
                raise InvalidInput(f"{error.message} {hint.text}") from None
            raise

    def _fields(self) -> dict[str, Any]:
        words = list(self.words)
        if self.kind == "side-effect":  # the medicine, then what happened
            found: dict[str, Any] = {"name": words[0] if words else None,
                                     "note": " ".join(words[1:])}  # fmt: skip
        elif rule_for(self.kind).named and len(words) > 1 and _SIGNED.match(words[-1]):
            # ``therapy massage -60m``: a signed number at the end is the value typed with a
            # slip, refused by the value's own range; never a therapy named "massage -60m"
            found = {"name": " ".join(words[:-1]), "value": words[-1]}
        elif rule_for(self.kind).named or self.kind == "note":  # a name, then a value
            found = dict(split_words(self.kind, words))
        else:  # the words are the value: 7h30m, 6/10, 6 out of 10
            found = {"value": " ".join(words)}
        for name, given in self.options.items():
            if given not in (None, (), []):
                found[name] = tuple(given) if isinstance(given, list | tuple) else given
        return found


_SIGNED = re.compile(r"[-+\u2212]\s*\.?\d")


def is_option(word: str) -> bool:
    """``--where``, ``-w``: an option, not a word. ``-5`` is a word (add lets negative numbers
    through, to refuse them by their range rather than as unknown options)."""
    return word.startswith("--") or (word.startswith("-") and not word[1:2].isdigit())


def refuse_stray_options(words: list[str] | tuple[str, ...], command: str) -> None:
    """A mistyped ``--option`` among the words (with negative numbers let through it would
    pass as a word): refused, naming the command's help."""
    for word in words:
        if is_option(word):
            raise InvalidInput(say(Msg.UNKNOWN_OPTION, option=word, command=command))


def parse(line: str | list[str] | tuple[str, ...]) -> Draft:
    """A ``Draft`` from what follows ``painlog add``; a line is split as a shell would.
    Refuses (``InvalidInput``, add's own messages) an unknown kind or option, a missing
    option value, or quotes left open."""
    if isinstance(line, str):
        try:
            words = shlex.split(line)
        except ValueError as error:
            raise InvalidInput(str(error)) from None
    else:
        words = list(line)
    if not words:
        raise InvalidInput(Msg.SYNC_INBOX_EMPTY_LINE.value)
    kind = parse_kind(words[0])
    allowed = {**_COMMON, **OPTIONS.get(kind, _NOTE)}
    positional: list[str] = []
    options: dict[str, Any] = {}
    at: str | None = None
    rest = iter(words[1:])
    only_words = False
    for word in rest:
        if only_words or not is_option(word):
            positional.append(word)
            continue
        if word == "--":
            only_words = True
            continue
        name, equals, given = word.partition("=")
        if name not in allowed:
            raise InvalidInput(say(Msg.UNKNOWN_OPTION, option=name, command=f"add {kind}"))
        if not equals:
            given = next(rest, None)  # type: ignore[assignment]
            if given is None:
                raise InvalidInput(say(Msg.RECORD_OPTION_VALUE, option=name))
        target, repeatable = allowed[name]
        if target == "at":
            at = given
        elif repeatable:
            options.setdefault(target, []).append(given)
        else:
            options[target] = given
    return Draft(kind, tuple(positional), at, options)


# --- words the shell split off an option's value ---------------------------------------------

TIME_WORD = re.compile(
    r"(\d{1,2}([:.]\d{2})?\s*([ap]\.?m\.?)?|[ap]\.?m\.?|ago|morning|afternoon|evening|night"
    r"|(min(ute)?|hour|day|week|month)s?|today|yesterday|last|this"
    r"|mon(day)?|tue(s|sday)?|wed(nesday)?|thu(rs|rsday)?|fri(day)?|sat(urday)?|sun(day)?)",
    re.IGNORECASE,
)
_MERIDIEM = re.compile(r"[ap]\.?m\.?", re.IGNORECASE)
# option field -> how it is typed, in the order a hint names them
_TEXT_OPTIONS = (("location", "--where"), ("trigger", "--trigger"), ("relief", "--relief"),
                 ("note", "--note"))  # fmt: skip


@dataclass(frozen=True)
class QuoteHint:
    text: str
    at_words: bool  # the split-off words belong to --at (a time): always refused


def quote_hint(draft: Draft) -> QuoteHint | None:
    """An option's value typed in several words without quotes (``--at yesterday 9pm``,
    ``--where lower back``): the shell hands the later words on as the entry's own. Says how
    to quote it; None when nothing looks split off."""
    words = list(draft.words)
    if draft.at and words:
        extra: list[str] = []
        for word in reversed(words[1:]):  # the first word is the entry's (a value, a name)
            if not TIME_WORD.fullmatch(word):
                break
            extra.insert(0, word)
        # a bare number before a whole time is the entry's value, not the time's
        # (``symptom fatigue 4 --at yesterday 9pm``); before "pm" it is the time's hour
        while len(extra) > 1 and extra[0].isdigit() and not _MERIDIEM.fullmatch(extra[1]):
            extra.pop(0)
        # a bare number can be the entry's value (``mood 4 --at yesterday``): only a word
        # that cannot be a value (9pm, 9:30, ago, night) counts as split off
        if (
            extra
            and not all(word.isdigit() for word in extra)
            and len(extra) < len(words) + (draft.kind in ("pain", "mood", "sleep") and 0)
        ):
            joined = f"{draft.at} {' '.join(extra)}"
            return QuoteHint(
                say(Msg.AT_SPLIT, at=draft.at, extra=" ".join(extra), joined=joined),
                at_words=True,
            )
    if len(words) < 2 or not words[-1][:1].isalpha():
        return None
    if rule_for(draft.kind).named and draft.kind != "pain":
        return None  # a name of several words is a name
    extra = []
    for word in reversed(words[1:]):
        if not word[:1].isalpha():
            break
        extra.insert(0, word)
    given_last = []
    for field_name, option in _TEXT_OPTIONS:
        given = draft.options.get(field_name)
        last = given[-1] if isinstance(given, list | tuple) and given else given
        if last:
            given_last.append((str(last), option))
    # a value of several words was quoted already: the one split is a single word
    given_last.sort(key=lambda item: " " in item[0].strip())
    for last, option in given_last[:1]:
        if last:
            joined = f"{last} {' '.join(extra)}"
            return QuoteHint(
                say(Msg.QUOTE_HINT, option=option, words=joined, extra=" ".join(extra)),
                at_words=False,
            )
    return None
