"""Every example in ``ueba``'s docstrings runs and prints what it shows.

The examples are what a user copies into a notebook; three had rotted unseen (a frame without
the ``event_id`` the function had come to need, an HTML prefix cut one character short) because
nothing ran them. Only modules whose source holds an example are imported.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import ueba


def _modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(ueba.__path__, "ueba."):
        spec = importlib.util.find_spec(info.name)
        origin = spec.origin if spec is not None else None
        if origin and origin.endswith(".py") and ">>> " in Path(origin).read_text("utf-8"):
            names.append(info.name)
    return sorted(names)


MODULES = _modules_with_examples()


def test_the_examples_are_found() -> None:
    # the walk must see the package's examples, or every test below passes on nothing
    assert {"ueba._html", "ueba.detect._chains", "ueba.detect._people"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
