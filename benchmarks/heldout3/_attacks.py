"""Ten attacks from public incident reports and the seeds, each with its expected severity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._changes import iso, row
from benchmarks.heldout3._people import federate, portal_identity, sso_principal
from benchmarks.heldout3._services import cross_assume
from benchmarks.heldout3._trail import other_account
from benchmarks.heldout3._world import Session, World

KALI_CLI = (
    "aws-cli/2.18.1 md/awscrt#0.22.0 ua/2.0 os/linux#6.11.2-amd64 md/arch#x86_64 lang/python#3.12.6 "
    "md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#kali.2024 md/prompt#off "
    "md/command#{c}"
)
BOTO_VPS = (
    "Boto3/1.34.89 md/Botocore#1.34.89 ua/2.0 os/linux#5.15.0-122-generic md/arch#x86_64 lang/python#3.10.12 "
    "md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.89"
)
BOTO_EC2 = (
    "Boto3/1.28.57 md/Botocore#1.31.57 ua/2.0 os/linux#6.1.109-118.189.amzn2023.x86_64 md/arch#x86_64 "
    "lang/python#3.9.16 md/pyimpl#CPython exec-env/EC2 cfg/retry-mode#legacy Botocore/1.31.57"
)


def _calls(
    world: World,
    s: Session,
    start: dt.datetime,
    apis: list[str | tuple[str, str | None]],
    ip: str,
    agent: str,
    *,
    gap: tuple[int, int] = (8, 70),
    region: str = org.HOME,
    console: bool = False,
    params: dict[str, Any] | None = None,
) -> tuple[list[str], dt.datetime]:
    ids, when = [], start
    for item in apis:
        api, err = item if isinstance(item, tuple) else (item, None)
        when += dt.timedelta(seconds=world.rng.randrange(*gap))
        call_region = "us-east-1" if api.split(":")[0] in ("iam", "organizations") else region
        ids.append(
            world.trail.call(
                when,
                s.account,
                call_region,
                api,
                s.identity,
                ip,
                agent.format(c=api.replace(":", ".").lower()),
                error=err,
                console=console,
                params=(params or {}).get(api),
            )
        )
    return ids, when


def _attack(
    world: World,
    id_: str,
    name: str,
    severity: str,
    key: str,
    ip: str,
    ids: list[str],
    start: dt.datetime,
    end: dt.datetime,
    principal: str = "",
) -> None:
    row(
        world,
        id_,
        name,
        "attack",
        severity,
        access_key_id=key,
        source_ip=ip,
        event_ids=" ".join(ids),
        principal_arn=principal,
        start=iso(start - dt.timedelta(minutes=1)),
        end=iso(end + dt.timedelta(minutes=1)),
    )


def run(world: World) -> None:
    """A1-A5 here (credentials and identity), A6-A10 in ``_attacks_late``."""
    d = world.scored

    # A1: a prod Karpenter node's instance credentials taken through SSRF to IMDS, used from a VPS
    t = world.at(d[1], 2.6)
    node = next(
        i
        for w in world.workloads
        if w.name == "prod-nodes"
        for i in w.instances
        if i.start < t < i.end - dt.timedelta(hours=1)
    )
    s, ip = world.key_at(node.id, t), world.addr.public("contabo")
    ids, end = _calls(
        world,
        s,
        t,
        [
            "sts:GetCallerIdentity",
            "s3:ListBuckets",
            ("iam:ListRoles", "denied"),
            "secretsmanager:ListSecrets",
            "s3:GetObject",
            "s3:GetObject",
            "s3:GetObject",
            "ecr:DescribeRepositories",
            "ec2:DescribeInstances",
        ],
        ip,
        KALI_CLI,
    )
    _attack(
        world,
        "A1",
        "EKS node instance credentials (SSRF to IMDS) used from a VPS",
        "high",
        s.key,
        ip,
        ids,
        t,
        end,
    )

    # A2: Identity Center persistence from a hijacked admin portal session (device-code phishing)
    t, ip = world.at(d[2], 11.3), world.addr.public("datacamp")
    user = "a.kowalczyk"
    ident = portal_identity(world, user)
    mgmt = world.account("management")
    token = world.trail.call(
        t,
        mgmt,
        org.HOME,
        "sso-oauth:CreateToken",
        ident,
        ip,
        KALI_CLI.format(c="sso.login"),
        params={"grantType": "urn:ietf:params:oauth:grant-type:device_code"},
    )
    s = federate(
        world,
        user,
        "management",
        "OrgAdmin",
        t + dt.timedelta(seconds=20),
        ip,
        KALI_CLI.format(c="sso.login"),
        console=False,
    )
    portal = [token, world.trail.last_id]  # the device-code token and the portal's credentials
    ids, end = _calls(
        world,
        s,
        t + dt.timedelta(seconds=30),
        [
            "sso:ListInstances",
            "identitystore:ListUsers",
            "identitystore:CreateUser",
            "sso:CreatePermissionSet",
            "sso:AttachManagedPolicyToPermissionSet",
            "sso:CreateAccountAssignment",
            "sso:CreateAccountAssignment",
            "sso:ProvisionPermissionSet",
            "iam:CreateUser",
            "iam:AttachUserPolicy",
            "iam:CreateAccessKey",
        ],
        ip,
        KALI_CLI,
        params={
            "sso:AttachManagedPolicyToPermissionSet": {
                "managedPolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"
            },
            "iam:CreateUser": {"userName": "svc-backup-sync"},
        },
    )
    _attack(
        world,
        "A2",
        "Identity Center persistence: permission set, assignment and an IAM user",
        "high",
        s.key,
        ip,
        [*portal, *ids],
        t,
        end,
        sso_principal(mgmt, "OrgAdmin", user),
    )

    # A3: the monitoring vendor's role assumed from an outside account with the leaked ExternalId
    t, ip = world.at(d[3], 16.1), world.addr.public("vultr")
    caller = other_account(org.ATTACKER_ACCOUNTS[0], "AROA3XK7PQ2ZOPSROLE01:ops")
    s = cross_assume(
        world,
        caller,
        "prod",
        "MonitorlyIntegrationRole",
        "monitorly-5e1f0c2a",
        t,
        ip,
        BOTO_VPS,
        external_id="mon-8f2c61d0a4",
    )
    assumed = world.trail.last_id
    ids, end = _calls(
        world,
        s,
        t,
        [
            "s3:ListBuckets",
            "s3:GetBucketPolicy",
            "s3:GetBucketPolicy",
            "s3:GetObject",
            "s3:GetObject",
            "s3:GetObject",
            "ec2:DescribeInstances",
            ("iam:ListRoles", "denied"),
            ("secretsmanager:ListSecrets", "denied"),
        ],
        ip,
        BOTO_VPS,
    )
    _attack(
        world,
        "A3",
        "vendor role assumed from outside the vendor's account",
        "medium",
        s.key,
        ip,
        [assumed, *ids],
        t,
        end,
    )

    # A4: a developer's SSO token cache stolen; Lambda backdoor with a public function URL
    t, ip = world.at(d[1], 21.5), world.addr.public("ovh")
    s = federate(world, "k.zielinski", "staging", "DeveloperAccess", t, ip, BOTO_VPS, console=False)
    portal = [world.trail.last_id]  # GetRoleCredentials with the stolen token, from the VPS
    ids, end = _calls(
        world,
        s,
        t,
        [
            "lambda:ListFunctions20150331",
            "lambda:GetFunction",
            "lambda:UpdateFunctionCode20150331v2",
            "lambda:AddPermission20150331v2",
            "lambda:CreateFunctionUrlConfig",
            "lambda:UpdateFunctionConfiguration20150331v2",
        ],
        ip,
        BOTO_VPS,
        params={
            "lambda:AddPermission20150331v2": {
                "principal": "*",
                "action": "lambda:InvokeFunctionUrl",
                "functionUrlAuthType": "NONE",
            },
            "lambda:CreateFunctionUrlConfig": {
                "authType": "NONE",
                "functionName": "eta-calculator",
            },
        },
    )
    _attack(
        world,
        "A4",
        "Lambda backdoor (new code, public function URL) with a stolen SSO token",
        "high",
        s.key,
        ip,
        [*portal, *ids],
        t,
        end,
        sso_principal(world.account("staging"), "DeveloperAccess", "k.zielinski"),
    )

    # A5: a malicious Terraform Cloud run sweeps Secrets Manager at night
    from benchmarks.heldout3._services import terraform_run

    t = world.at(d[2], 3.15)
    sweep = [
        ("secretsmanager:ListSecrets", 3.0),
        ("secretsmanager:GetSecretValue", 12.0),
        ("ssm:GetParametersByPath", 1.5),
    ]
    s = terraform_run(world, "eks-prod", "prod", t, calls=0)
    ids, end = _calls(
        world,
        s,
        t + dt.timedelta(seconds=20),
        [a for a, n in sweep for _ in range(int(n * 3))],
        s.ip,
        BOTO_VPS.replace("5.15.0-122-generic", "5.10.226-214.879.amzn2.x86_64"),
        gap=(1, 6),
    )
    _attack(
        world,
        "A5",
        "Secrets Manager sweep from a malicious Terraform Cloud run",
        "medium",
        s.key,
        s.ip,
        ids,
        t,
        end,
    )

    from benchmarks.heldout3._attacks_late import run_late

    run_late(world)
