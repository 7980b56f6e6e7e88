"""AWS services, Control Tower, the two vendors and Terraform Cloud."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._trail import assumed_role, credentials, other_account, web_identity
from benchmarks.heldout3._workloads import count, error, pick, region_for
from benchmarks.heldout3._world import Session, World

SLR = {
    "config": (
        "AWSServiceRoleForConfig",
        [
            ("ec2:DescribeInstances", 2),
            ("ec2:DescribeSecurityGroups", 2),
            ("iam:GetRole", 1),
            ("s3:GetBucketPolicy", 1),
            ("lambda:ListFunctions", 1),
        ],
    ),
    "securityhub": (
        "AWSServiceRoleForSecurityHub",
        [("config:DescribeConfigRules", 2), ("config:GetComplianceDetailsByConfigRule", 2)],
    ),
    "guardduty": (
        "AWSServiceRoleForAmazonGuardDuty",
        [("ec2:DescribeInstances", 1), ("eks:ListClusters", 1)],
    ),
}
MONITOR_APIS = [
    ("cloudwatch:GetMetricData", 5),
    ("cloudwatch:ListMetrics", 2),
    ("tag:GetResources", 2),
    ("ec2:DescribeInstances", 1),
    ("lambda:ListFunctions", 1),
    ("ecs:ListClusters", 1),
]
CSPM_APIS = [
    "ec2:DescribeInstances",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVolumes",
    "ec2:DescribeSnapshots",
    "s3:ListBuckets",
    "s3:GetBucketPolicy",
    "s3:GetBucketEncryption",
    "iam:ListRoles",
    "iam:ListPolicies",
    "iam:GetAccountPasswordPolicy",
    "kms:ListKeys",
    "lambda:ListFunctions",
    "rds:DescribeDBInstances",
    "eks:ListClusters",
    "cloudtrail:DescribeTrails",
    "guardduty:ListDetectors",
    "ecr:DescribeRepositories",
]
TFC_WORKSPACES = {
    "network-prod": "prod",
    "eks-prod": "prod",
    "eks-staging": "staging",
    "org-baseline": "management",
    "sandbox-guardrails": "sandbox",
}
TFC_APIS = [
    ("ec2:DescribeVpcs", 3),
    ("ec2:DescribeSubnets", 3),
    ("ec2:DescribeRouteTables", 2),
    ("iam:GetRole", 3),
    ("iam:GetPolicy", 2),
    ("iam:ListAttachedRolePolicies", 2),
    ("eks:DescribeCluster", 1),
    ("s3:GetBucketPolicy", 1),
    ("ec2:DescribeSecurityGroups", 3),
    ("ec2:CreateTags", 0.4),
    ("ec2:AuthorizeSecurityGroupIngress", 0.2),
    ("iam:TagRole", 0.3),
]


def services_day(world: World, day: dt.date) -> None:
    rng = world.rng
    for name in world.live_accounts(day):
        for svc, (role, apis) in SLR.items():
            every = {"config": 3, "securityhub": 4, "guardduty": 6}[svc]
            for hour in range(0, 24, every):
                t0 = world.at(day, hour)
                s = world.mint(
                    f"{svc}:{name}",
                    t0 + dt.timedelta(seconds=rng.randrange(300)),
                    name,
                    role,
                    f"{svc.capitalize()}-{rng.getrandbits(32):08x}",
                    region=org.HOME,
                    invoked_by=f"{svc}.amazonaws.com",
                    ip=f"{svc}.amazonaws.com",
                    agent=f"{svc}.amazonaws.com",
                    path=f"/aws-service-role/{svc}.amazonaws.com/",
                )
                s.identity["invokedBy"] = f"{svc}.amazonaws.com"
                for _ in range(count(rng, 3 * world.scale)):
                    api = pick(rng, [(a, float(w)) for a, w in apis])
                    world.trail.call(
                        t0 + dt.timedelta(seconds=rng.randrange(300, 3 * 3600)),
                        s.account,
                        region_for(api, org.HOME),
                        api,
                        s.identity,
                        s.ip,
                        s.agent,
                    )
        if name != "management":
            control_tower(world, name, world.at(day, 3 + rng.random()))
        if name in ("prod", "staging", "shared", "data"):
            monitor(world, name, day)
        if name != "management":
            cspm(world, name, day)
    if day.weekday() < 5:
        for _ in range(rng.randrange(2, 6)):
            workspace = rng.choice(sorted(TFC_WORKSPACES))
            terraform_run(
                world, workspace, TFC_WORKSPACES[workspace], world.at(day, rng.uniform(7, 17))
            )


def control_tower(world: World, name: str, when: dt.datetime) -> None:
    """Control Tower's drift check: the management account's AWSControlTowerAdmin assumes
    AWSControlTowerExecution in the member account."""
    mgmt, account = world.account("management"), world.account(name)
    admin = assumed_role(
        mgmt,
        "AWSControlTowerAdmin",
        world.role_id(mgmt, "AWSControlTowerAdmin"),
        "AWSControlTowerAdmin-session",
        world.trail.key(),
        when,
        path="/service-role/",
    )
    admin["invokedBy"] = "controltower.amazonaws.com"
    session = cross_assume(
        world,
        admin,
        name,
        "AWSControlTowerExecution",
        "AWSControlTowerExecution",
        when,
        "controltower.amazonaws.com",
        "controltower.amazonaws.com",
    )
    session.identity["invokedBy"] = "controltower.amazonaws.com"
    for i, api in enumerate(
        (
            "config:DescribeConfigurationRecorders",
            "cloudtrail:GetTrailStatus",
            "iam:GetRole",
            "config:DescribeDeliveryChannels",
        )
    ):
        world.trail.call(
            when + dt.timedelta(seconds=5 + i * 3),
            account,
            region_for(api, org.HOME),
            api,
            session.identity,
            session.ip,
            session.agent,
        )


def cross_assume(
    world: World,
    caller: dict[str, Any],
    name: str,
    role: str,
    session_name: str,
    when: dt.datetime,
    ip: str,
    agent: str,
    *,
    external_id: str | None = None,
    region: str = "us-east-1",
) -> Session:
    """AssumeRole into ``role`` of account ``name`` by a caller from another account (logged
    in both accounts: the copy in ours carries the sharedEventID)."""
    account = world.account(name)
    key, role_id = world.trail.key(), world.role_id(account, role)
    params: dict[str, Any] = {
        "roleArn": f"arn:aws:iam::{account}:role/{role}",
        "roleSessionName": session_name,
    }
    if external_id:
        params["externalId"] = external_id
    world.trail.call(
        when,
        account,
        region,
        "sts:AssumeRole",
        caller,
        ip,
        agent,
        params=params,
        shared=world.trail.uid(),
        response={
            "credentials": credentials(key, when + dt.timedelta(hours=1)),
            "assumedRoleUser": {
                "assumedRoleId": f"{role_id}:{session_name}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session_name}",
            },
        },
    )
    identity = assumed_role(account, role, role_id, session_name, key, when)
    session = Session(f"{role}@{name}", when, key, identity, ip, agent, account, region)
    world.sessions.setdefault(session.holder, []).append(session)
    return session


def vendor_ip(world: World, vendor: str, when: dt.datetime) -> str:
    region = (
        "eu-west-1"
        if vendor == "cspm" and world.after("cspm_region", when) and world.rng.random() < 0.5
        else "us-east-1"
    )
    return world.addr.named(f"{vendor}:{region}:{world.rng.randrange(3)}", f"aws:{region}")


def monitor(world: World, name: str, day: dt.date) -> None:
    rng = world.rng
    caller = other_account(org.MONITOR_ACCOUNT, "AROAWB5MONITORLYCRAWL:monitorly-crawler")
    for half in range(48):
        if rng.random() > 0.5 * max(world.scale, 0.2) * 2:
            continue
        when = world.at(day, half / 2 + rng.uniform(0, 0.4))
        ip = vendor_ip(world, "monitor", when)
        s = cross_assume(
            world,
            caller,
            name,
            "MonitorlyIntegrationRole",
            f"monitorly-{rng.getrandbits(32):08x}",
            when,
            ip,
            org.MONITOR_UA,
            external_id="mon-8f2c61d0a4",
        )
        for _ in range(rng.randrange(3, 7)):
            api = pick(rng, [(a, float(w)) for a, w in MONITOR_APIS])
            world.trail.call(
                when + dt.timedelta(seconds=rng.randrange(2, 200)),
                s.account,
                region_for(api, rng.choice([org.HOME, "eu-west-1"])),
                api,
                s.identity,
                ip,
                org.MONITOR_UA,
                error=error(rng, 0.01),
            )


def cspm(world: World, name: str, day: dt.date) -> None:
    rng = world.rng
    when = world.at(day, 2 + rng.random())
    ip = vendor_ip(world, "cspm", when)
    caller = other_account(org.CSPM_ACCOUNT, "AROAXSCANWISEWORKER01:scanwise")
    s = cross_assume(
        world,
        caller,
        name,
        "ScanwiseAuditRole",
        f"scanwise-{rng.getrandbits(40):010x}",
        when,
        ip,
        org.CSPM_UA,
        external_id="sw-2b7d9e14c0f3",
    )
    regions = [org.HOME, "eu-west-1", "us-east-1"]
    for region in regions:
        for api in CSPM_APIS:
            if rng.random() < 0.4 * max(world.scale, 0.3):
                world.trail.call(
                    when + dt.timedelta(seconds=rng.randrange(5, 900)),
                    s.account,
                    region_for(api, region),
                    api,
                    s.identity,
                    vendor_ip(world, "cspm", when),
                    org.CSPM_UA,
                    error="throttled" if rng.random() < 0.02 else None,
                )


def tfc_identity(world: World, workspace: str) -> tuple[dict[str, Any], str, str]:
    shared = world.account("shared")
    provider = f"arn:aws:iam::{shared}:oidc-provider/app.terraform.io"
    subject = f"organization:{org.TFC_ORG}:project:platform:workspace:{workspace}:run_phase:apply"
    return web_identity(provider, subject, "aws.workload.identity"), provider, subject


def terraform_run(
    world: World,
    workspace: str,
    target: str,
    when: dt.datetime,
    *,
    apis: list[tuple[str, float]] | None = None,
    calls: int | None = None,
) -> Session:
    """A Terraform Cloud run: OIDC into shared services, then the workspace's target account."""
    rng = world.rng
    ip = world.addr.named(f"tfc:{rng.randrange(2)}", "aws:us-east-1")
    agent = org.TERRAFORM.format(api="sts")
    ident, provider, subject = tfc_identity(world, workspace)
    shared = world.account("shared")
    key, role_id = world.trail.key(), world.role_id(shared, "tfc-platform")
    run = f"terraform-run-{rng.getrandbits(64):016x}"[:28]
    world.trail.call(
        when,
        shared,
        "us-east-1",
        "sts:AssumeRoleWithWebIdentity",
        ident,
        ip,
        agent,
        params={"roleArn": f"arn:aws:iam::{shared}:role/tfc-platform", "roleSessionName": run},
        response={
            "credentials": credentials(key, when + dt.timedelta(hours=1)),
            "subjectFromWebIdentityToken": subject,
            "provider": provider,
            "audience": "aws.workload.identity",
            "assumedRoleUser": {
                "assumedRoleId": f"{role_id}:{run}",
                "arn": f"arn:aws:sts::{shared}:assumed-role/tfc-platform/{run}",
            },
        },
    )
    caller = assumed_role(shared, "tfc-platform", role_id, run, key, when)
    world.sessions.setdefault(f"tfc:{workspace}", []).append(
        Session(f"tfc:{workspace}", when, key, caller, ip, agent, shared, "us-east-1")
    )
    s = cross_assume(
        world, caller, target, "TerraformExecution", run, when + dt.timedelta(seconds=3), ip, agent
    )
    for _ in range(calls if calls is not None else rng.randrange(15, 50)):
        api = pick(rng, apis or TFC_APIS)
        world.trail.call(
            when + dt.timedelta(seconds=rng.randrange(5, 400)),
            s.account,
            region_for(api, org.HOME),
            api,
            s.identity,
            ip,
            org.TERRAFORM.format(api=api.split(":")[0]),
            error=error(rng, 0.005),
        )
    return s
