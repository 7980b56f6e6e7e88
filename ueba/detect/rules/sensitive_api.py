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
from a network nobody in the mature account used is **high** (:mod:`._access_grants`).

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
from ueba.detect.rules._access_grants import is_access_grant, mark_unknown_place, new_place_note
from ueba.detect.rules._base import MACHINE_KINDS, Rule, rows_at
from ueba.detect.rules._iam_lifecycle import chores, mark_chores
from ueba.detect.rules._sensitive_calls import (
    _ESCALATING,
    _SEVERITY,
    _WEIGHT,
    CONDITIONS,
    IAC_CLIENTS,
    PROVISIONING,
    SENSITIVE_APIS,
    _at_most,
    _created_today,
    _grant_target,
    _in_context,
    _minted_here,
    _routine_opener,
    _self_evident,
)


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
        "secret_burst_calls": 10,
        "no_history_severity": "low",
        "fleet_factor": 0.2,
        "fleet_min_actors": 2,
        "fleet_min_share": 0.5,
        "provisioning_apis": list(PROVISIONING),
        "iac_clients": list(IAC_CLIENTS),
        "housekeeping_severity": "info",
        "new_place_grant_severity": "high",
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

        # a principal the baseline has never seen has no history to be "new" against
        unknown = pl.col("has_history").is_null()
        novelty = (
            pl.when(unknown)
            .then(pl.lit(float(self["no_baseline_factor"])))
            .when(pl.col("seen").is_null())
            .then(pl.lit(1.0))
            .otherwise(pl.lit(float(self["known_factor"])))
        )
        failed = (
            pl.when(pl.col("error_code").is_not_null())
            .then(pl.lit(float(self["failed_factor"])))
            .otherwise(pl.lit(1.0))
        )
        escalating = (
            pl.when(pl.col("request_parameters").str.contains(_ESCALATING).fill_null(False))
            .then(pl.lit(float(self["escalating_factor"])))
            .otherwise(pl.lit(1.0))
        )
        history = (
            pl.when(unknown)
            .then(pl.format(" no history for {}", pl.col("principal_label")))
            .when(pl.col("seen").is_null())
            .then(
                pl.format(
                    " never called by {}{}",
                    pl.col("principal_label"),
                    pl.lit(f" in {baseline.window_days} days" if baseline.present else ""),
                )
            )
            .otherwise(pl.format(" called before by {}", pl.col("principal_label")))
        )
        if not baseline.present:
            history = pl.lit(" no baseline to compare with")
        status = (
            pl.when(pl.col("error_code").is_not_null())
            .then(pl.format(" (failed: {})", pl.col("error_code")))
            .otherwise(pl.lit(""))
        )

        # classify each distinct event name once, keep only the sensitive rows
        names = (
            base.select("event_name")
            .unique()
            .with_columns(
                # Lambda's versioned names: AddPermission20150331v2 -> AddPermission
                pl.col("event_name").str.replace(r"\d{8}(v\d+)?$", "").alias("api_name")
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
            named_rows, unseen_reads = named_rows.cache(), unseen_reads.cache()
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

        named = with_fleet(named_rows)
        named = named.with_columns(_grant_target().alias("_target")).join(
            _created_today(base), on=["principal", "_target"], how="left"
        )
        # why: a deploy role's Terraform apply creating roles and policies from its usual
        # network and client is its job (at most low); a new network or client, or minting
        # credentials for people, keeps the call's own severity
        named = _in_context(named, baseline).with_columns(
            (
                pl.col("_usual")
                & pl.col("_writes")
                & pl.col("ua_family").is_in(list(self["iac_clients"])).fill_null(False)
                & pl.col("api_name").is_in(list(self["provisioning_apis"]))
            ).alias("_iac")
        )
        named = mark_chores(named, base, baseline)
        # why: an access grant (IAM, Identity Center, a public function) from a network nobody
        # in the mature account used is GuardDuty's anomalous persistence: high (_access_grants)
        named = mark_unknown_place(named, baseline)
        conditions = dict(self["conditions"])
        if conditions:
            pattern = pl.col("api_name").replace_strict(
                conditions, default=None, return_dtype=pl.String
            )
            named = named.filter(
                pattern.is_null() | pl.col("request_parameters").fill_null("").str.contains(pattern)
            )
        weights = {c: float(w) for c, w in self["weights"].items()}
        sevs = {c: str(s) for c, s in self["severities"].items()}
        cat_w = pl.col("category").replace_strict(weights, default=0.3, return_dtype=pl.Float64)
        cat_sev = pl.col("category").replace_strict(sevs, default="low", return_dtype=pl.String)
        is_new = pl.col("seen").is_null()
        deploy = pl.col("fleet_actors").is_not_null()
        fleet_note = (
            pl.when(deploy)
            .then(
                pl.format(
                    "; rolled out across {} of {} of the role's instances/sessions today (a deploy)",
                    pl.col("fleet_actors"),
                    pl.col("fleet_active"),
                )
            )
            .otherwise(pl.lit(""))
        )
        escalates = pl.col("request_parameters").str.contains(_ESCALATING).fill_null(False)
        self_evident = _self_evident(escalates)
        no_baseline = pl.lit(not baseline.present)
        iac = pl.col("_iac") & ~escalates & is_new
        iac_note = pl.when(iac).then(
            pl.lit("; infrastructure as code from its usual network and client (a deploy)")
        )
        # why: recon is serious from a new network or client, or when it fails a lot (that is
        # error_spike's, against the principal's own error rate); a person's first IAM review
        # from their usual place and client, a few denials included, is context (info). Not a
        # machine workload's: its code fixes its calls, so new recon is a popped box
        person = ~pl.col("workload_kind").is_in(list(MACHINE_KINDS)).fill_null(False)
        usual_recon = (pl.col("category") == "recon") & pl.col("_usual") & person
        recon_note = pl.when(usual_recon & is_new).then(
            pl.lit("; from its usual network and client")
        )
        # why: AWS's documented key rotation and onboarding, and a role's trust edited at home,
        # are housekeeping the trail explains (._iam_lifecycle.chores)
        known = person & ~escalates & pl.col("has_history").is_not_null()
        housekeeping, trust_home, chore_note = chores(known, is_new)
        grant_away = is_access_grant() & pl.col("_new_place") & is_new
        place_note = pl.when(grant_away).then(new_place_note(baseline))
        fleet_note = pl.coalesce(place_note, chore_note, iac_note, recon_note, fleet_note)
        parts = [
            self.emit(
                named,
                signal=pl.lit("sensitive ") + pl.col("category"),
                reason=pl.format(
                    "{}: {} call{};{}{}",
                    pl.col("event_name"),
                    pl.col("category").str.replace_all("_", " "),
                    status,
                    history,
                    fleet_note,
                ),
                baseline=pl.when(is_new)
                .then(pl.lit("never called"))
                .otherwise(pl.lit("called before")),
                observed=pl.format(
                    "{} {}", pl.col("event_name"), pl.col("error_code").fill_null("ok")
                ),
                weight=cat_w
                * novelty
                * failed
                * escalating
                * pl.when(deploy).then(pl.lit(float(self["fleet_factor"]))).otherwise(pl.lit(1.0))
                * pl.when(iac | housekeeping)
                .then(pl.lit(float(self["known_factor"])))
                .otherwise(pl.lit(1.0)),
                severity=pl.when(deploy)
                .then(pl.lit("info"))
                .when(grant_away)
                .then(pl.lit(str(self["new_place_grant_severity"])))
                .when(housekeeping & pl.col("_usual"))
                .then(pl.lit(str(self["housekeeping_severity"])))
                .when(housekeeping | trust_home)
                .then(_at_most(cat_sev, "low"))
                .when(iac & ~self_evident)
                .then(_at_most(cat_sev, "low"))
                .when(usual_recon)
                .then(pl.lit("info"))
                # no history: the call is judged on what it is, at most low (a cold start must
                # not turn a day of routine secret reads or admin work into mediums), unless
                # the request is evidence by itself
                .when(no_baseline & ~self_evident)
                .then(_at_most(cat_sev, str(self["no_history_severity"])))
                .when(is_new | pl.lit(not baseline.present))
                .then(cat_sev)
                .otherwise(pl.lit("info")),
                basis=pl.when(self_evident | no_baseline | grant_away)
                .then(pl.lit("self"))
                .otherwise(pl.lit("novelty")),
            )
        ]

        # GetCallerIdentity as the first call of a key with no history
        key_hist = (
            baseline.known("credential", "api")
            .select(pl.col("entity").alias("access_key_id"), key_known=pl.lit(True))
            .unique()
        )
        openers = (
            base.filter(
                (pl.col("key_seq") == 0)
                & (pl.col("event_name") == "GetCallerIdentity")
                & pl.col("access_key_id").is_not_null()
            )
            .join(key_hist, on="access_key_id", how="left")
            .filter(pl.col("key_known").is_null())
        )
        first_gci = (
            openers.join(_minted_here(base, openers), on="key_issuer_event_id", how="left")
            # the runner that minted the key checking it (configure-aws-credentials does) is
            # not someone trying a found key: same network and client as the minting call
            .filter(
                ~(
                    (pl.col("network_key") == pl.col("_issuer_network"))
                    & (pl.col("ua_family") == pl.col("_issuer_client"))
                ).fill_null(False)
            )
            # why: SDKs checking their identity at start-up, and `aws sso login` users, open
            # every new key that way from their usual side or where they signed in today
            .pipe(_routine_opener, base, baseline)
        )
        parts.append(
            self.emit(
                first_gci,
                signal="first_call_get_caller_identity",
                reason=pl.format(
                    '{} opened with GetCallerIdentity ("whose key is this?") and has no history',
                    pl.col("access_key_id"),
                ),
                baseline=pl.lit("key unseen"),
                observed=pl.lit("GetCallerIdentity first"),
                weight=float(self["first_call_weight"]),
                severity="low",
                basis="self",
            )
        )

        # bursts per key and hour
        hourly = (
            unseen_reads
            # a fleet-wide deploy's new reads are not a burst of one key
            .pipe(with_fleet)
            .filter(pl.col("fleet_actors").is_null())
            .with_columns(hour_of().alias("hour"), seen=pl.lit(None, pl.Boolean))
        )
        unseen = pl.col("seen").is_null()
        recon_like = reads & unseen
        bursts = hourly.with_columns(
            pl.col("event_name")
            .filter(recon_like)
            .n_unique()
            .over("access_key_id", "hour")
            .alias("distinct_recon"),
            pl.col("event_name")
            .is_in(secret_apis)
            .and_(unseen)
            .sum()
            .over("access_key_id", "hour")
            .alias("secret_calls"),
        )
        recon = bursts.filter(
            recon_like & (pl.col("distinct_recon") >= int(self["burst_distinct_apis"]))
        )
        parts.append(
            self.emit(
                recon,
                signal="recon_burst",
                reason=pl.format(
                    "{} distinct Describe/List/Get APIs called by {} within an hour",
                    pl.col("distinct_recon"),
                    pl.col("access_key_id"),
                ),
                baseline=pl.lit(f"< {self['burst_distinct_apis']} per hour"),
                observed=pl.col("distinct_recon").cast(pl.String),
                weight=_WEIGHT["recon"] * 1.5,
                severity="medium",
            )
        )
        secrets = bursts.filter(
            (pl.col("secret_calls") >= int(self["secret_burst_calls"]))
            & pl.col("event_name").str.contains("Secret|Parameter")
            & unseen
        )
        parts.append(
            self.emit(
                secrets,
                signal="secret_burst",
                reason=pl.format(
                    "{} secret reads by {} within an hour",
                    pl.col("secret_calls"),
                    pl.col("access_key_id"),
                ),
                baseline=pl.lit(f"< {self['secret_burst_calls']} per hour"),
                observed=pl.col("secret_calls").cast(pl.String),
                weight=0.5,
                severity="medium",
            )
        )
        return pl.concat(parts, how="vertical")
