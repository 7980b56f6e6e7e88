"""credential_outside_workload and credential_ip_lock: positive and negative fixtures."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba._collect import ENGINE
from ueba.detect._baseline import BaselineView
from ueba.detect.rules import CredentialIpLock, CredentialOutsideWorkload

KEY = "ASIAZQNB3KHGNXWXBSJS"


def _hits(rule: Any, frame: Any, baseline: Any = None) -> Any:
    # no history: the view a scoring without one gives the rules (conftest's fx.no_history)
    view = baseline if baseline is not None else BaselineView(engine=ENGINE)
    return rule.evaluate(frame, view).collect()


def test_ecs_key_used_from_non_aws_ip_is_outside_aws(fx: Any) -> None:
    r = fx.role("level3", "d190", KEY, "ecs", "d190")
    hits = _hits(
        CredentialOutsideWorkload(),
        fx.day([{**r, **fx.ATTACKER_IP, **fx.MAC_CLI, "event_name": "ListBuckets"}]),
    )
    assert set(hits["signal"]) == {"outside_aws", "desktop_client"}
    reasons = " ".join(hits["reason"])
    assert "104.102.221.250" in reasons and "macOS" in reasons and "outside AWS" in reasons


def test_workload_key_from_aws_address_is_not_outside_aws(fx: Any) -> None:
    r = fx.role("level1", "level1", KEY, "lambda", "level1")
    assert _hits(CredentialOutsideWorkload(), fx.day([{**r, **fx.AWS_IP, **fx.BOTO}])).is_empty()


def test_vpc_endpoint_private_ip_is_not_outside_aws(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    row = {
        **r,
        **fx.BOTO,
        "source_ip_address": "10.0.3.7",
        "source_kind": "vpc_endpoint",
        "vpc_endpoint_id": "vpce-123",
    }
    assert _hits(CredentialOutsideWorkload(), fx.day([row])).is_empty()


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
    assert _hits(CredentialOutsideWorkload(), fx.day(rows)).is_empty()


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
    hits = _hits(CredentialOutsideWorkload(), fx.day(rows))
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
    hits = _hits(CredentialOutsideWorkload(), fx.day([row]))
    assert hits["signal"].to_list() == ["desktop_client"]
    assert "i-0317f6c6b66ae9c40" in hits["reason"][0]


def test_windows_on_ec2_weighs_less_than_macos(fx: Any) -> None:
    # from a public non-AWS address, where a Windows aws-cli is a desktop again
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    win = {**fx.MAC_CLI, "ua_os_family": "windows", "user_agent": "aws-cli/2 Windows/10"}
    rows = [{**r, **fx.ATTACKER_IP, **fx.MAC_CLI}, {**r, **fx.ATTACKER_IP, **win}]
    hits = _hits(CredentialOutsideWorkload(), fx.day(rows))
    hits = hits.filter(pl.col("signal") == "desktop_client").sort("event_id")
    assert hits["weight"][1] < hits["weight"][0]
    assert hits["severity"].to_list() == ["high", "high"]


# The Windows builds of AWS's own agents and SDKs, as Windows instances send them (the SSM and
# CloudWatch agents ship on every Windows AMI; AWS Tools for PowerShell and aws-cli are the
# instance's shells).
_WINDOWS_HOST_CLIENTS = [
    ("aws-sdk-go/1.44.327 (go1.21.5; windows; amd64) amazon-ssm-agent/3.3.40.0", "aws-sdk-go"),
    ("aws-sdk-go/1.48.6 (go1.21.5; windows; amd64) CWAgent/1.300032.2", "aws-sdk-go"),
    (
        "aws-sdk-dotnet-coreclr/3.7.300.2 ua/2.0 os/windows#10.0.20348.0 md/arch#X64 "
        "lang/.NET_Core#8.0.1 api/S3#3.7.305.1",
        "aws-sdk-dotnet",
    ),
    (
        "AWSPowerShell.Common/4.1.500.0 .NET_Core/8.0.1 OS/Microsoft_Windows_10.0.20348 "
        "PowerShellCore/7.4.1 ClientAsync",
        "other",
    ),
    ("aws-cli/2.15.10 Python/3.11.6 Windows/10 exe/AMD64 prompt/off command/s3.ls", "aws-cli"),
]


def _windows_rows(r: dict[str, Any], where: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {**r, **where, "user_agent": ua, "ua_family": family, "ua_os_family": "windows"}
        for ua, family in _WINDOWS_HOST_CLIENTS
    ]


def test_windows_agents_and_sdks_on_an_instance_key_from_its_own_network_are_not_desktops(
    fx: Any,
) -> None:
    # day one, no baseline: a Windows fleet's instance-profile key used from the instance
    # itself, its NAT gateway (an EC2 address), a private address or a VPC endpoint
    r = fx.role("mes-app", "i-0win", KEY, "ec2", "i-0win")
    private = {"source_ip_address": "10.20.3.7", "source_kind": "private"}
    endpoint = {**private, "source_kind": "vpc_endpoint", "vpc_endpoint_id": "vpce-1"}
    rows = [
        *_windows_rows(r, fx.AWS_IP),
        *_windows_rows(r, private),
        *_windows_rows(r, endpoint),
    ]
    for kind in ("ecs", "eks_pod", "codebuild"):  # Windows containers and build images
        other = fx.role("win-task", "t-1", KEY, kind, "t-1")
        rows += _windows_rows(other, fx.AWS_IP)
    assert _hits(CredentialOutsideWorkload(), fx.day(rows)).is_empty()


def test_windows_agent_from_the_accounts_own_elastic_ip_is_not_a_desktop(fx: Any) -> None:
    r = fx.role("mes-app", "i-0win", KEY, "ec2", "i-0win")
    eip = {"source_ip_address": "198.51.100.20", "source_kind": "public", "network_key": "AS1"}
    rows = [
        {
            **fx.role("admin", "ops", "ASIAOPS", None, None),
            **fx.AWS_IP,
            "event_source": "ec2.amazonaws.com",
            "event_name": "AssociateAddress",
            "request_parameters": '{"instanceId":"i-0win","publicIp":"198.51.100.20"}',
        },
        *_windows_rows(r, eip),
    ]
    hits = _hits(CredentialOutsideWorkload(), fx.day(rows))
    assert set(hits["signal"]) == {"outside_aws"}
    assert set(hits["severity"]) == {"info"}


def test_a_browser_on_a_windows_instance_key_from_its_own_network_is_low(fx: Any) -> None:
    r = fx.role("mes-app", "i-0win", KEY, "ec2", "i-0win")
    browser = {
        "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0",
        "ua_family": "browser",
        "ua_os_family": "windows",
    }
    hits = _hits(CredentialOutsideWorkload(), fx.day([{**r, **fx.AWS_IP, **browser}]))
    assert hits["signal"].to_list() == ["desktop_client"]
    assert hits["severity"].to_list() == ["low"]
    assert "own network" in hits["reason"][0] and "i-0win" in hits["reason"][0]


def test_windows_clients_stay_desktops_where_the_host_cannot_run_windows_or_is_not_aws(
    fx: Any,
) -> None:
    # Lambda runs Linux only; an AWS address outside EC2's ranges is not an instance's own;
    # from a public non-AWS address the instance key is outside AWS as well
    fn = fx.role("level1", "level1", KEY, "lambda", "level1")
    inst = fx.role("mes-app", "i-0win", "ASIAINSTANCE", "ec2", "i-0win")
    amazon = {**fx.AWS_IP, "aws_service": "AMAZON"}
    rows = [*_windows_rows(fn, fx.AWS_IP), *_windows_rows(inst, amazon)]
    rows += _windows_rows(inst, fx.ATTACKER_IP)
    hits = _hits(CredentialOutsideWorkload(), fx.day(rows))
    desktop = hits.filter(pl.col("signal") == "desktop_client")
    assert desktop.height == 3 * len(_WINDOWS_HOST_CLIENTS)
    assert set(desktop["severity"]) == {"high"}
    outside = hits.filter(pl.col("signal") == "outside_aws")
    assert outside.height == len(_WINDOWS_HOST_CLIENTS)
    assert set(outside["severity"]) == {"high"}


def test_lambda_key_moving_to_a_non_aws_network_breaks_the_lock(fx: Any) -> None:
    r = fx.role("level1", "level1", KEY, "lambda", "level1")
    rows = [{**r, **fx.AWS_IP, **fx.BOTO}, {**r, **fx.ATTACKER_IP, **fx.MAC_CLI}]
    hits = _hits(CredentialIpLock(), fx.day(rows))
    assert hits["signal"].to_list() == ["new_network"]
    assert "34.224.0.0/12" in hits["reason"][0]


def test_lambda_churning_aws_addresses_do_not_break_the_lock(fx: Any) -> None:
    r = fx.role("level1", "level1", KEY, "lambda", "level1")
    other = {**fx.AWS_IP, "source_ip_address": "3.5.6.7", "network_key": "3.0.0.0/9"}
    rows = [{**r, **fx.AWS_IP, **fx.BOTO}, {**r, **other, **fx.BOTO}]
    assert _hits(CredentialIpLock(), fx.day(rows)).is_empty()


def _lambda_minted(region: str) -> dict[str, Any]:
    """Lambda's AssumeRole for the function, logged in the function's region (event ev-0000)."""
    return {
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "source_ip_address": "lambda.amazonaws.com",
        "source_kind": "aws_service",
        "identity_type": "AWSService",
        "principal_type": "aws_service",
        "invoked_by": "lambda.amazonaws.com",
        "aws_region": region,
        "access_key_id": None,
        "credential_kind": None,
    }


_TOKYO = {
    **{"source_ip_address": "13.112.10.20", "network_key": "13.112.0.0/14"},
    **{"source_kind": "aws", "aws_service": "EC2", "ip_aws_region": "ap-northeast-1"},
}


def test_lambda_key_from_another_regions_ec2_range_is_another_host(fx: Any) -> None:
    # the function's key, minted by Lambda in us-east-1, replayed from an EC2 instance in
    # Tokyo: its churning addresses are all in its own region, so that is a copied key, with no
    # history; still used by the function afterwards it is in two places at once (high)
    r = {
        **fx.role("tasking", "tasking", KEY, "lambda", "tasking"),
        "key_issuer_event_id": "ev-0000",
    }
    rows = [_lambda_minted("us-east-1"), {**r, **fx.AWS_IP, **fx.BOTO}, {**r, **_TOKYO}]
    hits = _hits(CredentialIpLock(), fx.day(rows))
    assert hits.select("signal", "severity").rows() == [("other_region", "medium")]
    assert "minted for it in us-east-1" in hits["reason"][0]
    hits = _hits(CredentialIpLock(), fx.day([*rows, {**r, **fx.AWS_IP, **fx.BOTO}]))
    assert hits.select("signal", "severity").rows() == [("concurrent_networks", "high")]


def test_lambda_key_in_its_own_regions_churn_or_unplaced_is_not_another_host(fx: Any) -> None:
    r = {
        **fx.role("tasking", "tasking", KEY, "lambda", "tasking"),
        "key_issuer_event_id": "ev-0000",
    }
    home = {**_TOKYO, "source_ip_address": "54.64.1.2", "network_key": "54.64.0.0/15"}
    rows = [_lambda_minted("ap-northeast-1"), {**r, **fx.AWS_IP}, {**r, **_TOKYO}, {**r, **home}]
    # minted in Tokyo: its Tokyo addresses churn (the us-east-1 one is flagged: another region)
    hits = _hits(CredentialIpLock(), fx.day(rows))
    assert hits["signal"].to_list() == ["other_region"]
    assert hits["event_id"].to_list() == ["ev-0001"]
    # a key whose minting the trail does not show is not placed: churn only
    unplaced = [
        {**fx.role("tasking", "tasking", KEY, "lambda", "tasking"), **x}
        for x in (fx.AWS_IP, _TOKYO)
    ]
    assert _hits(CredentialIpLock(), fx.day(unplaced)).is_empty()


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
    hits = _hits(CredentialIpLock(), fx.day(rows))
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
    hits = _hits(CredentialIpLock(), fx.day(rows))
    assert hits["severity"].to_list() == ["info"]
    assert "explained by AttachNetworkInterface (event ev-0001)" in hits["reason"][0]


def test_attacker_first_use_away_from_the_workloads_networks(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    base = fx.view([("workload", "ec2:i-0abc", "network_key", "34.224.0.0/12")])
    other = {**fx.AWS_IP, "source_ip_address": "18.236.253.47", "network_key": "18.236.0.0/15"}
    rows = [{**r, **other, **fx.BOTO}, {**r, **fx.AWS_IP, **fx.BOTO}]
    hits = _hits(CredentialIpLock(), fx.day(rows), base)
    assert hits["signal"].to_list() == ["attacker_first"]
    assert hits["event_id"].to_list() == ["ev-0000"]


def test_known_workload_network_is_not_a_hit(fx: Any) -> None:
    r = fx.role("app", "i-0abc", KEY, "ec2", "i-0abc")
    base = fx.view([("workload", "ec2:i-0abc", "network_key", "34.224.0.0/12")])
    rows = [{**r, **fx.AWS_IP, **fx.BOTO}] * 3
    assert _hits(CredentialIpLock(), fx.day(rows), base).is_empty()


def test_workload_is_inferred_from_the_keys_lambda_user_agent(fx: Any) -> None:
    # identity enrichment did not bind the key, but the same key ran as awslambda-worker
    r = fx.role("level1", "level1", KEY, None, None)
    rows = [
        {**r, **fx.AWS_IP, "user_agent": "awslambda-worker/1.0 rusoto/0.36.0"},
        {**r, **fx.ATTACKER_IP, **fx.MAC_CLI},
    ]
    hits = _hits(CredentialOutsideWorkload(), fx.day(rows))
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
    hits = _hits(CredentialOutsideWorkload(), fx.day([{**exchange, **vps}, {**use, **vps}]))
    assert hits["signal"].to_list() == ["outside_aws", "outside_aws"]
    assert set(hits["severity"]) == {"high"}
    assert "EKS pod " + pod in hits["reason"][1]
    # from the cluster's nodes (an AWS address) nothing fires
    inside = fx.day([{**exchange, **fx.AWS_IP}, {**use, **fx.AWS_IP}])
    assert _hits(CredentialOutsideWorkload(), inside).is_empty()


def test_a_windows_fleet_scored_on_its_first_day_raises_nothing_at_medium(fx: Any) -> None:
    # the trail's first day, no history: two instances of a Windows fleet behind their NAT
    # gateway (EC2 addresses) calling with the SSM agent, the CloudWatch agent and the .NET SDK
    from ueba.detect.scorer import Scorer

    rows = []
    for i, instance in enumerate(("i-0win1", "i-0win2")):
        r = fx.role("mes-app", instance, f"ASIAWINFLEET{i}", "ec2", instance)
        rows += _windows_rows(r, fx.AWS_IP)[:3]
    findings = Scorer(None).score(fx.build(rows)).collect()
    assert findings.filter(~pl.col("severity").is_in(["info", "low"])).is_empty()
