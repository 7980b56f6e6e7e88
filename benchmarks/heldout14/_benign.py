"""The benign changes of the scored days (B1-B9), written into the trail, and their truth rows
(expected at most low)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout14._context import Ctx
from benchmarks.heldout14._org import AGENCY_GONE, AGENCY_NEW, CLI_LINUX, CLI_MAC, FUNCTIONS, PEOPLE, PROWLER, SERVICES, TERRAFORM, Function
from benchmarks.heldout14._people import IDP, sign_in, user_cred
from benchmarks.heldout14._pipelines import PROVIDER, deploy, gitlab_login, into, terraform_run
from benchmarks.heldout14._plan import ACCOUNTS, BLACK_FRIDAY, EDGE, HOME, at, hexid
from benchmarks.heldout14._records import service_identity

PROD, SHARED, PIX, MGMT = ACCOUNTS["prod"], ACCOUNTS["shared"], ACCOUNTS["pix"], ACCOUNTS["management"]
RETIRED_HOUR = 10.25  # the Bitbucket key is deactivated at 10:15 on the last scored day (B3)
PAGALI = Function("pagali-webhook", PROD, 3, 12, FUNCTIONS[0].agent, (("secretsmanager", "GetSecretValue", 1), ("sqs", "SendMessage", 3), ("kms", "Decrypt", 1)))
PAYMENTS_NEW = next(s for s in SERVICES if s.name == "payments-svc").apis + (("secretsmanager", "DescribeSecret", 0.3), ("kms", "Encrypt", 1), ("sqs", "GetQueueUrl", 0.3))


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def row(ident: str, name: str, label: str, start: dt.datetime, end: dt.datetime, *, key: str = "", principal: str = "", ips: Any = (), events: Any = (), severity: str = "") -> dict[str, str]:
    return {
        "id": ident,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(ips),
        "event_ids": " ".join(events),
        "start": iso(start),
        "end": iso(end),
        "expected_min_severity": severity if label == "attack" else "",
        "expected_max_severity": "" if label == "attack" else "low",
    }


def role(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def saml(email: str) -> str:
    return f"saml:{IDP}:{email}"


def _day(ctx: Ctx, i: int) -> dt.date:
    return ctx.scored[min(i, len(ctx.scored) - 1)]


def black_friday(ctx: Ctx) -> list[dict[str, str]]:
    """B1: volume x10 (the background's surge), and the platform pipeline scaling the services
    and adding provisioned concurrency the afternoon before."""
    rng = ctx.plan.sub("b1")
    eve = BLACK_FRIDAY - dt.timedelta(days=1)
    when = at(eve, 14)
    sessions, ip = terraform_run(ctx, rng, when, (PROD,))
    cred, ids, t = sessions[PROD], [], when + dt.timedelta(minutes=3)
    for svc in ("checkout-api", "catalog-api", "seller-portal", "payments-svc", "search-indexer"):
        for service, name, request in (("application-autoscaling", "RegisterScalableTarget", {"resourceId": f"service/jabuti-prod/{svc}", "minCapacity": 12, "maxCapacity": 60}), ("application-autoscaling", "PutScalingPolicy", {"policyName": f"{svc}-bf-cpu"}), ("ecs", "UpdateService", {"service": svc, "desiredCount": 12})):
            t += dt.timedelta(seconds=rng.uniform(1, 4))
            ids.append(ctx.trail.event(cred, t, service, name, ip, TERRAFORM.format(api=service), request=request))
    for fn in ("order-webhook", "fraud-score", "freight-quote", "image-resizer"):
        for name in ("PublishVersion", "PutProvisionedConcurrencyConfig", "GetProvisionedConcurrencyConfig"):
            t += dt.timedelta(seconds=rng.uniform(1, 4))
            ids.append(ctx.trail.event(cred, t, "lambda", name, ip, TERRAFORM.format(api="lambda"), request={"functionName": fn, "qualifier": "live", "provisionedConcurrentExecutions": 50}))
    start, end = at(eve, 13.5), at(ctx.scored[-1], 24)
    rows = [row("B1", "Black Friday: x10 volume, services scaled, provisioned concurrency", "benign", start, end, events=ids)]
    rows.append(row("B1", "", "benign", when, t + dt.timedelta(minutes=5), principal=role(PROD, "terraform-exec")))
    workload_roles = {f"ecs-{s.name}-task" for s in SERVICES if s.account == PROD} | {f"lambda-{f.name}" for f in FUNCTIONS if f.account == PROD}
    workload_roles |= {"order-flow-sfn", "AWSServiceRoleForApplicationAutoScaling_ECSService", "svc-erp-totvs", "svc-crm-ses", "partner-seller-onboarding"}
    for name in sorted(workload_roles):
        arn = f"arn:aws:iam::{PROD}:user/{name}" if name.startswith("svc-") else role(PROD, name)
        rows.append(row("B1", "", "benign", start, end, principal=arn))
    return rows


def war_room(ctx: Ctx) -> list[dict[str, str]]:
    """B2: people online through the Black Friday night, a weekend off, a catch-up Monday at
    twice the work into the evening (the background's calendar)."""
    rows = []
    night = (at(BLACK_FRIDAY - dt.timedelta(days=1), 20), at(BLACK_FRIDAY, 21))
    monday = (at(ctx.scored[-1], 0), at(ctx.scored[-1], 24))
    for start, end in (night, monday):
        for person in PEOPLE:
            rows.append(row("B2", "Black Friday war room, then the catch-up Monday", "benign", start, end, principal=role(person.account, person.role)))
            rows.append(row("B2", "", "benign", start, end, principal=saml(person.email)))
    return rows


def gitlab_migration(ctx: Ctx) -> tuple[list[dict[str, str]], dt.datetime]:
    """B3: the back-office repository moves from Bitbucket's long-lived key to GitLab OIDC: the
    platform pipeline creates the role, the first GitLab deploy, then a platform admin
    deactivates the old key. Returns the rows and when the key stopped working."""
    rng = ctx.plan.sub("b3")
    day = ctx.scored[-1]
    when = at(day, 9.2)
    ip = ctx.plan.ip("gitlab-runners", rng)
    infra, ids = gitlab_login(ctx, rng, "infra", when, ip)
    t = when + dt.timedelta(seconds=20)
    for name in ("CreateRole", "PutRolePolicy", "GetRole", "TagRole"):
        t += dt.timedelta(seconds=rng.uniform(1, 3))
        ids.append(ctx.trail.event(infra, t, "iam", name, ip, TERRAFORM.format(api="iam"), region=EDGE, request={"roleName": "gitlab-backoffice", "assumeRolePolicyDocument": PROVIDER if name == "CreateRole" else None}))
    first = at(day, 9.6)
    run_ip = ctx.plan.ip("gitlab-runners", rng)
    cred, more = gitlab_login(ctx, rng, "backoffice", first, run_ip)
    target, eid = into(ctx, rng, cred, PROD, "deployer", f"gitlab-backoffice-{hexid(rng, 8)}", first + dt.timedelta(seconds=10), run_ip, "aws-cli/2.17.20")
    ids += more + [eid] + deploy(ctx, rng, target, "backoffice", first + dt.timedelta(seconds=20), run_ip)
    admin = next(p for p in PEOPLE if p.email.startswith("marcos"))
    off = at(day, RETIRED_HOUR)
    home = ctx.plan.ip(admin.home, ctx.plan.sub("b3-admin"))
    session, signed = sign_in(ctx, rng, admin.email, admin.role, admin.account, off - dt.timedelta(minutes=2), home, "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)", console=False)
    user = user_cred(ctx, PROD, "ci-bitbucket-backoffice")
    ids += signed
    for name, extra in (("ListAccessKeys", {}), ("UpdateAccessKey", {"status": "Inactive", "accessKeyId": user.access_key})):
        ids.append(ctx.trail.event(session, off + dt.timedelta(seconds=len(ids)), "iam", name, home, CLI_MAC.format(cmd=f"iam.{name.lower()}"), region=EDGE, request={"userName": "ci-bitbucket-backoffice", **extra}))
    start, end = at(day, 9), at(day, 24)
    rows = [row("B3", "Bitbucket key retired, GitLab OIDC for the back office", "benign", start, end, events=ids)]
    rows += [row("B3", "", "benign", start, end, principal=p) for p in (role(SHARED, "gitlab-backoffice"), role(SHARED, "gitlab-infra"), f"web_identity:{PROVIDER}:https://gitlab.com:project_path:jabuti/backoffice:ref_type:branch:ref:main", f"arn:aws:iam::{PROD}:user/ci-bitbucket-backoffice")]
    return rows, off


def payment_provider(ctx: Ctx) -> list[dict[str, str]]:
    """B4: a second payment provider (Pagali) before Black Friday: its secret, key and queue
    created by the pipeline, the payment service reading them, a webhook function."""
    rng = ctx.plan.sub("b4")
    when = at(ctx.first_scored, 9.5)
    sessions, ip = terraform_run(ctx, rng, when, (PROD,))
    cred, ids, t = sessions[PROD], [], when + dt.timedelta(minutes=2)
    for service, name in (("secretsmanager", "CreateSecret"), ("secretsmanager", "PutSecretValue"), ("kms", "CreateKey"), ("kms", "CreateAlias"), ("sqs", "CreateQueue"), ("iam", "CreateRole"), ("lambda", "CreateFunction"), ("apigateway", "CreateRoute")):
        t += dt.timedelta(seconds=rng.uniform(1, 5))
        ids.append(ctx.trail.event(cred, t, service, name, ip, TERRAFORM.format(api=service), region=EDGE if service == "iam" else HOME, request={"name": "pagali-webhook" if service in ("lambda", "iam", "sqs") else "prod/payments/pagali-api-key"}))
    start, end = when, at(ctx.scored[-1], 24)
    return [
        row("B4", "new payment provider: new secrets, key, queue and webhook function", "benign", start, end, events=ids),
        row("B4", "", "benign", start, end, principal=role(PROD, "ecs-payments-svc-task")),
        row("B4", "", "benign", start, end, principal=role(PROD, "lambda-pagali-webhook")),
    ]


def blue_green(ctx: Ctx) -> list[dict[str, str]]:
    """B5: Aurora PostgreSQL 15 -> 16 through a blue/green deployment, by a platform admin's
    saml2aws session in the Sunday-night window after Black Friday."""
    rng = ctx.plan.sub("b5")
    day = _day(ctx, 3)
    admin = next(p for p in PEOPLE if p.email.startswith("fernanda"))
    home = ctx.plan.ip(admin.home, ctx.plan.sub("b5-admin"))
    when = at(day, 1)
    ids: list[str] = []
    cluster = {"dBClusterIdentifier": "jabuti-orders"}
    plan = [("CreateDBClusterParameterGroup", 1), ("ModifyDBClusterParameterGroup", 1), ("CreateBlueGreenDeployment", 1), ("DescribeBlueGreenDeployments", 14), ("SwitchoverBlueGreenDeployment", 1), ("DescribeBlueGreenDeployments", 6), ("DescribeDBClusters", 3), ("DeleteBlueGreenDeployment", 1)]
    t = when
    for hour in range(3):
        session, signed = sign_in(ctx, rng, admin.email, admin.role, admin.account, when + dt.timedelta(hours=hour), home, "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)", console=False)
        ids += signed
        for name, times in plan[hour * 3 : hour * 3 + 3]:
            for _ in range(times):
                t = max(t, when + dt.timedelta(hours=hour)) + dt.timedelta(seconds=rng.uniform(20, 90))
                ids.append(ctx.trail.event(session, t, "rds", name, home, CLI_LINUX.format(cmd=f"rds.{name.lower()}"), request=cluster))
    end = when + dt.timedelta(hours=3.5)
    return [
        row("B5", "Aurora major-version upgrade through blue/green", "benign", when, end, events=ids),
        row("B5", "", "benign", when, end, principal=role(PROD, admin.role)),
        row("B5", "", "benign", when, end, principal=saml(admin.email)),
    ]


def agency_rotation(ctx: Ctx) -> list[dict[str, str]]:
    """B6: the agency's roster changes (the background); the rows cover the role and people."""
    start, end = at(ctx.first_scored, 0), at(ctx.scored[-1], 24)
    rows = [row("B6", "agency rotates developers: new people, same role, same office", "benign", start, end, principal=role(ACCOUNTS["staging"], "AgencyDeveloper"))]
    rows += [row("B6", "", "benign", start, end, principal=saml(f"{n}@ext.jabuti.com.br")) for n in AGENCY_NEW + AGENCY_GONE]
    return rows


def route53_migration(ctx: Ctx) -> list[dict[str, str]]:
    """B7: the platform pipeline moves the storefront's records to a new hosted zone layout
    (latency records for the São Paulo and Virginia edges), Sunday 03:30."""
    rng = ctx.plan.sub("b7")
    when = at(_day(ctx, 3), 3.5)
    sessions, ip = terraform_run(ctx, rng, when, (PROD,))
    cred, ids, t = sessions[PROD], [], when + dt.timedelta(minutes=2)
    ids.append(ctx.trail.event(cred, t, "route53", "ListHostedZones", ip, TERRAFORM.format(api="route53"), region=EDGE))
    for _ in range(rng.randint(50, 90)):
        t += dt.timedelta(seconds=rng.uniform(1, 6))
        ids.append(ctx.trail.event(cred, t, "route53", "ChangeResourceRecordSets", ip, TERRAFORM.format(api="route53"), region=EDGE, request={"hostedZoneId": "Z0471182QK3MJABUTI", "changeBatch": {"changes": [{"action": "UPSERT"}]}}))
        if rng.random() < 0.5:
            ids.append(ctx.trail.event(cred, t + dt.timedelta(seconds=1), "route53", "GetChange", ip, TERRAFORM.format(api="route53"), region=EDGE))
    end = t + dt.timedelta(minutes=10)
    return [
        row("B7", "Route 53 record migration by the platform pipeline", "benign", when, end, events=ids),
        row("B7", "", "benign", when, end, principal=role(PROD, "terraform-exec")),
        row("B7", "", "benign", when, end, principal=role(SHARED, "gitlab-infra")),
    ]


_PROWLER = (("iam", "GetAccountAuthorizationDetails"), ("iam", "ListUsers"), ("iam", "ListRoles"), ("iam", "GetAccountPasswordPolicy"), ("iam", "GenerateCredentialReport"), ("iam", "GetCredentialReport"), ("s3", "ListBuckets"), ("s3", "GetBucketPolicy"), ("s3", "GetBucketAcl"), ("s3", "GetPublicAccessBlock"), ("ec2", "DescribeInstances"), ("ec2", "DescribeSecurityGroups"), ("ec2", "DescribeSnapshots"), ("ec2", "DescribeVolumes"), ("rds", "DescribeDBInstances"), ("rds", "DescribeDBSnapshots"), ("lambda", "ListFunctions"), ("kms", "ListKeys"), ("secretsmanager", "ListSecrets"), ("guardduty", "ListDetectors"), ("cloudtrail", "DescribeTrails"), ("config", "DescribeConfigurationRecorders"), ("sns", "ListTopics"), ("sqs", "ListQueues"))
_REGIONS = (HOME, EDGE, "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1", "ca-central-1", "sa-east-1")


def pentest_run(ctx: Ctx, day: dt.date, calls: int) -> tuple[list[str], list[str], dt.datetime, dt.datetime]:
    """The consultancy's prowler run with its IAM user from its office: every check in every
    region, a tenth denied by the SecurityAudit policy. (event IDs, addresses, start, end)"""
    rng = ctx.plan.sub(f"pentest-{day}")
    cred = user_cred(ctx, PROD, "ext-pentest-tupi")
    ips = [ctx.plan.ip("pentest", ctx.plan.sub("pentest-ip")), ctx.plan.ip("pentest", ctx.plan.sub("pentest-ip2"))]
    start = at(day, 9.5)
    t, ids = start, [ctx.trail.event(cred, start, "sts", "GetCallerIdentity", ips[0], PROWLER)]
    for _ in range(calls):
        t += dt.timedelta(seconds=rng.uniform(1, 40))
        service, name = rng.choice(_PROWLER)
        region = EDGE if service == "iam" else rng.choice(_REGIONS)
        error = "AccessDenied" if rng.random() < 0.1 else None
        ids.append(ctx.trail.event(cred, t, service, name, rng.choice(ips), PROWLER, region=region, error=error))
    return ids, ips, start, t


def pentest(ctx: Ctx) -> list[dict[str, str]]:
    """B8: the announced test on the first scored day; the same firm ran a shorter retest
    five days earlier (history), from the same office with the same tool."""
    before = ctx.first_scored - dt.timedelta(days=5)
    if before in ctx.days:
        pentest_run(ctx, before, 120)
    ids, ips, start, end = pentest_run(ctx, ctx.first_scored, 500)
    user = f"arn:aws:iam::{PROD}:user/ext-pentest-tupi"
    return [row("B8", "announced pentest (Tupi Security, prowler) from the consultancy's office", "benign", start, end + dt.timedelta(minutes=5), principal=user)]


def new_account(ctx: Ctx) -> list[dict[str, str]]:
    """B9: Account Factory vends the pix account on the first scored day: Control Tower's
    execution role and StackSets baseline it, then its workloads start (the background)."""
    rng = ctx.plan.sub("b9")
    day = ctx.first_scored
    when = at(day, 0.2)
    admin = next(p for p in PEOPLE if p.email.startswith("renata"))
    home = ctx.plan.ip(admin.home, ctx.plan.sub("b9-admin"))
    session, ids = sign_in(ctx, rng, admin.email, admin.role, MGMT, when - dt.timedelta(minutes=5), home, admin.browser, console=True)
    ids.append(ctx.trail.event(session, when, "servicecatalog", "ProvisionProduct", home, admin.browser, request={"productName": "AWS Control Tower Account Factory", "provisionedProductName": "jabuti-pix"}))
    org = {"type": "AssumedRole", "principalId": "AROACONTROLTOWERADMIN:AWSControlTowerAdmin", "arn": f"arn:aws:sts::{MGMT}:assumed-role/AWSControlTowerAdmin/controltower", "accountId": MGMT, "invokedBy": "controltower.amazonaws.com"}
    ids.append(ctx.trail.event(org, when + dt.timedelta(minutes=1), "organizations", "CreateAccount", "controltower.amazonaws.com", "controltower.amazonaws.com", region=EDGE, account=MGMT, request={"accountName": "jabuti-pix", "email": "aws-pix@jabuti.com.br"}))
    exec_cred, eid = ctx.trail.mint(PIX, "AWSControlTowerExecution", "AWSControlTowerExecution", when + dt.timedelta(minutes=9), by=org, ip="controltower.amazonaws.com", agent="controltower.amazonaws.com", invoked_by="controltower.amazonaws.com")
    ids.append(eid)
    stack, eid = ctx.trail.mint(PIX, f"stacksets-exec-{hexid(rng, 32)}", "stacksets-exec", when + dt.timedelta(minutes=12), by=service_identity("cloudformation.amazonaws.com"), ip="cloudformation.amazonaws.com", agent="cloudformation.amazonaws.com", invoked_by="cloudformation.amazonaws.com")
    ids.append(eid)
    t = when + dt.timedelta(minutes=13)
    for cred, service, name in ((exec_cred, "iam", "CreateRole"), (exec_cred, "iam", "AttachRolePolicy"), (stack, "config", "PutConfigurationRecorder"), (stack, "config", "PutDeliveryChannel"), (stack, "config", "StartConfigurationRecorder"), (stack, "iam", "CreateRole"), (stack, "sns", "CreateTopic"), (stack, "logs", "CreateLogGroup"), (stack, "lambda", "CreateFunction"), (exec_cred, "ec2", "DeleteVpc")):
        t += dt.timedelta(seconds=rng.uniform(5, 60))
        ids.append(ctx.trail.event(cred, t, service, name, "cloudformation.amazonaws.com", "cloudformation.amazonaws.com", region=EDGE if service == "iam" else HOME))
    start, end = when - dt.timedelta(minutes=10), at(ctx.scored[-1], 24)
    rows = [row("B9", "a new account (pix) vended by Account Factory, and its first workloads", "benign", start, end, events=ids)]
    principals = ("ecs-pix-gateway-task", "lambda-pix-callback", "deployer", "terraform-exec", "AWSServiceRoleForConfig", "AWSControlTowerExecution", stack.name)
    rows += [row("B9", "", "benign", start, end, principal=role(PIX, p)) for p in principals]
    return rows
