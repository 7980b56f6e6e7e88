"""Attacks with a person's long-lived key, each after a public incident report (Sysdig,
Datadog Security Labs, Wiz, Permiso, Expel, Invictus, Unit 42, Mandiant, Halcyon)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout6._attack_run import KALI_BOTO, TRUFFLE, Run, Truth
from benchmarks.heldout6._org import IRB, PUBLIC, Org, Person
from benchmarks.heldout6._records import key_id, user
from benchmarks.heldout6._s3 import data_event


def leaked_github_key(org: Org, day: int, p: Person) -> Truth:
    """A1: a student's key pushed to GitHub in a notebook; a scanner verifies it within minutes
    from a VPS, enumerates, then tries to mine (EC2, then Lightsail in another region)."""
    run = Run(org, p.who, "vultr", TRUFFLE.format(cmd="sts.get-caller-identity"), org.at(day, 14.1))
    run.steps(
        [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListBuckets", None, None),
            ("iam", "GetAccountAuthorizationDetails", None, "AccessDenied"),
            ("iam", "ListUsers", None, "AccessDenied"),
            ("ec2", "DescribeRegions", None, None),
            ("ec2", "DescribeInstanceTypeOfferings", {"locationType": "region"}, None),
            (
                "ec2",
                "DescribeImages",
                {
                    "filterSet": {
                        "items": [
                            {
                                "name": "name",
                                "valueSet": {"items": [{"value": "ubuntu/images/*22.04*"}]},
                            }
                        ]
                    }
                },
                None,
            ),
        ]
    )
    run.agent = KALI_BOTO
    for _ in range(3):
        run.step(
            "ec2",
            "RunInstances",
            {
                "instanceType": "c5.9xlarge",
                "minCount": 1,
                "maxCount": 20,
                "userData": "<sensitiveDataRemoved>",
            },
            "Client.InstanceLimitExceeded" if org.rng.random() < 0.5 else None,
        )
    run.step(
        "ec2",
        "RunInstances",
        {"instanceType": "g4dn.xlarge", "minCount": 1, "maxCount": 5},
        region="us-west-2",
    )
    run.step(
        "lightsail",
        "CreateInstances",
        {
            "bundleId": "xlarge_3_0",
            "instanceNames": ["worker-1", "worker-2"],
            "blueprintId": "ubuntu_22_04",
        },
        "AccessDeniedException",
        region="eu-central-1",
    )
    run.step("lightsail", "GetRegions", None, None, region="eu-central-1")
    return [
        run.truth("A1", "a student's key leaked on GitHub: recon and mining from a VPS", "high")
    ]


def exfiltration(org: Org, day: int, p: Person) -> Truth:
    """A6: an infostealer's buyer empties the restricted bucket with a student's valid key."""
    run = Run(org, p.who, "optimum", "rclone/v1.66.0", org.at(day, 1.0))
    run.steps(
        [
            ("s3", "ListBuckets", None, None),
            ("s3", "GetBucketLocation", {"bucketName": IRB, "location": ""}, None),
        ],
        gap=5,
    )
    for _ in range(int(30 * org.scale) + 3):
        run.t += dt.timedelta(seconds=2)
        run.ids.append(
            data_event(org, run.t, p.who, "ListObjectsV2", IRB, run.ips[0], run.agent)["eventID"]
        )
    run.get(IRB, int(1500 * org.scale) + 50, 4)
    return [
        run.truth("A6", "mass GetObject of the human-subjects bucket by a student's key", "medium")
    ]


def session_token_persistence(org: Org, day: int, p: Person) -> Truth:
    """A7: a leaked key turned into a 36-hour session token, used from elsewhere overnight."""
    run = Run(org, p.who, "digitalocean", KALI_BOTO, org.at(day, 20.0))
    run.steps([("sts", "GetCallerIdentity", None, None)])
    token = key_id(org.rng, "ASIA")
    run.step(
        "sts",
        "GetSessionToken",
        {"durationSeconds": 129600},
        None,
        read_only=True,
        response={"credentials": {"accessKeyId": token, "expiration": "36h"}},
    )
    first = run.truth("A7", "GetSessionToken persistence from a leaked key", "medium")
    later = Run(
        org, p.who.with_key(token, run.t), "hetzner", KALI_BOTO, run.t + dt.timedelta(hours=2)
    )
    later.steps(
        [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListBuckets", None, None),
            ("iam", "ListAccessKeys", None, "AccessDenied"),
        ]
        + [("ec2", "DescribeInstances", None, None) for _ in range(3)],
        gap=600,
    )
    for region in ("us-west-2", "eu-west-1", "ap-southeast-1"):
        later.step("ec2", "DescribeInstances", None, None, region=region, gap=120)
    later.get(PUBLIC, 10, 60)
    return [first, later.truth("A7", first["name"], "medium")]


def admin_backdoor(org: Org, day: int, p: Person, threat_ip: str) -> Truth:
    """A8: a lab admin's key from a threat-listed VPN: a new user with AdministratorAccess."""
    run = Run(org, p.who, "m247", KALI_BOTO, org.at(day, 10.0))
    run.ips = [threat_ip]
    backdoor = user(p.who.account, "aws-support-ops", org.rng)
    new_key = key_id(org.rng, "AKIA")
    run.steps(
        [
            ("sts", "GetCallerIdentity", None, None),
            ("iam", "ListUsers", None, None),
            ("iam", "CreateUser", {"userName": backdoor.name}, None),
            (
                "iam",
                "AttachUserPolicy",
                {
                    "userName": backdoor.name,
                    "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
                },
                None,
            ),
            (
                "iam",
                "CreateLoginProfile",
                {"userName": backdoor.name, "passwordResetRequired": False},
                None,
            ),
        ]
    )
    run.step(
        "iam",
        "CreateAccessKey",
        {"userName": backdoor.name},
        None,
        response={
            "accessKey": {"accessKeyId": new_key, "status": "Active", "userName": backdoor.name}
        },
    )
    out = [run.truth("A8", "a lab admin's key creates an administrator backdoor user", "high")]
    second = Run(
        org, backdoor.with_key(new_key, run.t), "m247", KALI_BOTO, run.t + dt.timedelta(minutes=3)
    )
    second.ips = [threat_ip]
    second.steps(
        [
            ("sts", "GetCallerIdentity", None, None),
            ("ec2", "DescribeRegions", None, None),
            ("iam", "ListRoles", None, None),
        ]
    )
    out.append(second.truth("A8", out[0]["name"], "high"))
    return out


def quota_requests(org: Org, day: int, p: Person) -> Truth:
    """A9: GPU quota increases requested in regions the university never uses."""
    run = Run(org, p.who, "linode", KALI_BOTO, org.at(day, 23.0))
    run.steps([("sts", "GetCallerIdentity", None, None), ("ec2", "DescribeRegions", None, None)])
    for region in ("ap-south-1", "sa-east-1", "eu-north-1", "ap-northeast-3", "me-south-1"):
        for code in ("L-DB2E81BA", "L-1216C47A"):
            run.step(
                "servicequotas",
                "GetServiceQuota",
                {"serviceCode": "ec2", "quotaCode": code},
                None,
                region=region,
                gap=8,
            )
            run.step(
                "servicequotas",
                "RequestServiceQuotaIncrease",
                {"serviceCode": "ec2", "quotaCode": code, "desiredValue": 512.0},
                None,
                region=region,
                gap=8,
                read_only=False,
            )
    run.step(
        "servicequotas", "ListRequestedServiceQuotaChangeHistory", None, None, region="ap-south-1"
    )
    return [run.truth("A9", "Service Quotas increases in unused regions", "medium")]
