"""Attacks A7...A12: workloads' credentials used elsewhere, a console without MFA, a refused
deputy; and the table of every attack's slot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._attacks import (
    CLI_V1_ATTACKER,
    DENIED,
    LINODE,
    Row,
    Step,
    a1_firmware_signing,
    a2_iot_policy,
    a3_athena_exfil,
    a4_tablet,
    a5_roaming,
    a6_mining,
    calls,
    row,
)
from benchmarks.heldout36._partners import cross
from benchmarks.heldout36._people import finance
from benchmarks.heldout36._records import Trail
from benchmarks.heldout36._routine import World, at


def a7_nordic_instance(
    tr: Trail, w: World, day: dt.date, gateway_key: str, minted: dt.datetime, iid: str
) -> list[Row]:
    """The new Norwegian gateway instance's credentials taken through an SSRF (IMDSv1) on its
    first day, used from DigitalOcean: the account and the role have no history."""
    ip, t = org.ip_of("digitalocean", 0), minted + dt.timedelta(hours=2.5)
    ident = tr.role(org.NORDIC, "ocpp-gateway-ec2", iid, gateway_key, minted, ec2=True)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", True, "eu-north-1", {}, None),
        ("s3", "ListBuckets", True, "eu-north-1", {}, None),
        ("ec2", "DescribeInstances", True, "eu-north-1", {}, None),
        ("iam", "ListRoles", True, "us-east-1", {}, DENIED),
        (
            "s3",
            "GetObject",
            True,
            "eu-north-1",
            {"bucketName": "voltaro-no-gateway-config", "key": "gateway.yaml"},
            None,
        ),
        ("secretsmanager", "ListSecrets", True, "eu-north-1", {}, DENIED),
    ]
    end = calls(tr, t, org.NORDIC, ident, ip, CLI_V1_ATTACKER, steps, 25)
    return [
        row(
            "A7",
            "new Nordic gateway instance's credentials used from DigitalOcean on day one",
            "attack",
            t,
            end,
            key=gateway_key,
            ips=(ip,),
        )
    ]


def a8_quiet_recon(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """The OCPP backend task's credentials taken through an RCE in a message parser, used
    slowly through an Irish residential proxy with the backend's own Java SDK."""
    ip = org.ip_of("resi_proxy_ie", 0)
    keys = [
        (k, s, m) for k, s, m in w.minted.get(("ocpp-backend-task", day), []) if 9 <= m.hour < 10
    ]
    key, task, minted = keys[0]
    ident = tr.role(org.PLATFORM, "ocpp-backend-task", task, key, minted)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", True, org.HOME, {}, None),
        ("iam", "ListRoles", True, "us-east-1", {}, None),
        (
            "iam",
            "ListAttachedRolePolicies",
            True,
            "us-east-1",
            {"roleName": "ocpp-backend-task"},
            None,
        ),
        (
            "iam",
            "GetRolePolicy",
            True,
            "us-east-1",
            {"roleName": "ocpp-backend-task", "policyName": "backend"},
            None,
        ),
        ("s3", "ListBuckets", True, org.HOME, {}, None),
        ("secretsmanager", "ListSecrets", True, org.HOME, {}, None),
        ("dynamodb", "ListTables", True, org.HOME, {}, None),
        ("iot", "ListThingGroups", True, org.HOME, {}, None),
        ("dynamodb", "DescribeTable", True, org.HOME, {"tableName": "charging-sessions"}, None),
        ("lambda", "ListFunctions", True, org.HOME, {}, DENIED),
        ("ec2", "DescribeVpcs", True, org.HOME, {}, None),
    ]
    t = minted + dt.timedelta(minutes=25)
    end = calls(tr, t, org.PLATFORM, ident, ip, org.JAVA_ECS, steps, 1500)
    return [
        row(
            "A8",
            "backend task credentials: slow recon through an Irish residential proxy, same SDK",
            "attack",
            t,
            end,
            key=key,
            ips=(ip,),
        )
    ]


def a9_lambda_elsewhere(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """The CDR Lambda's environment credentials sent out by a compromised dependency, used from
    an EC2 instance in another AWS account to read the partners' secrets."""
    ip = org.FOREIGN_EC2[0]
    keys = [(k, s, m) for k, s, m in w.minted.get(("ocpi-cdr-push-role", day), []) if m.hour < 10]
    key, fn, minted = keys[-1]
    ident = tr.role(org.PLATFORM, "ocpi-cdr-push-role", fn, key, minted)
    t = at(day, 10.2)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", True, "us-east-1", {}, None),
        ("secretsmanager", "ListSecrets", True, org.HOME, {}, None),
        ("secretsmanager", "GetSecretValue", True, org.HOME, {"secretId": "ocpi/hub-token"}, None),
        ("secretsmanager", "GetSecretValue", True, org.HOME, {"secretId": "psp/api-key"}, DENIED),
        ("s3", "ListObjects", True, org.HOME, {"bucketName": "voltaro-roaming-exports"}, None),
    ]
    end = calls(tr, t, org.PLATFORM, ident, ip, org.PYTHON_ATTACKER, steps, 45)
    return [
        row(
            "A9",
            "CDR Lambda's credentials used from an EC2 instance in another account",
            "attack",
            t,
            end,
            key=key,
            ips=(ip,),
        )
    ]


def a10_evasion(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """Prometheus' instance credentials from a Tor exit try to stop CloudTrail and GuardDuty."""
    ip = org.ip_of("tor", 0)
    key, iid, minted = w.minted[("monitoring-ec2:prometheus", day)][-1]
    ident = tr.role(org.PLATFORM, "monitoring-ec2", iid, key, minted, ec2=True)
    t = minted + dt.timedelta(hours=4)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", True, org.HOME, {}, None),
        ("cloudtrail", "DescribeTrails", True, org.HOME, {}, DENIED),
        ("cloudtrail", "StopLogging", False, org.HOME, {"name": "org-trail"}, DENIED),
        ("guardduty", "ListDetectors", True, org.HOME, {}, DENIED),
        (
            "guardduty",
            "DeleteDetector",
            False,
            org.HOME,
            {"detectorId": "8ec7b2e4a1f95d03c6b7a2e1f4d9c0b5"},
            DENIED,
        ),
        ("ec2", "DescribeInstances", True, org.HOME, {}, None),
    ]
    end = calls(tr, t, org.PLATFORM, ident, ip, org.PYTHON_ATTACKER, steps, 20)
    return [
        row(
            "A10",
            "Prometheus instance credentials from Tor try StopLogging and DeleteDetector",
            "attack",
            t,
            end,
            key=key,
            ips=(ip,),
            severity="high",
        )
    ]


def a11_finance_console(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """The finance user's password (reused, in a credential dump) signs in without MFA from
    Nigeria and tries to make itself an access key."""
    ip = org.ip_of("mtn_ng", 0)
    ident = finance(tr, w, day, ip=ip, hour=22.9)
    t = at(day, 23.3)
    steps: list[Step] = [
        ("iam", "ListUsers", True, "us-east-1", {}, None),
        ("iam", "CreateAccessKey", False, "us-east-1", {"userName": "finance-billing"}, DENIED),
        ("organizations", "ListAccounts", True, "us-east-1", {}, None),
    ]
    for svc, name, ro, region, req, err in steps:
        tr.add(
            t,
            org.MGMT,
            region,
            ident,
            ip,
            org.CHROME,
            svc,
            name,
            read_only=ro,
            request=req,
            error=err,
            extra={"sessionCredentialFromConsole": "true"},
        )
        t += dt.timedelta(minutes=2)
    return [
        row(
            "A11",
            "finance console user signs in without MFA from Nigeria",
            "attack",
            at(day, 22.9),
            t,
            principal=f"arn:aws:iam::{org.MGMT}:user/finance-billing",
            ips=(ip,),
        )
    ]


def a12_psp_no_external_id(tr: Trail, w: World, day: dt.date) -> list[Row]:
    """An unknown account tries the payment provider's role without its external ID."""
    t = at(day, 16.0)
    for i in range(6):
        cross(
            tr,
            w,
            t + dt.timedelta(seconds=20 * i),
            org.DATA,
            org.OUTSIDE,
            "probe",
            "psp-settlement-writer",
            None,
            LINODE,
            org.PYTHON_ATTACKER,
            "voltaro-psp-settlements",
            error=(
                "AccessDenied",
                f"User: arn:aws:sts::{org.OUTSIDE}:assumed-role/probe/probe is not authorized to perform: sts:AssumeRole",
            ),
        )
    return [
        row(
            "A12",
            "unknown account tries the PSP role without its external ID",
            "attack",
            t,
            t + dt.timedelta(minutes=3),
            ips=(LINODE,),
        )
    ]


ATTACKS: dict[str, tuple[int, Callable[[Trail, World, dt.date], list[Row]]]] = {
    "A1": (0, a1_firmware_signing),
    "A2": (1, a2_iot_policy),
    "A3": (3, a3_athena_exfil),
    "A4": (2, a4_tablet),
    "A5": (3, a5_roaming),
    "A6": (4, a6_mining),
    "A8": (4, a8_quiet_recon),
    "A9": (1, a9_lambda_elsewhere),
    "A10": (4, a10_evasion),
    "A11": (0, a11_finance_console),
    "A12": (3, a12_psp_no_external_id),
}
