"""Never rely on an engine default (issue 8, item 8): every collect in ``ueba/`` names one.

polars' default engine moved between the releases ``pyproject.toml`` admits (in memory on 1.x,
streaming on 2), so a bare ``.collect()`` runs a different engine on each. Read from the source
with :mod:`ast` (nothing is imported): every call of a ``collect`` or ``collect_all`` attribute
(``frame.collect(...)``, ``pl.collect_all(...)``) and every ``sink_*`` in the package must pass
``engine=`` (``ueba._collect`` chooses it). Doctests are text, not calls, and are not read.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ueba"
ENGINE_TAKERS = {"collect", "collect_all", "sink_parquet", "sink_ipc", "sink_csv", "sink_ndjson"}

# (module, enclosing function): how many calls there take no engine, and why. It may only
# shrink: one more bare call in such a function fails the test too.
SPARK = "a Spark DataFrame's collect (the executors' Arrow batches), not polars'"
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    ("engines/spark.py", "SparkEngine.parse"): (1, SPARK),
    ("engines/spark.py", "SparkEngine.summarize"): (1, SPARK),
    ("engines/spark.py", "SparkEngine.score"): (1, SPARK),
}


def _calls(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    """Each call of an engine-taking attribute, with the qualified name of its function."""

    def walk(node: ast.AST, scope: list[str]) -> Iterator[tuple[str, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                yield from walk(child, [*scope, child.name])
                continue
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and child.func.attr in ENGINE_TAKERS
            ):
                yield ".".join(scope), child
            yield from walk(child, scope)

    yield from walk(tree, [])


def _without_engine() -> list[tuple[str, str, int]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        for where, call in _calls(ast.parse(path.read_text(), filename=str(path))):
            if not any(k.arg == "engine" for k in call.keywords):
                found.append((module, where, call.lineno))
    return found


def test_every_collect_in_the_package_names_its_engine() -> None:
    found = _without_engine()
    counts = Counter((module, where) for module, where, _ in found)
    bare = [
        f"ueba/{module}:{line} ({where or 'module level'})"
        for module, where, line in found
        if counts[module, where] != ALLOWED.get((module, where), (0, ""))[0]
    ]
    assert not bare, "collect without engine= (name one from ueba._collect): " + ", ".join(bare)


def test_every_allowed_exception_is_still_there() -> None:
    counts = Counter((module, where) for module, where, _ in _without_engine())
    gone = [key for key, (n, _) in ALLOWED.items() if counts[key] != n]
    assert not gone, f"allowed exceptions no longer there (remove them): {gone}"


@pytest.mark.parametrize(
    "source",
    [
        "def f(lf):\n    return lf.select('a').collect()\n",
        "import polars as pl\n\ndef f(a, b):\n    return pl.collect_all([a, b])\n",
        "class C:\n    def f(self, lf):\n        lf.sink_parquet('x.parquet')\n",
    ],
)
def test_the_walk_finds_a_bare_collect(source: str) -> None:
    assert [where for where, call in _calls(ast.parse(source)) if not call.keywords]


def test_the_walk_accepts_a_named_engine() -> None:
    source = "def f(lf, e):\n    return lf.collect(engine=e), lf.collect(engine='in-memory')\n"
    calls = list(_calls(ast.parse(source)))
    assert len(calls) == 2
    assert all(any(k.arg == "engine" for k in call.keywords) for _, call in calls)
