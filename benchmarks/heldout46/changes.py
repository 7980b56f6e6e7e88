"""The benign changes a naive detector would flag, and the Tauranga laboratory account that joins
during the scored days. The release (B1), SDK upgrade (B3), endpoints (B4), NAT move (B5),
reorganisation (B9), calving peak (B11) and Auto Scaling (B12) are carried by the routine; this
module writes the rest and every benign truth row."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout46.arrivals import auditors, laboratory, responders
from benchmarks.heldout46.machines import hours
from benchmarks.heldout46.people import Person, admin_calls, session
from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.trail import GLOBAL, Actor
from benchmarks.heldout46.truth import benign
from benchmarks.heldout46.world import (
    COMPLIANCE_VENDOR,
    DATA,
    DATA_REGION,
    MGMT,
    PROD,
    PROD_REGION,
    host,
)

DAY = dt.timedelta(days=1)


def benign_changes(s: Scene, people: list[Person]) -> None:
    rng, rows, end = s.rng("changes"), s.truth, s.stop
    admin, dev = people[0], people[3]
    role = lambda account, name: f"arn:aws:iam::{account}:role/{name}"  # noqa: E731
    benign(
        rows,
        "B1",
        "herdtest-api release reads a new secret and table on every instance",
        role(PROD, "herdtest-api-ec2"),
        s.release - dt.timedelta(minutes=15),
        s.release + DAY,
    )
    # B2: the platform admin at a conference in Sydney, console with MFA through Okta, usual browser
    t = dt.datetime.combine(s.slot(1), dt.time()) - dt.timedelta(
        hours=1
    )  # 12:00 NZDT, 10:00 Sydney
    hotel = host("hotel_syd", 777)
    actor, _ = session(s, admin, "okta-platform-admin", t, hotel, rng, calls=25, tag="syd")
    benign(
        rows,
        "B2",
        "platform admin travelling to Sydney, through Okta with MFA",
        actor.arn,
        t,
        t + DAY,
    )
    benign(
        rows,
        "B3",
        "sample-intake tasks upgrade boto3 1.34 to 1.35",
        role(PROD, "sample-intake-task"),
        s.sdk_upgrade,
        s.sdk_upgrade + DAY,
    )
    # B4 and B5: the admin's network changes, then the fleet calls through them
    actor, _ = session(
        s,
        admin,
        "okta-platform-admin",
        s.nat_move - dt.timedelta(minutes=20),
        host("office", 40),
        rng,
        calls=3,
        tag="nat",
    )
    admin_calls(
        s,
        actor,
        s.nat_move - dt.timedelta(minutes=10),
        host("office", 40),
        [
            ("ec2", "AllocateAddress", PROD_REGION),
            ("ec2", "AllocateAddress", PROD_REGION),
            ("ec2", "CreateNatGateway", PROD_REGION),
            ("ec2", "CreateNatGateway", PROD_REGION),
            ("ec2", "ReplaceRoute", PROD_REGION),
            ("ec2", "ReplaceRoute", PROD_REGION),
            ("ec2", "DeleteNatGateway", PROD_REGION),
            ("ec2", "ReleaseAddress", PROD_REGION),
        ],
    )
    for name in ("herdtest-api-ec2", "sample-intake-task"):
        benign(
            rows,
            "B5",
            "NAT gateways replaced with new Elastic IPs",
            role(PROD, name),
            s.nat_move,
            s.nat_move + DAY,
        )
    actor, _ = session(
        s,
        admin,
        "okta-platform-admin",
        s.endpoints - dt.timedelta(minutes=30),
        host("office", 40),
        rng,
        calls=2,
        tag="vpce",
    )
    admin_calls(
        s,
        actor,
        s.endpoints - dt.timedelta(minutes=20),
        host("office", 40),
        [
            ("ec2", "CreateVpcEndpoint", PROD_REGION),
            ("ec2", "CreateVpcEndpoint", PROD_REGION),
            ("route53", "ChangeResourceRecordSets", GLOBAL),
            ("ec2", "ModifyVpcEndpoint", PROD_REGION),
        ],
    )
    benign(
        rows,
        "B4",
        "Secrets Manager and KMS interface endpoints: the fleet calls from private addresses",
        role(PROD, "herdtest-api-ec2"),
        s.endpoints,
        s.endpoints + DAY,
    )
    compliance(s, admin)
    responders(s)
    auditors(s, admin)
    for p in people:
        if p.role == "okta-lab-analyst":
            benign(
                rows,
                "B9",
                "lab analysts moved to the new okta-data-science role",
                f"arn:aws:sts::{DATA}:assumed-role/okta-data-science/{p.email}",
                s.reorg,
                end,
            )
    laboratory(s, admin)
    benign(
        rows,
        "B11",
        "calving peak: twice the intake tasks, KMS throttling",
        role(PROD, "sample-intake-task"),
        hours(s.slot(3)),
        hours(s.slot(4)) + DAY,
    )
    benign(
        rows,
        "B12",
        "Auto Scaling replaces two herdtest-api instances",
        role(PROD, "herdtest-api-ec2"),
        s.scaling - dt.timedelta(minutes=5),
        s.scaling + dt.timedelta(hours=8),
    )
    benign(
        rows,
        "B12",
        "Auto Scaling replaces two herdtest-api instances",
        role(PROD, "AWSServiceRoleForAutoScaling"),
        s.scaling - dt.timedelta(minutes=5),
        s.scaling + dt.timedelta(hours=1),
    )
    # B13: Saturday-evening on-call fix from a phone's tethering, the developer's usual console
    t = dt.datetime.combine(s.slot(3), dt.time(8, 12))  # 21:12 NZDT Saturday
    oncall = Person(dev.email, dev.role, "mobile", host("mobile", 9001), True)
    actor, _ = session(s, oncall, "okta-developer", t, oncall.home_ip, rng, calls=12, tag="oncall")
    admin_calls(
        s,
        actor,
        t + dt.timedelta(minutes=40),
        oncall.home_ip,
        [
            ("ecs", "UpdateService", PROD_REGION),
            ("ssm", "PutParameter", PROD_REGION),
            ("ecs", "DescribeServices", PROD_REGION),
        ],
    )
    benign(
        rows,
        "B13",
        "weekend on-call fix from a phone's tethering",
        actor.arn,
        t,
        t + dt.timedelta(hours=3),
    )


def compliance(s: Scene, admin: Person) -> None:
    """B6: a compliance-automation vendor's role with an external ID in three accounts."""
    rng = s.rng("compliance")
    start = s.at(2, 0, 30)
    actor, _ = session(
        s,
        admin,
        "okta-platform-admin",
        start - dt.timedelta(minutes=30),
        host("office", 40),
        rng,
        calls=2,
        tag="comp",
    )
    admin_calls(
        s,
        actor,
        start - dt.timedelta(minutes=20),
        host("office", 40),
        [
            ("iam", "CreateRole", PROD_REGION),
            ("iam", "AttachRolePolicy", PROD_REGION),
            ("iam", "AttachRolePolicy", PROD_REGION),
        ],
    )
    agent = "aws-sdk-java/2.28.11 Linux/6.1.112-122.189.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS java/21.0.4 vendor/Amazon.com_Inc. tui-scanner/12.4"
    caller = s.trail.role_session(COMPLIANCE_VENDOR, "tui-scanner", "scanner", "", start, False)
    t = start
    while t < s.stop:
        for account, region in ((PROD, PROD_REGION), (DATA, DATA_REGION), (MGMT, "us-east-1")):
            ip = host("use1_comp", rng.randrange(9000))
            who = Actor(
                {**caller.identity, "accessKeyId": s.ids.key("ASIA", "tuic", t, account)},
                COMPLIANCE_VENDOR,
            )
            role, _ = s.trail.assume(
                t,
                who,
                account,
                "TuiComplianceAuditRole",
                f"tui-{t:%H%M}",
                s.ids.key("ASIA", "tui", t, account),
                ip,
                agent,
                external_id="tui-d41c-88aa",
            )
            for k, (source, name) in enumerate(
                (
                    ("iam", "GetAccountAuthorizationDetails"),
                    ("s3", "ListBuckets"),
                    ("s3", "GetBucketPolicy"),
                    ("ec2", "DescribeSecurityGroups"),
                    ("cloudtrail", "DescribeTrails"),
                    ("cloudtrail", "GetTrailStatus"),
                    ("kms", "ListKeys"),
                    ("rds", "DescribeDBInstances"),
                )
            ):
                s.trail.call(
                    t + dt.timedelta(seconds=3 + 2 * k),
                    role,
                    source,
                    name,
                    GLOBAL if source == "iam" else region,
                    ip,
                    agent,
                )
        t += dt.timedelta(hours=4, minutes=rng.randrange(5))
    for account in (PROD, DATA, MGMT):
        benign(
            s.truth,
            "B6",
            "new compliance vendor's role with an external ID",
            f"arn:aws:iam::{account}:role/TuiComplianceAuditRole",
            start,
            s.stop,
        )
