"""A person's read-only sweep (issue 8, "severity means something"): many new Describe/List
calls in new regions, from the person's usual network and client, with no write and no data
read, is context (info), not two corroborating novelties."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import FirstSeen

ACCOUNT = "653711331788"
USER = "arn:aws:iam::653711331788:user/frida"
ROLE = "arn:aws:iam::653711331788:role/indexer"
HOME = {
    "source_ip_address": "73.22.1.9",
    "source_kind": "public",
    "network_key": "asn:7922",
    "asn": 7922,
    "country": "DE",
}
ABROAD = {
    "source_ip_address": "198.51.100.7",
    "source_kind": "public",
    "network_key": "asn:64500",
    "asn": 64500,
    "country": "FR",
}


def _history(principal: str) -> list[tuple[str, str, str, str]]:
    rows = [
        ("network_key", "asn:7922"),
        ("country", "DE"),
        ("ua_family", "aws-cli"),
        ("ua_os_family", "macos"),
        ("api", "ec2.amazonaws.com:DescribeInstances"),
        ("region", "eu-central-1"),
    ]
    return [("principal", principal, d, v) for d, v in rows] + [
        ("account", ACCOUNT, d, v) for d, v in rows
    ]


def _call(fx: Any, source: str, name: str, region: str, **extra: Any) -> dict[str, Any]:
    return {
        "principal_arn": USER,
        "principal_type": "iam_user",
        "identity_type": "IAMUser",
        "access_key_id": "AKIAFRIDA",
        "credential_kind": "long_term_key",
        "event_source": source,
        "event_name": name,
        "read_only": True,
        "aws_region": region,
        **HOME,
        **fx.MAC_CLI,
        **extra,
    }


def _sweep(fx: Any, **extra: Any) -> list[dict[str, Any]]:
    calls = [
        ("iam.amazonaws.com", "ListUsers"),
        ("iam.amazonaws.com", "ListAccessKeys"),
        ("s3.amazonaws.com", "GetBucketPolicy"),
        ("logs.amazonaws.com", "DescribeLogGroups"),
    ]
    return [
        _call(fx, source, name, region, **extra)
        for region in ("eu-north-1", "us-east-1")
        for source, name in calls
    ]


def _severities(fx: Any, rows: list[dict[str, Any]], principal: str = USER) -> set[str]:
    base = fx.view(_history(principal), mature=[principal])
    hits = FirstSeen().evaluate(fx.day(rows), base).collect()
    return set(hits.filter(pl.col("signal").is_in(["new_api", "new_region"]))["severity"])


def test_a_persons_read_sweep_across_regions_from_the_usual_desk_is_context(fx: Any) -> None:
    assert _severities(fx, _sweep(fx)) == {"info"}


def test_the_same_sweep_with_a_new_write_in_the_hour_stays_low(fx: Any) -> None:
    write = _call(fx, "iam.amazonaws.com", "CreateAccessKey", "us-east-1", read_only=False)
    assert _severities(fx, [*_sweep(fx), write]) == {"low"}


def test_a_new_secret_read_in_the_sweep_keeps_it_low(fx: Any) -> None:
    secret = _call(fx, "secretsmanager.amazonaws.com", "GetSecretValue", "eu-north-1")
    assert _severities(fx, [*_sweep(fx), secret]) == {"low"}


def test_the_same_sweep_from_a_new_network_stays_low(fx: Any) -> None:
    assert "low" in _severities(fx, _sweep(fx, **ABROAD))


def test_the_same_sweep_by_a_machine_workload_stays_low(fx: Any) -> None:
    # a workload's code decides its calls: new reads in new regions are a changed program
    workload = {
        **fx.role("indexer", "i-0abc", "ASIAINDEXER000000001", "ec2", "i-0abc"),
        "principal_type": "role",
        "identity_type": "AssumedRole",
        "credential_kind": "session_key",
    }
    rows = [{**r, **workload} for r in _sweep(fx)]
    assert _severities(fx, rows, principal=ROLE) == {"low"}


# -- the same sweep with a new tool (issue 8, fourth held-out suite's benign side) -------------

BOTO_SCRIPT = {
    "user_agent": "Boto3/1.38.27 md/Botocore#1.38.27 os/windows#11 cost-sweeper/0.4.2",
    "ua_family": "boto3",
    "ua_os_family": "windows",
}


def _wide(fx: Any, **extra: Any) -> list[dict[str, Any]]:
    """The sweep over three regions new for the person (an inventory script iterates them)."""
    more = [{**r, "aws_region": "ap-southeast-2"} for r in _sweep(fx, **extra)[:4]]
    return [*_sweep(fx, **extra), *more]


def _by_signal(fx: Any, rows: list[dict[str, Any]], principal: str = USER) -> dict[str, set[str]]:
    return _signal_severities(_first_seen(fx, rows, principal))


def _first_seen(fx: Any, rows: list[dict[str, Any]], principal: str = USER) -> pl.DataFrame:
    base = fx.view(_history(principal), mature=[principal])
    return FirstSeen().evaluate(fx.day(rows), base).collect()


def _signal_severities(hits: pl.DataFrame) -> dict[str, set[str]]:
    return {
        s: set(hits.filter(pl.col("signal") == s)["severity"])
        for s in hits["signal"].unique().to_list()
    }


def test_a_new_script_sweeping_metadata_from_the_usual_desk_is_context(fx: Any) -> None:
    # a cost sweep: new client, new Describe calls in new regions, from the usual network. The
    # client is the tool that made the reads, not a second novelty: one read sweep, context
    hits = _first_seen(fx, _wide(fx, **BOTO_SCRIPT))  # once: severities and reasons
    got = _signal_severities(hits)
    assert got["new_api"] == {"info"} and got["new_region"] == {"info"}
    assert got["new_ua_family"] == {"info"} and got["new_ua_os_family"] == {"info"}
    assert all("the new client that made them" in r for r in hits["reason"])


def test_a_new_client_reading_in_fewer_regions_or_from_kali_is_no_sweep(fx: Any) -> None:
    # two new regions are a few calls, not an inventory; an attack distribution is no tool of
    # the person's (GuardDuty's PenTest:IAMUser/KaliLinux)
    assert _by_signal(fx, _sweep(fx, **BOTO_SCRIPT))["new_ua_family"] == {"low"}
    kali = {**BOTO_SCRIPT, "ua_distro": "kali", "user_agent": "Boto3/1.38 Linux/6.5.0-kali3"}
    assert _by_signal(fx, _wide(fx, **kali))["new_ua_family"] == {"low"}


def test_a_new_script_from_a_new_network_keeps_the_client_low(fx: Any) -> None:
    got = _by_signal(fx, _wide(fx, **BOTO_SCRIPT, **ABROAD))
    assert got["new_ua_family"] == {"low"} and got["new_api"] == {"low"}


def test_a_new_script_that_reads_a_secret_or_writes_keeps_the_client_low(fx: Any) -> None:
    secret = _call(fx, "secretsmanager.amazonaws.com", "GetSecretValue", "eu-north-1")
    write = _call(fx, "iam.amazonaws.com", "CreateAccessKey", "us-east-1", read_only=False)
    for extra in (secret, write):
        rows = [*_wide(fx, **BOTO_SCRIPT), {**extra, **BOTO_SCRIPT}]
        got = _by_signal(fx, rows)
        assert got["new_ua_family"] == {"low"} and got["new_api"] == {"low"}, extra["event_name"]


def test_a_new_client_on_a_machine_workload_is_no_sweep(fx: Any) -> None:
    workload = {
        **fx.role("indexer", "i-0abc", "ASIAINDEXER000000001", "ec2", "i-0abc"),
        "principal_type": "role",
        "identity_type": "AssumedRole",
        "credential_kind": "session_key",
    }
    rows = [{**r, **workload, **BOTO_SCRIPT} for r in _wide(fx)]
    assert _by_signal(fx, rows, principal=ROLE)["new_ua_family"] == {"low"}
