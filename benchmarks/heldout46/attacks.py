"""The attacks, each on its scored slot, with its truth rows: stolen instance, task and function
credentials outside AWS and from another account, leaked long-term keys, a console sign-in
without MFA, a threat-list caller, slow recon with the function's own SDK, persistence, defence
evasion, snapshot exfiltration, LLMjacking and a GitHub OIDC trust that any repository meets."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout46.intrusion_kit import KALI, PY, TRUFFLE, c, run
from benchmarks.heldout46.intrusions import intrusions
from benchmarks.heldout46.machines import NODE
from benchmarks.heldout46.people import CHROME, Person
from benchmarks.heldout46.scene import Scene
from benchmarks.heldout46.truth import attack
from benchmarks.heldout46.world import (
    DATA,
    DATA_REGION,
    MGMT,
    PROD,
    PROD_REGION,
    host,
)


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
    intrusions(s, people)
