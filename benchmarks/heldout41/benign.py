"""Karabatak's benign changes during the scored days: the switches the routine reads (from
when a change holds) and the events each change writes itself, with their truth rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout41 import org
from benchmarks.heldout41.people import person_calls, sso_session
from benchmarks.heldout41.routine import M, World, vendor_session
from benchmarks.heldout41.trail import iso

Row = dict[str, Any]
NODE, TASK = (
    org.role_arn(org.BIDDER, "bidder-node-role"),
    org.role_arn(org.BIDDER, "bidder-task-role"),
)


def rows(
    id_: str,
    name: str,
    principals: list[str],
    start: dt.datetime,
    end: dt.datetime,
    severity: str = "low",
) -> list[Row]:
    return [
        {
            "id": id_,
            "name": name,
            "label": "benign",
            "access_key_id": "",
            "principal_arn": p,
            "source_ip": "",
            "start": iso(start),
            "end": iso(end),
            "event_ids": "",
            "expected_min_severity": "",
            "expected_max_severity": severity,
        }
        for p in dict.fromkeys(principals)
    ]


# switch -> (slot, hour UTC): the routine changes from then on
SWITCHES = {
    "scale_out": (0, 12.0),
    "release": (1, 9.0),
    "vpce": (1, 12.0),
    "reorg": (1, 5.0),
    "travel": (1, 0.0),
    "travel_end": (3, 0.0),
    "lambda_py313": (2, 8.0),
    "nat_move": (3, 10.0),
    "emr_backfill": (4, 10.0),
}


def admin(
    w: World,
    t: dt.datetime,
    account: str,
    user: str,
    net: str,
    calls: list[tuple[str, str]],
    ua: str = "cli_mac",
) -> Any:
    ip = w.nat_ip.setdefault(f"{user}:{net}", w.trail.ip(net))
    s, _ = sso_session(w, t, account, "PlatformAdmin", user, ip, org.UA[ua])
    for k, (src, name) in enumerate(calls):
        region = (
            org.GLOBAL
            if src in ("iam", "organizations")
            else (org.GULF_REGION if account == org.GULF else org.HOME)
        )
        w.trail.event(
            t + (k + 1) * M,
            s,
            src,
            name,
            ip,
            org.UA[ua],
            region=region,
            read_only=name.startswith(("Describe", "List", "Get")),
        )
    return s


def changes(w: World, slot: int, day: dt.date, end: dt.datetime) -> list[Row]:
    """The benign changes of one slot, on its scored day (after that day's routine)."""
    tr, out = w.trail, []
    at = w.at
    if slot == 0:
        admin(
            w,
            at(day, 11.8),
            org.BIDDER,
            "emre.yildiz",
            "vodafone",
            [
                ("autoscaling", "UpdateAutoScalingGroup"),
                ("autoscaling", "DescribeAutoScalingGroups"),
            ],
            "console",
        )
        out += rows(
            "B2",
            "year-end campaign surge: the bidder fleet doubled by Auto Scaling",
            [NODE, TASK],
            w.switch["scale_out"],
            end,
        )
        auditor = "auditor.kaan"
        ip = tr.ip("auditor")
        for account in (org.BIDDER, org.DATA, org.MANAGEMENT, org.SECURITY):
            s, _ = sso_session(
                w, at(day, 7.5), account, "ReadOnlyAudit", auditor, ip, org.UA["prowler"]
            )
            checks = [
                ("iam", "GetAccountAuthorizationDetails"),
                ("iam", "GetCredentialReport"),
                ("s3", "GetBucketPolicy"),
                ("s3", "GetBucketEncryption"),
                ("ec2", "DescribeSecurityGroups"),
                ("cloudtrail", "DescribeTrails"),
                ("kms", "ListKeys"),
                ("guardduty", "ListDetectors"),
                ("config", "DescribeConfigurationRecorders"),
            ]
            for region in (org.HOME, "eu-west-1", org.GLOBAL, "eu-south-2"):
                for src, name in checks:
                    tr.event(
                        w.jitter(at(day, 7.6), 90),
                        s,
                        src,
                        name,
                        ip,
                        org.UA["prowler"],
                        region=org.GLOBAL if src == "iam" else region,
                    )
            out += rows(
                "B9",
                "the ISO 27001 auditor's Prowler scan through a read-only permission set",
                [s.principal],
                at(day, 7.5),
                end,
            )
    elif slot == 1:
        out += rows(
            "B1",
            "bidder release: every task reads the bid-shading secret and the floor table, Go SDK upgraded",
            [TASK],
            w.switch["release"],
            end,
        )
        admin(
            w,
            at(day, 11.7),
            org.DATA,
            "emre.yildiz",
            "vodafone",
            [
                ("ec2", "CreateVpcEndpoint"),
                ("ec2", "CreateVpcEndpoint"),
                ("ec2", "CreateVpcEndpoint"),
                ("ec2", "DescribeVpcEndpoints"),
            ],
        )
        out += rows(
            "B5",
            "interface VPC endpoints for Glue, KMS and STS in the data VPC: EMR calls from private addresses",
            [org.role_arn(org.DATA, "EMR_EC2_DefaultRole")],
            w.switch["vpce"],
            end,
        )
        analysts = [u for u, p, *_ in org.PEOPLE[: w.n(16, 6)] if p == "DataAnalyst"]
        if not any(
            w.keys.get(f"sso:{u}") is not None
            and w.keys[f"sso:{u}"].identity["sessionContext"]["attributes"]["creationDate"]
            >= iso(w.switch["reorg"])
            for u in analysts
        ):  # a reorganisation on a day off: the first analyst tries the new set from home
            ip = w.nat_ip.setdefault(f"{analysts[0]}:tt_home", tr.ip("tt_home"))
            s, _ = sso_session(
                w, at(day, 9.2), org.DATA, "AnalyticsEngineer", analysts[0], ip, org.UA["cli_mac"]
            )
            person_calls(w, s, "AnalyticsEngineer", at(day, 9.2), ip, org.UA["cli_mac"], 4)
        out += rows(
            "B10",
            "reorganisation: analysts moved to the AnalyticsEngineer permission set",
            [org.sso_principal(org.DATA, "AnalyticsEngineer", u) for u in analysts],
            w.switch["reorg"],
            end,
        )
        out += rows(
            "B3",
            "the head of platform in Dubai for the Gulf launch (hotel Wi-Fi, same CLI)",
            [
                org.sso_principal(a, "PlatformAdmin", "deniz.aksoy")
                for a in org.SETS["PlatformAdmin"][1]
            ],
            w.switch["travel"],
            w.switch.get("travel_end", end),
        )
    elif slot == 2:
        out += rows(
            "B4",
            "creative scanner moved to the python3.13 runtime (new Boto3)",
            [org.role_arn(org.BIDDER, "creative-scanner-role")],
            w.switch["lambda_py313"],
            end,
        )
        t = at(day, 8.5)
        admin(
            w,
            t,
            org.BIDDER,
            "deniz.aksoy",
            "dubai_hotel" if w.on("travel", t) and not w.on("travel_end", t) else "tt_home",
            [("iam", "CreateRole"), ("iam", "PutRolePolicy"), ("iam", "GetRole")],
        )
        role = "LumoraBrandSafetyRole"
        for hour in range(10, 24, 4):
            s, ip, _ = vendor_session(
                w,
                w.jitter(at(day, hour), 10),
                org.BIDDER,
                role,
                org.LUMORA_ACCOUNT,
                "lumora",
                org.UA["lumora"],
                "lumora-kbtk-2f9d",
            )
            for src, name in (
                ("s3", "ListBuckets"),
                ("s3", "GetBucketLocation"),
                ("cloudfront", "ListDistributions"),
                ("rekognition", "DescribeProjects"),
            ):
                tr.event(
                    w.jitter(at(day, hour) + M, 3),
                    s,
                    src,
                    name,
                    ip,
                    org.UA["lumora"],
                    region=org.GLOBAL if src == "cloudfront" else org.HOME,
                )
        out += rows(
            "B7",
            "a new brand-safety vendor onboarded: its cross-account role with an external ID",
            [org.role_arn(org.BIDDER, role), f"aws_account:{org.LUMORA_ACCOUNT}"],
            at(day, 8.5),
            end,
        )
        # the Gulf account: created from the management account, built through its access role
        admin(
            w,
            at(day, 6.2),
            org.MANAGEMENT,
            "baris.kurt",
            "office",
            [("organizations", "CreateAccount"), ("organizations", "DescribeCreateAccountStatus")],
            "console",
        )
        out += gulf_build(w, at(day, 7), end)
    elif slot == 3:
        admin(
            w,
            at(day, 9.7),
            org.BIDDER,
            "emre.yildiz",
            "vodafone",
            [
                ("ec2", "AllocateAddress"),
                ("ec2", "CreateNatGateway"),
                ("ec2", "DescribeNatGateways"),
                ("ec2", "ReplaceRoute"),
                ("ec2", "DeleteNatGateway"),
            ],
        )
        out += rows(
            "B6",
            "a NAT gateway replaced on a Saturday: a third of the bidder behind a new Elastic IP",
            [NODE, TASK],
            w.switch["nat_move"],
            end,
        )
        ip = tr.ip("ir_firm")
        for account in (org.BIDDER, org.DATA, org.SECURITY):
            s, _ = sso_session(
                w, at(day, 8), account, "IncidentResponse", "ir.devries", ip, org.UA["cli_linux"]
            )
            for _ in range(w.n(25, 10)):
                src, name = tr.rng.choice(
                    (
                        ("cloudtrail", "LookupEvents"),
                        ("ec2", "DescribeInstances"),
                        ("iam", "GetAccountAuthorizationDetails"),
                        ("guardduty", "GetFindings"),
                        ("s3", "ListBuckets"),
                        ("ec2", "DescribeSnapshots"),
                    )
                )
                tr.event(
                    w.jitter(at(day, 8.1), 240),
                    s,
                    src,
                    name,
                    ip,
                    org.UA["cli_linux"],
                    region=org.GLOBAL if src == "iam" else tr.rng.choice((org.HOME, "eu-west-1")),
                )
            out += rows(
                "B8",
                "the incident-response retainer's Amsterdam team triaging a GuardDuty finding",
                [s.principal],
                at(day, 8),
                end,
            )
    elif slot == 4:
        t = at(day, 22.9)
        ip = tr.ip("oncall_home")
        s, _ = sso_session(w, t, org.BIDDER, "PlatformAdmin", "emre.yildiz", ip, org.UA["cli_mac"])
        for k, name in enumerate(
            (
                "DescribeServices",
                "DescribeTasks",
                "StopTask",
                "StopTask",
                "UpdateService",
                "DescribeServices",
            )
        ):
            tr.event(
                t + (k + 1) * M,
                s,
                "ecs",
                name,
                ip,
                org.UA["cli_mac"],
                read_only=name.startswith("Describe"),
            )
        person_calls(w, s, "Developer", t, ip, org.UA["cli_mac"], 5)
        out += rows(
            "B12",
            "on-call at 02:00 local from his parents' home in Kocaeli, restarting bidder tasks",
            [s.principal],
            t,
            end,
        )
        out += rows(
            "B13",
            "Sunday EMR backfill with a cluster twice the size",
            [
                org.role_arn(org.DATA, "EMR_EC2_DefaultRole"),
                org.role_arn(org.DATA, "EMR_DefaultRole"),
            ],
            w.switch["emr_backfill"],
            end,
        )
    return out


def gulf_build(w: World, t: dt.datetime, end: dt.datetime) -> list[Row]:
    tr = w.trail
    ip = w.nat_ip.setdefault("baris.kurt:office", tr.ip("office"))
    caller, _ = sso_session(
        w, t, org.MANAGEMENT, "PlatformAdmin", "baris.kurt", ip, org.UA["cli_mac"]
    )
    s = tr.assumed(t + M, org.GULF, "OrganizationAccountAccessRole", "baris.kurt", org.GULF_REGION)
    tr.event(
        t + M,
        caller,
        "sts",
        "AssumeRole",
        ip,
        org.UA["cli_mac"],
        account=org.MANAGEMENT,
        region=org.HOME,
        params={"roleArn": s.principal, "roleSessionName": "baris.kurt"},
        response=tr.credentials(t, s, 1),
    )
    steps = [
        "CreateVpc",
        "CreateSubnet",
        "CreateSubnet",
        "CreateInternetGateway",
        "AllocateAddress",
        "CreateNatGateway",
        "CreateRouteTable",
        "CreateSecurityGroup",
        "CreateLaunchTemplate",
        "RunInstances",
        "DescribeInstances",
    ]
    for k, name in enumerate(steps):
        tr.event(
            t + (k + 2) * M,
            s,
            "ec2",
            name,
            ip,
            org.UA["cli_mac"],
            read_only=name.startswith("Describe"),
        )
    for name in ("CreateRole", "CreateInstanceProfile", "AddRoleToInstanceProfile"):
        tr.event(
            t + 15 * M, s, "iam", name, ip, org.UA["cli_mac"], region=org.GLOBAL, read_only=False
        )
    return rows(
        "B11",
        "the Gulf bidder account created and built",
        [s.principal, org.role_arn(org.GULF, "bidder-node-role")],
        t,
        end,
    )
