"""The attacks on workloads' and administrators' credentials (A7-A11), planned after those of
``_attacks`` so that every seed draws the same addresses in the same order."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout24 import _truth
from benchmarks.heldout24._attacks import (
    FIREFOX,
    GO_SDK,
    KALI,
    OLD_CLI,
    UBUNTU,
    Call,
    burst,
    objects,
)
from benchmarks.heldout24._benign import Plan
from benchmarks.heldout24._org import ACCOUNTS, NIGHT_AUDIT, World, person
from benchmarks.heldout24._people import sso
from benchmarks.heldout24._routine import lambda_session
from benchmarks.heldout24._trail import user


def plan(world: World, after: Plan) -> None:
    s, rows, net = world.scored, world.truth, world.net
    others = [h.code for h in world.hotels[:40]]

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
            (
                "s3",
                "PutBucketPolicy",
                {
                    "bucketName": NIGHT_AUDIT,
                    "bucketPolicy": {
                        "Statement": [
                            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}
                        ]
                    },
                },
                None,
            ),
        ]
        ids, end = burst(w, who, t, calls, a7_ip, KALI)
        anonymous = {"type": "AWSAccount", "principalId": "", "accountId": "ANONYMOUS_PRINCIPAL"}
        reads, last = burst(
            w,
            anonymous,
            end + dt.timedelta(minutes=25),
            objects(NIGHT_AUDIT, [f"hotels/{c}/{day}/night-audit.xml" for c in others[:10]]),
            a7_reader,
            "curl/8.5.0",
            account=ACCOUNTS["integrations"],
        )
        _truth.attack(
            rows,
            "A7",
            "night-audit bucket made public from a threat-listed VPS",
            severity="high",
            events=ids + reads,
            start=t,
            end=last,
            key=who["accessKeyId"],
            ips=[a7_ip, a7_reader],
        )

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
        calls += [
            ("iam", "GetAccessKeyLastUsed", {"accessKeyId": w.trail.key("AKIA")}, None)
            for _ in range(6)
        ]
        calls += [("iam", "CreateAccessKey", {"userName": dormant}, None)]
        ids, end = burst(w, who, t, calls, a8_ip, FIREFOX, gap=(5, 40))
        w.trail.records[-1]["responseElements"] = {
            "accessKey": {"accessKeyId": dormant_key, "status": "Active", "userName": dormant}
        }
        stolen = user(account, dormant, dormant_key, dormant_id, "/franchise/")
        use: list[Call] = [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListObjects", {"bucketName": NIGHT_AUDIT, "prefix": "hotels/"}, None),
        ]
        use += objects(
            NIGHT_AUDIT,
            [f"hotels/{c}/{day - dt.timedelta(days=1)}/revenue.csv" for c in others[:25]],
        )
        more, last = burst(
            w, stolen, end + dt.timedelta(minutes=40), use, a8_use, UBUNTU, gap=(1, 8)
        )
        _truth.attack(
            rows,
            "A8",
            "stolen admin session creates a key for a dormant hotel user",
            severity="medium",
            events=ids,
            start=t,
            end=end,
            key=who["accessKeyId"],
            ips=[a8_ip],
        )
        _truth.attack(
            rows,
            "A8",
            "stolen admin session creates a key for a dormant hotel user",
            severity="medium",
            events=more,
            start=end,
            end=last,
            key=dormant_key,
            ips=[a8_use],
        )

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
            (
                "iam",
                "AttachRolePolicy",
                {
                    "roleName": "lambda-exec-helper",
                    "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
                },
                None,
            ),
        ]
        calls += [
            (
                "lambda",
                "CreateFunction20150331",
                {"functionName": f"worker-{n}", "memorySize": 10240, "timeout": 900},
                None,
            )
            for n in range(3)
        ]
        calls += [
            (
                "events",
                "PutRule",
                {"name": "keepalive", "scheduleExpression": "rate(1 minute)"},
                None,
            ),
            ("events", "PutTargets", None, None),
        ]
        t = w.at(day, 23 + w.rng.random() / 2)
        ids, end = burst(w, legacy, t, calls, a9_ip, GO_SDK, region=region)
        _truth.attack(
            rows,
            "A9",
            "GuardDuty deleted, mining functions in an unused region",
            severity="high",
            events=ids,
            start=t,
            end=end,
            key=legacy["accessKeyId"],
            ips=[a9_ip],
        )

    after[s[0]].append(a9_run)

    # A10 (cold start): the new portal's instance credentials from a VPS on the account's first day
    a10_ip = net.isp("do")

    def a10_run(w: World, day: dt.date) -> None:
        instance, _ = w.state["portal"]
        t = w.at(day, 21 + w.rng.random())
        who = w.session(
            ACCOUNTS["portal"], "portal-web", instance, t, by="ec2.amazonaws.com", hours=1
        )
        calls: list[Call] = [
            ("sts", "GetCallerIdentity", None, None),
            ("s3", "ListBuckets", None, None),
            ("secretsmanager", "ListSecrets", None, None),
            ("secretsmanager", "GetSecretValue", {"secretId": "portal/db"}, None),
            ("ssm", "GetParameters", {"withDecryption": True}, None),
        ]
        calls += objects("mhh-portal-assets", [f"uploads/{n}.pdf" for n in range(5)])
        ids, end = burst(w, who, t, calls, a10_ip, OLD_CLI)
        _truth.attack(
            rows,
            "A10",
            "new account's instance credentials used from a VPS (cold start)",
            severity="medium",
            events=ids,
            start=t,
            end=end,
            key=who["accessKeyId"],
            ips=[a10_ip],
        )

    after[s[1]].append(a10_run)

    # A11: the booking API's task credentials read through an SSRF and used from a Vietnamese
    # network to dump reservations (Unit 42 / Wiz on ECS task credential theft)
    a11_ip = net.isp("viettel")

    def a11_run(w: World, day: dt.date) -> None:
        t = w.at(day, 13 + w.rng.random())
        task = f"{w.rng.getrandbits(128):032x}"
        who = w.session(
            ACCOUNTS["booking"],
            "booking-api-task",
            task,
            t - dt.timedelta(minutes=30),
            by="ecs-tasks.amazonaws.com",
            hours=6,
        )
        calls: list[Call] = [
            ("sts", "GetCallerIdentity", None, None),
            ("dynamodb", "ListTables", None, None),
        ]
        calls += [("dynamodb", "Scan", {"tableName": "reservations"}, None)] * 15 + [
            ("s3", "ListBuckets", None, "AccessDenied")
        ]
        ids, end = burst(w, who, t, calls, a11_ip, UBUNTU, gap=(2, 20))
        _truth.attack(
            rows,
            "A11",
            "booking task credentials used outside AWS",
            severity="medium",
            events=ids,
            start=t,
            end=end,
            key=who["accessKeyId"],
            ips=[a11_ip],
        )

    after[s[0]].append(a11_run)
