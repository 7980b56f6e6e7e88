"""sensitive_api: a CI/CD job's role chain (the job's session, minted by the account's own GitHub
OIDC provider, assumes a deployer role with no history of its own) creating a Transfer Family
user and importing that user's first SSH key, from the pipeline's usual network and client, is
the apply onboarding a trading partner: at most low (tuned on heldout37's B2, twenty-first
session). The same calls from a network the pipeline never used, a key for a user that existed
before today, an IAM user, or a chain no CI provider minted keep their severity (heldout37's A1:
a key planted on an existing SFTP user)."""

from __future__ import annotations

from typing import Any

from ueba.detect.rules import SensitiveApi

ACCOUNT = "653711331788"
CI_ROLE = f"arn:aws:iam::{ACCOUNT}:role/gha-terraform-apply"
DEPLOYER = f"arn:aws:iam::{ACCOUNT}:role/terraform-deployer"
CI_KEY = "ASIAGHATERRAFORM0001"
DEPLOYER_KEY = "ASIADEPLOYERSESSION1"
PROVIDER = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
TERRAFORM = {
    "user_agent": "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) "
    "terraform-provider-aws/5.62.0 aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5",
    "ua_family": "terraform",
    "ua_os_family": "linux",
    "ua_exec_env": None,
    "ua_fingerprint": "Terraform/1 terraform-provider-aws/5 aws-sdk-go-v2 ua/2.0 os/linux",
}
RUNNER_NET = {
    "source_ip_address": "20.42.11.7",
    "source_kind": "public",
    "network_key": "asn:8075",
    "asn": 8075,
    "as_org": "Microsoft Corporation",
    "country": "US",
}
# the pipeline's role has its history (its daily plans and applies from GitHub's runners with
# Terraform); the deployer role it chains into has none
HISTORY = [
    ("principal", CI_ROLE, "api", "sts.amazonaws.com:AssumeRole"),
    ("principal", CI_ROLE, "api", "ecs.amazonaws.com:UpdateService"),
    ("principal", CI_ROLE, "ua_family", "terraform"),
    ("principal", CI_ROLE, "ua_fingerprint", TERRAFORM["ua_fingerprint"]),
    ("principal", CI_ROLE, "network_key", "asn:8075"),
]
SERVER = "s-4b1f7c2e9a0d63851"


def _apply(
    fx: Any,
    *,
    minted: bool = True,
    create: bool = True,
    iam: bool = False,
    **where: Any,
) -> Any:
    """The job's token exchange (ev-0000), its AssumeRole of the deployer (ev-0001), then the
    deployer's calls: a user created (unless ``create`` is false) and its key imported."""
    mint = {
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRoleWithWebIdentity",
        "identity_type": "WebIdentityUser",
        "principal_type": "web_identity_user",
        "credential_kind": None,
        "identity_provider": PROVIDER,
        "identity_principal_id": f"{PROVIDER}:repo:pmct/edi-infra:ref:refs/heads/main",
        "principal_arn": f"web_identity:{PROVIDER}:repo:pmct/edi-infra:ref:refs/heads/main",
        "request_parameters": f'{{"roleArn":"{CI_ROLE}","roleSessionName":"GitHubActions"}}',
        **RUNNER_NET,
        "user_agent": "aws-sdk-nodejs/2.1 linux/v20 exec-env/GitHubActions",
        "ua_family": "aws-sdk-js",
    }
    ci = fx.role("gha-terraform-apply", "GitHubActions", CI_KEY, None, None)
    chain = {
        **ci,
        **RUNNER_NET,
        **TERRAFORM,
        "event_source": "sts.amazonaws.com",
        "event_name": "AssumeRole",
        "request_parameters": f'{{"roleArn":"{DEPLOYER}","roleSessionName":"terraform"}}',
        # enrichment's binding of the GitHub job's key (ueba.enrichment._pipelines)
        "workload_kind": "github_oidc",
        "workload_id": "repo:pmct/edi-infra:ref:refs/heads/main",
        "key_issuer_event_id": "ev-0000" if minted else None,
    }
    deployer = {
        **fx.role("terraform-deployer", "terraform", DEPLOYER_KEY, None, None),
        **RUNNER_NET,
        **TERRAFORM,
        "key_issuer_event_id": "ev-0001",
        "parent_access_key_id": CI_KEY,
        "event_source": "iam.amazonaws.com" if iam else "transfer.amazonaws.com",
    }
    user = "nordic-lines-edi"
    made = {"userName": user} if iam else {"serverId": SERVER, "userName": user}
    keyed = (
        {"event_name": "CreateAccessKey", "request_parameters": f'{{"userName":"{user}"}}'}
        if iam
        else {
            "event_name": "ImportSshPublicKey",
            "request_parameters": (
                f'{{"serverId":"{SERVER}","userName":"{user}",'
                '"sshPublicKeyBody":"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ"}'
            ),
        }
    )
    rows = [{**deployer, **keyed} | where]
    if create:
        created = {
            "event_name": "CreateUser",
            "request_parameters": str(made).replace("'", '"'),
        }
        rows.insert(0, {**deployer, **created} | where)
    return fx.day([mint, chain, *rows])


def _hits(fx: Any, frame: Any) -> Any:
    view = fx.view(HISTORY, mature=[CI_ROLE], mature_accounts=[ACCOUNT])
    hits = SensitiveApi().evaluate(frame, view).collect()
    hits = hits.filter(hits["signal"].str.starts_with("sensitive"))
    assert hits.height > 0
    return hits


LOUD = {"medium", "high", "critical"}


def test_a_pipelines_chained_apply_onboarding_an_sftp_user_is_at_most_low(fx: Any) -> None:
    hits = _hits(fx, _apply(fx))
    assert set(hits["event_name"]) == {"CreateUser", "ImportSshPublicKey"}
    assert set(hits["severity"]) <= {"info", "low"}
    assert all("onboarding a service user it created today" in r for r in hits["reason"])
    assert all(CI_ROLE in r for r in hits["reason"])


def test_the_same_apply_from_a_network_the_pipeline_never_used_keeps_its_severity(
    fx: Any,
) -> None:
    assert set(_hits(fx, _apply(fx, **fx.ATTACKER_IP))["severity"]) & LOUD


def test_a_key_for_a_user_made_before_today_keeps_its_severity(fx: Any) -> None:
    # heldout37's A1 shape: an SSH key added to an SFTP user that already existed
    assert set(_hits(fx, _apply(fx, create=False))["severity"]) & LOUD


def test_an_iam_user_and_its_access_key_keep_their_severity(fx: Any) -> None:
    assert set(_hits(fx, _apply(fx, iam=True))["severity"]) & LOUD


def test_a_chain_no_ci_provider_minted_keeps_its_severity(fx: Any) -> None:
    assert set(_hits(fx, _apply(fx, minted=False))["severity"]) & LOUD
