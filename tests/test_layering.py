"""The house has floors: data flows one way, and no module imports a module that imports it.

Read from the source with :mod:`ast` (nothing is imported), every ``import``/``from`` of a
``ueba`` module, at module level or inside a function, is an edge. Two rules:

1. A module never imports from a higher floor (``FLOORS`` below): ``config`` knows no rule,
   ``io`` knows no enrichment, ``detect`` knows no exporter.
2. No import circle between modules, at any depth. Imports under ``if TYPE_CHECKING:`` never
   run, so they count for rule 1 (a type from a higher floor is still a dependency on it) but
   not for rule 2.

A new top-level module must be given a floor here before the test passes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ueba"

# The floors, bottom up. Imports may go down or stay level, never up.
FLOORS: dict[str, int] = {
    # the ground: vocabulary every stage shares, importing no stage
    "schema": 0,
    "config": 0,
    "exceptions": 0,
    "_expr": 0,
    "_frame": 0,
    "_collect": 0,
    "_time": 0,
    "_files": 0,
    "_lazy": 0,
    "_html": 0,
    "_text": 0,
    # the stages, in pipeline order
    "io": 1,
    "enrichment": 2,
    "baseline": 3,
    "detect": 4,
    "investigate": 5,
    "export": 5,
    "plot": 5,
    # what runs the stages
    "evaluation": 6,
    "stream": 6,
    "pipeline": 6,
    "engines": 6,
    "testing": 6,
    # the shell
    "cli": 7,
}

# Known violations, each fixed where it lives once the work rewriting that file has landed.
# Empty now; it may only shrink: a new violation fails the test.
ALLOWED_UPWARD: set[tuple[str, str]] = set()
ALLOWED_CIRCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, tuple[Path, bool]]:
    found: dict[str, tuple[Path, bool]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


MODULES = _modules()


def _owner(name: str) -> str | None:
    """The module ``name`` is, or the innermost module it is an attribute of."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    hidden.update(id(n) for n in ast.walk(child))
    return hidden


def _imports(module: str) -> Iterator[tuple[str, bool]]:
    """(imported ueba module, runs at import or call time) for every import in ``module``."""
    path, is_package = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    hidden = _type_checking_nodes(tree)
    here = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        runs = id(node) not in hidden
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _owner(alias.name) if alias.name.startswith("ueba") else None
                if target:
                    yield target, runs
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            if source != "ueba" and not source.startswith("ueba."):
                continue
            for alias in node.names:
                target = _owner(f"{source}.{alias.name}")
                if target:
                    yield target, runs
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and node.args[0].value.startswith("ueba.")
        ):
            target = _owner(node.args[0].value)
            if target:
                yield target, runs


EDGES = {module: sorted(set(_imports(module))) for module in MODULES}


def _floor(module: str) -> int | None:
    parts = module.split(".")
    return None if len(parts) == 1 else FLOORS.get(parts[1])


def upward_imports() -> set[tuple[str, str]]:
    found = set()
    for module, targets in EDGES.items():
        for target, _ in targets:
            low, high = _floor(module), _floor(target)
            if low is not None and high is not None and high > low:
                found.add((module, target))
    return found


def import_circles() -> set[frozenset[str]]:
    """Strongly connected groups of modules over the imports that run (Tarjan, iterative)."""
    graph = {m: [t for t, runs in targets if runs and t != m] for m, targets in EDGES.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: set[frozenset[str]] = set()
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if child < len(graph[node]):
                work.append((node, child + 1))
                nxt = graph[node][child]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    circles.add(frozenset(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return circles


def test_every_top_level_module_has_a_floor() -> None:
    tops = {name.split(".")[1] for name in MODULES if name.count(".") >= 1}
    assert sorted(tops - set(FLOORS)) == [], "give the new module a floor in FLOORS"


def test_no_module_imports_from_a_higher_floor() -> None:
    assert sorted(upward_imports() - ALLOWED_UPWARD) == []


def test_no_import_circle() -> None:
    new = [sorted(group) for group in import_circles() - ALLOWED_CIRCLES]
    assert new == []


def test_the_package_never_imports_the_repository_around_it() -> None:
    # benchmarks/ and tests/ are not installed: an import of them works in a checkout only.
    found = []
    for module, (path, _) in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and not node.level
                else []
            )
            found += [(module, n) for n in names if n.split(".")[0] in ("benchmarks", "tests")]
    assert found == []


def test_the_allow_lists_hold_only_violations_that_still_exist() -> None:
    # A fixed violation is taken off the list, so it cannot come back unnoticed.
    assert sorted(ALLOWED_UPWARD - upward_imports()) == []
    assert [sorted(g) for g in ALLOWED_CIRCLES - import_circles()] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import ueba.detect.rules\n", [("ueba.detect.rules", True)]),
        ("from ueba.detect import rules\n", [("ueba.detect.rules", True)]),
        ("from ueba.detect.rules import RULES\n", [("ueba.detect.rules", True)]),
        ("from . import scorer\n", [("ueba.detect.scorer", True)]),
        ("from .rules import RULES\n", [("ueba.detect.rules", True)]),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import ueba.io.lake\n",
            [("ueba.io.lake", False)],
        ),
        (
            "def f():\n    import importlib\n    importlib.import_module('ueba.io.lake')\n",
            [("ueba.io.lake", True)],
        ),
    ],
)
def test_the_checker_sees_every_spelling_of_an_import(
    source: str, expected: list[tuple[str, bool]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    monkeypatch.setitem(MODULES, "ueba.detect._probe", (probe, False))
    assert sorted(set(_imports("ueba.detect._probe"))) == expected


def test_the_checker_finds_a_circle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EDGES, "ueba.io._x", [("ueba.io._y", True)])
    monkeypatch.setitem(EDGES, "ueba.io._y", [("ueba.io._x", True)])
    assert frozenset({"ueba.io._x", "ueba.io._y"}) in import_circles()


def test_the_checker_finds_an_upward_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EDGES, "ueba.io._x", [("ueba.detect.scorer", False)])
    assert ("ueba.io._x", "ueba.detect.scorer") in upward_imports()
