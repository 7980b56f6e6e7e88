"""The scored days' later attacks: a hijacked session and the break-glass key it makes, a
pipeline's trust abused, a function's credentials, a day-old account, slow recon; and the
order in which every attack runs."""

from __future__ import annotations

import json

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._actors import Org
from benchmarks.heldout15._attacks import (
    DENIED,
    KALI_CLI,
    WIN_CLI,
    Campaign,
    kms_grant,
    leaked_key,
    other_account,
    ssrf,
    stolen,
)
from benchmarks.heldout15._changes import Changes, Row, row
from benchmarks.heldout15._people import sso_session
from benchmarks.heldout15._records import assumed, credentials, iam_user, role_arn


def hijack(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A5 and A9 (Mandiant UNC4899 / TraderTraitor; Invictus IR): an SRE's live session token
    replayed from a new country with a new client creates a key for a break-glass user, and that
    key changes the trail bucket's policy to an outside account."""
    person = next(p for p in o.PEOPLE if p.user.startswith("wei"))
    day = ch.clock.scored[day_i]
    t = o.Clock.at(day, 1.2)
    who = sso_session(
        org,
        person,
        t,
        org.addr.net("sg-office"),
        "PlatformAdmin",
        o.MGMT,
        console=True,
        n=6,
        apis=("iam:ListRoles", "organizations:ListAccounts", "iam:GetRole"),
    )
    ip = org.addr.net("aeza")
    c = Campaign(org, who, o.MGMT, o.SG, ip, WIN_CLI)
    new_key = org.trail.key("AKIA")
    end = c.run(
        t + 5400,
        [
            ("sts:GetCallerIdentity", None, False),
            ("iam:ListUsers", None, False),
            ("iam:ListAccessKeys", {"userName": "breakglass-2"}, False),
        ],
        gap=40,
    )
    c.events.append(
        org.trail.add(
            end + 30,
            who,
            "iam:CreateAccessKey",
            account=o.MGMT,
            region=o.SG,
            ip=ip,
            ua=WIN_CLI.format(cmd="iam"),
            params={"userName": "breakglass-2"},
            response={
                "accessKey": {
                    "accessKeyId": new_key,
                    "status": "Active",
                    "userName": "breakglass-2",
                }
            },
        )
    )
    bg = iam_user(o.MGMT, "breakglass-2", org.user_id("breakglass-2"), new_key)
    bucket = f"cdx-trail-{o.MGMT}"
    grant = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{o.ATTACKER_ACCOUNTS[1]}:root"},
        "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    policy = json.dumps({"Statement": [grant]}, separators=(",", ":"))
    c9 = Campaign(
        org,
        bg,
        o.MGMT,
        o.SG,
        ip,
        "Boto3/1.35.20 md/Botocore#1.35.20 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.20",
    )
    c9.run(
        end + 900,
        [
            ("sts:GetCallerIdentity", None, False),
            ("cloudtrail:DescribeTrails", None, False),
            ("s3:ListBuckets", None, False),
            ("s3:GetBucketPolicy", {"bucketName": bucket}, False),
            ("s3:PutBucketPolicy", {"bucketName": bucket, "bucketPolicy": policy}, False),
            ("s3:GetBucketPolicy", {"bucketName": bucket}, False),
        ],
        gap=50,
    )
    return [
        row(
            "A5",
            "SRE's Identity Center session hijacked: access key created for a break-glass user",
            label="attack",
            key=who["accessKeyId"],
            ips=ip,
            start=t + 5000,
            end=end + 120,
            severity="high",
        ),
        row(
            "A9",
            "the break-glass user's new key opens the trail bucket to an outside account",
            label="attack",
            key=new_key,
            ips=ip,
            start=end + 800,
            end=end + 1500,
            severity="high",
        ),
    ]


def pipeline(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A6 (Wiz and Datadog on GitHub OIDC trust; Stratus lambda-overwrite-code): the deploy role's
    web identity trust accepts a pull request's token, used from a VPS to overwrite the
    withdrawals broadcaster and open a function URL without auth."""
    t = o.Clock.at(ch.clock.scored[day_i], 11.0)
    ip, key, rid = org.addr.net("contabo"), org.trail.key(), org.role_id(o.TRADING, "gha-deploy")
    session = "pr-4471"
    web = {
        "type": "WebIdentityUser",
        "principalId": f"arn:aws:iam::{o.TRADING}:oidc-provider/token.actions.githubusercontent.com:sts.amazonaws.com:repo:corvid-digital/platform:pull_request",
        "userName": "repo:corvid-digital/platform:pull_request",
        "identityProvider": "token.actions.githubusercontent.com",
    }
    ua = "aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0-31-generic md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard command/{cmd}"
    first = org.trail.add(
        t,
        web,
        "sts:AssumeRoleWithWebIdentity",
        account=o.TRADING,
        region=o.SG,
        ip=ip,
        ua=ua.format(cmd="sts"),
        params={"roleArn": role_arn(o.TRADING, "gha-deploy"), "roleSessionName": session},
        response=credentials(
            key,
            t + 3600,
            f"arn:aws:sts::{o.TRADING}:assumed-role/gha-deploy/{session}",
            rid,
            session,
        ),
    )
    fn = {"functionName": "withdrawals-broadcast"}
    c = Campaign(
        org, assumed(o.TRADING, "gha-deploy", rid, session, key, t), o.TRADING, o.SG, ip, ua
    )
    c.run(
        t + 20,
        [
            ("sts:GetCallerIdentity", None, False),
            ("lambda:ListFunctions20150331", None, False),
            ("lambda:GetFunction", fn, False),
            (
                "lambda:UpdateFunctionCode20150331v2",
                dict(fn, zipFile="HIDDEN_DUE_TO_SECURITY_REASONS"),
                False,
            ),
            ("lambda:CreateFunctionUrlConfig", dict(fn, authType="NONE"), False),
            (
                "lambda:AddPermission20150331v2",
                dict(
                    fn, action="lambda:InvokeFunctionUrl", principal="*", functionUrlAuthType="NONE"
                ),
                False,
            ),
        ],
        gap=45,
    )
    return [
        row(
            "A6",
            "pull-request OIDC token from a VPS: withdrawals Lambda overwritten, function URL with auth NONE",
            label="attack",
            key=key,
            ips=ip,
            events=first,
            start=t - 60,
            end=t + 900,
            severity="high",
        )
    ]


def eventbridge(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A7 (Lambda credentials read from the environment; Stratus, Sysdig): the chain-screening
    function's credentials add a rule forwarding every event to an outside account's bus."""
    t = o.Clock.at(ch.clock.scored[day_i], 5.0)
    who, key = stolen(org, "chain-screening", "chain-screening", t)
    ip = org.addr.net("ovh")
    bus = f"arn:aws:events:{o.SG}:{o.ATTACKER_ACCOUNTS[0]}:event-bus/default"
    Campaign(
        org,
        who,
        o.TRADING,
        o.SG,
        ip,
        "Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.12.3 Botocore/1.34.144",
    ).run(
        t,
        [
            ("sts:GetCallerIdentity", None, False),
            ("events:ListEventBuses", None, False),
            ("events:ListRules", None, False),
            (
                "events:PutRule",
                {
                    "name": "ops-metrics-sync",
                    "eventPattern": '{"source":[{"prefix":""}]}',
                    "state": "ENABLED",
                },
                False,
            ),
            (
                "events:PutTargets",
                {"rule": "ops-metrics-sync", "targets": [{"id": "1", "arn": bus}]},
                False,
            ),
        ],
        gap=60,
    )
    return [
        row(
            "A7",
            "Lambda credentials used to forward every event to an outside account's bus",
            label="attack",
            key=key,
            ips=ip,
            start=t - 60,
            end=t + 900,
            severity="medium",
        )
    ]


def defence_evasion(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A8 (cold start; Stratus guardduty-disable / securityhub; Sysdig SCARLETEEL): a day-old
    account's validator credentials delete the GuardDuty detector and disable Security Hub."""
    iid = org.instances["staking-validator"][0][0]
    t = o.Clock.at(ch.clock.scored[day_i], 9.0)
    issued = min(s for s, _k, _i in org.issued[("staking-validator", iid)] if s >= t)
    who, key = stolen(org, "staking-validator", iid, issued + 120)
    ip = org.addr.net("nforce")
    Campaign(org, who, o.STAKING, o.FRA, ip, KALI_CLI).run(
        issued + 200,
        [
            ("sts:GetCallerIdentity", None, False),
            ("guardduty:ListDetectors", None, False),
            ("guardduty:DeleteDetector", {"detectorId": "b6c9a1e07f3d4e2a9c5b8d1e6f0a3c72"}, False),
            ("securityhub:DisableSecurityHub", None, False),
            ("ec2:DescribeInstances", None, False),
        ],
        gap=40,
    )
    return [
        row(
            "A8",
            "day-old account: instance credentials delete GuardDuty and disable Security Hub",
            label="attack",
            key=key,
            ips=ip,
            start=issued + 120,
            end=issued + 900,
            severity="high",
        )
    ]


def slow_recon(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A10 (Expel and Permiso on low-and-slow discovery): from the exporter's own address, own SDK
    and own hourly keys, one API it never calls every ~50 minutes for ten hours."""
    iid, ip = org.instances["orderbook-exporter"][0]
    t = o.Clock.at(ch.clock.scored[day_i], 0.3)
    events: list[str] = []
    apis = (
        "iam:ListRoles",
        "iam:ListUsers",
        "kms:ListKeys",
        "secretsmanager:ListSecrets",
        "ec2:DescribeSnapshots",
        "organizations:ListAccounts",
        "s3:ListBuckets",
        "rds:DescribeDBInstances",
        "iam:ListPolicies",
        "lambda:ListFunctions20150331",
        "ec2:DescribeVpcs",
        "sts:GetCallerIdentity",
    )
    for n, api in enumerate(apis):
        tc = t + n * 3000 + float(org.rng.uniform(-300, 300))
        who, _ = stolen(org, "orderbook-exporter", iid, tc)
        events.append(
            org.trail.add(
                tc,
                who,
                api,
                account=o.DATA,
                region=o.SG,
                ip=ip,
                ua=o.BOTO.format(p=38),
                error=DENIED if n in (1, 5) else None,
            )
        )
    return [
        row(
            "A10",
            "slow recon with the exporter's own SDK, address and keys",
            label="attack",
            events=" ".join(events),
            start=t - 600,
            end=t + 12 * 3000,
            severity="medium",
        )
    ]


def apply(org: Org, ch: Changes) -> list[Row]:
    rows: list[Row] = []
    for attack, day_i in (
        (leaked_key, 0),
        (ssrf, 1),
        (other_account, 2),
        (kms_grant, 3),
        (hijack, 2),
        (pipeline, 3),
        (eventbridge, 4),
        (defence_evasion, 2),
        (slow_recon, 4),
    ):
        rows += attack(org, ch, day_i)
    return rows
