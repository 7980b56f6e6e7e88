"""An SSH key added to a Transfer Family user is a credential for another identity
(``ImportSshPublicKey``; eighteenth session, branch ``tune27``, tuning on heldout30's A5: the
SFTP onboarding IAM user's key, stolen from a jump host, adds a key to a supplier's SFTP user
from a VPN). From a network nobody in the mature account used it is an access grant, **high**,
while the user is still learning (a script that runs on Wednesdays never matures); an
administrator adding the first key of an SFTP user it created today, from its usual network
and client, is that user's onboarding (info)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from ueba.detect.rules import SensitiveApi
from ueba.detect.rules._access_grants import is_access_grant

NETWORK = "653711331788"  # the fixtures' account
SCRIPT = f"arn:aws:iam::{NETWORK}:user/svc-sftp-admin"
ADMIN = f"arn:aws:sts::{NETWORK}:assumed-role/AWSReservedSSO_AdministratorAccess_b7db/fleur"
SERVER = "s-4f1a2b3c4d5e6f708"
TOWN_HALL = {
    "source_ip_address": "77.161.34.11",
    "source_kind": "public",
    "network_key": "asn:1136",
}
VPN = {"source_ip_address": "212.102.35.154", "source_kind": "public", "network_key": "asn:60068"}
PWSH = {"user_agent": "AWSPowerShell.Common/4.1.680.0", "ua_family": "powershell"}


def _call(
    name: str, request: dict[str, Any], where: dict[str, Any], who: str = SCRIPT
) -> dict[str, Any]:
    return {
        "identity_arn": who,
        "principal_arn": who,
        "identity_type": "IAMUser" if who == SCRIPT else "AssumedRole",
        "principal_type": "iam_user" if who == SCRIPT else "role",
        "credential_kind": "long_term_key" if who == SCRIPT else "session_key",
        "access_key_id": "AKIASFTPADMIN0000001" if who == SCRIPT else "ASIAADMINSESSION0001",
        "event_source": "transfer.amazonaws.com",
        "event_name": name,
        "request_parameters": json.dumps(request),
        **where,
        **PWSH,
    }


def _key(user: str, where: dict[str, Any], who: str = SCRIPT) -> dict[str, Any]:
    request = {"serverId": SERVER, "userName": user, "sshPublicKeyBody": "ssh-ed25519 AAAAC3Nz"}
    return _call("ImportSshPublicKey", request, where, who)


def _view(fx: Any, *, admin_known: bool = False) -> Any:
    # the account's people and scripts work from the town hall; the script itself is learning
    rows = [
        ("account", NETWORK, "network_key", "asn:1136"),
        ("account", NETWORK, "ua_family", "powershell"),
    ]
    if admin_known:
        rows += [
            ("principal", ADMIN, "network_key", "asn:1136"),
            ("principal", ADMIN, "ua_family", "powershell"),
            ("principal", ADMIN, "api", "transfer.amazonaws.com:ListUsers"),
        ]
    return fx.view(rows, mature=[ADMIN] if admin_known else [], mature_accounts=[NETWORK])


def _hits(fx: Any, rows: list[dict[str, Any]], view: Any) -> pl.DataFrame:
    hits = SensitiveApi().evaluate(fx.day(rows), view).collect()
    return hits.filter(pl.col("event_name") == "ImportSshPublicKey")


def test_an_ssh_key_for_another_user_from_a_place_the_account_never_used_is_high(
    fx: Any,
) -> None:
    recon = [
        _call("ListServers", {}, VPN),
        _call("ListUsers", {"serverId": SERVER}, VPN),
        _call("DescribeUser", {"serverId": SERVER, "userName": "suppl-belastingen"}, VPN),
    ]
    hits = _hits(fx, [*recon, _key("suppl-belastingen", VPN)], _view(fx))
    assert hits["severity"].to_list() == ["high"]
    assert hits["basis"].to_list() == ["self"]  # it counts while the script is learning
    assert "persistence" in hits["reason"][0]
    assert "network nobody in the account used" in hits["reason"][0]


def test_the_same_key_from_the_town_hall_is_no_grant_from_a_new_place(fx: Any) -> None:
    hits = _hits(fx, [_key("suppl-belastingen", TOWN_HALL)], _view(fx))
    assert "high" not in hits["severity"].to_list()


def test_an_admin_onboarding_an_sftp_user_it_created_today_is_housekeeping(fx: Any) -> None:
    create = _call(
        "CreateUser", {"serverId": SERVER, "userName": "suppl-parkeren"}, TOWN_HALL, ADMIN
    )
    rows = [create, _key("suppl-parkeren", TOWN_HALL, ADMIN)]
    hits = _hits(fx, rows, _view(fx, admin_known=True))
    assert hits["severity"].to_list() == ["info"]
    assert "provisioning user suppl-parkeren" in hits["reason"][0]
    # a key for a supplier's user that existed before today: the persistence call's medium
    alone = _hits(fx, [_key("suppl-belastingen", TOWN_HALL, ADMIN)], _view(fx, admin_known=True))
    assert alone["severity"].to_list() == ["medium"]


def test_an_ssh_key_names_a_transfer_user_never_the_caller() -> None:
    frame = pl.DataFrame(
        {
            "api_name": ["ImportSshPublicKey", "ImportSshPublicKey"],
            "request_parameters": [
                json.dumps({"serverId": SERVER, "userName": "suppl-belastingen"}),
                json.dumps({"serverId": SERVER, "userName": "suppl-belastingen"}),
            ],
            "principal": [SCRIPT, SCRIPT],
            "error_code": [None, "AccessDenied"],
        }
    )
    # a key added is a grant; a refused one is an attempt and keeps the call's own severity
    assert frame.select(is_access_grant()).to_series().to_list() == [True, False]
