"""The Scorer: rules over today's events, against a baseline, folded into FINDINGS.

Three steps: every rule's hits (HITS); the **learning gate** drops the hits that judge an actor
against its own history (``basis == "novelty"``) while its principal - or, for a hit with no
principal, its account - is still learning (``Baseline`` maturity; everything is learning with
no baseline); the fold makes one finding per actor and cause, and an
:class:`~ueba.detect.incidents.IncidentStore`, when given, carries ``finding_id`` over to later
days (``activity="update"``).

Engine: scoring plans are collected with an explicit engine (``ENGINE``, from
:mod:`ueba._collect`, or ``engine=``), handed down to the baseline view, the fold, the models
and the incident store: nothing relies on polars' default, which changed between releases and,
in polars 2.1, sent some window-then-filter plans to a streaming path that panics.

>>> import ueba
>>> scorer = ueba.Scorer(None).fit()     # no history yet: baseline-free rules only
>>> scorer.rules_[0].name
'credential_outside_workload'

As in scikit-learn, ``__init__`` only stores its parameters; :meth:`Scorer.fit` checks them and
builds the rules, the baseline view and the incident store (the attributes ending in ``_``).
:meth:`Scorer.score` fits first when that has not been done.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba._frame import FrameT, as_lazy, same_kind
from ueba.config import Config
from ueba.detect._baseline import BaselineView
from ueba.detect._chains import chain_origins, event_actors
from ueba.detect._context import (
    model_context_applies,
    model_in_context,
    volume_context_applies,
    volume_in_context,
)
from ueba.detect._grouping import fold
from ueba.detect._operator_fleet import operator_sessions
from ueba.detect._outside_sitting import outside_sittings
from ueba.detect._sources import attach_sources
from ueba.detect._suppress import suppress
from ueba.detect._trip_writes import writes_abroad_applies, writes_abroad_in_context
from ueba.detect.features import add_features, day_entities, with_codes
from ueba.detect.incidents import IncidentStore
from ueba.detect.rules import HITS, Rule, build_rules
from ueba.exceptions import ConfigError
from ueba.schema import ENRICHED, FINDINGS, conform

# The engine scoring plans are collected with by default is the library's (``ueba._collect``,
# the one place that chooses it): polars 2.1's streaming engine panicked on the 593,600-event
# day; a scored day fits in memory (3 GB peak there).


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
        :class:`ueba.detect.models.IsolationForestModel` (``pip install 'ueba[ml]'``). A
        model whose ``hits`` also takes an ``engine`` keyword (ueba's do) is given ``engine_``.
    incidents
        An :class:`~ueba.detect.incidents.IncidentStore` (or the directory of one, usually the
        model directory): :meth:`score` then collects the findings, gives continuing incidents
        their first ``finding_id`` and ``activity="update"``, and remembers them (call the
        store's ``save()`` to keep them).
    engine
        The polars engine :meth:`score` collects with when it must collect (with ``incidents``),
        and that callers should pass to ``collect`` (``scorer.engine_``); default ``ENGINE``.

    The score of a finding is in [0, 1], higher = more anomalous: the noisy-OR of its distinct
    signals' weights (see :func:`ueba.detect._grouping.fold`).

    Attributes set by :meth:`fit`: ``config_``, ``rules_``, ``view_`` (the baseline as the rules
    ask it), ``incidents_``, ``engine_``.

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
        incidents: IncidentStore | str | Any = None,
        engine: str | None = None,
    ) -> None:
        self.baseline = baseline
        self.config = config
        self.rules = rules
        self.models = models
        self.incidents = incidents
        self.engine = engine

    def fit(self, history: Any = None) -> Scorer:
        """Check the parameters and make what scoring needs; returns ``self``.

        ``history`` (ENRICHED events, a LazyFrame or DataFrame) is learnt into a
        :class:`~ueba.baseline.profile.Baseline` with the configuration's window when the
        scorer was given no baseline. Configuration errors (an unknown rule, a parameter of the
        wrong type) are raised here, naming the configuration file.
        """
        cfg = self.config if self.config is not None else Config()
        if not isinstance(cfg, Config):
            raise ConfigError(
                f"config must be a ueba.Config, not {type(cfg).__name__}",
                fix="read one with ueba.Config.from_toml(path)",
            )
        baseline = self.baseline
        if history is not None and baseline is None:
            from ueba.baseline.profile import Baseline

            baseline = Baseline(window=cfg.window, min_days=cfg.min_days).fit(history)
        self.config_ = cfg
        self.view_ = BaselineView.of(baseline)
        self.rules_: list[Rule] = (
            [rule.check_params() for rule in self.rules]
            if self.rules is not None
            else build_rules(cfg)
        )
        incidents = self.incidents
        self.incidents_: IncidentStore | None = (
            incidents
            if incidents is None or isinstance(incidents, IncidentStore)
            else IncidentStore.load(incidents)
        )
        self.engine_: Any = self.engine or ENGINE
        return self

    def _fitted(self) -> Scorer:
        return self if hasattr(self, "rules_") else self.fit()

    def hits(self, enriched_today: FrameT) -> FrameT:
        """Every rule's hits on ``enriched_today`` after allow-lists and suppressions (HITS)."""
        self._fitted()
        return self._like(enriched_today, self._hits(self._day(enriched_today)))

    def _day(self, enriched_today: FrameT) -> pl.DataFrame:
        """The day, conformed and collected once for a scoring, in one chunk (a Parquet read or
        a lake scan gives many): the features' contexts on a multi-chunk day rechunk all its
        columns anyway, and the rules' plans run slower on a day whose old and new columns are
        chunked differently. The rules, the role chains and the findings' sources all read it,
        so a lake scan is read once, not once per reader."""
        day = conform(as_lazy(enriched_today), ENRICHED).collect(engine=self.engine_)
        return day.rechunk()

    def _hits(self, day: pl.DataFrame, *, collect: bool = False) -> pl.LazyFrame:
        # features once for all rules, collected once: every rule's plan then starts from the
        # same frame in memory instead of re-running the features (or the caller's scan) per rule
        # the long string keys every shared group-by hashes, coded once (features.with_codes)
        today = with_codes(add_features(day)).lazy()
        # one memo per scoring: the rules share what they would each rebuild (the fleet tables),
        # and the profile is cut to the entities this day names (see BaselineView.for_entities)
        view = self.view_.for_entities(day_entities(today), engine=self.engine_)
        parts = _rule_hits([r for r in self.rules_ if r.enabled], today, view, self.engine_)
        # fitted models (ueba.detect.models) add their hits as a second opinion
        parts += [_model_hits(m, today, self.engine_) for m in (self.models or [])]
        if not parts:
            return pl.LazyFrame(schema=dict(HITS))
        if collect:
            # each rule's plan collected on its own: polars optimises the one plan of every rule's
            # (~4,800 plan lines) in more time than the small day takes to run it, and more
            # than it spends on the plans one at a time (benchmarks/README.md, "CI time",
            # fourteenth session: -7 to -25% of the hits' collect on small days, -5% of a
            # whole scoring of the 1M-event day)
            parts = [part.collect(engine=self.engine_).lazy() for part in parts]
        return suppress(pl.concat(parts, how="vertical"), self.config_)

    def maturity(self, hits: pl.LazyFrame) -> pl.LazyFrame:
        """``hits`` plus ``maturity``: the state of the hit's principal in the baseline, else of
        its account, else ``learning`` (never seen, or no baseline at all)."""
        view = self._fitted().view_
        if not view.present:
            return hits.with_columns(pl.lit("learning").alias("maturity"))
        principals = view.maturity_of("principal").select(
            "account_id",
            pl.col("entity").alias("principal_arn"),
            pl.col("maturity").alias("_principal_maturity"),
        )
        accounts = view.maturity_of("account").select(
            "account_id", pl.col("maturity").alias("_account_maturity")
        )
        return (
            hits.join(principals, on=["account_id", "principal_arn"], how="left")
            .join(accounts, on="account_id", how="left")
            .with_columns(
                pl.when(pl.col("principal_arn").is_not_null())
                .then(pl.col("_principal_maturity"))
                .otherwise(pl.col("_account_maturity"))
                .fill_null("learning")
                .alias("maturity")
            )
            .drop("_principal_maturity", "_account_maturity")
        )

    def gate(self, hits: pl.LazyFrame) -> pl.LazyFrame:
        """Drop the hits that judge a learning actor against its own history.

        A hit's ``basis`` (set by its rule, see :mod:`ueba.detect.rules._base`) says what it
        compared against: ``novelty`` (the actor's own history: first_seen, volume_spike, a
        call never made before...) is meaningless while the actor is learning; ``self`` (the key
        against itself or the trail: the first-IP lock, a workload key outside AWS, threat
        lists, StopLogging, root use) always counts. A hit without a basis (a fitted model's)
        counts as novelty. Needs ``maturity`` (:meth:`maturity`).
        """
        novelty = pl.col("basis").fill_null("novelty") == "novelty"
        if "basis" not in hits.collect_schema():
            novelty = pl.lit(True)
        return hits.filter(~(novelty & (pl.col("maturity") == "learning")))

    def _judged(self, hits: pl.DataFrame) -> pl.DataFrame:
        """``hits`` (collected) through the learning gate and in their context, collected: under
        the fold's windows and joins the three context steps (each reading the hits several
        times) cost ~0.07 of a 9-row day's 0.42 CPU s (benchmarks/README.md, "CI time",
        twenty-seventh session). A step runs only when the hits hold what it judges; otherwise
        it would return them as they are."""
        judged = self.gate(self.maturity(hits.lazy()))
        # why: a model's "rare day" is medium only with a new, unvouched context (_context)
        if model_context_applies(hits):
            judged = model_in_context(judged)
        # why: a person's volume spike is medium on a day of an unvouched new place (_context)
        if volume_context_applies(hits):
            judged = volume_in_context(judged)
        # why: a person's run of account-new writes from an account-new country (_trip_writes)
        if writes_abroad_applies(hits):
            judged = writes_abroad_in_context(judged)
        return judged.collect(engine=self.engine_)

    def score(self, enriched_today: FrameT) -> FrameT:
        """FINDINGS for ``enriched_today`` (ENRICHED events), most severe first.

        A LazyFrame gives a LazyFrame: collect it with ``engine=scorer.engine_``. A DataFrame
        gives a DataFrame, collected with that engine. With ``incidents`` the findings are
        collected here (with that engine) to be matched with the open incidents. Fits first
        when :meth:`fit` has not run.
        """
        self._fitted()
        titles = {r.name: _title(r.description) for r in self.rules_}
        titles.update(
            {f"{r.name}/{s}": _title(t) for r in self.rules_ for s, t in r.signal_titles.items()}
        )
        titles.update({m.name: getattr(m, "title", m.name) for m in self.models or []})
        # the hits collected before the fold: inside one plan with the fold, the rules' plans
        # (each with its own cache nodes) under the fold's cache cost ~50% more CPU than the
        # hits collected alone, and the fold itself is cheap on the ~30k collected hit rows
        day = self._day(enriched_today)
        hits = self._hits(day, collect=True).collect(engine=self.engine_)
        findings = fold(
            self._judged(hits).lazy(),
            # why: a role assumed with a person's key is that person: one incident (_chains)
            origins=chain_origins(day.lazy()),
            # why: an Identity Center person's portal events join their role sessions (_chains)
            event_actors=event_actors(day.lazy()),
            # why: one operator's same change across the accounts it runs is one note
            operators=operator_sessions(day.lazy()),
            # why: one outside engineer's sitting across accounts is one incident
            sittings=outside_sittings(day.lazy()),
            rule_titles=titles,
            promote_score=self.config_.promote_score,
            min_severity=self.config_.min_severity,
            max_reasons=self.config_.max_reasons,
            engine=self.engine_,
        )
        # network facts and regions of each finding's sources, for exporters (OCSF, Security Lake)
        findings = conform(attach_sources(findings, day.lazy()), FINDINGS)
        if self.incidents_ is None:
            return self._like(enriched_today, findings)
        assigned = self.incidents_.assign(
            findings.collect(engine=self.engine_), baseline=self.view_, engine=self.engine_
        ).lazy()
        return self._like(enriched_today, assigned)

    def _like(self, given: FrameT, result: pl.LazyFrame) -> FrameT:
        """``result`` of the kind given: a DataFrame in is collected with ``engine_``."""
        if isinstance(given, pl.DataFrame):
            return result.collect(engine=self.engine_)
        return same_kind(given, result)


def _rule_hits(
    rules: list[Rule], today: pl.LazyFrame, view: BaselineView, engine: Any
) -> list[pl.LazyFrame]:
    """Each rule's hits on ``today``; a rule whose ``requires()`` no row of the day meets
    could emit nothing (``Rule.requires``), so its plan is not built: its part is the empty
    HITS frame. The declarations are tested together, in one collect of the day in memory.
    On a small day building and collecting a rule's plan costs ~0.005-0.06 CPU s
    (benchmarks/README.md, "CI time", ci28a)."""
    declared = {str(i): c for i, r in enumerate(rules) if (c := r.requires()) is not None}
    met: dict[str, Any] = {}
    if declared:
        tests = [cond.any().alias(key) for key, cond in declared.items()]
        met = today.select(tests).collect(engine=engine).row(0, named=True)
    return [
        pl.LazyFrame(schema=dict(HITS))
        if met.get(str(i), True) is False
        else r.evaluate(today, view)
        for i, r in enumerate(rules)
    ]


def _model_hits(model: Any, today: pl.LazyFrame, engine: Any) -> pl.LazyFrame:
    """A model's hits on ``today``, with the scoring's ``engine`` when its ``hits`` takes one (a
    model of one's own may take only the day)."""
    if "engine" in inspect.signature(model.hits).parameters:
        return model.hits(today, engine=engine)  # type: ignore[no-any-return]
    return model.hits(today)  # type: ignore[no-any-return]


def _title(text: str) -> str:
    """A rule's description (or a signal's title) as a finding's title: a capital first."""
    return text[:1].upper() + text[1:]


__all__ = ["ENGINE", "Scorer"]
