"""credential_outside_workload and credential_ip_lock: positive and negative fixtures."""

from __future__ import annotations

from typing import Any

from ueba.detect.rules import CredentialIpLock, CredentialOutsideWorkload

KEY = "ASIAZQNB3KHGNXWXBSJS"


def _hits(rule: Any, frame: Any, baseline: Any = None) -> Any:
    return rule.evaluate(frame, baseline).collect()


def test_ecs_key_used_from_non_aws_ip_is_outside_aws(fx: Any) -> None:
    r = fx.role("level3", "d190", KEY, "ecs", "d190")
    hits = _hits(
        CredentialOutsideWorkload(),
        fx.build([{**r, **fx.ATTACKER_IP, **fx.MAC_CLI, "event_name": "ListBuckets"}]),
    )
    assert set(hits["signal"]) == {"outside_aws", "desktop_client"}
    reasons = " ".join(hits["reason"])
    assert "104.102.221.250" in reasons and "macOS" in reasons and "outside AWS" in reasons


def test_workload_key_from_aws_address_is_not_outside_aws(fx: Any) -> None:
    r = fx.role("level1", "level1", KEY, "lambda", "level1")
    assert _hits(CredentialOutsideWorkload(), fx.build([{**r, **fx.AWS_IP, **fx.BOTO}])).is_empty()


def test_vpc_endpoint_private_ip_is_not_outside_aws(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    row = {
        **r,
        **fx.BOTO,
        "source_ip_address": "10.0.3.7",
        "source_kind": "vpc_endpoint",
        "vpc_endpoint_id": "vpce-123",
    }
    assert _hits(CredentialOutsideWorkload(), fx.build([row])).is_empty()


def test_service_hostname_invoked_by_and_aws_internal_are_not_outside_aws(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    rows = [
        {
            **r,
            "source_ip_address": "ec2.amazonaws.com",
            "source_kind": "aws_service",
            "invoked_by": "ec2.amazonaws.com",
        },
        {**r, "source_ip_address": "AWS Internal", "source_kind": "aws_internal"},
        # a public address, but AWS made the call for the role (invokedBy)
        {**r, **fx.ATTACKER_IP, "invoked_by": "athena.amazonaws.com"},
    ]
    assert _hits(CredentialOutsideWorkload(), fx.build(rows)).is_empty()


def test_elastic_ip_named_by_associate_address_is_the_accounts_own(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    byoip = {
        "source_ip_address": "198.51.100.20",
        "source_kind": "public",
        "network_key": "AS64500",
    }
    rows = [
        {
            **fx.role("admin", "ops", "ASIAOPS", None, None),
            **fx.AWS_IP,
            "event_source": "ec2.amazonaws.com",
            "event_name": "AssociateAddress",
            "request_parameters": '{"instanceId":"i-0abc","publicIp":"198.51.100.20"}',
        },
        {**r, **byoip, **fx.BOTO},
    ]
    hits = _hits(CredentialOutsideWorkload(), fx.build(rows))
    # nothing at low or above; the info hit names the event that explains the address
    assert hits["severity"].to_list() == ["info"]
    assert "AssociateAddress (event ev-0000)" in hits["reason"][0]


def test_desktop_client_on_a_workload_key_fires_even_from_sanitised_ips(fx: Any) -> None:
    # OTRF: every source IP is 1.2.3.4, yet a Darwin aws-cli on an EC2 key is out of place
    r = fx.role(
        "BankingWAFRole",
        "i-0317f6c6b66ae9c40",
        "ASIA5FLZVX4OPVKKVBMX",
        "ec2",
        "i-0317f6c6b66ae9c40",
    )
    row = {
        **r,
        **fx.MAC_CLI,
        "source_ip_address": "1.2.3.4",
        "source_kind": "aws",
        "network_key": "1.2.3.0/24",
    }
    hits = _hits(CredentialOutsideWorkload(), fx.build([row]))
    assert hits["signal"].to_list() == ["desktop_client"]
    assert "i-0317f6c6b66ae9c40" in hits["reason"][0]


def test_windows_on_ec2_weighs_less_than_macos(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    win = {**fx.MAC_CLI, "ua_os_family": "windows", "user_agent": "aws-cli/2 Windows/10"}
    rows = [{**r, **fx.AWS_IP, **fx.MAC_CLI}, {**r, **fx.AWS_IP, **win}]
    hits = _hits(CredentialOutsideWorkload(), fx.build(rows)).sort("event_id")
    assert hits["weight"][1] < hits["weight"][0]


def test_lambda_key_moving_to_a_non_aws_network_breaks_the_lock(fx: Any) -> None:
    r = fx.role("level1", "level1", KEY, "lambda", "level1")
    rows = [{**r, **fx.AWS_IP, **fx.BOTO}, {**r, **fx.ATTACKER_IP, **fx.MAC_CLI}]
    hits = _hits(CredentialIpLock(), fx.build(rows))
    assert hits["signal"].to_list() == ["new_network"]
    assert "34.224.0.0/12" in hits["reason"][0]


def test_lambda_churning_aws_addresses_do_not_break_the_lock(fx: Any) -> None:
    r = fx.role("level1", "level1", KEY, "lambda", "level1")
    other = {**fx.AWS_IP, "source_ip_address": "3.5.6.7", "network_key": "3.0.0.0/9"}
    rows = [{**r, **fx.AWS_IP, **fx.BOTO}, {**r, **other, **fx.BOTO}]
    assert _hits(CredentialIpLock(), fx.build(rows)).is_empty()


def test_ec2_key_from_another_aws_network_is_medium_on_day_one(fx: Any) -> None:
    # no baseline, no trail event: stolen instance credentials replayed from another AWS
    # account's instance (issue 8: medium or above on day one)
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    other = {
        **fx.AWS_IP,
        "source_ip_address": "18.236.253.47",
        "network_key": "18.236.0.0/15",
        "ip_aws_region": "us-west-2",
    }
    rows = [{**r, **fx.AWS_IP, **fx.BOTO}, {**r, **other, **fx.BOTO}]
    hits = _hits(CredentialIpLock(), fx.build(rows))
    assert hits["signal"].to_list() == ["inside_aws_other_network"]
    assert hits["severity"].to_list() == ["medium"]
    assert set(hits["basis"]) == {"self"}


def test_address_change_makes_an_aws_move_informational(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    other = {**fx.AWS_IP, "source_ip_address": "18.236.253.47", "network_key": "18.236.0.0/15"}
    rows = [
        {**r, **fx.AWS_IP, **fx.BOTO},
        {
            **fx.role("admin", "ops", "ASIAOPS", None, None),
            **fx.AWS_IP,
            "event_name": "AttachNetworkInterface",
            "request_parameters": '{"instanceId":"i-0abc"}',
        },
        {**r, **other, **fx.BOTO},
    ]
    hits = _hits(CredentialIpLock(), fx.build(rows))
    assert hits["severity"].to_list() == ["info"]
    assert "explained by AttachNetworkInterface (event ev-0001)" in hits["reason"][0]


def test_attacker_first_use_away_from_the_workloads_networks(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    base = fx.view([("workload", "ec2:i-0abc", "network_key", "34.224.0.0/12")])
    other = {**fx.AWS_IP, "source_ip_address": "18.236.253.47", "network_key": "18.236.0.0/15"}
    rows = [{**r, **other, **fx.BOTO}, {**r, **fx.AWS_IP, **fx.BOTO}]
    hits = _hits(CredentialIpLock(), fx.build(rows), base)
    assert hits["signal"].to_list() == ["attacker_first"]
    assert hits["event_id"].to_list() == ["ev-0000"]


def test_known_workload_network_is_not_a_hit(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    base = fx.view([("workload", "ec2:i-0abc", "network_key", "34.224.0.0/12")])
    rows = [{**r, **fx.AWS_IP, **fx.BOTO}] * 3
    assert _hits(CredentialIpLock(), fx.build(rows), base).is_empty()


def test_workload_is_inferred_from_the_keys_lambda_user_agent(fx: Any) -> None:
    # identity enrichment did not bind the key, but the same key ran as awslambda-worker
    r = fx.role("level1", "level1", KEY, None, None)
    rows = [
        {**r, **fx.AWS_IP, "user_agent": "awslambda-worker/1.0 rusoto/0.36.0"},
        {**r, **fx.ATTACKER_IP, **fx.MAC_CLI},
    ]
    hits = _hits(CredentialOutsideWorkload(), fx.build(rows))
    assert "outside_aws" in hits["signal"].to_list()


def test_eks_pod_key_and_its_web_identity_exchange_from_a_vps_are_outside_aws(fx: Any) -> None:
    pod = "system:serviceaccount:kube-system:external-dns"
    r = fx.role("eks-external-dns", "1781913600000", KEY, "eks_pod", pod)
    exchange = {
        **r,
        "access_key_id": None,
        "identity_type": "WebIdentityUser",
        "principal_type": "web_identity_user",
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithWebIdentity",
    }
    use = {**r, "event_source": "route53.amazonaws.com", "event_name": "ChangeResourceRecordSets"}
    vps = {**fx.ATTACKER_IP, **fx.MAC_CLI, "ua_os_family": "linux"}
    hits = _hits(CredentialOutsideWorkload(), fx.build([{**exchange, **vps}, {**use, **vps}]))
    assert hits["signal"].to_list() == ["outside_aws", "outside_aws"]
    assert set(hits["severity"]) == {"high"}
    assert "EKS pod " + pod in hits["reason"][1]
    # from the cluster's nodes (an AWS address) nothing fires
    inside = fx.build([{**exchange, **fx.AWS_IP}, {**use, **fx.AWS_IP}])
    assert _hits(CredentialOutsideWorkload(), inside).is_empty()
