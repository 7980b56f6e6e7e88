"""The later benign changes of the scored days (B6-B11): patching, re-addressing, an SDK
rewrite, month-end costs and a customer's own audit; the first five are in ``benign``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from benchmarks.heldout26 import org as o
from benchmarks.heldout26.background import Org, operator_session, signed_in, sso_session
from benchmarks.heldout26.records import Identity, Trail, assumed, role_arn, stamp
from benchmarks.heldout26.truth import Row, row

M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
PROWLER_CALLS = (
    ("iam.amazonaws.com", "GetAccountPasswordPolicy"),
    ("iam.amazonaws.com", "ListUsers"),
    ("iam.amazonaws.com", "ListPolicies"),
    ("iam.amazonaws.com", "GetAccountAuthorizationDetails"),
    ("iam.amazonaws.com", "GenerateCredentialReport"),
    ("iam.amazonaws.com", "GetCredentialReport"),
    ("s3.amazonaws.com", "ListBuckets"),
    ("s3.amazonaws.com", "GetBucketPolicy"),
    ("s3.amazonaws.com", "GetBucketEncryption"),
    ("s3.amazonaws.com", "GetBucketPublicAccessBlock"),
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeSecurityGroups"),
    ("ec2.amazonaws.com", "DescribeFlowLogs"),
    ("ec2.amazonaws.com", "DescribeVpcs"),
    ("cloudtrail.amazonaws.com", "DescribeTrails"),
    ("cloudtrail.amazonaws.com", "GetEventSelectors"),
    ("guardduty.amazonaws.com", "ListDetectors"),
    ("kms.amazonaws.com", "ListKeys"),
    ("kms.amazonaws.com", "GetKeyRotationStatus"),
    ("rds.amazonaws.com", "DescribeDBInstances"),
    ("lambda.amazonaws.com", "ListFunctions20150331"),
    ("secretsmanager.amazonaws.com", "ListSecrets"),
    ("config.amazonaws.com", "DescribeConfigurationRecorders"),
    ("securityhub.amazonaws.com", "DescribeHub"),
)


def later(
    trail: Trail,
    org: Org,
    s: list[int],
    live: list[o.Customer],
    end_of: Callable[[int], dt.datetime],
    last: dt.datetime,
) -> list[Row]:
    rng = org.rng
    rows: list[Row] = []
    galway = [e for e in org.engineers if e.office == "galway_office"]
    # B6: an emergency patch run across every customer in the afternoon (background)
    t = org.at(s[0], 13.0)
    for c in org.managed(s[0]):
        rows.append(
            row(
                "B6",
                "an out-of-band patch run across every customer at once, in working hours"
                if c is org.managed(s[0])[0]
                else "",
                "benign",
                "low",
                t,
                t + H * 3,
                principal_arn=role_arn(c.account, "AWS-SystemsManager-AutomationExecutionRole"),
            )
        )

    # B7: an Elastic IP moved onto an instance by the customer's admin (background re-addresses it)
    inst, when, ip = org.changes["eip_move"]
    c = next(c for c in org.customers if inst in c.instances)
    k = o.key(rng)
    person = c.console_people[-1]
    saml = Identity(
        {
            "type": "SAMLUser",
            "principalId": f"Gmk0PVZnPxqEx1bQhaRHgA==:{person}",
            "userName": person,
            "identityProvider": f"arn:aws:iam::{c.account}:saml-provider/EntraID",
        }
    )
    trail.call(
        when - M * 5,
        c.account,
        c.region,
        saml,
        "sts.amazonaws.com",
        "AssumeRoleWithSAML",
        c.office_ips[0],
        o.CONSOLE_UA,
        request={
            "roleArn": role_arn(c.account, "CustomerAdmins"),
            "principalArn": f"arn:aws:iam::{c.account}:saml-provider/EntraID",
            "durationSeconds": 3600,
        },
        response={
            "credentials": {"accessKeyId": k, "expiration": stamp(when + H)},
            "subject": person,
            "subjectType": "persistent",
        },
    )
    adm = assumed(
        c.account, "CustomerAdmins", person, k, c.role_ids["saml"], when - M * 5, mfa=True
    )
    alloc = o.uid(rng, "eipalloc-0", 16).lower()
    trail.call(
        when - M * 2,
        c.account,
        c.region,
        adm,
        "ec2.amazonaws.com",
        "AssociateAddress",
        c.office_ips[0],
        o.CONSOLE_UA,
        request={"instanceId": inst.instance_id, "allocationId": alloc, "allowReassociation": True},
        response={
            "requestId": o.uid(rng, "", 8).lower(),
            "_return": True,
            "associationId": o.uid(rng, "eipassoc-0", 16).lower(),
        },
        console=True,
    )
    trail.call(
        when - M * 3,
        c.account,
        c.region,
        adm,
        "ec2.amazonaws.com",
        "DescribeAddresses",
        c.office_ips[0],
        o.CONSOLE_UA,
        request={"allocationIdSet": {"items": [{"allocationId": alloc}]}},
        response={
            "addressesSet": {"items": [{"publicIp": ip, "allocationId": alloc, "domain": "vpc"}]}
        },
        console=True,
    )
    rows.append(
        row(
            "B7",
            "an Elastic IP associated to an instance by the customer's admin; its calls come from the new address",
            "benign",
            "info",
            when - M * 3,
            end_of(s[2]),
            principal_arn=role_arn(c.account, c.fleet_role),
            source_ip=ip,
        )
    )

    # B8: a customer's NAT gateway replaced; the ECS tasks egress from the new address
    c, when, ip = org.changes["nat_move"]
    eng = galway[0]
    sso = sso_session(
        trail,
        org,
        eng,
        when - M * 20,
        o.IDENTITY_ACCOUNT,
        eng.ips["office"],
        eng.cli.replace("{cmd}", "sso.login"),
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("B8", "", "benign", "info", signed - M, signed + M, event_ids=portal))
    op = operator_session(trail, org, eng, sso, c, when - M * 15, eng.ips["office"], 3)
    nat_id = o.uid(rng, "nat-0", 16).lower()
    trail.call(
        when - M * 10,
        c.account,
        c.region,
        op,
        "ec2.amazonaws.com",
        "CreateNatGateway",
        eng.ips["office"],
        eng.cli.replace("{cmd}", "ec2.create-nat-gateway"),
        request={
            "CreateNatGatewayRequest": {
                "SubnetId": o.uid(rng, "subnet-0", 16).lower(),
                "AllocationId": o.uid(rng, "eipalloc-0", 16).lower(),
            }
        },
        response={
            "CreateNatGatewayResponse": {
                "natGateway": {
                    "natGatewayId": nat_id,
                    "natGatewayAddressSet": {"item": {"publicIp": ip}},
                    "state": "pending",
                }
            }
        },
    )
    trail.call(
        when + M * 5,
        c.account,
        c.region,
        op,
        "ec2.amazonaws.com",
        "DeleteNatGateway",
        eng.ips["office"],
        eng.cli.replace("{cmd}", "ec2.delete-nat-gateway"),
        request={"DeleteNatGatewayRequest": {"NatGatewayId": o.uid(rng, "nat-0", 16).lower()}},
    )
    rows.append(
        row(
            "B8",
            "a customer's NAT gateway replaced; its ECS tasks egress from the new address",
            "benign",
            "info",
            when - M * 10,
            end_of(org.changes["nat_move"][1].toordinal() - org.start.toordinal()),
            principal_arn=role_arn(c.account, f"{c.name.split('-')[0]}-api-task"),
            source_ip=ip,
        )
    )

    # B9: a customer rewrites its API service in Python: a new SDK, the same calls
    c, when = org.changes["sdk_upgrade"]
    rows.append(
        row(
            "B9",
            "a customer's ECS API service rewritten from Java to Python: a new SDK and runtime",
            "benign",
            "low",
            when,
            last,
            principal_arn=role_arn(c.account, f"{c.name.split('-')[0]}-api-task"),
        )
    )

    # B10: month start: the FinOps engineer reads every customer's costs
    fin = galway[min(2, len(galway) - 1)]
    t = org.at(s[0], 9.2)
    sso = sso_session(
        trail,
        org,
        fin,
        t,
        o.IDENTITY_ACCOUNT,
        fin.ips["office"],
        fin.cli.replace("{cmd}", "sso.login"),
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("B10", "", "benign", "low", signed - M, signed + M, event_ids=portal))
    rows.append(
        row(
            "B10",
            "month start: the FinOps engineer reads every customer's costs and budgets",
            "benign",
            "low",
            t,
            t + H * 4,
            access_key_id=sso.key,
        )
    )
    for n, c in enumerate(org.managed(s[0])):
        k = o.key(rng)
        tt = t + M * (5 + 8 * n)
        trail.assume(
            tt,
            sso,
            fin.ips["office"],
            fin.cli.replace("{cmd}", "sts.assume-role"),
            c.account,
            c.region,
            "SkelligOperator",
            c.role_ids["SkelligOperator"],
            fin.name,
            k,
            external_id=c.external_id,
            caller_region=o.HOME,
        )
        op = assumed(
            c.account,
            "SkelligOperator",
            fin.name,
            k,
            c.role_ids["SkelligOperator"],
            tt,
            source_identity=fin.name,
        )
        for j, (src, name) in enumerate(
            (
                ("ce.amazonaws.com", "GetCostAndUsage"),
                ("ce.amazonaws.com", "GetCostForecast"),
                ("ce.amazonaws.com", "GetSavingsPlansUtilization"),
                ("budgets.amazonaws.com", "DescribeBudgets"),
                ("ce.amazonaws.com", "GetReservationCoverage"),
            )
        ):
            trail.call(
                tt + M * (1 + j),
                c.account,
                o.GLOBAL,
                op,
                src,
                name,
                fin.ips["office"],
                fin.cli.replace("{cmd}", f"{src.split('.')[0]}.x"),
                request={},
            )
        rows.append(row("B10", "", "benign", "low", tt, tt + M * 8, access_key_id=k))

    # B11: a customer-commissioned Prowler audit from the auditor's SaaS, with an external ID
    c = live[0]
    audit = o.host(rng, "audit_saas")
    vendor = o.account_id(rng)
    t = org.at(s[4], 5.0)
    scanner = assumed(
        vendor, "prowler-saas-scanner", "scan-worker", o.key(rng), o.uid(rng, "AROA"), t - M * 5
    )
    k = o.key(rng)
    trail.assume(
        t,
        scanner,
        audit,
        o.PROWLER,
        c.account,
        c.region,
        "ProwlerScanRole",
        o.uid(rng, "AROA"),
        "ProwlerAssessmentSession",
        k,
        external_id=f"prowler-{rng.randint(10**6, 10**7)}",
        log_caller=False,
    )
    scan = assumed(
        c.account, "ProwlerScanRole", "ProwlerAssessmentSession", k, o.uid(rng, "AROA"), t
    )
    n = 0
    for region in o.REGIONS:
        for src, name in PROWLER_CALLS:
            if src.startswith("iam") and region != o.GLOBAL:
                continue
            err = (
                "AccessDenied"
                if name in ("GetCredentialReport",)
                or (src.startswith("securityhub") and region != c.region)
                else None
            )
            trail.call(
                t + dt.timedelta(seconds=4 * n),
                c.account,
                o.GLOBAL if src.startswith("iam") else region,
                scan,
                src,
                name,
                audit,
                o.PROWLER,
                request={},
                error=err,
            )
            n += 1
    rows.append(
        row(
            "B11",
            "a customer-commissioned Prowler audit assumes a scan role with an external ID and reads everything",
            "benign",
            "low",
            t,
            t + dt.timedelta(seconds=4 * n + 60),
            principal_arn=role_arn(c.account, "ProwlerScanRole"),
        )
    )
    return rows
