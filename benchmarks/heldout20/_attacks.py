"""The attacks of the scored days, emitted after the background so that each can take the key
its victim really had at that moment; each returns its truth rows (event ids, and the key with
the attacker's address)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout20._actors import Fleet
from benchmarks.heldout20._attack import (
    CLI_LINUX,
    CLI_OLD,
    FIREFOX_LINUX,
    PACU,
    Attack,
    at,
    ip_group,
    key_at,
    self_keys,
    slow_recon,
)
from benchmarks.heldout20._org import ACCOUNTS, OUTSIDE, Org
from benchmarks.heldout20._trail import Trail, Who


def inject(
    org: Org, trail: Trail, dates: list[dt.date], s: int, rng: random.Random
) -> list[dict[str, Any]]:
    a, n = org.actors, org.nets
    rows: list[dict[str, Any]] = []
    step = lambda t, lo=20, hi=90: t + dt.timedelta(seconds=rng.randrange(lo, hi))  # noqa: E731

    def attack(i: str, name: str, severity: str, ip: str) -> Attack:
        return Attack(i, name, severity, trail, ip)

    # A1: the Terraform runner's instance credentials (SSRF) used from a VPS to chain into the
    # extranet account and add an SFTP user with the attacker's SSH key on the productions server
    runner = a["terraform-runner"]
    assert isinstance(runner, Fleet)
    x, t = (
        attack(
            "A1",
            "runner's instance key from a VPS adds a Transfer user with the attacker's key",
            "high",
            n["digitalocean"][0].addr(77),
        ),
        at(dates, s, 2, 14),
    )
    key = key_at(trail, runner.who.account, runner.instances[0], t)
    me = Who(
        "role",
        runner.who.account,
        runner.who.name,
        runner.instances[0],
        runner.who.principal_id,
        ec2=True,
    )
    x.call(me, t, "sts:GetCallerIdentity", key=key, ua=CLI_LINUX, region="us-east-1")
    deploy = org.role("extranet", "terraform-deploy", trail.ids)
    chained = Who("role", deploy.account, deploy.name, "sync", deploy.principal_id)
    t = step(t)
    new = trail.mint(me, chained, t, ip=x.ip, ua=CLI_LINUX, key=key)
    x.times.append(t)
    x.keys.append(new)
    for api in (
        "transfer:ListServers",
        "transfer:DescribeServer",
        "transfer:ListUsers",
        "transfer:CreateUser",
        "transfer:ImportSshPublicKey",
        "s3:ListBuckets",
    ):
        t = step(t)
        x.call(
            chained,
            t,
            api,
            key=new,
            ua=CLI_LINUX,
            account=deploy.account,
            params={"serverId": "s-4f1c0a9e2b7d3e681", "userName": "svc-archive-sync"}
            if "User" in api
            else None,
        )
    rows += x.rows()

    # A2: a hijacked Okta session of litigation support copies a matter's bucket out (DataSync
    # and an S3 Batch Operations copy job to the attackers' account)
    lit = a["jamal.price"]
    x, t = (
        attack(
            "A2",
            "hijacked litigation-support session: DataSync and Batch Operations to an outside account",
            "medium",
            n["datacamp"][0].addr(45),
        ),
        at(dates, s + 1, 3, 40),
    )
    role, key = x.saml_console(lit, "jamal.price@halloranwhitcombe.com", t, FIREFOX_LINUX, step)
    t = step(t, 60, 200)
    for api in (
        "s3:ListBuckets",
        "s3:GetBucketVersioning",
        "datasync:CreateLocationS3",
        "datasync:CreateLocationS3",
        "datasync:CreateTask",
        "datasync:StartTaskExecution",
        "s3control:CreateJob",
        "s3control:DescribeJob",
    ):
        t = step(t)
        dest = (
            {"s3BucketArn": f"arn:aws:s3:::matter-export-{OUTSIDE}"}
            if api.endswith("LocationS3")
            else None
        )
        x.call(role, t, api, key=key, ua=FIREFOX_LINUX, params=dest)
    rows += x.rows()

    # A3: a stolen contractor key resets the domain admin's password in AWS Managed AD
    k = a["ext.lsc.kmorgan"]
    x, t = (
        attack(
            "A3",
            "contractor key resets a domain admin's password (ds:ResetUserPassword)",
            "medium",
            n["hetzner"][0].addr(91),
        ),
        at(dates, s + 2, 1, 32),
    )
    for api in (
        "sts:GetCallerIdentity",
        "ds:DescribeDirectories",
        "ds:DescribeTrusts",
        "ds:ResetUserPassword",
        "workspaces:DescribeWorkspaceDirectories",
        "fsx:DescribeFileSystems",
    ):
        t = step(t)
        x.call(
            k.who,
            t,
            api,
            key=k.key,
            ua=CLI_LINUX,  # type: ignore[attr-defined]
            params={"DirectoryId": "d-9c6712ab3f", "UserName": "hw-da-admin"}
            if "Reset" in api
            else None,
        )
    rows += x.rows()

    # A4: an IT admin's session from a VPN opens the WorkSpaces IP access control group to all
    rows += ip_group(
        a["nina.petrov"],
        attack(
            "A4",
            "WorkSpaces IP access control group opened to 0.0.0.0/0",
            "medium",
            n["packethub"][0].addr(23),
        ),
        at(dates, s + 3, 6, 12),
        step,
    )
    # A5: helpdesk-reset SAML person from a new country, new browser, creates keys for herself
    rows += self_keys(
        a["sarah.okafor"],
        attack(
            "A5",
            "socially engineered SAML session creates access keys for herself",
            "medium",
            n["m247"][0].addr(150),
        ),
        at(dates, s + 4, 10, 5),
        step,
        trail,
    )
    # A6: the extranet root user deletes GuardDuty's detector and asks to leave the organization
    x, t = (
        attack(
            "A6",
            "root from a listed host deletes GuardDuty and leaves the organization",
            "high",
            n["frantech"][0].addr(9),
        ),
        at(dates, s + 2, 22, 3),
    )
    root = Who("root", ACCOUNTS["extranet"], "root", principal_id=ACCOUNTS["extranet"])
    x.call(
        root,
        t,
        "signin:ConsoleLogin",
        key=None,
        ua=FIREFOX_LINUX,
        region="us-east-1",
        kind="AwsConsoleSignIn",
        response={"ConsoleLogin": "Success"},
        params=None,
    )
    console = trail.ids.key()
    for api in (
        "guardduty:ListDetectors",
        "guardduty:DeleteDetector",
        "organizations:DescribeOrganization",
        "organizations:LeaveOrganization",
        "iam:ListUsers",
    ):
        t = step(t)
        x.call(
            root,
            t,
            api,
            key=console,
            ua=FIREFOX_LINUX,
            region="us-east-1" if "org" in api else "eu-west-2",
        )
    rows += x.rows()
    # A7: the purge Lambda's key from a VPS: retention shortened with governance bypass, deletes
    fn = a["ediscovery-purge"]
    x, t = (
        attack(
            "A7",
            "purge Lambda's key from OVH: Object Lock governance bypass and deletes",
            "medium",
            n["ovh"][0].addr(201),
        ),
        at(dates, s + 1, 4, 25),
    )
    key = key_at(trail, fn.who.account, fn.name, t)
    me = Who("role", fn.who.account, fn.who.name, fn.name, fn.who.principal_id)
    for i in range(36):
        t = step(t, 2, 15)
        api = (
            "s3:ListObjectsV2"
            if i < 2
            else ("s3:PutObjectRetention" if i % 3 == 2 else "s3:DeleteObjectVersion")
        )
        x.call(
            me,
            t,
            api,
            key=key,
            ua=PACU,
            params={
                "bucketName": "hw-ediscovery-productions",
                "x-amz-bypass-governance-retention": "true",
            },
        )
    rows += x.rows()
    # A8: a contractor's long-lived key leaked, from a residential proxy, listing every bucket
    c = a["ext.lsc.pbrennan"]
    x, t = (
        attack(
            "A8",
            "leaked contractor key from a residential proxy lists every bucket",
            "medium",
            n["comcast"][1].addr(188),
        ),
        at(dates, s + 3, 23, 41),
    )
    x.call(c.who, t, "s3:ListBuckets", key=c.key, ua=CLI_OLD, region="us-east-1")  # type: ignore[attr-defined]
    for b in range(24):
        for api in ("s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:ListObjects"):
            t = step(t, 1, 6)
            x.call(
                c.who,
                t,
                api,
                key=c.key,
                ua=CLI_OLD,
                params={"bucketName": f"hw-matter-{1000 + 37 * b}"},
            )  # type: ignore[attr-defined]
    rows += x.rows()
    rows += slow_recon(a["ediscovery-worker"], trail, dates, s + 4, rng)
    # A10 (cold start): the merged firm's indexer key from a VPS on the account's first day
    m = a["merged-dms-indexer"]
    assert isinstance(m, Fleet)
    x, t = (
        attack(
            "A10",
            "merged firm's instance key from a VPS on its first day",
            "high",
            n["digitalocean"][1].addr(40),
        ),
        at(dates, org.joins, 15, 2),
    )
    key = key_at(trail, m.who.account, m.instances[1], t)
    me = Who("role", m.who.account, m.who.name, m.instances[1], m.who.principal_id, ec2=True)
    for api in (
        "sts:GetCallerIdentity",
        "s3:ListBuckets",
        "secretsmanager:ListSecrets",
        "secretsmanager:GetSecretValue",
        "s3:GetObject",
        "s3:GetObject",
        "s3:GetObject",
    ):
        t = step(t)
        x.call(me, t, api, key=key, ua=CLI_LINUX, region="eu-central-1")
    rows += x.rows()
    return rows
