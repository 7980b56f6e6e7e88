"""Role chains: a session key minted by another key belongs to the actor who holds the first.

A person's key (an IAM user's access key, an SSO session, a CI role's web-identity session)
that calls ``AssumeRole`` gets a new session key, which may assume another role in turn (dev ->
prod, the "role chaining" of the IAM User Guide). Every key of the chain is the same person at
the keyboard: Amazon Detective's role-session view and CloudTrail's ``sourceIdentity`` follow
the chain to its origin for the same reason. Identity enrichment records each minted key's
parent (``parent_access_key_id``, from the minting event's own key); this module walks those
links to the first key of the chain and names that key's actor, so that
:func:`ueba.detect._grouping.fold` gives one incident per actor and cause instead of one per
role the actor passed through (and per account the cross-account call was logged in).

Chains that start at a fleet workload (an EC2 instance, a Lambda function...) are left to the
workload rules: the role a function assumes is the function's business, judged per role.

The same holds one step before the first key for IAM Identity Center: a person signs in to the
access portal and fetches role credentials there (``signin``/``sso``/``sso-oauth`` events in the
Identity Center account, ``userIdentity`` of type ``IdentityCenterUser``, or ``Unknown`` in older
trails, with ``onBehalfOf.userId``), then works in an ``AWSReservedSSO_<set>_<hex>`` role session
of each account, whose session name is their Identity Center user name.
:func:`identity_center_people` names the person of each portal event by that user name, so the
portal and every account's session are one actor.

A mobile or web app's devices (an Amazon Cognito identity pool's identities, another OIDC
provider's users) each exchange their own token for the app's role
(``AssumeRoleWithWebIdentity``, caller ``web_identity:<provider>:<identity>``): one caller per
device, all of one role. When several identities exchange into a role on one day from the
networks devices sit on, they are that role's fleet (:func:`device_exchanges`), as a role's EC2
instances are: a route opened to a new country is one change of the role, not one per tablet.
An exchange from a rented network (a VPS, an anonymiser) is no device of the fleet and keeps its
own identity as actor.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._grouping import actor_columns
from ueba.detect._hosting import rented_expr

# Actors a chain is folded into: people and pipelines (actor kinds of _grouping.actor_columns).
ORIGIN_ACTORS = ("iam_user", "root", "federated_user", "sso_user", "saml_user", "ci_role")
# userIdentity types of portal events: IdentityCenterUser today; Unknown (with onBehalfOf and
# userName) in trails written before AWS introduced that type.
PORTAL_PRINCIPALS = ("identity_center_user", "unknown")
# Hops followed from a key to the first key of its chain (AWS caps a chained role session at
# one hour; real chains are two or three roles deep).
MAX_HOPS = 5
# why: a role that two people's test apps exchange into is no fleet; a pool's app on a crew's or
# a city's devices has tens to thousands of identities a day. Three distinct identities from
# unrented networks on one day make a fleet of devices (heldout35's six tablets on a new route)
FLEET_IDENTITIES = 3


def chain_origins(events: pl.LazyFrame) -> pl.LazyFrame:
    """(access_key_id, origin_kind, origin_id): for each session key minted by another key in
    ``events`` (ENRICHED, with ``parent_access_key_id``), the actor holding the chain's first
    key, when that actor is a person or a pipeline (:data:`ORIGIN_ACTORS`).

    Reads only the rows whose key has a parent, then the first keys' own rows: a few per chain.

    >>> import polars as pl
    >>> ev = pl.LazyFrame({
    ...     "access_key_id": ["AKIAUSER", "ASIADEV", "ASIAPROD"],
    ...     "parent_access_key_id": [None, "AKIAUSER", "ASIADEV"],
    ...     "principal_type": ["iam_user", "role", "role"],
    ...     "principal_arn": ["arn:aws:iam::1:user/qa", "arn:aws:iam::1:role/dev",
    ...                       "arn:aws:iam::2:role/prod"],
    ...     "workload_kind": [None, None, None], "workload_id": [None, None, None],
    ...     "event_time": [1, 2, 3], "event_id": ["e1", "e2", "e3"]},
    ...     schema_overrides={"workload_kind": pl.String, "workload_id": pl.String})
    >>> chain_origins(ev).sort("access_key_id").collect().rows()
    [('ASIADEV', 'iam_user', 'arn:aws:iam::1:user/qa'), ('ASIAPROD', 'iam_user', 'arn:aws:iam::1:user/qa')]
    """
    key, parent = pl.col("access_key_id"), pl.col("parent_access_key_id")
    links = (
        events.filter(key.is_not_null() & parent.is_not_null() & (key != parent))
        .group_by("access_key_id")
        .agg(parent.min().alias("_parent"))  # one parent per key, whatever the row order
    )
    up = links.select(pl.col("access_key_id").alias("_root"), pl.col("_parent").alias("_up"))
    roots = links.select("access_key_id", pl.col("_parent").alias("_root"))
    for _ in range(MAX_HOPS):
        roots = (
            roots.join(up, on="_root", how="left")
            .with_columns(pl.coalesce("_up", "_root").alias("_root"))
            .drop("_up")
        )
    first_keys = roots.select(pl.col("_root").alias("access_key_id")).unique()
    order = ["event_time", "event_id"]
    origin = (
        events.join(first_keys, on="access_key_id", how="semi")
        .group_by("access_key_id")
        .agg(
            pl.col(c).sort_by(order).drop_nulls().first()
            for c in ("principal_type", "principal_arn", "workload_kind", "workload_id")
        )
        .with_columns(actor_columns())
        .filter(pl.col("actor_kind").is_in(ORIGIN_ACTORS))
        .select(
            pl.col("access_key_id").alias("_root"),
            pl.col("actor_kind").alias("origin_kind"),
            pl.col("actor_id").alias("origin_id"),
        )
    )
    return roots.join(origin, on="_root", how="inner").select(
        "access_key_id", "origin_kind", "origin_id"
    )


def identity_center_people(events: pl.LazyFrame) -> pl.LazyFrame:
    """(event_id, _person): the Identity Center user name of each portal event in ``events``
    (ENRICHED), the name its ``AWSReservedSSO_*`` role sessions carry as session name.

    The name is the event's own ``userIdentity.userName`` (older trails), else the ``UserName``
    that sign-in events write in ``additionalEventData``, else the name any other event of the
    same ``onBehalfOf.userId`` carries in ``events`` (an ``IdentityCenterUser`` identity names
    only the user ID). A user ID no event names stays the person's key: their portal events are
    then one actor, apart from their role sessions.

    >>> import polars as pl
    >>> ev = pl.LazyFrame({
    ...     "event_id": ["e1", "e2", "e3"], "event_time": [1, 2, 3],
    ...     "principal_type": ["identity_center_user"] * 3,
    ...     "on_behalf_of_user_id": ["u-1", "u-1", "u-2"],
    ...     "identity_user_name": [None, None, None],
    ...     "additional_event_data": ['{"UserName":"j.doe"}', None, None]},
    ...     schema_overrides={"identity_user_name": pl.String})
    >>> identity_center_people(ev).sort("event_id").collect().rows()
    [('e1', 'j.doe'), ('e2', 'j.doe'), ('e3', 'u-2')]
    """
    user_id = pl.col("on_behalf_of_user_id")
    named = pl.coalesce(
        pl.col("identity_user_name"),
        pl.col("additional_event_data").str.json_path_match("$.UserName"),
    )
    with_user = events.filter(user_id.is_not_null()).select(
        "event_id", "event_time", "principal_type", user_id, named.alias("_named")
    )
    names = (
        with_user.filter(pl.col("_named").is_not_null())
        .group_by("on_behalf_of_user_id")
        # one name per user, whatever the row order (a renamed user keeps the first of the day)
        .agg(pl.col("_named").sort_by("event_time", "_named").first().alias("_known"))
    )
    return (
        with_user.filter(pl.col("principal_type").is_in(PORTAL_PRINCIPALS))
        .join(names, on="on_behalf_of_user_id", how="left")
        .select(
            "event_id",
            pl.coalesce("_named", "_known", "on_behalf_of_user_id").alias("_person"),
        )
        .unique("event_id", keep="first")
    )


def device_exchanges(events: pl.LazyFrame) -> pl.LazyFrame:
    """(event_id, _role): the web-identity exchanges of ``events`` (ENRICHED) made by a role's
    fleet of devices: ``AssumeRoleWithWebIdentity`` by a web identity no workload is bound to
    (not a pod, not a CI job), from a network that is not rented (:func:`rented_expr`), into a
    role that at least :data:`FLEET_IDENTITIES` distinct identities exchanged into that way in
    ``events``.

    >>> import polars as pl
    >>> ev = pl.LazyFrame({
    ...     "event_id": ["e1", "e2", "e3", "e4"],
    ...     "event_name": ["AssumeRoleWithWebIdentity"] * 4,
    ...     "principal_type": ["web_identity_user"] * 4,
    ...     "principal_arn": ["web_identity:pool:a", "web_identity:pool:b",
    ...                       "web_identity:pool:c", "web_identity:pool:d"],
    ...     "workload_kind": [None] * 4,
    ...     "request_parameters": ['{"roleArn":"arn:aws:iam::1:role/app"}'] * 4,
    ...     "source_kind": ["public"] * 4,
    ...     "as_org": ["Claro S.A.", "TIM S/A", "Claro S.A.", "DigitalOcean, LLC"],
    ...     "ip_is_hosting": [None] * 4, "ip_is_anonymous": [None] * 4},
    ...     schema_overrides={"workload_kind": pl.String, "ip_is_hosting": pl.Boolean,
    ...                       "ip_is_anonymous": pl.Boolean})
    >>> device_exchanges(ev).sort("event_id").collect().rows()
    [('e1', 'arn:aws:iam::1:role/app'), ('e2', 'arn:aws:iam::1:role/app'), ('e3', 'arn:aws:iam::1:role/app')]
    """
    role = pl.col("request_parameters").str.json_path_match("$.roleArn")
    devices = (
        events.filter(
            (pl.col("event_name") == "AssumeRoleWithWebIdentity")
            & (pl.col("principal_type") == "web_identity_user")
            & pl.col("workload_kind").is_null()
        )
        .filter(~rented_expr())
        .select("event_id", "principal_arn", role.alias("_role"))
        .filter(pl.col("_role").is_not_null())
    )
    fleets = (
        devices.group_by("_role")
        .agg(pl.col("principal_arn").n_unique().alias("_identities"))
        .filter(pl.col("_identities") >= FLEET_IDENTITIES)
    )
    return devices.join(fleets, on="_role", how="semi").select("event_id", "_role")


def event_actors(events: pl.LazyFrame) -> pl.LazyFrame:
    """(event_id, _actor_kind, _actor_id): events of ``events`` (ENRICHED) whose actor is not
    their caller's identity but who it leads to. An Identity Center portal event is its person's
    (:func:`identity_center_people`); an EKS service-account token exchanged for a role
    (``AssumeRoleWithWebIdentity`` from a pod, caller ``web_identity:<issuer>``) is that role's,
    the fleet actor of the keys it mints (:func:`ueba.detect._grouping.actor_columns`); so is a
    device's token exchanged for its app's role, when the role's devices are a fleet
    (:func:`device_exchanges`)."""
    people = identity_center_people(events).select(
        "event_id", pl.lit("sso_user").alias("_actor_kind"), pl.col("_person").alias("_actor_id")
    )
    exchanges = events.filter(
        (pl.col("event_name") == "AssumeRoleWithWebIdentity")
        & (pl.col("workload_kind") == "eks_pod")
        & (pl.col("principal_type") != "role")
    ).select(
        "event_id",
        pl.lit("role").alias("_actor_kind"),
        pl.col("request_parameters").str.json_path_match("$.roleArn").alias("_actor_id"),
    )
    devices = device_exchanges(events).select(
        "event_id", pl.lit("role").alias("_actor_kind"), pl.col("_role").alias("_actor_id")
    )
    both = pl.concat([people, exchanges.filter(pl.col("_actor_id").is_not_null()), devices])
    return both.unique("event_id", keep="first")


__all__ = [
    "FLEET_IDENTITIES",
    "MAX_HOPS",
    "ORIGIN_ACTORS",
    "PORTAL_PRINCIPALS",
    "chain_origins",
    "device_exchanges",
    "event_actors",
    "identity_center_people",
]
