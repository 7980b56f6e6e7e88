"""The client a user installs to rotate their own access key (issue 8, fourth held-out suite's B6).

AWS's procedure for rotating a long-term key ("Rotating access keys", IAM User Guide) is run
with the AWS CLI or the console: ``aws iam list-access-keys``, ``aws iam create-access-key``,
the new key put into the application, the old key made ``Inactive``, later deleted. A partner
or a service whose integration calls with an SDK has no CLI in its history, so the day shows a
new client, new IAM calls and a new key at once: three novelties, which counted apart make the
routine a low finding. They are one observation when the trail explains them together:

- the user created a key *for themselves* (``CreateAccessKey`` with no ``userName`` or their
  own), successfully;
- the new client made nothing but that self-service (listing, creating, deactivating or
  deleting the user's own keys, reading their last use or the user itself), every call from a
  network in the user's history;
- the new key was then used, and only from a network *and* with a client in the user's
  history: the integration's own SDK on its own network took it up.

That client is then the rotation's tool (:func:`rotation_tools`), not a second novelty:
``sensitive_api`` grades the rotation and the key listing as with the usual client (info), and
``first_seen`` counts an hour whose every new value came from the tool as one observation.
What it costs: an attacker at the user's own network who installs a tool only to mint a second
key for the user, and then lets the user's own integration use it from the user's network,
gains nothing from it; a new key used anywhere else, a key for another user, or any other call
by the new client keeps every severity.
"""

from __future__ import annotations

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules._base import rows_among
from ueba.detect.rules._key_rotation import _field, _own_name

# what a user does to rotate their own key (and nothing else)
SELF_SERVICE = (
    "ListAccessKeys",
    "CreateAccessKey",
    "UpdateAccessKey",
    "DeleteAccessKey",
    "GetAccessKeyLastUsed",
    "GetUser",
)


def rotation_tools(base: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
    """(``principal``, ``ua_family``, ``_rotation_tool``): each IAM user's client that, today in
    ``base`` (featured rows), rotated the user's own key and did nothing else (module
    docstring). Reads the day's ``CreateAccessKey`` rows, the new keys' rows and the user's rows
    with that client: a few per rotation."""
    target = _field("request_parameters", "userName")
    own = (target.is_null() | (target == _own_name())).fill_null(False)
    creations = (
        base.filter(
            (pl.col("event_name") == "CreateAccessKey")
            & (pl.col("principal_type") == "iam_user")
            & pl.col("error_code").is_null()
        )
        # the two regular expressions on those few rows only (a column computed first is a
        # barrier polars' predicate pushdown does not cross: merged into the filter above, they
        # would run on every row of the day)
        .with_columns(own.alias("_own"))
        .filter(pl.col("_own"))
        .select(
            "principal",
            "ua_family",
            _field("response_elements", "accessKeyId").alias("_new_key"),
        )
        .drop_nulls(["_new_key", "ua_family"])
        .unique()
    )
    places = (
        baseline.known("principal", "network_key")
        .select(pl.col("entity").alias("principal"), pl.col("value").alias("network_key"))
        .unique()
        .with_columns(_place=pl.lit(True))
    )
    clients = (
        baseline.known("principal", "ua_family")
        .select(pl.col("entity").alias("_p"), pl.col("value").alias("_client"))
        .unique()
        .with_columns(_client_known=pl.lit(True))
    )
    # the new key's calls: each from a network and with a client of the user's history
    taken_up = (
        rows_among(
            base,
            creations.select(pl.col("_new_key").alias("access_key_id")),
            ["access_key_id"],
            baseline,
        )
        .join(places, on=["principal", "network_key"], how="left")
        .join(
            clients,
            left_on=["principal", "ua_family"],
            right_on=["_p", "_client"],
            how="left",
        )
        .group_by(pl.col("access_key_id").alias("_new_key"))
        .agg(
            (pl.col("_place").fill_null(False) & pl.col("_client_known").fill_null(False))
            .all()
            .alias("_home")
        )
        .filter("_home")
    )
    # every call of the user with the creating client today: self-service, from home
    tool_rows = rows_among(
        base,
        creations.select("principal", "ua_family").unique(),
        ["principal", "ua_family"],
        baseline,
    )
    confined = (
        tool_rows.join(places, on=["principal", "network_key"], how="left")
        .group_by("principal", "ua_family")
        .agg(
            (
                pl.col("event_name").is_in(list(SELF_SERVICE))
                & own
                & pl.col("_place").fill_null(False)
            )
            .all()
            .alias("_confined")
        )
        .filter("_confined")
    )
    return (
        creations.join(taken_up, on="_new_key", how="semi")
        .join(confined, on=["principal", "ua_family"], how="semi")
        .select("principal", "ua_family", _rotation_tool=pl.lit(True))
        .unique()
    )


__all__ = ["SELF_SERVICE", "rotation_tools"]
