"""sensitive_api: calls attackers make, weighted up when new for the principal.

Categories (MITRE ATT&CK tactics for cloud; lists below, overridable per config):
recon, persistence, privilege_escalation, defense_evasion, credential_access, exfiltration,
lateral_movement, execution. Plus three patterns rather than names:

- ``GetCallerIdentity`` as a key's first call of the day with no history for the key (the first
  thing anyone does with a found key: "whose is this?"), unless it comes from the network and
  client that minted the key today (a CI runner checking the key it just got), or from a
  principal that calls it routinely, with its usual client, from its usual network or from one
  the person signed in from today with a second factor (a traveller's ``aws sso login``);
- recon bursts: one key calling many distinct ``Describe*/List*/Get*`` APIs within an hour;
- secret bursts: many ``GetSecretValue`` / ``GetParameter(s)`` calls by one key within an hour.

A sensitive call the principal already made within the window weighs ``known_factor`` of its
category weight (a backup job's CreateSnapshot is not news); one new for it weighs in full; with
no baseline at all, ``no_baseline_factor``. A failed call weighs ``failed_factor`` (an attempt).

Fleet awareness (:mod:`ueba.detect.fleet`): a call new for a role that most of the role's
instances or sessions started today, from its usual networks with its usual client, is a deploy,
not an intrusion: those rows are **info** (``fleet_factor`` of the weight) and
``fleet_change`` writes the one note. The same new call from one instance, from a new network or
with a new client keeps its severity. Stopping or deleting logging is ``defense_evasion``'s.

IAM housekeeping the trail explains (:mod:`._iam_lifecycle`): a person rotating their own
access key, or an administrator onboarding a user it created today, from its usual network and
client, is **info** (``housekeeping_severity``), the reason naming the events; rotating their
own key from their usual network with a client new for them (the CLI a partner installs for
it) is **low**. A person editing a role's trust from their usual network and client, naming no
account but their own and no wildcard principal, is at most **low**. An access grant
from a network nobody in the mature account used is **high** (:mod:`._access_grants`); so is a
destructive call (a KMS key disabled, deleted or its policy replaced, backups or snapshots
deleted), and from a network the mature principal never used it is **medium**
(:mod:`._destructive`).

``basis``: the named-call hits are "novelty" (their severity is "new for the principal"), except
requests that are evidence by themselves: a principal granting *itself*, or a user it created
today (a leaked key's backdoor user), an escalating policy (``AdministratorAccess`` or
``"Action": "*"``) and a snapshot or image shared with ``all``. Granting admin to another role or opening a port to ``0.0.0.0/0`` still
weighs more, but is an administrator's routine in many accounts: "novelty", so a cold start
does not page for it. When there is no baseline at all (the first day of a trail, a sample),
every call is judged on what it is ("self") and, unless it is evidence by itself as above, at
most ``no_history_severity`` (low), so that a first run lists the tactics without a medium for every
routine secret read.
With a baseline, a principal that is still learning is the scorer's to silence. The
``GetCallerIdentity`` opening of an unknown key is "self".
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba._expr import hour_of
from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.fleet import Fleet, fleet, mark_deploys
from ueba.detect.rules._base import Rule, api_name, rows_at
from ueba.detect.rules._elsewhere_recon import elsewhere_recon_hits
from ueba.detect.rules._paced_recon import paced_recon_hits
from ueba.detect.rules._rented_recon import rented_recon_hits
from ueba.detect.rules._sensitive_bursts import burst_hits, opener_hits
from ueba.detect.rules._sensitive_calls import (
    _SEVERITY,
    _WEIGHT,
    CONDITIONS,
    DECLARATIONS,
    IAC_CLIENTS,
    PROVISIONING,
    SENSITIVE_APIS,
)
from ueba.detect.rules._sensitive_hits import named_hits
from ueba.detect.rules._slow_recon import slow_recon_hits


class SensitiveApi(Rule):
    """A recon, persistence, evasion, credential-access or exfiltration call."""

    name = "sensitive_api"
    family = "tactics"
    severity = "medium"
    weight = 1.0  # categories carry the strength
    description = "sensitive API calls, weighted up when new for the principal"
    params: ClassVar[dict[str, Any]] = {
        "apis": {k: list(v) for k, v in SENSITIVE_APIS.items()},
        "weights": dict(_WEIGHT),
        "severities": dict(_SEVERITY),
        "conditions": dict(CONDITIONS),
        "known_factor": 0.25,
        "no_baseline_factor": 0.8,
        "failed_factor": 0.6,
        "escalating_factor": 1.6,
        "first_call_weight": 0.35,
        "burst_distinct_apis": 25,
        "slow_recon_apis": 3,
        "slow_recon_severity": "medium",
        # a person's enumeration from a rented network it never used, some refused (._rented_recon)
        "rented_recon_apis": 3,
        "rented_recon_severity": "medium",
        # a person's key reading from a new place while the person works at a known one
        # (._elsewhere_recon)
        "elsewhere_recon_apis": 3,
        "elsewhere_recon_severity": "medium",
        # a person's key that only read, one call at a time, from a place the person never
        # used (._paced_recon)
        "paced_recon_calls": 5,
        "paced_recon_apis": 4,
        "paced_recon_gap_minutes": 3,
        # or every call in the night where it comes from (local solar time before this hour)
        # at hours the person never worked (._night_use; tuning on heldout42 A6)
        "paced_recon_night_end": 6.0,
        "paced_recon_severity": "medium",
        "secret_burst_calls": 10,
        "no_history_severity": "low",
        "fleet_factor": 0.2,
        "fleet_min_actors": 2,
        "fleet_min_share": 0.5,
        "provisioning_apis": list(PROVISIONING),
        "declaration_apis": list(DECLARATIONS),
        "iac_clients": list(IAC_CLIENTS),
        "housekeeping_severity": "info",
        # a person who grants access, a new grant from their usual place and client (._admin_grant)
        "usual_admin_grant_severity": "medium",
        # a person who works with Lambda changing a function from their usual place and client
        # (._function_change)
        "usual_function_change_severity": "low",
        "new_place_grant_severity": "high",
        "new_place_destruction_severity": "high",
        "new_network_destruction_severity": "medium",
        # the caller's own Run Command on a fleet, new for a person (._run_command)
        "fleet_command_severity": "medium",
        "fleet_command_min_instances": 2,
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        # numbered before the filter: the rows a branch keeps are chosen on a few key columns,
        # then fetched whole from the day by position (``rows_at``)
        day = add_features(today).with_row_index("_row")
        base = day.filter(~pl.col("is_service_call") & pl.col("principal").is_not_null())

        category_of = {a: c for c, names in self["apis"].items() for a in names}
        seen = baseline.known("principal", "api").select(
            pl.col("entity").alias("principal"), pl.col("value").alias("api"), seen=pl.lit(True)
        )
        known_principals = baseline.mature("principal").select(
            pl.col("entity").alias("principal"), has_history=pl.lit(True)
        )

        def with_history(frame: pl.LazyFrame) -> pl.LazyFrame:
            # joined on the (few) candidate rows only, never on the whole day
            return frame.join(seen, on=["principal", "api"], how="left").join(
                known_principals, on="principal", how="left"
            )

        # classify each distinct event name once, keep only the sensitive rows
        names = (
            base.select("event_name")
            .unique()
            .with_columns(
                # Lambda's versioned names: AddPermission20150331v2 -> AddPermission
                api_name().alias("api_name")
            )
            .with_columns(
                pl.col("api_name").replace_strict(category_of, default=None).alias("category")
            )
            .filter(pl.col("category").is_not_null())
        )

        # the fleet view is built once, for the candidates of both readers below (the named
        # calls and the unseen reads of the bursts): each call of fleet() groups the whole day
        named_rows = with_history(
            rows_at(
                day,
                base.select("_row", "event_name").join(names, on="event_name").drop("event_name"),
            )
        )
        secret_apis = ["GetSecretValue", "BatchGetSecretValue", "GetParameter", "GetParameters"]
        reads = pl.col("event_name").str.contains(r"^(Describe|List|Get)")
        # Only APIs new for the principal count towards a burst: a scanner or a service that
        # reads its secrets every hour has those calls in its baseline and is not bursting. So
        # the (many) read calls already in the baseline are dropped by an anti-join before the
        # per-hour windows, which then only see the unseen rows (same counts, same hits).
        unseen_reads = rows_at(
            day,
            base.filter(
                pl.col("access_key_id").is_not_null()
                & (reads | pl.col("event_name").is_in(secret_apis))
            )
            .select("_row", "principal", "api")
            .join(seen.drop("seen"), on=["principal", "api"], how="anti")
            .select("_row"),
        )
        view: Fleet | None = None
        if baseline.present:
            # within a scoring collected once (the fleet's candidates, then the judged rows),
            # else one cached plan each
            named_rows, unseen_reads = _kept(named_rows, baseline), _kept(unseen_reads, baseline)
            candidates = pl.concat(
                [
                    f.select("principal", pl.col("api").alias("value"))
                    for f in (named_rows, unseen_reads)
                ]
            ).select("principal", pl.lit("api").alias("dimension"), "value")
            view = fleet(
                today,
                baseline,
                min_actors=int(self["fleet_min_actors"]),
                min_share=float(self["fleet_min_share"]),
                candidates=candidates,
            )

        def with_fleet(frame: pl.LazyFrame) -> pl.LazyFrame:
            if view is None:
                # nothing to be new against: a deploy cannot be told from day one's routine
                return frame.with_columns(
                    pl.lit(None, pl.Int64).alias("fleet_actors"),
                    pl.lit(None, pl.Int64).alias("fleet_active"),
                )
            marked = mark_deploys(frame.with_columns(pl.col("api").alias("value")), view, "api")
            return marked.drop("value")

        # the request conditions judged before the marks (row-local; the fleet's candidates
        # above keep every named row, so the deploys they find do not change)
        named = baseline.materialize(with_fleet(meeting_conditions(self, named_rows)))
        parts = []
        if not _none(named, baseline):
            # why: every hit of named_hits is one of these rows (its marks are left joins on
            # them, then a filter): on a day with none (most small days) its ~1,100-line plan
            # of marks would judge nothing (benchmarks/README.md, "CI time", ci28a)
            parts.append(named_hits(self, named, base, baseline))
        parts.append(opener_hits(self, base, baseline))
        # bursts per key and hour
        hourly = (
            unseen_reads
            # a fleet-wide deploy's new reads are not a burst of one key
            .pipe(with_fleet)
            .filter(pl.col("fleet_actors").is_null())
            .with_columns(hour_of().alias("hour"), seen=pl.lit(None, pl.Boolean))
            .pipe(baseline.materialize)
        )
        parts.extend(burst_hits(self, hourly, reads, secret_apis))
        if baseline.present:
            # why: one instance's enumeration spread over the day, one call an hour (._slow_recon)
            parts.append(slow_recon_hits(self, hourly, baseline))
            # why: a person's enumeration from a rented network, some of it refused (._rented_recon)
            parts.append(rented_recon_hits(self, hourly, base, baseline))
            # why: a person's key enumerating from a place it never used while the person works
            # from one of theirs (._elsewhere_recon)
            parts.append(elsewhere_recon_hits(self, hourly, base, baseline))
            # why: a person's key reading one call at a time from a place the person never
            # used, nothing else (._paced_recon)
            parts.append(paced_recon_hits(self, hourly, base, baseline))
        return pl.concat(parts, how="vertical")


def meeting_conditions(rule: Rule, named: pl.LazyFrame) -> pl.LazyFrame:
    """The named calls whose request meets the rule's ``conditions`` for their API
    (``GetParameter`` only with ``withDecryption``...); a call with no condition is kept. A
    filter on each row's own columns: the rule applies it before marking the rows (every mark
    is a left join on the rows, so the marks of the rows kept do not change), where it drops
    the plain reads before the joins gather their columns (a quarter of the named rows of the
    1M-event bench day)."""
    conditions = dict(rule["conditions"])
    if not conditions:
        return named
    pattern = pl.col("api_name").replace_strict(conditions, default=None, return_dtype=pl.String)
    return named.filter(
        pattern.is_null() | pl.col("request_parameters").fill_null("").str.contains(pattern)
    )


def _none(frame: pl.LazyFrame, baseline: BaselineView) -> bool:
    """``frame`` (a frame ``BaselineView.materialize`` collected, within a scoring) has no
    row; outside a scoring (nothing collected) never said, so the plan is built as it was."""
    return (
        baseline.engine is not None
        and frame.select(pl.len()).collect(engine=baseline.engine).item() == 0
    )


def _kept(frame: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """``frame`` collected once within a scoring (``BaselineView.materialize``), else cached."""
    return baseline.materialize(frame) if baseline.engine is not None else frame.cache()
