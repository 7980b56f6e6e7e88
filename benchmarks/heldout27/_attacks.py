"""The attacks on Tamarack in the scored days, each drawn from a public incident pattern, and
their truth rows (``expected_min_severity``: what a person must see)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout27._background import AP, EXTERNAL_ID, RESULTS, Changes, at
from benchmarks.heldout27._org import CONSORTIUM, CRYOEM, HOME, OUTSIDE, RESEARCH, Org
from benchmarks.heldout27._people import sso_role
from benchmarks.heldout27._trail import UA, Role, Session, s3_object, ts

Row = dict[str, Any]


def row(
    i: str,
    label: str,
    name: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: tuple[str, ...] = (),
    events: tuple[str, ...] = (),
    severity: str = "medium",
) -> Row:
    return {
        "id": i,
        "label": label,
        "name": name,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(ips),
        "event_ids": " ".join(events),
        "start": ts(start),
        "end": ts(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": severity if label == "benign" else "",
    }


def calls(
    org: Org,
    s: dict[str, Any],
    account: str,
    start: dt.datetime,
    ip: str,
    ua: str,
    items: list[tuple[str, str, str, dict[str, Any] | None, tuple[str, str] | None]],
    gap: float,
) -> tuple[list[str], dt.datetime]:
    """``items`` (region, source, name, params, error) one after another, ``gap`` minutes apart
    on average; their event IDs and the last time."""
    out, t = [], start
    for region, source, name, params, error in items:
        t += dt.timedelta(minutes=org.rng.uniform(0.3, 1.7) * gap)
        data = None
        if source == "s3.amazonaws.com" and params and "key" in params:
            data = s3_object(params["bucketName"], params["key"], account)
        out.append(
            org.trail.call(
                t, account, region, source, name, s, ip, ua, params=params, error=error, data=data
            )
        )
    return out, t


def middle(org: Org, slot: Callable[[int], dt.date], ch: Changes, admin: str) -> list[Row]:
    from benchmarks.heldout27._attacks_mid import middle as run

    return run(org, slot, ch, admin)


def attacks(org: Org, slot: Callable[[int], dt.date], ch: Changes) -> list[Row]:
    rows: list[Row] = []
    rng, addr = org.rng, org.addr
    user = org.users["a.bergeron"]

    # A1: the postdoc's key, pasted into a notebook pushed to a public GitHub repository, is
    # tried within minutes from a VPS: who am I, what can I do, how many GPUs may I run
    d = slot(0)
    ip = addr.pick("frantech")
    t0 = at(d, 15.2)
    denied = (
        "AccessDenied",
        f"User: arn:aws:iam::{RESEARCH}:user/a.bergeron is not authorized to perform this action",
    )
    items = [
        ("us-east-1", "sts.amazonaws.com", "GetCallerIdentity", None, None),
        (HOME, "s3.amazonaws.com", "ListBuckets", None, None),
        (
            "us-east-1",
            "iam.amazonaws.com",
            "ListAttachedUserPolicies",
            {"userName": "a.bergeron"},
            denied,
        ),
        ("us-east-1", "iam.amazonaws.com", "GetAccountAuthorizationDetails", None, denied),
        ("us-east-1", "ec2.amazonaws.com", "DescribeRegions", None, None),
    ]
    items += [
        (
            r,
            "servicequotas.amazonaws.com",
            "GetServiceQuota",
            {"serviceCode": "ec2", "quotaCode": "L-DB2E81BA"},
            None,
        )
        for r in ("us-east-1", "ap-south-1", "sa-east-1", "eu-north-1")
    ]
    items += [
        (r, "batch.amazonaws.com", "DescribeComputeEnvironments", None, None)
        for r in ("ap-south-1", "sa-east-1")
    ]
    ev, t1 = calls(org, user.identity(), RESEARCH, t0, ip, UA["jupyter_leak"], items, 1.5)
    rows.append(
        row(
            "A1",
            "attack",
            "postdoc's leaked key tried from a VPS",
            t0,
            t1 + dt.timedelta(minutes=1),
            key=user.key,
            ips=(ip,),
            severity="medium",
        )
    )

    # A2: next day the key builds GPU Batch compute environments in two unused regions and
    # submits miners; Batch's service-linked role launches the instances
    d = slot(1)
    ip = addr.pick("hetzner")
    t0 = at(d, 3.4 if d != slot(0) else 17.5)  # after A1 when both fall on one day (CI scale)
    events: list[str] = []
    slr = org.role(RESEARCH, "AWSServiceRoleForBatch", "/aws-service-role/batch.amazonaws.com/")
    slr_events: list[str] = []
    t = t0
    for region in ("ap-south-1", "sa-east-1"):
        items = [
            (
                region,
                "batch.amazonaws.com",
                "CreateComputeEnvironment",
                {
                    "computeEnvironmentName": "ml-train-ce",
                    "type": "MANAGED",
                    "computeResources": {
                        "type": "EC2",
                        "instanceTypes": ["g5.12xlarge", "p3.8xlarge"],
                        "maxvCpus": 384,
                    },
                },
                None,
            ),
            (region, "batch.amazonaws.com", "CreateJobQueue", {"jobQueueName": "ml-train"}, None),
            (
                region,
                "batch.amazonaws.com",
                "RegisterJobDefinition",
                {
                    "jobDefinitionName": "train",
                    "containerProperties": {"image": "docker.io/library/ubuntu-xmr:22.04"},
                },
                None,
            ),
        ]
        items += [
            (
                region,
                "batch.amazonaws.com",
                "SubmitJob",
                {"jobName": f"train-{k}", "jobQueue": "ml-train"},
                None,
            )
            for k in range(6)
        ]
        ev, t = calls(org, user.identity(), RESEARCH, t, ip, UA["kali_cli"], items, 0.8)
        events += ev
        s = org.by_service(
            t + dt.timedelta(minutes=2),
            slr,
            "aws-batch",
            "batch.amazonaws.com",
            hours=1,
            region=region,
        )
        for k in range(4):
            slr_events.append(
                org.trail.call(
                    t + dt.timedelta(minutes=3 + k),
                    RESEARCH,
                    region,
                    "ec2.amazonaws.com",
                    "RunInstances",
                    s.identity(),
                    "batch.amazonaws.com",
                    "batch.amazonaws.com",
                    params={"instanceType": "g5.12xlarge", "minCount": 1, "maxCount": 1},
                    response={"instancesSet": {"items": [{"instanceId": org.instance_id()}]}},
                )
            )
    rows.append(
        row(
            "A2",
            "attack",
            "leaked key runs GPU miners on Batch in unused regions",
            t0,
            t + dt.timedelta(minutes=10),
            key=user.key,
            ips=(ip,),
            severity="high",
        )
    )
    rows.append(
        row(
            "A2",
            "attack",
            "Batch launching the miners",
            t0,
            t + dt.timedelta(minutes=10),
            principal=slr.arn,
            events=tuple(slr_events),
            severity="high",
        )
    )

    # A3: a visiting collaborator's saml2aws credentials, lifted by an infostealer, used from
    # the stealer operator's VPS while the collaborator is still working
    d = slot(2)
    victim = next(p for p in org.researchers if p.name == "vdberg@uu.nl")
    t0 = at(d, 13.1)
    s = org.saml(t0, victim.role, victim.name, victim.ip, UA["saml2aws"])
    ip = addr.pick("vultr")
    items = [(HOME, "s3.amazonaws.com", "ListBuckets", None, None)]
    items += [
        (
            HOME,
            "s3.amazonaws.com",
            "GetObject",
            {"bucketName": RESULTS, "key": f"results/TMK-{rng.randrange(1000):03d}/g.vcf.gz"},
            None,
        )
        for _ in range(25)
    ]
    items += [
        (
            HOME,
            "athena.amazonaws.com",
            "StartQueryExecution",
            {"workGroup": "research", "queryExecutionContext": {"database": "variants"}},
            None,
        )
    ] * 2
    ev, t1 = calls(
        org,
        s.identity(),
        RESEARCH,
        t0 + dt.timedelta(hours=2.5),
        ip,
        UA["cli_linux"].replace("ubuntu.24", "debian.12"),
        items,
        0.6,
    )
    rows.append(
        row(
            "A3",
            "attack",
            "collaborator's stolen session from an infostealer's VPS",
            t0 + dt.timedelta(hours=2.5),
            t1 + dt.timedelta(minutes=1),
            key=s.key,
            ips=(ip,),
            severity="medium",
        )
    )

    # A4: an engineer's Identity Center session, taken by a phished device code, sets up
    # replication of the results bucket to a bucket in an outside account
    admin = org.engineers[0]
    ip = addr.pick("m247")
    t0 = at(d, 20.3)
    s = org.saml(t0, sso_role(org, RESEARCH), admin.name, ip, UA["kali_cli"], hours=1)
    items = [
        ("us-east-1", "sts.amazonaws.com", "GetCallerIdentity", None, None),
        (
            HOME,
            "s3.amazonaws.com",
            "GetBucketReplication",
            {"bucketName": RESULTS},
            (
                "ReplicationConfigurationNotFoundError",
                "The replication configuration was not found",
            ),
        ),
        (
            "us-east-1",
            "iam.amazonaws.com",
            "CreateRole",
            {
                "roleName": "s3-crr-backup",
                "assumeRolePolicyDocument": '{"Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
            },
            None,
        ),
        (
            "us-east-1",
            "iam.amazonaws.com",
            "PutRolePolicy",
            {"roleName": "s3-crr-backup", "policyName": "crr"},
            None,
        ),
        (
            HOME,
            "s3.amazonaws.com",
            "PutBucketVersioning",
            {"bucketName": RESULTS, "VersioningConfiguration": {"Status": "Enabled"}},
            None,
        ),
        (
            HOME,
            "s3.amazonaws.com",
            "PutBucketReplication",
            {
                "bucketName": RESULTS,
                "ReplicationConfiguration": {
                    "Role": f"arn:aws:iam::{RESEARCH}:role/s3-crr-backup",
                    "Rule": {
                        "Status": "Enabled",
                        "Destination": {
                            "Bucket": "arn:aws:s3:::cohort-backup-euw1",
                            "Account": OUTSIDE,
                            "AccessControlTranslation": {"Owner": "Destination"},
                        },
                    },
                },
            },
            None,
        ),
    ]
    ev, t1 = calls(org, s.identity(), RESEARCH, t0, ip, UA["kali_cli"], items, 1.2)
    rows.append(
        row(
            "A4",
            "attack",
            "stolen Identity Center session replicates genomic results to an outside account",
            t0,
            t1 + dt.timedelta(minutes=1),
            key=s.key,
            ips=(ip,),
            severity="high",
        )
    )
    rows.append(
        row(
            "A4",
            "attack",
            "the federation that minted it",
            t0,
            t0 + dt.timedelta(minutes=1),
            events=(s.event,),
            ips=(ip,),
            severity="high",
        )
    )

    rows += middle(org, slot, ch, admin.name)
    return rows + attacks_late(org, slot, ch)


def attacks_late(org: Org, slot: Callable[[int], dt.date], ch: Changes) -> list[Row]:
    from benchmarks.heldout27._attacks2 import cold_theft, late

    return cold_theft(org, slot, ch) + late(org, slot)


__all__ = ["AP", "CONSORTIUM", "CRYOEM", "EXTERNAL_ID", "Role", "Session", "attacks", "row"]
