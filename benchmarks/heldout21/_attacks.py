"""The attacks of the scored window, each after a public write-up, with its truth rows.

Every attack is a list of steps ``(service, event, params)`` played by one credential from one
address (``_play``); what differs is whose credential, from where and with what client."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout21 import _background as bg
from benchmarks.heldout21 import _org as o
from benchmarks.heldout21 import _services as sv
from benchmarks.heldout21._benign import person
from benchmarks.heldout21._net import BLOCKS
from benchmarks.heldout21._people import identity, user_key
from benchmarks.heldout21._trail import Session, Trail
from benchmarks.heldout21._truth import Truth

Step = tuple[str, str, dict[str, Any] | None]
UA_BOTO_VPS = (
    "Boto3/1.35.2 md/Botocore#1.35.2 ua/2.0 os/linux#6.1.0-18-cloud-amd64 md/arch#x86_64 "
    "lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.2"
)
UA_KALI = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
UA_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"


def _play(
    trail: Trail,
    who: Session | dict[str, Any],
    t: dt.datetime,
    ip: str,
    ua: str,
    steps: Sequence[Step],
    *,
    gap: tuple[int, int] = (4, 40),
    region: str = "ap-southeast-2",
    seed_rng: Any,
    extra: dict[str, Any] | None = None,
) -> tuple[list[str], dt.datetime]:
    ids = []
    for svc, api, params in steps:
        t += dt.timedelta(seconds=seed_rng.randint(*gap))
        call_ua = ua.format(cmd=f"{svc}.{api.lower()}") if "{cmd}" in ua else ua
        ids.append(
            trail.call(
                who,
                t,
                svc,
                api,
                ip=ip,
                ua=call_ua,
                params=params,
                region=region,
                data=api in bg.DATA,
                extra=extra,
            )
        )
    return ids, t


def _current(keys: list[Session], t: dt.datetime) -> Session:
    stamp = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return [k for k in keys if k.identity["sessionContext"]["attributes"]["creationDate"] <= stamp][
        -1
    ]


def draw(
    trail: Trail,
    seed: int,
    cal: o.Calendar,
    truth: Truth,
    fleets: dict[str, Any],
    lithium: dict[str, list[Session]],
) -> random.Random:
    """A1 to A5; the random stream, for ``_attacks_late`` to continue."""
    s = cal.scored
    rng = o.rng_for(seed, "attacks")
    acc = o.ACCOUNTS

    # A1 Greengrass core's certificate taken from a Leonora gateway; the attacker calls the IoT
    # credentials provider himself and tampers with process data (CISA OT advisories; AWS IoT
    # Greengrass security guidance on token exchange role scope)
    t = o.at(s[2], 1.3, rng)
    ip = BLOCKS["do_sgp"].address(rng)
    session, _minted = trail.mint(
        "credentials.iot",
        acc["ot-data"],
        "GreengrassV2TokenExchangeRole",
        "leonora-gg-core-02",
        t,
        hours=1,
    )
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("iotsitewise", "ListAssetModels", None),
        ("iotsitewise", "DescribeAssetModel", {"assetModelId": "crusher-line"}),
        ("iotsitewise", "ListAssets", None),
        ("iotsitewise", "GetAssetPropertyValue", {"assetId": "crusher-01"}),
    ]
    steps += [
        ("iotsitewise", "BatchPutAssetPropertyValue", {"entries": [{"assetId": "crusher-01"}]})
    ] * 12
    _ids, last = _play(
        trail, session, t + dt.timedelta(minutes=2), ip, UA_BOTO_VPS, steps, seed_rng=rng
    )
    truth.attack(
        "A1",
        "Greengrass gateway credentials used off site: SiteWise reads and writes",
        "medium",
        t,
        last,
        key=session.key,
        ips=(ip,),
    )

    # A2 the SAP partner's role assumed from a VPS with the right external ID during the patch
    # weekend; Windows admin password read, HANA data volume snapshotted and shared out
    # (Mandiant on third-party access; Stratus Red Team ec2-share-ebs-snapshot)
    t = o.at(s[3], 14.2, rng)
    ip = BLOCKS["vultr_syd"].address(rng)
    session, assumed = sv.partner_assume(trail, seed, "tangent-akumar", t, ip)
    steps = [
        ("ec2", "DescribeInstances", None),
        ("ec2", "GetPasswordData", {"instanceId": "i-01f4d8e6b2a9c7350"}),
        ("ec2", "DescribeVolumes", None),
        (
            "ec2",
            "CreateSnapshot",
            {"volumeId": "vol-0c3e9a7f1b5d28460", "description": "hana-data"},
        ),
        ("ec2", "DescribeSnapshots", None),
        (
            "ec2",
            "ModifySnapshotAttribute",
            {
                "snapshotId": "snap-0a9f3c7e1d5b24860",
                "createVolumePermission": {"add": {"items": [{"userId": o.ATTACKER_ACCOUNT}]}},
            },
        ),
    ]
    _ids, last = _play(trail, session, t, ip, UA_BOTO_VPS, steps, seed_rng=rng, gap=(20, 200))
    truth.attack(
        "A2",
        "SAP partner role assumed from a VPS: GetPasswordData, snapshot shared out",
        "medium",
        t,
        last,
        key=session.key,
        ips=(ip,),
        events=(assumed,),
    )

    # A3 a contractor's key from Hetzner: SSM fan-out across the jump hosts (Mandiant/Permiso on
    # SSM as remote execution; Stratus ec2-ssm-send-command / ec2-ssm-start-session)
    jwalsh = person("ctr-jwalsh")
    t = o.at(s[1], 21.4, rng)
    ip = BLOCKS["hetzner"].address(rng)
    who = trail.user(acc["shared-network"], jwalsh.name, user_key(jwalsh))
    hosts = list(bg.fleets(1.0)["jump"].members)
    steps = [
        ("sts", "GetCallerIdentity", None),
        ("ssm", "DescribeInstanceInformation", None),
        ("ssm", "SendCommand", {"documentName": "AWS-RunPowerShellScript", "instanceIds": hosts}),
    ]
    steps += [("ssm", "StartSession", {"target": h}) for h in hosts]
    steps += [("ssm", "GetCommandInvocation", {"instanceId": h}) for h in hosts]
    _ids, last = _play(trail, who, t, ip, UA_KALI, steps, seed_rng=rng)
    truth.attack(
        "A3",
        "stolen contractor key: SSM SendCommand and StartSession on every jump host",
        "high",
        t,
        last,
        key=who.key,
        ips=(ip,),
    )

    # A4 the Bitbucket OIDC trust widened to any repository, then used by a foreign repository
    # (Datadog Security Labs and Wiz on misconfigured OIDC trusts)
    sam = person("sam.kowalski")
    t = o.at(s[2], 20.8, rng)
    ip = BLOCKS["vultr_syd"].address(rng)
    who = identity(trail, sam, acc["shared-network"], t, trail.key())
    steps = [
        ("iam", "GetRole", {"roleName": "bitbucket-terraform"}),
        (
            "iam",
            "UpdateAssumeRolePolicy",
            {"roleName": "bitbucket-terraform", "policyDocument": "{...StringLike sub: *...}"},
        ),
    ]
    ids1, last = _play(trail, who, t, ip, o.UA_CLI_WIN, steps, seed_rng=rng)
    foreign = "{3b8f2e6d-9c1a-4d7e-b5f0-8a2c6e4d1f93}"
    t2 = last + dt.timedelta(minutes=40)
    ids2 = sv.pipeline_run(
        trail,
        seed,
        t2,
        foreign,
        bg.aws_address("us-west-2", rng),
        [acc["ot-data"]],
        rng,
        [
            ("ot-data", ("secretsmanager", "ListSecrets")),
            ("ot-data", ("secretsmanager", "GetSecretValue")),
            ("ot-data", ("s3", "ListBuckets")),
            ("ot-data", ("iam", "CreateAccessKey")),
        ],
    )
    truth.attack(
        "A4",
        "OIDC trust widened (UpdateAssumeRolePolicy) then used from a foreign repository",
        "medium",
        t,
        t2 + dt.timedelta(minutes=10),
        key=who.key,
        ips=(ip,),
        events=tuple(ids1),
    )
    truth.attack(
        "A4",
        "OIDC trust widened (UpdateAssumeRolePolicy) then used from a foreign repository",
        "medium",
        t2,
        t2 + dt.timedelta(minutes=10),
        events=tuple(ids2),
    )

    # A5 the historian export Lambda's key, leaked from its environment, replicates the OT
    # historian bucket to an outside account (Stratus s3-backdoor style; Unit 42 on replication)
    t = o.at(s[4], 3.7, rng)
    session = _current(fleets["export"]["historian-export"], t)
    ip = BLOCKS["ovh"].address(rng)
    bucket = {"bucketName": f"koorak-{acc['ot-data'][-4:]}-historian"}
    steps = [
        ("s3", "ListBuckets", None),
        ("s3", "GetBucketVersioning", bucket),
        ("s3", "PutBucketVersioning", bucket),
        ("iam", "PassRole", None),
        (
            "s3",
            "PutBucketReplication",
            {
                **bucket,
                "ReplicationConfiguration": {
                    "Rule": {
                        "Destination": {
                            "Bucket": "arn:aws:s3:::ops-archive-7731",
                            "Account": o.ATTACKER_ACCOUNT,
                        }
                    }
                },
            },
        ),
        ("s3", "GetBucketReplication", bucket),
    ]
    _ids, last = _play(trail, session, t, ip, UA_BOTO_VPS, steps, seed_rng=rng)
    truth.attack(
        "A5",
        "Lambda key from OVH: PutBucketReplication of the OT historian to an outside account",
        "high",
        t,
        last,
        key=session.key,
        ips=(ip,),
    )
    return rng
