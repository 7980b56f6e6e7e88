"""The scored days' middle attacks: the stolen identity blinding the trail (A11), a pull
request's workflow opening an access point to an outside account (A5), a Batch job's key from a
Tor exit (A7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from benchmarks.heldout27._attacks import Row, calls, row
from benchmarks.heldout27._background import RAW, RESULTS, Changes, at
from benchmarks.heldout27._jobs import job
from benchmarks.heldout27._org import HOME, OUTSIDE, RESEARCH, Org
from benchmarks.heldout27._people import sso_role
from benchmarks.heldout27._trail import UA, s3_object


def middle(org: Org, slot: Callable[[int], dt.date], ch: Changes, admin: str) -> list[Row]:
    rows: list[Row] = []
    addr = org.addr
    # A11: two days later the same person's identity, from another address of the same VPN,
    # turns off what would show the copying
    d = slot(3)
    ip = addr.pick("m247")
    t0 = at(d, 4.1)
    s = org.saml(t0, sso_role(org, RESEARCH), admin, ip, UA["kali_cli"], hours=1)
    items = [
        (
            HOME,
            "cloudtrail.amazonaws.com",
            "PutEventSelectors",
            {
                "trailName": "tamarack-org-trail",
                "eventSelectors": [
                    {
                        "readWriteType": "WriteOnly",
                        "includeManagementEvents": True,
                        "dataResources": [],
                    }
                ],
            },
            None,
        ),
        (
            HOME,
            "config.amazonaws.com",
            "StopConfigurationRecorder",
            {"configurationRecorderName": "default"},
            None,
        ),
        (
            HOME,
            "s3.amazonaws.com",
            "PutBucketLifecycleConfiguration",
            {
                "bucketName": "tmk-cloudtrail-logs",
                "LifecycleConfiguration": {
                    "Rule": {"Expiration": {"Days": 1}, "Status": "Enabled"}
                },
            },
            None,
        ),
    ]
    ev, t1 = calls(org, s.identity(), RESEARCH, t0, ip, UA["kali_cli"], items, 2)
    rows.append(
        row(
            "A11",
            "attack",
            "the stolen identity blinds the trail and Config",
            t0,
            t1 + dt.timedelta(minutes=1),
            key=s.key,
            ips=(ip,),
            severity="high",
        )
    )
    rows.append(
        row(
            "A11",
            "attack",
            "the federation that minted it",
            t0,
            t0 + dt.timedelta(minutes=1),
            events=(s.event,),
            ips=(ip,),
            severity="high",
        )
    )

    # A5: a pull request's workflow (the plan role trusts pull_request) creates an access point
    # on the results bucket for an outside account, from GitHub's own runners; the outside
    # account then reads through it
    ip = addr.pick("github")
    t0 = at(d, 17.6)
    gha = org.github(t0, "repo:tamarack-rc/infra:pull_request", ip)
    dep = org.assume(
        t0 + dt.timedelta(seconds=15),
        gha.identity(),
        org.role(RESEARCH, "TerraformDeployer"),
        f"gha-{org.ids.hexid(8)}",
        ip,
        UA["cli_linux"]
        .replace("s3.ls", "s3control.create-access-point")
        .replace("6.8.0-49-generic", "6.5.0-1025-azure"),
    )
    items = [
        (
            HOME,
            "s3.amazonaws.com",
            "CreateAccessPoint",
            {"name": "cohort-mirror", "Bucket": RESULTS},
            None,
        ),
        (
            HOME,
            "s3.amazonaws.com",
            "PutAccessPointPolicy",
            {
                "name": "cohort-mirror",
                "policy": f'{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{OUTSIDE}:root"}},"Action":"s3:GetObject"}}]}}',
            },
            None,
        ),
    ]
    ev, t1 = calls(
        org,
        dep.identity(),
        RESEARCH,
        t0 + dt.timedelta(seconds=20),
        ip,
        UA["cli_linux"]
        .replace("s3.ls", "s3control.create-access-point")
        .replace("6.8.0-49-generic", "6.5.0-1025-azure"),
        items,
        0.3,
    )
    rows.append(
        row(
            "A5",
            "attack",
            "a pull request's workflow opens an access point to an outside account",
            t0,
            t1 + dt.timedelta(minutes=1),
            key=dep.key,
            events=(gha.event, dep.event, *ev),
            severity="medium",
        )
    )
    out_ip = addr.aws("us-east-1")
    ident = {"type": "AWSAccount", "principalId": "AIDA" + org.ids.key()[4:], "accountId": OUTSIDE}
    reads = []
    for k in range(40):
        key = f"shared/cohort-2026/batch-{k % 40:02d}/{org.ids.hexid(8)}.vcf.gz"
        reads.append(
            org.trail.call(
                t1 + dt.timedelta(minutes=30 + k),
                RESEARCH,
                HOME,
                "s3.amazonaws.com",
                "GetObject",
                ident,
                out_ip,
                UA["consortium"].replace("1.35.54", "1.35.71"),
                params={"bucketName": RESULTS, "key": key},
                data=[
                    *s3_object(RESULTS, key, RESEARCH),
                    {
                        "accountId": RESEARCH,
                        "type": "AWS::S3::AccessPoint",
                        "ARN": f"arn:aws:s3:{HOME}:{RESEARCH}:accesspoint/cohort-mirror",
                    },
                ],
            )
        )
    rows.append(
        row(
            "A5",
            "attack",
            "the outside account reads through the access point",
            t1,
            t1 + dt.timedelta(minutes=75),
            principal=f"aws_account:{OUTSIDE}",
            ips=(out_ip,),
            events=tuple(reads),
            severity="medium",
        )
    )

    # A7: a poisoned pipeline dependency sends a Batch job's credentials out; they are used
    # from a Tor exit on the institute's threat list
    t0 = at(d, 9.3)
    s = job(org, t0, org.role(RESEARCH, "tmk-align-job"), f"TMK-{d:%y%m%d}-900", HOME, ch, d)
    ip = org.tor_ip
    items = [
        ("us-east-1", "sts.amazonaws.com", "GetCallerIdentity", None, None),
        (HOME, "secretsmanager.amazonaws.com", "ListSecrets", None, None),
        (HOME, "s3.amazonaws.com", "ListBuckets", None, None),
    ]
    items += [
        (
            HOME,
            "s3.amazonaws.com",
            "GetObject",
            {"bucketName": RAW, "key": f"runs/{d:%y%m%d}_A02/L001_{k:03d}.fastq.gz"},
            None,
        )
        for k in range(5)
    ]
    ev, t1 = calls(
        org, s.identity(), RESEARCH, t0 + dt.timedelta(minutes=20), ip, UA["go_pacu"], items, 2
    )
    rows.append(
        row(
            "A7",
            "attack",
            "a Batch job's key from a Tor exit",
            t0 + dt.timedelta(minutes=20),
            t1 + dt.timedelta(minutes=1),
            key=s.key,
            ips=(ip,),
            severity="high",
        )
    )
    return rows
