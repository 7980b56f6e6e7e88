"""sensitive_api's slow recon (issue 8; tuning on heldout20's A9, eighteenth session): one
instance of a mature role asking, one call every ~45 minutes with the role's own SDK, who the
account's users and roles are and which secrets exist, none of which the role ever asked, is
medium over the day though no hour is a burst. Two such calls, a person, a principal still
learning, or the same reads across the role's fleet (a deploy) are not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi

ROLE = "arn:aws:iam::653711331788:role/ediscovery-worker"
USUAL = ["s3.amazonaws.com:GetObject", "s3.amazonaws.com:PutObject"]
HISTORY = [("principal", ROLE, "api", a) for a in USUAL] + [
    ("principal", ROLE, "network_key", "34.224.0.0/12"),
    ("principal", ROLE, "ua_family", "boto3"),
]
RECON = [
    ("iam.amazonaws.com", "ListRoles"),
    ("iam.amazonaws.com", "ListUsers"),
    ("secretsmanager.amazonaws.com", "ListSecrets"),
    ("iam.amazonaws.com", "GetAccountAuthorizationDetails"),
]


def _day(fx: Any, recon: list[tuple[str, str]], instances: int = 5, **where: Any) -> list[Any]:
    """The fleet's usual work on ``instances`` instances, and ``recon`` from instance 2 at one
    call every 45 minutes."""
    rows = []
    for i in range(instances * 6):
        n = i % instances
        r = fx.role("ediscovery-worker", f"i-0{n}", f"ASIAFLEET{n:011d}", "ec2", f"i-0{n}")
        rows.append(
            r
            | fx.AWS_IP
            | fx.BOTO
            | {"event_time": fx.T0 - dt.timedelta(hours=20, minutes=-i), "event_name": "GetObject"}
        )
    for k, (source, api) in enumerate(recon):
        r = fx.role("ediscovery-worker", "i-02", f"ASIARECON{k:011d}", "ec2", "i-02")
        rows.append(
            r
            | fx.AWS_IP
            | fx.BOTO
            | {
                "event_time": fx.T0 - dt.timedelta(hours=12, minutes=-45 * k),
                "event_source": source,
                "event_name": api,
                "read_only": True,
            }
            | where
        )
    return rows


def _slow(fx: Any, rows: list[Any], mature: list[str] = [ROLE]) -> pl.DataFrame:  # noqa: B006
    hits = SensitiveApi().evaluate(fx.day(rows), fx.view(HISTORY, mature=mature)).collect()
    return hits.filter(pl.col("signal") == "slow_recon")


def test_one_instances_enumeration_over_the_day_is_medium(fx: Any) -> None:
    hits = _slow(fx, _day(fx, RECON))
    assert hits.height == len(RECON)
    assert set(hits["severity"]) == {"medium"}
    assert all("slow recon" in r for r in hits["reason"])


def test_two_calls_a_learning_role_or_a_person_are_not_slow_recon(fx: Any) -> None:
    assert _slow(fx, _day(fx, RECON[:2])).is_empty()
    assert _slow(fx, _day(fx, RECON), mature=[]).is_empty()
    person = {"workload_kind": "sso_user", "workload_id": "maria"}
    assert _slow(fx, _day(fx, RECON, **person)).is_empty()


def test_the_same_reads_across_the_fleet_are_a_deploy_not_slow_recon(fx: Any) -> None:
    rows = _day(fx, [])
    for n in range(5):
        for k, (source, api) in enumerate(RECON):
            r = fx.role("ediscovery-worker", f"i-0{n}", f"ASIAFLEET{n:011d}", "ec2", f"i-0{n}")
            rows.append(
                r
                | fx.AWS_IP
                | fx.BOTO
                | {
                    "event_time": fx.T0 - dt.timedelta(hours=10, minutes=-(10 * k + n)),
                    "event_source": source,
                    "event_name": api,
                    "read_only": True,
                }
            )
    assert _slow(fx, rows).is_empty()
