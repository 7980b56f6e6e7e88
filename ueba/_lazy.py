"""Lazy public names for a package (PEP 562), so importing a package loads none of its stages.

Each package keeps its table of public names and the module defining each; this module is the
one place that resolves them::

    _EXPORTS = {"Scorer": "ueba.detect.scorer"}
    __all__ = sorted(_EXPORTS)

    def __getattr__(name: str) -> Any:
        return resolve(__name__, _EXPORTS, name)

``__getattr__`` stays a ``def`` in the package itself because type checkers only honour a module
``__getattr__`` defined there.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection, Mapping
from typing import Any


def resolve(
    package: str,
    exports: Mapping[str, str],
    name: str,
    submodules: Collection[str] = (),
) -> Any:
    """The object ``package.name``: an export imported from its module, or a sub-package.

    Raises the ``AttributeError`` Python raises for a missing module attribute, so ``hasattr``
    and ``getattr(module, name, default)`` behave as for any module.
    """
    if name in exports:
        return getattr(importlib.import_module(exports[name]), name)
    if name in submodules:
        return importlib.import_module(f"{package}.{name}")
    raise AttributeError(f"module {package!r} has no attribute {name!r}")
