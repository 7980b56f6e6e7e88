"""B7: Account Factory vends the data account mid-trail: the request in the management
account, Control Tower's baseline stack sets in the new account, then its people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout3 import _org as org
from benchmarks.heldout3._changes import offsite_ip
from benchmarks.heldout3._people import federate, home_ip, work
from benchmarks.heldout3._services import cross_assume
from benchmarks.heldout3._trail import assumed_role
from benchmarks.heldout3._world import World

BASELINE: list[tuple[str, dict[str, Any] | None]] = [
    ("iam:CreateRole", {"roleName": "aws-controltower-AdministratorExecutionRole"}),
    ("iam:AttachRolePolicy", {"roleName": "aws-controltower-AdministratorExecutionRole"}),
    ("iam:CreateRole", {"roleName": "aws-controltower-ReadOnlyExecutionRole"}),
    ("iam:AttachRolePolicy", {"roleName": "aws-controltower-ReadOnlyExecutionRole"}),
    ("iam:CreateRole", {"roleName": "aws-controltower-ConfigRecorderRole"}),
    ("iam:CreateRole", {"roleName": "aws-controltower-ForwardSnsNotificationRole"}),
    (
        "config:PutConfigurationRecorder",
        {"configurationRecorder": {"name": "aws-controltower-BaselineConfigRecorder"}},
    ),
    (
        "config:PutDeliveryChannel",
        {"deliveryChannel": {"name": "aws-controltower-BaselineConfigDeliveryChannel"}},
    ),
    ("config:StartConfigurationRecorder", None),
    ("sns:CreateTopic", {"name": "aws-controltower-SecurityNotifications"}),
    ("lambda:CreateFunction20150331", {"functionName": "aws-controltower-NotificationForwarder"}),
    ("cloudformation:DescribeStacks", None),
]


def _baseline(world: World, when: dt.datetime) -> None:
    """Control Tower's stack sets: CloudFormation acts with AWSControlTowerExecution's session."""
    mgmt = world.account("management")
    admin = assumed_role(
        mgmt,
        "AWSControlTowerAdmin",
        world.role_id(mgmt, "AWSControlTowerAdmin"),
        "AWSControlTowerAdmin-session",
        world.trail.key(),
        when,
        path="/service-role/",
    )
    admin["invokedBy"] = "controltower.amazonaws.com"
    s = cross_assume(
        world,
        admin,
        org.VENDED,
        "AWSControlTowerExecution",
        "AWSControlTowerExecution",
        when,
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
    )
    s.identity["invokedBy"] = "cloudformation.amazonaws.com"
    for i, (api, params) in enumerate(BASELINE):
        region = "us-east-1" if api.startswith("iam:") else org.HOME
        world.trail.call(
            when + dt.timedelta(seconds=20 + 9 * i),
            s.account,
            region,
            api,
            s.identity,
            s.ip,
            s.agent,
            params=params,
        )


def vend(world: World) -> None:
    """B7: Account Factory vends the data account; its baseline, then its people and workloads."""
    day, rng = world.vended, world.rng
    lead = next(p for p in org.PEOPLE if p.user == "s.lindqvist")
    when = world.local(day, 10, lead.city_tz)
    s = federate(
        world,
        lead.user,
        "management",
        "OrgAdmin",
        when,
        home_ip(world, lead, day),
        org.BROWSER[lead.browser],
        console=True,
    )
    for i, api in enumerate(
        (
            "servicecatalog:ProvisionProduct",
            "controltower:CreateManagedAccount",
            "organizations:CreateAccount",
            "organizations:DescribeCreateAccountStatus",
        )
    ):
        world.trail.call(
            when + dt.timedelta(minutes=2 + i),
            s.account,
            org.HOME if "control" in api or "catalog" in api else "us-east-1",
            api,
            s.identity,
            s.ip,
            s.agent,
            console=True,
        )
    _baseline(world, when + dt.timedelta(minutes=24))
    for data_person in ("r.hoffmann", "d.mazur"):
        for later in world.days:
            if later > day and later.weekday() < 5 and rng.random() < 0.8:
                person = next(p for p in org.PEOPLE if p.user == data_person)
                start = world.local(later, rng.uniform(13, 16), person.city_tz)
                ss = federate(
                    world,
                    data_person,
                    org.VENDED,
                    "DataEngineer",
                    start,
                    offsite_ip(world, data_person, later) or home_ip(world, person, later),
                    org.BROWSER[person.browser],
                    console=True,
                )
                work(world, ss, "DataEngineer", start, 40, rng.randrange(8, 25), console=True)
