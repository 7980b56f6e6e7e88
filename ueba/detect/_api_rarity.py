"""``rarity``: how rare is the set of APIs a principal called today, against its own past days?

Built for CloudTrail rather than for generic shape: a stolen credential used for reconnaissance
calls APIs its owner never calls and the fleet seldom calls (``iam:ListUsers``,
``iam:GetAccountAuthorizationDetails``, ``ec2:DescribeSnapshots``...), even at one call an hour
from the owner's own address with the owner's own user agent, where network and client rules
see nothing. A deploy that adds APIs other workloads call every day barely moves it. The
estimator is :class:`ueba.detect._rarity.ApiSetRarity` (TF-IDF over the fleet's principal-days,
nearest neighbour in the principal's own history); this module turns ENRICHED events into its
rows and its answers into HITS with reasons. Features are polars expressions; no per-row Python.

>>> model = ApiRarityModel().fit(enriched_history)           # doctest: +SKIP
>>> model.score_samples(enriched_today).sort("rarity", descending=True)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from ueba._collect import ENGINE, engine_or_default
from ueba._files import atomic_target
from ueba.detect._api_text import EVIDENCE_SHOWN, pct
from ueba.detect._api_text import listed as _listed
from ueba.detect._people import chain_people, own_new_counts
from ueba.detect.features import add_features, principal_label
from ueba.detect.rules._base import as_hits
from ueba.exceptions import ModelError
from ueba.schema import EVIDENCE, SEVERITIES, UTC_US


def day_sets(enriched: pl.LazyFrame) -> pl.LazyFrame:
    """(principal, day, api, calls): what each principal called each UTC day (no service calls)."""
    return (
        add_features(enriched)
        .filter(~pl.col("is_service_call") & pl.col("principal").is_not_null())
        .group_by("principal", pl.col("event_time").dt.date().alias("day"), "api")
        .agg(pl.len().cast(pl.Float64).alias("calls"))
    )


class ApiRarityModel:
    """Rarity of a principal's API set of the day (TF-IDF + nearest own day), as HITS.

    Parameters
    ----------
    binary, min_history
        Those of :class:`ueba.detect._rarity.ApiSetRarity`.
    threshold
        Rarity (1 - cosine similarity to the closest learnt day) from which a principal-day
        becomes a hit.
    calibrated
        ...and the share of learnt principal-days less rare than it must reach this too.
    severity
        Severity of the hits against the principal's own days (``low`` is a second opinion;
        ``medium`` lets the model alone make a finding a user filtering at medium sees).
    fleet_severity
        Severity of the hits of a principal with too little history of its own, judged against
        the fleet: a new role with its own job is rare against everyone, so ``low`` by default.
    min_new_apis
        A principal judged against its own days must call at least this many APIs it never
        called on any learnt day (``new_for_principal``) for ``severity``; fewer is
        ``few_new_severity``. A set of one or two calls is rare against anything (a person
        launching one stack), and ``first_seen`` already names a single new call;
        reconnaissance is a sweep of several. An API merely absent from the closest learnt day
        is not new to the principal (a person's weekly alarm check missing from that one day).
    few_new_severity
        Severity of a principal with its own history whose rare day adds fewer than
        ``min_new_apis`` APIs: ``info`` by default, since its evidence is the new call
        ``first_seen`` already weighs (one novelty, counted once: issue 8's calibration, where
        low needs a second, independent signal).
    weight
        Hit weight at rarity 1.0 (the scorer's noisy-OR).
    """

    name = "rarity"
    title = "Rare set of APIs for the principal"

    def __init__(
        self,
        *,
        binary: bool = True,
        min_history: int = 3,
        threshold: float = 0.5,
        calibrated: float = 0.99,
        severity: str = "medium",
        fleet_severity: str = "low",
        weight: float = 0.6,
        min_new_apis: int = 3,
        few_new_severity: str = "info",
    ) -> None:
        self.binary = binary
        self.min_history = min_history
        self.threshold = threshold
        self.calibrated = calibrated
        self.severity = severity
        self.fleet_severity = fleet_severity
        self.weight = weight
        self.min_new_apis = min_new_apis
        self.few_new_severity = few_new_severity

    def get_params(self) -> dict[str, Any]:
        return {
            "binary": self.binary,
            "min_history": self.min_history,
            "threshold": self.threshold,
            "calibrated": self.calibrated,
            "severity": self.severity,
            "fleet_severity": self.fleet_severity,
            "weight": self.weight,
            "min_new_apis": self.min_new_apis,
            "few_new_severity": self._few_new_severity(),
        }

    def _few_new_severity(self) -> str:
        # a model saved before the parameter existed loads without the attribute
        return str(getattr(self, "few_new_severity", "info"))

    def _estimator(self) -> Any:
        try:
            from ueba.detect._rarity import ApiSetRarity
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "the rarity model needs scikit-learn: pip install 'ueba[ml]'"
            ) from exc
        return ApiSetRarity(binary=self.binary, min_history=self.min_history)

    def features(self, enriched: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
        """What :meth:`fit_features` learns from: :func:`day_sets` of ENRICHED events. Frames of
        separate days concatenate, so a long history can be summarised a day at a time."""
        return day_sets(enriched.lazy()).collect(engine=ENGINE)

    def fit(self, history: pl.LazyFrame | pl.DataFrame) -> ApiRarityModel:
        """Learn from ENRICHED history: one row per principal-day."""
        return self.fit_features(self.features(history))

    def fit_features(self, sets: pl.DataFrame) -> ApiRarityModel:
        """Learn from :meth:`features` frames (concatenated)."""
        for name in ("severity", "fleet_severity", "few_new_severity"):
            if getattr(self, name) not in SEVERITIES:
                raise ModelError(
                    f"{name} {getattr(self, name)!r} is not one of {', '.join(SEVERITIES)}",
                    fix=f"give e.g. {name}='low'",
                )
        sets = sets.group_by("principal", "day", "api").agg(pl.col("calls").sum())
        rows = sets.select("principal", "day").unique().sort("principal", "day")
        if rows.height < 2:
            raise ModelError(
                f"only {rows.height} principal-day(s) to learn from",
                fix="fit on at least a few days of history",
            )
        vocab = sets.select(pl.col("api").unique().sort())["api"]
        cells = self._cells(sets, rows.with_row_index("row"), vocab)
        est = self._estimator().fit_long(
            cells, rows.height, vocab.len(), groups=rows["principal"].to_numpy()
        )
        self.estimator_ = est
        self.vocabulary_ = vocab.to_list()
        self.row_principal_ = rows["principal"].to_list()
        self.row_day_ = rows["day"].to_list()
        return self

    @staticmethod
    def _cells(sets: pl.DataFrame, rows: pl.DataFrame, vocab: pl.Series) -> pl.DataFrame:
        """(row, col, value); APIs outside ``vocab`` get fresh columns past its end."""
        vocab_frame = pl.DataFrame({"api": vocab}).with_row_index("col")
        unseen = (
            sets.select("api")
            .unique()
            .join(vocab_frame, on="api", how="anti")
            .sort("api")
            .with_row_index("col", offset=vocab.len())
        )
        cols = pl.concat([vocab_frame, unseen]).with_columns(pl.col("col").cast(pl.Int64))
        return (
            sets.join(rows, on=["principal", "day"])
            .join(cols, on="api")
            .select(pl.col("row").cast(pl.Int64), "col", pl.col("calls").alias("value"))
        )

    def _check_fitted(self) -> None:
        if not hasattr(self, "estimator_"):
            raise ModelError("the model is not fitted", fix="call fit(history) or load(path)")

    def score_samples(
        self, today: pl.LazyFrame | pl.DataFrame, *, engine: Any = None
    ) -> pl.DataFrame:
        """One row per principal-day of ``today``: ``rarity`` in [0, 1] (higher = rarer),
        ``calibrated`` (share of learnt principal-days less rare), ``own_history`` (judged
        against its own days, else against the fleet's), the closest learnt day
        (``nearest_principal``, ``nearest_day``), ``new_apis`` (today's APIs absent from
        that day, rarest across the fleet first) and ``new_for_principal`` (today's APIs absent
        from every learnt day of the principal, same order)."""
        self._check_fitted()
        sets = day_sets(today.lazy()).collect(engine=engine_or_default(engine))
        rows = sets.select("principal", "day").unique().sort("principal", "day")
        vocab = pl.Series("api", self.vocabulary_, dtype=pl.String)
        cells = self._cells(sets, rows.with_row_index("row"), vocab)
        rarity, nn = self.estimator_.nearest_long(
            cells, rows.height, groups=rows["principal"].to_numpy()
        )
        est = self.estimator_
        learnt = pl.DataFrame(
            {
                "nn": np.arange(len(self.row_principal_), dtype=np.int64),
                "nearest_principal": self.row_principal_,
                "nearest_day": self.row_day_,
            },
            schema_overrides={"nearest_day": pl.Date, "nearest_principal": pl.String},
        )
        scored = rows.with_columns(
            pl.Series("rarity", rarity, dtype=pl.Float64),
            pl.Series("calibrated", est.calibrate(rarity), dtype=pl.Float64),
            pl.Series("nn", nn, dtype=pl.Int64),
            pl.Series(
                "own_history",
                est.has_history(rows["principal"].to_numpy(), rows.height),
                dtype=pl.Boolean,
            ),
        ).join(learnt, on="nn", how="left")
        near = pl.DataFrame({"nn": est.train_row_, "col": est.train_col_})
        idf = pl.DataFrame(
            {"api": self.vocabulary_, "idf": est.idf_}, schema_overrides={"api": pl.String}
        )
        # every (principal, API) of the learnt days: "new for the principal" is against all of
        # them, not only against the closest day
        learnt_by = pl.DataFrame(
            {
                "t_row": np.arange(len(self.row_principal_), dtype=np.int64),
                "principal": self.row_principal_,
            },
            schema_overrides={"principal": pl.String},
        )
        own = (
            pl.DataFrame({"t_row": est.train_row_, "col": est.train_col_})
            .join(learnt_by, on="t_row")
            .select("principal", "col")
            .unique()
        )
        today_apis = (
            sets.join(scored.select("principal", "day", "nn"), on=["principal", "day"])
            .join(
                pl.DataFrame({"api": self.vocabulary_}).with_row_index("col"), on="api", how="left"
            )
            .with_columns(pl.col("col").cast(pl.Int64))
            .join(idf, on="api", how="left")
            .with_columns(pl.col("idf").fill_null(est.idf_unseen_))
        )
        rarest_first = pl.col("api").sort_by("idf", "api", descending=[True, False])
        # an API never seen in training has a null column: an anti-join keeps it (new to all)
        new = (
            today_apis.join(near, on=["nn", "col"], how="anti")
            .group_by("principal", "day")
            .agg(rarest_first.alias("new_apis"))
        )
        never = (
            today_apis.join(own, on=["principal", "col"], how="anti")
            .group_by("principal", "day")
            .agg(rarest_first.alias("new_for_principal"))
        )
        return (
            scored.join(new, on=["principal", "day"], how="left")
            .join(never, on=["principal", "day"], how="left")
            .with_columns(
                pl.col("new_apis").fill_null([]), pl.col("new_for_principal").fill_null([])
            )
            .drop("nn")
        )

    def hits(self, today: pl.LazyFrame | pl.DataFrame, *, engine: Any = None) -> pl.LazyFrame:
        """HITS for the rare principal-days: one per access key that called a new API, on its
        first such call (so the hit joins the incident of the key that did it)."""
        scored = self.score_samples(today, engine=engine).filter(
            (pl.col("rarity") >= self.threshold) & (pl.col("calibrated") >= self.calibrated)
        )
        events = (
            add_features(today.lazy())
            .filter(~pl.col("is_service_call"))
            .with_columns(
                pl.col("event_time").dt.date().alias("day"),
                principal_label().alias("principal_label"),
            )
        )
        flagged = scored.lazy().explode("new_apis").rename({"new_apis": "api"})
        firsts = (
            events.join(flagged.select("principal", "day", "api"), on=["principal", "day", "api"])
            .sort("event_time", "event_id")
            .group_by("principal", "day", "access_key_id", maintain_order=True)
            .first()
            .join(scored.lazy(), on=["principal", "day"])
        )
        # why: people reach a shared role by SAML or by chaining from their own IAM user key
        # (an IT team's admin role in every account); either way the role's day is several
        # people's days, and each person's hit is judged on the never-called APIs they called
        # themselves, so one colleague's sweep does not make another's usual calls a finding
        firsts = own_new_counts(firsts, events, scored.lazy(), chain_people(today.lazy()))
        new_text = _listed(pl.col("new_apis"))
        # what the severity is judged on, said in the reason when it differs from the above
        never = pl.col("new_for_principal")
        person = pl.col("_person").is_not_null()
        n_never = pl.when(person).then(pl.col("_own_never")).otherwise(never.list.len())
        person_text = pl.when(person).then(
            pl.format("; {} called {} of them", pl.col("_person_label"), pl.col("_own_never"))
        )
        never_text = (
            pl.when(~pl.col("own_history") | (never.list.len() == pl.col("new_apis").list.len()))
            .then(pl.lit(""))
            .when(never.list.len() == 0)
            .then(pl.lit("; it had called each of them on other days"))
            .otherwise(pl.format("; never called by it before: {}", _listed(never)))
        )
        closest = (
            pl.when(pl.col("nearest_day").is_null())
            .then(pl.lit("no learnt day shares any of its APIs"))
            .when(pl.col("own_history"))
            .then(
                pl.format(
                    "its closest own day, {}, shares {}%",
                    pl.col("nearest_day"),
                    pct(1 - pl.col("rarity")),
                )
            )
            .otherwise(
                pl.format(
                    "it has no history; the closest day of the fleet ({} on {}) shares {}%",
                    pl.col("nearest_principal").str.split("/").list.last(),
                    pl.col("nearest_day"),
                    pct(1 - pl.col("rarity")),
                )
            )
        )
        n_rows = len(self.row_principal_)
        return firsts.select(
            pl.lit(self.name).alias("rule"),
            pl.lit("model").alias("family"),
            pl.when(pl.col("own_history") & (n_never >= int(self.min_new_apis)))
            .then(pl.lit(self.severity))
            .when(pl.col("own_history"))
            .then(pl.lit(self._few_new_severity()))
            .otherwise(pl.lit(self.fleet_severity))
            .alias("severity"),
            (pl.col("rarity") * self.weight).clip(1e-6, 1.0).alias("weight"),
            pl.lit("rare_api_set").alias("signal"),
            "event_id",
            pl.col("event_time").cast(UTC_US),
            "event_name",
            "account_id",
            pl.col("principal").alias("principal_arn"),
            "principal_type",
            "access_key_id",
            "workload_kind",
            "workload_id",
            pl.col("source_ip_address").alias("source_ip"),
            "user_agent",
            pl.format(
                "the APIs {} called on {} are rarer than {}% of the {} principal-days learnt "
                "({} by TF-IDF weight); new against that day: {}{}",
                pl.col("principal_label"),
                pl.col("day"),
                pct(pl.col("calibrated")),
                pl.lit(f"{n_rows:,}"),
                closest,
                new_text,
                never_text + person_text.fill_null(""),
            ).alias("reason"),
            pl.struct(
                pl.lit(self.name).alias("rule"),
                pl.lit("rare_api_set").alias("signal"),
                pl.format(
                    "closest learnt day: {} {}",
                    pl.col("nearest_principal").str.split("/").list.last().fill_null("none"),
                    pl.col("nearest_day").cast(pl.String).fill_null(""),
                ).alias("baseline"),
                # the list as a whole (up to EVIDENCE_SHOWN), where the reason names four
                pl.format(
                    "rarity {}; new: {}",
                    pl.col("rarity").round(2),
                    _listed(pl.col("new_apis"), EVIDENCE_SHOWN),
                ).alias("observed"),
            )
            .cast(EVIDENCE)
            .alias("evidence"),
        ).pipe(as_hits)

    def save(self, path: str | os.PathLike[str]) -> str:
        """Write the fitted model with skops (numbers, strings and numpy arrays only), atomically."""
        import skops.io as sio

        self._check_fitted()
        est = self.estimator_
        state = {
            "params": self.get_params(),
            "vocabulary": list(self.vocabulary_),
            "row_principal": list(self.row_principal_),
            "row_day": [d.isoformat() for d in self.row_day_],
            "group_names": [str(g) for g in est.group_names_],
            "arrays": {
                k: getattr(est, k)
                for k in (
                    "idf_",
                    "train_group_",
                    "group_size_",
                    "train_row_",
                    "train_col_",
                    "train_weight_",
                    "train_rarity_",
                )
            },
            "idf_unseen": float(est.idf_unseen_),
        }
        target = Path(path)
        with atomic_target(target) as temp:
            sio.dump(state, temp)
        return str(target)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ApiRarityModel:
        """Load a model saved by :meth:`save`; the file may hold no type beyond plain data."""
        import datetime as dt

        import skops.io as sio

        untrusted = sio.get_untrusted_types(file=str(path))
        if untrusted:
            raise ModelError(
                f"the model file holds unexpected types {sorted(untrusted)}",
                path=str(path),
                fix="only load models saved by ueba",
            )
        state = sio.load(str(path), trusted=[])
        model = cls(**state["params"])
        est = model._estimator()
        for k, v in state["arrays"].items():
            setattr(est, k, v)
        est.group_names_ = np.array(state["group_names"])
        est.idf_unseen_ = float(state["idf_unseen"])
        est.n_features_in_ = len(state["vocabulary"])
        model.estimator_ = est
        model.vocabulary_ = list(state["vocabulary"])
        model.row_principal_ = list(state["row_principal"])
        model.row_day_ = [dt.date.fromisoformat(d) for d in state["row_day"]]
        return model


__all__ = ["ApiRarityModel", "day_sets"]
