"""Attacks with keys that outlive a session: vendor and service IAM users' long-term keys,
and AWS-minted role keys (Glue, an EC2 instance) carried away and used elsewhere."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout16 import plan
from benchmarks.heldout16.attacks_base import Step, attacker_ip, play
from benchmarks.heldout16.background import World
from benchmarks.heldout16.benign import THU, TUE, WED, Row, row
from benchmarks.heldout16.plan import ACCOUNTS, Ids, local
from benchmarks.heldout16.trail import Caller, iam_user, role_session


def leaked_sftp_key(world: World, old_key: str) -> Row:
    """A1 (Invictus IR and Datadog Security Labs on leaked long-term keys; Transfer Family
    persistence): the fare processor's key, before its rotation, from a BuyVPS (FranTech) host:
    a Transfer Family user with the attacker's SSH key, then the cardholder-data bucket listed."""
    ip, start = attacker_ip(world, "frantech"), local(TUE, 1.2)
    me = Caller(
        iam_user("fare", "svc-fareproc-sftp", old_key),
        ACCOUNTS["fare"][0],
        ip,
        plan.KALI_CLI.format(cmd="transfer.create-user"),
    )
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("transfer", "ListServers", None),
        ("transfer", "DescribeServer", {"serverId": "s-4f1c2b9e7a0d63581"}),
        ("transfer", "ListUsers", {"serverId": "s-4f1c2b9e7a0d63581"}),
        (
            "transfer",
            "CreateUser",
            {
                "serverId": "s-4f1c2b9e7a0d63581",
                "userName": "sftp-support",
                "sshPublicKeyBody": "ssh-ed25519 AAAAC3Nz...",
                "role": f"arn:aws:iam::{ACCOUNTS['fare'][0]}:role/transfer-sftp-s3-access",
                "homeDirectory": "/smt-fare-cardholder-data",
            },
        ),
        ("s3", "ListBuckets", None, "AccessDenied"),
        (
            "s3",
            "ListObjectsV2",
            {
                "bucketName": "smt-fare-cardholder-data",
                "Host": "smt-fare-cardholder-data.s3.amazonaws.com",
            },
        ),
    ]
    steps += [
        (
            "s3",
            "GetObject",
            {"bucketName": "smt-fare-cardholder-data", "key": f"exports/cards-{n}.csv.gpg"},
        )
        for n in range(6)
    ]
    events, end = play(world, me, start, steps)
    return row(
        "A1",
        "fare processor's SFTP key from a VPS: Transfer Family user + card data",
        "attack",
        start,
        end,
        key=old_key,
        ips=ip,
        events=events,
        severity="medium",
    )


def scheduler_recon(world: World) -> Row:
    """A2 (AWS CIRT's unauthorised-credential workshop; enumerate-iam as seen by Permiso):
    the legacy scheduler's key from Saint Petersburg while the server keeps running."""
    ip, start, key = (
        attacker_ip(world, "selectel"),
        local(WED, 19.6),
        world.keys["svc-legacy-scheduler"],
    )
    me = Caller(
        iam_user("ops", "svc-legacy-scheduler", key), ACCOUNTS["ops"][0], ip, plan.PY_REQUESTS_BOTO
    )
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("iam", "GetUser", None),
        ("iam", "ListAttachedUserPolicies", {"userName": "svc-legacy-scheduler"}),
        ("iam", "ListUserPolicies", {"userName": "svc-legacy-scheduler"}),
        ("iam", "GetAccountAuthorizationDetails", None, "AccessDenied"),
        ("s3", "ListBuckets", None),
        ("ec2", "DescribeRegions", None),
    ]
    events, t = play(world, me, start, steps, gap=(2, 20))
    for region in ("us-west-2", "us-east-1", "eu-west-1", "ap-southeast-1"):
        more, t = play(
            world,
            me,
            t + dt.timedelta(seconds=3),
            [("ec2", "DescribeInstances", None)],
            region=region,
        )
        events += more
    return row(
        "A2",
        "legacy scheduler key used from abroad for recon",
        "attack",
        start,
        t,
        key=key,
        ips=ip,
        events=events,
        severity="medium",
    )


def connect_toll_fraud(world: World) -> Row:
    """A8 (Sysdig and Permiso on cloud telephony toll fraud): the Connect reporting key from a
    threat-listed M247 address enables outbound calling and claims premium numbers."""
    ip, start, key = (
        attacker_ip(world, "m247"),
        local(WED, 22.5),
        world.keys["svc-connect-reporting"],
    )
    me = Caller(
        iam_user("corp", "svc-connect-reporting", key),
        ACCOUNTS["corp"][0],
        ip,
        plan.PY_REQUESTS_BOTO,
    )
    inst = {"instanceId": "7c1d0b3e-smt"}
    steps: list[Step] = [
        ("connect", "ListInstances", None),
        ("connect", "DescribeInstance", inst),
        (
            "connect",
            "UpdateInstanceAttribute",
            {**inst, "attributeType": "OUTBOUND_CALLS", "value": "true"},
        ),
        (
            "connect",
            "SearchAvailablePhoneNumbers",
            {"phoneNumberCountryCode": "GN", "phoneNumberType": "DID"},
        ),
    ]
    steps += [
        ("connect", "ClaimPhoneNumber", {"phoneNumber": f"+2246{n}0000{n}"}) for n in range(3)
    ]
    steps += [
        (
            "connect",
            "StartOutboundVoiceContact",
            {**inst, "destinationPhoneNumber": f"+2246{n}0000{n}"},
        )
        for n in range(4)
    ]
    events, end = play(world, me, start, steps, gap=(5, 60))
    return row(
        "A8",
        "Connect toll fraud with the reporting key from a threat-listed address",
        "attack",
        start,
        end,
        key=key,
        ips=ip,
        events=events,
        severity="medium",
    )


def glue_creds_outside(world: World) -> Row:
    """A10 (Sysdig and Wiz on Glue/dev-endpoint credentials used outside AWS): an interactive
    Glue session's key read by a notebook dependency and used from DigitalOcean to pull the
    raw telemetry lake."""
    trail, when = world.trail, local(THU, 3.2)
    key = trail.mint_for_service(
        "ops", "glue-opendata-jobs", "GlueInteractiveSession", "glue", when
    )
    own = Caller(
        role_session("ops", "glue-opendata-jobs", "GlueInteractiveSession", key, when),
        ACCOUNTS["ops"][0],
        Ids(world.seed, "glue-interactive").address("us-west-2"),
        plan.GLUE_SPARK,
    )
    play(
        world,
        own,
        when + dt.timedelta(minutes=1),
        [("glue", "GetTable", {"databaseName": "telemetry", "name": "avl_raw"})],
    )
    ip, start = attacker_ip(world, "digitalocean"), when + dt.timedelta(minutes=22)
    thief = own.at(ip=ip, agent=plan.PY_REQUESTS_BOTO)
    raw = {"bucketName": "smt-telemetry-raw", "Host": "smt-telemetry-raw.s3.amazonaws.com"}
    steps: list[Step] = [("sts", "GetCallerIdentity", None), ("s3", "ListBuckets", None)]
    steps += [
        ("s3", "ListObjectsV2", {**raw, "prefix": f"avl/2026-11-{d}/"}) for d in range(20, 25)
    ]
    steps += [
        ("s3", "GetObject", {**raw, "key": f"avl/2026-11-2{n % 5}/part-{n}.parquet"})
        for n in range(30)
    ]
    events, end = play(world, thief, start, steps, gap=(1, 12))
    return row(
        "A10",
        "Glue role credentials used outside AWS to read the telemetry lake",
        "attack",
        start,
        end,
        key=key,
        ips=ip,
        events=events,
        severity="medium",
    )


def pilot_instance_theft(world: World) -> Row:
    """A11 (seed 000's stolen task key; Datadog's instance-credential exfiltration): in the
    account that joined two days ago, the dispatch app's instance key (SSRF in the pilot's
    routing page) used from a Phoenix home ISP with the CLI on a Mac."""
    trail, (instance, address) = world.trail, world.fleets["pilot"][0]
    when = local(WED, 11.9)
    key = trail.mint_for_service("pilot", "pilot-dispatch-app", instance, "ec2", when)
    own = Caller(
        role_session("pilot", "pilot-dispatch-app", instance, key, when),
        ACCOUNTS["pilot"][0],
        address,
        plan.NODE_PILOT.format(api="secrets-manager"),
    )
    play(
        world,
        own,
        when + dt.timedelta(seconds=40),
        [("secretsmanager", "GetSecretValue", {"secretId": "pilot/dispatch/db"})],
    )
    ip, start = attacker_ip(world, "cox"), when + dt.timedelta(minutes=14)
    thief = own.at(ip=ip, agent=plan.CLI_MAC.format(cmd="sts.get-caller-identity"))
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("secretsmanager", "ListSecrets", None),
        ("secretsmanager", "GetSecretValue", {"secretId": "pilot/dispatch/db"}),
        ("s3", "ListBuckets", None),
        ("dynamodb", "ListTables", None),
        ("iam", "ListRoles", None, "AccessDenied"),
    ]
    events, end = play(world, thief, start, steps)
    return row(
        "A11",
        "pilot instance key used from a home ISP (new account, cold start)",
        "attack",
        start,
        end,
        key=key,
        ips=ip,
        events=events,
        severity="medium",
    )
