"""The attacks (A1...A12), each drawn from a public incident pattern, written into the trail on
its scored slot; each returns its truth rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._clients import technician_hour
from benchmarks.heldout36._partners import cross
from benchmarks.heldout36._people import athena_query, saml_session
from benchmarks.heldout36._records import Record, Trail, stamp
from benchmarks.heldout36._routine import FIRMWARE_KEY, World, at

Row = dict[str, Any]
# (service, name, read-only, region, request, error)
Step = tuple[str, str, bool, str, dict[str, Any], tuple[str, str] | None]
CLI_V1_ATTACKER = "aws-cli/1.33.1 Python/3.11.2 Linux/6.1.0-26-amd64 botocore/1.35.1"
LINODE = "139.162.190.77"


def row(
    id_: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: tuple[str, ...] = (),
    severity: str = "medium",
) -> Row:
    return {
        "id": id_,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(ips),
        "event_ids": "",
        "start": stamp(start),
        "end": stamp(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    }


def sso_arn(account: str, pset: tuple[str, str], user: str) -> str:
    return f"arn:aws:sts::{account}:assumed-role/AWSReservedSSO_{pset[0]}_{pset[1]}/{user}"


def calls(
    tr: Trail,
    t: dt.datetime,
    account: str,
    ident: Record,
    ip: str,
    agent: str,
    steps: list[Step],
    gap: float,
) -> dt.datetime:
    """Each step (service, name, read-only, region, request, error) ``gap`` seconds apart."""
    for svc, name, ro, region, req, err in steps:
        tr.add(
            t,
            account,
            region,
            ident,
            ip,
            agent,
            svc,
            name,
            read_only=ro,
            request=req,
            error=err,
            data=svc == "s3" and name in ("GetObject", "PutObject", "ListObjects"),
        )
        t += dt.timedelta(seconds=gap * tr.rng.uniform(0.6, 1.4))
    return t


DENIED = ("AccessDenied", "User is not authorized to perform this action")


def a1_firmware_signing(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """An SRE's Identity Center token cache stolen by an infostealer: new role credentials from
    a VPS sign a firmware image with the fleet's KMS signing key (the ASUS ShadowHammer shape)."""
    ip, key, t = org.ip_of("m247", 0), tr.key(), at(day, 20.2)
    user = "jonas.keller@voltaro.eu"
    tr.add(
        t - dt.timedelta(seconds=20),
        org.MGMT,
        org.SSO_REGION,
        {"type": "Unknown", "userName": user, "accountId": org.MGMT},
        ip,
        CLI_V1_ATTACKER,
        "sso",
        "GetRoleCredentials",
        read_only=True,
        request={
            "roleName": f"AWSReservedSSO_{org.SRE_SET[0]}_{org.SRE_SET[1]}",
            "accountId": org.PLATFORM,
        },
    )
    ident = tr.sso(org.PLATFORM, org.SRE_SET, user, key, t)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", True, org.HOME, {}, None),
        ("kms", "ListKeys", True, org.HOME, {}, None),
        ("kms", "ListAliases", True, org.HOME, {}, None),
        ("kms", "DescribeKey", True, org.HOME, {"keyId": FIRMWARE_KEY}, None),
        ("kms", "GetPublicKey", True, org.HOME, {"keyId": FIRMWARE_KEY}, None),
    ]
    steps += [
        (
            "kms",
            "Sign",
            True,
            org.HOME,
            {"keyId": FIRMWARE_KEY, "signingAlgorithm": "ECDSA_SHA_256", "messageType": "DIGEST"},
            None,
        )
    ] * 4
    steps += [
        (
            "s3",
            "PutObject",
            False,
            org.HOME,
            {"bucketName": "voltaro-firmware", "key": "builds/hotfix-2612/charger-fw.bin"},
            None,
        )
    ]
    end = calls(tr, t, org.PLATFORM, ident, ip, CLI_V1_ATTACKER, steps, 40)
    return [
        row(
            "A1",
            "stolen SRE session signs firmware with the fleet's KMS key",
            "attack",
            t - dt.timedelta(minutes=1),
            end,
            key=key,
            principal=sso_arn(org.PLATFORM, org.SRE_SET, user),
            ips=(ip,),
            severity="high",
        )
    ]


def a2_iot_policy(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """The factory's provisioning key, leaked from the end-of-line station, widens the chargers'
    IoT policy to any thing and any topic at night."""
    ip, key, t = org.ip_of("hetzner", 0), w.factory_keys[0], at(day, 2.1)
    ident = tr.user(org.PLATFORM, "factory-provisioning", key)
    doc = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}'
    )
    steps: list[Step] = [
        ("iot", "ListPolicies", True, "eu-central-1", {}, None),
        ("iot", "GetPolicy", True, "eu-central-1", {"policyName": "charger-ocpp"}, None),
        (
            "iot",
            "CreatePolicyVersion",
            False,
            "eu-central-1",
            {"policyName": "charger-ocpp", "policyDocument": doc, "setAsDefault": True},
            None,
        ),
        ("iot", "ListThings", True, "eu-central-1", {"maxResults": 250}, None),
        ("iot", "ListTopicRules", True, "eu-central-1", {}, None),
        (
            "iot",
            "CreatePolicyVersion",
            False,
            "eu-west-1",
            {"policyName": "charger-ocpp", "policyDocument": doc, "setAsDefault": True},
            None,
        ),
    ]
    end = calls(tr, t, org.PLATFORM, ident, ip, org.PYTHON_ATTACKER, steps, 30)
    return [
        row(
            "A2",
            "leaked factory key widens the chargers' IoT policy to iot:* on *",
            "attack",
            t,
            end,
            key=key,
            ips=(ip,),
        )
    ]


def a3_athena_exfil(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """An analyst's console session phished through an AiTM proxy (Mullvad, his own country):
    Athena queries of drivers' personal data with results written to an outside bucket."""
    ip, user, t = org.ip_of("mullvad", 0), "oskar.berg@voltaro.eu", at(day, 13.0)
    ident = saml_session(tr, t, org.DATA, org.DATA_SET, user, ip)
    tr.add(
        t + dt.timedelta(minutes=2),
        org.DATA,
        org.HOME,
        ident,
        ip,
        org.CHROME,
        "glue",
        "GetTables",
        read_only=True,
        request={"databaseName": "lake"},
        extra={"sessionCredentialFromConsole": "true"},
    )
    for i, table in enumerate(("drivers", "drivers", "payment_tokens", "charging_sessions")):
        athena_query(
            tr,
            t + dt.timedelta(minutes=5 + 7 * i),
            org.DATA,
            ident,
            ip,
            org.CHROME,
            console=True,
            output="s3://vc-archive-eu-2291/out/",
            table=table,
            reads=12,
        )
    key = ident["accessKeyId"]
    return [
        row(
            "A3",
            "phished analyst exports drivers' data through Athena to an outside bucket",
            "attack",
            t,
            t + dt.timedelta(minutes=40),
            key=key,
            principal=sso_arn(org.DATA, org.DATA_SET, user),
            ips=(ip,),
        )
    ]


def a4_tablet(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """A technician's tablet lost in a van break-in: its Cognito identity used from a VPS with
    a Python client to see what the role can reach."""
    ip, t = org.ip_of("ovh", 0), at(day, 19.0)
    key, ident = technician_hour(
        tr, t, "eu-west-1:7c2e5a91-0d4b-4f3e-8a16-b9e07d3c5f42", ip, org.PYTHON_ATTACKER, calls=0
    )
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", True, org.HOME, {}, None),
        ("s3", "ListBuckets", True, org.HOME, {}, DENIED),
        ("s3", "ListObjects", True, org.HOME, {"bucketName": "voltaro-field-photos"}, DENIED),
        (
            "s3",
            "GetObject",
            True,
            org.HOME,
            {"bucketName": "voltaro-field-manuals", "key": "manuals/dc300-service.pdf"},
            None,
        ),
        ("iot", "ListThings", True, org.HOME, {}, DENIED),
        ("dynamodb", "ListTables", True, org.HOME, {}, DENIED),
        ("s3", "ListObjects", True, org.HOME, {"bucketName": "voltaro-firmware"}, DENIED),
    ]
    end = calls(
        tr, t + dt.timedelta(seconds=30), org.PLATFORM, ident, ip, org.PYTHON_ATTACKER, steps, 50
    )
    return [
        row(
            "A4",
            "stolen technician tablet's Cognito credentials used from OVH",
            "attack",
            t,
            end,
            key=key,
            principal=f"arn:aws:iam::{org.PLATFORM}:role/field-tech-authenticated",
            ips=(ip,),
        )
    ]


def a5_roaming(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """The roaming hub's breached worker assumes the old CDR role (left in place after B3) with
    the right external ID from a VPS and pulls months of CDRs, then tries other buckets."""
    ip, t = org.ip_of("unknown_scanner", 0), at(day, 3.0)
    agent = org.GO_HUB.format(api="s3", v="1.53.1")
    key = cross(
        tr,
        w,
        t,
        org.PLATFORM,
        org.ROAMING_HUB,
        "cdr-sync-worker",
        "roaming-cdr-reader",
        org.ROAMING_EXTERNAL_ID,
        ip,
        agent,
        "voltaro-roaming-exports",
        reads=25,
    )
    assert key is not None
    ident = tr.role(
        org.PLATFORM, "roaming-cdr-reader", f"cdr-sync-worker-{int(t.timestamp())}", key, t
    )
    steps: list[Step] = [
        ("s3", "ListBuckets", True, org.HOME, {}, DENIED),
        ("s3", "ListObjects", True, org.HOME, {"bucketName": "voltaro-datalake"}, DENIED),
        (
            "s3",
            "GetObject",
            True,
            org.HOME,
            {"bucketName": "voltaro-field-photos", "key": "photos/"},
            DENIED,
        ),
    ]
    end = calls(tr, t + dt.timedelta(minutes=3), org.PLATFORM, ident, ip, agent, steps, 20)
    return [
        row(
            "A5",
            "roaming hub's old CDR role assumed with the right external ID from a VPS",
            "attack",
            t,
            end,
            key=key,
            ips=(ip,),
        )
    ]


def a6_mining(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """The GitLab deployer's key (leaked in a job log) starts cryptominers on Fargate in two
    regions the organisation does not run tasks in from that key."""
    ip, t = org.ip_of("vultr", 0), at(day, 1.0)
    ident = tr.user(org.PLATFORM, "gitlab-deployer", w.gitlab_key)
    image = {
        "containerDefinitions": [
            {"name": "worker", "image": "docker.io/sysupdt/node-agent:latest", "cpu": 4096}
        ],
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "4096",
        "memory": "8192",
        "family": "node-agent",
    }
    steps: list[Any] = [
        ("sts", "GetCallerIdentity", True, "us-east-1", {}, None),
        ("ec2", "DescribeRegions", True, "us-east-1", {}, None),
    ]
    for region in ("eu-north-1", "eu-central-1"):
        steps += [
            ("ecs", "ListClusters", True, region, {}, None),
            ("ecs", "CreateCluster", False, region, {"clusterName": "default"}, None),
            ("ecs", "RegisterTaskDefinition", False, region, image, None),
        ]
        steps += [
            (
                "ecs",
                "RunTask",
                False,
                region,
                {
                    "cluster": "default",
                    "taskDefinition": "node-agent:1",
                    "count": 10,
                    "launchType": "FARGATE",
                },
                None,
            )
        ] * 3
    end = calls(tr, t, org.PLATFORM, ident, ip, org.PYTHON_ATTACKER, steps, 15)
    return [
        row(
            "A6",
            "leaked GitLab deployer key runs cryptomining tasks on Fargate",
            "attack",
            t,
            end,
            key=w.gitlab_key,
            ips=(ip,),
            severity="high",
        )
    ]
