"""Folding rule hits into one finding per incident (suppressions: :mod:`ueba.detect._suppress`).

An incident is one **actor** and one **cause** over the scoring window (see
:func:`actor_columns` and :data:`CAUSE_OF_FAMILY`): every session key of a fleet role's
instances, functions or tasks, or of a person (across accounts, for an Identity Center person),
folds into one finding, with all its keys, addresses, event IDs and reasons. Its
``finding_id`` is ``uuid5(account, actor_kind, actor_id, cause, opened day)``, so it never
depends on which rules fired; :class:`ueba.detect.incidents.IncidentStore`
carries it over to later days and files (activity ``update``).
"""

from __future__ import annotations

import uuid
from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._actor_folds import fold_actors
from ueba.detect._network_people import NETWORK_PEOPLE
from ueba.detect._operator_fleet import OPERATOR_FLEET
from ueba.detect._outside_sitting import OUTSIDE_SESSION, sitting_actors
from ueba.detect._role_people import ARN_ACCOUNT, ROLE_PEOPLE
from ueba.detect._trip_people import TRIP_PEOPLE
from ueba.detect._vendor_accounts import vendor_accounts
from ueba.detect._vendor_maker import vendor_maker
from ueba.detect._workload_load import WORKLOAD_LOAD
from ueba.schema import EVIDENCE, FINDINGS, SEVERITIES, SEVERITY_RANK, conform

# uuid5 namespace of ueba findings (uuid5(NAMESPACE_URL, "https://github.com/ueba/findings"))
FINDING_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/ueba/findings")
_SEV_RANK = SEVERITY_RANK


# Why an incident exists, from the family of the rule that hit. Two causes are kept apart because
# they ask different things of the reader: "someone else holds this credential" versus "this
# actor behaves unlike itself". Hits of any family on a key that also has a credential_misuse hit
# belong to that misuse incident (an attacker's recon with a stolen key is part of the theft).
# A family not listed here (a new rule's) counts as behaviour.
MISUSE = "credential_misuse"
BEHAVIOUR = "behaviour_change"
CHANGE = "change"
CAUSE_OF_FAMILY: dict[str, str] = {
    "credential_misuse": MISUSE,
    "threat_intel": MISUSE,
    "novelty": BEHAVIOUR,
    "tactics": BEHAVIOUR,
    "volume": BEHAVIOUR,
    "console": BEHAVIOUR,
    "defense_evasion": BEHAVIOUR,
    "model": BEHAVIOUR,
    "fleet": CHANGE,
}
CAUSES = (MISUSE, BEHAVIOUR, CHANGE)

# workload_kind (ueba.enrich identity binding) -> actor_kind; these actors are the workload.
_WORKLOAD_ACTORS = {
    "ec2": "ec2_instance",
    "lambda": "lambda_function",
    "ecs": "ecs_task",
    "eks_pod": "eks_pod",
    "sso_user": "sso_user",
    # why: a person federated from an external IdP into a role others share is their own
    # actor (the session name the IdP sent), not the role: one person's incident must not
    # carry a colleague's calls
    "saml_user": "saml_user",
    # a CI/CD job's actor is its role, whichever system ran it (ueba.enrichment._pipelines)
    "github_oidc": "ci_role",
    "ci_oidc": "ci_role",
}
_ACTOR_NOUN = {
    "ec2_instance": "EC2 instance",
    "lambda_function": "Lambda function",
    "ecs_task": "ECS task",
    "eks_pod": "EKS pod",
    "sso_user": "SSO user",
    "saml_user": "SAML user",
    "ci_role": "CI role",
    "iam_user": "user",
    "root": "root",
    "role": "role",
    ROLE_PEOPLE: "people of role",
    NETWORK_PEOPLE: "people on network",
    TRIP_PEOPLE: "people arriving in",
    OPERATOR_FLEET: "operator's role",
    OUTSIDE_SESSION: "outside session",
    WORKLOAD_LOAD: "workload roles of account",
}
INCIDENT_KEY = ("account_id", "actor_kind", "actor_id", "cause")


# Workloads that run as a fleet of one role: a deploy reaches every instance, and a key of the
# role the trail cannot bind to an instance is, for the reader, the same fleet. Their incidents
# are the role's (one per role and cause); the instance stays named in the finding's reasons
# and ``workload_id``.
_FLEET_WORKLOADS = ("ec2_instance", "lambda_function", "ecs_task", "eks_pod")
# Actors that belong to the organisation, not to one account: an IAM Identity Center person
# reaches every account through the portal, so their incident is one whatever account logged
# each call (its ``finding_id`` and the incident store key leave the account out).
# why: a person federated by SAML is the IdP's user, named by the session name the IdP sends
# (its e-mail or UPN) to every account's role: one identity provider app signs one person into
# roles of many accounts, so an auditor's sweep of three accounts is one person's day, one incident
ORG_ACTORS = ("sso_user", "saml_user")


def actor_columns(*, fleet: bool = False) -> list[pl.Expr]:
    """``actor_kind`` and ``actor_id`` of a HITS (or ENRICHED) row: who the incident is about.

    The workload the key was minted for (EC2 instance, Lambda function, ECS task, EKS pod, SSO
    user; a GitHub OIDC session's actor is its CI role), else the person (IAM user, root,
    federated user), else the role, else the key itself. With ``fleet``, a fleet workload's
    (EC2, Lambda, ECS, EKS) actor is its role: one incident per role, whether or not the trail
    bound each key to an instance.

    >>> import polars as pl
    >>> df = pl.DataFrame({"workload_kind": ["ec2", None], "workload_id": ["i-0abc", None],
    ...     "principal_type": ["role", "iam_user"], "access_key_id": ["ASIA1", "AKIA2"],
    ...     "principal_arn": ["arn:aws:iam::1:role/app", "arn:aws:iam::1:user/bob"]})
    >>> df.select(actor_columns()).rows()
    [('ec2_instance', 'i-0abc'), ('iam_user', 'arn:aws:iam::1:user/bob')]
    >>> df.select(actor_columns(fleet=True)).rows()[0]
    ('role', 'arn:aws:iam::1:role/app')
    """
    workload = pl.col("workload_kind").replace_strict(
        _WORKLOAD_ACTORS, default=None, return_dtype=pl.String
    )
    person = pl.coalesce(pl.col("principal_type"), pl.lit("unknown"))
    principal = pl.coalesce("principal_arn", "access_key_id", pl.lit("unknown"))
    if fleet:
        as_fleet = workload.is_in(_FLEET_WORKLOADS).fill_null(False)
        workload = pl.when(as_fleet).then(pl.lit(None, dtype=pl.String)).otherwise(workload)
    kind = pl.coalesce(workload, person)
    actor_id = (
        pl.when(workload.is_not_null() & (workload != "ci_role"))
        .then(pl.coalesce("workload_id", principal))
        .otherwise(principal)
    )
    return [kind.alias("actor_kind"), actor_id.alias("actor_id")]


def cause_expr() -> pl.Expr:
    """The incident cause of each hit (needs ``family``, ``account_id``, ``access_key_id`` and
    ``event_id``): credential_misuse when the key (or, without a key, the event) has any misuse
    hit today; else the cause of the hit's own family."""
    own = pl.col("family").replace_strict(
        CAUSE_OF_FAMILY, default=BEHAVIOUR, return_dtype=pl.String
    )
    misuse = own == MISUSE
    holder = pl.coalesce("access_key_id", "event_id", pl.lit(""))
    key_misused = misuse.any().over("account_id", holder)
    return pl.when(key_misused).then(pl.lit(MISUSE)).otherwise(own).alias("cause")


def fold(
    hits: pl.LazyFrame,
    *,
    rule_titles: dict[str, str],
    promote_score: float = 0.9,
    min_severity: str = "low",
    max_reasons: int = 12,
    max_evidence: int = 20,
    origins: pl.LazyFrame | None = None,
    event_actors: pl.LazyFrame | None = None,
    operators: pl.LazyFrame | None = None,
    sittings: pl.LazyFrame | None = None,
    engine: Any = None,
) -> pl.LazyFrame:
    """HITS -> FINDINGS, one row per incident (actor and cause) over the whole input.

    ``score`` is the noisy-OR of the incident's distinct signals, each at its strongest hit:
    ``1 - prod(1 - w)``. Many events or keys repeating one signal therefore count once, and
    independent evidence compounds. ``severity`` is the highest severity among the hits, raised
    one level when the score reaches ``promote_score`` and at least two rule families each
    contributed a hit of medium or above (corroboration).

    ``reasons`` are the distinct sentences, strongest first, at most ``max_reasons`` (a last line
    says how many more there were); ``evidence`` keeps the strongest hit of each distinct signal,
    at most ``max_evidence``. ``event_ids``, ``source_ips``, ``user_agents`` and
    ``access_key_ids`` are complete. ``title`` is ``rule_titles``' entry for the leading
    ``rule/signal`` when there is one, else for the leading rule. A ``maturity`` column on the hits (the Scorer adds it) is
    carried to the finding: ``learning`` when any hit's actor is still learning. ``activity`` is
    ``create``; an :class:`~ueba.detect.incidents.IncidentStore` turns continuing incidents into
    ``update`` with their first ``finding_id``.

    ``origins`` (:func:`ueba.detect._chains.chain_origins`) names the actor of each chained
    session key: its hits fold into that person's incident. ``event_actors``
    (:func:`ueba.detect._chains.event_actors`) names the actor of events whose caller is not it:
    an Identity Center portal event joins its person's role sessions, a pod's token exchange
    its role. An actor named by an ARN (or another account's caller with no ARN,
    ``aws_account:<id>``) keeps its incident in its own account, wherever each call was logged; an Identity Center person's incident is the organisation's (:data:`ORG_ACTORS`) and shows its strongest hit's account.
    Once any hit of an actor is ``credential_misuse``, all its hits are. ``operators``
    (:func:`ueba.detect._operator_fleet.operator_sessions`) names the source principal of each
    cross-account role session: one source's same change in many accounts is one note.
    ``sittings`` (:func:`ueba.detect._outside_sitting.outside_sittings`, ``origins``' columns
    and ``day_only``) names the outside caller of role sessions one caller of another account opened
    in several accounts in one sitting: their hits are that caller's one incident.

    With ``engine`` (the Scorer's) the hits with their incidents, read by three aggregations,
    are collected once with it (the same rows as the cached subplan used without it). Without
    one, the hits with their incidents are still collected (``ENGINE``) before and after the
    vendor fold: it reads them seven times, and one lazy plan under the actor folds' caches
    repeated them for every read (13.7 s for nine hits against 0.3 before that fold; polars'
    cache optimiser also panicked on one arrangement of those caches; twenty-seventh session,
    at the merge of ``lows28``).
    """
    # why: the vendor fold reads the hits with their incidents seven times, and their plan
    # joins the day's chains, portal actors and sittings: collected once before it (a 1M-event
    # day's scoring 5.9 -> 10.3 s without), and once after it, before the actor folds' caches
    collect_engine: Any = engine if engine is not None else ENGINE
    h = incident_hits(hits, origins=origins, event_actors=event_actors, sittings=sittings)
    h = h.collect(engine=collect_engine).lazy()
    # why: a new vendor's role and its maker's writes are one onboarding (_vendor_maker)
    h = vendor_maker(h, low=_SEV_RANK["low"], misuse=MISUSE)
    h = h.collect(engine=collect_engine).lazy()
    # the actor folds: a role's new people, an office on a new network, a team's trip, an
    # operator's release, an account's load, each one note (_actor_folds: with an engine,
    # collected between them)
    h = fold_actors(h, operators=operators, misuse=MISUSE, change=CHANGE, engine=engine)
    incident = ["_home", *INCIDENT_KEY[1:]]
    # Ties (equal weight, same second) are broken by event id and text so that a finding does
    # not depend on the order the rules' hits arrive in (which the engine does not fix).
    order = ["_theft", "_aside", "weight", "event_time", "event_id", "reason"]
    desc = [True, False, True, False, False, False]
    # and a signal's evidence on the same event by its own text, last
    observed = [pl.col("evidence").struct.field(f) for f in ("observed", "baseline")]
    signals = h.group_by([*incident, "rule", "family", "signal"]).agg(
        pl.col("weight").max(),
        pl.col("sev_rank").max(),
        pl.col("evidence").sort_by([*order, *observed], descending=[*desc, False, False]).first(),
    )
    per_signal = signals.group_by(incident).agg(
        # the factors in a fixed order: a float product depends on it in its last bits
        (1.0 - (1.0 - pl.col("weight")).sort().product()).alias("score"),
        pl.col("sev_rank").max().alias("max_rank"),
        pl.col("rule").sort_by("weight", "rule", descending=[True, False]).first().alias("rule"),
        # the leading signal, for its own title where the rule has one (``signal_titles``)
        pl.format("{}/{}", "rule", "signal")
        .sort_by("weight", "rule", "signal", descending=[True, False, False])
        .first()
        .alias("_lead"),
        pl.col("rule").unique().sort().alias("rules"),
        pl.col("family")
        .filter(pl.col("sev_rank") >= _SEV_RANK["medium"])
        .n_unique()
        .alias("strong_families"),
        pl.col("evidence")
        .sort_by("weight", "rule", "signal", descending=[True, False, False])
        .head(max_evidence)
        .alias("evidence"),
    )
    reasons = (
        h.group_by([*incident, "reason"])
        .agg(pl.col("_theft").max(), pl.col("_note").fill_null(False).max(), pl.col("weight").max())
        .group_by(incident)
        .agg(
            pl.col("reason")  # a fold's note (_workload_load) leads its members' reasons
            .sort_by("_theft", "_note", "weight", "reason", descending=[True, True, True, False])
            .head(max_reasons)
            .alias("reasons"),
            pl.len().alias("_n_reasons"),
        )
        .with_columns(
            pl.when(pl.col("_n_reasons") > max_reasons)
            .then(
                pl.concat_list(
                    "reasons",
                    pl.format(
                        "... and {} more distinct reason(s)", pl.col("_n_reasons") - max_reasons
                    ),
                )
            )
            .otherwise("reasons")
            .alias("reasons")
        )
        .drop("_n_reasons")
    )
    context = h.group_by(incident).agg(
        pl.col("account_id").sort_by(order, descending=desc).first(),
        pl.col("principal_arn").sort_by(order, descending=desc).drop_nulls().first(),
        pl.col("principal_type").sort_by(order, descending=desc).drop_nulls().first(),
        pl.col("access_key_id").sort_by(order, descending=desc).drop_nulls().first(),
        pl.col("access_key_id").drop_nulls().unique().sort().alias("access_key_ids"),
        pl.col("workload_kind").sort_by(order, descending=desc).drop_nulls().first(),
        pl.col("workload_id").sort_by(order, descending=desc).drop_nulls().first(),
        pl.col("source_ip").drop_nulls().unique().sort().alias("source_ips"),
        pl.col("user_agent").drop_nulls().unique().sort().alias("user_agents"),
        pl.col("event_time").min().alias("first_seen"),
        pl.col("event_time").max().alias("last_seen"),
        pl.col("event_id").drop_nulls().unique().sort().alias("event_ids"),
        pl.when((pl.col("maturity") == "learning").any())
        .then(pl.lit("learning"))
        .otherwise(pl.col("maturity").drop_nulls().min())
        .alias("maturity"),
    )
    promote = (pl.col("score") >= promote_score) & (pl.col("strong_families") >= 2)
    top = len(SEVERITIES) - 1
    rank = (
        pl.when(promote)
        .then((pl.col("max_rank") + 1).clip(upper_bound=top))
        .otherwise(pl.col("max_rank"))
    )
    noun = pl.col("actor_kind").replace_strict(
        _ACTOR_NOUN, default=pl.col("actor_kind").str.replace_all("_", " "), return_dtype=pl.String
    )
    out = (
        per_signal.join(reasons, on=incident, how="left", nulls_equal=True)
        .join(context, on=incident, how="left", nulls_equal=True)
        .with_columns(rank.alias("rank"))
        .filter(pl.col("rank") >= _SEV_RANK[min_severity])
        .with_columns(
            pl.lit("create").alias("activity"),
            pl.col("rank")
            .replace_strict(dict(enumerate(SEVERITIES)), return_dtype=pl.String)
            .alias("severity"),
            pl.col("score").clip(0.0, 1.0).round(4),
            pl.col("event_ids").list.len().cast(pl.Int64).alias("event_count"),
            pl.format(
                "{}: {} {}",
                pl.col("_lead").replace_strict(
                    rule_titles,
                    default=pl.col("rule").replace_strict(
                        rule_titles, default=pl.col("rule"), return_dtype=pl.String
                    ),
                    return_dtype=pl.String,
                ),
                noun,
                pl.col("actor_id").str.split("/").list.last(),
            ).alias("title"),
            pl.col("first_seen").dt.date().alias("opened"),
        )
        .with_columns(
            finding_id_expr().alias("finding_id"),
            pl.col("evidence").cast(pl.List(EVIDENCE)),
        )
        .sort(["rank", "score", "first_seen", "finding_id"], descending=[True, True, False, False])
    )
    return conform(out, FINDINGS)


def incident_hits(
    hits: pl.LazyFrame,
    *,
    origins: pl.LazyFrame | None = None,
    event_actors: pl.LazyFrame | None = None,
    sittings: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """``hits`` (HITS) with their incident, as :func:`fold` reads them before its actor folds:
    ``sev_rank``, ``maturity``, ``cause``, ``actor_kind``, ``actor_id`` (``origins``,
    ``sittings``, the vendors, ``event_actors`` applied), the home ``account_id``, ``_home`` and
    ``_theft``."""
    sev_rank = pl.col("severity").replace_strict(_SEV_RANK, default=0, return_dtype=pl.Int64)
    have = hits.collect_schema()
    maturity = pl.col("maturity") if "maturity" in have else pl.lit(None, dtype=pl.String)
    h = hits.with_columns(
        sev_rank.alias("sev_rank"), maturity.alias("maturity"), cause_expr()
    ).with_columns(*actor_columns(fleet=True))
    if origins is not None:
        # why: a role assumed with a person's key (dev -> prod chains) is that person acting
        h = (
            h.join(origins, on="access_key_id", how="left")
            .with_columns(
                pl.coalesce("origin_kind", "actor_kind").alias("actor_kind"),
                pl.coalesce("origin_id", "actor_id").alias("actor_id"),
            )
            .drop("origin_kind", "origin_id")
        )
    if sittings is not None:
        # why: one outside engineer's sitting in several accounts is one incident (_outside_sitting)
        h = sitting_actors(h, sittings)
    # why: one outside account's role of one name in several accounts is one vendor (_vendor_accounts)
    h = vendor_accounts(h, misuse=MISUSE)
    if event_actors is not None:
        # why: a portal sign-in or credential fetch is the person whose role sessions it leads
        # to; a pod's token exchange is the role whose keys it mints
        h = (
            h.join(event_actors, on="event_id", how="left")
            .with_columns(
                pl.coalesce("_actor_kind", "actor_kind").alias("actor_kind"),
                pl.coalesce("_actor_id", "actor_id").alias("actor_id"),
            )
            .drop("_actor_kind", "_actor_id")
        )
    # why: a cross-account call is logged in both accounts; the actor's incident is one, in its
    # own account (the ARN's), not one per trail that recorded it. Another account's caller
    # with no ARN (``aws_account:<id>``, a request refused in the role's account) is at home in
    # that account too: its tries in four of the organisation's accounts are one incident
    home = pl.coalesce(
        pl.col("actor_id").str.extract(ARN_ACCOUNT, 1),
        pl.col("actor_id").str.extract(r"^aws_account:(\d{12})(?:/|$)", 1),
    )
    h = h.with_columns(pl.coalesce(home, pl.col("account_id")).alias("account_id"))
    h = h.with_columns(incident_home().alias("_home"))
    # why: one incident per actor once someone else holds its credential: the same day's other
    # hits (the thief's recon on another key, the fleet's notes) are read with the theft
    misused = (pl.col("cause") == MISUSE).any().over("_home", "actor_kind", "actor_id")
    h = h.with_columns(
        # why: the stolen key's hits lead the finding (its reasons, its workload), not the notes
        (pl.col("cause") == MISUSE).alias("_theft"),
        pl.when(misused).then(pl.lit(MISUSE)).otherwise("cause").alias("cause"),
    )
    return h


def incident_home() -> pl.Expr:
    """The account part of an incident's key (needs ``account_id`` and ``actor_kind``): the
    account, or ``""`` for an actor of the whole organisation (:data:`ORG_ACTORS`)."""
    org = pl.col("actor_kind").is_in(ORG_ACTORS).fill_null(False)
    return pl.when(org).then(pl.lit("")).otherwise(pl.col("account_id"))


def finding_id_expr() -> pl.Expr:
    """``uuid5(FINDING_NAMESPACE, "account|actor_kind|actor_id|cause|opened")`` per row (needs
    those columns, ``opened`` a date): the id of an incident for its whole life. The account is
    ``""`` for an actor of the whole organisation (:func:`incident_home`)."""
    parts = [pl.col(c).cast(pl.String) for c in ("actor_kind", "actor_id", "cause", "opened")]
    text = pl.concat_str([c.fill_null("") for c in (incident_home(), *parts)], separator="|")
    return text.map_batches(_uuid5, return_dtype=pl.String)


def _uuid5(texts: pl.Series) -> pl.Series:
    # one call per finding (not per event), and once per distinct text: findings are few
    uniques = texts.drop_nulls().unique().to_list()
    ids = {t: str(uuid.uuid5(FINDING_NAMESPACE, t)) for t in uniques}
    return texts.replace_strict(ids, default=None, return_dtype=pl.String)


def severity_at_least(findings: pl.LazyFrame, severity: str) -> pl.LazyFrame:
    """Findings whose severity is ``severity`` or above."""
    ok = [s for s in SEVERITIES if _SEV_RANK[s] >= _SEV_RANK[severity]]
    return findings.filter(pl.col("severity").is_in(ok))


__all__ = [
    "CAUSES",
    "CAUSE_OF_FAMILY",
    "FINDING_NAMESPACE",
    "INCIDENT_KEY",
    "ORG_ACTORS",
    "actor_columns",
    "cause_expr",
    "finding_id_expr",
    "fold",
    "incident_hits",
    "incident_home",
    "severity_at_least",
]
