"""The package's shape (docs/architecture.md): arrows point down, modules stay small, doors load what they need."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugin" / "withhold"
MAX_LINES = 300


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Return the package's modules a module imports, at any depth, outside `if TYPE_CHECKING:`."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for alias in child.names:
                    full = f"{child.module}.{alias.name}"
                    found.add(full if full in modules else child.module)
            elif isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {name for name in found if name in modules}


def _cycles() -> list[list[str]]:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    # A package's __init__ importing its own submodules is how Python loads them, not a cycle of ours.
    cycles, state = [], dict.fromkeys(graph, 0)

    def dfs(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state[nxt] == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif state[nxt] == 0:
                dfs(nxt, stack + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if state[name] == 0:
            dfs(name, [name])
    return cycles


def test_no_import_cycle():
    assert _cycles() == []


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_module_over_the_limit(name):
    lines = _modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{name} has {lines} lines: it likely holds two concepts"


# Where protected values are handled in clear: the records of the list, their written variants and
# the matchers built from them. Above protected/, a module sees hits, record ids, masks and keyed
# digests, and of the list's reading only its counts (ListReport); the cache, its automaton as opaque sections.
PLAINTEXT_MODULES = ("withhold.protected.watchlist", "withhold.protected.names", "withhold.protected.variants",
                     "withhold.protected.nearby", "withhold.protected.matcher", "withhold.protected.lookup")
ALLOWED_ABOVE = {"ListReport", "AutomatonApart"}  # AutomatonApart: opaque sections, for the cache


def test_plaintext_records_are_handled_only_inside_protected():
    for name, path in _modules().items():
        if name.startswith("withhold.protected"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in PLAINTEXT_MODULES:
                assert {a.name for a in node.names} <= ALLOWED_ABOVE, f"{name} imports {node.module}"
            elif isinstance(node, ast.Import):
                assert not {a.name for a in node.names} & set(PLAINTEXT_MODULES), name


@pytest.mark.parametrize(("door", "absent"), [
    # The hook runs on every commit, a few files in one process: no pool, no temporary files
    # (a warm cache is only read), no automaton unpickled at import.
    ("withhold.hook", ["withhold.extract.pdf", "withhold.extract.zip", "pypdf", "pypdfium2", "bs4", "mkdocs",
                       "multiprocessing", "tempfile"]),
    ("withhold.cli", ["withhold.extract.pdf", "withhold.extract.zip", "pypdf", "pypdfium2", "bs4", "mkdocs"]),
    ("withhold.mkdocs_plugin.plugin", ["withhold.extract.pdf", "withhold.extract.zip",
                                       "pypdf", "pypdfium2", "olefile", "xlrd"]),
])
def test_a_door_loads_no_reader_it_does_not_need(door, absent):
    code = f"import sys, {door}; print(' '.join(m for m in {absent!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []
