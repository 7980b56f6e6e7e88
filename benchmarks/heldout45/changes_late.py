"""The benign changes of the later slots (B7-B13), the Engadin account's build among them."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout45 import actors
from benchmarks.heldout45.changes import APP_ASG, ASG, Row, admin
from benchmarks.heldout45.events import Trail, role_identity
from benchmarks.heldout45.org import (
    DATA,
    HOME,
    MGMT,
    NEW,
    PLACES,
    PROD,
    SEC,
    role,
    sso_person,
    sso_role,
)
from benchmarks.heldout45.people import _ip
from benchmarks.heldout45.truth import Call, benign, burst
from benchmarks.heldout45.workloads import ENGADIN_ROLE, GATE_ROLE, PASSES_ROLE
from benchmarks.heldout45.world import World, local


def emit_late(trail: Trail, world: World, end: dt.datetime) -> list[Row]:
    rows: list[Row] = []
    assert world.join_at and world.reorg_at
    # B7: the retained incident responders, a new permission set, from London
    for n, who in enumerate(("ext.kestrel.hughes", "ext.kestrel.okafor")):
        for k, day in enumerate(sorted({world.slot(3), world.slot(4)})):
            for account in (PROD, SEC):
                t = local(day, 12.0 + n * 0.5 + k * 0.1 + (0.7 if account == SEC else 0))
                ip = PLACES["ir_firm"].ip(90 + n)
                s, _ = actors.sso(
                    trail,
                    who,
                    t,
                    account=account,
                    permission_set="IncidentResponse",
                    ip=ip,
                    agent=actors.CLI_WIN.format(cmd="cloudtrail.lookup-events"),
                    console=False,
                )
                burst(
                    trail,
                    s,
                    t,
                    [
                        "cloudtrail:LookupEvents",
                        "cloudtrail:LookupEvents",
                        "guardduty:ListFindings",
                        "guardduty:GetFindings",
                        "ec2:DescribeInstances",
                        "iam:GetAccountAuthorizationDetails",
                        "iam:ListAccessKeys",
                        ("ec2:CreateSnapshot", None, {"volumeId": "vol-0d9e1f2a3b4c5d6e7"}),
                        "ec2:CreateTags",
                        "s3:GetBucketPolicy",
                        "logs:FilterLogEvents",
                    ],
                    HOME,
                    gap=(30, 200),
                )
                rows.append(
                    benign(
                        "B7",
                        "retained incident responders (Kestrel DFIR, London), new permission set",
                        sso_person(account, "IncidentResponse", who),
                        (t, t + dt.timedelta(hours=2)),
                        ips=[ip],
                    )
                )

    # B8: the statutory auditor's read-only console, through Zscaler in Zurich
    day = world.slot(2)
    for n, account in enumerate((MGMT, PROD)):
        t = local(day, 9.5 + n)
        ip = PLACES["auditor"].ip(33)
        s, _ = actors.sso(
            trail,
            "ext.audit.lehmann",
            t,
            account=account,
            permission_set="ExternalAuditReadOnly",
            ip=ip,
            agent=actors.BROWSER,
            console=True,
        )
        _, b = burst(
            trail,
            s,
            t,
            [
                "iam:GenerateCredentialReport",
                "iam:GetCredentialReport",
                "iam:ListUsers",
                "iam:ListMFADevices",
                "iam:GetAccountPasswordPolicy",
                "cloudtrail:DescribeTrails",
                "cloudtrail:GetTrailStatus",
                "config:DescribeConfigRules",
                "organizations:ListAccounts",
                "organizations:ListPolicies",
            ],
            HOME,
            gap=(40, 300),
        )
        rows.append(
            benign(
                "B8",
                "statutory auditor's read-only console (Zscaler, Zurich)",
                sso_person(account, "ExternalAuditReadOnly", "ext.audit.lehmann"),
                (t, b),
                ips=[ip],
            )
        )

    # B9: the data team moved to a new permission set with more rights
    a, b, ip = admin(
        trail,
        world,
        world.reorg_at - dt.timedelta(minutes=40),
        MGMT,
        [
            "sso:CreatePermissionSet",
            "sso:AttachManagedPolicyToPermissionSet",
            "sso:CreateAccountAssignment",
            "sso:ProvisionPermissionSet",
            "sso:DeleteAccountAssignment",
        ],
    )
    t = world.reorg_at + dt.timedelta(minutes=20)  # the data lead checks it at once
    s, _ = actors.sso(
        trail,
        "p.gasser",
        t,
        account=DATA,
        permission_set="DataPlatformEngineer",
        ip=_ip("home_init7", "p.gasser"),
        agent=actors.CLI.format(cmd="athena"),
        console=False,
    )
    burst(
        trail,
        s,
        t,
        [
            "athena:ListWorkGroups",
            "glue:GetDatabases",
            "glue:GetJobRuns",
            ("glue:UpdateJob", None, {"jobName": "passes-daily-agg"}),
        ],
        "eu-central-1",
        gap=(20, 90),
    )
    rows.append(
        benign(
            "B9",
            "the new permission set created (the engineer)",
            sso_person(MGMT, "PlatformAdmin", "r.zgraggen"),
            (a, b),
            ips=[ip],
        )
    )
    for analyst in ("a.durrer", "p.gasser", "e.vonrotz"):
        rows.append(
            benign(
                "B9",
                "data team moved to the DataPlatformEngineer permission set",
                sso_person(DATA, "DataPlatformEngineer", analyst),
                (world.reorg_at, end),
            )
        )

    # B10: the Engadin subsidiary's account created and built
    rows += engadin_build(trail, world, end)

    # B11: the first snow weekend, three times the pass-shop tasks, throttling
    for day in sorted(world.peak):
        t = local(day, 6.5)
        s = actors.service_session(
            PROD,
            "AWSServiceRoleForApplicationAutoScaling_ECSService",
            "ApplicationAutoScaling",
            "ecs.application-autoscaling.amazonaws.com",
            t,
        )
        burst(
            trail,
            s,
            t,
            [
                "ecs:DescribeServices",
                ("ecs:UpdateService", None, {"desiredCount": 18}),
                "cloudwatch:DescribeAlarms",
            ],
            HOME,
        )
        rows.append(
            benign(
                "B11",
                "first snow weekend: three times the pass-shop tasks, throttling",
                PASSES_ROLE,
                (local(day, 0), local(day, 24)),
            )
        )
    rows.append(
        benign(
            "B11",
            "first snow weekend: ECS service scaling",
            APP_ASG.format(PROD),
            (local(min(world.peak), 0), end),
        )
    )

    # B12: Auto Scaling replaces two turnstile instances
    day, hour = next(iter(world.replaced.items()))
    t = local(day, hour - 0.05)
    s = actors.service_session(
        PROD, "AWSServiceRoleForAutoScaling", "AutoScaling", "autoscaling.amazonaws.com", t
    )
    burst(
        trail,
        s,
        t,
        [
            (
                "ec2:TerminateInstances",
                None,
                {"instancesSet": {"items": [{"instanceId": i} for i in world.gate[:2]]}},
            ),
            ("ec2:RunInstances", None, {"instanceType": "c7g.large"}),
            ("ec2:RunInstances", None, {"instanceType": "c7g.large"}),
            "ec2:CreateTags",
        ],
        HOME,
    )
    rows.append(
        benign(
            "B12",
            "Auto Scaling replaces two turnstile instances",
            GATE_ROLE,
            (t, t + dt.timedelta(hours=12)),
        )
    )
    rows.append(
        benign(
            "B12",
            "Auto Scaling replaces two turnstile instances",
            ASG.format(PROD),
            (t, t + dt.timedelta(hours=1)),
        )
    )

    # B13: Saturday night on call, from the phone's tethering
    t = local(world.slot(3), 23.1)
    ip = _ip("mobile_salt", "r.zgraggen")
    s, _ = actors.sso(
        trail,
        "r.zgraggen",
        t,
        account=PROD,
        permission_set="PlatformAdmin",
        ip=ip,
        agent=actors.CLI.format(cmd="ecs"),
        console=False,
    )
    _, b = burst(
        trail,
        s,
        t,
        [
            "logs:FilterLogEvents",
            "cloudwatch:GetMetricData",
            "ecs:DescribeServices",
            ("ecs:UpdateService", None, {"forceNewDeployment": True}),
            ("autoscaling:SetDesiredCapacity", None, {"desiredCapacity": 10}),
            (
                "lambda:UpdateFunctionConfiguration20150331v2",
                None,
                {"functionName": "pass-pdf-render", "memorySize": 2048},
            ),
            "ecs:DescribeServices",
        ],
        HOME,
        gap=(40, 240),
    )
    rows.append(
        benign(
            "B13",
            "Saturday-night on-call fix from a phone's tethering",
            sso_person(PROD, "PlatformAdmin", "r.zgraggen"),
            (t, b + dt.timedelta(minutes=1)),
            ips=[ip],
        )
    )
    return rows


def engadin_build(trail: Trail, world: World, end: dt.datetime) -> list[Row]:
    assert world.join_at is not None
    rows: list[Row] = []
    t = world.join_at - dt.timedelta(minutes=20)
    a, b, ip = admin(
        trail,
        world,
        t,
        MGMT,
        [
            (
                "organizations:CreateAccount",
                None,
                {"accountName": "engadin", "email": "aws-engadin@alpenfirn.ch"},
            ),
            "organizations:DescribeCreateAccountStatus",
            ("organizations:MoveAccount", None, {"accountId": NEW}),
        ],
    )
    rows.append(
        benign(
            "B10",
            "Engadin account created (the engineer)",
            sso_person(MGMT, "PlatformAdmin", "r.zgraggen"),
            (a, b),
            ips=[ip],
        )
    )
    t = world.join_at + dt.timedelta(minutes=5)
    admin_ip = _ip("hq", "r.zgraggen")
    arn = role(NEW, "OrganizationAccountAccessRole")
    key = trail.key()
    caller = role_identity(
        MGMT, sso_role(MGMT, "PlatformAdmin"), "r.zgraggen@alpenfirn.ch", trail.key(), t
    )
    trail.emit(
        t,
        NEW,
        HOME,
        "sts:AssumeRole",
        caller,
        admin_ip,
        actors.CLI.format(cmd="sts"),
        params={"roleArn": arn, "roleSessionName": "r.zgraggen"},
        response={"credentials": {"accessKeyId": key}},
    )
    s = actors.Session(
        "engadin-admin",
        role_identity(NEW, arn, "r.zgraggen", key, t),
        key,
        NEW,
        t,
        t + dt.timedelta(hours=1),
        admin_ip,
        actors.CLI.format(cmd="ec2"),
    )
    calls: list[Call] = [
        "ec2:CreateVpc",
        "ec2:CreateSubnet",
        "ec2:CreateSubnet",
        "ec2:CreateInternetGateway",
        "ec2:AllocateAddress",
        "ec2:CreateNatGateway",
        "ec2:CreateRouteTable",
        ("iam:CreateRole", None, {"roleName": "engadin-booking-web"}),
        "iam:CreateInstanceProfile",
        "iam:AddRoleToInstanceProfile",
        ("ec2:RunInstances", None, {"instanceType": "t4g.large"}),
        ("ec2:RunInstances", None, {"instanceType": "t4g.large"}),
        "ec2:DescribeInstances",
    ]
    _, b = burst(trail, s, t, calls, HOME, gap=(60, 600))
    rows.append(
        benign(
            "B10",
            "Engadin account created and built",
            arn,
            (t, b + dt.timedelta(minutes=1)),
            ips=[admin_ip],
        )
    )
    stack = f"arn:aws:iam::{NEW}:role/stacksets-exec-4f1c9e2b7a"
    u = world.join_at + dt.timedelta(minutes=30)
    ss = actors.Session(
        "stackset",
        role_identity(
            NEW, stack, "cloudformation", trail.key(), u, invoked_by="cloudformation.amazonaws.com"
        ),
        "",
        NEW,
        u,
        u,
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
    )
    ss.key = ss.identity["accessKeyId"]
    burst(
        trail,
        ss,
        u,
        [
            "iam:CreateRole",
            "iam:AttachRolePolicy",
            "config:PutConfigurationRecorder",
            "config:PutDeliveryChannel",
            "config:StartConfigurationRecorder",
            "guardduty:CreateDetector",
            "cloudtrail:DescribeTrails",
        ],
        HOME,
        gap=(5, 30),
    )
    rows.append(
        benign(
            "B10",
            "Engadin account baseline through StackSets",
            stack,
            (u, u + dt.timedelta(hours=1)),
        )
    )
    rows.append(
        benign(
            "B10",
            "Engadin booking web instances' first day",
            ENGADIN_ROLE,
            (world.join_at, local(world.slot(2), 24)),
        )
    )
    config = (
        f"arn:aws:iam::{NEW}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
    )
    rows.append(benign("B10", "Engadin account's Config recorder", config, (world.join_at, end)))
    return rows
