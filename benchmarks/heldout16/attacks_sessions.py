"""Attacks through sessions: federated (ADFS SAML) console sessions replayed or misused,
the MSP's cross-account role, a CI build's role key and an admin's saml2aws credentials."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout16 import plan
from benchmarks.heldout16.attacks_base import Step, attacker_ip, play
from benchmarks.heldout16.background import World
from benchmarks.heldout16.benign import FRI, MON, WED, Row, row
from benchmarks.heldout16.plan import ACCOUNTS, Ids, local
from benchmarks.heldout16.trail import Caller, role_session
from benchmarks.heldout16.workloads import pipeline


def dispatcher_from_vps(world: World) -> Row:
    """A3 (Expel and Mandiant on AiTM-phished federated sessions): a night-shift dispatcher's
    ADFS session replayed from an anonymising VPS in a Linux Firefox; the over-broad dispatch
    role gives the scheduler's IAM user a console password."""
    trail, ip, start = world.trail, attacker_ip(world, "privatelayer"), local(WED, 21.3)
    person = "dispatch3@salishmetro.gov"
    key, minted = trail.mint_saml("ops", "ADFS-Dispatch", person, start, ip, plan.FIREFOX_LINUX)
    me = Caller(
        role_session("ops", "ADFS-Dispatch", person, key, start),
        ACCOUNTS["ops"][0],
        ip,
        plan.FIREFOX_LINUX,
        console=True,
    )
    login = trail.console_login(me, start + dt.timedelta(seconds=6))
    steps: list[Step] = [
        ("iam", "ListUsers", None),
        ("iam", "GetUser", {"userName": "svc-legacy-scheduler"}),
        ("iam", "GetLoginProfile", {"userName": "svc-legacy-scheduler"}, "NoSuchEntityException"),
        (
            "iam",
            "CreateLoginProfile",
            {"userName": "svc-legacy-scheduler", "passwordResetRequired": False},
        ),
        (
            "iam",
            "AttachUserPolicy",
            {
                "userName": "svc-legacy-scheduler",
                "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
            "AccessDenied",
        ),
    ]
    events, end = play(world, me, start + dt.timedelta(minutes=1), steps)
    return row(
        "A3",
        "dispatcher's SAML session from an anonymising VPS: CreateLoginProfile",
        "attack",
        start,
        end,
        key=key,
        ips=ip,
        events=[minted, login, *events],
        severity="medium",
    )


def msp_stop_logging(world: World) -> Row:
    """A4 (CISA advisories on MSP compromise; Stratus Red Team's cloudtrail-stop): the MSP role
    assumed from outside the MSP's network, the fare account's trail stopped; the MSP's on-call
    restarts it 90 minutes later. Nothing in between is logged."""
    trail, ip, start = world.trail, attacker_ip(world, "datacamp"), local(FRI, 0.1)
    agent = plan.CLI_MAC.format(cmd="cloudtrail.stop-logging")
    key, minted = trail.mint_cross_account(
        "fare", "SMT-MSP-Operations", "kpatel", start, ip, agent, source_account=plan.MSP_ACCOUNT
    )
    me = Caller(
        role_session("fare", "SMT-MSP-Operations", "kpatel", key, start),
        ACCOUNTS["fare"][0],
        ip,
        agent,
    )
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("cloudtrail", "DescribeTrails", None),
        ("cloudtrail", "GetTrailStatus", {"name": "smt-trail"}),
        ("cloudtrail", "StopLogging", {"name": "smt-trail"}),
    ]
    events, end = play(world, me, start + dt.timedelta(seconds=30), steps)
    resume = local(FRI, 1.6)
    for region in ("us-west-2", "us-east-1"):
        trail.paused[(ACCOUNTS["fare"][0], region)] = (end + dt.timedelta(seconds=1), resume)
    oncall_ip = Ids(world.seed, "msp:jlee").address("msp")
    k2, _ = trail.mint_cross_account(
        "fare",
        "SMT-MSP-Operations",
        "jlee",
        resume,
        oncall_ip,
        agent,
        source_account=plan.MSP_ACCOUNT,
    )
    oncall = Caller(
        role_session("fare", "SMT-MSP-Operations", "jlee", k2, resume),
        ACCOUNTS["fare"][0],
        oncall_ip,
        agent,
    )
    trail.call(
        oncall,
        resume + dt.timedelta(seconds=40),
        "cloudtrail",
        "StartLogging",
        params={"name": "smt-trail"},
    )
    return row(
        "A4",
        "MSP role from outside the MSP's network stops CloudTrail",
        "attack",
        start,
        end,
        key=key,
        ips=ip,
        events=[minted, *events],
        severity="high",
    )


def iot_policy_takeover(world: World) -> Row:
    """A5 (Unit 42 and Wiz on CI credentials taken from a build; IoT policy abuse): a poisoned
    build leaks the provisioning role's key; from Contabo the depot policy becomes iot:* on *
    and a certificate the attacker holds is registered and activated."""
    me, _ = pipeline(
        world, FRI, [("iot", "DescribeThing", {"thingName": "bus-4411"})], 3, hour=10.0
    )
    ip, start = attacker_ip(world, "contabo"), local(FRI, 10.4)
    thief = me.at(ip=ip, agent=plan.PY_REQUESTS_BOTO)
    policy = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}'
    )
    steps: list[Step] = [
        ("iot", "ListPolicies", None),
        ("iot", "GetPolicy", {"policyName": "depot-bus-policy"}),
        (
            "iot",
            "CreatePolicyVersion",
            {"policyName": "depot-bus-policy", "policyDocument": policy, "setAsDefault": True},
        ),
        ("iot", "RegisterCertificateWithoutCA", {"status": "INACTIVE"}),
        (
            "iot",
            "UpdateCertificate",
            {"certificateId": "9f1c" + Ids(world.seed, "cert").hexid(60), "newStatus": "ACTIVE"},
        ),
        ("iot", "AttachPolicy", {"policyName": "depot-bus-policy"}),
        ("iot", "ListThings", None),
    ]
    events, end = play(world, thief, start, steps)
    return row(
        "A5",
        "IoT policy set to iot:* and a new certificate activated, from a leaked build key",
        "attack",
        start,
        end,
        key=thief.key or "",
        ips=ip,
        events=events,
        severity="medium",
    )


def planner_ransom_command(world: World) -> Row:
    """A6 (Mandiant and CISA #StopRansomware on SSM Run Command used to push ransomware): from a
    planner's own console session, city network and usual browser, a PowerShell script sent to
    the whole operations Windows fleet."""
    trail, person, start = world.trail, "planner4@salishmetro.gov", local(FRI, 14.2)
    ip = Ids(world.seed, f"city:{person}:{FRI}").address("city")
    key, minted = trail.mint_saml("ops", "ADFS-Planning", person, start, ip, plan.EDGE_WS)
    me = Caller(
        role_session("ops", "ADFS-Planning", person, key, start),
        ACCOUNTS["ops"][0],
        ip,
        plan.EDGE_WS,
        console=True,
    )
    login = trail.console_login(me, start + dt.timedelta(seconds=5))
    fleet = [i for i, _ in world.fleets["ops"]]
    steps: list[Step] = [
        ("ssm", "DescribeInstanceInformation", None),
        ("ssm", "ListDocuments", None),
        (
            "ssm",
            "SendCommand",
            {
                "documentName": "AWS-RunPowerShellScript",
                "instanceIds": fleet[:6],
                "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
            },
        ),
        (
            "ssm",
            "SendCommand",
            {
                "documentName": "AWS-RunPowerShellScript",
                "instanceIds": fleet[6:],
                "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
            },
        ),
        ("ssm", "ListCommandInvocations", None),
    ]
    events, end = play(world, me, start + dt.timedelta(minutes=2), steps, gap=(20, 120))
    return row(
        "A6",
        "ransomware-style Run Command to the Windows fleet from a planner's console",
        "attack",
        start,
        end,
        key=key,
        ips=ip,
        events=[minted, login, *events],
        severity="medium",
    )


def public_fare_bucket(world: World) -> Row:
    """A7 (Stratus Red Team's s3-backdoor-bucket-policy; AiTM session replay): a fare analyst's
    ADFS session replayed from a Singapore VPS on a Mac; the export bucket made public."""
    trail, ip, start = world.trail, attacker_ip(world, "vultr"), local(WED, 9.75)
    person = "tvo@salishmetro.gov"
    key, minted = trail.mint_saml("fare", "ADFS-FareFinance", person, start, ip, plan.SAFARI_MAC)
    me = Caller(
        role_session("fare", "ADFS-FareFinance", person, key, start),
        ACCOUNTS["fare"][0],
        ip,
        plan.SAFARI_MAC,
        console=True,
    )
    login = trail.console_login(me, start + dt.timedelta(seconds=5))
    bucket = {"bucketName": "smt-fare-settlement-exports"}
    policy = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::smt-fare-settlement-exports/*"}]}'
    steps: list[Step] = [
        ("s3", "ListBuckets", None),
        ("s3", "GetBucketPolicy", bucket),
        ("s3", "GetBucketPublicAccessBlock", bucket),
        ("s3", "DeleteBucketPublicAccessBlock", bucket),
        ("s3", "PutBucketPolicy", {**bucket, "bucketPolicy": policy}),
    ]
    events, end = play(world, me, start + dt.timedelta(minutes=1), steps)
    return row(
        "A7",
        "fare export bucket made public from a replayed analyst session",
        "attack",
        start,
        end,
        key=key,
        ips=ip,
        events=[minted, login, *events],
        severity="medium",
    )


def snapshot_share(world: World) -> Row:
    """A9 (Stratus Red Team's ec2-share-ebs-snapshot; Mandiant on AD database theft): an IT
    admin's saml2aws credentials taken from her laptop, the domain controllers' volumes
    snapshotted and shared with an outside account from a Hostinger VPS."""
    trail, person, when = world.trail, "dbrooks@salishmetro.gov", local(MON, 10.8)
    city = Ids(world.seed, f"city:{person}:{MON}").address("city")
    key, _ = trail.mint_saml(
        "corp", "ADFS-ITAdmin", person, when, city, "aws-sdk-go/1.44.327 (go1.21.6; windows; amd64)"
    )
    own = Caller(
        role_session("corp", "ADFS-ITAdmin", person, key, when),
        ACCOUNTS["corp"][0],
        city,
        plan.CLI_WIN.format(cmd="ec2.describe-instances"),
    )
    play(
        world,
        own,
        when + dt.timedelta(seconds=20),
        [("ec2", "DescribeInstances", None), ("ds", "DescribeDirectories", None)],
    )
    ip, start = attacker_ip(world, "hostinger"), when + dt.timedelta(minutes=35)
    thief = own.at(ip=ip, agent=plan.CLI_MAC.format(cmd="ec2.modify-snapshot-attribute"))
    steps: list[Step] = [
        (
            "ec2",
            "DescribeInstances",
            {
                "filterSet": {
                    "items": [{"name": "tag:Name", "valueSet": {"items": [{"value": "smt-dc*"}]}}]
                }
            },
        ),
        ("ec2", "DescribeVolumes", None),
    ]
    for instance, _ in world.fleets["corp"][:2]:
        snap = "snap-0" + Ids(world.seed, instance).hexid(16)
        steps += [
            ("ec2", "CreateSnapshot", {"volumeId": f"vol-0{instance[3:19]}"}),
            (
                "ec2",
                "ModifySnapshotAttribute",
                {
                    "snapshotId": snap,
                    "attributeType": "CREATE_VOLUME_PERMISSION",
                    "createVolumePermission": {
                        "add": {"items": [{"userId": plan.OUTSIDE_ACCOUNT}]}
                    },
                },
            ),
        ]
    events, end = play(world, thief, start, steps)
    return row(
        "A9",
        "domain controller snapshots shared with an outside account",
        "attack",
        start,
        end,
        key=key,
        ips=ip,
        events=events,
        severity="medium",
    )
