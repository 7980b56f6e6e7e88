"""The attacks on people's and CI's credentials (A1-A5), each after a public write-up, with
its truth rows; the helpers every attack uses.

Each attack is a function of the day it happens on; it picks up the credentials the background
minted that day (``Day.current``) or mints what the attacker would, and returns its truth rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout19._background import CONN, ENG, OTA, TELE
from benchmarks.heldout19._people import ENGINEERING_NAT_HOST, on_duty
from benchmarks.heldout19._plan import GLOBAL, address, aws_address, jst, ua
from benchmarks.heldout19._trail import (
    Caller,
    Day,
    federated_identity,
    user_identity,
    user_key,
)

Row = dict[str, Any]
BOTO_LINUX = "Boto3/1.34.90 md/Botocore#1.34.90 ua/2.0 os/linux#6.1.0-18-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.90"
CLI_LINUX = "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-26-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}"


def run(
    d: Day,
    who: Caller,
    t: dt.datetime,
    steps: list[tuple[str, str] | tuple[str, str, dict[str, Any]]],
    *,
    gap: float = 20,
    region: str = "ap-northeast-1",
) -> tuple[list[str], dt.datetime]:
    """The attacker's calls one after another, ``gap`` seconds apart on average; (event IDs,
    time of the last)."""
    rng = d.rng(f"attack/{who.key}/{t}")
    ids = []
    for step in steps:
        source, name, *req = step
        t += dt.timedelta(seconds=rng.uniform(0.3, 1.7) * gap)
        data = (
            source == "s3.amazonaws.com" and name in ("GetObject", "PutObject", "ListObjects")
        ) or name == "SendEmail"
        ids.append(
            d.emit(
                t,
                who,
                source,
                name,
                GLOBAL if source in ("iam.amazonaws.com", "ses.amazonaws.com") else region,
                request=req[0] if req else None,
                data=data,
            )
        )
    return ids, t


def row(
    aid: str,
    name: str,
    severity: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: str = "",
    events: list[str] | None = None,
) -> Row:
    return {
        "id": aid,
        "name": name,
        "label": "attack",
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ips,
        "event_ids": " ".join(events or []),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "expected_min_severity": severity,
    }


def a1_iot_policy(d: Day) -> list[Row]:
    """Permiso's LUCR-3 and AWS's IoT best practices: an SRE's saml2aws session, taken by an
    infostealer, from a VPN: an IoT policy widened to iot:* on *, a certificate registered
    without a CA and attached: a rogue 'vehicle' with every permission."""
    t = jst(d.day, 24.2)
    sres = [k for k in d.live if k.startswith("person/") and "PlatformAdmin" in d.live[k][0][1].arn]
    if sres:
        victim = d.current(sres[0], t)
    else:  # nobody worked: the infostealer's copy is from the last session, minted that evening
        victim = d.saml(
            d.rng("a1"),
            jst(d.day, 20),
            CONN,
            "PlatformAdmin",
            "e.inoue@kurenai-mobility.example",
            ip=address("home_jcom", 9),
            ua=ua("cli_mac", cmd="ecs.list-tasks"),
            console=False,
        )
    stolen = victim.at(address("datacamp_vpn", 61), BOTO_LINUX)
    policy = {
        "policyName": "vehicle-telemetry-v3",
        "policyDocument": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}',
        "setAsDefault": True,
    }
    steps: list[Any] = [
        ("sts.amazonaws.com", "GetCallerIdentity"),
        ("iot.amazonaws.com", "ListPolicies"),
        ("iot.amazonaws.com", "GetPolicy"),
        ("iot.amazonaws.com", "CreatePolicyVersion", policy),
        ("iot.amazonaws.com", "RegisterCertificateWithoutCA"),
        ("iot.amazonaws.com", "AttachPolicy"),
        ("iot.amazonaws.com", "CreateThing", {"thingName": "KZ5-diag-00917"}),
        ("iot.amazonaws.com", "AttachThingPrincipal"),
    ]
    ids, end = run(d, stolen, t, steps, gap=40)
    return [
        row(
            "A1",
            "SRE session from a VPN widens an IoT policy to iot:* and registers a rogue certificate",
            "high",
            t,
            end,
            key=stolen.key or "",
            ips=stolen.ip,
            events=ids,
        )
    ]


def a2_rogue_ota(d: Day) -> list[Row]:
    """An OTA job outside the pipeline: from an engineer's WorkSpace (its own NAT address and
    client), a role with IoT write rights in production, CreateJob with a job document in a
    bucket the company does not own."""
    t = jst(d.day, 19.5)
    engineers = [
        k
        for k in d.live
        if k.startswith("person/") and k.count("/") == 1 and ":role/Engineer" in d.live[k][0][1].arn
    ]
    if engineers:
        who = d.current(engineers[-1], t)
    else:
        who = d.saml(
            d.rng("a2/session"),
            jst(d.day, 18),
            ENG,
            "Engineer",
            "n.yoshida@kurenai-mobility.example",
            ip=aws_address("ap-northeast-1", ENGINEERING_NAT_HOST),
            ua=ua("cli_ws", cmd="sso.login"),
            console=False,
        )
    ws = who.at(
        aws_address("ap-northeast-1", ENGINEERING_NAT_HOST), ua("cli_ws", cmd="iot.create-job")
    )
    rng = d.rng("a2")
    admin = d.assume_role(
        rng, t, ws, CONN, "PlatformAdmin", who.identity["principalId"].split(":")[1]
    )
    job = {
        "jobId": "hotfix-gw-0510",
        "targets": [f"arn:aws:iot:ap-northeast-1:{CONN}:thinggroup/model-kz5-all"],
        "documentSource": "https://fw-update-cdn-3391.s3.ap-northeast-1.amazonaws.com/gw/hotfix.json",
        "targetSelection": "CONTINUOUS",
    }
    ids, end = run(
        d,
        admin,
        t + dt.timedelta(seconds=30),
        [
            ("iot.amazonaws.com", "ListThingGroups"),
            ("iot.amazonaws.com", "CreateJob", job),
            ("iot.amazonaws.com", "DescribeJob"),
            ("iot.amazonaws.com", "ListJobExecutionsForJob"),
        ],
        gap=60,
    )
    return [
        row(
            "A2",
            "OTA job created outside the pipeline from a WorkSpace, firmware in an unknown bucket",
            "medium",
            t,
            end,
            principal=f"arn:aws:iam::{CONN}:role/PlatformAdmin",
            events=ids,
        )
    ]


def a3_federation_token(d: Day) -> list[Row]:
    """Invictus IR's GetFederationToken persistence: a leaked engineer's IAM user key from a
    Tokyo VPS mints a federated session, which keeps working after the key is deactivated."""
    rng = d.rng("a3")
    vps = address("vultr_tokyo", 88)
    user = Caller(
        user_identity(ENG, "k.sato", user_key(d.seed, ENG, "k.sato")),
        vps,
        CLI_LINUX.format(cmd="sts.get-federation-token"),
        ENG,
    )
    t = jst(d.day, 9.1)  # 09:06 JST, on the scored UTC day (was 03:06 JST: the day before in UTC)
    ids, t1 = run(
        d,
        user,
        t,
        [
            ("sts.amazonaws.com", "GetCallerIdentity"),
            ("iam.amazonaws.com", "ListAttachedUserPolicies"),
            (
                "sts.amazonaws.com",
                "GetFederationToken",
                {"name": "sato-backup", "durationSeconds": 129600},
            ),
        ],
        gap=30,
    )
    fed_key = d.session_key(rng)
    fed = Caller(
        federated_identity(ENG, "k.sato", "sato-backup", fed_key, t1), vps, BOTO_LINUX, ENG
    )
    ids2, _ = run(
        d,
        fed,
        t1 + dt.timedelta(minutes=4),
        [
            ("s3.amazonaws.com", "ListBuckets"),
            ("iot.amazonaws.com", "ListThings"),
            ("secretsmanager.amazonaws.com", "ListSecrets"),
        ],
        gap=90,
    )
    # the security engineer deactivates the key in the morning; the federated session goes on
    responder = on_duty(d, "u.ishikawa@kurenai-mobility.example", jst(d.day, 10))
    if responder is not None:
        ir = d.assume_role(
            rng,
            jst(d.day, 10.5),
            responder,
            ENG,
            "IncidentResponder",
            "u.ishikawa@kurenai-mobility.example",
        )
        d.emit(
            jst(d.day, 10.6),
            ir,
            "iam.amazonaws.com",
            "UpdateAccessKey",
            GLOBAL,
            request={"userName": "k.sato", "accessKeyId": user.key, "status": "Inactive"},
            read_only=False,
        )
    ids3, t3 = run(
        d,
        fed,
        jst(d.day, 13),
        [
            ("secretsmanager.amazonaws.com", "GetSecretValue", {"secretId": f"prod/{s}"})
            for s in ("timestream-writer", "supplier-sftp", "mqtt-signing", "github-app")
        ]
        + [("s3.amazonaws.com", "ListObjects", {"bucketName": "kurenai-telemetry-lake"})]
        + [
            (
                "s3.amazonaws.com",
                "GetObject",
                {"bucketName": "kurenai-telemetry-lake", "key": f"vin/{k:04d}.parquet"},
            )
            for k in range(12)
        ],
        gap=25,
    )
    return [
        row(
            "A3",
            "leaked IAM user key from a VPS: GetFederationToken, the federated session outlives the key",
            "high",
            t,
            t1,
            key=user.key or "",
            ips=vps,
            events=ids,
        ),
        row("A3", "", "high", t1, t3, key=fed_key, ips=vps, events=ids2 + ids3),
    ]


def a4_ses_phishing(d: Day) -> list[Row]:
    """Permiso's SES abuse: a CI key (Jenkins) checks the quota, verifies a sender, turns
    sending on and sends phishing in bulk from us-east-1."""
    key = user_key(d.seed, OTA, "jenkins-ota")
    who = Caller(user_identity(OTA, "jenkins-ota", key), address("hetzner", 140), BOTO_LINUX, OTA)
    t = jst(d.day, 1.5)
    steps: list[Any] = [
        ("ses.amazonaws.com", n)
        for n in ("GetSendQuota", "GetAccount", "ListIdentities", "GetAccountSendingEnabled")
    ]
    steps += [
        (
            "ses.amazonaws.com",
            "VerifyEmailIdentity",
            {"emailAddress": "support@kurenai-connect-jp.example"},
        ),
        ("ses.amazonaws.com", "UpdateAccountSendingEnabled", {"enabled": True}),
    ]
    steps += [
        (
            "ses.amazonaws.com",
            "SendEmail",
            {"fromEmailAddress": "support@kurenai-connect-jp.example"},
        )
    ] * d.n(150, d.rng("a4"))
    ids, end = run(d, who, t, steps, gap=6)
    return [
        row(
            "A4",
            "SES abused for phishing with a stolen CI key",
            "high",
            t,
            end,
            key=key,
            ips=who.ip,
            events=ids[:6],
        )
    ]


def a5_function_url(d: Day) -> list[Row]:
    """An analyst's Entra session taken by AiTM phishing, replayed through a residential proxy:
    a public, unauthenticated function URL on the trip summariser (Wiz, Datadog)."""
    rng = d.rng("a5")
    t = jst(d.day, 26)
    ip = address("residential_proxy", 173)
    who = d.saml(
        rng,
        t,
        TELE,
        "TelematicsAnalyst",
        "p.ikeda@kurenai-mobility.example",
        ip=ip,
        ua=BOTO_LINUX,
        console=False,
    )
    ids, end = run(
        d,
        who,
        t,
        [
            ("lambda.amazonaws.com", "ListFunctions20150331"),
            ("lambda.amazonaws.com", "GetFunction20150331v2"),
            (
                "lambda.amazonaws.com",
                "CreateFunctionUrlConfig",
                {"functionName": "trip-summariser", "authType": "NONE"},
            ),
            (
                "lambda.amazonaws.com",
                "AddPermission20150331v2",
                {
                    "functionName": "trip-summariser",
                    "action": "lambda:InvokeFunctionUrl",
                    "principal": "*",
                    "functionUrlAuthType": "NONE",
                },
            ),
        ],
        gap=45,
    )
    return [
        row(
            "A5",
            "analyst session via a residential proxy makes a data function public (function URL, AuthType NONE)",
            "medium",
            t,
            end,
            key=who.key or "",
            ips=ip,
            events=ids,
        )
    ]
