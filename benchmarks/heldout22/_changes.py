"""The benign changes of the scored week (expected at most low), the routine of the account
that joins, and each change's truth rows. The calendar (``_calendar``) already bends the
routine (traffic, runtime, networks, devices); here are the calls a change makes itself."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout22 import _world as w
from benchmarks.heldout22._org import (
    MAIN,
    PIPELINE,
    Ctx,
    deploy,
    role,
    rotate_appsync,
    service_session,
)
from benchmarks.heldout22._people import _session, home_ip
from benchmarks.heldout22._trail import iso, role_identity

RESEARCH_INSTANCE = "i-0c4e8a1f93b27d605"


def sso_principal(account: str, team: str, user: str) -> str:
    name, _, suffix = w.PERMISSION_SETS[team]
    return f"arn:aws:sts::{account}:assumed-role/AWSReservedSSO_{name}_{suffix}/{user}"


def person(user: str) -> w.Person:
    return next(p for p in (*w.PEOPLE, w.NEW_AGENT) if p.user.startswith(user))


def cli_calls(
    ctx: Ctx,
    who: w.Person,
    account: str,
    when: dt.datetime,
    calls: list[tuple[str, str, dict]],
    *,
    net: str | None = None,
    agent: str | None = None,
    region: str = w.HOME,
) -> list[str]:
    """A person's own CLI (or ``agent``) from their usual network (or ``net``) making ``calls``."""
    ip = home_ip(who.user, net or who.homes[0], when.date())
    agent = agent or str(who.cli)
    ident = _session(ctx, who, account, when, ip, console=False, agent=agent)
    out = []
    for service, api, req in calls:
        when += dt.timedelta(seconds=ctx.rng.randrange(3, 45))
        out.append(
            ctx.trail.add(
                ident, when, service, api, region, ip, agent, account=account, request=req
            )
        )
    return out


def benign_changes(ctx: Ctx, d: dict[int, dt.date]) -> None:
    acct = w.ACCOUNTS
    end = f"{d[0]}T23:59:59Z"

    def window(k: int, h0: float = 0.0, k1: int = 0, h1: float = 23.99) -> dict[str, str]:
        return {"start": iso(ctx.at(d[k], h0)), "end": iso(ctx.at(d[k1], h1))}

    # B1 back-to-school: the traffic is the calendar's; the platform lead raises concurrency
    dana = person("dana")
    cli_calls(
        ctx,
        dana,
        acct["prod"],
        ctx.at(d[-4], 13.4),
        [
            (
                "lambda",
                "PutProvisionedConcurrencyConfig",
                {"functionName": f, "qualifier": "live", "provisionedConcurrentExecutions": 200},
            )
            for f in ("lms-api-courses", "lms-api-assignments", "lms-auth-presignup")
        ]
        + [
            (
                "lambda",
                "PutFunctionConcurrency20171031",
                {"functionName": "lms-api-grades", "reservedConcurrentExecutions": 500},
            )
        ],
    )
    for name, _, _ in w.FUNCTIONS[:-1]:
        ctx.benign(
            "B1", "back-to-school", principal_arn=role(acct["prod"], f"{name}-role"), **window(-4)
        )
    ctx.benign("B1", "back-to-school", principal_arn="Anonymous", **window(-4))
    ctx.benign(
        "B1",
        "back-to-school",
        principal_arn=sso_principal(acct["prod"], "platform", dana.user),
        **window(-4, 13.0, -4, 15.0),
    )

    # B2 a new district onboarded by the pipelines: a user pool and its app client in prod, an
    # SFTP user and its roster bucket in data; its first roster that night
    pool = [
        ("cognito-idp", api, {"poolName": f"{w.NEW_DISTRICT}-students"})
        for api in ("CreateUserPool", "CreateUserPoolClient", "CreateGroup", "CreateUserPoolDomain")
    ]
    deploy(ctx, ctx.at(d[-3], 16.1), acct["prod"], subject=MAIN, functions=(), extra=pool)
    sftp = [
        ("s3", "CreateBucket", {"bucketName": f"bp-roster-{w.NEW_DISTRICT}"}),
        ("s3", "PutBucketEncryption", {}),
        ("s3", "PutBucketPolicy", {}),
        ("s3", "PutBucketPublicAccessBlock", {}),
        ("transfer", "CreateUser", {"userName": w.NEW_DISTRICT, "serverId": "s-4f8e2a91c07b3d65"}),
        ("transfer", "ImportSshPublicKey", {"userName": w.NEW_DISTRICT}),
    ]
    deploy(ctx, ctx.at(d[-3], 16.4), acct["data"], subject=PIPELINE, functions=(), extra=sftp)
    for account in ("prod", "data"):
        ctx.benign(
            "B2",
            "new district onboarded",
            principal_arn=role(acct[account], "github-actions-deploy"),
            **window(-3, 16.0, -3, 17.0),
        )
    ctx.benign(
        "B2",
        "new district onboarded",
        principal_arn=role(acct["data"], "transfer-roster-upload"),
        **window(-2, 5.0, -2, 10.0),
    )

    # B3 the BPO's centre on its new ISP; B9 the new agent's first week
    for agent in (p for p in w.PEOPLE if p.team == "support"):
        ctx.benign(
            "B3",
            "support BPO moves to a new ISP",
            principal_arn=sso_principal(acct["prod"], "support", agent.user),
            **window(-3),
        )
    ctx.benign(
        "B9",
        "a new support agent's first week",
        principal_arn=sso_principal(acct["prod"], "support", w.NEW_AGENT.user),
        **window(-4),
    )

    # B4 the Krakow developer's new laptop
    tomasz = person("tomasz")
    for account in ("staging", "prod"):
        ctx.benign(
            "B4",
            "a developer's new laptop",
            principal_arn=sso_principal(acct[account], "contractor", tomasz.user),
            **window(-2),
        )

    # B5 node18 -> node20 on every function, one deploy at 15:00 on Tuesday
    runtime = [
        (
            "lambda",
            "UpdateFunctionConfiguration20150331v2",
            {"functionName": f, "runtime": "nodejs20.x"},
        )
        for f, _, _ in w.FUNCTIONS
    ]
    deploy(ctx, ctx.at(d[-3], 14.95), acct["prod"], subject=MAIN, functions=(), extra=runtime)
    for name, _, _ in w.FUNCTIONS:
        ctx.benign(
            "B5",
            "Lambda runtime upgrade",
            principal_arn=role(acct["prod"], f"{name}-role"),
            **window(-3, 15.0),
        )
    ctx.benign(
        "B5",
        "Lambda runtime upgrade",
        principal_arn=role(acct["prod"], "github-actions-deploy"),
        **window(-3, 14.9, -3, 15.3),
    )

    # B6 the weekly AppSync key rotation (the rotator runs on Tuesdays)
    ids = rotate_appsync(ctx, d[-3])
    ctx.benign(
        "B6",
        "AppSync API key rotation",
        event_ids=" ".join(ids),
        principal_arn=role(acct["prod"], "appsync-key-rotator-role"),
        **window(-3, 9.9, -3, 10.5),
    )

    # B7 the Redshift Serverless workgroup resized for end-of-term reporting
    hannah = person("hannah")
    cli_calls(
        ctx,
        hannah,
        acct["data"],
        ctx.at(d[-1], 14.2),
        [
            ("redshift-serverless", "GetWorkgroup", {"workgroupName": "analytics"}),
            (
                "redshift-serverless",
                "UpdateWorkgroup",
                {"workgroupName": "analytics", "baseCapacity": 128},
            ),
            ("redshift-serverless", "GetWorkgroup", {"workgroupName": "analytics"}),
        ],
        net="office",
    )
    for who in ("hannah", "luis"):
        ctx.benign(
            "B7",
            "end-of-term reporting",
            principal_arn=sso_principal(acct["data"], "analytics", person(who).user),
            **window(-1),
        )
    ctx.benign(
        "B7",
        "end-of-term reporting",
        principal_arn=role(acct["data"], "service-role/aws-quicksight-service-role-v0"),
        **window(-1),
    )

    # B8 staging back from the summer-school shutdown
    staging = acct["staging"]
    ctx.benign(
        "B8",
        "staging back from the summer shutdown",
        principal_arn=role(staging, "github-actions-deploy"),
        **window(-4, 0.0, -3),
    )
    ctx.benign(
        "B8",
        "staging back from the summer shutdown",
        principal_arn=role(
            staging, "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
        ),
        **window(-4, 0.0, -3),
    )
    for p in (p for p in w.PEOPLE if p.team in ("contractor", "platform")):
        ctx.benign(
            "B8",
            "staging back from the summer shutdown",
            principal_arn=sso_principal(staging, p.team, p.user),
            **window(-4, 0.0, -3),
        )

    # B10 an Identity Center permission-set update by the platform team
    marcus = person("marcus")
    ps = "arn:aws:sso:::permissionSet/ssoins-72238d1f0a6c5b94/ps-5e1c9b7a30d2f846"
    cli_calls(
        ctx,
        marcus,
        acct["identity"],
        ctx.at(d[-2], 15.8),
        [
            ("sso", "DescribePermissionSet", {"permissionSetArn": ps}),
            ("sso", "PutInlinePolicyToPermissionSet", {"permissionSetArn": ps}),
            ("sso", "UpdatePermissionSet", {"permissionSetArn": ps, "sessionDuration": "PT8H"}),
            (
                "sso",
                "ProvisionPermissionSet",
                {"permissionSetArn": ps, "targetType": "ALL_PROVISIONED_ACCOUNTS"},
            ),
            ("sso", "DescribePermissionSetProvisioningStatus", {}),
            ("sso", "DescribePermissionSetProvisioningStatus", {}),
            ("sso", "ListAccountAssignments", {"permissionSetArn": ps}),
        ],
    )
    ctx.benign(
        "B10",
        "permission-set update",
        principal_arn=sso_principal(acct["identity"], "platform", marcus.user),
        **window(-2, 15.5, -2, 17.0),
    )

    # B11 the research account joins: vended by the platform lead, then its own routine
    research = w.NEW_ACCOUNT[1]
    cli_calls(
        ctx,
        dana,
        acct["identity"],
        ctx.at(d[-2], 13.9),
        [
            (
                "organizations",
                "CreateAccount",
                {
                    "accountName": "learning-research",
                    "email": "aws-research@brightpathlearning.com",
                },
            ),
            ("organizations", "DescribeCreateAccountStatus", {}),
            ("organizations", "DescribeCreateAccountStatus", {}),
            ("organizations", "MoveAccount", {"accountId": research}),
        ],
    )
    ctx.benign(
        "B11",
        "the research account joins",
        principal_arn=sso_principal(acct["identity"], "platform", dana.user),
        **window(-2, 13.5, -2, 15.0),
    )
    for principal in (
        role(research, "OrganizationAccountAccessRole"),
        role(research, "research-notebook"),
        role(research, "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"),
    ):
        ctx.benign(
            "B11",
            "the research account joins",
            principal_arn=principal,
            start=f"{d[-2]}T00:00:00Z",
            end=end,
        )


def research_day(ctx: Ctx, day: dt.date, first: bool) -> dict[int, str]:
    """The research account's day: its baseline built on the first day through
    OrganizationAccountAccessRole, a notebook instance's hourly keys, the SSM agent, Config.
    Returns the instance keys by hour."""
    research = w.NEW_ACCOUNT[1]
    dana = person("dana")
    if first:
        ip = home_ip(dana.user, "office", day)
        arn = role(research, "OrganizationAccountAccessRole")
        when = ctx.at(day, 14.5)
        key, _ = ctx.trail.mint(
            _session(
                ctx, dana, w.ACCOUNTS["identity"], when, ip, console=False, agent=str(dana.cli)
            ),
            when,
            account=research,
            role_arn=arn,
            session=dana.user,
            ip=ip,
            agent=str(dana.cli),
        )
        ident = role_identity(arn, dana.user, key, when)
        for api, service in (
            ("CreateRole", "iam"),
            ("PutRolePolicy", "iam"),
            ("CreateInstanceProfile", "iam"),
            ("AddRoleToInstanceProfile", "iam"),
            ("CreateBucket", "s3"),
            ("RunInstances", "ec2"),
            ("PutConfigurationRecorder", "config"),
            ("StartConfigurationRecorder", "config"),
        ):
            when += dt.timedelta(seconds=ctx.rng.randrange(5, 60))
            ctx.trail.add(ident, when, service, api, w.HOME, ip, str(dana.cli), account=research)
    keys = {}
    address = w.NETS["aws_east"].cidr.rsplit(".", 2)[0] + ".18.201"
    ssm = "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64) amazon-ssm-agent/3.3.859.0"
    for hour in range(15 if first else 0, 24):
        when = ctx.at(day, hour + 0.05)
        ident, key = service_session(
            ctx, "ec2.amazonaws.com", when, research, "research-notebook", RESEARCH_INSTANCE
        )
        ident["sessionContext"]["ec2RoleDelivery"] = "2.0"
        keys[hour] = key
        ctx.trail.add(
            ident,
            when + dt.timedelta(minutes=3),
            "ssm",
            "UpdateInstanceInformation",
            w.HOME,
            address,
            ssm,
            account=research,
        )
        if 13 <= hour <= 22:
            for _ in range(ctx.n(3)):
                ctx.trail.add(
                    ident,
                    when + dt.timedelta(minutes=ctx.rng.randrange(5, 55)),
                    "s3",
                    ctx.rng.choice(("GetObject", "PutObject")),
                    w.HOME,
                    address,
                    "Boto3/1.34.150 md/Botocore#1.34.150 ua/2.0 os/linux#6.1.102-108.177.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.150",
                    account=research,
                    request={"bucketName": "bp-research-datasets"},
                    data=True,
                )
    cfg, _ = service_session(
        ctx,
        "config.amazonaws.com",
        ctx.at(day, 15.2),
        research,
        "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
        "AWSConfig-Describe",
        hours=8,
    )
    for _ in range(ctx.n(6)):
        ctx.trail.add(
            cfg,
            ctx.at(day, ctx.rng.uniform(15.3, 23.5)),
            "ec2",
            "DescribeInstances",
            w.HOME,
            "config.amazonaws.com",
            "config.amazonaws.com",
            account=research,
            invoked_by="config.amazonaws.com",
        )
    return keys
