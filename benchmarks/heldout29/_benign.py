"""The benign changes on the scored days (B1...): the ones that make a detector cry wolf in a
smart-home maker, each with its truth row (``expected_max_severity``)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout29 import _org as o
from benchmarks.heldout29._attacks import Row, calls, row
from benchmarks.heldout29._build import ota_downloads
from benchmarks.heldout29._fleet import Fleet, at, cognito_credentials
from benchmarks.heldout29._records import Trail, role_arn, sso_role
from benchmarks.heldout29._staff import datadog, glue_crawler, person_session

AUTH = role_arn(o.PROD, "frostvik-app-auth")


def b1_app_release(tr: Trail, fl: Fleet, day: dt.date, last: dt.date) -> list[Row]:
    """App 5.0 (Amplify Swift, Kotlin SDK) rolls out through the stores: every updated phone's
    agent changes over two days. Marks the phones; their calls are the phones' own."""
    for phone in fl.phones:
        if tr.rng.random() < 0.7:
            phone.updated = min(last, day + dt.timedelta(days=tr.rng.choice((0, 0, 1, 1, 2))))
    return [
        row(
            "B1",
            "app 5.0 release: a new SDK user agent on every phone",
            "benign",
            at(day, 1),
            at(last, 25),
            principal=AUTH,
            severity="low",
        )
    ]


def b2_firmware_rollout(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """Firmware 3.5.0 to the 'early' cohort: an IoT job, hundreds of presigned downloads."""
    person = o.PEOPLE[2]  # maja.ek, release manager this week
    key, _ = person_session(tr, person, day, 9.5, account=o.PROD, console=False, calls=2)
    ident = tr.sso(o.PROD, person.pset, person.user, key, at(day, 9.5))
    ip = tr.ip(person.home)
    calls(
        tr,
        at(day, 9.7),
        o.PROD,
        ident,
        ip,
        person.ua,
        (
            ("iot", "CreateJob", None),
            ("iot", "DescribeJob", None),
            ("iot", "ListJobExecutionsForJob", None),
        ),
    )
    ota_downloads(tr, fl, day, max(20, len(fl.phones) // 3), version="3.5.0")
    return [
        row(
            "B2",
            "firmware 3.5.0 rollout to the early cohort",
            "benign",
            at(day, 3),
            at(day, 25),
            principal=role_arn(o.PROD, "iot-ota-s3-presign"),
            severity="low",
        ),
        row(
            "B2",
            "firmware 3.5.0 rollout to the early cohort",
            "benign",
            at(day, 9.5),
            at(day, 11),
            key=key,
            severity="low",
        ),
    ]


def b3_us_region(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The US launch: prod opens us-east-1 (CloudFormation creates IoT and Cognito resources
    for the deploying engineer), and the API's functions start serving there."""
    person = o.PEOPLE[5]  # johan.sjoberg
    key, _ = person_session(
        tr, person, day, 13.0, account=o.PROD, console=False, calls=1, region="us-east-1"
    )
    ident = tr.sso(o.PROD, person.pset, person.user, key, at(day, 13.0))
    ip = tr.ip(person.home)
    calls(
        tr,
        at(day, 13.1),
        o.PROD,
        ident,
        ip,
        person.ua,
        (
            ("cloudformation", "CreateStack", None),
            ("cloudformation", "DescribeStacks", None),
            ("cloudformation", "DescribeStackEvents", None),
        ),
        region="us-east-1",
    )
    cfn = {**ident, "invokedBy": "cloudformation.amazonaws.com"}
    t = at(day, 13.2)
    for n, (source, name) in enumerate(
        (
            ("iot", "CreateTopicRule"),
            ("iot", "CreatePolicy"),
            ("cognito-identity", "CreateIdentityPool"),
            ("lambda", "CreateFunction20150331"),
            ("apigateway", "CreateRestApi"),
            ("dynamodb", "CreateTable"),
            ("iam", "PassRole"),
        )[:6]
    ):
        tr.event(
            t + dt.timedelta(seconds=15 * n),
            o.PROD,
            "us-east-1",
            source,
            name,
            cfn,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
        )
    from benchmarks.heldout29._fleet import lambdas

    lambdas(tr, fl, day, region="us-east-1")
    return [
        row(
            "B3",
            "prod opens us-east-1 for the US launch",
            "benign",
            at(day, 13),
            at(day, 25),
            key=key,
            severity="low",
        ),
        row(
            "B3",
            "prod opens us-east-1 for the US launch",
            "benign",
            at(day, 13),
            at(day, 25),
            principal=role_arn(o.PROD, "lambda-api-devices"),
            severity="low",
        ),
    ]


def b4_codebuild_image(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The build image moves to aws/codebuild/amazonlinux-x86_64-standard:5.0: a new CLI, Python
    and kernel in every build's agent from this day on."""
    fl.codebuild_ua = o.CODEBUILD_CLI_NEW
    return [
        row(
            "B4",
            "CodeBuild image upgrade: new CLI agent in every build",
            "benign",
            at(day, 1),
            at(day, 25) + dt.timedelta(days=4),
            principal=role_arn(o.BUILD, "codebuild-firmware-service-role"),
            severity="low",
        )
    ]


def b5_load_test(tr: Trail, fl: Fleet, day: dt.date, scale: float) -> list[Row]:
    """A load-test vendor drives the sign-in flow from its own EC2 fleet in eu-north-1 for two
    hours: guest and test users' credentials from AWS addresses, far above any phone."""
    ips = tuple(tr.aws_ip("ec2", o.HOME) for _ in range(6))
    t0 = at(day, 10.0)
    ua = "k6/0.54.0 (https://k6.io/) aws-sdk-js/3.600.0 ua/2.0 api/cognito-identity#3.600.0"
    for _ in range(max(60, int(500 * scale))):
        t = t0 + dt.timedelta(seconds=tr.rng.randrange(7200))
        ident_id = f"eu-north-1:{tr.uuid()}"
        cognito_credentials(
            tr, t, ident_id, tr.rng.choice(ips), ua, authenticated=tr.rng.random() < 0.5
        )
    return [
        row(
            "B5",
            "vendor load test of the sign-in flow from EC2",
            "benign",
            t0,
            t0 + dt.timedelta(hours=2),
            ips=ips,
            severity="low",
        )
    ]


def b6_contractor_laptop(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """The contractor's new laptop: a MacBook with Safari and a first CLI, same Krakow line."""
    person = o.PEOPLE[9]
    ip = tr.ip(person.home)
    ua_cli = o.MAC_CLI.format(v=5)
    _k1, _ = person_session(
        tr, person, day, 9.0, account=o.PROD, ip=ip, ua=o.SAFARI_MAC, console=True, calls=15
    )
    _k2, _ = person_session(
        tr, person, day, 11.0, account=o.PROD, ip=ip, ua=ua_cli, console=False, calls=10
    )
    principal = f"arn:aws:sts::{o.PROD}:assumed-role/{sso_role(person.pset)}/{person.user}"
    return [
        row(
            "B6",
            "the contractor's new laptop",
            "benign",
            at(day, 9),
            at(day, 13),
            principal=principal,
            ips=(ip,),
            severity="low",
        )
    ]


def b7_account_joins(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """frostvik-us joins: Control Tower's execution role sets it up from the management account
    (StackSets), then the admin looks around."""
    t0 = at(day, 8.0)
    caller = tr.role(o.MGMT, "AWSControlTowerStackSetRole", "stacksets-exec", tr.key(), t0)
    key = tr.assume(
        t0,
        caller,
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        o.US,
        "AWSControlTowerExecution",
        "stacksets-exec-setup",
        region="us-east-1",
    )
    ident = tr.role(o.US, "AWSControlTowerExecution", "stacksets-exec-setup", key, t0)
    t = t0
    for source, name in (
        ("cloudtrail", "CreateTrail"),
        ("cloudtrail", "StartLogging"),
        ("config", "PutConfigurationRecorder"),
        ("config", "StartConfigurationRecorder"),
        ("iam", "CreateRole"),
        ("iam", "AttachRolePolicy"),
        ("ec2", "CreateDefaultVpc"),
        ("ec2", "DescribeVpcs"),
        ("sns", "CreateTopic"),
        ("s3", "CreateBucket"),
    ):
        t += dt.timedelta(seconds=tr.rng.randint(5, 40))
        tr.event(
            t,
            o.US,
            "us-east-1",
            source,
            name,
            ident,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
        )
    admin = o.PEOPLE[0]
    k2, _ = person_session(
        tr, admin, day, 10.0, account=o.US, console=True, calls=20, region="us-east-1"
    )
    t_lab = at(day, 14.8)  # the lab instance is launched by the admin
    ident2 = tr.sso(o.US, admin.pset, admin.user, k2, at(day, 10.0))
    calls(
        tr,
        t_lab,
        o.US,
        ident2,
        tr.ip(admin.home),
        admin.browser,
        (
            ("ec2", "RunInstances", None),
            ("iam", "PassRole", None),
            ("ec2", "DescribeInstances", None),
        ),
        region="us-east-1",
    )
    return [
        row(
            "B7",
            "frostvik-us joins the organisation",
            "benign",
            t0,
            at(day, 16),
            key=key,
            severity="low",
        ),
        row(
            "B7",
            "frostvik-us joins the organisation",
            "benign",
            at(day, 10),
            at(day, 16),
            key=k2,
            severity="low",
        ),
    ]


def b8_oncall_hotel(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """An alarm at 02:40; the on-call engineer, at a conference hotel in Oslo, signs in from there
    with his laptop and restarts the API's functions."""
    person = o.PEOPLE[3]  # elias.berg
    ip = tr.ip("hotel_oslo")
    _k1, _ = person_session(tr, person, day, 2.7, account=o.PROD, ip=ip, console=True, calls=18)
    _k2, _ = person_session(
        tr, person, day, 3.1, account=o.PROD, ip=ip, ua=person.ua, console=False, calls=6
    )
    principal = f"arn:aws:sts::{o.PROD}:assumed-role/{sso_role(person.pset)}/{person.user}"
    return [
        row(
            "B8",
            "on-call at night from a hotel in Oslo",
            "benign",
            at(day, 2.6),
            at(day, 5),
            principal=principal,
            ips=(ip,),
            severity="low",
        )
    ]


def b9_month_end(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """Month-end: the analysts' billing backfill (dozens of queries at once) and a crawler run
    over a new partition scheme."""
    glue_crawler(tr, day, tables=12)
    out = []
    for person in (o.PEOPLE[6], o.PEOPLE[7]):
        k, _ = person_session(tr, person, day, 9.0, account=o.DATA, console=False, calls=120)
        out.append(
            row(
                "B9",
                "month-end telemetry backfill",
                "benign",
                at(day, 9),
                at(day, 18),
                key=k,
                severity="low",
            )
        )
    out.append(
        row(
            "B9",
            "month-end telemetry backfill",
            "benign",
            at(day, 1),
            at(day, 4),
            principal=role_arn(o.DATA, "AWSGlueServiceRole-telemetry"),
            severity="low",
        )
    )
    return out


def b10_superset_replaced(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """Superset's instance replaced by its Auto Scaling group; its Elastic IP moved to the new
    one by the admin (the trail's own AssociateAddress explains the address)."""
    admin = o.PEOPLE[0]
    new_id = "i-0" + "".join(tr.rng.choice("0123456789abcdef") for _ in range(16))
    k, _ = person_session(tr, admin, day, 11.5, account=o.DATA, console=True, calls=3)
    ident = tr.sso(o.DATA, admin.pset, admin.user, k, at(day, 11.5))
    ip_admin = tr.ip(admin.home)
    tr.event(
        at(day, 11.6),
        o.DATA,
        o.HOME,
        "ec2",
        "AssociateAddress",
        ident,
        ip_admin,
        admin.browser,
        console=True,
        req={"instanceId": new_id, "publicIp": fl.superset_ip, "allowReassociation": True},
        read_only=False,
    )
    fl.superset_id = new_id
    return [
        row(
            "B10",
            "Superset instance replaced, its Elastic IP moved",
            "benign",
            at(day, 11.5),
            at(day, 25),
            principal=role_arn(o.DATA, "superset-instance"),
            severity="low",
        ),
        row(
            "B10",
            "Superset instance replaced, its Elastic IP moved",
            "benign",
            at(day, 11.5),
            at(day, 12),
            key=k,
            severity="low",
        ),
    ]


def b11_datadog_iot(tr: Trail, fl: Fleet, day: dt.date) -> list[Row]:
    """Datadog's IoT integration switched on: its role starts listing things and jobs."""
    datadog(
        tr, day, fl, extra=(("iot", "ListThings"), ("iot", "ListJobs"), ("iot", "ListTopicRules"))
    )
    return [
        row(
            "B11",
            "Datadog's IoT integration switched on",
            "benign",
            at(day, 1),
            at(day, 25),
            principal=role_arn(o.PROD, "DatadogIntegrationRole"),
            severity="low",
        )
    ]
