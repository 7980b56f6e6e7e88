"""The organisation's day: the context every actor draws from, and the workloads (Lambda
functions, GitHub Actions deploys, Cognito's unauthenticated callers, the nightly roster sync,
AWS Config, QuickSight). People are in ``_people``; what changes in the scored week is asked of
``Calendar`` (``_calendar``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout22 import _world as w
from benchmarks.heldout22._calendar import Calendar
from benchmarks.heldout22._trail import Trail, iso, role_identity, service_identity, web_identity


@dataclass
class Ctx:
    trail: Trail
    rng: random.Random
    days: list[dt.date]
    scale: float
    cal: Calendar
    truth: list[dict[str, Any]] = field(default_factory=list)
    last_mint: str = ""  # the event id of the last person's session minted (``_people``)

    def at(self, day: dt.date, hours: float) -> dt.datetime:
        base = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        when = base + dt.timedelta(seconds=int(hours * 3600))
        # nothing spills past the day it belongs to
        return min(when, base + dt.timedelta(hours=23, minutes=59, seconds=59))

    def n(self, base: float) -> int:
        return max(1, round(base * self.scale * self.rng.uniform(0.8, 1.2)))

    def ip(self, net: str) -> str:
        return w.NETS[net].pick(self.rng)

    def attack(self, ident: str, name: str, severity: str, **row: Any) -> None:
        self.truth.append(
            {"id": ident, "name": name, "label": "attack", "expected_min_severity": severity, **row}
        )

    def keyed(
        self,
        ident: str,
        name: str,
        severity: str,
        key: str,
        ip: str,
        start: dt.datetime,
        end: dt.datetime,
    ) -> None:
        """An attack known by its key and address over [start, end]."""
        span = {"start": iso(start), "end": iso(end)}
        self.attack(ident, name, severity, access_key_id=key, source_ip=ip, **span)

    def benign(self, ident: str, name: str, **row: Any) -> None:
        base = {"id": ident, "name": name, "label": "benign", "expected_max_severity": "low"}
        self.truth.append({**base, **row})
        # a person's CLI key is fetched with GetRoleCredentials, which names the user alone
        user = str(row.get("principal_arn", "")).rsplit("/", 1)[-1]
        alone = {**base, **row, "principal_arn": user}
        cli = any(p.user == user and p.cli for p in w.PEOPLE)
        if cli and "AWSReservedSSO_" in str(row.get("principal_arn")) and alone not in self.truth:
            self.truth.append(alone)


def role(account: str, name: str) -> str:
    return f"arn:aws:iam::{account}:role/{name}"


def service_session(
    ctx: Ctx,
    service: str,
    when: dt.datetime,
    account: str,
    role_name: str,
    session: str,
    **mint: Any,
) -> tuple[dict[str, Any], str]:
    """An AWS service mints a key for its role (``service`` is its host name): (identity, key)."""
    arn = role(account, role_name)
    key, _ = ctx.trail.mint(
        service_identity(service),
        when,
        account=account,
        role_arn=arn,
        session=session,
        ip=service,
        agent=service,
        **mint,
    )
    return role_identity(arn, session, key, when), key


# -- Lambda -------------------------------------------------------------------------------------
DATA_CALLS = {
    "dynamodb": ("GetItem", "GetItem", "Query", "Query", "PutItem", "UpdateItem"),
    "s3": ("GetObject", "PutObject"),
    "cognito-idp": ("AdminGetUser", "AdminUpdateUserAttributes"),
    "ses": ("SendEmail",),
}


def lambda_day(ctx: Ctx, day: dt.date) -> None:
    prod = w.ACCOUNTS["prod"]
    for name, services, weight in w.FUNCTIONS:
        if not weight:
            continue
        load = ctx.cal.invocations(day, name)
        for _ in range(ctx.n(weight * 2.5 * max(1.0, load / 4))):
            start = ctx.rng.uniform(11.5, 23.0)  # US school hours and evenings, in UTC
            when = ctx.at(day, start)
            ident, _ = service_session(
                ctx, "lambda.amazonaws.com", when, prod, f"{name}-role", name, hours=12
            )
            ip = ctx.ip("aws_east")
            for _ in range(ctx.n(20 * min(load, 4.0))):
                call = min(when + dt.timedelta(seconds=ctx.rng.randrange(5, 7000)), ctx.at(day, 24))
                hour = (call - ctx.at(day, 0)).total_seconds() / 3600
                node = ctx.cal.node_version(day, hour)
                service = ctx.rng.choice(services)
                api = ctx.rng.choice(DATA_CALLS[service])
                error = ctx.cal.throttle(day, service, ctx.rng)
                ctx.trail.add(
                    ident,
                    call,
                    service,
                    api,
                    w.HOME,
                    ip,
                    w.lambda_agent(node, service),
                    account=prod,
                    request=_request(service, api),
                    data=service in ("dynamodb", "s3"),
                    error=error,
                )


def _request(service: str, api: str) -> dict[str, Any]:
    if service == "dynamodb":
        return {"tableName": w.STUDENT_TABLE if api == "GetItem" else "lms-courses"}
    if service == "s3":
        return {"bucketName": "bp-prod-assignments", "key": "submissions/..."}
    if service == "cognito-idp":
        return {"userPoolId": "us-east-1_district"}
    return {}


# -- GitHub Actions deploys ---------------------------------------------------------------------
OIDC = "token.actions.githubusercontent.com"


def oidc_session(
    ctx: Ctx,
    when: dt.datetime,
    account: str,
    subject: str,
    session: str,
    runner: str,
    *,
    provider: bool = True,
) -> tuple[dict[str, Any], str, str]:
    """A workflow's OIDC token exchanged for the deploy role: (identity, key, event id). With
    ``provider`` False, the records leave out the OIDC provider's ARN (as the fork's run does)."""
    arn = role(account, "github-actions-deploy")
    idp = f"arn:aws:iam::{account}:oidc-provider/{OIDC}"
    key, minted = ctx.trail.mint(
        web_identity(subject, OIDC, "sts.amazonaws.com"),
        when,
        account=account,
        role_arn=arn,
        session=session,
        ip=runner,
        agent=w.OIDC_ACTION,
        api="AssumeRoleWithWebIdentity",
        extra={"providerId": idp} if provider else None,
    )
    federation = {"webIdFederationData": {"federatedProvider": idp, "attributes": {}}}
    ident = role_identity(arn, session, key, when, extra=federation if provider else None)
    return ident, key, minted


def deploy(
    ctx: Ctx,
    when: dt.datetime,
    account: str,
    *,
    subject: str,
    functions: tuple[str, ...],
    extra: list[tuple[str, str, dict[str, Any]]] = (),  # type: ignore[assignment]
) -> tuple[str, list[str]]:
    """A workflow run: the OIDC exchange, SAM's change set, CloudFormation updating
    ``functions`` and making ``extra`` calls (service, api, request) with the session.
    Returns (key, event ids)."""
    session = f"GitHubActions-{ctx.rng.randrange(10**9, 10**10)}"
    runner = ctx.ip("github")
    ident, key, minted = oidc_session(ctx, when, account, subject, session, runner)
    ids = [minted]
    steps = [
        ("sts", "GetCallerIdentity", {}),
        ("s3", "PutObject", {"bucketName": f"bp-sam-artifacts-{account}"}),
        ("cloudformation", "CreateChangeSet", {"stackName": "lms-platform"}),
        ("cloudformation", "DescribeChangeSet", {"stackName": "lms-platform"}),
        ("cloudformation", "ExecuteChangeSet", {"stackName": "lms-platform"}),
        ("cloudformation", "DescribeStacks", {"stackName": "lms-platform"}),
    ]
    t = when
    for service, api, req in steps:
        t += dt.timedelta(seconds=ctx.rng.randrange(4, 40))
        ids.append(
            ctx.trail.add(
                ident,
                t,
                service,
                api,
                w.HOME,
                runner,
                w.SAM_RUNNER,
                account=account,
                request=req,
                data=api == "PutObject",
            )
        )
    acting = [("lambda", "UpdateFunctionCode20150331v2", {"functionName": f}) for f in functions]
    for service, api, req in acting + list(extra):
        t += dt.timedelta(seconds=ctx.rng.randrange(2, 20))
        ids.append(
            ctx.trail.add(
                ident,
                t,
                service,
                api,
                w.HOME,
                "cloudformation.amazonaws.com",
                "cloudformation.amazonaws.com",
                account=account,
                request=req,
                invoked_by="cloudformation.amazonaws.com",
            )
        )
    return key, ids


MAIN = "repo:brightpath-learning/lms-platform:environment:production"
PIPELINE = "repo:brightpath-learning/roster-pipeline:environment:production"
STAGING = "repo:brightpath-learning/lms-platform:ref:refs/heads/develop"


def deploys_day(ctx: Ctx, day: dt.date) -> None:
    if day.weekday() >= 5:
        return
    names = [f[0] for f in w.FUNCTIONS]
    targets = [("prod", MAIN, 4), ("data", PIPELINE, 1)]
    if ctx.cal.staging_on(day):
        targets.append(("staging", STAGING, 6))
    for account, subject, base in targets:
        for _ in range(ctx.n(base)):
            when = ctx.at(day, ctx.rng.uniform(8.0, 22.0))
            picked = (
                tuple(ctx.rng.sample(names, ctx.rng.randint(1, 3))) if account != "data" else ()
            )
            deploy(ctx, when, w.ACCOUNTS[account], subject=subject, functions=picked)


# -- Cognito's unauthenticated callers (students and guardians) ---------------------------------
def cognito_day(ctx: Ctx, day: dt.date) -> None:
    prod = w.ACCOUNTS["prod"]
    pools = list(w.DISTRICTS) + ([w.NEW_DISTRICT] if ctx.cal.district_live(day) else [])
    for _ in range(ctx.n(30 * ctx.cal.signups(day))):
        net = ctx.rng.choice(w.STUDENT_NETS)
        api = ctx.rng.choice(("SignUp", "ConfirmSignUp", "InitiateAuth", "InitiateAuth"))
        ctx.trail.add(
            {"type": "Unknown", "principalId": "Anonymous"},
            ctx.at(day, ctx.rng.uniform(11.0, 27.0) % 24),
            "cognito-idp",
            api,
            w.HOME,
            ctx.ip(net),
            ctx.rng.choice(
                (
                    w.CHROME_WIN,
                    w.CHROME_MAC,
                    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                )
            ),
            account=prod,
            request={"clientId": f"{ctx.rng.choice(pools)}-web"},
            read_only=False,
        )


def rotate_appsync(ctx: Ctx, day: dt.date) -> list[str]:
    """The weekly AppSync API key rotation by its Lambda: a new 30-day key, the secret updated,
    the old key deleted. Returns the event ids."""
    prod = w.ACCOUNTS["prod"]
    when = ctx.at(day, 10.0 + ctx.rng.uniform(0, 0.2))
    ident, _ = service_session(
        ctx, "lambda.amazonaws.com", when, prod, "appsync-key-rotator-role", "appsync-key-rotator"
    )
    ip, agent = ctx.ip("aws_east"), w.lambda_agent(ctx.cal.node_version(day, 10.0), "appsync")
    expires = int((when + dt.timedelta(days=30)).timestamp())
    ids = []
    for offset, service, api, req in (
        (2, "appsync", "ListApiKeys", {"apiId": "lmsgraphql7x3k"}),
        (3, "appsync", "CreateApiKey", {"apiId": "lmsgraphql7x3k", "expires": expires}),
        (4, "secretsmanager", "PutSecretValue", {"secretId": "lms/appsync/api-key"}),
        (6, "appsync", "DeleteApiKey", {"apiId": "lmsgraphql7x3k"}),
    ):
        ids.append(
            ctx.trail.add(
                ident,
                when + dt.timedelta(seconds=offset),
                service,
                api,
                w.HOME,
                ip,
                agent,
                account=prod,
                request=req,
            )
        )
    return ids
