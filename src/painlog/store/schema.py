"""What a painlog journal is: its file-type mark and the schema each version of painlog makes.

A journal carries SQLite's own file-type mark, ``PRAGMA application_id`` = ``APPLICATION_ID``
(0x7061696E, the bytes "pain"), at offset 68 of the file header. A file with another program's
mark is refused before SQLite even opens it.

The mark alone proves nothing (anyone can set it), so every open also compares the file's
schema with the schema painlog itself makes at that version: one query of ``sqlite_master``
(every table with its columns, index, trigger and view, as its CREATE statement), hashed, and
compared with ``SCHEMA_DIGESTS[version]``, a constant written here. The digest is never one the
file carries. A file with an extra trigger, a missing table or a changed column is refused.

``SCHEMA_DIGESTS`` holds the digest of every schema version (0 is the empty new file), so a
journal at an older version is checked before it is migrated.

Adding a migration (or merging another helper's): run

    PYTHONPATH=src python -m painlog.store.schema

which builds a fresh journal through every migration and rewrites ``SCHEMA_DIGESTS`` below;
``tests/test_hostile_files.py`` fails until the constant matches the migrations. The digests of
released versions must never change: a migration that changed an old step's output would make
existing journals unrecognisable (the test compares each version, not only the newest).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

# APPLICATION_ID lives in db (below migrations, which sets it); it is painlog's mark, 0x7061696E.
from painlog.errors import PainlogError
from painlog.messages import Msg, say
from painlog.store.db import APPLICATION_ID, Journal

__all__ = [
    "APPLICATION_ID",
    "SCHEMA_DIGESTS",
    "SCHEMA_VERSION",
    "known_schema",
    "refuse_unless_painlog",
]

APPLICATION_ID_OFFSET = 68  # where SQLite keeps it in the 100-byte file header
USER_VERSION_OFFSET = 60

# Written by ``python -m painlog.store.schema``; do not edit by hand.
SCHEMA_DIGESTS: dict[int, str] = {
    0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    1: "9762bc87f8f7968ee2a2edb2673f1785837d2475b82fa4c60fca4d1584c388d6",
    2: "bd24dc33ced6ca64f721acc9b8f6cc9b43bde832b7ef65ccdf4826f037933c49",
    3: "004f27656c4ba5bb7f8cbac9b5aae12d9d3a8d9109fcd8acc5dfbca0dcd5e600",
    4: "ad5a34bffaa913e83745e4f8d62f9777195ed59577024d80dc4412c033cd84c2",
    5: "bd5edbb44c497fabab375658948031cd9d3bda70a68a66da91d84367f57f1df1",
    6: "bc516b2548f1e941d98f171888a277561ba10ff7a3423206efc5e30aae7f03b9",
    7: "467cb9c10056cd29864c2973ca74bd06bf12f22c1679c0072ad5c89f8ede4610",
    8: "e1ba470197e529ed542ce7d8ec5ff263c8216934e6ea2f440a54425a95abed9f",
    9: "6dec1de5c66f546b2d894bf1e675df1917e6971862c9d2337f115ea3213051a9",
    10: "213b9b972e5f33ddf70be5e93a09c40c6d0bbbd699e70152ed92bc685d15a995",
    11: "e8ccd3e984edd7e27338ae57dcb8caf80baccd780f1bc05d25b76be1c03f788a",
    12: "58053c34d6feb492e10e955f46594e5ce09e4140ccd7d8e2982b35dc06f1d4c4",
    13: "a20ea2a67d76cd144a89ad72b8b9040f411d6ac875589d09160b417ef8540b83",
    14: "8484177f1406b47b86352a3eba1a45e72c4a0c2544b45aab2399202d85bac215",
    15: "5833a3b75a16802c37a385c3dae43621d60f39ac3e66ac6bc9b27f2b77de521b",
    16: "7fa10ce27cd988c7f1e4030509cf08b923b41373cc213a5cf1c1ef7e35fa518c",
    17: "c56aa92ad47206cb2ffdb4e9c11d0c6fc39eebfbe5f3efd07446a6a70b6878d1",
}

# The newest version, read here so that opening a current journal needs no migration code
# (``tests/test_hostile_files.py`` checks it is ``migrations.SCHEMA_VERSION``).
SCHEMA_VERSION = max(SCHEMA_DIGESTS)

# SQLite's own bookkeeping tables, which ANALYZE or ``PRAGMA optimize`` may add to any file.
_SQLITE_STATS = "sqlite_stat%"
# One row: every schema object as type, name, table and CREATE statement, in a fixed order,
# joined by SQLite itself (unit and record separators), so Python hashes one string.
_SCHEMA_TEXT = (
    "SELECT group_concat(type || char(31) || name || char(31) || tbl_name || char(31) || "
    "coalesce(sql, ''), char(30)) FROM (SELECT * FROM sqlite_master "
    f"WHERE name NOT LIKE '{_SQLITE_STATS}' ORDER BY type, name)"
)
# Version, mark and schema in ONE statement, so one snapshot: another painlog upgrading the file
# at the same moment can never make the version and the schema disagree.
_SCHEMA_QUERY = (
    "SELECT (SELECT user_version FROM pragma_user_version), "
    f"(SELECT application_id FROM pragma_application_id), ({_SCHEMA_TEXT})"
)


def _digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()


def schema_digest(connection: Any) -> str:
    """The digest of the schema in ``connection``'s main database: one query, hashed."""
    return _digest(connection.execute(_SCHEMA_TEXT).fetchone()[0])


def read_schema(connection: Any) -> tuple[int, int, str]:
    """(user_version, application_id, schema digest), read in one statement."""
    version, mark, text = connection.execute(_SCHEMA_QUERY).fetchone()
    return int(version), int(mark) & 0xFFFFFFFF, _digest(text)


def header_numbers(header: bytes) -> tuple[int, int] | None:
    """(user_version, application_id) from a plain file's first 100 bytes, else None."""
    if len(header) < 100:
        return None
    version = int.from_bytes(header[USER_VERSION_OFFSET : USER_VERSION_OFFSET + 4], "big")
    mark = int.from_bytes(header[APPLICATION_ID_OFFSET : APPLICATION_ID_OFFSET + 4], "big")
    return version, mark


def known_schema(version: int, digest: str) -> bool:
    return SCHEMA_DIGESTS.get(version) == digest


class NotPainlogFile(PainlogError):
    """A file painlog refuses to write to; ``reason`` says why, in a few words."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(say(Msg.NOT_PAINLOG_FILE, path=path, reason=reason))
        self.reason = reason


def numbers(connection: Any) -> tuple[int, int]:
    """(user_version, application_id) of an open file, in one statement."""
    version, mark = connection.execute(
        "SELECT * FROM pragma_user_version, pragma_application_id"
    ).fetchone()
    return int(version), int(mark) & 0xFFFFFFFF


def refuse_unless_painlog(connection: Any, path: Path, newest: int) -> tuple[int, int]:
    """(version, mark) of a file that is painlog's, else PainlogError, before any write.

    A file is painlog's when it carries painlog's mark or none (a journal from before the mark)
    and its schema is exactly the one painlog makes at the version it says it is. A marked
    file of a newer version is "too new", not "not painlog's".
    """
    version, mark, digest = read_schema(connection)
    if mark not in (0, APPLICATION_ID):
        raise NotPainlogFile(path, foreign_mark(mark))
    if version > newest and mark == APPLICATION_ID:
        raise PainlogError(say(Msg.JOURNAL_TOO_NEW, path=path, found=version, known=newest))
    if not known_schema(version, digest):
        if version == 0 and mark == 0:  # tables, no version, no mark: another program's
            raise NotPainlogFile(path, Msg.REASON_OTHER_DATABASE.value)
        raise NotPainlogFile(path, say(Msg.REASON_SCHEMA, version=version))
    return version, mark


def foreign_mark(mark: int) -> str:
    return say(Msg.REASON_FOREIGN_MARK, mark=f"0x{mark:08x}")


def build_digests() -> dict[int, str]:
    """The digest after each migration, from a fresh in-memory journal."""
    from painlog.store.migrations import MIGRATIONS, apply

    connection = sqlite3.connect(":memory:")
    journal = Journal(connection, execute_plugins=False, recursive_triggers=False)
    journal.path = Path(":memory:")
    digests = {0: schema_digest(connection)}
    for number, step in enumerate(MIGRATIONS, start=1):
        apply(journal, number, step)
        digests[number] = schema_digest(connection)
    connection.close()
    return digests


def _rewrite(source: str, digests: dict[int, str]) -> str:
    body = "".join(f'    {number}: "{digest}",\n' for number, digest in sorted(digests.items()))
    return re.sub(
        r"SCHEMA_DIGESTS: dict\[int, str\] = \{\n.*?\n\}\n",
        lambda _: f"SCHEMA_DIGESTS: dict[int, str] = {{\n{body}}}\n",
        source,
        count=1,
        flags=re.DOTALL,
    )


def main() -> int:
    digests = build_digests()
    here = Path(__file__)
    old = here.read_text(encoding="utf-8")
    new = _rewrite(old, digests)
    if new == old:
        print(f"SCHEMA_DIGESTS is up to date ({len(digests) - 1} migrations).")
        return 0
    here.write_text(new, encoding="utf-8")
    print(f"Updated SCHEMA_DIGESTS in {here} ({len(digests) - 1} migrations).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
