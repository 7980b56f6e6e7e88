"""The attacks, drawn after the background so that they use the keys it minted."""

from __future__ import annotations

import datetime as dt

from benchmarks.scenarios._background import cli_command, workload_call
from benchmarks.scenarios._cloudtrail import iam_user, record
from benchmarks.scenarios._incidents import (
    ATTACKER_BOTO,
    KALI_CLI,
    MAC_CLI_OLD,
    WIN_CHROME,
    Scenario,
    _add,
    _stolen,
)
from benchmarks.scenarios._net import NETWORKS
from benchmarks.scenarios._org import Call, Org, at
from benchmarks.scenarios._people import console_sign_in

_RECON = [
    ("sts.amazonaws.com", "GetCallerIdentity"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("secretsmanager.amazonaws.com", "ListSecrets"),
    ("s3.amazonaws.com", "GetObject"),
    ("secretsmanager.amazonaws.com", "GetSecretValue"),
    ("s3.amazonaws.com", "GetObject"),
]


def attacks(org: Org, sc: Scenario) -> None:
    # A1: an EC2 instance's credentials, taken through SSRF, used from a home in another city
    etl = org.fleet("etl")
    t = sc.at(0.8, 14.3)
    ip = NETWORKS["charter"].address(org.rng)
    key, ids, end = _stolen(
        org, etl, etl.members[0], t, ip, MAC_CLI_OLD, _RECON, dt.timedelta(minutes=4)
    )
    sc.truth("A1", "instance credentials used outside AWS", "attack", t, end, key=key, ips=[ip])

    # A2: the same from an EC2 instance of another AWS account, in the org's own region
    sched = org.fleet("scheduler")
    t = sc.at(0.6, 20.2)
    ip = org.aws.address(org.rng, sched.region)
    calls = [
        ("sts.amazonaws.com", "GetCallerIdentity"),
        ("ec2.amazonaws.com", "DescribeInstances"),
        ("iam.amazonaws.com", "ListRoles"),
        ("s3.amazonaws.com", "ListBuckets"),
        ("ssm.amazonaws.com", "GetParameters"),
        ("secretsmanager.amazonaws.com", "ListSecrets"),
    ]
    key, ids, end = _stolen(
        org, sched, sched.members[1], t, ip, ATTACKER_BOTO, calls, dt.timedelta(minutes=2)
    )
    sc.truth(
        "A2",
        "instance credentials used from another AWS account",
        "attack",
        t,
        end,
        key=key,
        ips=[ip],
    )

    # A8: an ECS task's key used once an hour for its whole life, from outside AWS
    billing = org.fleet("billing-task")
    t = sc.at(0.4, 6.4)
    task = next(m for m in billing.members if m.start <= t < m.end)
    ip = NETWORKS["charter"].address(org.rng)
    calls = [("sts.amazonaws.com", "GetCallerIdentity")] + [
        ("s3.amazonaws.com", "ListBuckets"),
        ("dynamodb.amazonaws.com", "ListTables"),
    ] * 3
    key, ids, end = _stolen(
        org, billing, task, t, ip, MAC_CLI_OLD, calls[:6], dt.timedelta(minutes=55)
    )
    sc.truth("A8", "ECS task key used hourly from outside AWS", "attack", t, end, key=key, ips=[ip])

    # A3: a leaked IAM user key: who am I, recon, persistence, then the new key
    bob = org.person("bob")
    t = sc.at(0.6, 3.1)
    ip = NETWORKS["hetzner"].address(org.rng)
    ident = iam_user(bob.account, "bob", bob.user_id, bob.key)
    new_key = org.ids.key("AKIA")
    steps = [
        ("sts.amazonaws.com", "GetCallerIdentity", None, None),
        ("iam.amazonaws.com", "ListUsers", None, None),
        ("iam.amazonaws.com", "ListRoles", None, None),
        ("iam.amazonaws.com", "ListAttachedUserPolicies", {"userName": "bob"}, None),
        ("iam.amazonaws.com", "CreateUser", {"userName": "svc-backup"}, None),
        (
            "iam.amazonaws.com",
            "AttachUserPolicy",
            {"userName": "svc-backup", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
            None,
        ),
        (
            "iam.amazonaws.com",
            "CreateAccessKey",
            {"userName": "svc-backup"},
            {"accessKey": {"accessKeyId": new_key, "status": "Active", "userName": "svc-backup"}},
        ),
    ]
    recs = [
        record(
            org.ids,
            t + dt.timedelta(seconds=40 * i),
            account=bob.account,
            region="us-east-1",
            source=s,
            name=n,
            identity=ident,
            ip=ip,
            ua=KALI_CLI.format(cmd=cli_command(Call(s, n))),
            read_only=n.startswith(("Get", "List")),
            params=p,
            response=r,
        )
        for i, (s, n, p, r) in enumerate(steps)
    ]
    ids = _add(org, recs)
    sc.truth(
        "A3",
        "leaked IAM user key: recon and persistence",
        "attack",
        t,
        t + dt.timedelta(minutes=5),
        key=bob.key,
        ips=[ip],
    )
    later = t + dt.timedelta(minutes=25)
    ident2 = iam_user(bob.account, "svc-backup", org.ids.unique_id("AIDA"), new_key)
    recs = [
        record(
            org.ids,
            later + dt.timedelta(seconds=30 * i),
            account=bob.account,
            region=region,
            source=s,
            name=n,
            identity=ident2,
            ip=ip,
            ua=KALI_CLI.format(cmd=cli_command(Call(s, n))),
            read_only=n != "RunInstances",
        )
        for i, (s, n, region) in enumerate(
            (
                ("sts.amazonaws.com", "GetCallerIdentity", "us-east-1"),
                ("ec2.amazonaws.com", "DescribeRegions", "us-east-1"),
                ("ec2.amazonaws.com", "DescribeInstances", "ap-southeast-1"),
                ("ec2.amazonaws.com", "RunInstances", "ap-southeast-1"),
            )
        )
    ]
    _add(org, recs)
    sc.truth(
        "A3",
        "leaked IAM user key: recon and persistence",
        "attack",
        later,
        later + dt.timedelta(minutes=3),
        key=new_key,
        ips=[ip],
    )

    # A4: a console sign-in without MFA from a country the user never worked from
    frank = org.person("frank")
    t = sc.at(0.8, 1.7)
    ip = NETWORKS["viettel"].address(org.rng)
    sign_in, ident = console_sign_in(org, frank, frank.account, t, ip, mfa=False, ua=WIN_CHROME)
    recs = [sign_in] + [
        record(
            org.ids,
            t + dt.timedelta(minutes=1 + 2 * i),
            account=frank.account,
            region="us-east-1",
            source=s,
            name=n,
            identity=ident,
            ip=ip,
            ua=WIN_CHROME,
            console=True,
        )
        for i, (s, n) in enumerate(
            (
                ("s3.amazonaws.com", "ListBuckets"),
                ("iam.amazonaws.com", "ListUsers"),
                ("secretsmanager.amazonaws.com", "ListSecrets"),
                ("secretsmanager.amazonaws.com", "GetSecretValue"),
                ("ec2.amazonaws.com", "DescribeInstances"),
            )
        )
    ]
    ids = _add(org, recs)
    sc.truth(
        "A4",
        "console sign-in without MFA from a new country",
        "attack",
        t,
        t + dt.timedelta(minutes=12),
        principal=f"arn:aws:iam::{frank.account}:user/frank",
        ips=[ip],
    )

    # A5: a person's own key and own client, their usual calls, from an address on the threat list
    grace = org.person("grace")
    t = sc.at(0.4, 16.0)
    ip = threat_address()
    ident = iam_user(grace.account, "grace", grace.user_id, grace.key)
    calls = [
        Call("s3.amazonaws.com", "ListBuckets"),
        Call("ec2.amazonaws.com", "DescribeInstances"),
        Call("logs.amazonaws.com", "FilterLogEvents"),
        Call("s3.amazonaws.com", "GetObject", data=True),
    ]
    recs = [
        record(
            org.ids,
            t + dt.timedelta(minutes=3 * i),
            account=grace.account,
            region="us-east-1",
            source=c.source,
            name=c.name,
            identity=ident,
            ip=ip,
            ua=grace.cli_ua.format(cmd=cli_command(c)),
            data=c.data,
        )
        for i, c in enumerate(calls)
    ]
    _add(org, recs)
    sc.truth(
        "A5",
        "call from a threat-list address",
        "attack",
        t,
        t + dt.timedelta(minutes=10),
        key=grace.key,
        ips=[ip],
    )

    # A6: slow recon from the instance itself (a popped box): its address, its client, its keys
    indexer = org.fleet("indexer")
    m = indexer.members[1]
    t = sc.at(0.8, 8.0)
    recon = [
        ("iam.amazonaws.com", "ListUsers"),
        ("iam.amazonaws.com", "ListRoles"),
        ("iam.amazonaws.com", "GetAccountAuthorizationDetails"),
        ("iam.amazonaws.com", "ListAttachedRolePolicies"),
        ("ec2.amazonaws.com", "DescribeSnapshots"),
        ("secretsmanager.amazonaws.com", "ListSecrets"),
        ("rds.amazonaws.com", "DescribeDBInstances"),
        ("s3.amazonaws.com", "GetBucketPolicy"),
        ("iam.amazonaws.com", "ListAccessKeys"),
        ("ec2.amazonaws.com", "DescribeSecurityGroups"),
        ("lambda.amazonaws.com", "ListFunctions20150331"),
        ("kms.amazonaws.com", "ListKeys"),
    ]
    recs = []
    for i, (s, n) in enumerate(recon):
        when = t + dt.timedelta(minutes=50 * i + org.rng.uniform(-5, 5))
        recs.append(workload_call(org, indexer, m, when, Call(s, n), ip=str(at(m.ips, when))))
    ids = _add(org, recs)
    sc.truth(
        "A6",
        "slow recon with the app's own client",
        "attack",
        t - dt.timedelta(minutes=6),
        t + dt.timedelta(minutes=50 * len(recon) + 6),
        event_ids=ids,
    )

    # A7: in the account that joined ten days ago, an instance key used from a hosting provider
    aetl = org.fleet("analytics-etl")
    t = sc.at(0.8, 19.4)
    ip = NETWORKS["digitalocean"].address(org.rng)
    key, ids, end = _stolen(
        org, aetl, aetl.members[0], t, ip, ATTACKER_BOTO, _RECON[:4], dt.timedelta(minutes=3)
    )
    sc.truth(
        "A7",
        "new account: instance credentials used outside AWS",
        "attack",
        t,
        end,
        key=key,
        ips=[ip],
    )


def threat_address() -> str:
    """The address of the threat list (written beside the trail)."""
    return NETWORKS["m247"].cidr.rsplit(".", 1)[0] + ".77"
