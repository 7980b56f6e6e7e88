"""sensitive_api's ``rented_recon`` (nineteenth session, branch tune30, tuning on heldout32's
A8): a person's copied SSO token cache, used with their own aws-cli from a VPN exit they never
used, enumerating IAM, S3 and Secrets Manager over two hours, some calls refused, is medium
though no hour is a burst. The same reads from the person's own line, from a rented network
they used before, with nothing refused, two of them, or by a machine are not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.rules import SensitiveApi

ROLE = "arn:aws:iam::653711331788:role/AWSReservedSSO_Wrangler_0a1b2c3d4e5f6789"
HOME = {"source_ip_address": "70.52.14.9", "source_kind": "public", "network_key": "asn:577"}
VPN = {
    "source_ip_address": "2.57.29.140",
    "source_kind": "public",
    "network_key": "asn:9009",
    "as_org": "M247 Europe SRL",
}
HISTORY = [
    ("principal", ROLE, "api", "s3.amazonaws.com:ListObjectsV2"),
    ("principal", ROLE, "network_key", "asn:577"),
    ("principal", ROLE, "ua_family", "aws-cli"),
]
RECON = [
    ("iam.amazonaws.com", "ListRoles", None),
    ("iam.amazonaws.com", "ListUsers", "AccessDenied"),
    ("iam.amazonaws.com", "GetAccountAuthorizationDetails", "AccessDenied"),
    ("s3.amazonaws.com", "ListBuckets", None),
    ("secretsmanager.amazonaws.com", "ListSecrets", "AccessDenied"),
]


def _recon(
    fx: Any,
    where: dict[str, Any],
    recon: list[tuple[str, str, str | None]] = RECON,
    kind: str = "sso_user",
) -> list[dict[str, Any]]:
    """The person's usual listing from home, then ``recon`` from ``where``, one call in 20 min."""
    me = fx.role(
        "AWSReservedSSO_Wrangler_0a1b2c3d4e5f6789",
        "apoirier",
        "ASIAWRANGLER0000001",
        kind,
        "apoirier",
    )
    rows = [me | HOME | fx.MAC_CLI | {"event_name": "ListObjectsV2", "read_only": True}]
    for k, (source, api, error) in enumerate(recon):
        rows.append(
            me
            | where
            | fx.MAC_CLI
            | {
                "event_time": fx.T0 + dt.timedelta(minutes=20 * k + 5),
                "event_source": source,
                "event_name": api,
                "read_only": True,
                "error_code": error,
            }
        )
    return rows


def _hits(fx: Any, rows: list[dict[str, Any]], history: list[Any] = HISTORY) -> pl.DataFrame:
    hits = SensitiveApi().evaluate(fx.day(rows), fx.view(history, mature=[ROLE])).collect()
    return hits.filter(pl.col("signal") == "rented_recon")


def test_a_persons_enumeration_from_a_new_vpn_with_refusals_is_medium(fx: Any) -> None:
    hits = _hits(fx, _recon(fx, VPN))
    assert hits.height == len(RECON)
    assert set(hits["severity"]) == {"medium"}
    assert "one of 5 enumeration calls" in hits["reason"][0]
    assert "3 of its calls were refused" in hits["reason"][0]


def test_home_a_known_vpn_no_refusal_two_calls_or_a_machine_are_not_rented_recon(
    fx: Any,
) -> None:
    assert _hits(fx, _recon(fx, HOME)).is_empty()
    known = [*HISTORY, ("principal", ROLE, "network_key", "asn:9009")]
    assert _hits(fx, _recon(fx, VPN), known).is_empty()
    allowed: list[tuple[str, str, str | None]] = [(s, a, None) for s, a, _ in RECON]
    assert _hits(fx, _recon(fx, VPN, allowed)).is_empty()
    assert _hits(fx, _recon(fx, VPN, RECON[:2])).is_empty()
    assert _hits(fx, _recon(fx, VPN, kind="ec2")).is_empty()


def test_maturity_is_read_in_the_account_the_recon_is_made_in(fx: Any) -> None:
    """A person mature at home and newly seen in another account (a client's account that
    joined this week) is still judged at home: the maturity is per principal and account."""
    view = fx.view(HISTORY, mature=[ROLE])
    learning_elsewhere = (
        view.maturity.filter(pl.col("entity") == ROLE)
        .with_columns(
            account_id=pl.lit("210987654321"),
            days_observed=pl.lit(2, dtype=pl.Int64),
            cold_start=pl.lit(True),
            maturity=pl.lit("learning"),
        )
        .collect()
    )
    both = BaselineView.from_frames(
        profile=view.profile,
        maturity=pl.concat([view.maturity.collect(), learning_elsewhere]),
        volume_stats=view.volume_stats,
        as_of=view.as_of,
    )
    hits = SensitiveApi().evaluate(fx.day(_recon(fx, VPN)), both).collect()
    assert hits.filter(pl.col("signal") == "rented_recon").height == len(RECON)
    # learning in the account the calls are made in: silent
    home_learning = learning_elsewhere.with_columns(account_id=pl.lit("653711331788"))
    other_only = BaselineView.from_frames(
        profile=view.profile,
        maturity=home_learning,
        volume_stats=view.volume_stats,
        as_of=view.as_of,
    )
    hits = SensitiveApi().evaluate(fx.day(_recon(fx, VPN)), other_only).collect()
    assert hits.filter(pl.col("signal") == "rented_recon").is_empty()
