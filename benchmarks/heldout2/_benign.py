"""The benign changes of the scored days: what real accounts do that a detector must not call an
attack. Each returns its truth rows (``label`` benign, ``expected_max_severity``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout2 import _agents as ua
from benchmarks.heldout2._org import DATA, HOME, NEW_HIRE, PARTNERS, PEOPLE, PROD, Org
from benchmarks.heldout2._people import cloudshell, console_login, console_session
from benchmarks.heldout2._records import Call, new_key
from benchmarks.heldout2._workloads import gha_run

Row = dict[str, Any]
H = dt.timedelta(hours=1)


def _person(name: str):  # type: ignore[no-untyped-def]
    return next(p for p in (*PEOPLE, NEW_HIRE) if p.name == name)


def _iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def row(id_: str, name: str, start: dt.datetime, end: dt.datetime, *, label: str = "benign", key: str = "",
        principal: str = "", ips: str = "", events: str = "", severity: str = "low") -> Row:
    field = "expected_max_severity" if label == "benign" else "expected_min_severity"
    return {"id": id_, "name": name, "label": label, "access_key_id": key, "principal_arn": principal,
            "source_ip": ips, "event_ids": events, "start": _iso(start), "end": _iso(end), field: severity}


def key_rotation(org: Org) -> list[Row]:
    """B1: dana creates a second key, moves to it, deactivates and deletes the old one."""
    t, rng = org.at["rotation"], org.trail.rng("B1")
    p = _person("dana.whitfield")
    actor, old, new = org.actors[p.name], org.keys[p.name], org.keys["dana.whitfield:new"]
    ip = org.home_ip(p, t.date())
    call = Call(actor, old, ip, p.cli.format(p=9, cmd="iam.create-access-key"))
    org.trail.emit(rng, call, t - dt.timedelta(minutes=2), "iam", "ListAccessKeys", HOME)
    org.trail.emit(rng, call, t - dt.timedelta(minutes=1), "iam", "CreateAccessKey", HOME,
                   req={"userName": p.name}, resp={"accessKey": {"accessKeyId": new, "status": "Active", "userName": p.name}})
    later = t + dt.timedelta(days=1, hours=1)
    call = Call(actor, new, org.home_ip(p, later.date()), p.cli.format(p=9, cmd="iam.update-access-key"))
    org.trail.emit(rng, call, later, "iam", "UpdateAccessKey", HOME, req={"userName": p.name, "accessKeyId": old, "status": "Inactive"})
    org.trail.emit(rng, call, later + H, "iam", "DeleteAccessKey", HOME, req={"userName": p.name, "accessKeyId": old})
    return [row("B1", "access key rotation", t - dt.timedelta(minutes=3), t + dt.timedelta(days=4), key=new),
            row("B1", "access key rotation", t - dt.timedelta(minutes=3), later + H, key=old)]


def dr_test(org: Org) -> list[Row]:
    """B2: a DR drill in us-east-2: the stack deployed there, half of api-handler's traffic served
    from it for six hours (in ``lambdas``), the SRE watching from the console and CLI."""
    t, rng = org.at["dr_test"], org.trail.rng("B2")
    call = gha_run(org, rng, PROD, t - dt.timedelta(minutes=30), steps=False)
    for i, name in enumerate(("CreateStack", "DescribeStacks", "DescribeStackEvents", "DescribeStacks")):
        org.trail.emit(rng, call, t - dt.timedelta(minutes=29 - 3 * i), "cloudformation", name, "us-east-2",
                       req={"stackName": "quill-platform-dr"})
    p = _person("kai.nakamura")
    ip = org.home_ip(p, t.date())
    cli = Call(org.actors[p.name], org.keys[p.name], ip, p.cli.format(p=9, cmd="cloudformation.describe-stacks"))
    for i in range(12):
        name = ("DescribeStacks", "ListFunctions20150331", "DescribeAlarms", "DescribeTable")[i % 4]
        service = {"DescribeStacks": "cloudformation", "DescribeAlarms": "monitoring", "DescribeTable": "dynamodb"}.get(name, "lambda")
        org.trail.emit(rng, cli, t + dt.timedelta(minutes=25 * i), service, name, "us-east-2")
    end = t + dt.timedelta(hours=6)
    fn = org.actors["fn:api-handler"]
    return [row("B2", "DR test in us-east-2", t - dt.timedelta(minutes=31), end, principal=fn.role_arn),
            row("B2", "DR test in us-east-2", t - dt.timedelta(minutes=31), end, principal=org.actors[f"gha:{PROD}"].role_arn),
            row("B2", "DR test in us-east-2", t, end, key=org.keys[p.name])]


def new_pipeline(org: Org) -> list[Row]:
    """B3: CI deploys a new Glue job, its role and a schedule in the data account; it runs
    nightly from the next day (in ``data_pipeline``)."""
    t, rng = org.at["pipeline"], org.trail.rng("B3")
    call = gha_run(org, rng, DATA, t)
    cfn = Call(call.actor, call.key, "cloudformation.amazonaws.com", "cloudformation.amazonaws.com", created=t,
               invoked_by="cloudformation.amazonaws.com")
    role = org.actors["glue-new"]
    for i, (s, n, req) in enumerate((
        ("iam", "CreateRole", {"roleName": role.name, "path": role.path}),
        ("iam", "AttachRolePolicy", {"roleName": role.name, "policyArn": "arn:aws:iam::aws:policy/service-role/AWSGlueServiceRole"}),
        ("iam", "PutRolePolicy", {"roleName": role.name, "policyName": "invoices-bucket"}),
        ("glue", "CreateJob", {"name": "invoices-etl", "role": role.role_arn}),
        ("states", "UpdateStateMachine", {"stateMachineArn": f"arn:aws:states:{HOME}:{DATA}:stateMachine:nightly"}),
    )):
        org.trail.emit(rng, cfn, t + dt.timedelta(minutes=3, seconds=20 * i), s, n, HOME, req=req)
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    return [row("B3", "a new data pipeline", t, end, principal=role.role_arn)]


def runtime_upgrade(org: Org) -> list[Row]:
    """B4: doc-render moves from Node.js 18 to 20: its SDK, runtime and user agent change."""
    t, rng = org.at["runtime"], org.trail.rng("B4")
    call = gha_run(org, rng, PROD, t - dt.timedelta(minutes=5), steps=False)
    cfn = Call(call.actor, call.key, "cloudformation.amazonaws.com", "cloudformation.amazonaws.com", created=t,
               invoked_by="cloudformation.amazonaws.com")
    org.trail.emit(rng, cfn, t - dt.timedelta(minutes=3), "lambda", "UpdateFunctionConfiguration20150331v2", HOME,
                   req={"functionName": "doc-render", "runtime": "nodejs20.x"})
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    return [row("B4", "Lambda runtime upgrade", t - dt.timedelta(minutes=6), end, principal=org.actors["fn:doc-render"].role_arn)]


def vpc_endpoint(org: Org) -> list[Row]:
    """B5: interface endpoints for Secrets Manager, KMS and SSM: billing-sync's calls come from
    private addresses with ``vpcEndpointId`` instead of the NAT gateway's address."""
    t, rng = org.at["vpce"], org.trail.rng("B5")
    call = gha_run(org, rng, PROD, t - dt.timedelta(minutes=8), steps=False)
    cfn = Call(call.actor, call.key, "cloudformation.amazonaws.com", "cloudformation.amazonaws.com", created=t,
               invoked_by="cloudformation.amazonaws.com")
    for i, service in enumerate(org.vpce):
        org.trail.emit(rng, cfn, t - dt.timedelta(minutes=6 - i), "ec2", "CreateVpcEndpoint", HOME,
                       req={"vpcEndpointType": "Interface", "serviceName": f"com.amazonaws.{HOME}.{service}", "privateDnsEnabled": True},
                       resp={"vpcEndpoint": {"vpcEndpointId": org.vpce[service], "state": "pending"}})
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    return [row("B5", "new VPC endpoints", t - dt.timedelta(minutes=8), end, principal=org.actors["fn:billing-sync"].role_arn)]


def contractor_travel(org: Org) -> list[Row]:
    """B6: the contractor works two days from Lisbon: console with MFA, her CLI (in ``people_day``)."""
    t = org.at["travel"]
    ip = org.plan.ip("meo_pt", org.trail.rng("travel", t.date()))
    ip2 = org.plan.ip("meo_pt", org.trail.rng("travel", t.date() + dt.timedelta(days=1)))
    return [row("B6", "contractor travelling (Lisbon)", t, t + dt.timedelta(days=2), principal=org.actors["ewa.kowalska"].user_arn,
                ips=f"{ip} {ip2}")]


def new_hire(org: Org) -> list[Row]:
    """B7: the security engineer creates jordan's user; jordan signs in, sets MFA, gets a key."""
    t, rng = org.at["new_hire"], org.trail.rng("B7")
    admin = _person("sofia.chen")
    ip = org.home_ip(admin, t.date())
    key = console_session(org, rng, admin, org.actors[admin.name], ip, t - dt.timedelta(minutes=10), ua.BROWSERS[admin.browser], n=3)
    call = Call(org.actors[admin.name], key, ip, ua.BROWSERS[admin.browser], created=t, mfa=True, console=True)
    for i, (n, req) in enumerate((("CreateUser", {"userName": NEW_HIRE.name}),
                                  ("CreateLoginProfile", {"userName": NEW_HIRE.name, "passwordResetRequired": True}),
                                  ("AddUserToGroup", {"groupName": "engineers", "userName": NEW_HIRE.name}))):
        org.trail.emit(rng, call, t + dt.timedelta(minutes=i), "iam", n, HOME, req=req)
    me = org.actors[NEW_HIRE.name]
    hip = org.home_ip(NEW_HIRE, t.date())
    first = t + dt.timedelta(minutes=40)
    console_login(org, rng, me, first, hip, ua.BROWSERS[NEW_HIRE.browser], mfa=False)
    mine = Call(me, new_key(rng, "ASIA"), hip, ua.BROWSERS[NEW_HIRE.browser], created=first, console=True)
    for i, n in enumerate(("ChangePassword", "CreateVirtualMFADevice", "EnableMFADevice", "ListMFADevices")):
        org.trail.emit(rng, mine, first + dt.timedelta(minutes=1 + i), "iam", n, HOME)
    next_day = t + dt.timedelta(days=1)
    mine = Call(me, new_key(rng, "ASIA"), org.home_ip(NEW_HIRE, next_day.date()), ua.BROWSERS[NEW_HIRE.browser], created=next_day, mfa=True, console=True)
    org.trail.emit(rng, mine, next_day, "iam", "CreateAccessKey", HOME, req={"userName": NEW_HIRE.name},
                   resp={"accessKey": {"accessKeyId": org.keys[NEW_HIRE.name], "status": "Active"}})
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    return [row("B7", "a new hire", t, end, principal=me.user_arn),
            row("B7", "a new hire", t - dt.timedelta(minutes=10), t + dt.timedelta(minutes=5), key=key)]


def pentest(org: Org) -> list[Row]:
    """B8: an approved test by a known vendor from its published addresses: a read-only user
    (SecurityAudit) created beforehand, enumerated with Prowler. Expected: flagged, at most high."""
    t, rng = org.at["pentest"], org.trail.rng("B8")
    actor = org.actors["pentest-rapid7"]
    prowler = ua.boto3("", "1.35.71", "3.11.10", "linux#6.8.0-1019-aws").replace(" exec-env/", "") + " prowler/5.0.2"
    ips = [org.plan.ip("pentest_vendor", rng) for _ in range(2)]
    checks = (("iam", "GetAccountAuthorizationDetails"), ("iam", "ListUsers"), ("iam", "ListRoles"), ("iam", "GetAccountPasswordPolicy"),
              ("s3", "ListBuckets"), ("s3", "GetBucketAcl"), ("s3", "GetBucketPolicy"), ("ec2", "DescribeInstances"),
              ("ec2", "DescribeSecurityGroups"), ("ec2", "DescribeSnapshots"), ("kms", "ListKeys"), ("lambda", "ListFunctions20150331"),
              ("cloudtrail", "DescribeTrails"), ("guardduty", "ListDetectors"), ("secretsmanager", "ListSecrets"))
    events = []
    for i in range(int(220 * max(org.scale, 0.3))):
        s, n = checks[i % len(checks)]
        region = ("us-west-2", "us-east-1", "eu-central-1", "ap-south-1")[(i // len(checks)) % 4]
        call = Call(actor, org.keys["pentest-rapid7"], ips[i % 2], prowler)
        error = ua.denied(s, actor.user_arn, n) if i % 9 == 0 else None
        events.append(org.trail.emit(rng, call, t + dt.timedelta(seconds=40 * i), s, n, region, error=error))
    end = t + dt.timedelta(seconds=40 * len(events) + 60)
    return [row("B8", "approved penetration test (Rapid7)", t, end, principal=actor.user_arn, ips=" ".join(ips), severity="high")]


def oncall_holiday(org: Org) -> list[Row]:
    """B9: the on-call SRE on Thanksgiving: the console mobile app from T-Mobile, then CloudShell."""
    t, rng = org.at["oncall"], org.trail.rng("B9")
    p = _person("kai.nakamura")
    ip = org.plan.ip("tmobile_us", rng)
    console_session(org, rng, p, org.actors[p.name], ip, t, ua.MOBILE_APP, n=6, mobile=True)
    mix = (("lambda", "GetFunction20150331v2"), ("logs", "FilterLogEvents"), ("states", "ListExecutions"), ("states", "StopExecution"))
    cloudshell(org, rng, p, org.actors[p.name], t + dt.timedelta(minutes=12), n=14, mix=mix)
    return [row("B9", "on-call on a holiday (mobile app, CloudShell)", t, t + dt.timedelta(hours=2), principal=org.actors[p.name].user_arn)]


def account_joins(org: Org) -> list[Row]:
    """B10: the partners account: root signs in once with MFA to bootstrap, then CI, a function,
    GuardDuty and engineers take over (in the background modules)."""
    t, rng = org.at["join"], org.trail.rng("B10")
    p = _person("kai.nakamura")
    ip = org.home_ip(p, t.date())
    from benchmarks.heldout2._records import Actor

    root = Actor("Root", PARTNERS, "root")
    console_login(org, rng, root, t, ip, ua.BROWSERS[p.browser], mfa=True)
    call = Call(root, new_key(rng, "ASIA"), ip, ua.BROWSERS[p.browser], created=t, mfa=True, console=True)
    for i, (s, n) in enumerate((("cloudtrail", "CreateTrail"), ("cloudtrail", "StartLogging"), ("iam", "CreateOpenIDConnectProvider"),
                                ("iam", "CreateRole"), ("iam", "CreateRole"), ("iam", "AttachRolePolicy"), ("guardduty", "CreateDetector"))):
        org.trail.emit(rng, call, t + dt.timedelta(minutes=2 + i), s, n, HOME)
    end = dt.datetime.combine(org.scored[-1], dt.time(23, 59), tzinfo=dt.UTC)
    rows = [row("B10", "a new account joins", t, end, principal=f"arn:aws:iam::{PARTNERS}:root")]
    for name in (f"gha:{PARTNERS}", f"guardduty:{PARTNERS}", f"engineer:{PARTNERS}", "fn:partner-webhooks"):
        rows.append(row("B10", "a new account joins", t, end, principal=org.actors[name].role_arn))
    return rows


BENIGN = (key_rotation, dr_test, new_pipeline, runtime_upgrade, vpc_endpoint, contractor_travel, new_hire, pentest,
          oncall_holiday, account_joins)

