"""The ten benign changes (scored days), each a thing real accounts do that looks new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout4._benign_ops import finops, person, restore_test, rotate
from benchmarks.heldout4._machines import Machines
from benchmarks.heldout4._org import ACCOUNTS, BROWSERS, at
from benchmarks.heldout4._people import Humans
from benchmarks.heldout4._trail import Trail
from benchmarks.heldout4._workloads import EMR_NODE, GREEN, WEB, Workloads


def schedule(
    scored: list[dt.date], trail: Trail, humans: Humans, machines: Machines, work: Workloads
) -> dict[dt.date, list[Callable[[], None]]]:
    """Set up the changes that alter the background; returns each day's steps, to run before
    that day's background (fleet changes must exist before its hours are written)."""
    d = scored
    b3 = trail.incident("B3", "IdP session duration raised to 12 h for engineers", "benign", "low")
    humans.long_sessions = (at(d[3], 15.5), b3)
    b6 = trail.incident("B6", "partner rotates its legacy access key", "benign", "low")
    new_key = trail.key(temporary=False)
    machines.partner_keys.append((at(d[3], 15.2), new_key))
    machines.partner_incident = (at(d[3], 15.2), b6)
    b7 = trail.incident("B7", "GitHub Actions workflow added to a new repository", "benign", "low")
    machines.repos.append((at(d[3], 18), "prod", "cobalt-ridge/eligibility-service"))
    machines.repo_incident["cobalt-ridge/eligibility-service"] = b7
    return {
        d[1]: [lambda: oncall(d, trail, humans, work)],
        d[3]: [
            lambda: emr_resize(d, trail, humans, work),
            lambda: session_duration(d, trail, humans, b3),
            lambda: blue_green(d, trail, work),
            lambda: rotate(d, trail, machines, new_key, b6),
            lambda: new_repo(d, trail, humans, b7),
        ],
        d[4]: [
            lambda: dr_region(d, trail, humans, work),
            lambda: finops(d, trail, humans),
            lambda: restore_test(d, trail, humans),
        ],
    }


def emr_resize(d: list[dt.date], trail: Trail, humans: Humans, work: Workloads) -> None:
    inc = trail.incident(
        "B1", "EMR cluster resized from 4 to 12 core nodes for a backfill", "benign", "low"
    )
    org = humans.org
    t = at(d[3], 21)
    humans.work(
        person("omar.haddad"),
        "data",
        t,
        4,
        ip=humans.home(person("omar.haddad"), d[3]),
        cli=False,
        incident=inc,
        apis=[
            ("elasticmapreduce", "DescribeCluster"),
            ("elasticmapreduce", "ListInstanceGroups"),
            ("elasticmapreduce", "ModifyInstanceGroups"),
        ],
    )
    emr = org.by_service(
        t,
        ACCOUNTS["data"],
        "us-east-1",
        "EMR_DefaultRole",
        "ElasticMapReduceSession",
        "elasticmapreduce.amazonaws.com",
        hours=1,
        incident=inc,
    )
    ident = org.session(
        ACCOUNTS["data"],
        "EMR_DefaultRole",
        "ElasticMapReduceSession",
        emr,
        t,
        invoked_by="elasticmapreduce.amazonaws.com",
    )
    for _ in range(max(2, round(8 * work.scale))):
        when = t + dt.timedelta(minutes=org.rng.uniform(3, 9))
        trail.event(
            when,
            ACCOUNTS["data"],
            "us-east-1",
            "ec2",
            "RunInstances",
            ident,
            "elasticmapreduce.amazonaws.com",
            "elasticmapreduce.amazonaws.com",
            params={"instanceType": "r6g.4xlarge"},
            incident=inc,
            read_only=False,
        )
        work.launch(
            when,
            "data",
            "us-east-1",
            "EMR_EC2_ClaimsRole",
            EMR_NODE,
            "nat:data",
            incident=inc,
            by_asg=False,
        )


def oncall(d: list[dt.date], trail: Trail, humans: Humans, work: Workloads) -> None:
    inc = trail.incident(
        "B2", "on-call admin at 03:10 from home (Okta MFA), Saturday", "benign", "low"
    )
    dana = person("dana.whitfield")
    t = at(d[1], 7 + 10 / 60)
    web = [i for i in work.live(t) if i.role == "portal-web-ec2" and i.region == "us-east-1"]
    key = humans.work(
        dana,
        "prod",
        t,
        6,
        ip=humans.home(dana, d[1]),
        cli=False,
        incident=inc,
        apis=[
            ("monitoring", "DescribeAlarms"),
            ("ec2", "DescribeInstances"),
            ("autoscaling", "DescribeAutoScalingGroups"),
            ("logs", "FilterLogEvents"),
        ],
    )
    ident = humans.org.session(ACCOUNTS["prod"], dana.role, dana.email, key, t)
    for n, api in enumerate(("StartSession", "TerminateSession")):
        trail.event(
            t + dt.timedelta(minutes=8 + 25 * n),
            ACCOUNTS["prod"],
            "us-east-1",
            "ssm",
            api,
            ident,
            humans.home(dana, d[1]),
            BROWSERS[dana.device],
            params={"target": web[0].id},
            console=True,
            incident=inc,
            read_only=False,
        )
    trail.event(
        t + dt.timedelta(minutes=36),
        ACCOUNTS["prod"],
        "us-east-1",
        "ec2",
        "RebootInstances",
        ident,
        humans.home(dana, d[1]),
        BROWSERS[dana.device],
        params={"instancesSet": {"items": [{"instanceId": web[-1].id}]}},
        console=True,
        incident=inc,
        read_only=False,
    )


def session_duration(d: list[dt.date], trail: Trail, humans: Humans, inc: Any) -> None:
    marcus = person("marcus.oyelaran")
    for account in ("dev", "prod"):
        humans.work(
            marcus,
            account,
            at(d[3], 15.2),
            2,
            ip=humans.home(marcus, d[3]),
            cli=False,
            incident=inc,
            apis=[("iam", "GetRole"), ("iam", "UpdateRole")],
        )


def blue_green(d: list[dt.date], trail: Trail, work: Workloads) -> None:
    inc = trail.incident(
        "B4", "blue/green release: new web fleet with three new APIs", "benign", "low"
    )
    org = work.org
    t = at(d[3], 16)
    prod = ACCOUNTS["prod"]
    deployer = org.session(
        prod,
        "AWSCodeDeployRole",
        "CodeDeploy",
        None,
        t,
        invoked_by="codedeploy.amazonaws.com",
        path="service-role/",
    )
    for region in ("us-east-1", "us-west-2"):
        trail.event(
            t,
            prod,
            region,
            "autoscaling",
            "CreateAutoScalingGroup",
            deployer,
            "codedeploy.amazonaws.com",
            "codedeploy.amazonaws.com",
            params={"autoScalingGroupName": "portal-web-green"},
            incident=inc,
        )
        blue = [
            i
            for i in work.live(t)
            if i.role == "portal-web-ec2" and i.region == region and i.died is None
        ]
        for old in blue:
            work.launch(
                t + dt.timedelta(minutes=org.rng.uniform(1, 5)),
                "prod",
                region,
                "portal-web-ec2",
                WEB + GREEN,
                old.nat,
                incident=inc,
            )
            old.died = t + dt.timedelta(hours=1)
            work.asg(old.died, old, "TerminateInstances", incident=inc)


def dr_region(d: list[dt.date], trail: Trail, humans: Humans, work: Workloads) -> None:
    inc = trail.incident("B5", "a DR footprint in us-east-2, a region never used", "benign", "low")
    priya = person("priya.raman")
    t = at(d[4], 15)
    humans.work(
        priya,
        "prod",
        t,
        8,
        ip=humans.home(priya, d[4]),
        cli=True,
        incident=inc,
        region="us-east-2",
        apis=[
            ("ec2", "CreateVpc"),
            ("ec2", "CreateSubnet"),
            ("ec2", "CreateNatGateway"),
            ("rds", "CreateDBInstanceReadReplica"),
            ("ec2", "DescribeVpcs"),
        ],
    )
    for _ in range(2):
        work.launch(
            t + dt.timedelta(hours=1),
            "prod",
            "us-east-2",
            "portal-web-ec2",
            WEB,
            "nat:prod:us-east-2",
            incident=inc,
        )


def new_repo(d: list[dt.date], trail: Trail, humans: Humans, inc: Any) -> None:
    tom = person("tom.kessler")
    humans.work(
        tom,
        "prod",
        at(d[3], 17.5),
        2,
        ip=humans.home(tom, d[3]),
        cli=True,
        incident=inc,
        apis=[("iam", "GetRole"), ("iam", "UpdateAssumeRolePolicy")],
    )
