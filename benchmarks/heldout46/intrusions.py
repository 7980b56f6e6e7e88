"""The later attacks: an AiTM-phished developer's persistence, an infostealer's defence evasion,
the new account's instance credentials, snapshot exfiltration, LLMjacking and a GitHub OIDC trust
that any repository meets."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout46.intrusion_kit import KALI, PY, SEC, c, run
from benchmarks.heldout46.people import CHROME, SAML2AWS, Person
from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.truth import attack
from benchmarks.heldout46.world import DATA, DATA_REGION, FOREIGN, LAB, PROD, host


def intrusions(s: Scene, people: list[Person]) -> None:
    rows, recs = s.truth, s.trail.records
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
