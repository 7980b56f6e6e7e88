"""Deploys of the booking function from GitHub Actions through OIDC."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._world import World

GITHUB_PROVIDER = "token.actions.githubusercontent.com"


def github_deploys(
    w: World,
    day: dt.date,
    repo: str = "fjordlaks/booking-api",
    deploys: int | None = None,
    first: tuple[str, ...] = (),
) -> None:
    """Deploys of the booking function from GitHub Actions through OIDC (runners on Azure)."""
    if day.weekday() >= 5 and deploys is None:
        return
    for when in w.times(
        day, deploys if deploys is not None else w.rng.choice([0, 1, 1, 2, 3]), 8, 16
    ):
        address = w.fresh("azure_github")
        subject = f"repo:{repo}:ref:refs/heads/main"
        provider = f"arn:aws:iam::{org.PROD}:oidc-provider/{GITHUB_PROVIDER}"
        web = {"federatedProvider": provider, "attributes": {}}
        s = w.session(
            when,
            org.PROD,
            "github-deploy-booking",
            f"GitHubActions-{w.rng.randint(10**9, 10**10)}",
            web_identity=web,
            new=True,
        )
        w.trail.event(
            when,
            org.PROD,
            org.HOME,
            {
                "type": "WebIdentityUser",
                "principalId": f"{provider}:sts.amazonaws.com:{subject}",
                "userName": subject,
                "identityProvider": provider,
            },
            "sts.amazonaws.com",
            "AssumeRoleWithWebIdentity",
            address,
            org.UA_GITHUB,
            request={
                "roleArn": f"arn:aws:iam::{org.PROD}:role/github-deploy-booking",
                "roleSessionName": s.identity["arn"].rsplit("/", 1)[1],
            },
            response={
                "credentials": {"accessKeyId": s.key},
                "subjectFromWebIdentityToken": subject,
                "provider": provider,
                "audience": "sts.amazonaws.com",
            },
        )
        names = [
            *first,
            "GetFunction20150331v2",
            "UpdateFunctionCode20150331v2",
            "GetFunctionConfiguration20150331v2",
            "PublishVersion20150331",
            "UpdateAlias20150331",
        ]
        first = ()
        for i, name in enumerate(names):
            w.trail.event(
                when + dt.timedelta(seconds=20 + 9 * i),
                org.PROD,
                org.HOME,
                s.identity,
                "lambda.amazonaws.com",
                name,
                address,
                org.UA_GITHUB_CLI.format(cmd=f"lambda.{name[:-8].lower()}"),
                request={
                    "functionName": "airfreight-booking"
                    if not name.startswith(("Create", "Add"))
                    else "airfreight-booking-jp"
                },
            )
