"""The benign changes (B1...B11) that make detectors cry wolf at a charging network, and the
Norwegian account that joins during the scored days. ``schedule`` sets the changes the daily
routine reads (new addresses, new clients, the cold snap) before the trail is written; each
``b*`` function writes the change's own records and returns its truth rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._attacks import Row, row, sso_arn
from benchmarks.heldout36._clients import firmware
from benchmarks.heldout36._people import athena_query, person_day, saml_session
from benchmarks.heldout36._records import Record, Trail
from benchmarks.heldout36._routine import World, at

ROLLOUT_ROLE = "fw-rollout-orchestrator-role"
AOIFE = "aoife.brennan@voltaro.eu"
CIAN = "cian.walsh@voltaro.eu"
NIAMH = "niamh.odonnell@voltaro.eu"
SAOIRSE = "saoirse.kavanagh@voltaro.eu"
MATS = "mats.lindqvist@voltaro.eu"
GRAINNE = "grainne.fox@voltaro.eu"
NEW_ANALYSTS = (
    org.Person("maeve.kelly@voltaro.eu", org.DATA_SET, "dublin_home", 8, 0, True, (org.DATA,)),
    org.Person("lukas.weber@voltaro.eu", org.DATA_SET, "berlin_home", 6, 1, True, (org.DATA,)),
)
AWAY = {CIAN: (0, 1)}  # B5: on call from a ski holiday on these slots


def schedule(w: World, slot: Callable[[int], dt.date]) -> None:
    """The changes the routine itself follows."""
    w.android_new_from = at(slot(1), 6)  # B7
    w.nat_switch = at(slot(1), 4.25)  # B8
    w.roaming_new_from = at(slot(1), 11)  # B3
    w.factory_rotate_at = at(slot(2), 12)  # B11
    w.nordic_from = at(slot(2), 9)  # B2
    w.gitlab_new_from = at(slot(3), 0)  # B10
    w.new_analysts_from = at(slot(3), 0)  # B9
    for s in (3, 4):  # B4: the cold snap triples charging sessions
        w.snap[slot(s)] = 3.0


def end_of(day: dt.date) -> dt.datetime:
    return at(day, 24) - dt.timedelta(seconds=1)


def b1_rollout(tr: Trail, w: World, day: dt.date, night: int) -> list[Row]:
    """The firmware release rolled out to the whole fleet over two nights: a build signed in
    the evening, the release manager creating the IoT jobs, a new orchestrator Lambda pacing
    them every five minutes and presigning the image."""
    ip = org.ip_of("dublin_office", 0)
    firmware(tr, w, day, runs=1, hour=19.3)
    t = at(day, 20.0)
    ident = saml_session(tr, t, org.PLATFORM, org.SRE_SET, AOIFE, ip)
    agent = org.CLI_MAC.format(cmd="iot.create-job")
    for i, group in enumerate(
        ("fleet-ie", "fleet-de", "fleet-se")
        if night == 0
        else ("fleet-ie-2", "fleet-de-2", "fleet-se-2")
    ):
        region = "eu-central-1" if "de" in group else "eu-west-1"
        tr.add(
            t + dt.timedelta(minutes=2 + i),
            org.PLATFORM,
            region,
            ident,
            ip,
            agent,
            "iot",
            "CreateJob",
            read_only=False,
            request={
                "jobId": f"fw-4.12.0-{group}",
                "targets": [f"arn:aws:iot:{region}:{org.PLATFORM}:thinggroup/{group}"],
                "jobExecutionsRolloutConfig": {"maximumPerMinute": 200},
            },
        )
    fn, key = "fw-rollout-orchestrator", tr.key()
    s = t + dt.timedelta(minutes=6)
    tr.mint(s, org.PLATFORM, org.HOME, "lambda.amazonaws.com", ROLLOUT_ROLE, fn, key, hours=12)
    lam = tr.role(org.PLATFORM, ROLLOUT_ROLE, fn, key, s)
    while s < at(day, 23.9):
        ip2 = tr.rng.choice(org.LAMBDA_IPS)
        for region in ("eu-west-1", "eu-central-1"):
            tr.add(
                s,
                org.PLATFORM,
                region,
                lam,
                ip2,
                org.BOTO_LAMBDA,
                "iot",
                "DescribeJob",
                read_only=True,
                request={"jobId": "fw-4.12.0"},
            )
            tr.add(
                s + dt.timedelta(seconds=1),
                org.PLATFORM,
                region,
                lam,
                ip2,
                org.BOTO_LAMBDA,
                "iot",
                "ListJobExecutionsForJob",
                read_only=True,
                request={"jobId": "fw-4.12.0", "status": "IN_PROGRESS"},
            )
        tr.add(
            s + dt.timedelta(seconds=2),
            org.PLATFORM,
            org.HOME,
            lam,
            ip2,
            org.BOTO_LAMBDA,
            "s3",
            "GetObject",
            read_only=True,
            data=True,
            request={"bucketName": "voltaro-firmware", "key": "releases/4.12.0/charger-fw.bin"},
        )
        s += dt.timedelta(minutes=w.every(5))
    tr.add(
        at(day, 23.95),
        org.PLATFORM,
        org.HOME,
        lam,
        org.LAMBDA_IPS[0],
        org.BOTO_LAMBDA,
        "iot",
        "UpdateJob",
        read_only=False,
        request={"jobId": "fw-4.12.0", "jobExecutionsRolloutConfig": {"maximumPerMinute": 400}},
    )
    return [
        row(
            "B1",
            "firmware 4.12.0 rolled out to the whole fleet over two nights",
            "benign",
            at(day, 19.2),
            end_of(day),
            principal=f"arn:aws:iam::{org.PLATFORM}:role/{ROLLOUT_ROLE}",
            severity="low",
        ),
        row(
            "B1",
            "firmware 4.12.0 rolled out to the whole fleet over two nights",
            "benign",
            at(day, 19.9),
            end_of(day),
            principal=sso_arn(org.PLATFORM, org.SRE_SET, AOIFE),
            ips=(ip,),
            severity="low",
        ),
        row(
            "B1",
            "firmware 4.12.0 rolled out to the whole fleet over two nights",
            "benign",
            at(day, 19.2),
            at(day, 20.5),
            principal=f"arn:aws:iam::{org.PLATFORM}:role/firmware-build-role",
            severity="low",
        ),
    ]


def b3_roaming_role(tr: Trail, w: World, day: dt.date, last: dt.date) -> list[Row]:
    """The roaming hub's OCPI 2.2.1 integration: our Terraform creates its new role, the hub
    assumes it from its new workers (the routine switches at ``roaming_new_from``)."""
    ip = org.ip_of("gitlab_runners", 2)
    ident = tr.user(org.PLATFORM, "gitlab-deployer", w.gitlab_key)
    agent = org.TERRAFORM.format(tf=org.TF_OLD[0], prov=org.TF_OLD[1], api="iam#1.35.0")
    t = at(day, 10.4)
    for i, name in enumerate(("CreateRole", "PutRolePolicy", "UpdateAssumeRolePolicy", "GetRole")):
        tr.add(
            t + dt.timedelta(seconds=4 * i),
            org.PLATFORM,
            "us-east-1",
            ident,
            ip,
            agent,
            "iam",
            name,
            read_only=name == "GetRole",
            request={"roleName": "roaming-ocpi221-reader"},
        )
    return [
        row(
            "B3",
            "the roaming hub's new OCPI 2.2.1 integration role",
            "benign",
            at(day, 11),
            end_of(last),
            principal=f"arn:aws:iam::{org.PLATFORM}:role/roaming-ocpi221-reader",
            severity="low",
        ),
        row(
            "B3",
            "the roaming hub's new OCPI 2.2.1 integration role",
            "benign",
            t,
            t + dt.timedelta(minutes=5),
            key=w.gitlab_key,
            ips=(ip,),
            severity="low",
        ),
    ]


def b4_cold_snap(w: World, first: dt.date, last: dt.date) -> list[Row]:
    ips = (*org.NAT.values(), org.NAT_EU_WEST_1_NEW)
    return [
        row(
            "B4",
            "winter cold snap: charging sessions triple for two days",
            "benign",
            at(first, 0),
            end_of(last),
            principal=f"arn:aws:iam::{org.PLATFORM}:role/ocpp-backend-task",
            ips=ips,
            severity="low",
        )
    ]


def b5_ski(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """An SRE on call from a ski resort in Austria: hotel wifi, the console and aws-cli."""
    p = next(p for p in org.people() if p.user == CIAN)
    ip = org.ip_of("ski_hotel", day.day)
    person_day(tr, w, day, p, ip=ip, calls=tr.rng.randint(5, 12), start=17.5)
    return [
        row(
            "B5",
            "SRE on call from a ski holiday in Austria",
            "benign",
            at(day, 0),
            end_of(day),
            principal=sso_arn(org.PLATFORM, org.SRE_SET, CIAN),
            ips=org.NETS["ski_hotel"].ips,
            severity="low",
        )
    ]


def b6_redshift(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """The provisioned Redshift cluster migrated to Redshift Serverless from the console."""
    p = next(p for p in org.people() if p.user == GRAINNE)
    ip = org.ip_of(p.home, p.ip_index)
    t = at(day, 10.0)
    ident = saml_session(tr, t, org.DATA, org.DATA_SET, GRAINNE, ip)
    steps: list[tuple[str, str, bool, dict[str, Any]]] = [
        ("redshift", "CreateClusterSnapshot", False, {"clusterIdentifier": "analytics-dc2"}),
        ("redshift", "DescribeClusterSnapshots", True, {}),
        ("iam", "CreateServiceLinkedRole", False, {"aWSServiceName": "redshift.amazonaws.com"}),
        ("redshift-serverless", "CreateNamespace", False, {"namespaceName": "analytics"}),
        (
            "redshift-serverless",
            "CreateWorkgroup",
            False,
            {"workgroupName": "analytics", "baseCapacity": 32},
        ),
        ("redshift-serverless", "RestoreFromSnapshot", False, {"namespaceName": "analytics"}),
        ("redshift-serverless", "GetWorkgroup", True, {"workgroupName": "analytics"}),
        ("redshift", "ModifyCluster", False, {"clusterIdentifier": "analytics-dc2"}),
        (
            "redshift",
            "DeleteCluster",
            False,
            {"clusterIdentifier": "analytics-dc2", "skipFinalClusterSnapshot": False},
        ),
    ]
    u = t + dt.timedelta(minutes=3)
    for svc, name, ro, req in steps:
        tr.add(
            u,
            org.DATA,
            "us-east-1" if svc == "iam" else org.HOME,
            ident,
            ip,
            org.CHROME,
            svc,
            name,
            read_only=ro,
            request=req,
            extra={"sessionCredentialFromConsole": "true"},
        )
        u += dt.timedelta(minutes=tr.rng.uniform(10, 35))
    return [
        row(
            "B6",
            "Redshift cluster migrated to Redshift Serverless",
            "benign",
            t,
            u,
            principal=sso_arn(org.DATA, org.DATA_SET, GRAINNE),
            severity="low",
        )
    ]


def b8_nat(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """The eu-west-1 NAT gateway replaced in the maintenance window: the backend's address moves."""
    p = next(p for p in org.people() if p.user == NIAMH)
    ip = org.ip_of(p.home, p.ip_index)
    t = at(day, 3.9)
    ident = saml_session(tr, t, org.PLATFORM, org.SRE_SET, NIAMH, ip)
    alloc = "eipalloc-0" + tr.hexid(16)
    steps = [
        (
            "AllocateAddress",
            {"domain": "vpc"},
            {"publicIp": org.NAT_EU_WEST_1_NEW, "allocationId": alloc},
        ),
        ("CreateNatGateway", {"subnetId": "subnet-0a7c3e1f9b2d4c6e8", "allocationId": alloc}, {}),
        ("DescribeNatGateways", {}, {}),
        ("ReplaceRoute", {"routeTableId": "rtb-03e1c5a7b9d2f4e60"}, {}),
        ("DeleteNatGateway", {"natGatewayId": "nat-0f2b4d6a8c1e3a5b7"}, {}),
        ("ReleaseAddress", {}, {}),
    ]
    u = t + dt.timedelta(minutes=1)
    for name, req, resp in steps:
        tr.add(
            u,
            org.PLATFORM,
            "eu-west-1",
            ident,
            ip,
            org.CLI_MAC.format(cmd=f"ec2.{name.lower()}"),
            "ec2",
            name,
            read_only=name.startswith("Describe"),
            request=req,
            response=resp,
        )
        u += dt.timedelta(minutes=tr.rng.uniform(2, 5))
    return [
        row(
            "B8",
            "NAT gateway replaced: the backend's address changes",
            "benign",
            w.nat_switch or t,
            end_of(day),
            principal=f"arn:aws:iam::{org.PLATFORM}:role/ocpp-backend-task",
            ips=(org.NAT_EU_WEST_1_NEW,),
            severity="low",
        ),
        row(
            "B8",
            "NAT gateway replaced: the backend's address changes",
            "benign",
            t,
            u,
            principal=sso_arn(org.PLATFORM, org.SRE_SET, NIAMH),
            ips=(ip,),
            severity="low",
        ),
    ]


def b9_analysts(tr: Trail, w: World, days: list[dt.date]) -> list[Row]:
    rows = []
    for d in days:
        for p in NEW_ANALYSTS:
            for ident in person_day(tr, w, d, p, calls=tr.rng.randint(6, 14)):
                athena_query(
                    tr,
                    at(d, 11 - p.tz),
                    org.DATA,
                    ident,
                    org.ip_of(p.home, p.ip_index),
                    org.CHROME,
                    console=True,
                )
            rows.append(
                row(
                    "B9",
                    "two new analysts join the data team",
                    "benign",
                    at(d, 0),
                    end_of(d),
                    principal=sso_arn(org.DATA, org.DATA_SET, p.user),
                    severity="low",
                )
            )
    return rows


def b11_rotation(tr: Trail, w: World, day: dt.date, last: dt.date) -> list[Row]:
    """The factory's provisioning key rotated: a new key made, the old one made inactive."""
    p = next(p for p in org.people() if p.user == SAOIRSE)
    ip = org.ip_of(p.home, p.ip_index)
    t = at(day, 11.6)
    ident: Record = saml_session(tr, t, org.PLATFORM, org.SRE_SET, SAOIRSE, ip)
    for i, (name, req) in enumerate(
        (
            ("ListAccessKeys", {"userName": "factory-provisioning"}),
            ("CreateAccessKey", {"userName": "factory-provisioning"}),
            (
                "UpdateAccessKey",
                {
                    "userName": "factory-provisioning",
                    "accessKeyId": w.factory_keys[0],
                    "status": "Inactive",
                },
            ),
        )
    ):
        when = t + dt.timedelta(minutes=3) if i < 2 else at(day, 15.0)
        tr.add(
            when,
            org.PLATFORM,
            "us-east-1",
            ident,
            ip,
            org.CHROME,
            "iam",
            name,
            read_only=i == 0,
            request=req,
            response={
                "accessKey": {
                    "accessKeyId": w.factory_keys[1],
                    "status": "Active",
                    "userName": "factory-provisioning",
                }
            }
            if i == 1
            else None,
            extra={"sessionCredentialFromConsole": "true"},
        )
    return [
        row(
            "B11",
            "the factory's provisioning key rotated",
            "benign",
            w.factory_rotate_at or t,
            end_of(last),
            key=w.factory_keys[1],
            ips=(org.ip_of("factory", 0),),
            severity="low",
        ),
        row(
            "B11",
            "the factory's provisioning key rotated",
            "benign",
            t,
            at(day, 15.1),
            principal=sso_arn(org.PLATFORM, org.SRE_SET, SAOIRSE),
            ips=(ip,),
            severity="low",
        ),
    ]
