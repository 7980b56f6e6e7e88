"""first_seen, sensitive_api, leaked_long_term_key: positive and negative fixtures."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import FirstSeen, LeakedLongTermKey, SensitiveApi

ROLE = "arn:aws:iam::653711331788:role/level3"
USER = "arn:aws:iam::653711331788:user/alice"


def _level3(fx: Any, **extra: Any) -> dict[str, Any]:
    return {**fx.role("level3", "s1", "ASIAKEY1", None, None), **fx.AWS_IP, **fx.BOTO, **extra}


def test_api_never_called_by_the_role_reads_like_a_sentence(fx: Any) -> None:
    base = fx.view([("principal", ROLE, "api", "s3.amazonaws.com:GetObject")], mature=[ROLE])
    hits = (
        FirstSeen(dimensions=["api"])
        .evaluate(fx.day([_level3(fx, event_name="ListBuckets")]), base)
        .collect()
    )
    assert hits["reason"].to_list() == [
        "ListBuckets: never called by role level3 in 30 days, nor by anyone in the account;"
        " nothing else new for it that hour"
    ]


def test_known_api_is_not_first_seen(fx: Any) -> None:
    base = fx.view([("principal", ROLE, "api", "s3.amazonaws.com:ListBuckets")], mature=[ROLE])
    hits = (
        FirstSeen(dimensions=["api"])
        .evaluate(fx.day([_level3(fx, event_name="ListBuckets")]), base)
        .collect()
    )
    assert hits.is_empty()


def test_new_for_principal_weighs_less_than_new_for_account(fx: Any) -> None:
    rows = [
        ("principal", ROLE, "ua_os_family", "linux"),
        ("account", "653711331788", "ua_os_family", "windows"),
    ]
    base = fx.view(rows, mature=[ROLE])
    win = {**fx.MAC_CLI, "ua_os_family": "windows"}
    day = fx.day([_level3(fx, **fx.MAC_CLI), _level3(fx, **win)])
    hits = FirstSeen(dimensions=["ua_os_family"]).evaluate(day, base).collect().sort("event_id")
    mac_w, win_w = hits["weight"].to_list()
    assert mac_w > win_w
    assert "nor by anyone in the account" in hits["reason"][0]


def test_cold_start_principal_is_not_judged(fx: Any) -> None:
    base = fx.view([("principal", ROLE, "api", "s3.amazonaws.com:GetObject")], mature=[])
    hits = FirstSeen().evaluate(fx.day([_level3(fx, event_name="ListBuckets")]), base)
    assert hits.collect().is_empty()


def test_no_baseline_means_first_seen_is_silent(fx: Any) -> None:
    assert FirstSeen().evaluate(fx.day([_level3(fx)]), fx.no_history()).collect().is_empty()


def test_window_per_dimension_forgets_old_values(fx: Any) -> None:
    base = fx.view([("principal", ROLE, "api", "s3.amazonaws.com:ListBuckets")], mature=[ROLE])
    day = fx.day([_level3(fx, event_name="ListBuckets")])
    # seen yesterday: inside a 2-day window, so not new
    assert (
        FirstSeen(dimensions=["api"], windows={"api": "2d"})
        .evaluate(day, base)
        .collect()
        .is_empty()
    )


def test_ignore_values_suppresses_a_dimension_value(fx: Any) -> None:
    base = fx.view([("principal", ROLE, "ua_family", "boto3")], mature=[ROLE])
    day = fx.day([_level3(fx, **fx.MAC_CLI)])
    rule = FirstSeen(dimensions=["ua_family"], ignore_values=["ua_family=aws-cli"])
    assert rule.evaluate(day, base).collect().is_empty()


def test_network_is_only_judged_for_non_aws_addresses(fx: Any) -> None:
    base = fx.view([("principal", ROLE, "network_key", "AS1")], mature=[ROLE])
    hits = (
        FirstSeen(dimensions=["network_key"])
        .evaluate(fx.day([_level3(fx), _level3(fx, **fx.ATTACKER_IP)]), base)
        .collect()
    )
    assert hits["source_ip"].to_list() == ["104.102.221.250"]


def test_event_selector_change_is_high_when_new_and_info_when_known(fx: Any) -> None:
    base = fx.view(
        [("principal", ROLE, "api", "cloudtrail.amazonaws.com:PutEventSelectors")], mature=[ROLE]
    )
    day = fx.day(
        [_level3(fx, event_source="cloudtrail.amazonaws.com", event_name="PutEventSelectors")]
    )
    known = SensitiveApi().evaluate(day, base).collect()
    fresh = SensitiveApi().evaluate(day, fx.view([], mature=[ROLE])).collect()
    assert fresh["severity"].to_list() == ["high"]
    assert known["severity"].to_list() == ["info"]
    assert fresh["weight"][0] > known["weight"][0]


def test_ordinary_calls_are_not_sensitive(fx: Any) -> None:
    day = fx.day([_level3(fx, event_name="GetObject"), _level3(fx, event_name="PutObject")])
    assert SensitiveApi().evaluate(day, fx.no_history()).collect().is_empty()


def test_admin_policy_attachment_escalates(fx: Any) -> None:
    plain = _level3(
        fx,
        event_source="iam.amazonaws.com",
        event_name="AttachUserPolicy",
        request_parameters='{"policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}',
    )
    admin = {
        **plain,
        "request_parameters": '{"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}',
    }
    hits = (
        SensitiveApi().evaluate(fx.day([plain, admin]), fx.no_history()).collect().sort("event_id")
    )
    assert hits["weight"][1] > hits["weight"][0]


def test_versioned_lambda_api_names_are_recognised(fx: Any) -> None:
    day = fx.day(
        [
            _level3(
                fx, event_source="lambda.amazonaws.com", event_name="UpdateFunctionCode20150331v2"
            )
        ]
    )
    hits = SensitiveApi().evaluate(day, fx.no_history()).collect()
    assert hits["signal"].to_list() == ["sensitive persistence"]


def test_get_caller_identity_as_a_keys_first_call(fx: Any) -> None:
    day = fx.day(
        [
            _level3(fx, event_source="sts.amazonaws.com", event_name="GetCallerIdentity"),
            _level3(fx, event_name="GetObject"),
        ]
    )
    hits = SensitiveApi().evaluate(day, fx.no_history()).collect()
    assert hits["signal"].to_list() == ["first_call_get_caller_identity"]
    later = fx.day(
        [
            _level3(fx, event_name="GetObject"),
            _level3(fx, event_source="sts.amazonaws.com", event_name="GetCallerIdentity"),
        ]
    )
    assert SensitiveApi().evaluate(later, fx.no_history()).collect().is_empty()


def test_recon_burst_of_many_describe_calls(fx: Any) -> None:
    rows = [
        _level3(fx, event_source="ec2.amazonaws.com", event_name=f"DescribeThing{i}")
        for i in range(30)
    ]
    hits = SensitiveApi(burst_distinct_apis=25).evaluate(fx.day(rows), fx.no_history()).collect()
    assert set(hits["signal"]) == {"recon_burst"}
    few = (
        SensitiveApi(burst_distinct_apis=25).evaluate(fx.day(rows[:10]), fx.no_history()).collect()
    )
    assert few.is_empty()


def _alice(fx: Any, **extra: Any) -> dict[str, Any]:
    return {
        "principal_arn": USER,
        "principal_type": "iam_user",
        "access_key_id": "AKIAALICE",
        "credential_kind": "long_term_key",
        **extra,
    }


def test_leaked_key_new_network_and_new_client_opening_with_gci(fx: Any) -> None:
    base = fx.view(
        [
            ("credential", "AKIAALICE", "network_key", "AS7018"),
            ("credential", "AKIAALICE", "ua_family", "terraform"),
        ]
    )
    day = fx.day(
        [
            _alice(fx, **fx.ATTACKER_IP, **fx.MAC_CLI, event_name="GetCallerIdentity"),
            _alice(fx, **fx.ATTACKER_IP, **fx.MAC_CLI, event_name="CreateUser"),
        ]
    )
    hits = LeakedLongTermKey().evaluate(day, base).collect()
    assert hits.height == 2 and set(hits["severity"]) == {"high"}
    assert "opened with GetCallerIdentity" in hits["reason"][0]


def test_leaked_key_from_usual_network_or_usual_client_is_not_a_hit(fx: Any) -> None:
    base = fx.view(
        [
            ("credential", "AKIAALICE", "network_key", "AS20940"),
            ("credential", "AKIAALICE", "ua_family", "terraform"),
        ]
    )
    day = fx.day([_alice(fx, **fx.ATTACKER_IP, **fx.MAC_CLI, event_name="ListUsers")])
    assert LeakedLongTermKey().evaluate(day, base).collect().is_empty()
    travel = fx.view(
        [
            ("credential", "AKIAALICE", "network_key", "AS7018"),
            ("credential", "AKIAALICE", "ua_family", "aws-cli"),
        ]
    )
    assert LeakedLongTermKey().evaluate(day, travel).collect().is_empty()


def test_session_keys_are_not_long_term_keys(fx: Any) -> None:
    day = fx.day([_level3(fx, **fx.ATTACKER_IP, **fx.MAC_CLI, event_name="GetCallerIdentity")])
    assert LeakedLongTermKey().evaluate(day, fx.no_history()).collect().is_empty()


def test_leaked_key_without_baseline_needs_the_gci_opening(fx: Any) -> None:
    gci = fx.day([_alice(fx, **fx.ATTACKER_IP, **fx.MAC_CLI, event_name="GetCallerIdentity")])
    other = fx.day([_alice(fx, **fx.ATTACKER_IP, **fx.MAC_CLI, event_name="ListUsers")])
    assert LeakedLongTermKey().evaluate(gci, fx.no_history()).collect()["severity"].to_list() == [
        "low"
    ]
    assert LeakedLongTermKey().evaluate(other, fx.no_history()).collect().is_empty()


def test_gci_opening_without_history_is_low_once_per_key_unless_from_an_attack_distribution(
    fx: Any,
) -> None:
    # Terraform and CI jobs open with GetCallerIdentity too: alone, with no history, a hint
    rows = [
        _alice(fx, **fx.ATTACKER_IP, **fx.MAC_CLI, event_name=name)
        for name in ("GetCallerIdentity", "ListBuckets", "DescribeInstances")
    ]
    hits = LeakedLongTermKey().evaluate(fx.day(rows), fx.no_history()).collect()
    assert hits.select("event_name", "severity").rows() == [("GetCallerIdentity", "low")]
    kali = [{**r, "ua_distro": "kali"} for r in rows]
    hits = LeakedLongTermKey().evaluate(fx.day(kali), fx.no_history()).collect()
    assert hits["severity"].to_list() == ["medium"]
    assert "an attack distribution" in hits["reason"][0]


def test_secret_burst_of_a_principal_that_always_reads_secrets_is_not_a_hit(fx: Any) -> None:
    rows = [
        _level3(fx, event_source="secretsmanager.amazonaws.com", event_name="GetSecretValue")
        for _ in range(12)
    ]
    fresh = SensitiveApi().evaluate(fx.day(rows), fx.view([], mature=[ROLE])).collect()
    assert "secret_burst" in fresh["signal"].to_list()
    routine = fx.view(
        [("principal", ROLE, "api", "secretsmanager.amazonaws.com:GetSecretValue")], mature=[ROLE]
    )
    hits = SensitiveApi().evaluate(fx.day(rows), routine).collect()
    assert "secret_burst" not in hits["signal"].to_list()


def test_principal_unknown_to_the_baseline_is_not_said_to_never_call(fx: Any) -> None:
    other = "arn:aws:iam::653711331788:role/other"
    base = fx.view([("principal", other, "api", "s3.amazonaws.com:GetObject")], mature=[other])
    day = fx.day([_level3(fx, event_name="ListBuckets")])
    hits = SensitiveApi().evaluate(day, base).collect()
    assert hits["reason"].to_list() == ["ListBuckets: recon call; no history for role level3"]
    known = fx.view([("principal", ROLE, "api", "s3.amazonaws.com:GetObject")], mature=[ROLE])
    fresh = SensitiveApi().evaluate(day, known).collect()
    assert fresh["reason"][0].endswith("never called by role level3 in 30 days")
    assert fresh["weight"][0] > hits["weight"][0]


def test_leaked_key_with_the_users_tool_from_kali_is_a_new_client(fx: Any) -> None:
    base = fx.view(
        [
            ("credential", "AKIAALICE", "network_key", "AS7018"),
            ("credential", "AKIAALICE", "ua_family", "aws-cli"),
            ("credential", "AKIAALICE", "ua_os_family", "linux"),
        ]
    )
    kali = {
        **fx.MAC_CLI,
        "ua_os_family": "linux",
        "ua_distro": "kali",
        "user_agent": "aws-cli/2.15 Python/3.11 Linux/6.5.0-kali3-amd64",
    }
    day = fx.day([_alice(fx, **fx.ATTACKER_IP, **kali, event_name="ListUsers")])
    hits = LeakedLongTermKey().evaluate(day, base).collect()
    assert hits.height == 1 and "kali, an attack distribution" in hits["reason"][0]
    ubuntu = {**kali, "ua_distro": "ubuntu"}
    same = fx.day([_alice(fx, **fx.ATTACKER_IP, **ubuntu, event_name="ListUsers")])
    assert LeakedLongTermKey().evaluate(same, base).collect().is_empty()


def _iam(fx: Any, name: str, params: str, **extra: Any) -> dict[str, Any]:
    return _level3(
        fx,
        event_source="iam.amazonaws.com",
        event_name=name,
        request_parameters=params,
        **extra,
    )


def test_granting_admin_to_another_role_is_novelty_while_learning(fx: Any) -> None:
    # an administrator attaching AdministratorAccess to a workload role: routine or not, only
    # the principal's history can tell, so the learning gate may silence it on a cold start
    day = fx.day(
        [
            _iam(
                fx,
                "AttachRolePolicy",
                '{"roleName":"billing-ec2-role",'
                '"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}',
            )
        ]
    )
    hits = SensitiveApi().evaluate(day, fx.view([])).collect()
    assert hits["basis"].to_list() == ["novelty"]


def test_a_principal_granting_itself_admin_is_self_evident(fx: Any) -> None:
    admin = '"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"'
    day = fx.day(
        [
            _iam(fx, "AttachRolePolicy", '{"roleName":"level3",' + admin + "}"),
            _iam(
                fx,
                "PutUserPolicy",
                '{"userName":"ops","policyDocument":"{\\"Action\\": \\"*\\"}"}',
                principal_arn="arn:aws:iam::653711331788:user/ops",
                principal_type="iam_user",
            ),
        ]
    )
    hits = SensitiveApi().evaluate(day, fx.view([])).collect().sort("event_id")
    assert hits["basis"].to_list() == ["self", "self"]
    assert set(hits["severity"]) == {"high"}


def test_sharing_a_snapshot_with_everyone_is_self_evident(fx: Any) -> None:
    day = fx.day(
        [
            _level3(
                fx,
                event_source="ec2.amazonaws.com",
                event_name="ModifySnapshotAttribute",
                request_parameters='{"snapshotId":"snap-1","createVolumePermission":'
                '{"add":{"items":[{"group":"all"}]}}}',
            )
        ]
    )
    hits = SensitiveApi().evaluate(day, fx.view([])).collect()
    assert hits["basis"].to_list() == ["self"]


def test_opening_a_port_to_the_world_is_novelty_while_learning(fx: Any) -> None:
    day = fx.day(
        [
            _level3(
                fx,
                event_source="ec2.amazonaws.com",
                event_name="AuthorizeSecurityGroupIngress",
                request_parameters='{"ipPermissions":{"items":[{"ipRanges":{"items":'
                '[{"cidrIp":"0.0.0.0/0"}]}}]}}',
            )
        ]
    )
    hits = SensitiveApi().evaluate(day, fx.view([])).collect()
    assert hits["basis"].to_list() == ["novelty"]


def test_granting_admin_to_a_user_the_principal_just_created_is_self_evident(fx: Any) -> None:
    # the backdoor-user pattern of a leaked key: CreateUser, then AdministratorAccess on it
    admin = '"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"'
    day = fx.day(
        [
            _iam(fx, "CreateUser", '{"userName":"svc-backup"}'),
            _iam(fx, "AttachUserPolicy", '{"userName":"svc-backup",' + admin + "}"),
            _iam(fx, "AttachUserPolicy", '{"userName":"someone-else",' + admin + "}"),
            # a new role with admin is everyday infrastructure work done by hand
            _iam(fx, "CreateRole", '{"roleName":"shipping-deploy-role"}'),
            _iam(fx, "AttachRolePolicy", '{"roleName":"shipping-deploy-role",' + admin + "}"),
        ]
    )
    hits = SensitiveApi().evaluate(day, fx.view([])).collect().sort("event_id")
    grants = hits.filter(pl.col("event_name").str.starts_with("Attach"))
    assert grants["basis"].to_list() == ["self", "novelty", "novelty"]


def test_with_no_baseline_only_self_evident_escalation_is_above_low(fx: Any) -> None:
    # a first run over a sample: an administrator granting admin to a workload role is listed
    # (low), a principal granting admin to itself is not routine anywhere (high)
    admin = '"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"'
    day = fx.day(
        [
            _iam(fx, "AttachRolePolicy", '{"roleName":"billing-ec2-role",' + admin + "}"),
            _iam(fx, "AttachRolePolicy", '{"roleName":"level3",' + admin + "}"),
        ]
    )
    hits = SensitiveApi().evaluate(day, fx.no_history()).collect().sort("event_id")
    assert hits["severity"].to_list() == ["low", "high"]
