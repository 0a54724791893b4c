"""The message catalogue (painlog.messages.Msg) stays clean: every message in it is used.

A message counts as used where the code names it, ``Msg.NAME``, in src/ or tests/. Nothing looks a
message up by a name built at run time today; a lookup that does (``getattr(Msg, f"SYNC_{kind}")``,
``vars(Msg)``, ``Msg.__dict__``, an alias of ``Msg``) hides its uses from this search, so it fails
the second test until each name it can build is listed in LOOKED_UP_BY_NAME with its file.
"""

from __future__ import annotations

import re
from pathlib import Path

from painlog.messages import Msg

ROOT = Path(__file__).resolve().parent.parent
THIS = Path(__file__).resolve()

# Members looked up by a name built at run time, each with the file (from ROOT) that does it.
LOOKED_UP_BY_NAME: dict[str, str] = {}

# Ways to reach a member without writing Msg.NAME.
DYNAMIC = re.compile(
    r"getattr\(\s*Msg\b|vars\(\s*Msg\s*\)|\bMsg\.__dict__|\bMsg\s*\[|\bMsg\s+as\b|=\s*Msg\s*$",
    re.MULTILINE,
)


def _sources() -> dict[str, str]:
    files = [*(ROOT / "src").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    return {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in files
        if path.resolve() != THIS
    }


def _members() -> list[str]:
    return [name for name in vars(Msg) if not name.startswith("_")]


def test_every_message_is_used():
    named = set(re.findall(r"\bMsg\.([A-Z][A-Z0-9_]*)\b", "\n".join(_sources().values())))
    unused = sorted(set(_members()) - named - set(LOOKED_UP_BY_NAME))
    assert not unused, f"messages nothing uses (remove them from painlog/messages.py): {unused}"


def test_a_message_looked_up_by_a_built_name_is_listed():
    listed_files = set(LOOKED_UP_BY_NAME.values())
    unlisted = sorted(
        path
        for path, text in _sources().items()
        if DYNAMIC.search(text) and path not in listed_files
    )
    assert not unlisted, (
        f"{unlisted} look messages up by a built name; list each name it can build in "
        "LOOKED_UP_BY_NAME (tests/test_messages.py), so the unused-message test sees them"
    )


def test_the_listed_names_are_messages_looked_up_where_listed():
    sources = _sources()
    assert set(LOOKED_UP_BY_NAME) <= set(_members())
    for path in set(LOOKED_UP_BY_NAME.values()):
        assert DYNAMIC.search(sources.get(path, "")), path
