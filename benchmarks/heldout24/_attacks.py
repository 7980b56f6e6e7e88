"""The attacks of the scored days, each after a public write-up of the technique, with the
events, keys and addresses that prove it in ``truth.csv``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout24 import _truth
from benchmarks.heldout24._benign import Plan
from benchmarks.heldout24._org import (
    ACCOUNTS,
    GUEST_DATA,
    HOME,
    LEDGER,
    NIGHT_AUDIT,
    World,
    free_hotel,
    person,
    role_arn,
)
from benchmarks.heldout24._people import sso
from benchmarks.heldout24._trail import user

Call = tuple[str, str, dict[str, Any] | None, str | None]  # service, call, parameters, error

KALI = "Boto3/1.34.46 md/Botocore#1.34.46 ua/2.0 os/linux#6.6.15-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.46"
UBUNTU = "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76"
WIN_CLI = "aws-cli/1.36.10 md/Botocore#1.35.69 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.35.69"
OLD_CLI = "aws-cli/1.22.34 Python/3.10.12 Linux/5.15.0-125-generic botocore/1.23.34"
AL2023 = "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.1.119-129.201.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.90"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
GO_SDK = (
    "aws-sdk-go-v2/1.32.6 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/lambda#1.69.1"
)


def burst(
    world: World,
    who: dict[str, Any],
    start: dt.datetime,
    calls: Sequence[Call],
    ip: str,
    ua: str,
    *,
    region: str = HOME,
    gap: tuple[int, int] = (2, 40),
    account: str | None = None,
) -> tuple[list[str], dt.datetime]:
    """``calls`` one after another from ``start``; (their event ids, the last one's time)."""
    ids, t = [], start
    for service, name, params, error in calls:
        t += dt.timedelta(seconds=world.rng.randrange(*gap))
        ids.append(
            world.trail.call(
                who, t, service, name, region, ip, ua, params=params, error=error, account=account
            )
        )
    return ids, t


def objects(bucket: str, keys: Sequence[str], call: str = "GetObject") -> list[Call]:
    return [("s3", call, {"bucketName": bucket, "key": k}, None) for k in keys]


def plan(world: World, after: Plan) -> None:
    s, rows, net = world.scored, world.truth, world.net
    others = [h.code for h in world.hotels[:40]]

    # A1: a hotel's PMS key leaked in a public repository, used from a VPS to read other
    # hotels' night audits and the guest-profile bucket (Datadog/Permiso on leaked IAM user keys)
    a1, a1_ip = free_hotel(world, pms="protel"), net.isp("do")

    def a1_run(w: World, day: dt.date) -> None:
        who = user(ACCOUNTS["integrations"], a1.user, a1.key, a1.principal_id, "/franchise/")
        calls: list[Call] = [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListBuckets", None, "AccessDenied"),
            ("s3", "ListObjects", {"bucketName": NIGHT_AUDIT, "prefix": "hotels/"}, None),
        ]
        calls += objects(
            NIGHT_AUDIT,
            [
                f"hotels/{c}/{day - dt.timedelta(days=1)}/folio-summary.csv"
                for c in w.rng.sample(others, 20)
            ],
        )
        calls += [("s3", "ListObjects", {"bucketName": GUEST_DATA, "prefix": ""}, None)]
        calls += objects(GUEST_DATA, [f"profiles/part-{n:05d}.json.gz" for n in range(12)])
        ids, end = burst(w, who, w.at(day, 3.2), calls, a1_ip, UBUNTU)
        _truth.attack(
            rows,
            "A1",
            "leaked hotel PMS key reads other hotels and guest data from a VPS",
            severity="medium",
            events=ids,
            start=w.at(day, 3.2),
            end=end,
            key=a1.key,
            ips=[a1_ip],
        )

    after[s[2]].append(a1_run)

    # A2: a front-desk PC of a hotel compromised: the PMS key from the hotel's own line with
    # the aws-cli on Windows, whoami and policy enumeration, then other hotels' folios
    a2 = free_hotel(world, operator="kddi")

    def a2_run(w: World, day: dt.date) -> None:
        who = user(ACCOUNTS["integrations"], a2.user, a2.key, a2.principal_id, "/franchise/")
        calls: list[Call] = [
            ("sts", "GetCallerIdentity", None, None),
            ("iam", "ListAttachedUserPolicies", {"userName": a2.user}, "AccessDenied"),
            ("iam", "ListUserPolicies", {"userName": a2.user}, "AccessDenied"),
            ("iam", "GetUser", None, "AccessDenied"),
            ("s3", "ListBuckets", None, "AccessDenied"),
            ("s3", "ListObjects", {"bucketName": NIGHT_AUDIT, "prefix": "hotels/"}, None),
        ]
        calls += objects(
            NIGHT_AUDIT,
            [
                f"hotels/{c}/{day - dt.timedelta(days=2)}/folio-summary.csv"
                for c in w.rng.sample(others, 8)
            ],
        )
        start = w.at(day, 14 - a2.offset + w.rng.random())
        ids, end = burst(w, who, start, calls, a2.ip, WIN_CLI, gap=(20, 240))
        _truth.attack(
            rows,
            "A2",
            "hotel PC compromised: PMS key enumerates from the hotel's own line",
            severity="medium",
            events=ids,
            start=start,
            end=end,
            key=a2.key,
            ips=[a2.ip],
        )

    after[s[3]].append(a2_run)

    # A3: a reservations agent's console session replayed from Thailand: points moved in bulk
    # on the ledger (loyalty-fraud write-ups; session hijacking, Invictus IR)
    agent, a3_ip = person(world, "agent03"), net.isp("true")

    def a3_run(w: World, day: dt.date) -> None:
        account = ACCOUNTS["loyalty"]
        start = w.at(day, 19)
        who = sso(
            w, agent, account, start
        )  # her session of the evening shift (minted then if she was off)
        t = w.sessions[
            (account, who["sessionContext"]["sessionIssuer"]["userName"], agent.email)
        ].until - dt.timedelta(minutes=70)
        calls: list[Call] = [("dynamodb", "DescribeTable", {"tableName": LEDGER}, None)]
        calls += [("dynamodb", "Scan", {"tableName": LEDGER}, None)] * 4
        calls += [("dynamodb", "UpdateItem", {"tableName": LEDGER}, None)] * 120
        ids, end = burst(w, who, t, calls, a3_ip, FIREFOX, gap=(3, 15))
        _truth.attack(
            rows,
            "A3",
            "call-centre session replayed from abroad moves loyalty points",
            severity="medium",
            events=ids,
            start=t,
            end=end,
            key=who["accessKeyId"],
            ips=[a3_ip],
        )

    after[s[2]].append(a3_run)

    # A4: the vendor's stolen key assumes the revenue role from an unknown network, guessing the
    # external ID first, then reads the exports and tries the guest data (Rhino: cross-account roles)
    a4_ip = net.isp("hetzner")

    def a4_run(w: World, day: dt.date) -> None:
        data = ACCOUNTS["data"]
        caller = {
            "type": "AWSAccount",
            "principalId": w.state["vendor_principal"],
            "accountId": "742915506318",
        }
        arn = role_arn(data, "yieldpilot-revenue")
        t, ids = w.at(day, 22 + w.rng.random() / 3), []
        for guess in (None, "mhh", "yieldpilot-mhh"):
            params = {"roleArn": arn, "roleSessionName": "yieldpilot-sync"} | (
                {"externalId": guess} if guess else {}
            )
            ids.append(
                w.trail.call(
                    caller,
                    t,
                    "sts",
                    "AssumeRole",
                    HOME,
                    a4_ip,
                    KALI,
                    params=params,
                    error="AccessDenied",
                    account=data,
                )
            )
            t += dt.timedelta(seconds=w.rng.randrange(5, 30))
        who = w.session(
            data,
            "yieldpilot-revenue",
            "yieldpilot-sync",
            t,
            by="assume",
            hours=1,
            caller=caller,
            ip=a4_ip,
            ua=KALI,
            params={"externalId": "yp-7f3a91c2-mhh"},
        )
        ids.append(w.trail.records[-1]["eventID"])
        calls: list[Call] = [
            ("s3", "ListBuckets", None, None),
            ("s3", "ListObjects", {"bucketName": GUEST_DATA}, "AccessDenied"),
        ]
        calls += objects(
            "mhh-revenue-exports", [f"history/2025/part-{n:04d}.parquet" for n in range(30)]
        )
        more, end = burst(w, who, t, calls, a4_ip, KALI, gap=(1, 6))
        _truth.attack(
            rows,
            "A4",
            "vendor role assumed from an unknown network after external-ID guesses",
            severity="medium",
            events=ids + more,
            start=w.at(day, 22),
            end=end,
            key=who["accessKeyId"],
            ips=[a4_ip],
        )

    after[s[1]].append(a4_run)

    # A5: a GitLab runner's instance credentials taken by a job and used from an instance in
    # another AWS account: whoami, the deployer role, the payment secrets (Stratus: ec2-steal-instance-credentials)
    a5_ip = net.ec2("eu-central-1")

    def a5_run(w: World, day: dt.date) -> None:
        t = w.at(day, 16 + w.rng.random())
        runner = w.state["runners"][1]
        instance = w.session(
            ACCOUNTS["corpit"], "gitlab-runner", runner, t, by="ec2.amazonaws.com", hours=1
        )
        ids, t = burst(
            w,
            instance,
            t,
            [("sts", "GetCallerIdentity", None, None), ("iam", "ListRoles", None, "AccessDenied")],
            a5_ip,
            AL2023,
        )
        deployer = w.session(
            ACCOUNTS["booking"],
            "gitlab-deployer",
            "debug",
            t,
            by="assume",
            hours=1,
            caller=instance,
            ip=a5_ip,
            ua=AL2023,
        )
        ids.append(w.trail.records[-1]["eventID"])
        calls: list[Call] = [("secretsmanager", "ListSecrets", None, None)]
        calls += [
            ("secretsmanager", "GetSecretValue", {"secretId": f"prod/payments-gw/{n}"}, None)
            for n in ("processor", "tokenizer", "3ds")
        ]
        calls += [("s3", "ListBuckets", None, None)]
        more, end = burst(w, deployer, t, calls, a5_ip, AL2023)
        _truth.attack(
            rows,
            "A5",
            "runner instance credentials used from another AWS account",
            severity="high",
            events=ids + more,
            start=w.at(day, 16),
            end=end,
            key=instance["accessKeyId"],
            ips=[a5_ip],
        )
        _truth.attack(
            rows,
            "A5",
            "runner instance credentials used from another AWS account",
            severity="high",
            events=(),
            start=w.at(day, 16),
            end=end,
            key=deployer["accessKeyId"],
            ips=[a5_ip],
        )

    after[s[2]].append(a5_run)

    # A6: a platform engineer's console session stolen by an infostealer, replayed through a VPN:
    # the booking site's CloudFront origin pointed at an outside host (web skimming)
    jonas, a6_ip = person(world, "jonas.weber"), net.isp("proton")

    def a6_run(w: World, day: dt.date) -> None:
        start = w.at(day, 7.6)
        who = sso(w, jonas, ACCOUNTS["booking"], start, ip=jonas.office)
        t = w.at(day, 12.5 + w.rng.random() / 2)
        calls: list[Call] = [
            ("cloudfront", "ListDistributions", None, None),
            ("cloudfront", "GetDistributionConfig", {"id": "E2MHHBOOKING7Q"}, None),
            (
                "cloudfront",
                "UpdateDistribution",
                {"id": "E2MHHBOOKING7Q", "origin": "static-cdn-meridianharbour.com"},
                None,
            ),
            (
                "cloudfront",
                "CreateInvalidation",
                {"distributionId": "E2MHHBOOKING7Q", "paths": ["/checkout/*"]},
                None,
            ),
        ]
        ids, end = burst(w, who, t, calls, a6_ip, jonas.browser, gap=(30, 120))
        _truth.attack(
            rows,
            "A6",
            "stolen console session repoints the booking CDN origin",
            severity="medium",
            events=ids,
            start=t,
            end=end,
            key=who["accessKeyId"],
            ips=[a6_ip],
        )

    after[s[3]].append(a6_run)
