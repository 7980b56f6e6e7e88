"""The later attacks of the scored days (A5-A10), each from a public report of a cloud
compromise; the first four, the MSP's stolen engineer and its pivot, are in ``incidents``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout26 import org as o
from benchmarks.heldout26.background import Org, signed_in, sso_session
from benchmarks.heldout26.records import Identity, Trail, assumed, iam_user
from benchmarks.heldout26.truth import Row, row

M = dt.timedelta(minutes=1)
Call = tuple[str, str, dict[str, Any] | None]


def attacker(
    trail: Trail,
    t: dt.datetime,
    c: o.Customer,
    who: Identity,
    ip: str,
    agent: str,
    calls: list[Call],
    *,
    region: str | None = None,
    step: float = 1.0,
    errors: dict[str, str] | None = None,
) -> list[str]:
    """An attacker's calls with one identity, ``step`` minutes apart; their event IDs."""
    ids = []
    for n, (src, name, req) in enumerate(calls):
        cmd = f"{src.split('.')[0]}.{name.lower()}"
        err = (errors or {}).get(name)
        where = region or (o.GLOBAL if src == "iam.amazonaws.com" else c.region)
        r = trail.call(
            t + M * step * n,
            c.account,
            where,
            who,
            src,
            name,
            ip,
            agent.replace("{cmd}", cmd),
            request=req or {},
            error=err,
        )
        ids.append(r["eventID"])
    return ids


def later(
    trail: Trail,
    org: Org,
    s: list[int],
    live: list[o.Customer],
    new: o.Customer,
    victim_engineer: o.Engineer,
    nl: str,
) -> list[Row]:
    rng = org.rng
    kali = o.KALI_CLI
    rows: list[Row] = []
    # A5: a customer's CI key leaked in a public repository, used from a Tor exit to mine
    c5 = next((c for c in live if c.users), live[0])
    user5, akid5, _ = c5.users[0]
    tor = o.host(rng, "tor_exit")
    t5 = org.at(s[3], 2.1)
    me5 = iam_user(
        c5.account, user5, akid5, org.user_ids.setdefault(c5.account + user5, o.uid(rng, "AIDA"))
    )
    ids = attacker(
        trail,
        t5,
        c5,
        me5,
        tor,
        o.PACU,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("ec2.amazonaws.com", "DescribeRegions", None),
            ("ec2.amazonaws.com", "DescribeInstanceTypeOfferings", None),
        ],
        region=o.GLOBAL,
    )
    ids += attacker(
        trail,
        t5 + M * 4,
        c5,
        me5,
        tor,
        o.PACU,
        [
            ("ec2.amazonaws.com", "CreateKeyPair", {"keyName": "k1"}),
            (
                "ec2.amazonaws.com",
                "AuthorizeSecurityGroupIngress",
                {
                    "groupId": "sg-0a1b2c3d4e5f60718",
                    "ipPermissions": {
                        "items": [
                            {"ipProtocol": "-1", "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}
                        ]
                    },
                },
            ),
            (
                "ec2.amazonaws.com",
                "RunInstances",
                {
                    "instanceType": "g4dn.12xlarge",
                    "instancesSet": {
                        "items": [
                            {"imageId": "ami-0e86e20dae9224db8", "minCount": 8, "maxCount": 8}
                        ]
                    },
                },
            ),
            (
                "ec2.amazonaws.com",
                "RunInstances",
                {
                    "instanceType": "c5.4xlarge",
                    "instancesSet": {
                        "items": [
                            {"imageId": "ami-0e86e20dae9224db8", "minCount": 4, "maxCount": 4}
                        ]
                    },
                },
            ),
        ],
        region=o.GLOBAL,
        errors={"RunInstances": "Client.VcpuLimitExceeded"},
    )
    rows.append(
        row(
            "A5",
            "a customer's CI key leaked on GitHub, used from a Tor exit to launch GPU miners in us-east-1",
            "attack",
            "high",
            t5,
            t5 + M * 10,
            access_key_id=akid5,
            source_ip=tor,
        )
    )

    # A6: data staged out: a customer's ECS task credentials (SSRF to the task's credential
    # endpoint) snapshot a volume and share it with an outside account
    c6 = live[1 % len(live)]
    us = o.host(rng, "vps_us")
    t6 = org.at(s[3], 22.6)
    task_id = f"{int(c6.account) * 7919:032x}"[-32:]
    k6 = o.key(rng)
    trail.mint(
        t6 - dt.timedelta(hours=1.5),
        c6.account,
        c6.region,
        "ecs-tasks.amazonaws.com",
        f"{c6.name.split('-')[0]}-api-task",
        c6.role_ids["ecs"],
        task_id,
        k6,
    )
    task = assumed(
        c6.account,
        f"{c6.name.split('-')[0]}-api-task",
        task_id,
        k6,
        c6.role_ids["ecs"],
        t6 - dt.timedelta(hours=1.5),
    )
    vol = o.uid(rng, "vol-0", 16).lower()
    snap = o.uid(rng, "snap-0", 16).lower()
    attacker(
        trail,
        t6,
        c6,
        task,
        us,
        o.APP_PY,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("ec2.amazonaws.com", "DescribeVolumes", None),
            ("ec2.amazonaws.com", "CreateSnapshot", {"volumeId": vol}),
            (
                "ec2.amazonaws.com",
                "DescribeSnapshots",
                {"snapshotSet": {"items": [{"snapshotId": snap}]}},
            ),
            (
                "ec2.amazonaws.com",
                "ModifySnapshotAttribute",
                {
                    "snapshotId": snap,
                    "createVolumePermission": {"add": {"items": [{"userId": o.account_id(rng)}]}},
                    "attributeType": "CREATE_VOLUME_PERMISSION",
                },
            ),
        ],
        step=3,
    )
    rows.append(
        row(
            "A6",
            "ECS task credentials stolen through SSRF share a database volume's snapshot with an outside account",
            "attack",
            "medium",
            t6,
            t6 + M * 15,
            access_key_id=k6,
            source_ip=us,
        )
    )

    # A7: quiet: an instance's credentials (IMDSv1 SSRF) used from an EC2 instance in another
    # AWS account in the same region, with the application's own SDK, reading more secrets
    c7 = live[2 % len(live)]
    inst = c7.instances[-1]
    t7 = org.at(s[4], 4.3)
    k7 = o.key(rng)
    trail.mint(
        t7 - M * 40,
        c7.account,
        c7.region,
        "ec2.amazonaws.com",
        c7.fleet_role,
        c7.role_ids["fleet"],
        inst.instance_id,
        k7,
    )
    who7 = assumed(
        c7.account,
        c7.fleet_role,
        inst.instance_id,
        k7,
        c7.role_ids["fleet"],
        t7 - M * 40,
        instance=True,
    )
    there = o.aws_ip(rng, c7.region)
    attacker(
        trail,
        t7,
        c7,
        who7,
        there,
        o.APP_PY,
        [
            ("secretsmanager.amazonaws.com", "ListSecrets", None),
            ("secretsmanager.amazonaws.com", "GetSecretValue", {"secretId": f"{c7.name}/app/db"}),
            (
                "secretsmanager.amazonaws.com",
                "GetSecretValue",
                {"secretId": f"{c7.name}/payments/api-key"},
            ),
            (
                "secretsmanager.amazonaws.com",
                "GetSecretValue",
                {"secretId": f"{c7.name}/sftp/partner"},
            ),
        ],
        step=7,
    )
    rows.append(
        row(
            "A7",
            "an instance's credentials used from an EC2 instance in another AWS account, the app's SDK, reading secrets",
            "attack",
            "medium",
            t7,
            t7 + M * 25,
            access_key_id=k7,
            source_ip=there,
        )
    )

    # A8: the new customer's first day: its bastion's instance credentials used from a VPS
    sg = o.host(rng, "vps_sg")
    t8 = org.at(new.joins, 20.3)
    bastion = new.instances[0]
    k8 = o.key(rng)
    trail.mint(
        t8 - dt.timedelta(hours=2),
        new.account,
        new.region,
        "ec2.amazonaws.com",
        new.fleet_role,
        new.role_ids["fleet"],
        bastion.instance_id,
        k8,
    )
    who8 = assumed(
        new.account,
        new.fleet_role,
        bastion.instance_id,
        k8,
        new.role_ids["fleet"],
        t8 - dt.timedelta(hours=2),
        instance=True,
    )
    attacker(
        trail,
        t8,
        new,
        who8,
        sg,
        kali,
        [
            ("sts.amazonaws.com", "GetCallerIdentity", None),
            ("s3.amazonaws.com", "ListBuckets", None),
            ("iam.amazonaws.com", "ListAttachedRolePolicies", {"roleName": new.fleet_role}),
            ("ec2.amazonaws.com", "DescribeInstances", None),
        ],
        step=2,
    )
    rows.append(
        row(
            "A8",
            "the onboarded customer's bastion credentials used from a VPS on its first day",
            "attack",
            "medium",
            t8,
            t8 + M * 10,
            access_key_id=k8,
            source_ip=sg,
        )
    )

    # A9: Codefinger-style ransom: a customer's user key sets a 7-day expiry on its records
    c9 = next((c for c in reversed(live) if c.users and c is not c5), live[-1])
    user9, akid9, _ = c9.users[-1]
    de2 = o.host(rng, "vps_de")
    t9 = org.at(s[4], 1.7)
    me9 = iam_user(
        c9.account, user9, akid9, org.user_ids.setdefault(c9.account + user9, o.uid(rng, "AIDA"))
    )
    bucket = f"{c9.name}-records"
    attacker(
        trail,
        t9,
        c9,
        me9,
        de2,
        o.S3_BROWSER,
        [
            ("s3.amazonaws.com", "ListBuckets", None),
            ("s3.amazonaws.com", "GetBucketVersioning", {"bucketName": bucket}),
            (
                "s3.amazonaws.com",
                "PutBucketVersioning",
                {"bucketName": bucket, "VersioningConfiguration": {"Status": "Suspended"}},
            ),
            (
                "s3.amazonaws.com",
                "PutBucketLifecycle",
                {
                    "bucketName": bucket,
                    "LifecycleConfiguration": {
                        "Rule": {"Expiration": {"Days": 7}, "Status": "Enabled"}
                    },
                },
            ),
        ],
        step=1.5,
    )
    rows.append(
        row(
            "A9",
            "a customer's user key suspends versioning and sets a 7-day expiry on the records bucket (Codefinger-style)",
            "attack",
            "high",
            t9,
            t9 + M * 8,
            access_key_id=akid9,
            source_ip=de2,
        )
    )

    # A10: back in the automation account, the same stolen identity plants code in the runbook
    t10 = org.at(s[3], 20.1)
    auto2 = sso_session(
        trail,
        org,
        victim_engineer,
        t10,
        o.AUTOMATION_ACCOUNT,
        nl,
        kali.replace("{cmd}", "sso.login"),
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("A10", "", "attack", "medium", signed - M, signed + M, event_ids=portal))
    steps: tuple[tuple[str, dict[str, Any]], ...] = (
        ("GetFunction20150331v2", {"functionName": "skellig-runbook-dispatcher"}),
        (
            "UpdateFunctionCode20150331v2",
            {"functionName": "skellig-runbook-dispatcher", "publish": True},
        ),
        (
            "UpdateFunctionConfiguration20150331v2",
            {"functionName": "skellig-runbook-dispatcher", "environment": {}},
        ),
        ("DeleteLogGroup", {"logGroupName": "/aws/lambda/skellig-runbook-dispatcher"}),
    )
    for n, (name, req) in enumerate(steps):
        src = "logs.amazonaws.com" if name == "DeleteLogGroup" else "lambda.amazonaws.com"
        trail.call(
            t10 + M * (1 + 2 * n),
            o.AUTOMATION_ACCOUNT,
            o.HOME,
            auto2,
            src,
            name,
            nl,
            kali.replace("{cmd}", f"{src.split('.')[0]}.x"),
            request=req,
        )
    rows.append(
        row(
            "A10",
            "the stolen identity changes the runbook dispatcher's code and deletes its log group",
            "attack",
            "medium",
            t10,
            t10 + M * 10,
            access_key_id=auto2.key,
            source_ip=nl,
        )
    )

    return rows
