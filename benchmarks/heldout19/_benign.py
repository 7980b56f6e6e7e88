"""The benign changes of the scored days: the events of those that are more than a bend of the
background (``_changes`` has the dates), the charging account vended on the second scored
day, and every change's truth rows (expected at most low)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout19._background import CONN, SUPP, TELE, functions, instance_hours, spread
from benchmarks.heldout19._changes import CHANGE_DAYS, active
from benchmarks.heldout19._partners import config_recorders
from benchmarks.heldout19._people import hash_host, on_duty, people
from benchmarks.heldout19._plan import ACCOUNTS, OSAKA, TOKYO, address, aws_address, jst, ua
from benchmarks.heldout19._trail import Caller, Day

CHARGING = ACCOUNTS["charging"]
Row = dict[str, Any]


def release_run(d: Day, rng: random.Random, t: dt.datetime, account: str, repo: str) -> Caller:
    """The GitHub Actions run that ships a change: OIDC, then the target's deployer role."""
    oidc = d.web_identity(
        rng,
        t - dt.timedelta(minutes=2),
        ACCOUNTS["engineering"],
        "gha-oidc",
        repo,
        ip=address("github", rng.randrange(250)),
        ua=ua("gha_cli", cmd="sts.assume-role"),
    )
    dep = d.assume_role(
        rng,
        t - dt.timedelta(minutes=1),
        oidc,
        account,
        "terraform-deployer",
        f"gha-{rng.getrandbits(32):08x}",
        ua=ua("terraform", api="cloudformation"),
    )
    d.register(f"deployer/{account}", t, dep)
    return dep


def cfn(who: Caller) -> Caller:
    """CloudFormation acting with the deployer's session."""
    return Caller(
        {**who.identity, "invokedBy": "cloudformation.amazonaws.com"},
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        who.account,
    )


def campaign(d: Day, jobs: int) -> None:
    """The campaign manager creates ``jobs`` IoT jobs, each for a thing group of vehicles,
    pointing at firmware in the signed bucket."""
    rng = d.rng("ota-jobs")
    for k in range(jobs):
        t = jst(d.day, 10 + 6 * k / max(jobs, 1)) + dt.timedelta(seconds=rng.uniform(0, 60))
        who = d.current("ota-campaign-manager", t)
        group = f"arn:aws:iot:ap-northeast-1:{CONN}:thinggroup/model-{rng.choice(['kz3', 'kz5', 'ev1'])}-{k:03d}"
        d.emit(
            t,
            who,
            "iot.amazonaws.com",
            "CreateJob",
            read_only=False,
            request={
                "jobId": f"ota-{d.day:%Y%m%d}-{k:03d}",
                "targets": [group],
                "documentSource": f"https://kurenai-firmware-signed.s3.ap-northeast-1.amazonaws.com/jobs/{d.day:%Y%m%d}.json",
                "targetSelection": "SNAPSHOT",
            },
        )


def new_model(d: Day) -> None:
    """B2: the platform pipeline's stack for the KZ7: thing type, policies, group, rule."""
    rng = d.rng("b2")
    t = jst(d.day, 14)
    dep = release_run(d, rng, t, CONN, "platform-infra")
    d.emit(t, dep, "cloudformation.amazonaws.com", "CreateChangeSet", read_only=False)
    d.emit(
        t + dt.timedelta(seconds=30),
        dep,
        "cloudformation.amazonaws.com",
        "ExecuteChangeSet",
        read_only=False,
    )
    for k, name in enumerate(
        [
            "CreateThingType",
            "CreatePolicy",
            "CreatePolicy",
            "CreatePolicy",
            "CreateThingGroup",
            "CreateProvisioningTemplate",
            "CreateTopicRule",
            "TagResource",
        ]
    ):
        d.emit(
            t + dt.timedelta(seconds=40 + 3 * k + rng.random()),
            cfn(dep),
            "iot.amazonaws.com",
            name,
            read_only=False,
            request={"name": f"kz7-{name[6:].lower()}"},
        )


def ca_rotation(d: Day) -> None:
    """B3: the rotation Lambda registers next year's CA and moves the fleet's certificates."""
    rng = d.rng("b3")
    t = jst(d.day, 2)
    who = d.current("cert-rotation", t)
    d.emit(t, who, "iot.amazonaws.com", "RegisterCACertificate", read_only=False)
    d.emit(
        t + dt.timedelta(seconds=20),
        who,
        "iot.amazonaws.com",
        "UpdateCACertificate",
        read_only=False,
        request={"newStatus": "ACTIVE", "newAutoRegistrationStatus": "ENABLE"},
    )
    d.emit(
        t + dt.timedelta(seconds=40),
        who,
        "iot.amazonaws.com",
        "CreateProvisioningTemplateVersion",
        read_only=False,
    )
    for tt in spread(d, rng, d.n(320, rng), t + dt.timedelta(minutes=1), 3):
        who = d.current("cert-rotation", tt)
        d.emit(
            tt,
            who,
            "iot.amazonaws.com",
            "UpdateCertificate",
            read_only=False,
            request={"certificateId": f"{rng.getrandbits(256):064x}", "newStatus": "INACTIVE"},
        )


def dr_drill(d: Day) -> None:
    """B4: an SRE moves the service to Osaka and back (the fleet gateway's share is in the
    background)."""
    rng = d.rng("b4")
    t = jst(d.day, 10)
    sre = on_duty(d, "k.yamamoto@kurenai-mobility.example", t)
    for k, (source, name, region) in enumerate(
        [
            ("route53.amazonaws.com", "ChangeResourceRecordSets", "us-east-1"),
            ("ecs.amazonaws.com", "UpdateService", OSAKA),
            ("ecs.amazonaws.com", "DescribeServices", OSAKA),
            ("dynamodb.amazonaws.com", "DescribeTable", OSAKA),
            ("kinesis.amazonaws.com", "DescribeStreamSummary", OSAKA),
            ("lambda.amazonaws.com", "GetFunction", OSAKA),
            ("ecs.amazonaws.com", "UpdateService", TOKYO),
            ("route53.amazonaws.com", "ChangeResourceRecordSets", "us-east-1"),
        ]
    ):
        d.emit(
            t + dt.timedelta(minutes=20 * k + rng.uniform(0, 5)),
            sre,
            source,
            name,
            region,
            read_only=name.startswith("Describe") or name.startswith("Get"),
        )


def launch_capacity(d: Day) -> None:
    """B9: an SRE splits the telemetry stream's shards and raises the ingest function's
    reserved concurrency for the KZ7 launch."""
    rng = d.rng("b9")
    t = jst(d.day, 13)
    sre = d.assume_role(
        rng,
        t,
        on_duty(d, "d.matsumoto@kurenai-mobility.example", t),
        TELE,
        "PlatformAdmin",
        "d.matsumoto@kurenai-mobility.example",
    )
    steps = [("kinesis.amazonaws.com", "SplitShard")] * 4 + [
        ("kinesis.amazonaws.com", "UpdateShardCount"),
        ("lambda.amazonaws.com", "PutFunctionConcurrency"),
        ("application-autoscaling.amazonaws.com", "RegisterScalableTarget"),
        ("application-autoscaling.amazonaws.com", "PutScalingPolicy"),
    ]
    for k, (source, name) in enumerate(steps):
        d.emit(t + dt.timedelta(minutes=3 * k + rng.random()), sre, source, name, read_only=False)


def onboard_supplier(d: Day) -> None:
    """B10: the pipeline creates supplier Tokai's role with an external-ID trust."""
    rng = d.rng("b10")
    t = jst(d.day, 15)
    dep = release_run(d, rng, t, SUPP, "supplier-integration")
    for k, name in enumerate(["CreateRole", "PutRolePolicy", "TagRole", "GetRole"]):
        d.emit(
            t + dt.timedelta(seconds=10 * k + rng.random()),
            dep,
            "iam.amazonaws.com",
            name,
            read_only=name == "GetRole",
            request={"roleName": "supplier-tokai-diag"},
        )
    d.emit(
        t + dt.timedelta(seconds=60),
        dep,
        "s3.amazonaws.com",
        "PutBucketPolicy",
        request={"bucketName": "kurenai-diag-exchange"},
        read_only=False,
    )


def charging_account(d: Day) -> None:
    """B11: the charging account, from the day it is vended: two charger-gateway instances
    (hourly keys), a billing Lambda and AWS Config."""
    rng = d.rng("charging")
    for i in range(2):
        instance = f"i-0c4a{d.seed:02d}{i}e8f1b7d93{i}"
        for t0, who in instance_hours(
            d, rng, CHARGING, "charger-gateway-instance", instance, 7000 + i
        ):
            d.register(f"charger-{i}", t0, who)
            for t in spread(d, rng, d.n(6, rng), t0, 1):
                d.emit(
                    t,
                    who,
                    *rng.choice(
                        [
                            ("dynamodb.amazonaws.com", "DescribeTable"),
                            ("sqs.amazonaws.com", "GetQueueAttributes"),
                            ("kms.amazonaws.com", "Decrypt"),
                            ("ssm.amazonaws.com", "GetParameter"),
                        ]
                    ),
                )
    for env in range(6):
        t0 = jst(d.day, env * 4) + dt.timedelta(minutes=rng.uniform(0, 30))
        who = d.service_role(
            rng,
            t0,
            CHARGING,
            "session-billing-role",
            "session-billing",
            "lambda.amazonaws.com",
            ip=aws_address(TOKYO, rng.randrange(10**6)),
            ua=ua("node", api="dynamodb"),
        )
        for t in spread(d, rng, d.n(15, rng), t0, 4):
            d.emit(
                t,
                who,
                *rng.choice(
                    [
                        ("kms.amazonaws.com", "Decrypt"),
                        ("secretsmanager.amazonaws.com", "GetSecretValue"),
                        ("events.amazonaws.com", "PutEvents"),
                    ]
                ),
            )
    config_recorders(d, [CHARGING])


def benign_events(d: Day) -> None:
    """The events of the changes made on ``d.day`` (run after the background)."""
    today = active(d.day)
    if d.day >= CHANGE_DAYS["B11"]:
        charging_account(d)
    if "B1" in today:
        functions(d, boost={"ota-campaign-manager": 20}, only=["ota-campaign-manager"])
        campaign(d, d.n(40, d.rng("b1")))
    for change, make in (
        ("B2", new_model),
        ("B3", ca_rotation),
        ("B4", dr_drill),
        ("B9", launch_capacity),
        ("B10", onboard_supplier),
    ):
        if change in today:
            make(d)


def _role(account: str, role: str) -> str:
    return f"arn:aws:iam::{account}:role/{role}"


def benign_truth() -> list[Row]:
    """One or more rows per change, each a principal over the JST day(s) of the change."""
    eng, conn, tele, supp = (
        ACCOUNTS[k] for k in ("engineering", "connectivity", "telematics", "supplier")
    )
    last = dt.date(2026, 5, 11)

    def rows(
        change: str,
        name: str,
        principals: list[str],
        *,
        until: dt.date | None = None,
        ips: str = "",
    ) -> list[Row]:
        day = CHANGE_DAYS[change]
        return [
            {
                "id": change,
                "name": name,
                "label": "benign",
                "principal_arn": p,
                "source_ip": ips,
                "start": jst(day, 0).isoformat(),
                "end": jst(until or day, 24).isoformat(),
                "expected_max_severity": "low",
            }
            for p in principals
        ]

    night = [p for p in people() if p.shift == "night"]
    return [
        *rows(
            "B1",
            "nationwide OTA campaign: 40 jobs and x20 job polling by the campaign manager",
            [_role(conn, "ota-campaign-manager-role")],
        ),
        *rows(
            "B2",
            "new vehicle model KZ7: thing type, policies, group and rule by the pipeline's CloudFormation",
            [_role(conn, "terraform-deployer")],
        ),
        *rows(
            "B3",
            "annual CA rotation: RegisterCACertificate and ~320 UpdateCertificate by the rotation Lambda",
            [_role(conn, "cert-rotation-role")],
        ),
        *rows(
            "B4",
            "DR drill: the fleet gateway and an SRE in ap-northeast-3",
            [_role(conn, "fleet-gateway-task"), _role(conn, "PlatformAdmin")],
        ),
        *rows(
            "B5",
            "back from Golden Week: the office returns after a week of near silence",
            [_role(eng, "Engineer"), _role(tele, "TelematicsAnalyst")],
        ),
        *rows(
            "B6",
            "supplier Kariya's announced move to a new IIJ egress range",
            [_role(supp, "supplier-kariya-diag")],
            until=last,
            ips=" ".join(address("supplier_kariya_new", 20 + k) for k in range(4)),
        ),
        *rows(
            "B7",
            "the night shift works from the Nagoya office",
            [_role(conn, "VehicleOps")],
            until=last,
            ips=" ".join(sorted({address("office_nagoya", 30 + hash_host(p.name)) for p in night})),
        ),
        *rows(
            "B8",
            "WorkSpaces bundle upgrade: new Windows build, new CLI and browser for every engineer",
            [_role(eng, "Engineer"), _role(conn, "PlatformReadOnly")],
        ),
        *rows(
            "B9",
            "launch capacity: Kinesis shards split, Lambda concurrency raised",
            [
                _role(conn, "PlatformAdmin"),
                _role(tele, "PlatformAdmin"),
                _role(tele, "telemetry-ingest-role"),
            ],
        ),
        *rows(
            "B10",
            "supplier Tokai onboarded by the pipeline (role with an external ID), reading from the next day",
            [_role(supp, "terraform-deployer")],
        )
        + rows("B10", "", [_role(supp, "supplier-tokai-diag")], until=last),
        *rows(
            "B11",
            "the charging account is vended and starts work",
            [
                _role(CHARGING, r)
                for r in (
                    "charger-gateway-instance",
                    "session-billing-role",
                    "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                )
            ],
            until=last,
        ),
    ]
