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
from painlog.store.migrations import MIGRATIONS, apply

__all__ = ["APPLICATION_ID", "SCHEMA_DIGESTS", "known_schema", "refuse_unless_painlog"]

APPLICATION_ID_OFFSET = 68  # where SQLite keeps it in the 100-byte file header
USER_VERSION_OFFSET = 60

# Written by ``python -m painlog.store.schema``; do not edit by hand.
SCHEMA_DIGESTS: dict[int, str] = {
    0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    1: "96365709ed83c4b282bb69044689b96b376a2b0226888e433470558083190cc5",
    2: "7c908b787bbeb9d2e49a747cd8482bf97818e854dd3c9fb45400f30b3130f97e",
    3: "a54d84cb355047bd326fd661beaa10df2dd64994551b36cb4df55b342c369304",
    4: "5e471e05cf5087d6036ee7529527ebfba7c72a32a14603bf7da98998c58be959",
    5: "a9b61a5de56972bcf6caafc37bb392e0ba983c3d20ba0ca0ba5524b2e56764bc",
    6: "7329e3c7a6c1d5fa3944db11f3d82a4a3e7ef4df8d0811441851d626410f4f05",
    7: "ba06075b8b824103242e59ee8c1a081a66daf76dceecb54f1beffc8c6fe4ec6d",
    8: "b656474a27e28e3719abf44c4ae5070b0fab0bc9f1e7fda4aa4d4c121553ab91",
    9: "7e59e21ffb9c8668b4f720d76bbae7af952d4cac5bd75184fbd6e746e26c235a",
    10: "ebf74fab43fd79a79937297b0b95fe9f612b62d0c9b090666a1e51c317e2809b",
}

# SQLite's own bookkeeping tables, which ANALYZE or ``PRAGMA optimize`` may add to any file.
_SQLITE_STATS = "sqlite_stat%"
_SCHEMA_QUERY = (
    "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
    f"WHERE name NOT LIKE '{_SQLITE_STATS}' ORDER BY type, name"
)


def digest_of_rows(rows: Any) -> str:
    digest = hashlib.sha256()
    for row in rows:
        for value in row:
            digest.update(str(value).encode("utf-8"))
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


def schema_digest(connection: Any) -> str:
    """The digest of the schema in ``connection``'s main database: one query, hashed."""
    return digest_of_rows(connection.execute(_SCHEMA_QUERY))


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
    version, mark = numbers(connection)
    if mark not in (0, APPLICATION_ID):
        raise NotPainlogFile(path, foreign_mark(mark))
    if version > newest and mark == APPLICATION_ID:
        raise PainlogError(say(Msg.JOURNAL_TOO_NEW, path=path, found=version, known=newest))
    if not known_schema(version, schema_digest(connection)):
        raise NotPainlogFile(path, say(Msg.REASON_SCHEMA, version=version))
    return version, mark


def foreign_mark(mark: int) -> str:
    return say(Msg.REASON_FOREIGN_MARK, mark=f"0x{mark:08x}")


def build_digests() -> dict[int, str]:
    """The digest after each migration, from a fresh in-memory journal."""
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
