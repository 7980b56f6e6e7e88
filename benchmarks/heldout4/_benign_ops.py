"""Benign changes by operations people: the partner's key rotation (B6), the FinOps sweep (B8)
and the AWS Backup restore test (B10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout4._machines import Machines
from benchmarks.heldout4._org import ACCOUNTS, BROWSERS, OKTA_CLI, PEOPLE, at
from benchmarks.heldout4._people import Humans
from benchmarks.heldout4._trail import Trail

SWEEP_REGIONS = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "sa-east-1",
    "af-south-1",
    "me-south-1",
]
OPT_IN = {"af-south-1", "me-south-1"}  # not enabled: every call fails
FINOPS_UA = "Boto3/1.38.27 md/Botocore#1.38.27 ua/2.1 os/windows#11 md/arch#amd64 lang/python#3.12.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.38.27 cost-sweeper/0.4.2"


def person(first: str) -> Any:
    return next(p for p in PEOPLE if p.first == first)


def rotate(d: list[dt.date], trail: Trail, machines: Machines, new_key: str, inc: Any) -> None:
    org = machines.org
    old = machines.key("svc-partner-clearinghouse")
    ip = org.net.host("partner", name="partner-0")
    cli = "aws-cli/2.22.35 md/awscrt#0.23.8 ua/2.1 os/linux#3.10.0-1160.119.1.el7.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#rhel.7 md/prompt#off md/command#iam.{}"
    shared = ACCOUNTS["shared"]
    for t, key, api, params in (
        (at(d[3], 15), old, "ListAccessKeys", {"userName": "svc-partner-clearinghouse"}),
        (at(d[3], 15.05), old, "CreateAccessKey", {"userName": "svc-partner-clearinghouse"}),
        (
            at(d[4], 15),
            new_key,
            "UpdateAccessKey",
            {"userName": "svc-partner-clearinghouse", "accessKeyId": old, "status": "Inactive"},
        ),
    ):
        ident = org.user(shared, "svc-partner-clearinghouse", key)
        response = (
            {
                "accessKey": {
                    "accessKeyId": new_key,
                    "status": "Active",
                    "userName": "svc-partner-clearinghouse",
                }
            }
            if api == "CreateAccessKey"
            else None
        )
        trail.event(
            t,
            shared,
            "us-east-1",
            "iam",
            api,
            ident,
            ip,
            cli.format(api.lower()),
            params=params,
            response=response,
            incident=inc,
        )


def finops(d: list[dt.date], trail: Trail, humans: Humans) -> None:
    inc = trail.incident(
        "B8", "FinOps cost-optimisation sweep: Describe* in 17 regions", "benign", "low"
    )
    helen = person("helen.osei")
    org = humans.org
    for n, account in enumerate(("prod", "data", "shared")):
        t = at(d[4], 15 + n * 0.4)
        ip = humans.home(helen, d[4])
        key = org.saml(t, ACCOUNTS[account], helen.role, helen.email, ip, OKTA_CLI, incident=inc)
        ident = org.session(ACCOUNTS[account], helen.role, helen.email, key, t)
        for region in SWEEP_REGIONS:
            for svc, api in (
                ("ec2", "DescribeInstances"),
                ("ec2", "DescribeVolumes"),
                ("ec2", "DescribeSnapshots"),
                ("ec2", "DescribeAddresses"),
                ("ec2", "DescribeNatGateways"),
                ("rds", "DescribeDBInstances"),
                ("elasticloadbalancing", "DescribeLoadBalancers"),
            ):
                t += dt.timedelta(seconds=org.rng.uniform(0.2, 1.2))
                error = (
                    ("AuthFailure" if svc == "ec2" else "InvalidClientTokenId")
                    if region in OPT_IN
                    else None
                )
                trail.event(
                    t,
                    ACCOUNTS[account],
                    region,
                    svc,
                    api,
                    ident,
                    ip,
                    FINOPS_UA,
                    params={},
                    error=error,
                    message="AWS was not able to validate the provided access credentials"
                    if error
                    else None,
                    incident=inc,
                )


def restore_test(d: list[dt.date], trail: Trail, humans: Humans) -> None:
    inc = trail.incident(
        "B10", "quarterly AWS Backup restore test in the backup account", "benign", "low"
    )
    marcus = person("marcus.oyelaran")
    org = humans.org
    vault = ACCOUNTS["backup"]
    t = at(d[4], 14)
    key = humans.work(
        marcus,
        "backup",
        t,
        5,
        ip=humans.home(marcus, d[4]),
        cli=False,
        incident=inc,
        apis=[
            ("backup", "ListRecoveryPointsByBackupVault"),
            ("backup", "StartRestoreJob"),
            ("backup", "DescribeRestoreJob"),
            ("ec2", "DescribeInstances"),
        ],
    )
    svc = "backup.amazonaws.com"
    rkey = org.by_service(
        t + dt.timedelta(minutes=4),
        vault,
        "us-east-1",
        "AWSBackupDefaultServiceRole",
        "AWSBackup-AWSBackupDefaultServiceRole",
        svc,
        path="service-role/",
        hours=1,
        incident=inc,
    )
    rid = org.session(
        vault,
        "AWSBackupDefaultServiceRole",
        "AWSBackup-AWSBackupDefaultServiceRole",
        rkey,
        t,
        invoked_by=svc,
        path="service-role/",
    )
    for n, api in enumerate(("CreateVolume", "RunInstances", "CreateTags", "DescribeInstances")):
        trail.event(
            t + dt.timedelta(minutes=5 + n),
            vault,
            "us-east-1",
            "ec2",
            api,
            rid,
            svc,
            svc,
            params={},
            incident=inc,
        )
    ident = org.session(vault, marcus.role, marcus.email, key, t)
    trail.event(
        t + dt.timedelta(minutes=50),
        vault,
        "us-east-1",
        "ec2",
        "TerminateInstances",
        ident,
        humans.home(marcus, d[4]),
        BROWSERS[marcus.device],
        params={},
        console=True,
        incident=inc,
        read_only=False,
    )
