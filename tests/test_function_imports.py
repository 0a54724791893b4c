"""Imports inside functions: only where they buy something (issue 23, point 5).

Every `import` written inside a function in src/painlog is one of:

(a) a module that is always loaded by the time the function runs — imported at the top of the
    same module (or by what that imports, within painlog), or loaded both by `painlog add pain 5`
    and by `painlog --help`. A lazy import of it saves nothing and hides the dependency: it
    belongs at the top.
(b) an optional or heavy third-party library (numpy, matplotlib, fpdf, plotext, ...): it stays
    lazy, but through one accessor per library (one function that imports it), not scattered.
(c) a standard-library or painlog module that `painlog add` must not pay for: allowed, with the
    reason on the line (`# lazy: only report needs it`) or in LAZY_ALLOWED below.

Run `python tests/test_function_imports.py` for the counts per class.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "painlog"

SKIPPED: tuple[str, ...] = ()

# (file relative to src, imported module): why it stays inside the function although the
# module is already loaded or carries no `# lazy:` comment.
LAZY_ALLOWED: dict[tuple[str, str], str] = {
    ("painlog/cli/__init__.py", "painlog.cli"): (
        "main() pauses the cyclic collector before the stack is imported (architecture.md)"
    ),
    ("painlog/cli/__init__.py", "painlog.cli.core"): (
        "`painlog.cli.app` and the closed-pipe path import the stack only when asked for"
    ),
    ("painlog/store/db.py", "sqlite_utils"): (
        "the one accessor: imports sqlite-utils with numpy and pandas hidden (~50 ms)"
    ),
    ("painlog/store/lock.py", "fcntl"): "optional: there is no fcntl on Windows",
    ("painlog/sync/engine.py", "fcntl"): "optional: there is no fcntl on Windows",
    # `painlog --version`, `--help` and shell completion import cli.core (and errors, words)
    # but open no journal: the journal stack (sqlite3, sqlite-utils, dateutil) loads when a
    # command runs. `painlog add` loads all of these anyway.
    ("painlog/errors.py", "sqlite3"): "--version and --help open no journal",
    ("painlog/cli/core.py", "painlog.store.db"): "--version and --help open no journal",
    ("painlog/cli/core.py", "painlog.store"): "--version and --help open no journal",
    ("painlog/cli/core.py", "painlog.store.files"): "--version and --help open no journal",
    ("painlog/cli/core.py", "painlog.store.opener"): "--version and --help open no journal",
    ("painlog/cli/core.py", "painlog.record.words"): "--version and --help open no journal",
    ("painlog/cli/core.py", "painlog.journal.timeparse"): "--version and --help: no dateutil",
    ("painlog/cli/words.py", "painlog.store.suggestions"): "--help opens no journal",
    ("painlog/store/suggestions.py", "painlog.store.db"): "completion: no sqlite-utils",
    # (c) kept off the start-up of commands that do not need them. Where the reason is only the
    # functions that use the module, it was lazy before this rule and is kept as found: a
    # candidate to move to the top once its cost to the commands loading the module is measured.
    ("painlog/cli/core.py", "painlog.sync"): "only `sync` and the automatic exchange after a write",
    ("painlog/cli/views/journal.py", "painlog.insight.summary"): "print_entries, print_summary",
    ("painlog/cli/views/journal.py", "painlog.cli.views.plan"): "print_summary",
    ("painlog/cli/views/journal.py", "painlog.plan.medicines"): "safety_lines",
    ("painlog/cli/views/journal.py", "painlog.plan.safety"): "safety_lines",
    ("painlog/insight/charts.py", "painlog.insight.heatmap"): "daily, for symptom:NAME",
    ("painlog/insight/charts.py", "painlog.plan.model"): "plan markers, as-needed doses",
    ("painlog/insight/heatmap.py", "painlog.journal.names"): "symptom_clause",
    ("painlog/insight/patterns.py", "painlog.insight.heatmap"): "daily_outcome",
    ("painlog/insight/patterns.py", "painlog.plan.model"): "_as_needed_names",
    ("painlog/insight/summary.py", "painlog.plan.adherence"): "weekly",
    ("painlog/insight/summary.py", "painlog.clinic.goals"): "weekly",
    ("painlog/insight/summary.py", "painlog.clinic.screen"): "weekly",
    ("painlog/insight/summary.py", "painlog.plan.safety"): "weekly, summarize",
    ("painlog/journal/cautions.py", "painlog.journal"): (
        "the name resolver only for a named entry: `add pain` loads journal.spelling only"
    ),
    ("painlog/journal/cautions.py", "painlog.journal.names"): "as above: the name resolver",
    ("painlog/plan/due.py", "painlog.plan.safety"): "due",
    ("painlog/plan/due.py", "painlog.plan.trial"): "due",
    ("painlog/plan/limits.py", "painlog.plan.safety"): "dose_warnings, for a medicine",
    ("painlog/plan/model.py", "painlog.journal.names"): "planned_dose",
    ("painlog/plan/trial.py", "painlog.journal.names"): "outcome_by_day",
    ("painlog/report/__init__.py", "painlog.report.markdown"): "one renderer per format asked",
    ("painlog/report/__init__.py", "painlog.report.html"): "one renderer per format asked",
    ("painlog/report/__init__.py", "painlog.report.pdf"): "one renderer per format (fpdf)",
    ("painlog/store/cipher.py", "resource"): "only while a passphrase is held",
    ("painlog/store/cipher.py", "getpass"): "only when a passphrase is asked for",
    ("painlog/store/opener.py", "painlog.store.cipher"): "an encrypted journal only",
    ("painlog/store/opener.py", "painlog.store.conversion"): "a file to recover only",
    ("painlog/store/opener.py", "painlog.store.migrations"): "an older journal only",
    ("painlog/store/schema.py", "painlog.store.migrations"): "a new or older journal only",
}


@dataclass(frozen=True)
class FunctionImport:
    path: str  # relative to src, e.g. painlog/cli/report.py
    module: str  # the module whose functions hold the import, e.g. painlog.cli.report
    function: str  # qualified name of the outermost function holding it
    line: int
    target: str  # the module imported, e.g. numpy, painlog.report.pdf
    names: tuple[str, ...]  # for `from target import names`
    comment: str  # the source lines of the statement, to find `# lazy:`


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(module: str) -> bool:
    return (SRC / module.replace(".", "/") / "__init__.py").exists()


def _is_module(module: str) -> bool:
    return _is_package(module) or (SRC / (module.replace(".", "/") + ".py")).exists()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement loads (a `from x import y` loads x.y when y is one)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _resolve(module, node)
    found = [base]
    for alias in node.names:
        if base.startswith("painlog") and _is_module(f"{base}.{alias.name}"):
            found.append(f"{base}.{alias.name}")
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@cache
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _top_level_imports(path: Path) -> set[str]:
    """Modules imported when the module runs (not in functions, not for the type checker)."""
    module = _module_name(path)
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        for node in statements:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                found.update(_targets(module, node))
            elif isinstance(node, ast.If) and not _is_type_checking(node):
                visit(node.body)
                visit(node.orelse)
            elif isinstance(node, (ast.Try, ast.ClassDef)):
                visit(node.body)

    visit(_parsed(path).body)
    return found


@cache
def _static_imports() -> dict[str, set[str]]:
    return {_module_name(path): _top_level_imports(path) for path in _sources()}


def _with_parents(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


@cache
def _loaded_with(module: str) -> frozenset[str]:
    """Every module loaded once `module` is imported, following painlog's own top-level imports
    (standard and third-party libraries are not followed: their own imports are not counted)."""
    graph = _static_imports()
    seen: set[str] = set()
    todo = list(_with_parents(module))
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for target in graph.get(name, ()):
            todo.extend(_with_parents(target) - seen)
    return frozenset(seen)


def _loaded_by(*args: str) -> frozenset[str]:
    """The modules `painlog ARGS` has loaded when it ends, on an existing journal."""
    script = (
        "import sys\n"
        "from painlog.cli import main\n"
        "sys.argv = ['painlog', '--db', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    with tempfile.TemporaryDirectory(
        prefix="painlog-imports-", dir=os.environ.get("TMPDIR")
    ) as folder:
        db = str(Path(folder) / "j.db")
        for _ in range(2):  # the first run creates the journal (and runs its migrations)
            result = subprocess.run(
                [sys.executable, "-c", script, db, "add", "pain", "5"],
                capture_output=True,
                text=True,
                env=env,
            )
        assert "Added pain 5/10" in result.stdout, result.stderr
        if args != ("add", "pain", "5"):
            result = subprocess.run(
                [sys.executable, "-c", script, db, *args], capture_output=True, text=True, env=env
            )
    return frozenset(result.stderr.split())


@cache
def loaded_at_start() -> frozenset[str]:
    """What both `painlog add pain 5` and `painlog --help` load: moving an import of one of
    these to the top of a module costs neither. (`--help` imports every command's module, so
    a module that add loads but --help does not must stay lazy in cli/, and the reverse.)"""
    return _loaded_by("add", "pain", "5") & _loaded_by("--help")


def _imports_in(path: Path) -> list[FunctionImport]:
    relative = path.relative_to(SRC).as_posix()
    module = _module_name(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[FunctionImport] = []

    def visit(node: ast.AST, function: str | None, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qualified = f"{prefix}{child.name}"
                inner = function
                if inner is None and not isinstance(child, ast.ClassDef):
                    inner = qualified
                visit(child, inner, qualified + ".")
                continue
            if function and isinstance(child, (ast.Import, ast.ImportFrom)):
                end = child.end_lineno or child.lineno
                text = "\n".join(lines[child.lineno - 1 : end])
                names = tuple(a.name for a in child.names)
                target = _targets(module, child)[0]
                found.append(
                    FunctionImport(relative, module, function, child.lineno, target, names, text)
                )
            visit(child, function, prefix)

    visit(_parsed(path), None, "")
    return found


def function_imports() -> list[FunctionImport]:
    return [
        item
        for path in _sources()
        if not path.relative_to(SRC).as_posix().startswith(SKIPPED)
        for item in _imports_in(path)
    ]


def _submodules(item: FunctionImport) -> list[str]:
    if not item.target.startswith("painlog"):
        return [item.target]
    subs = [f"{item.target}.{n}" for n in item.names if _is_module(f"{item.target}.{n}")]
    return subs or [item.target]


def _third_party(target: str) -> bool:
    top = target.split(".")[0]
    return top != "painlog" and top not in sys.stdlib_module_names


def classify(item: FunctionImport) -> str:
    """'a' (already loaded), 'b' (optional or heavy library), or 'c' (kept off add's path)."""
    loaded = loaded_at_start() | _loaded_with(item.module)
    if all(target in loaded for target in _submodules(item)):
        return "a"
    if _third_party(item.target):
        return "b"
    return "c"


def _hosted_commands(path: str) -> list[str]:
    """The commands a cli module holds (cli.core.COMMAND_MODULES)."""
    from painlog.cli.core import COMMAND_MODULES

    name = path.removeprefix("painlog/cli/").removesuffix(".py")
    return [command for command, module in COMMAND_MODULES.items() if module == name]


def _lazy_reason(item: FunctionImport) -> str | None:
    if "# lazy:" in item.comment:
        return item.comment.split("# lazy:", 1)[1].splitlines()[0].strip() or None
    if (item.path, item.target) in LAZY_ALLOWED:
        return LAZY_ALLOWED[(item.path, item.target)]
    if item.path.startswith("painlog/cli/") and not _third_party(item.target):
        # `painlog --help` and completion build every command, so they import every module
        # of cli/ (architecture.md, "Start-up"); a command's library modules are imported
        # when it runs, so neither --help nor `painlog add` pays for `report` or `sync`.
        hosted = _hosted_commands(item.path)
        return f"only {', '.join(hosted) or 'the command'} needs it, not --help"
    return None


def test_no_function_imports_a_module_already_loaded():
    """An import of a module that is loaded anyway belongs at the top of the module."""
    misplaced = [
        f"{i.path}:{i.line} {i.target} (in {i.function})"
        for i in function_imports()
        if classify(i) == "a" and (i.path, i.target) not in LAZY_ALLOWED
    ]
    assert not misplaced, "move to the top of the module:\n" + "\n".join(misplaced)


def test_each_optional_library_has_one_accessor():
    """numpy, matplotlib, fpdf ...: imported lazily in one function each, which callers use."""
    where: dict[str, set[str]] = defaultdict(set)
    for item in function_imports():
        if classify(item) == "b":
            where[item.target.split(".")[0]].add(f"{item.module}.{item.function}")
    scattered = {lib: sorted(places) for lib, places in where.items() if len(places) > 1}
    assert not scattered, scattered


def test_each_lazy_painlog_import_says_why():
    """A module kept off `painlog add`'s start-up says why on the line (`# lazy: ...`)."""
    silent = [
        f"{i.path}:{i.line} {i.target} (in {i.function})"
        for i in function_imports()
        if classify(i) == "c" and not _lazy_reason(i)
    ]
    assert not silent, "add `# lazy: <reason>` or move to the top:\n" + "\n".join(silent)


def test_allowed_lazy_imports_still_exist():
    """A reason in LAZY_ALLOWED for an import that moved or went is removed with it."""
    found = {(i.path, i.target) for i in function_imports()}
    assert not set(LAZY_ALLOWED) - found, sorted(set(LAZY_ALLOWED) - found)


if __name__ == "__main__":
    items = function_imports()
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        kind = classify(item)
        counts[kind] += 1
        if "-v" in sys.argv:
            reason = _lazy_reason(item) or ""
            print(f"{kind} {item.path}:{item.line} {item.target} {item.names} {reason}")
    skipping = f" (skipping {', '.join(SKIPPED)})" if SKIPPED else ""
    print(f"{len(items)} imports inside functions{skipping}")
    for kind in "abc":
        print(f"  ({kind}) {counts[kind]}")
