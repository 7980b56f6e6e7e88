"""The thirteen benign changes: ``plan`` moves the world before the routine is written, ``emit``
writes each change's own records afterwards and returns the truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout45 import actors
from benchmarks.heldout45.events import Trail
from benchmarks.heldout45.org import (
    DATA,
    HOME,
    MGMT,
    PLACES,
    PROD,
    VENDOR_COMPLIANCE,
    role,
    sso_person,
)
from benchmarks.heldout45.people import _ip
from benchmarks.heldout45.truth import Call, benign, burst
from benchmarks.heldout45.workloads import GATE_ROLE, PASSES_ROLE, nat_ip
from benchmarks.heldout45.world import World, local

Row = dict[str, str]
ASG = "arn:aws:iam::{}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
APP_ASG = "arn:aws:iam::{}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService"
DAY = dt.timedelta(hours=24)


def plan(world: World) -> None:
    world.release_at = local(world.slot(0), 10.0)
    world.travel = {world.slot(0): "lasvegas", world.slot(1): "lasvegas"}
    world.sdk_at = local(world.slot(1), 11.0)
    world.reorg_at = local(world.slot(1), 8.0)
    world.vpce_at = local(world.slot(2), 9.5)
    world.join_at = local(world.slot(2), 8.0)
    world.engadin = [world.instance_id() for _ in range(2)]
    world.nat_at = local(world.slot(3), 7.0)
    world.peak = {world.slot(3), world.slot(4)}
    world.replaced = {world.slot(3): 13.0}
    world.new_instances = [world.instance_id() for _ in range(2)]


def admin(
    trail: Trail,
    world: World,
    t: dt.datetime,
    account: str,
    calls: list[Call],
    person: str = "r.zgraggen",
    place: str = "hq",
) -> tuple[dt.datetime, dt.datetime, str]:
    ip = _ip(place, person)
    s, _ = actors.sso(
        trail,
        person,
        t,
        account=account,
        permission_set="PlatformAdmin",
        ip=ip,
        agent=actors.CLI.format(cmd="ec2"),
        console=False,
    )
    _, b = burst(trail, s, t, calls, HOME, gap=(15, 60))
    return t, b + dt.timedelta(seconds=1), ip


def emit(trail: Trail, world: World) -> list[Row]:
    rows: list[Row] = []
    rng = trail.rng
    end = local(world.days[-1], 24.0)
    assert world.release_at and world.sdk_at and world.reorg_at and world.vpce_at
    assert world.join_at and world.nat_at

    # B1: the turnstile release 4.18 through SSM Run Command across the fleet
    a, b, ip = admin(
        trail,
        world,
        world.release_at - dt.timedelta(minutes=12),
        PROD,
        [
            ("ssm:PutParameter", None, {"name": "/gate/config/release"}),
            (
                "ssm:SendCommand",
                None,
                {
                    "documentName": "AWS-RunShellScript",
                    "targets": [{"key": "tag:app", "values": ["gate-api"]}],
                },
            ),
            "ssm:ListCommandInvocations",
        ],
    )
    rows.append(
        benign(
            "B1",
            "turnstile release 4.18 reads a new secret and table on every instance",
            GATE_ROLE,
            (world.release_at - dt.timedelta(minutes=15), world.release_at + DAY),
        )
    )
    rows.append(
        benign(
            "B1",
            "turnstile release 4.18 (the engineer's Run Command)",
            sso_person(PROD, "PlatformAdmin", "r.zgraggen"),
            (a, b),
            ips=[ip],
        )
    )

    # B2: re:Invent in Las Vegas, with MFA, the usual laptop and clients
    vegas = _ip("lasvegas", "l.amstutz")
    for account in (PROD, MGMT, DATA):
        rows.append(
            benign(
                "B2",
                "platform lead at re:Invent, Las Vegas, with MFA",
                sso_person(account, "PlatformAdmin", "l.amstutz"),
                (local(world.slot(0), 0), local(world.slot(1), 24)),
                ips=[vegas],
            )
        )

    # B3: the pass shop's boto3 upgrade, one deploy, every task
    rows.append(
        benign(
            "B3",
            "pass shop's boto3 1.34 -> 1.35 upgrade",
            PASSES_ROLE,
            (world.sdk_at - dt.timedelta(minutes=5), world.sdk_at + DAY),
        )
    )

    # B4: interface endpoints for Secrets Manager, KMS and SSM
    calls: list[Call] = [
        (
            "ec2:CreateVpcEndpoint",
            None,
            {"serviceName": f"com.amazonaws.{HOME}.{svc}", "vpcEndpointType": "Interface"},
        )
        for svc in ("secretsmanager", "kms", "ssm")
    ]
    a, b, ip = admin(
        trail,
        world,
        world.vpce_at - dt.timedelta(minutes=40),
        PROD,
        [*calls, "ec2:DescribeVpcEndpoints"],
    )
    rows.append(
        benign(
            "B4",
            "new interface VPC endpoints (SM, KMS, SSM): private source addresses",
            GATE_ROLE,
            (world.vpce_at - dt.timedelta(minutes=5), world.vpce_at + DAY),
        )
    )
    rows.append(
        benign(
            "B4",
            "new interface VPC endpoints (the engineer)",
            sso_person(PROD, "PlatformAdmin", "r.zgraggen"),
            (a, b),
            ips=[ip],
        )
    )

    # B5: NAT gateways replaced on Saturday morning, new Elastic IPs
    calls = [
        ("ec2:AllocateAddress", None, {"domain": "vpc"}),
        ("ec2:AllocateAddress", None, {"domain": "vpc"}),
        "ec2:CreateNatGateway",
        "ec2:CreateNatGateway",
        "ec2:DescribeNatGateways",
        "ec2:ReplaceRoute",
        "ec2:ReplaceRoute",
        "ec2:DeleteNatGateway",
        "ec2:DeleteNatGateway",
        "ec2:ReleaseAddress",
        "ec2:ReleaseAddress",
    ]
    a, b, ip = admin(
        trail, world, world.nat_at - dt.timedelta(minutes=30), PROD, calls, place="home_swisscom"
    )
    new_ips = [nat_ip(world, world.nat_at, az) for az in (0, 1)]
    for principal in (GATE_ROLE, PASSES_ROLE):
        rows.append(
            benign(
                "B5",
                "NAT gateways replaced: new Elastic IPs in the region",
                principal,
                (world.nat_at, world.nat_at + DAY),
                ips=new_ips,
            )
        )
    rows.append(
        benign(
            "B5",
            "NAT gateways replaced (the engineer)",
            sso_person(PROD, "PlatformAdmin", "r.zgraggen"),
            (a, b),
            ips=[ip],
        )
    )

    # B6: a new compliance vendor's role with an external ID in three accounts
    start = local(world.slot(2), 11.0)
    for n, account in enumerate((PROD, MGMT, DATA)):
        arn = role(account, "certivo-audit")
        a, b, ip = admin(
            trail,
            world,
            start + dt.timedelta(minutes=10 * n),
            account,
            [
                ("iam:CreateRole", None, {"roleName": "certivo-audit"}),
                (
                    "iam:AttachRolePolicy",
                    None,
                    {
                        "roleName": "certivo-audit",
                        "policyArn": "arn:aws:iam::aws:policy/SecurityAudit",
                    },
                ),
            ],
        )
        rows.append(
            benign(
                "B6",
                "new compliance vendor's role created (the engineer)",
                sso_person(account, "PlatformAdmin", "r.zgraggen"),
                (a, b),
                ips=[ip],
            )
        )
        t = start + dt.timedelta(hours=1)
        while t < end:
            s, _ = actors.vendor(
                trail,
                "certivo",
                t,
                account=account,
                vendor_account=VENDOR_COMPLIANCE,
                role_arn=arn,
                session_name="certivo-scan",
                external_id="ctv-9c41e0a7",
                ip=PLACES["aws_dub"].ip(640 + rng.randrange(8)),
                agent="Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#6.1.109 lang/python#3.11.10 exec-env/AWS_ECS_FARGATE Botocore/1.35.40",
                caller_role="certivo-scanner",
            )
            burst(
                trail,
                s,
                t,
                [
                    "iam:GetAccountAuthorizationDetails",
                    "iam:GetAccountPasswordPolicy",
                    "s3:ListBuckets",
                    "s3:GetBucketPolicy",
                    "ec2:DescribeSecurityGroups",
                    "cloudtrail:DescribeTrails",
                    "kms:ListKeys",
                ],
                HOME,
                gap=(1, 5),
            )
            t += dt.timedelta(hours=4, minutes=rng.uniform(-10, 10))
        rows.append(
            benign(
                "B6", "new compliance vendor's cross-account role (external ID)", arn, (start, end)
            )
        )

    from benchmarks.heldout45.changes_late import emit_late  # it builds on this module

    return rows + emit_late(trail, world, end)
