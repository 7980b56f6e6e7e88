"""A long-term key with no history, opened with GetCallerIdentity from a hosting provider and
then asking what it may do, is medium (``leaked_long_term_key``'s ``found_key_sized_up``;
sixteenth session, tuning on heldout26's A3: backdoor users' keys planted the day before, used
from Hetzner with a bare boto3). The opening alone, from an office line, without probes or by
Terraform stays the low ``gci_opener_outside_aws``."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import LeakedLongTermKey

ACCOUNT = "653711331788"
USER = f"arn:aws:iam::{ACCOUNT}:user/aws-support-sync"
KEY = "AKIABACKDOOR00000001"
HETZNER = {
    "source_ip_address": "88.198.40.192",
    "source_kind": "public",
    "network_key": "asn:24940",
    "asn": 24940,
    "as_org": "Hetzner Online GmbH",
    "country": "DE",
}
OFFICE = {**HETZNER, "network_key": "asn:5466", "asn": 5466, "as_org": "Eircom Limited"}
BOTO = {"user_agent": "Boto3/1.34.150 Python/3.11.9", "ua_family": "boto3", "ua_os_family": "linux"}
TERRAFORM = {"user_agent": "APN/1.0 HashiCorp/1.0 Terraform/1.9.5", "ua_family": "terraform"}
RECON = [
    ("sts.amazonaws.com", "GetCallerIdentity"),
    ("ec2.amazonaws.com", "DescribeRegions"),
    ("iam.amazonaws.com", "ListAttachedUserPolicies"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("rds.amazonaws.com", "DescribeDBInstances"),
]


def _day(fx: Any, calls: list[tuple[str, str]] = RECON, **where: Any) -> Any:
    rows = [
        {
            "identity_arn": USER,
            "principal_arn": USER,
            "principal_type": "iam_user",
            "identity_type": "IAMUser",
            "access_key_id": KEY,
            "credential_kind": "long_term_key",
            "event_source": source,
            "event_name": name,
            **HETZNER,
            **BOTO,
        }
        | where
        for source, name in calls
    ]
    return fx.build(rows)


def _signals(fx: Any, day: Any, view: Any = None) -> dict[str, list[str]]:
    # no history: the view a scoring without one gives the rules (fx.no_history)
    hits = LeakedLongTermKey().evaluate(day, view or fx.no_history()).collect()
    return {
        s: hits.filter(pl.col("signal") == s)["event_name"].to_list()
        for s in ("found_key_sized_up", "gci_opener_outside_aws")
    }


def _other_history(fx: Any) -> Any:
    # a baseline (so the warm path), which knows other users but not this one
    other = f"arn:aws:iam::{ACCOUNT}:user/deploy-ci"
    return fx.view([("principal", other, "network_key", "asn:5466")], mature=[other])


def test_a_key_with_no_history_sized_up_from_a_hosting_provider_is_medium(fx: Any) -> None:
    for view in (None, _other_history(fx)):
        hits = LeakedLongTermKey().evaluate(_day(fx), view).collect()
        sized = hits.filter(pl.col("signal") == "found_key_sized_up")
        # the opening and its probes, not the other calls
        assert sorted(sized["event_name"]) == [
            "GetCallerIdentity",
            "ListAttachedUserPolicies",
            "ListBuckets",
        ]
        assert set(sized["severity"]) == {"medium"} and set(sized["basis"]) == {"self"}
        assert (
            "Hetzner" in sized["reason"][0]
            and "ListAttachedUserPolicies, ListBuckets" in sized["reason"][0]
        )
        assert hits.filter(pl.col("signal") == "gci_opener_outside_aws").is_empty()


def test_an_office_line_no_probes_or_terraform_keep_the_low_opening(fx: Any) -> None:
    for day in (
        _day(fx, **OFFICE),
        _day(fx, RECON[:2] + RECON[4:]),
        _day(fx, **TERRAFORM),
    ):
        signals = _signals(fx, day)
        assert signals["found_key_sized_up"] == []
        assert signals["gci_opener_outside_aws"] == ["GetCallerIdentity"]


# twenty-first session, branch tune40, **tuning on heldout38** (its A1: an SES SMTP user's key,
# which never calls the API, leaked and used from a VPS)
SES_RECON = [
    ("sts.amazonaws.com", "GetCallerIdentity"),
    ("ses.amazonaws.com", "GetSendQuota"),
    ("ses.amazonaws.com", "GetAccount"),
    ("ses.amazonaws.com", "ListIdentities"),
]
SES_TAKEOVER = [
    ("ses.amazonaws.com", "PutAccountDetails"),
    ("ses.amazonaws.com", "VerifyEmailIdentity"),
]


def test_a_mail_keys_ses_quota_reads_are_probes_and_production_access_is_high(fx: Any) -> None:
    for view in (None, _other_history(fx)):
        sized = LeakedLongTermKey().evaluate(_day(fx, SES_RECON), view).collect()
        assert set(sized.filter(pl.col("signal") == "found_key_sized_up")["severity"]) == {"medium"}
        hits = LeakedLongTermKey().evaluate(_day(fx, SES_RECON + SES_TAKEOVER), view).collect()
        taken = hits.filter(pl.col("signal") == "found_key_sized_up")
        assert set(taken["severity"]) == {"high"}, taken.select("event_name", "severity")
        assert "PutAccountDetails, VerifyEmailIdentity" in taken["reason"][0]
        assert "PutAccountDetails" in taken["event_name"].to_list()


def test_ses_production_access_from_an_office_or_refused_is_not_high(fx: Any) -> None:
    # an office line: no found key, the opening stays the low one
    office = _signals(fx, _day(fx, SES_RECON + SES_TAKEOVER, **OFFICE))
    assert office["found_key_sized_up"] == []
    # refused by SES (the key may not): sized up, medium, not high
    rows = _day(fx, SES_RECON).collect().to_dicts()
    refused = [
        {**rows[-1], "event_name": name, "error_code": "AccessDenied"}
        for name in ("PutAccountDetails", "VerifyEmailIdentity")
    ]
    day = fx.build([*rows, *refused])
    hits = LeakedLongTermKey().evaluate(day, fx.no_history()).collect()
    assert set(hits.filter(pl.col("signal") == "found_key_sized_up")["severity"]) == {"medium"}
    # an API Gateway GetAccount is no SES probe: one IAM-less probe is not enough
    other = [SES_RECON[0], ("apigateway.amazonaws.com", "GetAccount"), SES_RECON[1]]
    assert _signals(fx, _day(fx, other))["found_key_sized_up"] == []
