"""Two benign changes made by people: the data-lake team re-registering Lake Formation locations
and granting permissions, and the compliance team's annual access review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout13._net import NETS
from benchmarks.heldout13._people import session, signin, sso_principal
from benchmarks.heldout13._staff import BY_USER
from benchmarks.heldout13._trail import (
    key,
    role_arn,
)
from benchmarks.heldout13._world import (
    ACCOUNTS,
    LAB_ADEYEMI,
    LAKE,
    SHARED,
    UA,
    World,
    at,
    lake_bucket,
    row,
    s3_params,
)


def lake_changes(w: World) -> None:
    p = BY_USER["priya.raman"]
    day = w.s(3)
    t = at(day, 15.0)
    ip = (
        NETS[p.campus].host(10 + day.toordinal() % 3)
        if day.weekday() in p.campus_days
        else NETS[p.home[0]].host(p.home[1] + (day.toordinal() // 14) % 2)
    )
    rng = w.rng("lf")
    ident = session(LAKE, "DataLakeAdmin", p.user, key(rng), t)
    w.trail.emit(
        SHARED,
        "us-east-1",
        t - dt.timedelta(minutes=1),
        "sso.amazonaws.com",
        "GetRoleCredentials",
        {
            "type": "Unknown",
            "principalId": f"{SHARED}:{p.user}",
            "accountId": SHARED,
            "userName": p.user,
        },
        ip,
        UA[p.cli],
        params={"accountId": LAKE, "roleName": "DataLakeAdmin"},
    )
    calls: list[tuple[str, dict[str, Any] | None]] = [
        ("DeregisterResource", {"resourceArn": "arn:aws:s3:::ashgrove-genomics-lake-use1/curated"}),
        (
            "RegisterResource",
            {
                "resourceArn": "arn:aws:s3:::ashgrove-genomics-lake-use1/curated",
                "useServiceLinkedRole": True,
            },
        ),
        ("PutDataLakeSettings", {"dataLakeSettings": {"dataLakeAdmins": ["DataLakeAdmin"]}}),
        ("CreateLFTag", {"tagKey": "consent", "tagValues": ["research", "restricted"]}),
    ]
    calls += [
        (
            "GrantPermissions",
            {
                "principal": {"dataLakePrincipalIdentifier": role_arn(LAKE, r)},
                "permissions": ["SELECT"],
            },
        )
        for r in ("batch-genomics-job", "VisitingCollaborator", "OmicsWorkflowRole")
    ]
    calls += [
        ("BatchGrantPermissions", {"entries": 6}),
        ("ListPermissions", None),
        ("GetDataLakeSettings", None),
    ]
    for i, (name, params) in enumerate(calls):
        w.trail.emit(
            LAKE,
            "us-east-1",
            t + dt.timedelta(minutes=1.5 * i),
            "lakeformation.amazonaws.com",
            name,
            ident,
            ip,
            UA[p.cli],
            params=params,
        )
    row(
        w,
        "B6",
        "Lake Formation locations re-registered and grants",
        t - dt.timedelta(minutes=5),
        t + dt.timedelta(minutes=40),
        principal=sso_principal(LAKE, "DataLakeAdmin", p.user),
    )


def review(w: World) -> None:
    p = BY_USER["nadia.haddad"]
    rng = w.rng("review")
    ip = NETS[p.campus].host(13)
    for d in (w.s(1), w.s(2)):
        t = at(d, 14 + rng.uniform(0, 1))
        signin(w, p.user, t - dt.timedelta(minutes=2), ip, UA[p.browser])
        for n, account in enumerate(a for a in ACCOUNTS if a != LAB_ADEYEMI):
            w.trail.emit(
                SHARED,
                "us-east-1",
                t,
                "sso.amazonaws.com",
                "GetRoleCredentials",
                {
                    "type": "Unknown",
                    "principalId": f"{SHARED}:{p.user}",
                    "accountId": SHARED,
                    "userName": p.user,
                },
                ip,
                UA[p.cli],
                params={"accountId": account, "roleName": "ComplianceAudit"},
            )
            ident = session(account, "ComplianceAudit", p.user, key(rng), t)
            tc = t + dt.timedelta(minutes=20 * n)
            calls = [
                "GenerateCredentialReport",
                "GetCredentialReport",
                "GetAccountAuthorizationDetails",
                "ListUsers",
                "ListRoles",
                "ListBuckets",
            ]
            for i, name in enumerate(calls):
                source = "s3.amazonaws.com" if name == "ListBuckets" else "iam.amazonaws.com"
                w.trail.emit(
                    account,
                    "us-east-1",
                    tc + dt.timedelta(seconds=20 * i),
                    source,
                    name,
                    ident,
                    ip,
                    UA[p.cli],
                )
            for i, bucket in enumerate(
                [
                    "ashgrove-logs",
                    lake_bucket("us-east-1"),
                    "ashgrove-athena-results",
                    "ashgrove-sequencing-landing",
                ][: 2 + n % 3]
            ):
                for j, name in enumerate(
                    ["GetBucketAcl", "GetBucketPolicy", "GetBucketPublicAccessBlock"]
                ):
                    w.trail.emit(
                        account,
                        "us-east-1",
                        tc + dt.timedelta(seconds=200 + 30 * i + 5 * j),
                        "s3.amazonaws.com",
                        name,
                        ident,
                        ip,
                        UA[p.cli],
                        params=s3_params(bucket),
                    )
            row(
                w,
                "B7",
                "annual access review",
                at(d, 13),
                at(d, 18),
                principal=sso_principal(account, "ComplianceAudit", p.user),
            )
