"""The cold-start theft on the cryo-EM account's first day, and the last scored day's attacks:
a Lambda key used for slow recon from another AWS account with the function's own client, a
root console sign-in without MFA, and the consortium's stolen ETL credentials."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout27._background import AP, EXTERNAL_ID, RESULTS, Changes, at
from benchmarks.heldout27._org import CONSORTIUM, CRYOEM, HOME, RESEARCH, Org
from benchmarks.heldout27._trail import UA, Role, Session, s3_object

Row = dict[str, Any]


def cold_theft(org: Org, slot: Callable[[int], dt.date], ch: Changes) -> list[Row]:
    """A6: CryoSPARC's web UI, opened to the lab's collaborators on the account's first day,
    has a server-side request forgery: the instance's role credentials are read from IMDS and
    used from a VPS (the key of the instance's second delivery that day)."""
    from benchmarks.heldout27._attacks import calls, row

    d = slot(1)
    assert ch.cryo_joins == d
    keys = [k for k in org.cryo_keys if k.issued.date() == d]
    s = keys[1]
    ip = org.addr.pick("digitalocean")
    t0 = s.issued + dt.timedelta(hours=1.6)
    items: list[tuple[str, str, str, dict[str, Any] | None, tuple[str, str] | None]] = [
        ("us-east-1", "sts.amazonaws.com", "GetCallerIdentity", None, None),
        (HOME, "s3.amazonaws.com", "ListBuckets", None, None),
        (HOME, "ec2.amazonaws.com", "DescribeInstances", None, None),
        (
            HOME,
            "iam.amazonaws.com",
            "ListRoles",
            None,
            (
                "AccessDenied",
                f"User: arn:aws:sts::{CRYOEM}:assumed-role/cryosparc-worker/{org.cryo_instance} is not authorized to perform: iam:ListRoles",
            ),
        ),
    ]
    items += [
        (
            HOME,
            "s3.amazonaws.com",
            "GetObject",
            {"bucketName": "tmk-cryoem-maps", "key": f"maps/job{k}/J{k}_map.mrc"},
            None,
        )
        for k in range(15)
    ]
    _ev, t1 = calls(
        org,
        s.identity(),
        CRYOEM,
        t0,
        ip,
        UA["cli_linux"].replace("ubuntu.24", "ubuntu.22").replace("2.21.3", "2.13.25"),
        items,
        0.7,
    )
    return [
        row(
            "A6",
            "attack",
            "the new account's GPU instance credentials from a VPS (SSRF)",
            t0,
            t1 + dt.timedelta(minutes=1),
            key=s.key,
            ips=(ip,),
            severity="medium",
        )
    ]


def late(org: Org, slot: Callable[[int], dt.date]) -> list[Row]:
    from benchmarks.heldout27._attacks import calls, row

    rows: list[Row] = []
    d = slot(4)
    # A8: the QC Lambda's key (from an env-var dump in its error report) used from another
    # AWS account's instance in us-east-1 with the function's own Boto3: one call every ~35 min
    fn = "tmk-qc-report"
    role = org.role(RESEARCH, fn + "-role", "/service-role/")
    s = org.by_service(at(d, 9.05), role, fn, "lambda.amazonaws.com", hours=12)
    own = org.addr.aws(HOME)
    for k in range(3):  # the function's own work with this key
        key = f"qc/{org.ids.hexid(8)}.html"
        org.trail.call(
            s.issued + dt.timedelta(minutes=1 + k),
            RESEARCH,
            HOME,
            "s3.amazonaws.com",
            "PutObject",
            s.identity(),
            own,
            UA["lambda_qc"],
            params={"bucketName": RESULTS, "key": key},
            data=s3_object(RESULTS, key, RESEARCH),
        )
    ip = org.addr.aws("us-east-1")
    items: list[tuple[str, str, str, dict[str, Any] | None, tuple[str, str] | None]] = [
        ("us-east-1", "sts.amazonaws.com", "GetCallerIdentity", None, None),
        ("us-east-1", "iam.amazonaws.com", "ListRoles", None, None),
        (
            "us-east-1",
            "iam.amazonaws.com",
            "ListAttachedRolePolicies",
            {"roleName": "tmk-qc-report-role"},
            None,
        ),
        (HOME, "s3.amazonaws.com", "ListBuckets", None, None),
        (HOME, "secretsmanager.amazonaws.com", "ListSecrets", None, None),
        (HOME, "lambda.amazonaws.com", "ListFunctions20150331", None, None),
        (HOME, "states.amazonaws.com", "ListStateMachines", None, None),
        (HOME, "ec2.amazonaws.com", "DescribeVpcs", None, None),
    ]
    ev, t1 = calls(
        org,
        s.identity(),
        RESEARCH,
        s.issued + dt.timedelta(minutes=25),
        ip,
        UA["lambda_qc"],
        items,
        35,
    )
    rows.append(
        row(
            "A8",
            "attack",
            "the QC Lambda's key: slow recon from another AWS account",
            s.issued + dt.timedelta(minutes=25),
            t1 + dt.timedelta(minutes=1),
            key=s.key,
            ips=(ip,),
            events=tuple(ev),
            severity="medium",
        )
    )

    # A9: the cryo-EM account's root password (reused, from a breach corpus) signs in without
    # MFA from abroad, makes a root key and looks for GPU quota
    ip = org.addr.pick("chinanet")
    t0 = at(d, 6.7)
    root = {
        "type": "Root",
        "principalId": CRYOEM,
        "arn": f"arn:aws:iam::{CRYOEM}:root",
        "accountId": CRYOEM,
    }
    login = org.trail.call(
        t0,
        CRYOEM,
        "us-east-1",
        "signin.amazonaws.com",
        "ConsoleLogin",
        root,
        ip,
        UA["chrome_win"],
        response={"ConsoleLogin": "Success"},
        read_only=False,
        event_type="AwsConsoleSignIn",
        extra={
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home",
                "MobileVersion": "No",
                "MFAUsed": "No",
            }
        },
    )
    console = {
        **root,
        "accessKeyId": org.ids.key(),
        "sessionContext": {
            "attributes": {"creationDate": f"{t0:%Y-%m-%dT%H:%M:%SZ}", "mfaAuthenticated": "false"}
        },
    }
    items = [
        ("us-east-1", "iam.amazonaws.com", "GetAccountSummary", None, None),
        ("us-east-1", "iam.amazonaws.com", "ListUsers", None, None),
        ("us-east-1", "iam.amazonaws.com", "CreateAccessKey", None, None),
        (
            "ap-south-1",
            "servicequotas.amazonaws.com",
            "ListServiceQuotas",
            {"serviceCode": "ec2"},
            None,
        ),
        ("ap-south-1", "ec2.amazonaws.com", "DescribeInstanceTypeOfferings", None, None),
    ]
    ev, t1 = [], t0
    for region, source, name, params, _ in items:
        t1 += dt.timedelta(minutes=org.rng.uniform(0.5, 2))
        ev.append(
            org.trail.call(
                t1,
                CRYOEM,
                region,
                source,
                name,
                console,
                ip,
                UA["chrome_win"],
                params=params,
                console=True,
            )
        )
    rows.append(
        row(
            "A9",
            "attack",
            "root console sign-in without MFA from abroad",
            t0,
            t1 + dt.timedelta(minutes=1),
            principal=f"arn:aws:iam::{CRYOEM}:root",
            ips=(ip,),
            events=(login, *ev),
            severity="high",
        )
    )

    # A10: the consortium coordinating centre's ETL credentials, stolen from their side, assume
    # our reader role with the right external ID from a rented server and pull the cohort at night
    ip = org.addr.pick("ovh")
    t0 = at(d, 3.2)
    etl = Role(CONSORTIUM, "CoordinatingCenterETL", "AROAVCGCETL7Q2XKM4P")
    caller = Session(
        etl, "etl-manual", "ASIAVCGC" + org.ids.key()[8:], t0 - dt.timedelta(minutes=3)
    ).identity()
    reader = org.assume(
        t0,
        caller,
        org.role(RESEARCH, "tmk-consortium-reader"),
        "etl-manual",
        ip,
        UA["consortium_bulk"],
        external_id=EXTERNAL_ID,
    )
    for k in range(120):
        key = f"shared/cohort-2026/batch-{k % 40:02d}/{org.ids.hexid(8)}.cram"
        org.trail.call(
            t0 + dt.timedelta(seconds=20 + 6 * k),
            RESEARCH,
            HOME,
            "s3.amazonaws.com",
            "GetObject",
            reader.identity(),
            ip,
            UA["consortium_bulk"],
            params={"bucketName": RESULTS, "key": key},
            data=[
                *s3_object(RESULTS, key, RESEARCH),
                {"accountId": RESEARCH, "type": "AWS::S3::AccessPoint", "ARN": AP},
            ],
        )
    rows.append(
        row(
            "A10",
            "attack",
            "the consortium's stolen ETL credentials pull the cohort from a rented server",
            t0,
            t0 + dt.timedelta(minutes=15),
            key=reader.key,
            ips=(ip,),
            severity="medium",
        )
    )
    rows.append(
        row(
            "A10",
            "attack",
            "the AssumeRole from the rented server",
            t0,
            t0 + dt.timedelta(minutes=1),
            events=(reader.event,),
            ips=(ip,),
            severity="medium",
        )
    )
    return rows
