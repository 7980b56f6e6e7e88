"""Seed 001's edge cases, cold start and calibration, from CloudTrail-shaped events.

Address changes the account's own trail explains raise nothing at low or above and name the
event; stolen instance credentials are medium or above on day one with no baseline; travel with
MFA and the usual client is at most low.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import (
    ConsoleRisk,
    CredentialIpLock,
    CredentialOutsideWorkload,
    DefenseEvasion,
)

KEY_A, KEY_B = "ASIAINSTANCEAAAAAAAA", "ASIAINSTANCEBBBBBBBB"
# another address in us-east-1's EC2 ranges, as an Elastic IP or a NAT gateway gives
EIP = {
    "source_ip_address": "3.225.16.109",
    "source_kind": "aws",
    "network_key": "3.224.0.0/12",
    "aws_service": "EC2",
    "ip_aws_region": "us-east-1",
}
OTHER_REGION = {
    **EIP,
    "source_ip_address": "18.236.253.47",
    "network_key": "18.236.0.0/15",
    "ip_aws_region": "us-west-2",
}
ADMIN = {
    "identity_type": "IAMUser",
    "principal_type": "iam_user",
    "access_key_id": "AKIAADMIN",
    "principal_arn": "arn:aws:iam::653711331788:user/ops",
    "event_source": "ec2.amazonaws.com",
}


def _inst(fx: Any, key: str, instance: str, **extra: Any) -> dict[str, Any]:
    return {**fx.role("app", instance, key, "ec2", instance), **fx.AWS_IP, **fx.BOTO, **extra}


def _lock(fx: Any, rows: list[dict[str, Any]], baseline: Any = None) -> pl.DataFrame:
    # a rule's hits have no row order (joins on the in-memory engine may reorder them; the
    # findings sort their evidence): order them so that assertions on lists are stable
    # no history: the view a scoring without one gives the rules (fx.no_history)
    view = baseline if baseline is not None else fx.no_history()
    return CredentialIpLock().evaluate(fx.day(rows), view).collect().sort("event_id", "signal")


def test_elastic_ip_moved_to_another_instance_explains_both_moves(fx: Any) -> None:
    # the EIP leaves instance A for instance B: the event names B only, yet A moves too
    rows = [
        _inst(fx, KEY_A, "i-0aaa"),
        _inst(fx, KEY_B, "i-0bbb"),
        {
            **ADMIN,
            **fx.AWS_IP,
            "event_name": "AssociateAddress",
            "request_parameters": '{"instanceId":"i-0bbb","allocationId":"eipalloc-1",'
            '"allowReassociation":true}',
        },
        _inst(fx, KEY_A, "i-0aaa", **{**EIP, "source_ip_address": "3.225.16.200"}),
        _inst(fx, KEY_B, "i-0bbb", **EIP),
    ]
    hits = _lock(fx, rows)
    assert hits.height == 2 and set(hits["severity"]) == {"info"}
    assert all("AssociateAddress (event ev-0002)" in r for r in hits["reason"])


def test_disassociate_address_explains_the_instance_falling_back_to_a_new_address(
    fx: Any,
) -> None:
    rows = [
        _inst(fx, KEY_A, "i-0aaa"),
        {
            **ADMIN,
            **fx.AWS_IP,
            "event_name": "DisassociateAddress",
            "request_parameters": '{"associationId":"eipassoc-1"}',
        },
        _inst(fx, KEY_A, "i-0aaa", **EIP),
    ]
    hits = _lock(fx, rows)
    assert hits["severity"].to_list() == ["info"]
    assert "DisassociateAddress (event ev-0001)" in hits["reason"][0]


def test_nat_gateway_created_explains_every_instance_moving_to_its_address(fx: Any) -> None:
    rows = [_inst(fx, KEY_A, "i-0aaa"), _inst(fx, KEY_B, "i-0bbb")]
    rows.append(
        {
            **ADMIN,
            **fx.AWS_IP,
            "event_name": "CreateNatGateway",
            "request_parameters": '{"subnetId":"subnet-1","allocationId":"eipalloc-2"}',
            "response_elements": '{"natGateway":{"natGatewayAddressSet":'
            '[{"publicIp":"3.225.16.109"}]}}',
        }
    )
    rows += [_inst(fx, KEY_A, "i-0aaa", **EIP), _inst(fx, KEY_B, "i-0bbb", **EIP)]
    hits = _lock(fx, rows)
    assert hits.height == 2 and set(hits["severity"]) == {"info"}
    assert all("CreateNatGateway (event ev-0002)" in r for r in hits["reason"])


def test_a_nat_gateway_on_another_address_does_not_explain_a_move(fx: Any) -> None:
    # stolen instance credentials replayed from another account's EC2 instance in the same
    # region, hours after a NAT gateway (and its Elastic IP) appeared at a different address
    rows = [
        _inst(fx, KEY_A, "i-0aaa"),
        {**ADMIN, **fx.AWS_IP, "event_name": "AllocateAddress"},
        {
            **ADMIN,
            **fx.AWS_IP,
            "event_name": "CreateNatGateway",
            "response_elements": '{"natGateway":{"natGatewayAddressSet":'
            '[{"publicIp":"3.225.16.1"}]}}',
        },
        _inst(fx, KEY_A, "i-0aaa", **EIP),
    ]
    hits = _lock(fx, rows)
    assert hits["severity"].to_list() == ["medium"]
    assert "explained" not in hits["reason"][0]


def test_an_address_allocated_but_never_associated_explains_nothing(fx: Any) -> None:
    rows = [
        _inst(fx, KEY_A, "i-0aaa"),
        {**ADMIN, **fx.AWS_IP, "event_name": "AllocateAddress"},
        _inst(fx, KEY_A, "i-0aaa", **EIP),
    ]
    assert _lock(fx, rows)["severity"].to_list() == ["medium"]


def test_stolen_instance_key_from_another_accounts_ec2_address_is_medium_on_day_one(
    fx: Any,
) -> None:
    # the attacker uses the key before the instance does: the instance's own network is
    # then the "new" one, and the pair is still at least medium with no baseline
    rows = [_inst(fx, KEY_A, "i-0aaa", **EIP), _inst(fx, KEY_A, "i-0aaa")]
    hits = _lock(fx, rows)
    assert hits.height >= 1 and set(hits["severity"]) <= {"medium", "high"}


def test_an_address_change_in_another_region_explains_nothing(fx: Any) -> None:
    rows = [
        _inst(fx, KEY_A, "i-0aaa"),
        {
            **ADMIN,
            **fx.AWS_IP,
            "event_name": "DisassociateAddress",
            "aws_region": "eu-west-1",
            "request_parameters": '{"associationId":"eipassoc-1"}',
        },
        _inst(fx, KEY_A, "i-0aaa", **OTHER_REGION),
    ]
    hits = _lock(fx, rows)
    assert hits["severity"].to_list() == ["medium"]
    assert "explained" not in hits["reason"][0]


def test_a_failed_associate_address_explains_nothing(fx: Any) -> None:
    rows = [
        _inst(fx, KEY_A, "i-0aaa"),
        {
            **ADMIN,
            **fx.AWS_IP,
            "event_name": "AssociateAddress",
            "error_code": "AccessDenied",
            "request_parameters": '{"instanceId":"i-0aaa"}',
        },
        _inst(fx, KEY_A, "i-0aaa", **EIP),
    ]
    assert _lock(fx, rows)["severity"].to_list() == ["medium"]


def test_stolen_instance_key_used_outside_aws_is_high_with_no_baseline(fx: Any) -> None:
    rows = [_inst(fx, KEY_A, "i-0aaa"), _inst(fx, KEY_A, "i-0aaa", **fx.ATTACKER_IP)]
    out = CredentialOutsideWorkload().evaluate(fx.day(rows), fx.no_history()).collect()
    assert out["severity"].to_list() == ["high"] and out["basis"].to_list() == ["self"]


def test_instance_key_used_from_two_places_at_once_is_high(fx: Any) -> None:
    # the instance goes on using its key from its own address after the other one appeared
    rows = [
        _inst(fx, KEY_A, "i-0aaa"),
        _inst(fx, KEY_A, "i-0aaa", **OTHER_REGION),
        _inst(fx, KEY_A, "i-0aaa"),
    ]
    hits = _lock(fx, rows)
    assert hits["signal"].to_list() == ["concurrent_networks"]
    assert hits["severity"].to_list() == ["high"]


def test_a_network_the_roles_other_instances_use_is_at_most_low(fx: Any) -> None:
    # new to instance A, known to the fleet: instance B used it first (2 of 5 instances: not
    # the whole fleet moving, which would be a deploy and info)
    rows = [_inst(fx, f"ASIAREST{i}", f"i-0c{i}") for i in range(3)]
    rows += [
        _inst(fx, KEY_B, "i-0bbb", **EIP),
        _inst(fx, KEY_A, "i-0aaa"),
        _inst(fx, KEY_A, "i-0aaa", **EIP),
    ]
    rows += [_inst(fx, f"ASIAREST{i}", f"i-0c{i}") for i in range(3)]  # still active
    hits = _lock(fx, rows)
    assert hits["severity"].to_list() == ["low"]
    assert "known to the fleet" in hits["reason"][0]


def test_foreign_vpc_endpoint_is_anothers_network(fx: Any) -> None:
    row = _inst(
        fx,
        KEY_A,
        "i-0aaa",
        source_ip_address="10.9.8.7",
        source_kind="vpc_endpoint",
        vpc_endpoint_id="vpce-0bad",
        vpc_endpoint_account_id="999988887777",
    )
    own = _inst(
        fx,
        KEY_A,
        "i-0aaa",
        source_ip_address="10.0.0.7",
        source_kind="vpc_endpoint",
        vpc_endpoint_id="vpce-0ok",
        vpc_endpoint_account_id="653711331788",
    )
    hits = CredentialOutsideWorkload().evaluate(fx.day([own, row]), fx.no_history()).collect()
    assert hits["signal"].to_list() == ["foreign_vpc_endpoint"]
    assert hits["severity"].to_list() == ["high"] and "999988887777" in hits["reason"][0]


def test_stop_logging_is_high_with_no_history_and_service_calls_are_not(fx: Any) -> None:
    trail = {
        "event_source": "cloudtrail.amazonaws.com",
        "event_name": "StopLogging",
        "request_parameters": '{"name":"org-trail"}',
    }
    rows = [
        {**ADMIN, **fx.ATTACKER_IP, **trail},
        {**ADMIN, **fx.ATTACKER_IP, **trail, "error_code": "AccessDenied"},
        {**ADMIN, **trail, "invoked_by": "cloudformation.amazonaws.com"},
        {
            **ADMIN,
            **fx.ATTACKER_IP,
            "event_source": "guardduty.amazonaws.com",
            "event_name": "UpdateDetector",
            "request_parameters": '{"enable":true}',
        },
    ]
    hits = DefenseEvasion().evaluate(fx.day(rows), fx.no_history()).collect().sort("event_id")
    assert hits["severity"].to_list() == ["high", "medium"]
    assert set(hits["basis"]) == {"self"} and "org-trail" in hits["reason"][0]


def _login(fx: Any, i: int, where: dict[str, Any], mfa: str, minutes: int) -> dict[str, Any]:
    return {
        "principal_arn": "arn:aws:iam::653711331788:user/ana",
        "principal_type": "iam_user",
        "identity_type": "IAMUser",
        "event_source": "signin.amazonaws.com",
        "event_name": "ConsoleLogin",
        "access_key_id": None,
        "ua_family": "firefox",
        "additional_event_data": f'{{"MFAUsed":"{mfa}"}}',
        "response_elements": '{"ConsoleLogin":"Success"}',
        "event_time": fx.T0 + __import__("datetime").timedelta(minutes=minutes),
        **where,
    }


def test_travel_with_mfa_and_the_usual_client_is_at_most_low(fx: Any) -> None:
    paris = {
        "source_ip_address": "81.2.69.142",
        "source_kind": "public",
        "country": "FR",
        "latitude": 48.85,
        "longitude": 2.35,
        "network_key": "AS3215",
        "asn": 3215,
    }
    tokyo = {
        "source_ip_address": "1.128.0.1",
        "source_kind": "public",
        "country": "JP",
        "latitude": 35.68,
        "longitude": 139.69,
        "network_key": "AS2516",
        "asn": 2516,
    }
    user = "arn:aws:iam::653711331788:user/ana"
    base = fx.view(
        [
            ("principal", user, "ua_family", "firefox"),
            ("principal", user, "country", "FR"),
            ("principal", user, "asn", "3215"),
        ],
        mature=[user],
    )
    mfa = [_login(fx, 0, paris, "Yes", 0), _login(fx, 1, tokyo, "Yes", 60)]
    hits = ConsoleRisk().evaluate(fx.day(mfa), base).collect()
    assert set(hits["severity"]) <= {"info", "low"} and "impossible_travel" in set(hits["signal"])
    no_mfa = [_login(fx, 0, paris, "No", 0), _login(fx, 1, tokyo, "No", 60)]
    hits = ConsoleRisk().evaluate(fx.day(no_mfa), base).collect()
    travel = hits.filter(pl.col("signal") == "impossible_travel")
    assert travel["severity"].to_list() == ["high"]


def test_vpc_endpoint_and_service_hostname_calls_never_break_the_lock(fx: Any) -> None:
    rows = [
        _inst(fx, KEY_A, "i-0aaa"),
        _inst(
            fx,
            KEY_A,
            "i-0aaa",
            source_ip_address="10.0.3.7",
            source_kind="vpc_endpoint",
            network_key="vpc_endpoint",
            vpc_endpoint_id="vpce-1",
        ),
        _inst(
            fx,
            KEY_A,
            "i-0aaa",
            source_ip_address="ec2.amazonaws.com",
            source_kind="aws_service",
            network_key="aws_service",
            invoked_by="ec2.amazonaws.com",
        ),
    ]
    assert _lock(fx, rows).is_empty()


def test_root_use_is_high_with_no_history(fx: Any) -> None:
    root = {
        "principal_arn": "arn:aws:iam::653711331788:root",
        "principal_type": "root",
        "identity_type": "Root",
        "access_key_id": "ASIAROOT",
        **fx.ATTACKER_IP,
        "event_source": "iam.amazonaws.com",
        "event_name": "CreateAccessKey",
    }
    hits = ConsoleRisk().evaluate(fx.day([root]), fx.no_history()).collect()
    assert hits.select("signal", "severity", "basis").rows() == [("root_use", "high", "self")]


def _minted(region: str) -> dict[str, Any]:
    """The instance profile's AssumeRole, made by EC2 in the instance's region (event ev-0000)."""
    return {
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "source_ip_address": "ec2.amazonaws.com",
        "source_kind": "aws_service",
        "identity_type": "AWSService",
        "principal_type": "aws_service",
        "invoked_by": "ec2.amazonaws.com",
        "aws_region": region,
        "access_key_id": None,
        "credential_kind": None,
    }


def test_an_instance_key_used_first_from_another_regions_ec2_range_is_medium(fx: Any) -> None:
    # the attacker replays the key from their own instance in us-west-2 before the instance's
    # next call, and restarts the instance, which then "explains" its own new address: the lock
    # would be the attacker's network; the region the key was minted in says otherwise
    minted = {"key_issuer_event_id": "ev-0000"}
    rows = [
        _minted("us-east-1"),
        _inst(fx, KEY_A, "i-0aaa", **OTHER_REGION, **minted),
        _inst(
            fx,
            KEY_A,
            "i-0aaa",
            **OTHER_REGION,
            **minted,
            event_name="StartInstances",
            request_parameters='{"instancesSet":{"items":[{"instanceId":"i-0aaa"}]}}',
        ),
        _inst(fx, KEY_A, "i-0aaa", **EIP, **minted),
    ]
    hits = _lock(fx, rows)
    away = hits.filter(pl.col("signal") == "other_region")
    assert away["event_id"].to_list() == ["ev-0001", "ev-0002"]
    assert set(away["severity"]) == {"medium"} and set(away["basis"]) == {"self"}
    assert "minted for it in us-east-1" in away["reason"][0]


def test_an_instance_key_used_in_the_region_it_was_minted_in_is_not_placed_elsewhere(
    fx: Any,
) -> None:
    minted = {"key_issuer_event_id": "ev-0000"}
    rows = [_minted("us-east-1"), _inst(fx, KEY_A, "i-0aaa", **minted)]
    assert _lock(fx, rows).is_empty()
    # a key whose minting the trail does not show keeps the first-network lock alone
    assert _lock(fx, [_inst(fx, KEY_A, "i-0aaa", **OTHER_REGION)]).is_empty()


def test_removing_the_organisations_detection_administrator_is_high_with_no_history(
    fx: Any,
) -> None:
    # the organisation's GuardDuty / Security Hub delegated administrator removed: every
    # account blinded at once; the same names on other services (Chime's DeleteMembers) and a
    # delegated administrator of StackSets deregistered are not evasion
    rows = [
        {
            **ADMIN,
            **fx.ATTACKER_IP,
            "event_source": "guardduty.amazonaws.com",
            "event_name": "DisableOrganizationAdminAccount",
            "request_parameters": '{"adminAccountId":"111122223333"}',
        },
        {
            **ADMIN,
            **fx.ATTACKER_IP,
            "event_source": "organizations.amazonaws.com",
            "event_name": "DeregisterDelegatedAdministrator",
            "request_parameters": '{"accountId":"111122223333",'
            '"servicePrincipal":"securityhub.amazonaws.com"}',
        },
        {
            **ADMIN,
            **fx.ATTACKER_IP,
            "event_source": "organizations.amazonaws.com",
            "event_name": "DeregisterDelegatedAdministrator",
            "request_parameters": '{"accountId":"111122223333",'
            '"servicePrincipal":"member.org.stacksets.cloudformation.amazonaws.com"}',
        },
        {
            **ADMIN,
            **fx.ATTACKER_IP,
            "event_source": "chime.amazonaws.com",
            "event_name": "DeleteMembers",
            "request_parameters": '{"accountId":"111122223333"}',
        },
    ]
    hits = DefenseEvasion().evaluate(fx.day(rows), fx.no_history()).collect().sort("event_name")
    assert hits["event_name"].to_list() == [
        "DeregisterDelegatedAdministrator",
        "DisableOrganizationAdminAccount",
    ]
    assert hits["severity"].to_list() == ["high", "high"]
    assert "securityhub.amazonaws.com" in hits["reason"][0]
    assert "111122223333" in hits["reason"][1]
