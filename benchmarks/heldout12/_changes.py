"""The benign changes' own events (the NERC CIP access review, the StackSets rollout, the
account that joins, the IoT region expansion's deployment, a field engineer's trip) and the
truth rows of every benign change (by principal and window, expected at most low)."""

from __future__ import annotations

import datetime as dt

from benchmarks.heldout12 import _keys, _org, _pipeline, _trail
from benchmarks.heldout12._background import RENEWAL_HOUR, SCHEDULE, Day, calls
from benchmarks.heldout12._people import console_login, people_day, saml_session, storm_day, work
from benchmarks.heldout12._trail import Record

A = _org.ACCOUNTS
CHANGE_DAYS = {"cip": 2, "stacksets": 0, "travel": 3}
TRAVELLER = "g.harris"
ADMIN_ROLE, EXEC_ROLE = (
    "AWSCloudFormationStackSetAdministrationRole",
    "AWSCloudFormationStackSetExecutionRole",
)
CIP_APIS = ("iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetRole", "iam:ListRoles", "iam:ListUsers",
            "iam:ListAccessKeys", "iam:ListMFADevices", "iam:GetLoginProfile", "iam:ListGroupsForUser",
            "iam:GetAccountAuthorizationDetails", "iam:GenerateCredentialReport", "iam:GetCredentialReport",
            "iam:ListPolicies", "iam:GetPolicyVersion", "iam:ListSAMLProviders")  # fmt: skip


def person(upn: str) -> _org.Person:
    return next(p for p in _org.PEOPLE if p.upn.startswith(upn))


def benign(
    i: str, name: str, account: str, role: str, start: dt.datetime, end: dt.datetime, ip: str = ""
) -> Record:
    """A change of a role (``role`` without ``/``) or of a person's SAML sign-ins (``role`` an UPN)."""
    principal = (
        f"saml:{_trail.saml(account, role)['principalId']}"
        if "@" in role
        else _org.role_arn(account, role)
    )
    return {"id": i, "name": name, "label": "benign", "principal_arn": principal, "source_ip": ip,
            "start": _trail.iso(start), "end": _trail.iso(end), "expected_max_severity": "low"}  # fmt: skip


def crew(*roles: str) -> list[_org.Person]:
    return [p for p in _org.PEOPLE if p.role in roles]


def stacksets(d: Day, accounts: list[str], apis: tuple[str, ...], tag: str) -> None:
    """StackSets (service-managed from the management account) in each member account: the
    administration role assumes the execution role, which CloudFormation then acts with."""
    r = d.rng("stacksets", tag)
    mgmt = A["management"]
    t = d.at(13.5)
    ak = _trail.key(r)
    d.out.append(
        _trail.minted(
            r, t, "cloudformation.amazonaws.com", mgmt, _org.CA, ADMIN_ROLE, "stackset-admin", ak
        )
    )
    admin = _trail.assumed(
        mgmt, ADMIN_ROLE, "stackset-admin", ak, t, invoked_by="cloudformation.amazonaws.com"
    )
    for n, acct in enumerate(accounts):
        ek, s = _trail.key(r), t + dt.timedelta(minutes=2 + 4 * n)
        response = {
            "credentials": {
                "accessKeyId": ek,
                "sessionToken": "<redacted>",
                "expiration": _trail.iso(s + dt.timedelta(hours=1)),
            }
        }
        d.out.append(_trail.record(r, s, "sts:AssumeRole", admin, account=acct, region=_org.CA, ip="cloudformation.amazonaws.com",
                                   ua="cloudformation.amazonaws.com", response=response,
                                   request={"roleArn": _org.role_arn(acct, EXEC_ROLE), "roleSessionName": "stackset-exec"}))  # fmt: skip
        ident = _trail.assumed(
            acct, EXEC_ROLE, "stackset-exec", ek, s, invoked_by="cloudformation.amazonaws.com"
        )
        calls(d, r, ident, apis, len(apis) + 6, account=acct, region=_org.CA, ip="cloudformation.amazonaws.com",
              ua="cloudformation.amazonaws.com", start=s, minutes=3)  # fmt: skip


def new_account(d: Day) -> None:
    """The outage-analytics account is created from the management account and bootstrapped
    through OrganizationAccountAccessRole."""
    p, r = person("k.lindqvist"), d.rng("new-account")
    ip, t = _org.NETS["hq"].at(30), d.at(12.4)
    _, ident = saml_session(d, r, p, t, ip, p.browser)
    console_login(d, r, p, t, ip, ident, p.browser)
    calls(d, r, ident, ("organizations:CreateAccount", "organizations:DescribeCreateAccountStatus"), 3, account=p.account,
          region=_org.CA, ip=ip, ua=p.browser, start=t + dt.timedelta(minutes=1), minutes=5, console=True)  # fmt: skip
    new, ok = A["outage"], _trail.key(r)
    s = t + dt.timedelta(minutes=20)
    d.out.append(_trail.record(r, s, "sts:AssumeRole", ident, account=new, region=_org.CA, ip=ip, ua=p.browser,
                               request={"roleArn": _org.role_arn(new, "OrganizationAccountAccessRole"), "roleSessionName": p.upn},
                               response={"credentials": {"accessKeyId": ok, "sessionToken": "<redacted>", "expiration": _trail.iso(s + dt.timedelta(hours=1))}}))  # fmt: skip
    boot = _trail.assumed(new, "OrganizationAccountAccessRole", p.upn, ok, s)
    calls(d, r, boot, ("ec2:RunInstances", "iam:CreateRole", "iam:CreateInstanceProfile", "s3:CreateBucket", "ec2:DescribeInstances",
                       "iam:AddRoleToInstanceProfile"), 14, account=new, region=_org.CA, ip=ip, ua=p.browser, start=s, minutes=30, console=True)  # fmt: skip


def cip_review(d: Day) -> None:
    """The quarterly NERC CIP access review: the compliance auditor reads IAM in every account."""
    p = person("e.chen")
    for n, name in enumerate(("management", "security", "otdata", "gridiot", "tools", "outage")):
        r = d.rng("cip", name)
        work(d, r, p, d.at(13 + n * 1.2), 1.1, _org.NETS["hq"].at(30), d.count(r, 90) + 40,
             account=A[name], role="EntraID-ComplianceAuditor", apis=CIP_APIS)  # fmt: skip
    r = d.rng("cip-orgs")
    _, ident = saml_session(
        d,
        r,
        p,
        d.at(19),
        _org.NETS["hq"].at(30),
        _org.SAML2AWS,
        account=A["management"],
        role="EntraID-ComplianceAuditor",
    )
    calls(d, r, ident, ("organizations:ListAccounts", "organizations:ListPoliciesForTarget", "organizations:DescribePolicy"), 20,
          account=A["management"], region=_org.CA, ip=_org.NETS["hq"].at(30), ua=p.cli, start=d.at(19.1), minutes=20)  # fmt: skip


def travel(d: Day) -> None:
    """A field engineer at a conference in Orlando: console from the hotel, CLI on his WorkSpace."""
    p, r = person(TRAVELLER), d.rng("travel")
    work(
        d,
        r,
        p,
        d.at(12 + r.uniform(0, 2)),
        4,
        _org.NETS["hotel"].at(2000 + d.date.day),
        d.count(r, 20) + 4,
        cli_ip=_org.WORKSPACES_NAT,
    )


def expansion(d: Day) -> None:
    """The IoT pipeline deployed to us-east-2 by the pipeline (CloudFormation in the new region)."""
    _pipeline.build(d, 13.0, "expansion", region=_org.US, deploy_apis=(
        "cloudformation:CreateStack", "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents"))  # fmt: skip
    r, acct = d.rng("expansion"), A["gridiot"]
    ident = _trail.assumed(
        acct,
        _pipeline.DEPLOY_ROLE,
        "deploy-expansion",
        _trail.key(r),
        d.at(13.2),
        invoked_by="cloudformation.amazonaws.com",
    )
    calls(d, r, ident, ("kinesis:CreateStream", "timestream:CreateDatabase", "lambda:CreateFunction", "iot:CreateTopicRule",
                        "iam:PassRole", "lambda:CreateEventSourceMapping"), 12, account=acct, region=_org.US,
          ip="cloudformation.amazonaws.com", ua="cloudformation.amazonaws.com", start=d.at(13.25), minutes=15)  # fmt: skip


def admin_history(d: Day) -> None:
    """The old OT admin user signs in to the console with MFA now and then (its second key is never used)."""
    acct, r = A["otdata"], d.rng("admin-ot")
    ident = {"type": "IAMUser", "principalId": "AIDAOTLEGACYADMIN0001", "arn": f"arn:aws:iam::{acct}:user/admin-ot-legacy",
             "accountId": acct, "userName": "admin-ot-legacy"}  # fmt: skip
    ip = _org.NETS["hq"].at(30)
    d.out.append(_trail.record(r, d.at(14), "signin:ConsoleLogin", ident, account=acct, region="us-east-1", ip=ip, ua=_org.EDGE,
                               event_type="AwsConsoleSignIn", response={"ConsoleLogin": "Success"}, extra={"additionalEventData": {"MFAUsed": "Yes"}}))  # fmt: skip
    calls(d, r, {**ident, "accessKeyId": _trail.key(r)}, ("iam:ListUsers", "ec2:DescribeInstances", "s3:ListBuckets"), 8,
          account=acct, region=_org.CA, ip=ip, ua=_org.EDGE, start=d.at(14.05), minutes=20, console=True)  # fmt: skip


def day_changes(d: Day) -> None:
    """The explicit events of the day's changes (the lasting ones run in the background)."""
    skip = {TRAVELLER} if d.scored >= CHANGE_DAYS["travel"] else set()
    if d.scored == SCHEDULE["storm"]:
        skip |= {
            p.upn.split("@")[0]
            for p in _org.PEOPLE
            if p.role in ("EntraID-StormResponse", "EntraID-FieldEngineer")
        }
        storm_day(d)
    people_day(d, skip)
    if d.scored == CHANGE_DAYS["stacksets"] or d.scored == -12:
        tag = "conformance" if d.scored == 0 else "guardduty"
        apis = ("config:PutConformancePack", "config:PutConfigRule", "config:DescribeConformancePackStatus", "s3:CreateBucket") \
            if tag == "conformance" else ("guardduty:UpdateDetector", "guardduty:CreatePublishingDestination")  # fmt: skip
        stacksets(
            d,
            [A[n] for n in ("security", "otdata", "gridiot", "tools")]
            + ([A["outage"]] if d.scored == 0 else []),
            apis,
            tag,
        )
    if d.scored == SCHEDULE["new_account"]:
        new_account(d)
    if d.scored == CHANGE_DAYS["cip"]:
        cip_review(d)
    if d.scored >= CHANGE_DAYS["travel"]:
        travel(d)
    if d.scored == SCHEDULE["expansion"]:
        expansion(d)
    if d.scored in (-17, -9, -2):
        admin_history(d)


def truth(days: list[dt.date], scored: list[dt.date]) -> list[Record]:
    def at(i: int, hour: float = 0.0) -> dt.datetime:
        return dt.datetime.combine(scored[i], dt.time()) + dt.timedelta(hours=hour)

    end = at(len(scored) - 1, 24)
    rows = []
    for acct, role in (("gridiot", "EntraID-StormResponse"), ("otdata", "EntraID-FieldEngineer"),
                       ("gridiot", _keys.DECODER.role), ("gridiot", _keys.IOT_RULE.role)):  # fmt: skip
        rows.append(benign("B1", "storm day: crews on cellular networks from many towns, meter ingest x5", A[acct], role,
                           at(SCHEDULE["storm"]), at(SCHEDULE["storm"], 24)))  # fmt: skip
    for p in crew(
        "EntraID-StormResponse", "EntraID-FieldEngineer"
    ):  # their sign-ins (AssumeRoleWithSAML)
        rows.append(benign("B1", "storm day: crews on cellular networks from many towns, meter ingest x5", p.account, p.upn,
                           at(SCHEDULE["storm"]), at(SCHEDULE["storm"], 24)))  # fmt: skip
    auditor = person("e.chen").upn
    for name in ("management", "security", "otdata", "gridiot", "tools", "outage"):
        rows.append(benign("B2", "quarterly NERC CIP access review by compliance", A[name], auditor,
                           at(CHANGE_DAYS["cip"]), at(CHANGE_DAYS["cip"], 24)))  # fmt: skip
        rows.append(benign("B2", "quarterly NERC CIP access review by compliance", A[name], "EntraID-ComplianceAuditor",
                           at(CHANGE_DAYS["cip"]), at(CHANGE_DAYS["cip"], 24)))  # fmt: skip
    rows.append(benign("B3", "Roles Anywhere certificates renewed on the historian gateways", _keys.HISTORIAN.account,
                       _keys.HISTORIAN.role, at(SCHEDULE["renewal"], RENEWAL_HOUR), end))  # fmt: skip
    rows.append(
        benign(
            "B4",
            "CodeBuild image upgraded (new aws-cli, new OS)",
            A["tools"],
            _pipeline.BUILD_ROLE,
            at(SCHEDULE["codebuild"]),
            end,
        )
    )
    rows.append(
        benign(
            "B5",
            "the SOC vendor onboards a new analyst",
            A["security"],
            "SocVendorReadOnly",
            at(SCHEDULE["soc_analyst"]),
            end,
        )
    )
    for name in ("security", "otdata", "gridiot", "tools", "outage"):
        rows.append(benign("B6", "Config conformance pack rolled out by StackSets", A[name], EXEC_ROLE,
                           at(CHANGE_DAYS["stacksets"]), at(CHANGE_DAYS["stacksets"], 24)))  # fmt: skip
    rows.append(benign("B6", "Config conformance pack rolled out by StackSets", A["management"], ADMIN_ROLE,
                       at(CHANGE_DAYS["stacksets"]), at(CHANGE_DAYS["stacksets"], 24)))  # fmt: skip
    for role in (_keys.DECODER.role, _keys.IOT_RULE.role, _pipeline.DEPLOY_ROLE):
        rows.append(
            benign(
                "B7",
                "IoT pipeline expanded to us-east-2",
                A["gridiot"],
                role,
                at(SCHEDULE["expansion"]),
                end,
            )
        )
    hotel = " ".join(_org.NETS["hotel"].at(2000 + s.day) for s in scored[CHANGE_DAYS["travel"] :])
    rows.append(benign("B8", "a field engineer travels: console from a hotel in Orlando, CLI on his WorkSpace", A["otdata"],
                       "EntraID-FieldEngineer", at(CHANGE_DAYS["travel"]), end, ip=hotel))  # fmt: skip
    rows.append(benign("B8", "a field engineer travels: console from a hotel in Orlando, CLI on his WorkSpace", A["otdata"],
                       person(TRAVELLER).upn, at(CHANGE_DAYS["travel"]), end, ip=hotel))  # fmt: skip
    return rows
