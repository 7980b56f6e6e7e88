"""The benign changes of the scored days: what real accounts do that a detector must not call an
attack. Each returns its truth rows (``label`` benign, ``expected_max_severity``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout2._org import DATA, HOME, NEW_HIRE, PEOPLE, PROD, Org, Person
from benchmarks.heldout2._records import Call
from benchmarks.heldout2._workloads import gha_run

Row = dict[str, Any]
H = dt.timedelta(hours=1)


def _person(name: str) -> Person:
    return next(p for p in (*PEOPLE, NEW_HIRE) if p.name == name)


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def row(
    id_: str,
    name: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    label: str = "benign",
    key: str = "",
    principal: str = "",
    ips: str = "",
    events: str = "",
    severity: str = "low",
) -> Row:
    field = "expected_max_severity" if label == "benign" else "expected_min_severity"
    return {
        "id": id_,
        "name": name,
        "label": label,
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": ips,
        "event_ids": events,
        "start": _iso(start),
        "end": _iso(end),
        field: severity,
    }


def key_rotation(org: Org) -> list[Row]:
    """B1: dana creates a second key, moves to it, deactivates and deletes the old one."""
    t, rng = org.at["rotation"], org.trail.rng("B1")
    p = _person("dana.whitfield")
    actor, old, new = org.actors[p.name], org.keys[p.name], org.keys["dana.whitfield:new"]
    ip = org.home_ip(p, t.date())
    call = Call(actor, old, ip, p.cli.format(p=9, cmd="iam.create-access-key"))
    org.trail.emit(rng, call, t - dt.timedelta(minutes=2), "iam", "ListAccessKeys", HOME)
    org.trail.emit(
        rng,
        call,
        t - dt.timedelta(minutes=1),
        "iam",
        "CreateAccessKey",
        HOME,
        req={"userName": p.name},
        resp={"accessKey": {"accessKeyId": new, "status": "Active", "userName": p.name}},
    )
    later = t + dt.timedelta(days=1, hours=1)
    call = Call(
        actor, new, org.home_ip(p, later.date()), p.cli.format(p=9, cmd="iam.update-access-key")
    )
    org.trail.emit(
        rng,
        call,
        later,
        "iam",
        "UpdateAccessKey",
        HOME,
        req={"userName": p.name, "accessKeyId": old, "status": "Inactive"},
    )
    org.trail.emit(
        rng,
        call,
        later + H,
        "iam",
        "DeleteAccessKey",
        HOME,
        req={"userName": p.name, "accessKeyId": old},
    )
    return [
        row(
            "B1",
            "access key rotation",
            t - dt.timedelta(minutes=3),
            t + dt.timedelta(days=4),
            key=new,
        ),
        row("B1", "access key rotation", t - dt.timedelta(minutes=3), later + H, key=old),
    ]


def dr_test(org: Org) -> list[Row]:
    """B2: a DR drill in us-east-2: the stack deployed there, half of api-handler's traffic served
    from it for six hours (in ``lambdas``), the SRE watching from the console and CLI."""
    t, rng = org.at["dr_test"], org.trail.rng("B2")
    call = gha_run(org, rng, PROD, t - dt.timedelta(minutes=30), steps=False)
    for i, name in enumerate(
        ("CreateStack", "DescribeStacks", "DescribeStackEvents", "DescribeStacks")
    ):
        org.trail.emit(
            rng,
            call,
            t - dt.timedelta(minutes=29 - 3 * i),
            "cloudformation",
            name,
            "us-east-2",
            req={"stackName": "quill-platform-dr"},
        )
    p = _person("kai.nakamura")
    ip = org.home_ip(p, t.date())
    cli = Call(
        org.actors[p.name],
        org.keys[p.name],
        ip,
        p.cli.format(p=9, cmd="cloudformation.describe-stacks"),
    )
    for i in range(12):
        name = ("DescribeStacks", "ListFunctions20150331", "DescribeAlarms", "DescribeTable")[i % 4]
        service = {
            "DescribeStacks": "cloudformation",
            "DescribeAlarms": "monitoring",
            "DescribeTable": "dynamodb",
        }.get(name, "lambda")
        org.trail.emit(rng, cli, t + dt.timedelta(minutes=25 * i), service, name, "us-east-2")
    end = t + dt.timedelta(hours=6)
    fn = org.actors["fn:api-handler"]
    return [
        row("B2", "DR test in us-east-2", t - dt.timedelta(minutes=31), end, principal=fn.role_arn),
        row(
            "B2",
            "DR test in us-east-2",
            t - dt.timedelta(minutes=31),
            end,
            principal=org.actors[f"gha:{PROD}"].role_arn,
        ),
        row("B2", "DR test in us-east-2", t, end, key=org.keys[p.name]),
    ]


def new_pipeline(org: Org) -> list[Row]:
    """B3: CI deploys a new Glue job, its role and a schedule in the data account; it runs
    nightly from the next day (in ``data_pipeline``)."""
    t, rng = org.at["pipeline"], org.trail.rng("B3")
    call = gha_run(org, rng, DATA, t)
    cfn = Call(
        call.actor,
        call.key,
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        created=t,
        invoked_by="cloudformation.amazonaws.com",
    )
    role = org.actors["glue-new"]
    for i, (s, n, req) in enumerate(
        (
            ("iam", "CreateRole", {"roleName": role.name, "path": role.path}),
            (
                "iam",
                "AttachRolePolicy",
                {
                    "roleName": role.name,
                    "policyArn": "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole",
                },
            ),
            ("iam", "PutRolePolicy", {"roleName": role.name, "policyName": "invoices-bucket"}),
            ("glue", "CreateJob", {"name": "invoices-etl", "role": role.role_arn}),
            (
                "states",
                "UpdateStateMachine",
                {"stateMachineArn": f"arn:aws:states:{HOME}:{DATA}:stateMachine:nightly"},
            ),
        )
    ):
        org.trail.emit(rng, cfn, t + dt.timedelta(minutes=3, seconds=20 * i), s, n, HOME, req=req)
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    return [row("B3", "a new data pipeline", t, end, principal=role.role_arn)]


def runtime_upgrade(org: Org) -> list[Row]:
    """B4: doc-render moves from Node.js 18 to 20: its SDK, runtime and user agent change."""
    t, rng = org.at["runtime"], org.trail.rng("B4")
    call = gha_run(org, rng, PROD, t - dt.timedelta(minutes=5), steps=False)
    cfn = Call(
        call.actor,
        call.key,
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        created=t,
        invoked_by="cloudformation.amazonaws.com",
    )
    org.trail.emit(
        rng,
        cfn,
        t - dt.timedelta(minutes=3),
        "lambda",
        "UpdateFunctionConfiguration20150331v2",
        HOME,
        req={"functionName": "doc-render", "runtime": "nodejs20.x"},
    )
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    return [
        row(
            "B4",
            "Lambda runtime upgrade",
            t - dt.timedelta(minutes=6),
            end,
            principal=org.actors["fn:doc-render"].role_arn,
        )
    ]


def vpc_endpoint(org: Org) -> list[Row]:
    """B5: interface endpoints for Secrets Manager, KMS and SSM: billing-sync's calls come from
    private addresses with ``vpcEndpointId`` instead of the NAT gateway's address."""
    t, rng = org.at["vpce"], org.trail.rng("B5")
    call = gha_run(org, rng, PROD, t - dt.timedelta(minutes=8), steps=False)
    cfn = Call(
        call.actor,
        call.key,
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        created=t,
        invoked_by="cloudformation.amazonaws.com",
    )
    for i, service in enumerate(org.vpce):
        org.trail.emit(
            rng,
            cfn,
            t - dt.timedelta(minutes=6 - i),
            "ec2",
            "CreateVpcEndpoint",
            HOME,
            req={
                "vpcEndpointType": "Interface",
                "serviceName": f"com.amazonaws.{HOME}.{service}",
                "privateDnsEnabled": True,
            },
            resp={"vpcEndpoint": {"vpcEndpointId": org.vpce[service], "state": "pending"}},
        )
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    return [
        row(
            "B5",
            "new VPC endpoints",
            t - dt.timedelta(minutes=8),
            end,
            principal=org.actors["fn:billing-sync"].role_arn,
        )
    ]


SYSTEM_CHANGES = (key_rotation, dr_test, new_pipeline, runtime_upgrade, vpc_endpoint)
