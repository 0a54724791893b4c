"""The command line parses options, asks and prints (issue 23): no SQL, no transactions and
no sqlite import in painlog/cli; the inbox imports no command-line code."""

from __future__ import annotations

import ast
from pathlib import Path

import painlog

SOURCE = Path(painlog.__file__).parent
CLI = sorted((SOURCE / "cli").rglob("*.py"))
SQL_CALLS = {"execute", "executemany", "executescript", "query", "insert_all", "transaction"}
SQLITE_MODULES = ("sqlite3", "sqlite_utils", "sqlcipher3", "painlog.store.db")


def _findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name in SQL_CALLS:
                found.append(f"{path.name}:{node.lineno}: {name}(")
        elif isinstance(node, ast.Import):
            found += [f"{path.name}:{node.lineno}: import {alias.name}" for alias in node.names
                      if alias.name.startswith(SQLITE_MODULES[:3])]  # fmt: skip
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith(SQLITE_MODULES[:3]):
                found.append(f"{path.name}:{node.lineno}: from {module} import")
            if module == "painlog.store.db":
                found += [f"{path.name}:{node.lineno}: {alias.name} from painlog.store.db"
                          for alias in node.names if alias.name == "transaction"]  # fmt: skip
    return found


def test_the_checker_finds_sql_a_transaction_and_a_sqlite_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import sqlite3\nfrom painlog.store.db import transaction\n"
        "def f(journal):\n    with transaction(journal):\n"
        "        journal.execute('DELETE FROM entries')\n",
        encoding="utf-8",
    )
    assert _findings(bad) == [
        "bad.py:1: import sqlite3",
        "bad.py:2: transaction from painlog.store.db",
        "bad.py:4: transaction(",
        "bad.py:5: execute(",
    ]


def test_cli_holds_no_sql_no_transaction_and_no_sqlite_import() -> None:
    assert len(CLI) > 10
    found = [finding for path in CLI for finding in _findings(path)]
    assert found == []


def test_the_inbox_and_the_gate_import_no_command_line_code() -> None:
    for path in [SOURCE / "sync" / "inbox.py", *sorted((SOURCE / "record").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names]  # fmt: skip
        imported += [node.module or "" for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)]  # fmt: skip
        assert not [m for m in imported if m.split(".")[0] in ("click", "typer", "rich")
                    or m == "painlog.cli" or m.startswith("painlog.cli.")], path  # fmt: skip
