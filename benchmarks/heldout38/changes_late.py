"""The benign changes of the later slots (B10-B12) and the truth rows of the changes that live
in the daily background (B1, B3, B6-B9, B12)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout38 import org as o
from benchmarks.heldout38.changes import LAMBDA_ROLES, role, sso_arn
from benchmarks.heldout38.org import DATA, HOME, MGMT, PROD
from benchmarks.heldout38.pharmacy import World
from benchmarks.heldout38.plan import at, jitter


def b10_rotation(w: World) -> None:
    """B10: the EDI server's key rotated by an engineer: a second key made, the server switched
    at 17:00, the old key deactivated."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(3)
    p = w.net["platform"][3]
    ip = p.ips[1]
    t0 = t = at(day, 16.6 + rng.uniform(0, 0.2))
    s = tr.saml(PROD, p.permission, p.user, t, ip, p.agent)
    new, old = tr.org.uid("edi-key-2", "AKIA"), tr.org.uid("edi-key-1", "AKIA")
    for name, params, response in (
        ("ListAccessKeys", {"userName": "edi-gateway"}, None),
        (
            "CreateAccessKey",
            {"userName": "edi-gateway"},
            {
                "accessKey": {
                    "userName": "edi-gateway",
                    "accessKeyId": new,
                    "status": "Active",
                    "createDate": "Dec 3, 2026, 4:40:00 PM",
                }
            },
        ),
    ):
        t = jitter(rng, t, 20, 90)
        tr.call(
            t,
            s,
            PROD,
            "us-east-1",
            "iam",
            name,
            ip,
            p.agent,
            params=params,
            response=response,
            console=True,
        )
    t = at(day, 17.6 + rng.uniform(0, 0.2))
    tr.call(
        t,
        s,
        PROD,
        "us-east-1",
        "iam",
        "GetAccessKeyLastUsed",
        ip,
        p.agent,
        params={"accessKeyId": new},
        console=True,
    )
    tr.call(
        jitter(rng, t, 20, 60),
        s,
        PROD,
        "us-east-1",
        "iam",
        "UpdateAccessKey",
        ip,
        p.agent,
        params={"userName": "edi-gateway", "accessKeyId": old, "status": "Inactive"},
        console=True,
    )
    w.row(
        "B10",
        "the EDI key rotated: the engineer's IAM calls",
        t0,
        jitter(rng, t, 70, 70),
        arn=s.arn,
        severity="low",
    )
    w.row(
        "B10",
        "the EDI key rotated: the server on its new key",
        at(day, 16.5),
        at(w.plan.scored[-1], 24),
        arn=f"arn:aws:iam::{PROD}:user/edi-gateway",
        severity="low",
    )


def b11_backfill(w: World) -> None:
    """B11: a data engineer's evening backfill after a schema change: dozens of UNLOADs and
    COPYs through the Data API, polled until done."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(4)
    p = w.net["analysts"][0]
    t0 = t = at(day, 25.0 + rng.uniform(0, 0.5)) - dt.timedelta(days=1)  # 17:00 in Vancouver
    s = tr.sso_cli(DATA, p.permission, p.user, t)
    agent = o.CLI_MAC.format(cmd="redshift-data.execute-statement")
    for _ in range(rng.randrange(35, 50)):
        t = jitter(rng, t, 20, 120)
        sid = tr.uuid()
        tr.call(
            t,
            s,
            DATA,
            HOME,
            "redshift-data",
            "ExecuteStatement",
            p.ips[0],
            agent,
            params={"workgroupName": "analytics", "database": "rx"},
            response={"id": sid},
        )
        for k in range(rng.randrange(2, 5)):
            tr.call(
                jitter(rng, t, 5 + 8 * k, 9 + 8 * k),
                s,
                DATA,
                HOME,
                "redshift-data",
                "DescribeStatement",
                p.ips[0],
                agent.replace("execute-statement", "describe-statement"),
                params={"id": sid},
            )
    w.row(
        "B11",
        "a data engineer's evening backfill through the Redshift Data API",
        t0,
        t,
        arn=s.arn,
        severity="low",
    )


def rows(w: World) -> None:
    """The truth rows of the changes that live in the daily background."""
    first, end = at(w.plan.scored[0], 0), at(w.plan.scored[-1], 24)
    for r in (*LAMBDA_ROLES, "fax-gateway-ec2", "courier-dispatch-partner"):
        w.row(
            "B1",
            "flu season: orders tripling over the week",
            first,
            end,
            arn=role(PROD, r),
            severity="low",
        )
    w.row(
        "B1",
        "flu season: the courier's role, busier",
        first,
        end,
        ips=[w.net["courier"]],
        severity="low",
    )
    t3 = at(w.plan.slot(1), 0)
    for p in w.net["new_pharmacists"]:
        w.row(
            "B3",
            "a wave of new pharmacists onboarded",
            t3,
            end,
            arn=sso_arn(w, PROD, p.permission, p.user),
            severity="low",
        )
    t6 = at(w.plan.slot(3), 0)
    for p in w.net["pharmacists"] + w.net["new_pharmacists"]:
        w.row(
            "B6",
            "the WorkSpaces image rebuilt (Windows Server 2022, .NET 8, new SDK)",
            t6,
            end,
            arn=sso_arn(w, PROD, p.permission, p.user),
            severity="low",
        )
    for p in w.net["platform"][:2]:
        for account in (PROD, MGMT):
            w.row(
                "B7",
                "two engineers at re:Invent in Las Vegas",
                first,
                end,
                arn=sso_arn(w, account, p.permission, p.user),
                ips=w.net["lvegas"],
                severity="low",
            )
    t8 = at(w.plan.slot(4), 0)
    w.row(
        "B8",
        "Datadog's integration adds us-west-2 collectors and RDS/SQS",
        t8,
        end,
        arn=role(PROD, "DatadogIntegrationRole"),
        severity="low",
    )
    w.row(
        "B8",
        "Datadog's new collectors assuming the role",
        t8,
        end,
        ips=w.net["datadog_new"],
        severity="low",
    )
    w.row(
        "B9",
        "the insurer moves its adjudication to ca-central-1 and SDK v2",
        t8,
        end,
        arn=role(PROD, "insurer-claims-exchange"),
        ips=w.net["insurer_new"],
        severity="low",
    )
    w.row(
        "B9",
        "the insurer's new addresses assuming the role",
        t8,
        end,
        ips=w.net["insurer_new"],
        severity="low",
    )
    t12 = at(w.plan.slot(1), 15)
    w.row(
        "B12",
        "the fax gateway instance replaced (new instance, new address)",
        t12,
        end,
        arn=role(PROD, "fax-gateway-ec2"),
        ips=[w.net["fax_eip_new"]],
        severity="low",
    )


def b12_replace(w: World) -> None:
    """B12: the engineer's side of the fax gateway's replacement: a new instance from the
    launch template, the Elastic IP allocated and associated, the old one stopped."""
    tr, rng, day = w.tr, w.rng, w.plan.slot(1)
    p = w.net["platform"][2]
    ip = p.ips[1]
    t0 = t = at(day, 14.5)
    s = tr.saml(PROD, p.permission, p.user, t, ip, p.agent)
    for name in (
        "RunInstances",
        "AllocateAddress",
        "AssociateAddress",
        "DescribeInstances",
        "StopInstances",
    ):
        t = jitter(rng, t, 60, 500) if name != "StopInstances" else at(day, 15.2)
        tr.call(t, s, PROD, HOME, "ec2", name, ip, "console.ec2.amazonaws.com", console=True)
    w.row(
        "B12",
        "the fax gateway instance replaced: the engineer's EC2 calls",
        t0,
        jitter(rng, t, 60, 60),
        arn=s.arn,
        severity="low",
    )
