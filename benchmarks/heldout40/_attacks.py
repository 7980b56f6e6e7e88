"""The attacks of the scored days (A1-A11), drawn from public incident write-ups: leaked IAM
user keys (a translator's rclone config, a script's key pushed to GitHub, the office NAS),
LLMjacking, a Cognito identity pool's unauthenticated role, workload credentials stolen by SSRF
or a malicious dependency, a hijacked Okta session minting a key for another user, a partner
role with a leaked external ID, console sign-in without MFA, quiet recon with the team's own
CLI and the new account's instance credentials on its first day. Each writes its events after
the background and its truth rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout40._benign import row
from benchmarks.heldout40._model import Session, user
from benchmarks.heldout40._org import (
    BROWSER,
    BROWSER_WIN,
    CLI,
    CONTENT,
    CONTENT_OPS,
    GLOBAL,
    HOME,
    JP,
    KST,
    MASTER_ART,
    PLATFORM,
    PROD,
    SEA,
    SETTLEMENT,
    TOKYO,
    UNRELEASED,
    US,
    World,
    role,
    user_id,
)
from benchmarks.heldout40._people import SERIES, console_sign_in, iam_user, s3_object, saml
from benchmarks.heldout40._prod import assume_partner, cognito_session

OLD_CLI = "aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-26-generic exe/x86_64.ubuntu.22 prompt/off command/{cmd}"
BOTO = (
    "Boto3/1.34.34 md/Botocore#1.34.34 ua/2.0 os/linux#5.15.0-91-generic md/arch#x86_64 "
    "lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.34"
)
DENIED = ("AccessDenied", "User is not authorized to perform this operation")


def incident(
    world: World,
    id_: str,
    name: str,
    severity: str,
    keys: list[tuple[str, str]],
    body: Callable[[], Any],
) -> None:
    """Run ``body`` (which emits the attack's events) and write one truth row per (key,
    address) spanning the events that key made."""
    first = len(world.trail.records)
    body()
    made = world.trail.records[first:]
    for key, ip in keys:
        times = [t for t, _, _, rec in made if rec["userIdentity"].get("accessKeyId") == key]
        if not times:
            raise RuntimeError(f"{id_}: no event used {key}")
        row(
            world,
            id_,
            name,
            "attack",
            min(times),
            max(times) + dt.timedelta(seconds=1),
            key=key,
            ips=ip,
            severity=severity,
        )


def session_at(sessions: list[Any], t: dt.datetime) -> Session:
    live = [
        s
        for s in sessions
        if s.identity["sessionContext"]["attributes"]["creationDate"]
        <= t.strftime("%Y-%m-%dT%H:%M:%SZ")
        < s.expires.strftime("%Y-%m-%dT%H:%M:%SZ")
    ]
    return live[-1] if live else sessions[-1]


def attacks(world: World) -> None:
    s, net, trail, rng = world.slot, world.net, world.trail, world.rng
    emit = trail.emit

    # A1: a translator's rclone.conf leaked; her key downloads unreleased episodes in bulk
    thao = iam_user(world, CONTENT, "tr-vi-nguyen.thao")
    vps = net.public("vultr_sg")

    def a1() -> None:
        t = world.at(s(0), 17)
        for k, series in enumerate(SERIES):
            s3_object(
                world,
                t + dt.timedelta(seconds=k),
                thao,
                CONTENT,
                vps,
                "rclone/v1.68.2",
                "ListObjects",
                UNRELEASED,
                f"series/{series}/",
            )
        for i in range(world.count(400, 60)):
            key = f"series/{SERIES[i % 5]}/ep{100 + i // 25:03d}/raw/{i % 25 + 1:02d}.psd"
            s3_object(
                world,
                t + dt.timedelta(seconds=10 + 5 * i),
                thao,
                CONTENT,
                vps,
                "rclone/v1.68.2",
                "GetObject",
                UNRELEASED,
                key,
            )

    incident(
        world,
        "A1",
        "translator's leaked key bulk-downloads unreleased episodes",
        "medium",
        [(thao.key, vps)],
        a1,
    )

    # A2: LLMjacking with the evaluation script's key pushed to a public repository
    mt = iam_user(world, CONTENT, "mt-eval-runner")
    proxies = net.public("m247_ro"), net.public("m247_nl")

    def a2() -> None:
        t = world.at(s(1), 2)
        emit(
            t,
            CONTENT,
            GLOBAL,
            mt.identity,
            proxies[0],
            BOTO,
            "sts",
            "GetCallerIdentity",
            read_only=True,
        )
        recon = (
            "GetModelInvocationLoggingConfiguration",
            "ListFoundationModels",
            "GetFoundationModelAvailability",
            "ListFoundationModelAgreementOffers",
            "PutUseCaseForModelAccess",
            "CreateFoundationModelAgreement",
        )
        for k, name in enumerate(recon):
            for region in (US, GLOBAL):
                emit(
                    t + dt.timedelta(minutes=1 + k, seconds=5 * (region == GLOBAL)),
                    CONTENT,
                    region,
                    mt.identity,
                    proxies[0],
                    BOTO,
                    "bedrock",
                    name,
                    read_only=name.startswith(("Get", "List")),
                    params={"modelId": "anthropic.claude-3-opus-20240229-v1:0"},
                )
        for i in range(world.count(200, 30)):
            region = US if i % 3 else GLOBAL
            err = (
                ("ThrottlingException", "Too many requests, please wait before trying again.")
                if i % 17 == 5
                else None
            )
            emit(
                t + dt.timedelta(minutes=12, seconds=20 * i),
                CONTENT,
                region,
                mt.identity,
                proxies[i % 2],
                BOTO,
                "bedrock",
                "InvokeModel",
                read_only=True,
                error=err,
                host=f"bedrock-runtime.{region}.amazonaws.com",
                params={
                    "modelId": rng.choice(
                        (
                            "anthropic.claude-3-opus-20240229-v1:0",
                            "anthropic.claude-3-5-sonnet-20241022-v2:0",
                        )
                    )
                },
            )

    incident(
        world,
        "A2",
        "LLMjacking: Bedrock model access enabled and invoked from a leaked key",
        "high",
        [(mt.key, " ".join(proxies))],
        a2,
    )

    # A3: the reader app's Cognito identity pool: unauthenticated credentials list buckets
    hoster = net.public("naver_cloud")
    t3 = world.at(s(2), 14)
    cog = cognito_session(world, t3, role(PROD, "Cognito_DalbitReadersUnauth_Role"))

    def a3() -> None:
        t = t3 + dt.timedelta(minutes=2)
        ua = OLD_CLI
        emit(
            t,
            PROD,
            HOME,
            cog.identity,
            hoster,
            ua.format(cmd="sts.get-caller-identity"),
            "sts",
            "GetCallerIdentity",
            read_only=True,
        )
        emit(
            t + dt.timedelta(seconds=30),
            PROD,
            HOME,
            cog.identity,
            hoster,
            ua.format(cmd="s3.ls"),
            "s3",
            "ListBuckets",
            read_only=True,
            host="s3.amazonaws.com",
        )
        emit(
            t + dt.timedelta(seconds=50),
            PROD,
            HOME,
            cog.identity,
            hoster,
            ua.format(cmd="dynamodb.list-tables"),
            "dynamodb",
            "ListTables",
            read_only=True,
            error=("AccessDenied", "not authorized to perform: dynamodb:ListTables"),
        )
        emit(
            t + dt.timedelta(seconds=70),
            PROD,
            GLOBAL,
            cog.identity,
            hoster,
            ua.format(cmd="iam.list-roles"),
            "iam",
            "ListRoles",
            read_only=True,
            error=DENIED,
            host="iam.amazonaws.com",
        )
        s3_object(
            world,
            t + dt.timedelta(minutes=2),
            cog,
            PROD,
            hoster,
            ua.format(cmd="s3.ls"),
            "ListObjects",
            UNRELEASED,
            "release-queue/",
        )
        for i in range(world.count(60, 10)):
            s3_object(
                world,
                t + dt.timedelta(minutes=3, seconds=4 * i),
                cog,
                PROD,
                hoster,
                ua.format(cmd="s3.cp"),
                "GetObject",
                UNRELEASED,
                f"release-queue/ep{i:03d}.zip",
            )

    incident(
        world,
        "A3",
        "Cognito unauthenticated role lists buckets and copies the release queue",
        "medium",
        [(cog.key, hoster)],
        a3,
    )

    # A4: a reader API task's credentials taken through SSRF, used from a droplet
    droplet = net.public("do_sg")
    t4 = world.at(s(1), 20)
    api = session_at([x for r, x in world.changes["api_sessions"] if r == HOME], t4)

    def a4() -> None:
        steps = [
            ("sts", "GetCallerIdentity", GLOBAL, None),
            ("s3", "ListBuckets", HOME, None),
            ("secretsmanager", "ListSecrets", HOME, None),
            ("secretsmanager", "GetSecretValue", HOME, None),
            ("dynamodb", "ListTables", HOME, None),
            ("ec2", "DescribeInstances", HOME, DENIED),
        ]
        for k, (service, name, region, err) in enumerate(steps):
            emit(
                t4 + dt.timedelta(seconds=40 * k),
                PROD,
                region,
                api.identity,
                droplet,
                OLD_CLI.format(cmd=f"{service}.x"),
                service,
                name,
                read_only=True,
                error=err,
            )
        for i in range(world.count(30, 6)):
            emit(
                t4 + dt.timedelta(minutes=5, seconds=10 * i),
                PROD,
                HOME,
                api.identity,
                droplet,
                OLD_CLI.format(cmd="cognito-idp.list-users"),
                "cognito-idp",
                "ListUsers",
                read_only=True,
                params={"userPoolId": f"{HOME}_Rd7Kq2LmX", "limit": 60},
            )

    incident(
        world,
        "A4",
        "reader API task credentials (SSRF) used from DigitalOcean",
        "high",
        [(api.key, droplet)],
        a4,
    )

    # A5: a content operator's Okta session hijacked; an access key made for a translator
    lead = CONTENT_OPS[0]
    relay, vpn = net.public("hetzner_de"), net.public("datacamp_fr")
    t5 = world.at(s(3), 2)
    hijack = saml(world, t5, lead, CONTENT, relay, BROWSER)
    victim = iam_user(world, CONTENT, "tr-id-rizky.pratama")
    planted = user(
        CONTENT,
        victim.identity["userName"],
        trail.key("AKIA"),
        user_id(CONTENT, victim.identity["userName"]),
    )

    def a5() -> None:
        for k, (name, params) in enumerate(
            (
                ("ListUsers", {}),
                ("ListAccessKeys", {"userName": victim.identity["userName"]}),
                ("CreateAccessKey", {"userName": victim.identity["userName"]}),
            )
        ):
            emit(
                t5 + dt.timedelta(minutes=1 + k),
                CONTENT,
                GLOBAL,
                hijack.identity,
                relay,
                BROWSER,
                "iam",
                name,
                read_only=name != "CreateAccessKey",
                params=params,
                console=True,
                host="iam.amazonaws.com",
                response={"accessKey": {"accessKeyId": planted.key, "status": "Active"}}
                if name == "CreateAccessKey"
                else None,
            )
        t = t5 + dt.timedelta(minutes=40)
        emit(
            t,
            CONTENT,
            GLOBAL,
            planted.identity,
            vpn,
            "rclone/v1.66.0",
            "sts",
            "GetCallerIdentity",
            read_only=True,
        )
        s3_object(
            world,
            t + dt.timedelta(seconds=20),
            planted,
            CONTENT,
            vpn,
            "rclone/v1.66.0",
            "ListObjects",
            UNRELEASED,
            "series/",
        )
        for i in range(world.count(120, 20)):
            s3_object(
                world,
                t + dt.timedelta(minutes=1, seconds=6 * i),
                planted,
                CONTENT,
                vpn,
                "rclone/v1.66.0",
                "GetObject",
                UNRELEASED,
                f"series/{SERIES[i % 5]}/ep{110 + i // 20:03d}/raw/{i % 20 + 1:02d}.psd",
            )

    incident(
        world,
        "A5",
        "hijacked Okta session creates a key for a translator; the key downloads episodes",
        "high",
        [(hijack.key, relay), (planted.key, vpn)],
        a5,
    )

    # A6: the office NAS's key: versioning suspended, master art deleted, a ransom note
    nas = iam_user(world, CONTENT, "backup-sync")
    tor = net.public("tor_exit"), net.public("tor_exit2")

    def a6() -> None:
        t = world.at(s(4), 18)
        ua = "aws-cli/1.33.2 Python/3.11.2 Linux/6.1.0-21-amd64 botocore/1.34.130"
        for k, (name, params) in enumerate(
            (
                ("ListBuckets", {}),
                ("GetBucketVersioning", {"bucketName": MASTER_ART}),
                (
                    "PutBucketVersioning",
                    {"bucketName": MASTER_ART, "VersioningConfiguration": {"Status": "Suspended"}},
                ),
            )
        ):
            emit(
                t + dt.timedelta(seconds=30 * k),
                CONTENT,
                HOME,
                nas.identity,
                tor[0],
                ua,
                "s3",
                name,
                read_only=name != "PutBucketVersioning",
                params=params,
                host="s3.amazonaws.com",
            )
        s3_object(
            world,
            t + dt.timedelta(minutes=2),
            nas,
            CONTENT,
            tor[0],
            ua,
            "ListObjects",
            MASTER_ART,
            "masters/",
        )
        for i in range(world.count(150, 20)):
            s3_object(
                world,
                t + dt.timedelta(minutes=3, seconds=3 * i),
                nas,
                CONTENT,
                tor[i % 2],
                ua,
                "DeleteObject",
                MASTER_ART,
                f"masters/{SERIES[i % 5]}/ep{i // 5:03d}/layer{i % 40}.clip",
            )
        s3_object(
            world,
            t + dt.timedelta(minutes=20),
            nas,
            CONTENT,
            tor[1],
            ua,
            "PutObject",
            MASTER_ART,
            "README-RESTORE-YOUR-ART.txt",
        )

    incident(
        world,
        "A6",
        "NAS key: versioning suspended, master art deleted, ransom note (Tor)",
        "high",
        [(nas.key, " ".join(tor))],
        a6,
    )

    # A7: the agency's console user signs in without MFA from Nigeria on a Sunday
    ads = iam_user(world, PROD, "ads.report")
    lagos = net.public("mtn_ng")
    t7 = world.at(s(4), 9)
    console = console_sign_in(world, t7, ads, lagos, BROWSER_WIN, mfa=False)

    def a7() -> None:
        for k, (service, name) in enumerate(
            (
                ("cloudfront", "ListDistributions"),
                ("iam", "GetAccountSummary"),
                ("iam", "ListUsers"),
                ("iam", "CreateAccessKey"),
                ("cloudfront", "GetDistributionConfig"),
                ("ce", "GetCostAndUsage"),
            )
        ):
            emit(
                t7 + dt.timedelta(minutes=1 + 2 * k),
                PROD,
                GLOBAL,
                console.identity,
                lagos,
                BROWSER_WIN,
                service,
                name,
                read_only=name != "CreateAccessKey",
                console=True,
                host=f"{service}.amazonaws.com",
                params={"userName": "ads.report"} if name == "CreateAccessKey" else None,
            )

    incident(
        world,
        "A7",
        "console sign-in without MFA from Nigeria; a key created",
        "high",
        [(console.key, lagos)],
        a7,
    )

    # A8: a platform engineer's SSO token (infostealer) used for slow recon with the team's CLI
    eng = PLATFORM[2]
    proxy = net.public("kt_proxy")
    t8 = world.at(s(1), 22.5, KST)
    stolen = saml(world, t8, eng, PROD, proxy, CLI.format(cmd="sso.login"))

    def a8() -> None:
        calls = [
            ("iam", "ListRoles", GLOBAL),
            ("iam", "ListUsers", GLOBAL),
            ("s3", "ListBuckets", HOME),
            ("ec2", "DescribeInstances", HOME),
            ("ec2", "DescribeInstances", SEA),
            ("ec2", "DescribeInstances", TOKYO),
            ("secretsmanager", "ListSecrets", HOME),
            ("kms", "ListKeys", HOME),
            ("lambda", "ListFunctions20150331", HOME),
            ("iam", "ListPolicies", GLOBAL),
            ("organizations", "DescribeOrganization", GLOBAL),
            ("rds", "DescribeDBInstances", HOME),
            ("iam", "GetAccountAuthorizationDetails", GLOBAL),
        ]
        for k in range(world.count(26, 13)):
            service, name, region = calls[k % len(calls)]
            err = (
                DENIED
                if name in ("DescribeOrganization", "GetAccountAuthorizationDetails")
                else None
            )
            emit(
                t8 + dt.timedelta(minutes=2 + 25 * k, seconds=rng.randint(0, 600)),
                PROD,
                region,
                stolen.identity,
                proxy,
                CLI.format(cmd=f"{service}.{name.lower()}"),
                service,
                name,
                read_only=True,
                error=err,
            )

    incident(
        world,
        "A8",
        "stolen SSO token: slow night recon with the platform CLI from a Korean proxy",
        "medium",
        [(stolen.key, proxy)],
        a8,
    )

    # A9: the new Japan account's web instance credentials (IMDSv1 SSRF) used from Linode Tokyo
    linode = net.public("linode_tokyo")
    t9 = world.at(s(2), 9)
    web = session_at(world.changes["jp_sessions"], t9)

    def a9() -> None:
        steps = [
            ("sts", "GetCallerIdentity", None, {}),
            ("s3", "ListBuckets", None, {}),
            ("ec2", "DescribeInstances", None, {}),
            ("iam", "ListRoles", DENIED, {}),
            ("secretsmanager", "ListSecrets", None, {}),
            ("secretsmanager", "GetSecretValue", None, {"secretId": "localiser/db"}),
            (
                "ec2",
                "RunInstances",
                (
                    "Client.UnauthorizedOperation",
                    "You are not authorized to perform this operation.",
                ),
                {"instanceType": "p4d.24xlarge"},
            ),
            ("ec2", "DescribeRegions", None, {}),
        ]
        for k, (service, name, err, params) in enumerate(steps):
            emit(
                t9 + dt.timedelta(minutes=k, seconds=rng.randint(0, 40)),
                JP,
                GLOBAL if service == "iam" else TOKYO,
                web.identity,
                linode,
                BOTO,
                service,
                name,
                read_only=name != "RunInstances",
                error=err,
                params=params or None,
            )

    incident(
        world,
        "A9",
        "new account's instance credentials from Linode on its first day",
        "medium",
        [(web.key, linode)],
        a9,
    )

    # A10: the payment webhook's credentials read by a malicious dependency, used from EC2 elsewhere
    other = net.aws("attacker-ec2", GLOBAL)
    t10 = world.at(s(2), 6)
    hook = session_at(world.changes["lambda-payment-webhook"], t10)

    def a10() -> None:
        for k, (service, name, err, params) in enumerate(
            (
                ("sts", "GetCallerIdentity", None, {}),
                ("secretsmanager", "ListSecrets", None, {}),
                ("secretsmanager", "GetSecretValue", None, {"secretId": "pg/webhook-signing-key"}),
                (
                    "secretsmanager",
                    "GetSecretValue",
                    DENIED,
                    {"secretId": "pg/merchant-api-credentials"},
                ),
            )
        ):
            emit(
                t10 + dt.timedelta(seconds=15 * k),
                PROD,
                HOME,
                hook.identity,
                other,
                BOTO,
                service,
                name,
                read_only=True,
                error=err,
                params=params or None,
            )
        s3_object(
            world,
            t10 + dt.timedelta(minutes=2),
            hook,
            PROD,
            other,
            BOTO,
            "ListObjects",
            SETTLEMENT,
            "outbound/",
        )
        for i in range(world.count(30, 8)):
            s3_object(
                world,
                t10 + dt.timedelta(minutes=3, seconds=7 * i),
                hook,
                PROD,
                other,
                BOTO,
                "GetObject",
                SETTLEMENT,
                f"outbound/archive/settle-{i:03d}.csv",
            )

    incident(
        world,
        "A10",
        "payment webhook Lambda credentials (malicious dependency) from another AWS account's EC2",
        "medium",
        [(hook.key, other)],
        a10,
    )

    # A11: the partner's role assumed with its leaked external ID from OVH, a fortnight of files
    ovh = net.public("ovh_sg")
    t11 = world.at(s(3), 18.5)
    ua = BOTO
    p = assume_partner(
        world,
        t11,
        role(PROD, "pg-settlement-partner"),
        ovh,
        ua,
        f"kopay-settlement-{int(t11.timestamp())}",
    )

    def a11() -> None:
        s3_object(
            world,
            t11 + dt.timedelta(seconds=5),
            p,
            PROD,
            ovh,
            ua,
            "ListObjects",
            SETTLEMENT,
            "outbound/",
        )
        for i in range(world.count(80, 14)):
            day = t11 - dt.timedelta(days=i // 6)
            s3_object(
                world,
                t11 + dt.timedelta(seconds=20 + 9 * i),
                p,
                PROD,
                ovh,
                ua,
                "GetObject",
                SETTLEMENT,
                f"outbound/{day:%Y%m%d}/settle-{i % 48:02d}-0.csv",
            )

    incident(
        world,
        "A11",
        "partner role assumed with its external ID from OVH; settlement files read",
        "medium",
        [(p.key, ovh)],
        a11,
    )
