"""A small kit for testing with ``ueba``, for users and for ueba's own tests.

- :func:`check_rule` (:mod:`ueba.testing.rules`): the contract every detection rule passes,
  yours included (scikit-learn's ``check_estimator`` idea);
- :class:`FakeGeoReader` (:mod:`ueba.testing.geo`): an in-memory stand-in for MaxMind databases;
- :func:`make_events` (:mod:`ueba.testing.events`): a small seeded frame of CloudTrail EVENTS.

Benchmark corpora and the synthetic organisation are built outside the package, under
``benchmarks/``. Names are imported on use; nothing here runs at import time.
"""

from __future__ import annotations

from typing import Any

from ueba._lazy import resolve

_EXPORTS = {
    "check_rule": "ueba.testing.rules",
    "FakeGeoReader": "ueba.testing.geo",
    "make_events": "ueba.testing.events",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return resolve(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return __all__
