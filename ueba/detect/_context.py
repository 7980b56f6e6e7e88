"""A fitted model's opinion judged in the principal's context, before the fold.

The API-rarity model says a principal's day used an unusual mix of calls. That is novelty: the
calls that make a day dangerous are ``sensitive_api``'s to grade (at their own severity), and a
rare mix from a person's usual network and client is a quarterly access review, an on-call
night, a first migration: work, at most **low** (docs/rules.md, "What each severity promises").
The opinion keeps its medium only when the same principal shows a new *context* that day:
``first_seen`` raised a place or client facet (network, country, client, OS) at low or above,
which it does only when nothing vouches for it (no MFA sign-in or identity provider from
there) or a second novelty corroborates it. With another corroborated novelty that day (a
``first_seen`` hit of low or above on a call or region) it is low; with none, the rare day is
the same observation as ``first_seen``'s uncorroborated new calls, counted once: info ("one
novelty is context; low needs corroboration"). This is how GuardDuty's anomaly findings read:
an unusual API is a finding when it comes "from an unusual ASN / user agent", not alone.

Machine workloads (EC2, ECS, Lambda, EKS pods, CI pipelines) are not lowered: their code fixes their calls,
so one instance's rare day is a popped box, not exploration. One exception (fifteenth session,
``tune22``, tuned on heldout24's B3): a workload's rare day whose new calls are only the
onboarding of one more user of a family it administers (``CreateUser``, ``TagUser``,
``AddUserToGroup``, ``CreateAccessKey``), with ``sensitive_api`` calling that onboarding the
workload's own (:mod:`ueba.detect.rules._team_onboarding`: its history reads those users, the
user is named like the account's others, from its usual environment and client) and no new
place or client that day, is **low**: the day's novelty is that onboarding, already judged.

A second (nineteenth session, ``tune32``, **tuning on heldout33's B1**, a new ground-station
region deployed by the mission-planner workflow): a CI/CD pipeline's (``PIPELINE_KINDS``) rare
day whose new calls (``first_seen``'s ``new_api`` hits that day, every one of them) only create
or start infrastructure outside IAM (``DEPLOY_CALL``: ``Create*``, ``Run*``, ``Tag*`` of any
service but IAM, STS and Organizations), with no new place or client that day, is **low**: a
pipeline's code is its repository's, and a merge that adds a service or a region creates its
resources with the pipeline's own runners and client. A grant, a policy, an IAM change, a read
or a recon call among the new calls, or a new network or client, keeps the model's severity;
the calls that are dangerous by themselves are ``sensitive_api``'s to grade.
When ``first_seen`` raises no new call that day (the pipeline made each of them in its window:
a region stood up last month, deployed again), the rare day's own list of calls new against its
closest learnt day is read instead, whole (twenty-third session, ``tune48``, **tuning on
heldout33's B1** on seed 3): every one a deploy's create is the same day the pipeline has had,
plus creates it has made before; a list cut short ("(+N more)"), any call but such a create, or
an empty list keeps the model's severity.

A third (twenty-first session, ``tune37``, **tuning on heldout35's B11**, the booking VPC's NAT
gateway replaced with an engineer's Terraform): a person's rare day whose only new context is an
infrastructure-as-code tool (``first_seen``'s new client family one of ``IAC_CLIENTS``,
Terraform or Pulumi, and the OS it runs on), from a place the person already works from (no new
network or country at low or above that nothing vouches for), and whose every new call
(``first_seen``'s ``new_api`` hits that day) is the plumbing of a public address the trail itself
names (``ADDRESS_PLUMBING``: NAT gateways, Elastic IPs, routes and route tables), is **low**: the
engineer's change explains the address change, and the tool's client is the change, not a
stranger's. A call outside that plumbing (an IAM change, a read of data, recon), another new
client, or a new place keeps the model's severity. The same holds for a CI/CD pipeline
(``PIPELINE_KINDS``; twenty-second session, ``tune43``, **tuning on heldout31's B10**, the deploy
role's Terraform apply replacing a zone's NAT gateway from the usual GitHub runners): a pipeline
whose repository declares the network runs Terraform as the change, and Terraform's new client
is then the only new context; every other machine workload keeps the model's severity.

A volume spike judged in the same context (:func:`volume_in_context`): a person's hour far above
their own busiest is low alone (a deadline, a first bulk download), but the same burst on a day
a place nothing vouches for appeared (``first_seen``'s new network or country at low or above,
which it raises only with no MFA sign-in or identity provider from there, or with a second
novelty) is **medium**: a stolen long-term key draining data in bulk from the thief's network
(GuardDuty's ``Exfiltration:S3/AnomalousBehavior``: an entity reading objects "in a way that is
anomalous" for it, volume and place together). Only for people (IAM users, root, federated and
Identity Center users, people in shared roles): not machine workloads (the credential rules
judge a workload key away from its workload), nor a role's crowd of identities (a Cognito pool's
players on a launch day come from new countries and triple its hours), nor a fleet's scale-out.

Joins the day's hits with themselves (a few hundred rows), never the day's events.
"""

from __future__ import annotations

import polars as pl

from ueba.detect.rules._base import MACHINE_KINDS, PERSON_WORKLOADS
from ueba.detect.rules._sensitive_calls import IAC_CLIENTS
from ueba.detect.rules._team_onboarding import ONBOARDING_CALLS, WORKLOAD_ONBOARDING
from ueba.detect.rules.first_seen import VOUCHED
from ueba.enrichment._pipelines import PIPELINE_KINDS
from ueba.schema import SEVERITY_RANK

# first_seen's place and client signals (the FACETS "location" and "client" of rules._corroborate)
CONTEXT_SIGNALS = ("new_network_key", "new_country", "new_ua_family", "new_ua_os_family")
# principal types that are people (a role is one only through PERSON_WORKLOADS)
PERSON_TYPES = ("iam_user", "root", "federated_user", "saml_user", "identity_center_user")
# first_seen's place signals (its FACET "location")
PLACE_SIGNALS = ("new_network_key", "new_country")
_RANK = SEVERITY_RANK
# a new call that only creates or starts infrastructure (the service is not IAM, STS or
# Organizations): ``<event_source>:<name>`` as first_seen's ``new_api`` observes it
DEPLOY_CALL = r"^[a-z0-9-]+\.amazonaws\.com:(?:Create|Run|Tag)[A-Za-z0-9]*$"
NOT_DEPLOY_SOURCE = r"^(?:iam|sts|organizations)\."
# the same in the rare day's own list (``iam:CreateRole``: short service names, _api_text)
DEPLOY_CALL_SHORT = r"^[a-z0-9-]+:(?:Create|Run|Tag)[A-Za-z0-9]*$"
NOT_DEPLOY_SHORT = r"^(?:iam|sts|organizations):"
# why (twenty-fourth session, branch bind25, tuning on heldout14's B3 once enrichment names GitLab
# jobs pipelines): what an infrastructure-as-code apply reads back or tags of the IAM role and
# policy it has just made (Terraform's aws_iam_role: CreateRole, then GetRole, TagRole,
# ListRolePolicies, ListAttachedRolePolicies; the inline policy's GetRolePolicy)
IAM_READ_BACK = (
    r"^iam:(?:Get|List|Tag)(?:Role|RolePolicy|RolePolicies|AttachedRolePolicies|Policy"
    r"|PolicyVersion)$"
)
# sensitive_api's note on a call it read as a CI/CD pipeline's deploy (rules/_sensitive_hits.py)
PIPELINE_NOTE = "; a CI/CD pipeline's"
# a new call that only moves a network's public address (the change the trail itself explains:
# docs/rules.md, info, "Elastic IP / ENI / NAT moves"): NAT gateways, Elastic IPs, routes
ADDRESS_PLUMBING = (
    r"^ec2\.amazonaws\.com:(?:(?:Create|Delete|Describe)NatGateways?"
    r"|(?:Allocate|Release|Associate|Disassociate)Address|DescribeAddresses"
    r"|(?:Create|Replace|Delete)Route|(?:Create|Delete|Describe)RouteTables?"
    r"|(?:Associate|Disassociate)RouteTable|ReplaceRouteTableAssociation)$"
)


def model_context_applies(hits: pl.DataFrame) -> bool:
    """Whether :func:`model_in_context` can change any of ``hits`` (HITS, collected): it judges
    a model's hits (family ``model``) only, and returns any other hits as they are (the same
    rows, columns and types), so a scoring without one skips it (benchmarks/README.md, "CI
    time", twenty-seventh session)."""
    return hits.filter(pl.col("family") == "model").height > 0


def volume_context_applies(hits: pl.DataFrame) -> bool:
    """Whether :func:`volume_in_context` can change any of ``hits`` (HITS, collected): it raises
    a ``volume_spike`` hit only beside a ``first_seen`` place; without both it returns the hits
    as they are, so a scoring skips it (twenty-seventh session)."""
    place = (pl.col("rule") == "first_seen") & pl.col("signal").is_in(PLACE_SIGNALS)
    rules = hits.select(
        (pl.col("rule") == "volume_spike").any().alias("volume"), place.any().alias("place")
    )
    return bool(rules.row(0) == (True, True))


def model_in_context(hits: pl.LazyFrame) -> pl.LazyFrame:
    """``hits`` with each fitted model's hit (family ``model``) kept when its principal has a
    ``first_seen`` place or client hit of low or above the same day, else lowered to low when it
    has another ``first_seen`` hit of low or above, else to info.

    >>> import datetime as dt
    >>> t = dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC)
    >>> hits = pl.LazyFrame({"rule": ["rarity", "rarity", "first_seen", "rarity", "first_seen"],
    ...     "family": ["model", "model", "novelty", "model", "novelty"],
    ...     "signal": ["rare_api_set"] * 2 + ["new_country", "rare_api_set", "new_region"],
    ...     "severity": ["medium", "medium", "low", "medium", "low"], "account_id": ["1"] * 5,
    ...     "principal_arn": ["alice", "bob", "bob", "carol", "carol"], "event_time": [t] * 5,
    ...     "workload_kind": pl.Series([None] * 5, dtype=pl.String),
    ...     "reason": [""] * 5,
    ...     "evidence": [{"observed": "", "baseline": "not in 30-day profile of the principal"}] * 5})
    >>> model_in_context(hits).collect()["severity"].to_list()
    ['info', 'medium', 'low', 'low', 'low']
    """
    if "event_name" not in hits.collect_schema().names():
        hits = hits.with_columns(event_name=pl.lit(None, dtype=pl.String))
    rank = pl.col("severity").replace_strict(_RANK, default=0, return_dtype=pl.Int64)
    day = pl.col("event_time").dt.date().alias("_day")
    # per principal and day: 2 = a new place or client, 1 = another corroborated novelty
    # why: a new network (no new country) the principal signed in from with a second factor is
    # no new context, even when the rare day's own calls made it low (two facets): they would
    # count twice, the calls vouching for the place and the place for the calls (a quarterly
    # access review on a day the office's line failed over to a mobile carrier)
    vouched = (pl.col("signal") == "new_network_key") & pl.col("evidence").struct.field(
        "baseline"
    ).str.ends_with(VOUCHED).fill_null(False)
    observed = pl.col("evidence").struct.field("observed")
    unvouched = pl.col("signal").is_in(CONTEXT_SIGNALS) & ~vouched
    iac = (pl.col("signal") == "new_ua_family") & observed.is_in(list(IAC_CLIENTS))
    context = (
        hits.filter((pl.col("rule") == "first_seen") & (rank >= _RANK["low"]))
        .group_by("account_id", "principal_arn", day)
        .agg(
            pl.when(unvouched.any()).then(pl.lit(2)).otherwise(pl.lit(1)).alias("_context"),
            # the new context is only an IaC tool (its client and the OS it runs on)
            (
                iac.any()
                & (unvouched & ~iac & (pl.col("signal") != "new_ua_os_family")).not_().all()
            ).alias("_iac_only"),
        )
    )
    level = pl.col("_context").fill_null(0)
    cap = pl.when(level == 1).then(pl.lit("low")).otherwise(pl.lit("info"))
    # a machine workload's calls are fixed by its code: one instance's rare day is no person's
    # exploration, and keeps the model's severity (a fleet-wide change is the fleet view's)
    machine = pl.col("workload_kind").is_in(MACHINE_KINDS).fill_null(False)
    lowered = (pl.col("family") == "model") & (level < 2) & ~machine
    # why: a workload's rare day made only of its own onboarding of a user (module docstring)
    onboarding = (
        hits.filter(
            (pl.col("rule") == "sensitive_api")
            & pl.col("reason").str.contains(WORKLOAD_ONBOARDING, literal=True).fill_null(False)
        )
        .select("account_id", "principal_arn", day, _onboarded=pl.lit(True))
        .unique()
    )
    new_calls = pl.col("evidence").struct.field("observed").str.extract(r"new: (.*)$", 1)
    calls = "|".join(ONBOARDING_CALLS)
    only_onboarding = (
        new_calls.str.split(", ")
        .list.eval(pl.element().str.contains(rf"^iam:(?:{calls})$").fill_null(False))
        .list.all()
        .fill_null(False)
    )
    own_onboarding = (
        (pl.col("family") == "model")
        & machine
        & (level < 2)
        & pl.col("_onboarded").fill_null(False)
        & only_onboarding
        & (rank > _RANK["low"])
    )
    # why: a pipeline's rare day whose every new call is a deploy's create (module docstring)
    deploys = (
        hits.filter((pl.col("rule") == "first_seen") & (pl.col("signal") == "new_api"))
        .group_by("account_id", "principal_arn", day)
        .agg(
            (observed.str.contains(DEPLOY_CALL) & ~observed.str.contains(NOT_DEPLOY_SOURCE))
            .fill_null(False)
            .all()
            .alias("_deploy"),
            observed.str.contains(ADDRESS_PLUMBING).fill_null(False).all().alias("_plumbing"),
            observed.str.replace(r"\.amazonaws\.com:", ":").alias("_new_apis"),
        )
    )
    # why: the IAM calls sensitive_api itself read as the pipeline's deploy that day (its CI
    # session or runner, usual network and client, naming no outsider, a web-identity trust
    # checking the subject: at most low), as ``iam:<name>``
    vetted = (
        hits.filter(
            (pl.col("rule") == "sensitive_api")
            & (rank <= _RANK["low"])
            & pl.col("reason").str.contains(PIPELINE_NOTE, literal=True).fill_null(False)
        )
        .group_by("account_id", "principal_arn", day)
        .agg(("iam:" + pl.col("event_name")).unique().alias("_vetted"))
    )
    # why: with no call new for the role (it made each of them in its window), the rare day's
    # own list of calls new against its closest day, whole (no "(+N more)"), every one a
    # deploy's create (twenty-third session, ``tune48``, **tuning on heldout33's B1** seed 3):
    # a day the pipeline has had, plus creates it has made before
    own_list = new_calls.str.split(", ")
    own_deploy = (
        new_calls.is_not_null()
        & (new_calls != "")
        & ~new_calls.str.contains(r"\(\+\d+ more\)").fill_null(True)
        & own_list.list.eval(
            pl.element().str.contains(DEPLOY_CALL_SHORT)
            & ~pl.element().str.contains(NOT_DEPLOY_SHORT)
        )
        .list.all()
        .fill_null(False)
    )
    pipeline_deploy = (
        (pl.col("family") == "model")
        & pl.col("workload_kind").is_in(PIPELINE_KINDS).fill_null(False)
        & (level < 2)
        & pl.when(pl.col("_deploy").is_null())
        .then(own_deploy)
        .otherwise(pl.col("_deploy"))
        .fill_null(False)
        & (rank > _RANK["low"])
    )
    # why (twenty-fourth session, bind25, tuning on heldout14's B3): a pipeline's rare day whose
    # new calls (for the role, else against its closest day) are each a deploy's create, an IAM
    # call sensitive_api read as this pipeline's deploy that day, or the apply's read-back of
    # the role it made, is that deploy: judged once, by the reading that vetted its request
    new_list = pl.when(pl.col("_new_apis").is_null()).then(own_list).otherwise(pl.col("_new_apis"))
    unvetted = new_list.list.set_difference(
        pl.col("_vetted").fill_null(pl.lit([], pl.List(pl.String)))
    )
    vetted_deploy = (
        (pl.col("family") == "model")
        & pl.col("workload_kind").is_in(PIPELINE_KINDS).fill_null(False)
        & (level < 2)
        & (rank > _RANK["low"])
        & pl.col("_vetted").is_not_null()
        & (pl.col("_new_apis").is_not_null() | (new_calls.is_not_null() & (new_calls != "")))
        & (
            pl.col("_new_apis").is_not_null()
            | ~new_calls.str.contains(r"\(\+\d+ more\)").fill_null(True)
        )
        & unvetted.list.eval(
            (
                pl.element().str.contains(DEPLOY_CALL_SHORT)
                & ~pl.element().str.contains(NOT_DEPLOY_SHORT)
            )
            | pl.element().str.contains(IAM_READ_BACK)
        )
        .list.all()
        .fill_null(False)
    )
    # why: a person's or a pipeline's NAT or address change with an IaC tool from their own
    # place (docstring); any other machine workload keeps the model's severity
    pipeline = pl.col("workload_kind").is_in(PIPELINE_KINDS).fill_null(False)
    iac_change = (
        (pl.col("family") == "model")
        & (~machine | pipeline)
        & (level == 2)
        & pl.col("_iac_only").fill_null(False)
        & pl.col("_plumbing").fill_null(False)
        & (rank > _RANK["low"])
    )
    return (
        hits.with_columns(day)
        .join(
            context, on=["account_id", "principal_arn", "_day"], how="left", maintain_order="left"
        )
        .join(
            deploys, on=["account_id", "principal_arn", "_day"], how="left", maintain_order="left"
        )
        .join(
            onboarding,
            on=["account_id", "principal_arn", "_day"],
            how="left",
            maintain_order="left",
        )
        .join(vetted, on=["account_id", "principal_arn", "_day"], how="left", maintain_order="left")
        .with_columns(
            pl.when(lowered & (rank > pl.when(level == 1).then(_RANK["low"]).otherwise(0)))
            .then(cap)
            .when(own_onboarding | pipeline_deploy | iac_change | vetted_deploy)
            .then(pl.lit("low"))
            .otherwise(pl.col("severity"))
            .alias("severity")
        )
        .drop(
            "_day",
            "_context",
            "_iac_only",
            "_onboarded",
            "_deploy",
            "_plumbing",
            "_new_apis",
            "_vetted",
        )
    )


def volume_in_context(hits: pl.LazyFrame, *, severity: str = "medium") -> pl.LazyFrame:
    """``hits`` with each low ``volume_spike`` hit of a person (not a machine workload) raised
    to ``severity`` when the same principal's ``first_seen`` raised a new place (network or
    country) at low or above that day, at or before the end of the spike's hour; its reason
    names the place.

    >>> import datetime as dt
    >>> t = dt.datetime(2025, 3, 3, 7, 5, tzinfo=dt.UTC)
    >>> ev = {"rule": "first_seen", "signal": "new_network_key", "baseline": "", "observed": "asn:1"}
    >>> hits = pl.LazyFrame({"rule": ["volume_spike", "first_seen", "volume_spike"],
    ...     "signal": ["volume_spike", "new_network_key", "volume_spike"],
    ...     "severity": ["low", "low", "low"], "account_id": ["1"] * 3,
    ...     "principal_arn": ["lena", "lena", "omar"], "event_time": [t] * 3,
    ...     "principal_type": ["iam_user"] * 3,
    ...     "workload_kind": pl.Series([None] * 3, dtype=pl.String),
    ...     "reason": ["917 calls", "network asn:1 new", "300 calls"],
    ...     "evidence": [ev] * 3})
    >>> volume_in_context(hits).collect()["severity"].to_list()
    ['medium', 'low', 'low']
    """
    rank = pl.col("severity").replace_strict(_RANK, default=0, return_dtype=pl.Int64)
    day = pl.col("event_time").dt.date().alias("_day")
    places = (
        hits.filter(
            (pl.col("rule") == "first_seen")
            & pl.col("signal").is_in(PLACE_SIGNALS)
            & (rank >= _RANK["low"])
        )
        .group_by("account_id", "principal_arn", day)
        .agg(
            pl.col("event_time").min().alias("_place_at"),
            # ties in the same second broken by the place's own text, not the hits' order
            pl.col("evidence")
            .struct.field("observed")
            .sort_by(pl.col("event_time"), pl.col("evidence").struct.field("observed"))
            .first()
            .alias("_place"),
        )
    )
    # a person: an IAM user, root, a federated or Identity Center user, or a person in a shared
    # role (PERSON_WORKLOADS); a role's crowd (a Cognito pool's players on a launch day) is not
    person = pl.col("principal_type").is_in(PERSON_TYPES).fill_null(False) | pl.col(
        "workload_kind"
    ).is_in(PERSON_WORKLOADS).fill_null(False)
    machine = pl.col("workload_kind").is_in(MACHINE_KINDS).fill_null(False)
    hour_end = pl.col("event_time").dt.truncate("1h") + pl.duration(hours=1)
    raised = (
        (pl.col("rule") == "volume_spike")
        & (pl.col("severity") == "low")
        & person
        & ~machine
        & (pl.col("_place_at") < hour_end).fill_null(False)
    )
    return (
        hits.with_columns(day)
        .join(places, on=["account_id", "principal_arn", "_day"], how="left")
        .with_columns(
            pl.when(raised).then(pl.lit(severity)).otherwise(pl.col("severity")).alias("severity"),
            pl.when(raised)
            .then(
                pl.format(
                    "{}; on the day a place nothing vouches for appeared ({}, first at {}): "
                    "a burst with the key used from an unvouched network",
                    pl.col("reason"),
                    pl.col("_place"),
                    pl.col("_place_at").dt.strftime("%H:%MZ"),
                )
            )
            .otherwise(pl.col("reason"))
            .alias("reason"),
        )
        .drop("_day", "_place_at", "_place")
    )


__all__ = [
    "ADDRESS_PLUMBING",
    "CONTEXT_SIGNALS",
    "MACHINE_KINDS",
    "PLACE_SIGNALS",
    "model_context_applies",
    "model_in_context",
    "volume_context_applies",
    "volume_in_context",
]
