"""ueba.detect: rules, the Scorer and the daily job.

- :mod:`ueba.detect.rules`: one module per rule family and the ``RULES`` registry;
- :mod:`ueba.detect.scorer`: :class:`Scorer` folds rule hits into FINDINGS;
- the daily job (which account-days to score, learning the days before them) is
  :mod:`ueba.pipeline`, one stage above;
- :mod:`ueba.detect.models`: an optional IsolationForest second opinion (``ueba[ml]``).

>>> import ueba
>>> findings = ueba.detect.Scorer(baseline).score(enriched_today)  # doctest: +SKIP

Names are imported on first use, so ``import ueba.detect`` loads no rule and no scikit-learn.
See ``docs/rules.md``.
"""

from __future__ import annotations

from typing import Any

from ueba._lazy import resolve

# public name -> module that defines it
_EXPORTS = {
    "Scorer": "ueba.detect.scorer",
    "HITS": "ueba.detect.rules",
    "RULES": "ueba.detect.rules",
    "Rule": "ueba.detect.rules",
    "add_features": "ueba.detect.features",
    "IsolationForestModel": "ueba.detect.models",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return resolve(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return __all__
