"""The Scorer: rules over today's events, against a baseline, folded into FINDINGS.

>>> import ueba
>>> scorer = ueba.Scorer(None)           # no history yet: baseline-free rules only
>>> scorer.rules_[0].name
'credential_outside_workload'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from ueba.config import Config
from ueba.detect._baseline import BaselineView
from ueba.detect._grouping import fold, suppress
from ueba.detect.features import add_features
from ueba.detect.rules import HITS, Rule, build_rules
from ueba.schema import ENRICHED, conform


class Scorer:
    """Score a day of enriched events against a fitted baseline.

    Parameters
    ----------
    baseline
        A fitted :class:`ueba.baseline.profile.Baseline` (or ``Baseline.load(dir)``), a
        :class:`ueba.detect._baseline.BaselineView`, or ``None`` when there is no history: the
        rules that need a baseline (first_seen, volume_spike) then stay silent and the others
        (credential_outside_workload, credential_ip_lock, sensitive_api, threat_intel, console,
        error_spike's AccessDenied burst, leaked_long_term_key's GetCallerIdentity opener) fire.
    config
        A :class:`ueba.config.Config`; default ``Config()``.
    rules
        Rule instances to run instead of the configured registry (tests, experiments).
    models
        Fitted models with a ``hits(enriched_today)`` method, e.g.
        :class:`ueba.detect.models.IsolationForestModel` (``pip install 'ueba[ml]'``).

    The score of a finding is in [0, 1], higher = more anomalous: the noisy-OR of its distinct
    signals' weights (see :func:`ueba.detect._grouping.fold`).

    Examples
    --------
    >>> findings = ueba.Scorer(baseline).score(enriched_today)   # doctest: +SKIP
    >>> findings.collect().select("severity", "score", "reasons")  # doctest: +SKIP
    """

    def __init__(
        self,
        baseline: Any = None,
        *,
        config: Config | None = None,
        rules: Sequence[Rule] | None = None,
        models: Sequence[Any] | None = None,
    ) -> None:
        self.baseline = baseline
        self.config = config
        self.rules = rules
        self.models = models
        cfg = config or Config()
        self.config_ = cfg
        self.view_ = BaselineView.of(baseline)
        self.rules_: list[Rule] = list(rules) if rules is not None else build_rules(cfg)

    def hits(self, enriched_today: pl.LazyFrame) -> pl.LazyFrame:
        """Every rule's hits on ``enriched_today`` after allow-lists and suppressions (HITS)."""
        # features once for all rules; cache() lets every rule's plan reuse the same frame
        today = add_features(conform(enriched_today, ENRICHED)).cache()
        parts = [r.evaluate(today, self.view_) for r in self.rules_ if r.enabled]
        # fitted models (ueba.detect.models) add their hits as a second opinion
        parts += [m.hits(today) for m in (self.models or [])]
        if not parts:
            return pl.LazyFrame(schema=dict(HITS))
        return suppress(pl.concat(parts, how="vertical"), self.config_)

    def score(self, enriched_today: pl.LazyFrame) -> pl.LazyFrame:
        """FINDINGS for ``enriched_today`` (a LazyFrame of ENRICHED), most severe first."""
        titles = {r.name: r.description[:1].upper() + r.description[1:] for r in self.rules_}
        titles.update({m.name: getattr(m, "title", m.name) for m in self.models or []})
        return fold(
            self.hits(enriched_today),
            rule_titles=titles,
            promote_score=self.config_.promote_score,
            min_severity=self.config_.min_severity,
            max_reasons=self.config_.max_reasons,
        )


__all__ = ["Scorer"]
