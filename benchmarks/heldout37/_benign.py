"""The eleven benign changes: the events they add beyond what the background already changes
(``_plan``'s slots) and their truth rows."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout37 import _org as org
from benchmarks.heldout37._background import PODS
from benchmarks.heldout37._incident import Row, role_arn, row, sso_arn
from benchmarks.heldout37._plan import (
    DR_TEST,
    GREENGRASS_UP,
    MEGA_VESSEL,
    NODE_GROUP,
    Plan,
    at,
)
from benchmarks.heldout37._records import Trail, place
from benchmarks.heldout37._world import World

HOME = org.HOME
ADMIN = org.PERMISSION_SETS["PlatformAdmin"]
TOS_WORKLOADS = (
    *(f"pmct-irsa-{sa}" for _, sa, *_ in PODS),
    "pmct-gate-plate-reader",
    "pmct-greengrass-token-exchange",
)


def whole(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return at(day, 0), at(day, 23, 59, 59)


def b1_mega_vessel(t: Trail, plan: Plan, w: World) -> list[Row]:
    start, end = whole(plan.slot(MEGA_VESSEL))
    rows = [
        row(
            "B1",
            "a 24,000-TEU vessel's call: five times the usual moves for a day",
            "benign",
            start,
            end,
            principal=role_arn(org.TOS, r),
            severity="low",
        )
        for r in TOS_WORKLOADS
    ]
    rows.append(
        row(
            "B1",
            "the customs broker reads five times the manifests",
            "benign",
            start,
            end,
            principal=role_arn(org.EDI, "pmct-customs-broker-manifests"),
            severity="low",
        )
    )
    return rows


def b3_node_group(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(NODE_GROUP)
    start = at(day, 2, 20)
    user = "wei.lim"
    ip = place("office") if day.weekday() < 5 else place("home_wei")
    key = t.sso(org.TOS, user, "PlatformAdmin", start, ip=ip, agent=org.CLI_MAC, console=False)
    for n, name in enumerate(
        (
            "UpdateClusterVersion",
            "DescribeUpdate",
            "CreateNodegroup",
            "DescribeNodegroup",
            "DescribeNodegroup",
            "DeleteNodegroup",
        )
    ):
        t.call(
            key,
            start + dt.timedelta(minutes=2 + 8 * n),
            "eks",
            name,
            region=HOME,
            account=org.TOS,
            ip=ip,
            agent=org.CLI_MAC,
            params={"name": "pmct-tos", "version": "1.31"}
            if n == 0
            else {"clusterName": "pmct-tos", "nodegroupName": "tos-ng-131"},
        )
    slr = t.role_session(
        org.TOS,
        "AWSServiceRoleForAmazonEKSNodegroup",
        "EKS",
        start,
        path="/aws-service-role/eks-nodegroup.amazonaws.com/",
    )
    slr.identity["invokedBy"] = "eks-nodegroup.amazonaws.com"
    asg = t.role_session(
        org.TOS,
        "AWSServiceRoleForAutoScaling",
        "AutoScaling",
        start,
        path="/aws-service-role/autoscaling.amazonaws.com/",
    )
    asg.identity["invokedBy"] = "autoscaling.amazonaws.com"
    for n, name in enumerate(
        (
            "CreateLaunchTemplate",
            "CreateAutoScalingGroup",
            "PutLifecycleHook",
            "DescribeAutoScalingGroups",
        )
    ):
        source = "ec2" if "LaunchTemplate" in name else "autoscaling"
        t.call(
            slr,
            start + dt.timedelta(minutes=20 + n),
            source,
            name,
            region=HOME,
            account=org.TOS,
            ip="eks-nodegroup.amazonaws.com",
            agent="eks-nodegroup.amazonaws.com",
        )
    for n, instance in enumerate(w.nodes_new):
        t.call(
            asg,
            at(day, 2, 55, n * 7),
            "ec2",
            "RunInstances",
            region=HOME,
            account=org.TOS,
            ip="autoscaling.amazonaws.com",
            agent="autoscaling.amazonaws.com",
            response={"instancesSet": {"items": [{"instanceId": instance}]}},
        )
    for n, instance in enumerate(w.nodes_old):
        t.call(
            asg,
            at(day, 4, 5, n * 11),
            "ec2",
            "TerminateInstances",
            region=HOME,
            account=org.TOS,
            ip="autoscaling.amazonaws.com",
            agent="autoscaling.amazonaws.com",
            params={"instancesSet": {"items": [{"instanceId": instance}]}},
        )
    end = at(day, 23, 59, 59)
    return [
        row(
            "B3",
            "EKS 1.31 upgrade: the node group replaced, new instances",
            "benign",
            at(day, 2, 50),
            end,
            principal=role_arn(org.TOS, "pmct-eks-node-role"),
            severity="low",
        ),
        row(
            "B3",
            "the engineer running the upgrade",
            "benign",
            start,
            at(day, 3, 15),
            principal=sso_arn(org.TOS, "PlatformAdmin", ADMIN, user),
            severity="low",
        ),
        row(
            "B3",
            "the node group's service-linked roles",
            "benign",
            start,
            at(day, 4, 30),
            principal=role_arn(
                org.TOS,
                "AWSServiceRoleForAutoScaling",
                "/aws-service-role/autoscaling.amazonaws.com/",
            ),
            severity="low",
        ),
    ]


def b5_dr_test(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(DR_TEST)
    start = at(day, 1, 40)
    ip = place("office") if day.weekday() < 5 else place("home_wei")
    key = t.sso(org.TOS, "wei.lim", "PlatformAdmin", start, ip=ip, agent=org.CLI_MAC, console=False)
    steps = (
        ("route53", "ChangeResourceRecordSets", org.GLOBAL),
        ("route53", "GetChange", org.GLOBAL),
        ("eks", "DescribeCluster", org.DR),
        ("autoscaling", "UpdateAutoScalingGroup", org.DR),
        ("dynamodb", "DescribeTable", org.DR),
        ("route53", "ChangeResourceRecordSets", org.GLOBAL),
    )
    for n, (service, name, region) in enumerate(steps):
        when = start + dt.timedelta(minutes=8 * n) if n < 5 else at(day, 7, 2)
        t.call(key, when, service, name, region=region, account=org.TOS, ip=ip, agent=org.CLI_MAC)
    window = (at(day, 2), at(day, 7))
    rows = [
        row(
            "B5",
            "failover test: the TOS runs in Sydney for five hours",
            "benign",
            *window,
            principal=role_arn(org.TOS, r),
            ips=(place("nat_dr"),),
            severity="low",
        )
        for r in TOS_WORKLOADS
    ]
    rows.append(
        row(
            "B5",
            "the engineer running the failover test",
            "benign",
            start,
            at(day, 7, 10),
            key=key.key,
            severity="low",
        )
    )
    return rows


def b10_greengrass(t: Trail, plan: Plan, w: World) -> list[Row]:
    day = plan.slot(GREENGRASS_UP)
    start = at(day, 3, 30)
    ip = place("office") if day.weekday() < 5 else place("home_priya")
    key = t.sso(
        org.TOS, "priya.nair", "PlatformAdmin", start, ip=ip, agent=org.CHROME_MAC, console=True
    )
    for n, name in enumerate(
        ("ListComponentVersions", "CreateDeployment", "GetDeployment", "ListEffectiveDeployments")
    ):
        t.call(
            key,
            start + dt.timedelta(minutes=4 * n),
            "greengrass",
            name,
            region=HOME,
            account=org.TOS,
            ip=ip,
            agent=org.UA_CONSOLE,
            params={"targetArn": f"arn:aws:iot:{HOME}:{org.TOS}:thinggroup/quay-cranes"}
            if n == 1
            else None,
        )
    return [
        row(
            "B10",
            "Greengrass nucleus 2.13 rolled out to every crane gateway: a new Java SDK and runtime",
            "benign",
            at(day, 4),
            at(day, 23, 59, 59),
            principal=role_arn(org.TOS, "pmct-greengrass-token-exchange"),
            severity="low",
        ),
        row(
            "B10",
            "the engineer deploying it",
            "benign",
            start,
            start + dt.timedelta(minutes=20),
            key=key.key,
            severity="low",
        ),
    ]
