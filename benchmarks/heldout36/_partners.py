"""The partners' cross-account roles (the roaming hub and the payment provider, with external
IDs) and AWS Config acting through its service-linked role."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout36 import _org as org
from benchmarks.heldout36._records import Trail
from benchmarks.heldout36._routine import World, at


def partners(tr: Trail, world: World, day: dt.date) -> None:
    """The roaming hub pulls CDRs every 15 minutes through ``roaming-cdr-reader`` (external
    ID); the payment provider writes settlement files hourly through ``psp-settlement-writer``."""
    for kind, minutes in (("hub", 15), ("psp", 60)):
        t = at(day, tr.rng.uniform(0, 0.25))
        while t < at(day, 24):
            if kind == "hub":
                new = world.roaming_new_from is not None and t >= world.roaming_new_from
                role = "roaming-ocpi221-reader" if new else "roaming-cdr-reader"
                caller = "ocpi221-sync" if new else "cdr-sync-worker"
                ips = org.ROAMING_HUB_NEW_IPS if new else org.ROAMING_HUB_IPS
                cross(
                    tr,
                    world,
                    t,
                    org.PLATFORM,
                    org.ROAMING_HUB,
                    caller,
                    role,
                    org.ROAMING_EXTERNAL_ID,
                    tr.rng.choice(ips),
                    org.GO_HUB.format(api="sts", v="1.28.6"),
                    "voltaro-roaming-exports",
                    reads=tr.rng.randint(1, 3),
                )
            else:
                cross(
                    tr,
                    world,
                    t,
                    org.DATA,
                    org.PSP,
                    "settlement-exporter",
                    "psp-settlement-writer",
                    org.PSP_EXTERNAL_ID,
                    tr.rng.choice(org.PSP_IPS),
                    org.JAVA_PSP,
                    "voltaro-psp-settlements",
                    writes=2,
                )
            t += dt.timedelta(minutes=world.every(minutes) * tr.rng.uniform(0.97, 1.03))


def cross(
    tr: Trail,
    world: World,
    t: dt.datetime,
    account: str,
    partner: str,
    caller: str,
    role: str,
    external_id: str | None,
    ip: str,
    agent: str,
    bucket: str,
    *,
    reads: int = 0,
    writes: int = 0,
    error: tuple[str, str] | None = None,
) -> str | None:
    """A partner account's worker assuming our role, then reading or writing its bucket; the
    new session key (None when refused)."""
    key = tr.key()
    request = {
        "roleArn": f"arn:aws:iam::{account}:role/{role}",
        "roleSessionName": f"{caller}-{int(t.timestamp())}",
        "durationSeconds": 3600,
    }
    if external_id is not None:
        request["externalId"] = external_id
    ident = {
        "type": "AWSAccount",
        "principalId": f"AROA{partner[-6:]}{tr.hexid(6).upper()}:{caller}",
        "accountId": partner,
    }
    tr.add(
        t,
        account,
        org.HOME,
        ident,
        ip,
        agent.replace("api/s3", "api/sts"),
        "sts",
        "AssumeRole",
        read_only=True,
        request=request,
        error=error,
        response={
            "credentials": {"accessKeyId": key, "expiration": ""},
            "assumedRoleUser": {
                "assumedRoleId": f"AROA:{request['roleSessionName']}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{request['roleSessionName']}",
            },
        },
        resources=[
            {
                "accountId": account,
                "type": "AWS::IAM::Role",
                "ARN": f"arn:aws:iam::{account}:role/{role}",
            }
        ],
        extra={"sharedEventID": tr.uuid()},
    )
    if error is not None:
        return None
    sess = tr.role(account, role, str(request["roleSessionName"]), key, t)
    s = t + dt.timedelta(seconds=2)
    if reads:
        tr.add(
            s,
            account,
            org.HOME,
            sess,
            ip,
            agent,
            "s3",
            "ListObjects",
            read_only=True,
            data=True,
            request={"bucketName": bucket, "prefix": f"cdr/{t:%Y/%m/%d}/", "list-type": "2"},
        )
        for i in range(reads):
            obj = f"cdr/{t:%Y/%m/%d/%H%M}-{tr.hexid(8)}.json"
            tr.add(
                s + dt.timedelta(seconds=1 + i),
                account,
                org.HOME,
                sess,
                ip,
                agent,
                "s3",
                "GetObject",
                read_only=True,
                data=True,
                request={"bucketName": bucket, "key": obj},
                resources=[{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{obj}"}],
            )
    for i in range(writes):
        obj = f"settlements/{t:%Y/%m/%d}/batch-{t:%H}-{i}.csv"
        tr.add(
            s + dt.timedelta(seconds=1 + i),
            account,
            org.HOME,
            sess,
            ip,
            agent,
            "s3",
            "PutObject",
            read_only=False,
            data=True,
            request={"bucketName": bucket, "key": obj},
            resources=[{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{obj}"}],
        )
    return key


def config_recorder(
    tr: Trail, world: World, day: dt.date, account: str, regions: tuple[str, ...], start: float = 0
) -> None:
    """AWS Config describing resources through its service-linked role in every region."""
    names = (
        "DescribeInstances",
        "DescribeSecurityGroups",
        "DescribeVpcs",
        "DescribeSubnets",
        "DescribeNetworkInterfaces",
    )
    for region in regions:
        key = tr.key()
        created = at(day, start)
        ident = tr.role(
            account,
            "AWSServiceRoleForConfig",
            "AWSConfig-Describe",
            key,
            created,
            path="/aws-service-role/config.amazonaws.com/",
            invoked_by="config.amazonaws.com",
        )
        for _ in range(world.n(30)):
            t = at(day, start + tr.rng.uniform(0, 24 - start - 0.01))
            tr.add(
                t,
                account,
                region,
                ident,
                "config.amazonaws.com",
                "config.amazonaws.com",
                "ec2",
                tr.rng.choice(names),
                read_only=True,
                request={},
            )
