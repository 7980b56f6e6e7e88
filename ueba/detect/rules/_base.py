"""What every rule shares: the HITS schema, parameters with strict names, and ``emit``.

A rule is a small class: ``name``, ``family``, ``basis``, a default ``severity`` and ``weight``, a
greppable ``params`` dict of its knobs, and ``evaluate(enriched_today, baseline) -> LazyFrame[HITS]``.

``basis`` says what a hit compares against (one of ``BASES``), so that the scorer can silence
what cannot be judged yet:

- ``"novelty"``: the actor against its own learned history ("never called by role app in 30
  days"). Meaningless while the actor is learning: the scorer drops these hits then.
- ``"self"``: the key against itself or against the trail (first-IP lock, a workload key
  outside AWS, a threat list, StopLogging, root use, a key used away from where it was minted).
  Needs no history and always counts.

The class attribute is the default; a rule whose signals differ passes ``basis=`` to ``emit``,
and every hit carries it in the ``basis`` column.
``__init__`` only stores keyword parameters (the scikit-learn habit); nothing is computed until
``evaluate``, which is pure polars and returns a lazy plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import ORDER, account_id, first_by_time, principal_label
from ueba.enrichment._pipelines import PIPELINE_KINDS
from ueba.exceptions import ConfigError, did_you_mean
from ueba.schema import EVIDENCE, SEVERITIES, UTC_US

# One row per (rule, event) that looks wrong; the scorer folds them into findings.
HITS: Mapping[str, pl.DataType] = {
    "rule": pl.String(),
    "family": pl.String(),
    "severity": pl.String(),
    "weight": pl.Float64(),  # (0, 1]: how strongly this hit alone says "compromise"
    "signal": pl.String(),  # what differed, e.g. "new ua_os_family"; scorer dedups on it
    "event_id": pl.String(),
    "event_time": UTC_US,
    "event_name": pl.String(),
    "account_id": pl.String(),
    "principal_arn": pl.String(),
    "principal_type": pl.String(),
    "access_key_id": pl.String(),
    "workload_kind": pl.String(),
    "workload_id": pl.String(),
    "source_ip": pl.String(),
    "user_agent": pl.String(),
    "reason": pl.String(),  # a sentence a person reads
    "evidence": EVIDENCE,
    "basis": pl.String(),  # one of BASES: what the hit compared against (module docstring)
}

# "novelty": against the actor's learned history; "self": against the key itself or the trail.
BASES = ("novelty", "self")

COMMON_PARAMS: Mapping[str, Any] = {"enabled": True}

WORKLOAD_KINDS = ("ec2", "ecs", "lambda")
# why: keys an AWS service mints for the customer code it runs (an execution role assumed by
# sagemaker/glue/codebuild/states.amazonaws.com) never leave AWS hosts, like an instance's
SERVICE_JOB_KINDS = ("sagemaker", "glue", "codebuild", "step_functions")
# Workloads whose calls their code decides, so a new call is a changed or compromised program,
# never a person exploring: the compute kinds, EKS pods, service-run jobs, and CI/CD pipelines (a
# GitHub Actions or GitLab CI role's calls are its pipeline files'; ueba.enrichment._pipelines)
MACHINE_KINDS = (*WORKLOAD_KINDS, "eks_pod", *SERVICE_JOB_KINDS, *PIPELINE_KINDS)
# Workload kinds that are people: an IAM Identity Center user, a person federated by SAML into a
# role others share (ueba.enrichment: the session name the IdP sent names them).
PERSON_WORKLOADS = ("sso_user", "saml_user")
# a baseline ``workload`` entity of a person (``sso_user:ana``, ``saml_user:ana``)
PERSON_KIND = rf"^({'|'.join(PERSON_WORKLOADS)}):"
# API names of reads, for rows whose ``read_only`` CloudTrail left out
READ_NAME = r"^(Describe|List|Get|Head|Lookup|Search|BatchGet|Scan|Query|Select)"


def is_read() -> pl.Expr:
    """The call only reads: CloudTrail's ``readOnly``, else a read's name (``READ_NAME``)."""
    return pl.coalesce(pl.col("read_only"), pl.col("event_name").str.contains(READ_NAME)).fill_null(
        False
    )


def api_name() -> pl.Expr:
    """The call's name without Lambda's API version (``AddPermission20150331v2`` ->
    ``AddPermission``), as the sensitive-call lists name it."""
    return pl.col("event_name").str.replace(r"\d{8}(v\d+)?$", "")


def role_name(arn: pl.Expr) -> pl.Expr:
    """The role's name in a role ARN (its last path part), '?' when there is none."""
    return arn.str.extract(r":role/(?:.*/)?([^/]+)$", 1).fill_null("?")


def is_person_key() -> pl.Expr:
    """The key is a person's: an Identity Center or SAML person's session, or the root user."""
    return pl.col("workload_kind").is_in(list(PERSON_WORKLOADS)).fill_null(False) | (
        pl.col("principal_type") == "root"
    ).fill_null(False)


# penetration-testing distributions that name themselves in a user agent (enrichment's
# ``ua_distro``; GuardDuty's PenTest:IAMUser findings): one list for every rule that reads them
ATTACK_DISTROS = ("kali", "parrot", "blackarch", "pentoo")
# Source kinds that mean "not from inside AWS" (DESIGN.md: only these two).
OUTSIDE_KINDS = ("public", "invalid")


def person_call_outside() -> pl.Expr:
    """A person's own signed call (an Identity Center or SAML session's key, not a service
    acting for them) from a network outside AWS whose network is known: the rows on which a
    person's place and travel are judged (``session_replay``, ``_two_places``)."""
    return (
        pl.col("workload_kind").is_in(list(PERSON_WORKLOADS)).fill_null(False)
        & pl.col("access_key_id").is_not_null()
        & ~pl.col("is_service_call")
        & pl.col("source_kind").is_in(OUTSIDE_KINDS).fill_null(False)
        & pl.col("network_key").is_not_null()
    )


class Rule:
    """Base class of every detection rule.

    Subclasses set the class attributes and implement :meth:`_evaluate`. Parameters are keyword
    only and strict: an unknown one raises :class:`ueba.exceptions.ConfigError` with a
    did-you-mean hint.
    """

    name: ClassVar[str] = ""
    family: ClassVar[str] = ""
    basis: ClassVar[str] = "novelty"  # one of BASES; the default of the rule's hits
    severity: ClassVar[str] = "medium"
    weight: ClassVar[float] = 0.5
    description: ClassVar[str] = ""
    # the title of a finding led by one of these signals, where ``description`` is not true of
    # every credential and workload the signal fires on
    signal_titles: ClassVar[Mapping[str, str]] = {}
    params: ClassVar[Mapping[str, Any]] = {}
    # True when the rule can fire with no baseline at all (cold start, first run on samples).
    needs_baseline: ClassVar[bool] = False

    def __init__(self, **params: Any) -> None:
        # Stored as given and checked by check_params(), which evaluate() and build_rules() call:
        # scikit-learn's rule, so a rule can be built, cloned and inspected before it runs.
        self._given: dict[str, Any] = dict(params)

    def check_params(self) -> Rule:
        """Check the parameters given; returns ``self``. Raises :class:`ConfigError` naming the
        key (``detect.rules.<name>.<key>``) with a did-you-mean hint, a wrong type, a severity
        that is not one, or a weight outside (0, 1]."""
        known = self.param_names()
        for key, value in self._given.items():
            if key not in known:
                raise ConfigError(
                    f"detect.rules.{self.name}.{key}: unknown key{did_you_mean(key, known)}",
                    fix=f"valid keys are {', '.join(known)}",
                )
            _check_type(f"detect.rules.{self.name}.{key}", value, self.default(key))
        sev = self._given.get("severity", type(self).severity)
        if sev not in SEVERITIES:
            raise ConfigError(
                f"detect.rules.{self.name}.severity: {sev!r} is not a severity"
                f"{did_you_mean(str(sev), SEVERITIES)}",
                fix=f"use one of {', '.join(SEVERITIES)}",
            )
        w = float(self._given.get("weight", type(self).weight))
        if not 0.0 < w <= 1.0:
            raise ConfigError(
                f"detect.rules.{self.name}.weight: {w} is outside (0, 1]",
                fix="a weight is a probability-like strength, e.g. 0.4",
            )
        return self

    @property
    def _params(self) -> dict[str, Any]:
        """Every parameter: the defaults with what was given on top (unknown keys left out)."""
        out = {k: self.default(k) for k in self.param_names()}
        out.update((k, v) for k, v in self._given.items() if k in out)
        return out

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        return ("enabled", "severity", "weight", *cls.params)

    @classmethod
    def default(cls, key: str) -> Any:
        if key == "severity":
            return cls.severity
        if key == "weight":
            return cls.weight
        if key in COMMON_PARAMS:
            return COMMON_PARAMS[key]
        return cls.params[key]

    def get_params(self) -> dict[str, Any]:
        """The rule's parameters, defaults filled in (scikit-learn's ``get_params``)."""
        return dict(self._params)

    def __getitem__(self, key: str) -> Any:
        # one parameter, as ``_params[key]`` gives it, without building every parameter's
        # dict: the rules read their parameters ~300 times a scoring
        if key not in self.param_names():
            raise KeyError(key)
        return self._given[key] if key in self._given else self.default(key)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self._params.items() if v != self.default(k)}
        args = ", ".join(f"{k}={v!r}" for k, v in sorted(changed.items()))
        return f"{type(self).__name__}({args})"

    @property
    def enabled(self) -> bool:
        return bool(self._params["enabled"])

    def evaluate(self, enriched_today: pl.LazyFrame, baseline: Any = None) -> pl.LazyFrame:
        """Hits of this rule on ``enriched_today`` (a LazyFrame of ENRICHED), exactly HITS.

        ``baseline`` is a fitted :class:`ueba.baseline.profile.Baseline`, a
        :class:`~ueba.detect._baseline.BaselineView`, or ``None`` (no history: only the rules
        that need no baseline fire).
        """
        self.check_params()
        view = baseline if isinstance(baseline, BaselineView) else BaselineView.of(baseline)
        if not self.enabled or (self.needs_baseline and not view.present):
            return pl.LazyFrame(schema=dict(HITS))
        return self._evaluate(enriched_today, view)

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        raise NotImplementedError

    def requires(self) -> pl.Expr | None:
        """A condition on one row of the day (featured events) without which the rule cannot
        emit, a necessary condition of the rule's own first filters: on a day where no row
        meets it the rule's hits are none. Usually every hit is a row that meets it; a rule
        that judges a session's calls may declare the call that minted the session instead.
        ``None`` (the default): no condition is declared, the rule is always evaluated.

        The Scorer tests every rule's condition on the day in one small collect and does not
        build the plan of a rule whose condition no row meets (``tests/detect/
        test_rule_requires.py`` checks each declaration against its rule on generated days).
        """
        return None

    # -- building hits -------------------------------------------------------------------
    def emit(
        self,
        frame: pl.LazyFrame,
        *,
        signal: pl.Expr | str,
        reason: pl.Expr,
        observed: pl.Expr,
        baseline: pl.Expr | str = "none",
        weight: pl.Expr | float = 1.0,
        severity: pl.Expr | str | None = None,
        basis: pl.Expr | str | None = None,
    ) -> pl.LazyFrame:
        """Rows of ``frame`` (ENRICHED columns + extras) as HITS.

        ``weight`` is a multiplier of the rule's configured weight, so configuration scales a
        rule without touching its internal grading (e.g. InsideAWS at 0.5 of the weight).
        """

        def lit(x: pl.Expr | str | float) -> pl.Expr:
            return x if isinstance(x, pl.Expr) else pl.lit(x)

        given = (signal, reason, observed, baseline, weight, severity, basis)
        # only hit rows need the readable name: computed here, not for every event, and only
        # when one of the hit's expressions reads it (the output does not carry it). Added
        # without asking the plan whether it has the column already (``_partner_trust`` adds
        # it to its rows: the same expression on the same row gives the same name), because
        # resolving a rule's whole plan's schema cost ~5 ms an emit on a small day, more than
        # the rule itself (benchmarks/README.md, "CI time", ci25a)
        if _reads_label(given):
            frame = frame.with_columns(principal_label().alias("principal_label"))
        base_w = float(self["weight"])
        sev = lit(severity if severity is not None else str(self["severity"]))
        return frame.select(
            pl.lit(self.name).alias("rule"),
            pl.lit(self.family).alias("family"),
            sev.cast(pl.String).alias("severity"),
            (lit(weight).cast(pl.Float64) * base_w).clip(0.0, 1.0).alias("weight"),
            lit(signal).cast(pl.String).alias("signal"),
            pl.col("event_id"),
            pl.col("event_time").cast(UTC_US),
            pl.col("event_name"),
            account_id().alias("account_id"),
            pl.col("principal_arn").fill_null(pl.col("identity_arn")),
            pl.col("principal_type"),
            pl.col("access_key_id"),
            pl.col("workload_kind"),
            pl.col("workload_id"),
            pl.col("source_ip_address").alias("source_ip"),
            pl.col("user_agent"),
            lit(reason).cast(pl.String).alias("reason"),
            pl.struct(
                pl.lit(self.name).alias("rule"),
                lit(signal).cast(pl.String).alias("signal"),
                lit(baseline).cast(pl.String).alias("baseline"),
                lit(observed).cast(pl.String).alias("observed"),
            )
            .cast(EVIDENCE)
            .alias("evidence"),
            lit(basis if basis is not None else type(self).basis).cast(pl.String).alias("basis"),
        )


def with_console(known: pl.LazyFrame, *, dim: pl.Expr, value: str = "value") -> pl.LazyFrame:
    """``known`` (a principal's known values, ``value`` a column) plus the ``console`` client
    wherever ``browser`` is known and ``dim`` (an expression on ``known``) is true: a person who
    works in a browser works in the AWS console, whose own agent (``console.<service>
    .amazonaws.com``) makes the calls they click. One tool, not a second client (twentieth
    session, tune35, tuning on heldout9's B8: an administrator's first key rotation through
    the IAM console, her browser known to the role)."""
    browser = known.filter(dim & (pl.col(value) == "browser")).with_columns(
        pl.lit("console").alias(value)
    )
    return pl.concat([known, browser], how="vertical")


def known_pairs(baseline: BaselineView, dimension: str, flag: str) -> pl.LazyFrame:
    """(``principal``, ``dimension``, ``flag``): each value of ``dimension`` a principal used in
    the baseline, with ``flag`` true, to left-join onto rows by principal and value (a null
    ``flag`` after the join: a value new for the principal); a principal that used a browser
    knows the console's agent (:func:`with_console`)."""
    known = baseline.known("principal", dimension).select(
        pl.col("entity").alias("principal"), pl.col("value").alias(dimension)
    )
    if dimension == "ua_family":
        known = with_console(known, dim=pl.lit(True), value=dimension)
    return known.unique().with_columns(pl.lit(True).alias(flag))


def rows_at(day: pl.LazyFrame, chosen: pl.LazyFrame) -> pl.LazyFrame:
    """The rows of ``day`` (numbered by ``with_row_index("_row")``) that ``chosen`` names by
    ``_row``, whole and in the day's order, with ``chosen``'s other columns.

    A rule keeps a few rows of a large day: choosing them on a few key columns and fetching
    them by position costs the few rows; filtering or joining the day itself gathers every
    column of every row it keeps first (and polars pushes a filter after a join below it)."""
    return day.join(chosen, on="_row", how="inner", maintain_order="left")


def rows_among(
    frame: pl.LazyFrame, keys: pl.LazyFrame, on: list[str], baseline: BaselineView
) -> pl.LazyFrame:
    """The rows of ``frame`` whose ``on`` values are a row of ``keys`` (a semi join).

    Within a scoring (``baseline.engine`` set) ``keys`` (a few rows) is collected once and the
    rows are chosen by ``is_in`` in ``frame``'s own filter: a semi join below a filter of the day
    gathers every column of every row the filter keeps first (most of the day) to keep a few.
    Null keys never match, as in the join."""
    if baseline.engine is None:
        return frame.join(keys, on=on, how="semi")
    found = keys.select(on).collect(engine=baseline.engine).drop_nulls()
    if found.height == 0:
        # no key (the usual case: no key rotated today): no row, and no key column hashed
        return frame.filter(pl.lit(False))
    if len(on) == 1:
        return frame.filter(pl.col(on[0]).is_in(found.to_series().implode()))
    return frame.filter(pl.struct(on).is_in(found.to_struct().implode()))


def first_event_rows(frame: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """One row per ``keys``: the values of the earliest event (time, then event id) of each,
    whatever order the rows arrive in (a bare ``unique`` keeps any row)."""
    first = first_by_time(frame, pl.all().exclude("event_time", "event_id", ORDER))
    return frame.group_by(keys).agg(first)


def as_hits(frame: pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` as exactly HITS; a model's hits compare against learnt history (``novelty``),
    so a HITS column the model does not set, such as ``basis``, says so."""
    have = frame.collect_schema().names()
    return frame.select(
        [
            (pl.col(c) if c in have else pl.lit("novelty" if c == "basis" else None))
            .cast(t)
            .alias(c)
            for c, t in HITS.items()
        ]
    )


def _reads_label(given: tuple[Any, ...]) -> bool:
    """Does any of ``emit``'s expressions read ``principal_label``? (a string or number given
    is a literal and reads nothing)."""
    return any(isinstance(x, pl.Expr) and "principal_label" in x.meta.root_names() for x in given)


def _check_type(where: str, value: Any, default: Any) -> None:
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ConfigError(
            f"{where}: expected {type(default).__name__}, got {type(value).__name__} {value!r}",
            fix=f"the default is {default!r}",
        )
