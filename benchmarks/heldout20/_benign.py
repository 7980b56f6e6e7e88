"""The benign changes of the scored days (each expected at most low), applied to the actors
before the trail is generated; each returns its truth rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout20._actors import Fleet, User
from benchmarks.heldout20._org import ACCOUNTS, CLI_WIN, EDGE, Org
from benchmarks.heldout20._trail import Ids, Who

Row = dict[str, Any]
CHROME_131 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


def row(i: str, name: str, dates: list[dt.date], first: int, last: int, **what: Any) -> Row:
    return {
        "id": i,
        "name": name,
        "label": "benign",
        "start": f"{dates[first]}T00:00:00Z",
        "end": f"{dates[min(last, len(dates) - 1)]}T23:59:59Z",
        "expected_max_severity": "low",
        **what,
    }


def apply(org: Org, dates: list[dt.date], s: int, ids: Ids) -> list[Row]:
    """Every benign change, ``s`` being the first scored day's index."""
    a, n = org.actors, org.nets
    rows: list[Row] = []

    def arn(actor: str) -> str:
        return a[actor].who.arn

    # B1: a new matter's litigation hold: millions of objects put on legal hold and retention
    a["ediscovery-worker"].change(
        s + 3,
        s + 3,
        volume=10.0,
        more_apis=[
            ("s3", "PutObjectLegalHold", 60.0),
            ("s3", "PutObjectRetention", 40.0),
            ("s3", "GetObjectRetention", 10.0),
        ],
    )
    rows.append(
        row(
            "B1",
            "litigation hold on a new matter, volume x10",
            dates,
            s + 3,
            s + 3,
            principal_arn=arn("ediscovery-worker"),
        )
    )
    # B2: practice support creates an SFTP user for a new client matter from the usual console
    a["fiona.grant"].change(
        s,
        s,
        more_apis=[
            ("transfer", "CreateUser", 1.5),
            ("transfer", "ImportSshPublicKey", 1.5),
        ],
    )
    a["transfer-uploads"].change(
        s + 1, users=[*a["transfer-uploads"].users, "vantage-llp-matter-2291"]
    )  # type: ignore[attr-defined]
    rows.append(
        row(
            "B2",
            "new Transfer Family user for a client matter",
            dates,
            s,
            s + 4,
            principal_arn=arn("fiona.grant"),
        )
    )
    rows.append(row("B2", "", dates, s + 1, s + 4, principal_arn=arn("transfer-uploads")))
    # B3: a partner at a trial in Singapore for the week: console with the usual browser
    a["eleanor.hart"].change(s, s + 4, nets=[n["singnet"][0]], weekdays_only=False, hours=(1, 11))
    a["eleanor.hart"].change(s + 1, s + 2, nets=[n["starhub"][0]])
    rows.append(
        row(
            "B3",
            "partner at a trial in Singapore",
            dates,
            s,
            s + 4,
            principal_arn=arn("eleanor.hart"),
            source_ip=" ".join(x.addr(30) for x in (n["singnet"][0], n["starhub"][0])),
        )
    )
    # B4: the annual password-policy change and bulk resets after a phishing drill
    a["oliver.kent"].change(
        s + 1,
        s + 1,
        more_apis=[
            ("ds", "ResetUserPassword", 30.0),
            ("ds", "UpdateSettings", 1.0),
            ("ds", "DescribeSettings", 2.0),
        ],
        volume=2.0,
    )
    rows.append(
        row(
            "B4",
            "Directory Service password policy and bulk resets",
            dates,
            s + 1,
            s + 1,
            principal_arn=arn("oliver.kent"),
            source_ip=a["oliver.kent"].nets[0].addr(30),
        )
    )
    # B5: the MDR vendor announces and moves to a new egress range
    a["mdr-vendor"].change(s + 1, nets=n["mdr_new"])
    rows.append(
        row(
            "B5",
            "MDR vendor's new egress range",
            dates,
            s + 1,
            s + 4,
            principal_arn=arn("mdr-vendor"),
        )
    )
    # B6: WorkSpaces moved to a new bundle and directory: every fee earner's client and address
    new_nat = {"eu-west-2": n["aws_lon"][9], "us-east-1": n["aws_nyc"][9]}
    for name in org.fee_earners:
        p = a[name]
        p.change(s + 2, nets=[new_nat[p.region]], ua=CHROME_131)
    a["oliver.kent"].change(
        s + 2,
        s + 2,
        more_apis=[
            ("workspaces", "MigrateWorkspace", 8.0),
            ("workspaces", "RegisterWorkspaceDirectory", 1.0),
            ("ds", "CreateAlias", 0.5),
        ],
    )
    for role in sorted({a[x].who.arn for x in org.fee_earners}):
        rows.append(
            row(
                "B6",
                "WorkSpaces migration to a new bundle and directory",
                dates,
                s + 2,
                s + 4,
                principal_arn=role,
                source_ip=" ".join(x.addr(30) for x in new_nat.values()),
            )
        )
    rows.append(
        row(
            "B6",
            "",
            dates,
            s + 2,
            s + 2,
            principal_arn=arn("oliver.kent"),
            source_ip=a["oliver.kent"].nets[0].addr(30),
        )
    )
    # B7: month-end billing: Athena and QuickSight x8
    for name in ("raj.mehta", "matter-billing-export"):
        a[name].change(s + 3, s + 4, volume=8.0)
        rows.append(
            row("B7", "month-end billing run", dates, s + 3, s + 4, principal_arn=arn(name))
        )
    # B8: a new litigation-support contractor's first week (created by IT the same morning)
    a["oliver.kent"].change(
        s,
        s,
        more_apis=[
            ("iam", "CreateUser", 1.0),
            ("iam", "CreateLoginProfile", 1.0),
            ("iam", "AddUserToGroup", 1.0),
        ],
    )
    new = org.add(
        User(
            "ext.lsc.tadeyemi",
            Who(
                "user",
                ACCOUNTS["ediscovery"],
                "ext.lsc.tadeyemi",
                principal_id="AIDA" + ids.token(17),
            ),
            list(a["ext.lsc.jwalsh"].apis),
            rate=25,
            hours=(9, 17),
            weekdays_only=False,
            ua=CLI_WIN,
            nets=[n["virgin"][0]],
            key=ids.key(long_lived=True),
            console=EDGE,
        )
    )
    new.change(0, s - 1, off=True)
    new.change(s, s, more_apis=[("iam", "EnableMFADevice", 1.0), ("iam", "ChangePassword", 1.0)])
    rows.append(
        row("B8", "a new contractor's first week", dates, s, s + 4, principal_arn=new.who.arn)
    )
    rows.append(
        row(
            "B8",
            "",
            dates,
            s,
            s,
            principal_arn=arn("oliver.kent"),
            source_ip=a["oliver.kent"].nets[0].addr(30),
        )
    )
    # B9: the merged firm's account joins the organization; its admins and indexer start work
    rows += _merger(org, dates, s, ids)
    # B10: SDK upgrade across the e-discovery fleet
    a["ediscovery-worker"].change(
        s + 1, ua="Boto3/1.35.71 md/Botocore#1.35.71 ua/2.0 os/linux#6.1 lang/python#3.12.8"
    )
    rows.append(
        row(
            "B10",
            "SDK upgrade on the e-discovery fleet",
            dates,
            s + 1,
            s + 4,
            principal_arn=arn("ediscovery-worker"),
        )
    )
    return rows


def _merger(org: Org, dates: list[dt.date], s: int, ids: Ids) -> list[Row]:
    n, join = org.nets, org.joins
    acct = ACCOUNTS["merged"]
    made: list[Any] = []
    admin: Callable[[str], User] = lambda user: User(  # noqa: E731
        user,
        Who("user", acct, user, principal_id="AIDA" + ids.token(17)),
        [
            ("organizations", "DescribeOrganization", 1),
            ("iam", "ListUsers", 1),
            ("s3", "ListBuckets", 1),
            ("ec2", "DescribeInstances", 2),
            ("cloudtrail", "DescribeTrails", 0.5),
            ("iam", "ListRoles", 1),
        ],
        rate=30,
        hours=(7, 17),
        ua=CLI_WIN,
        nets=[n["dtag"][0]],
        key=ids.key(long_lived=True),
        console=EDGE,
    )
    for user in ("it.kessler", "it.brandt"):
        made.append(org.add(admin(user)))
    made[0].change(
        join,
        join,
        more_apis=[
            ("organizations", "AcceptHandshake", 1.0),
            ("organizations", "ListHandshakesForAccount", 1.0),
        ],
    )
    made.append(
        org.add(
            Fleet(
                "merged-dms-indexer",
                org.role("merged", "dms-indexer", ids),
                [
                    ("s3", "GetObject", 6),
                    ("s3", "PutObject", 3),
                    ("kms", "Decrypt", 2),
                    ("sqs", "ReceiveMessage", 3),
                ],
                rate=300,
                region="eu-central-1",
                nets=n["aws_fra"][:2],
                instances=["i-07f3c2a9e1d04b8a5", "i-0c2b8e61f7a39d402"],
            )
        )
    )
    rows = []
    for actor in made:
        actor.change(0, join - 1, off=True)
        rows.append(
            row(
                "B9",
                "the merged firm's account joins",
                dates,
                join,
                len(dates) - 1,
                principal_arn=actor.who.arn,
            )
        )
    return rows
