"""The attacks, each on its scored slot, with its truth rows: stolen instance, task and function
credentials outside AWS and from another account, leaked long-term keys, a console sign-in
without MFA, a threat-list caller, slow recon with the function's own SDK, persistence, defence
evasion, snapshot exfiltration, LLMjacking and a GitHub OIDC trust that any repository meets."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout46.machines import NODE
from benchmarks.heldout46.people import CHROME, SAML2AWS, Person
from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.trail import GLOBAL, Actor
from benchmarks.heldout46.truth import attack
from benchmarks.heldout46.world import (
    DATA,
    DATA_REGION,
    FOREIGN,
    LAB,
    MGMT,
    PROD,
    PROD_REGION,
    host,
)

KALI = "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.11-amd64 md/distrib#kali.2024 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/command#{}"
PY = "Boto3/1.35.10 md/Botocore#1.35.10 ua/2.0 os/linux#6.1.0-25-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.10"
TRUFFLE = "TruffleHog"
SEC = dt.timedelta(seconds=1)


def run(
    s: Scene,
    t: dt.datetime,
    actor: Actor,
    ip: str,
    agent: str,
    calls: list[tuple[str, str, str, str]],
    gap: int = 7,
) -> dt.datetime:
    """Calls ``(source, name, region, error)`` ``gap`` seconds apart (with jitter)."""
    rng = s.rng("run", t, ip)
    for source, name, region, error in calls:
        t += dt.timedelta(seconds=gap + rng.randrange(gap + 1))
        data = source == "s3" and name in ("GetObject", "PutObject", "ListObjectsV2")
        s.trail.call(
            t,
            actor,
            source,
            name,
            GLOBAL
            if source in ("iam", "sts", "organizations") and region == ""
            else (region or PROD_REGION),
            ip,
            agent.format(name.lower()),
            error=error,
            data=data,
        )
    return t


def c(source: str, name: str, region: str = "", error: str = "") -> tuple[str, str, str, str]:
    return source, name, region, error


def six_hour_key(s: Scene, prefix: str, *parts: object) -> str:
    return s.ids.key("ASIA", prefix, *parts)


def attacks(s: Scene, people: list[Person]) -> None:
    rows, recs = s.truth, s.trail.records
    instance = f"i-0{s.ids.hexid(16, 'instance', 2)}"
    # A1: a herdtest-api instance's credentials read through an SSRF, used from a Vultr VPS in Sydney
    t = s.at(0, 14, 20)
    key = s.ids.key("ASIA", "ec2", instance, s.slot(0), 2)
    actor = s.trail.role_session(PROD, "herdtest-api-ec2", instance, key, t, False)
    ip = host("vultr", 4410)
    run(
        s,
        t,
        actor,
        ip,
        KALI,
        [
            c("sts", "GetCallerIdentity"),
            c("s3", "ListBuckets"),
            c("secretsmanager", "ListSecrets"),
            c("secretsmanager", "GetSecretValue"),
            c("iam", "ListRoles", "", "AccessDenied"),
            c("s3", "ListObjectsV2"),
            *[c("s3", "GetObject")] * 12,
            c("ec2", "DescribeInstances"),
        ],
    )
    attack(
        rows,
        recs,
        "A1",
        "herdtest-api instance credentials via SSRF, used from Vultr Sydney",
        key,
        [ip],
        "high",
    )
    # A2: a sample-intake task's credentials used from another AWS customer's EC2 in Oregon
    t = s.at(1, 9, 40)
    task = s.ids.hexid(32, "task", s.slot(1), 0)
    key = s.ids.key("ASIA", "task", task, 1)
    actor = s.trail.role_session(PROD, "sample-intake-task", task, key, t, False)
    ip = host("usw2_foreign", 51234)
    run(
        s,
        t,
        actor,
        ip,
        PY,
        [
            c("sts", "GetCallerIdentity"),
            c("s3", "ListBuckets"),
            c("s3", "ListObjectsV2"),
            *[c("s3", "GetObject")] * 25,
            c("kms", "Decrypt"),
            c("dynamodb", "ListTables"),
        ],
        gap=3,
    )
    attack(
        rows,
        recs,
        "A2",
        "sample-intake task credentials from another AWS account's EC2",
        key,
        [ip],
        "medium",
    )
    # A3: the farm gateways' key, committed in firmware on GitHub, verified and enumerated from OVH
    t = s.at(0, 18, 5)
    key = s.ids.key("AKIA", "farm-gateway")
    actor = s.trail.user(PROD, "farm-gateway", key)
    ip = host("ovh", 8121)
    t = run(s, t, actor, ip, TRUFFLE, [c("sts", "GetCallerIdentity")])
    run(
        s,
        t + dt.timedelta(minutes=23),
        actor,
        ip,
        PY,
        [
            c("iam", "ListAttachedUserPolicies", "", "AccessDenied"),
            c("s3", "ListBuckets"),
            c("s3", "ListObjectsV2"),
            c("ec2", "DescribeRegions", PROD_REGION, "UnauthorizedOperation"),
            c("ses", "GetSendQuota", "us-east-1", "AccessDenied"),
            c("iam", "ListUsers", "", "AccessDenied"),
            c("lambda", "ListFunctions", PROD_REGION, "AccessDenied"),
            c("s3", "GetObject"),
        ],
    )
    attack(
        rows,
        recs,
        "A3",
        "farm-gateway key leaked in firmware on GitHub, enumerated from OVH",
        key,
        [ip],
        "medium",
    )
    # A4: the finance officer's console without MFA from Lagos, a new key made and used
    t = s.at(2, 15, 10)
    ip = host("lagos", 3003)
    console = s.trail.user(
        MGMT, "finance.officer", s.ids.key("ASIA", "fin-attack"), console=True, mfa=False
    )
    login = s.trail.console(t, console, ip, CHROME, mfa=False)
    made = s.ids.key("AKIA", "finance-made")
    t = run(
        s,
        t,
        console,
        ip,
        CHROME,
        [
            c("organizations", "ListAccounts"),
            c("iam", "ListAccessKeys"),
            c("iam", "CreateAccessKey"),
            c("account", "GetContactInformation"),
        ],
        gap=20,
    )
    s.trail.records[-2]["responseElements"] = {
        "accessKey": {"accessKeyId": made, "status": "Active", "userName": "finance.officer"}
    }
    actor = s.trail.user(MGMT, "finance.officer", made)
    run(
        s,
        t + dt.timedelta(minutes=6),
        actor,
        ip,
        KALI,
        [
            c("sts", "GetCallerIdentity"),
            c("iam", "ListUsers"),
            c("organizations", "DescribeOrganization"),
            c("ec2", "DescribeRegions", "us-east-1"),
            c("ec2", "RunInstances", "us-east-1", "Client.UnauthorizedOperation"),
        ],
    )
    attack(
        rows,
        recs,
        "A4",
        "finance officer's console without MFA from Lagos, a key made",
        console.key,
        [ip],
        "high",
        (login,),
    )
    attack(
        rows,
        recs,
        "A4",
        "finance officer's console without MFA from Lagos, a key made",
        made,
        [ip],
        "high",
    )
    # A5: the lab NAS's key from Tor exits on the threat list
    t = s.at(1, 16, 30)
    key = s.ids.key("AKIA", "lab-nas-sync")
    actor = s.trail.user(DATA, "lab-nas-sync", key)
    ips = [host("tor", 11), host("tor", 47)]
    t = run(
        s,
        t,
        actor,
        ips[0],
        PY,
        [c("s3", "ListBuckets", DATA_REGION), c("s3", "ListObjectsV2", DATA_REGION)],
    )
    run(
        s,
        t + dt.timedelta(minutes=9),
        actor,
        ips[1],
        PY,
        [c("s3", "GetObject", DATA_REGION)] * 15,
        gap=4,
    )
    attack(rows, recs, "A5", "lab NAS key used from Tor exits on the threat list", key, ips, "high")
    # A6: the notifier Lambda's credentials (an environment dump) in slow night recon from a
    # residential proxy with the function's own SDK, two nights
    ip = host("resi_proxy", 90211)
    recon = [
        c("sts", "GetCallerIdentity"),
        c("iam", "ListRoles"),
        c("lambda", "ListFunctions"),
        c("secretsmanager", "ListSecrets"),
        c("dynamodb", "ListTables"),
        c("ec2", "DescribeInstances"),
        c("s3", "ListBuckets"),
        c("iam", "ListUsers", "", "AccessDenied"),
        c("sns", "ListTopics"),
        c("ecs", "ListClusters"),
        c("rds", "DescribeDBInstances"),
        c("kms", "ListKeys"),
    ]
    for night, k in enumerate((2, 3)):
        key = s.ids.key("ASIA", "lambda", s.slot(k), 1)
        actor = s.trail.role_session(
            PROD, "lab-result-notify-role", "lab-result-notify", key, s.at(k, 8), False
        )
        for j, call in enumerate(recon):
            if len(s.scored) == 1 and night == 1:
                break
            t = s.at(k, 12, 10) + dt.timedelta(minutes=19 * j + night * 3, seconds=7 * j)
            run(s, t, actor, ip, NODE, [call], gap=1)
        if not (len(s.scored) == 1 and night == 1):
            attack(
                rows,
                recs,
                "A6",
                "notifier Lambda credentials in slow night recon from a residential proxy",
                key,
                [ip],
                "medium",
            )
    # A7: an AiTM-phished developer's Okta session: a new administrator user and its key
    dev = next(p for p in people if p.role == "okta-developer")
    t = s.at(3, 20, 30)
    ip = host("aeza", 612)
    session, signin = s.trail.saml(
        t, PROD, "okta-developer", dev.email, s.ids.key("ASIA", "aitm"), ip, SAML2AWS
    )
    made = s.ids.key("AKIA", "svc-backup-sync")
    t = run(
        s,
        t,
        session,
        ip,
        KALI,
        [
            c("sts", "GetCallerIdentity"),
            c("iam", "ListUsers"),
            c("iam", "CreateUser"),
            c("iam", "AttachUserPolicy"),
            c("iam", "CreateAccessKey"),
        ],
        gap=15,
    )
    s.trail.records[-1]["responseElements"] = {
        "accessKey": {"accessKeyId": made, "status": "Active", "userName": "svc-backup-sync"}
    }
    backdoor = s.trail.user(PROD, "svc-backup-sync", made)
    ip2 = host("stark", 77)
    run(
        s,
        t + dt.timedelta(hours=2),
        backdoor,
        ip2,
        PY,
        [
            c("sts", "GetCallerIdentity"),
            c("iam", "ListRoles"),
            c("s3", "ListBuckets"),
            c("ec2", "DescribeInstances", "us-east-1"),
            c("ec2", "DescribeInstances", "ap-southeast-2"),
            c("secretsmanager", "ListSecrets"),
        ],
    )
    attack(
        rows,
        recs,
        "A7",
        "AiTM-phished developer creates an administrator user",
        session.key,
        [ip],
        "high",
        (signin,),
    )
    attack(
        rows,
        recs,
        "A7",
        "AiTM-phished developer creates an administrator user",
        made,
        [ip2],
        "high",
    )
    # A8: an infostealer's stolen Okta session of the platform admin: defence evasion
    admin = people[1]
    t = s.at(4, 11, 0)
    ip = host("m247", 303)
    session, signin = s.trail.saml(
        t, PROD, "okta-platform-admin", admin.email, s.ids.key("ASIA", "steal"), ip, "AWS Internal"
    )
    login = s.trail.console(t + 2 * SEC, session, ip, CHROME, mfa=False, saml=True)
    run(
        s,
        t,
        session,
        ip,
        CHROME,
        [
            c("guardduty", "ListDetectors"),
            c("guardduty", "CreateFilter"),
            c("cloudtrail", "DescribeTrails"),
            c("cloudtrail", "StopLogging"),
            c("config", "StopConfigurationRecorder"),
            c("ec2", "DescribeFlowLogs"),
            c("ec2", "DeleteFlowLogs"),
            c("s3", "PutBucketPublicAccessBlock"),
            c("s3", "PutBucketPolicy"),
        ],
        gap=25,
    )
    attack(
        rows,
        recs,
        "A8",
        "stolen Okta session of the platform admin: GuardDuty filter, trail, Config and flow logs "
        "stopped",
        session.key,
        [ip],
        "high",
        (signin, login),
    )
    # A9: the new laboratory account's instance credentials from Linode Singapore on its first day
    lab0 = f"i-0{s.ids.hexid(16, 'lab-instance', 0)}"
    first = s.lab_created + dt.timedelta(minutes=40)
    t = s.lab_created + dt.timedelta(minutes=95)
    if t < s.stop:
        clock = first + dt.timedelta(hours=6) * ((t - first) // dt.timedelta(hours=6))
        key = s.ids.key("ASIA", "lab", lab0, clock)
        actor = s.trail.role_session(LAB, "lab-ingest-ec2", lab0, key, clock, False)
        ip = host("linode_sg", 4040)
        run(
            s,
            t,
            actor,
            ip,
            KALI,
            [
                c("sts", "GetCallerIdentity"),
                c("s3", "ListBuckets"),
                c("iam", "ListRoles"),
                c("ec2", "DescribeInstances"),
                c("s3", "GetObject"),
                c("s3", "GetObject"),
            ],
        )
        attack(
            rows,
            recs,
            "A9",
            "the Tauranga lab's instance credentials from Linode Singapore, first day",
            key,
            [ip],
            "medium",
        )
    # A10: the old Jenkins key shares a database snapshot with a foreign account
    t = s.at(3, 13, 15)
    key = s.ids.key("AKIA", "ci-legacy")
    actor = s.trail.user(PROD, "ci-legacy", key)
    ip = host("alibaba_hk", 2001)
    run(
        s,
        t,
        actor,
        ip,
        PY,
        [
            c("sts", "GetCallerIdentity"),
            c("rds", "DescribeDBInstances"),
            c("rds", "CreateDBSnapshot"),
            c("rds", "DescribeDBSnapshots"),
            c("rds", "ModifyDBSnapshotAttribute"),
            c("ec2", "DescribeSnapshots"),
            c("ec2", "ModifySnapshotAttribute"),
        ],
        gap=40,
    )
    for r in s.trail.records[-2:]:
        r["requestParameters"] = {"attributeName": "restore", "valuesToAdd": [FOREIGN]}
    attack(
        rows,
        recs,
        "A10",
        "old Jenkins key shares a database snapshot with a foreign account",
        key,
        [ip],
        "high",
    )
    # A11: LLMjacking with the data scientist's notebook key from a Tokyo VPN exit
    t = s.at(4, 7, 50)
    key = s.ids.key("AKIA", "ml-notebook")
    actor = s.trail.user(DATA, "ml-notebook", key)
    ip = host("datacamp", 1200)
    run(
        s,
        t,
        actor,
        ip,
        PY,
        [
            c("sts", "GetCallerIdentity"),
            c("bedrock", "ListFoundationModels", "us-east-1"),
            c("bedrock", "GetModelInvocationLoggingConfiguration", "us-east-1"),
            c("bedrock", "PutUseCaseForModelAccess", "us-east-1"),
            c("bedrock", "CreateFoundationModelAgreement", "us-east-1"),
            *[c("bedrock", "InvokeModel", "us-east-1")] * 14,
            *[c("bedrock", "InvokeModel", "us-west-2", "ThrottlingException")] * 3,
        ],
    )
    attack(
        rows, recs, "A11", "LLMjacking with the data scientist's notebook key", key, [ip], "medium"
    )
    # A12: another organisation's GitHub repository meets gha-deploy's wildcard trust: GPU instances
    t = s.at(1, 3, 0)
    ip = host("github_other", 31337)
    actor, signin = s.trail.oidc(
        t,
        PROD,
        "gha-deploy",
        "repo:h3rdm1ner/ci-bench:ref:refs/heads/main",
        s.ids.key("ASIA", "gha-evil"),
        ip,
    )
    run(
        s,
        t,
        actor,
        ip,
        KALI,
        [
            c("sts", "GetCallerIdentity"),
            c("ec2", "DescribeRegions", DATA_REGION),
            c("ec2", "CreateKeyPair", DATA_REGION),
            c("ec2", "AuthorizeSecurityGroupIngress", DATA_REGION),
            c("ec2", "RunInstances", DATA_REGION),
            c("ec2", "RunInstances", DATA_REGION, "InsufficientInstanceCapacity"),
            c("ec2", "RunInstances", "us-east-1"),
            c("ec2", "RunInstances", "us-east-1", "VcpuLimitExceeded"),
        ],
        gap=12,
    )
    attack(
        rows,
        recs,
        "A12",
        "a foreign GitHub repository meets gha-deploy's wildcard OIDC trust, GPU instances",
        actor.key,
        [ip],
        "medium",
        (signin,),
    )
