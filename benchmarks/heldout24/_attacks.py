"""The attacks of the scored days, each after a public write-up of the technique, with the
events, keys and addresses that prove it in ``truth.csv``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from benchmarks.heldout24 import _truth
from benchmarks.heldout24._benign import Plan, free_hotel, w_at
from benchmarks.heldout24._org import (
    ACCOUNTS, GUEST_DATA, HOME, LEDGER, NIGHT_AUDIT, RUNNER_UA, World, person, role_arn,
)  # fmt: skip
from benchmarks.heldout24._routine import lambda_session, sso
from benchmarks.heldout24._trail import user

Call = tuple[str, str, dict[str, Any] | None, str | None]  # service, call, parameters, error

KALI = "Boto3/1.34.46 md/Botocore#1.34.46 ua/2.0 os/linux#6.6.15-amd64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.46"
UBUNTU = "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#6.8.0-49-generic md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.76"
WIN_CLI = "aws-cli/1.36.10 md/Botocore#1.35.69 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.35.69"
OLD_CLI = "aws-cli/1.22.34 Python/3.10.12 Linux/5.15.0-125-generic botocore/1.23.34"
AL2023 = "Boto3/1.35.90 md/Botocore#1.35.90 ua/2.0 os/linux#6.1.119-129.201.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.90"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
GO_SDK = "aws-sdk-go-v2/1.32.6 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/lambda#1.69.1"


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
        ids.append(world.trail.call(who, t, service, name, region, ip, ua, params=params, error=error, account=account))
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
        calls: list[Call] = [("sts", "GetCallerIdentity", None, None), ("s3", "ListBuckets", None, "AccessDenied"),
                             ("s3", "ListObjects", {"bucketName": NIGHT_AUDIT, "prefix": "hotels/"}, None)]  # fmt: skip
        calls += objects(NIGHT_AUDIT, [f"hotels/{c}/{day - dt.timedelta(days=1)}/folio-summary.csv" for c in w.rng.sample(others, 20)])
        calls += [("s3", "ListObjects", {"bucketName": GUEST_DATA, "prefix": ""}, None)]
        calls += objects(GUEST_DATA, [f"profiles/part-{n:05d}.json.gz" for n in range(12)])
        ids, end = burst(w, who, w.at(day, 3.2), calls, a1_ip, UBUNTU)
        _truth.attack(rows, "A1", "leaked hotel PMS key reads other hotels and guest data from a VPS", severity="medium",
                      events=ids, start=w.at(day, 3.2), end=end, key=a1.key, ips=[a1_ip])  # fmt: skip

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
        calls += objects(NIGHT_AUDIT, [f"hotels/{c}/{day - dt.timedelta(days=2)}/folio-summary.csv" for c in w.rng.sample(others, 8)])
        start = w.at(day, 14 - a2.offset + w.rng.random())
        ids, end = burst(w, who, start, calls, a2.ip, WIN_CLI, gap=(20, 240))
        _truth.attack(rows, "A2", "hotel PC compromised: PMS key enumerates from the hotel's own line", severity="medium",
                      events=ids, start=start, end=end, key=a2.key, ips=[a2.ip])  # fmt: skip

    after[s[3]].append(a2_run)

    # A3: a reservations agent's console session replayed from Thailand: points moved in bulk
    # on the ledger (loyalty-fraud write-ups; session hijacking, Invictus IR)
    agent, a3_ip = person(world, "agent03"), net.isp("true")

    def a3_run(w: World, day: dt.date) -> None:
        account = ACCOUNTS["loyalty"]
        start = w.at(day, 19)
        who = sso(w, agent, account, start)  # her session of the evening shift (minted then if she was off)
        t = w.sessions[(account, who["sessionContext"]["sessionIssuer"]["userName"], agent.email)].until - dt.timedelta(minutes=70)
        calls: list[Call] = [("dynamodb", "DescribeTable", {"tableName": LEDGER}, None)]
        calls += [("dynamodb", "Scan", {"tableName": LEDGER}, None)] * 4
        calls += [("dynamodb", "UpdateItem", {"tableName": LEDGER}, None)] * 120
        ids, end = burst(w, who, t, calls, a3_ip, FIREFOX, gap=(3, 15))
        _truth.attack(rows, "A3", "call-centre session replayed from abroad moves loyalty points", severity="medium",
                      events=ids, start=t, end=end, key=who["accessKeyId"], ips=[a3_ip])  # fmt: skip

    after[s[2]].append(a3_run)

    # A4: the vendor's stolen key assumes the revenue role from an unknown network, guessing the
    # external ID first, then reads the exports and tries the guest data (Rhino: cross-account roles)
    a4_ip = net.isp("hetzner")

    def a4_run(w: World, day: dt.date) -> None:
        data = ACCOUNTS["data"]
        caller = {"type": "AWSAccount", "principalId": w.state["vendor_principal"], "accountId": "742915506318"}
        arn = role_arn(data, "yieldpilot-revenue")
        t, ids = w.at(day, 22 + w.rng.random() / 3), []
        for guess in (None, "mhh", "yieldpilot-mhh"):
            params = {"roleArn": arn, "roleSessionName": "yieldpilot-sync"} | ({"externalId": guess} if guess else {})
            ids.append(w.trail.call(caller, t, "sts", "AssumeRole", HOME, a4_ip, KALI, params=params, error="AccessDenied", account=data))
            t += dt.timedelta(seconds=w.rng.randrange(5, 30))
        who = w.session(data, "yieldpilot-revenue", "yieldpilot-sync", t, by="assume", hours=1, caller=caller, ip=a4_ip, ua=KALI,
                        params={"externalId": "yp-7f3a91c2-mhh"})  # fmt: skip
        ids.append(w.trail.records[-1]["eventID"])
        calls: list[Call] = [("s3", "ListBuckets", None, None), ("s3", "ListObjects", {"bucketName": GUEST_DATA}, "AccessDenied")]
        calls += objects("mhh-revenue-exports", [f"history/2025/part-{n:04d}.parquet" for n in range(30)])
        more, end = burst(w, who, t, calls, a4_ip, KALI, gap=(1, 6))
        _truth.attack(rows, "A4", "vendor role assumed from an unknown network after external-ID guesses", severity="medium",
                      events=ids + more, start=w.at(day, 22), end=end, key=who["accessKeyId"], ips=[a4_ip])  # fmt: skip

    after[s[1]].append(a4_run)

    # A5: a GitLab runner's instance credentials taken by a job and used from an instance in
    # another AWS account: whoami, the deployer role, the payment secrets (Stratus: ec2-steal-instance-credentials)
    a5_ip = net.ec2("eu-central-1")

    def a5_run(w: World, day: dt.date) -> None:
        t = w.at(day, 16 + w.rng.random())
        runner = w.state["runners"][1]
        instance = w.session(ACCOUNTS["corpit"], "gitlab-runner", runner, t, by="ec2.amazonaws.com", hours=1)
        ids, t = burst(w, instance, t, [("sts", "GetCallerIdentity", None, None), ("iam", "ListRoles", None, "AccessDenied")], a5_ip, AL2023)
        deployer = w.session(ACCOUNTS["booking"], "gitlab-deployer", "debug", t, by="assume", hours=1, caller=instance, ip=a5_ip, ua=AL2023)
        ids.append(w.trail.records[-1]["eventID"])
        calls: list[Call] = [("secretsmanager", "ListSecrets", None, None)]
        calls += [("secretsmanager", "GetSecretValue", {"secretId": f"prod/payments-gw/{n}"}, None) for n in ("processor", "tokenizer", "3ds")]
        calls += [("s3", "ListBuckets", None, None)]
        more, end = burst(w, deployer, t, calls, a5_ip, AL2023)
        _truth.attack(rows, "A5", "runner instance credentials used from another AWS account", severity="high", events=ids + more,
                      start=w.at(day, 16), end=end, key=instance["accessKeyId"], ips=[a5_ip])  # fmt: skip
        _truth.attack(rows, "A5", "runner instance credentials used from another AWS account", severity="high", events=(),
                      start=w.at(day, 16), end=end, key=deployer["accessKeyId"], ips=[a5_ip])  # fmt: skip

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
            ("cloudfront", "UpdateDistribution", {"id": "E2MHHBOOKING7Q", "origin": "static-cdn-meridianharbour.com"}, None),
            ("cloudfront", "CreateInvalidation", {"distributionId": "E2MHHBOOKING7Q", "paths": ["/checkout/*"]}, None),
        ]
        ids, end = burst(w, who, t, calls, a6_ip, jonas.browser, gap=(30, 120))
        _truth.attack(rows, "A6", "stolen console session repoints the booking CDN origin", severity="medium",
                      events=ids, start=t, end=end, key=who["accessKeyId"], ips=[a6_ip])  # fmt: skip

    after[s[3]].append(a6_run)

    # A7: the onboarding function's key exfiltrated (SSRF) and used from a threat-listed VPS to
    # make the night-audit bucket public; then anonymous reads (Stratus: s3-backdoor-bucket-policy)
    a7_ip, a7_reader = net.isp("m247"), net.isp("do")
    world.state["threat"] = [a7_ip, net.isp("m247")]

    def a7_run(w: World, day: dt.date) -> None:
        t = w.at(day, 2 + w.rng.random())
        who = lambda_session(w, ACCOUNTS["integrations"], "hotel-onboarding", t)
        calls: list[Call] = [
            ("s3", "GetBucketPolicy", {"bucketName": NIGHT_AUDIT}, None),
            ("s3", "GetBucketPublicAccessBlock", {"bucketName": NIGHT_AUDIT}, None),
            ("s3", "DeleteBucketPublicAccessBlock", {"bucketName": NIGHT_AUDIT}, None),
            ("s3", "PutBucketPolicy", {"bucketName": NIGHT_AUDIT, "bucketPolicy": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]}}, None),
        ]
        ids, end = burst(w, who, t, calls, a7_ip, KALI)
        anonymous = {"type": "AWSAccount", "principalId": "", "accountId": "ANONYMOUS_PRINCIPAL"}
        reads, last = burst(w, anonymous, end + dt.timedelta(minutes=25), objects(NIGHT_AUDIT, [f"hotels/{c}/{day}/night-audit.xml" for c in others[:10]]),
                            a7_reader, "curl/8.5.0", account=ACCOUNTS["integrations"])  # fmt: skip
        _truth.attack(rows, "A7", "night-audit bucket made public from a threat-listed VPS", severity="high", events=ids + reads,
                      start=t, end=last, key=who["accessKeyId"], ips=[a7_ip, a7_reader])  # fmt: skip

    after[s[4]].append(a7_run)

    # A8: an integrations admin's session replayed from abroad creates a key for a closed
    # hotel's dormant user, and the new key reads the franchise's files (Permiso: LUCR-3; Unit 42)
    oliver, a8_ip, a8_use = person(world, "oliver.grant"), net.isp("chinanet"), net.isp("ovh")
    dormant, dormant_id, dormant_key = "pms-ba044", world.trail.uid("AIDA"), world.trail.key("AKIA")

    def a8_run(w: World, day: dt.date) -> None:
        account = ACCOUNTS["integrations"]
        who = sso(w, oliver, account, w.at(day, 13.6), ip=oliver.office)
        t = w.at(day, 16 + w.rng.random())
        calls: list[Call] = [("iam", "ListUsers", {"pathPrefix": "/franchise/"}, None)]
        calls += [("iam", "GetAccessKeyLastUsed", {"accessKeyId": w.trail.key("AKIA")}, None) for _ in range(6)]
        calls += [("iam", "CreateAccessKey", {"userName": dormant}, None)]
        ids, end = burst(w, who, t, calls, a8_ip, FIREFOX, gap=(5, 40))
        w.trail.records[-1]["responseElements"] = {"accessKey": {"accessKeyId": dormant_key, "status": "Active", "userName": dormant}}
        stolen = user(account, dormant, dormant_key, dormant_id, "/franchise/")
        use: list[Call] = [("sts", "GetCallerIdentity", None, None), ("s3", "ListObjects", {"bucketName": NIGHT_AUDIT, "prefix": "hotels/"}, None)]
        use += objects(NIGHT_AUDIT, [f"hotels/{c}/{day - dt.timedelta(days=1)}/revenue.csv" for c in others[:25]])
        more, last = burst(w, stolen, end + dt.timedelta(minutes=40), use, a8_use, UBUNTU, gap=(1, 8))
        _truth.attack(rows, "A8", "stolen admin session creates a key for a dormant hotel user", severity="medium", events=ids,
                      start=t, end=end, key=who["accessKeyId"], ips=[a8_ip])  # fmt: skip
        _truth.attack(rows, "A8", "stolen admin session creates a key for a dormant hotel user", severity="medium", events=more,
                      start=end, end=last, key=dormant_key, ips=[a8_use])  # fmt: skip

    after[s[4]].append(a8_run)

    # A9: a legacy CI user's key leaked: GuardDuty removed in an unused region, then functions
    # there for crypto mining on a one-minute schedule (Sysdig, Wiz on Lambda cryptojacking)
    a9_ip = net.isp("ovh")

    def a9_run(w: World, day: dt.date) -> None:
        legacy = w.state["legacy"]
        region = "ap-south-1"
        calls: list[Call] = [
            ("sts", "GetCallerIdentity", None, None),
            ("guardduty", "ListDetectors", None, None),
            ("guardduty", "DeleteDetector", {"detectorId": "a2c1e0f3b4d5"}, None),
            ("iam", "CreateRole", {"roleName": "lambda-exec-helper"}, None),
            ("iam", "AttachRolePolicy", {"roleName": "lambda-exec-helper", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, None),
        ]
        calls += [("lambda", "CreateFunction20150331", {"functionName": f"worker-{n}", "memorySize": 10240, "timeout": 900}, None) for n in range(3)]
        calls += [("events", "PutRule", {"name": "keepalive", "scheduleExpression": "rate(1 minute)"}, None), ("events", "PutTargets", None, None)]
        t = w.at(day, 23 + w.rng.random() / 2)
        ids, end = burst(w, legacy, t, calls, a9_ip, GO_SDK, region=region)
        _truth.attack(rows, "A9", "GuardDuty deleted, mining functions in an unused region", severity="high", events=ids,
                      start=t, end=end, key=legacy["accessKeyId"], ips=[a9_ip])  # fmt: skip

    after[s[0]].append(a9_run)

    # A10 (cold start): the new portal's instance credentials from a VPS on the account's first day
    a10_ip = net.isp("do")

    def a10_run(w: World, day: dt.date) -> None:
        instance, _ = w.state["portal"]
        t = w.at(day, 21 + w.rng.random())
        who = w.session(ACCOUNTS["portal"], "portal-web", instance, t, by="ec2.amazonaws.com", hours=1)
        calls: list[Call] = [("sts", "GetCallerIdentity", None, None), ("s3", "ListBuckets", None, None),
                             ("secretsmanager", "ListSecrets", None, None),
                             ("secretsmanager", "GetSecretValue", {"secretId": "portal/db"}, None),
                             ("ssm", "GetParameters", {"withDecryption": True}, None)]  # fmt: skip
        calls += objects("mhh-portal-assets", [f"uploads/{n}.pdf" for n in range(5)])
        ids, end = burst(w, who, t, calls, a10_ip, OLD_CLI)
        _truth.attack(rows, "A10", "new account's instance credentials used from a VPS (cold start)", severity="medium",
                      events=ids, start=t, end=end, key=who["accessKeyId"], ips=[a10_ip])  # fmt: skip

    after[s[1]].append(a10_run)

    # A11: the booking API's task credentials read through an SSRF and used from a Vietnamese
    # network to dump reservations (Unit 42 / Wiz on ECS task credential theft)
    a11_ip = net.isp("viettel")

    def a11_run(w: World, day: dt.date) -> None:
        t = w.at(day, 13 + w.rng.random())
        task = f"{w.rng.getrandbits(128):032x}"
        who = w.session(ACCOUNTS["booking"], "booking-api-task", task, t - dt.timedelta(minutes=30), by="ecs-tasks.amazonaws.com", hours=6)
        calls: list[Call] = [("sts", "GetCallerIdentity", None, None), ("dynamodb", "ListTables", None, None)]
        calls += [("dynamodb", "Scan", {"tableName": "reservations"}, None)] * 15 + [("s3", "ListBuckets", None, "AccessDenied")]
        ids, end = burst(w, who, t, calls, a11_ip, UBUNTU, gap=(2, 20))
        _truth.attack(rows, "A11", "booking task credentials used outside AWS", severity="medium", events=ids,
                      start=t, end=end, key=who["accessKeyId"], ips=[a11_ip])  # fmt: skip

    after[s[0]].append(a11_run)
