"""The benign changes of the scored days (B1-B9), written into the trail, and their truth rows
(expected at most low)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout14._context import Ctx
from benchmarks.heldout14._org import (
    AGENCY_GONE,
    AGENCY_NEW,
    CLI_MAC,
    FUNCTIONS,
    PEOPLE,
    SERVICES,
    TERRAFORM,
    Function,
)
from benchmarks.heldout14._people import IDP, sign_in, user_cred
from benchmarks.heldout14._pipelines import PROVIDER, deploy, gitlab_login, into, terraform_run
from benchmarks.heldout14._plan import ACCOUNTS, BLACK_FRIDAY, EDGE, HOME, at, hexid

PROD, SHARED, PIX, MGMT = (
    ACCOUNTS["prod"],
    ACCOUNTS["shared"],
    ACCOUNTS["pix"],
    ACCOUNTS["management"],
)
RETIRED_HOUR = 10.25  # the Bitbucket key is deactivated at 10:15 on the last scored day (B3)
PAGALI = Function(
    "pagali-webhook",
    PROD,
    3,
    12,
    FUNCTIONS[0].agent,
    (("secretsmanager", "GetSecretValue", 1), ("sqs", "SendMessage", 3), ("kms", "Decrypt", 1)),
)
PAYMENTS_NEW = (
    *next(s for s in SERVICES if s.name == "payments-svc").apis,
    ("secretsmanager", "DescribeSecret", 0.3),
    ("kms", "Encrypt", 1),
    ("sqs", "GetQueueUrl", 0.3),
)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def row(
    ident: str,
    name: str,
    label: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    ips: Any = (),
    events: Any = (),
    severity: str = "",
) -> dict[str, str]:
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
        for service, name, request in (
            (
                "application-autoscaling",
                "RegisterScalableTarget",
                {"resourceId": f"service/jabuti-prod/{svc}", "minCapacity": 12, "maxCapacity": 60},
            ),
            ("application-autoscaling", "PutScalingPolicy", {"policyName": f"{svc}-bf-cpu"}),
            ("ecs", "UpdateService", {"service": svc, "desiredCount": 12}),
        ):
            t += dt.timedelta(seconds=rng.uniform(1, 4))
            ids.append(
                ctx.trail.event(
                    cred, t, service, name, ip, TERRAFORM.format(api=service), request=request
                )
            )
    for fn in ("order-webhook", "fraud-score", "freight-quote", "image-resizer"):
        for name in (
            "PublishVersion",
            "PutProvisionedConcurrencyConfig",
            "GetProvisionedConcurrencyConfig",
        ):
            t += dt.timedelta(seconds=rng.uniform(1, 4))
            ids.append(
                ctx.trail.event(
                    cred,
                    t,
                    "lambda",
                    name,
                    ip,
                    TERRAFORM.format(api="lambda"),
                    request={
                        "functionName": fn,
                        "qualifier": "live",
                        "provisionedConcurrentExecutions": 50,
                    },
                )
            )
    start, end = at(eve, 13.5), at(ctx.scored[-1], 24)
    rows = [
        row(
            "B1",
            "Black Friday: x10 volume, services scaled, provisioned concurrency",
            "benign",
            start,
            end,
            events=ids,
        )
    ]
    rows.append(
        row(
            "B1",
            "",
            "benign",
            when,
            t + dt.timedelta(minutes=5),
            principal=role(PROD, "terraform-exec"),
        )
    )
    workload_roles = {f"ecs-{s.name}-task" for s in SERVICES if s.account == PROD} | {
        f"lambda-{f.name}" for f in FUNCTIONS if f.account == PROD
    }
    workload_roles |= {
        "order-flow-sfn",
        "AWSServiceRoleForApplicationAutoScaling_ECSService",
        "svc-erp-totvs",
        "svc-crm-ses",
        "partner-seller-onboarding",
    }
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
            rows.append(
                row(
                    "B2",
                    "Black Friday war room, then the catch-up Monday",
                    "benign",
                    start,
                    end,
                    principal=role(person.account, person.role),
                )
            )
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
        ids.append(
            ctx.trail.event(
                infra,
                t,
                "iam",
                name,
                ip,
                TERRAFORM.format(api="iam"),
                region=EDGE,
                request={
                    "roleName": "gitlab-backoffice",
                    "assumeRolePolicyDocument": PROVIDER if name == "CreateRole" else None,
                },
            )
        )
    first = at(day, 9.6)
    run_ip = ctx.plan.ip("gitlab-runners", rng)
    cred, more = gitlab_login(ctx, rng, "backoffice", first, run_ip)
    target, eid = into(
        ctx,
        rng,
        cred,
        PROD,
        "deployer",
        f"gitlab-backoffice-{hexid(rng, 8)}",
        first + dt.timedelta(seconds=10),
        run_ip,
        "aws-cli/2.17.20",
    )
    ids += [
        *more,
        eid,
        *deploy(ctx, rng, target, "backoffice", first + dt.timedelta(seconds=20), run_ip),
    ]
    admin = next(p for p in PEOPLE if p.email.startswith("marcos"))
    off = at(day, RETIRED_HOUR)
    home = ctx.plan.ip(admin.home, ctx.plan.sub("b3-admin"))
    session, signed = sign_in(
        ctx,
        rng,
        admin.email,
        admin.role,
        admin.account,
        off - dt.timedelta(minutes=2),
        home,
        "aws-sdk-go/1.55.5 (go1.22.5; darwin; arm64)",
        console=False,
    )
    user = user_cred(ctx, PROD, "ci-bitbucket-backoffice")
    ids += signed
    for name, extra in (
        ("ListAccessKeys", {}),
        ("UpdateAccessKey", {"status": "Inactive", "accessKeyId": user.access_key}),
    ):
        ids.append(
            ctx.trail.event(
                session,
                off + dt.timedelta(seconds=len(ids)),
                "iam",
                name,
                home,
                CLI_MAC.format(cmd=f"iam.{name.lower()}"),
                region=EDGE,
                request={"userName": "ci-bitbucket-backoffice", **extra},
            )
        )
    start, end = at(day, 9), at(day, 24)
    rows = [
        row(
            "B3",
            "Bitbucket key retired, GitLab OIDC for the back office",
            "benign",
            start,
            end,
            events=ids,
        )
    ]
    rows += [
        row("B3", "", "benign", start, end, principal=p)
        for p in (
            role(SHARED, "gitlab-backoffice"),
            role(SHARED, "gitlab-infra"),
            f"web_identity:{PROVIDER}:https://gitlab.com:project_path:jabuti/backoffice:ref_type:branch:ref:main",
            f"arn:aws:iam::{PROD}:user/ci-bitbucket-backoffice",
        )
    ]
    return rows, off


def payment_provider(ctx: Ctx) -> list[dict[str, str]]:
    """B4: a second payment provider (Pagali) before Black Friday: its secret, key and queue
    created by the pipeline, the payment service reading them, a webhook function."""
    rng = ctx.plan.sub("b4")
    when = at(ctx.first_scored, 9.5)
    sessions, ip = terraform_run(ctx, rng, when, (PROD,))
    cred, ids, t = sessions[PROD], [], when + dt.timedelta(minutes=2)
    for service, name in (
        ("secretsmanager", "CreateSecret"),
        ("secretsmanager", "PutSecretValue"),
        ("kms", "CreateKey"),
        ("kms", "CreateAlias"),
        ("sqs", "CreateQueue"),
        ("iam", "CreateRole"),
        ("lambda", "CreateFunction"),
        ("apigateway", "CreateRoute"),
    ):
        t += dt.timedelta(seconds=rng.uniform(1, 5))
        ids.append(
            ctx.trail.event(
                cred,
                t,
                service,
                name,
                ip,
                TERRAFORM.format(api=service),
                region=EDGE if service == "iam" else HOME,
                request={
                    "name": "pagali-webhook"
                    if service in ("lambda", "iam", "sqs")
                    else "prod/payments/pagali-api-key"
                },
            )
        )
    start, end = when, at(ctx.scored[-1], 24)
    return [
        row(
            "B4",
            "new payment provider: new secrets, key, queue and webhook function",
            "benign",
            start,
            end,
            events=ids,
        ),
        row("B4", "", "benign", start, end, principal=role(PROD, "ecs-payments-svc-task")),
        row("B4", "", "benign", start, end, principal=role(PROD, "lambda-pagali-webhook")),
    ]


def agency_rotation(ctx: Ctx) -> list[dict[str, str]]:
    """B6: the agency's roster changes (the background); the rows cover the role and people."""
    start, end = at(ctx.first_scored, 0), at(ctx.scored[-1], 24)
    rows = [
        row(
            "B6",
            "agency rotates developers: new people, same role, same office",
            "benign",
            start,
            end,
            principal=role(ACCOUNTS["staging"], "AgencyDeveloper"),
        )
    ]
    rows += [
        row("B6", "", "benign", start, end, principal=saml(f"{n}@ext.jabuti.com.br"))
        for n in AGENCY_NEW + AGENCY_GONE
    ]
    return rows
