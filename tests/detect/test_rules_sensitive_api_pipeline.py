"""sensitive_api judged in context: a CI/CD pipeline's deploy role (GitHub Actions, CodeBuild)
creating a new service's IAM role with the SDK or the CLI, from its usual network and client,
naming no account but its own, is its job (at most low; tuned on the eleventh held-out suite's
B4, ninth session). An outsider in the trust or policy, a new network or client, a person's
session, an escalating policy, or a role whose history is neither writes nor pipeline jobs keep
the call's own severity."""

from __future__ import annotations

from typing import Any

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/gha-deployer"
KEY = "ASIAGHADEPLOY0000001"
RUNNER = "exec-env/GitHubActions"
GHA_CLI = {
    "user_agent": "aws-cli/2.17.56 md/awscrt#0.21.5 ua/2.0 os/linux#6.5.0-1025-azure "
    f"lang/python#3.12.6 md/pyimpl#CPython {RUNNER} md/command#iam.create-role",
    "ua_family": "aws-cli",
    "ua_os_family": "linux",
    "ua_exec_env": "GitHubActions",
    "ua_fingerprint": f"aws-cli/2.17 ua/2.0 os/linux lang/python {RUNNER} md/command#iam.get-role",
}
# a pipeline's jobs: reads alone (describe the cluster, read a parameter), always from a runner
HISTORY = [
    ("principal", ROLE, "api", "eks.amazonaws.com:DescribeCluster"),
    ("principal", ROLE, "api", "ssm.amazonaws.com:GetParameter"),
    ("principal", ROLE, "ua_family", "aws-cli"),
    ("principal", ROLE, "ua_fingerprint", GHA_CLI["ua_fingerprint"]),
    ("principal", ROLE, "network_key", "34.224.0.0/12"),
]
ISSUER = "oidc.eks.ap-south-1.amazonaws.com/id/ABC"
OWN_TRUST = (
    '{"roleName":"eks-payouts-v2","assumeRolePolicyDocument":"{\\"Statement\\":[{\\"Effect\\":'
    f'\\"Allow\\",\\"Principal\\":{{\\"Federated\\":\\"arn:aws:iam::{ACCOUNT}:oidc-provider/'
    f'{ISSUER}\\"}},\\"Action\\":\\"sts:AssumeRoleWithWebIdentity\\",\\"Condition\\":'
    f'{{\\"StringEquals\\":{{\\"{ISSUER}:sub\\":\\"system:serviceaccount:payouts:payouts-v2'
    '\\"}}}]}"}'
)
OUTSIDE_TRUST = OWN_TRUST.replace(
    f"arn:aws:iam::{ACCOUNT}:oidc-provider", "arn:aws:iam::999988887777:root"
)
OWN_POLICY = (
    '{"roleName":"eks-payouts-v2","policyName":"payouts","policyDocument":"{\\"Statement\\":[{'
    '\\"Effect\\":\\"Allow\\",\\"Action\\":[\\"sqs:SendMessage\\"],\\"Resource\\":'
    f'\\"arn:aws:sqs:ap-south-1:{ACCOUNT}:payouts\\"}}]}}"}}'
)
ADMIN_POLICY = OWN_POLICY.replace("sqs:SendMessage", "*")


def _deploy(fx: Any, *, trust: str = OWN_TRUST, policy: str = OWN_POLICY, **where: Any) -> Any:
    r = fx.role("gha-deployer", "GitHubActions", KEY, None, None)
    base = {**r, **fx.AWS_IP, **GHA_CLI, "event_source": "iam.amazonaws.com"}
    rows = [
        {**base, "event_name": "CreateRole", "request_parameters": trust},
        {**base, "event_name": "PutRolePolicy", "request_parameters": policy},
        {**base, "event_name": "TagRole", "request_parameters": '{"roleName":"eks-payouts-v2"}'},
    ]
    return fx.day([row | where for row in rows])


def _hits(fx: Any, frame: Any, history: list[Any] = HISTORY) -> Any:
    hits = SensitiveApi().evaluate(frame, fx.view(history, mature=[ROLE])).collect()
    return hits.filter(hits["signal"].str.starts_with("sensitive"))


def test_a_pipelines_deploy_creating_a_services_role_is_at_most_low(fx: Any) -> None:
    hits = _hits(fx, _deploy(fx))
    assert set(hits["severity"]) == {"low"}
    assert all("CI/CD pipeline's deploy (GitHubActions runner)" in r for r in hits["reason"])


def test_a_trust_or_policy_naming_an_outsider_keeps_its_severity(fx: Any) -> None:
    assert "medium" in set(_hits(fx, _deploy(fx, trust=OUTSIDE_TRUST))["severity"])
    anyone = OWN_TRUST.replace(
        f'{{\\"Federated\\":\\"arn:aws:iam::{ACCOUNT}:oidc-provider/oidc.eks.ap-south-1.'
        'amazonaws.com/id/ABC\\"}',
        '{\\"AWS\\":\\"*\\"}',
    )
    assert anyone != OWN_TRUST
    assert "medium" in set(_hits(fx, _deploy(fx, trust=anyone))["severity"])


def test_a_web_identity_trust_on_the_audience_alone_keeps_its_severity(fx: Any) -> None:
    # no condition on the token's subject: every service account (or repository) of the
    # provider may assume the role
    audience_only = OWN_TRUST.replace(":sub", ":aud").replace(
        "system:serviceaccount:payouts:payouts-v2", "sts.amazonaws.com"
    )
    assert audience_only != OWN_TRUST
    assert "medium" in set(_hits(fx, _deploy(fx, trust=audience_only))["severity"])


def test_an_escalating_policy_keeps_its_severity(fx: Any) -> None:
    assert "high" in set(_hits(fx, _deploy(fx, policy=ADMIN_POLICY))["severity"])


def test_the_same_deploy_from_a_new_network_or_client_keeps_its_severity(fx: Any) -> None:
    assert "high" in set(_hits(fx, _deploy(fx, **fx.ATTACKER_IP))["severity"])
    mac = {**fx.MAC_CLI, "ua_exec_env": None}
    assert "high" in set(_hits(fx, _deploy(fx, **mac))["severity"])


def test_a_runner_outside_the_pipeline_role_keeps_its_severity(fx: Any) -> None:
    # the same runner's client, but the role's history holds a person's laptop CLI and no write:
    # not a pipeline's role, so a job creating roles through it is not its routine
    laptop = ("principal", ROLE, "ua_fingerprint", "aws-cli/2.17 ua/2.0 os/macos lang/python")
    assert "high" in set(_hits(fx, _deploy(fx), [*HISTORY, laptop])["severity"])


def test_a_persons_session_from_a_runner_keeps_its_severity(fx: Any) -> None:
    frame = _deploy(fx, workload_kind="sso_user", workload_id="nikhil")
    assert "high" in set(_hits(fx, frame)["severity"])


def test_a_deploy_role_that_writes_is_a_deployer_whatever_else_ran_it(fx: Any) -> None:
    # CodeBuild's project role: its history applies (UpdateService) and a person once ran it
    writes = ("principal", ROLE, "api", "ecs.amazonaws.com:UpdateService")
    laptop = ("principal", ROLE, "ua_fingerprint", "aws-cli/2.17 ua/2.0 os/macos lang/python")
    frame = _deploy(fx, ua_exec_env="AWS_CodeBuild")
    assert set(_hits(fx, frame, [*HISTORY, writes, laptop])["severity"]) == {"low"}


# first_seen: a CodeBuild deploy role (tuned on the twelfth held-out suite's B7, ninth session)
DEPLOYER = f"arn:aws:iam::{ACCOUNT}:role/GridDeployRole"
CODEBUILD = {
    "user_agent": "aws-cli/2.17.20 ua/2.0 os/linux lang/python exec-env/CodeBuild "
    "md/command#cloudformation.create-stack",
    "ua_family": "aws-cli",
    "ua_os_family": "linux",
    "ua_exec_env": "CodeBuild",
    "ua_fingerprint": "aws-cli/2.17 ua/2.0 os/linux lang/python exec-env/CodeBuild",
}
DEPLOY_HISTORY = [
    (scope, entity, d, v)
    for scope, entity in (("principal", DEPLOYER), ("account", ACCOUNT))
    for d, v in (
        ("api", "cloudformation.amazonaws.com:CreateChangeSet"),
        ("api", "cloudformation.amazonaws.com:ExecuteChangeSet"),
        ("api", "cloudformation.amazonaws.com:DescribeStacks"),
        ("region", "ca-central-1"),
        ("ua_family", "aws-cli"),
        ("ua_os_family", "linux"),
        ("ua_fingerprint", CODEBUILD["ua_fingerprint"]),
        ("network_key", "34.224.0.0/12"),
    )
]


def _expansion(
    fx: Any, names: tuple[str, ...] = ("CreateStack", "DescribeStacks"), **where: Any
) -> Any:
    r = fx.role("GridDeployRole", "deploy-expansion", "ASIADEPLOY0000000001", None, None)
    rows = [
        {**r, **fx.AWS_IP, **CODEBUILD, "event_source": "cloudformation.amazonaws.com",
         "event_name": n, "aws_region": "us-east-2", "read_only": n.startswith(("Describe", "Get", "List"))}
        | where
        for n in names
    ]  # fmt: skip
    return fx.day(rows)


def _novelty(fx: Any, frame: Any) -> dict[str, str]:
    from ueba.detect.rules import FirstSeen

    hits = FirstSeen().evaluate(frame, fx.view(DEPLOY_HISTORY, mature=[DEPLOYER])).collect()
    return dict(zip(hits["signal"], hits["severity"], strict=False))


def test_a_pipelines_deploy_to_a_new_region_is_context(fx: Any) -> None:
    # a new region and a new create call from its usual runner: two facets, but its deploy
    assert set(_novelty(fx, _expansion(fx)).values()) == {"info"}


def test_the_same_expansion_from_elsewhere_or_by_hand_stays_low(fx: Any) -> None:
    assert "low" in _novelty(fx, _expansion(fx, **fx.ATTACKER_IP)).values()
    laptop = {**fx.MAC_CLI, "ua_exec_env": None}
    assert "low" in _novelty(fx, _expansion(fx, **laptop)).values()


def test_a_pipelines_new_reads_in_a_new_region_are_not_its_deploy(fx: Any) -> None:
    # a workflow reading secrets it never read (a fork's run), in a region it never used
    names = ("GetSecretValue", "ListSecrets")
    seen = _novelty(fx, _expansion(fx, names, event_source="secretsmanager.amazonaws.com"))
    assert seen.get("new_api") == "low"


def test_a_pipelines_refused_or_sts_calls_are_not_its_deploy(fx: Any) -> None:
    # a fork's workflow trying to assume the production role (refused), in a new region
    refused = _expansion(fx, ("CreateStack",), error_code="AccessDenied")
    assert _novelty(fx, refused).get("new_api") == "low"
    pivot = _expansion(fx, ("AssumeRole",), event_source="sts.amazonaws.com")
    assert _novelty(fx, pivot).get("new_api") == "low"
