"""The benign changes' own records and truth rows (what they change in the background is set
by ``incidents.plan`` and read in ``background``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from benchmarks.heldout26 import org as o
from benchmarks.heldout26.background import Org, operator_session, signed_in, sso_session
from benchmarks.heldout26.changes import later as _later
from benchmarks.heldout26.records import Identity, Trail, assumed, role_arn, stamp
from benchmarks.heldout26.truth import Row, row

M = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)


def benign(
    trail: Trail,
    org: Org,
    s: list[int],
    old: list[o.Customer],
    live: list[o.Customer],
    new: o.Customer,
    gone: o.Customer,
    end_of: Callable[[int], dt.datetime],
) -> list[Row]:
    rng = org.rng
    rows: list[Row] = []
    galway = [e for e in org.engineers if e.office == "galway_office"]
    krakow = [e for e in org.engineers if e.office == "krakow_office"]

    # B1: a customer onboarded: StackSets create the MSP's roles, engineers set the account up
    t = org.at(new.joins, 9.5)
    stack_key, stack_id, stack_session = o.key(rng), o.uid(rng, "AROA"), o.uid(rng, "", 12).lower()
    trail.mint(
        t - M,
        new.account,
        new.region,
        "cloudformation.amazonaws.com",
        "AWSCloudFormationStackSetExecutionRole",
        stack_id,
        stack_session,
        stack_key,
        hours=1,
    )
    stack = assumed(
        new.account,
        "AWSCloudFormationStackSetExecutionRole",
        stack_session,
        stack_key,
        stack_id,
        t - M,
    )
    for n, (src, name) in enumerate(
        (
            ("iam.amazonaws.com", "CreateRole"),
            ("iam.amazonaws.com", "PutRolePolicy"),
            ("iam.amazonaws.com", "CreateRole"),
            ("iam.amazonaws.com", "AttachRolePolicy"),
            ("config.amazonaws.com", "PutConfigurationRecorder"),
            ("config.amazonaws.com", "StartConfigurationRecorder"),
            ("ssm.amazonaws.com", "CreateAssociation"),
            ("iam.amazonaws.com", "CreateRole"),
        )
    ):
        trail.call(
            t + M * n * 0.5,
            new.account,
            o.GLOBAL if src.startswith("iam") else new.region,
            stack,
            src,
            name,
            "cloudformation.amazonaws.com",
            "cloudformation.amazonaws.com",
            request={},
            invoked_by="cloudformation.amazonaws.com",
        )
    setup = galway[0]
    sso = sso_session(
        trail,
        org,
        setup,
        t + M * 20,
        o.IDENTITY_ACCOUNT,
        setup.ips["office"],
        setup.cli.replace("{cmd}", "sso.login"),
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("B1", "", "benign", "low", signed - M, signed + M, event_ids=portal))
    for h in range(4):
        operator_session(
            trail,
            org,
            setup,
            sso,
            new,
            t + H * (0.5 + h),
            setup.ips["office"],
            rng.randint(15, 30),
            console=h % 2 == 1,
        )
    for role in (
        "SkelligAutomation",
        "SkelligOperator",
        "AWSCloudFormationStackSetExecutionRole",
        "AWSServiceRoleForConfig",
        "AWS-SystemsManager-AutomationExecutionRole",
        new.fleet_role,
        f"{new.name.split('-')[0]}-api-task",
        *(f"{f}-role" for f in new.functions),
    ):
        rows.append(
            row(
                "B1",
                "a customer onboarded: its account joins, StackSets create Skellig's roles, an engineer sets it up"
                if not any(r["id"] == "B1" and r["name"] for r in rows)
                else "",
                "benign",
                "low",
                org.at(new.joins, 0),
                end_of(new.joins),
                principal_arn=role_arn(new.account, role),
            )
        )

    # B2: a customer offboarded: its admin deletes Skellig's roles; the dispatcher is denied
    # hourly until an engineer takes the account out of the inventory
    t = org.at(gone.offboarded or s[2], 9.9)
    admin_key = o.key(rng)
    person = gone.console_people[0]
    saml = Identity(
        {
            "type": "SAMLUser",
            "principalId": f"Gmk0PVZnPxqEx1bQhaRHgA==:{person}",
            "userName": person,
            "identityProvider": f"arn:aws:iam::{gone.account}:saml-provider/EntraID",
        }
    )
    trail.call(
        t,
        gone.account,
        gone.region,
        saml,
        "sts.amazonaws.com",
        "AssumeRoleWithSAML",
        gone.office_ips[0],
        o.CONSOLE_UA,
        request={
            "roleArn": role_arn(gone.account, "CustomerAdmins"),
            "principalArn": f"arn:aws:iam::{gone.account}:saml-provider/EntraID",
            "durationSeconds": 3600,
        },
        response={
            "credentials": {"accessKeyId": admin_key, "expiration": stamp(t + H)},
            "subject": person,
            "subjectType": "persistent",
        },
    )
    adm = assumed(
        gone.account, "CustomerAdmins", person, admin_key, gone.role_ids["saml"], t, mfa=True
    )
    for n, (name, role) in enumerate(
        (
            ("ListRoles", ""),
            ("DetachRolePolicy", "SkelligOperator"),
            ("DeleteRole", "SkelligOperator"),
            ("DetachRolePolicy", "SkelligAutomation"),
            ("DeleteRole", "SkelligAutomation"),
            ("DeleteRole", "AWS-SystemsManager-AutomationExecutionRole"),
        )
    ):
        trail.call(
            t + M * (1 + n),
            gone.account,
            o.GLOBAL,
            adm,
            "iam.amazonaws.com",
            name,
            gone.office_ips[0],
            o.CONSOLE_UA,
            request={"roleName": role} if role else {},
            console=True,
        )
    cleaned = org.at(org.changes["offboard_cleaned"][0], org.changes["offboard_cleaned"][1] + 0.3)
    eng = krakow[-1]
    auto = sso_session(
        trail,
        org,
        eng,
        cleaned,
        o.AUTOMATION_ACCOUNT,
        eng.ips["office"],
        eng.cli.replace("{cmd}", "sso.login"),
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("B2", "", "benign", "low", signed - M, signed + M, event_ids=portal))
    trail.call(
        cleaned + M,
        o.AUTOMATION_ACCOUNT,
        o.HOME,
        auto,
        "ssm.amazonaws.com",
        "DeleteParameter",
        eng.ips["office"],
        eng.cli.replace("{cmd}", "ssm.delete-parameter"),
        request={"name": f"/skellig/customers/{gone.name}/external-id"},
    )
    rows.append(
        row(
            "B2",
            "a customer offboarded: its admin deletes Skellig's roles, the dispatcher is denied until the inventory is cleaned",
            "benign",
            "low",
            t,
            cleaned + M * 5,
            principal_arn=role_arn(o.AUTOMATION_ACCOUNT, "runbook-dispatcher"),
        )
    )
    rows.append(row("B2", "", "benign", "low", t, t + M * 10, access_key_id=admin_key))

    # B3: the tooling upgrade rolled out to every customer at once (Python 3.12, new calls)
    day3, hour3 = org.changes["upgrade_day"]
    t = org.at(day3, hour3 - 0.2)
    dev = galway[1 % len(galway)]
    dep = sso_session(
        trail,
        org,
        dev,
        t,
        o.AUTOMATION_ACCOUNT,
        dev.ips["office"],
        dev.cli.replace("{cmd}", "sso.login"),
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("B3", "", "benign", "low", signed - M, signed + M, event_ids=portal))
    for n, name in enumerate(
        (
            "UpdateFunctionConfiguration20150331v2",
            "UpdateFunctionCode20150331v2",
            "PublishVersion20150331",
            "UpdateAlias20150331",
        )
    ):
        trail.call(
            t + M * (1 + n),
            o.AUTOMATION_ACCOUNT,
            o.HOME,
            dep,
            "lambda.amazonaws.com",
            name,
            dev.ips["office"],
            dev.cli.replace("{cmd}", "lambda.x"),
            request={"functionName": "skellig-runbook-dispatcher"},
        )
    last = end_of(s[4])
    rows.append(
        row(
            "B3",
            "the runbooks' upgrade rolled out to every customer at once: Python 3.12 and Inspector, inventory and Security Hub reads",
            "benign",
            "low",
            t,
            last,
            principal_arn=role_arn(o.AUTOMATION_ACCOUNT, "runbook-dispatcher"),
        )
    )
    rows.append(row("B3", "", "benign", "low", t, t + M * 10, access_key_id=dep.key))
    for c in org.managed(day3):
        rows.append(
            row(
                "B3",
                "",
                "benign",
                "low",
                t,
                last,
                principal_arn=role_arn(c.account, "SkelligAutomation"),
            )
        )

    # B4: on call at night: a Kraków engineer reboots and resizes from home at 02:40 UTC
    oc = krakow[0] if krakow[0].name != org.engineers[1].name or len(krakow) < 2 else krakow[1]
    t = org.at(s[0], 2.65)
    sso = sso_session(
        trail, org, oc, t, o.IDENTITY_ACCOUNT, oc.ips["home"], oc.cli.replace("{cmd}", "sso.login")
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("B4", "", "benign", "low", signed - M, signed + M, event_ids=portal))
    c = live[-1]
    op = operator_session(trail, org, oc, sso, c, t + M * 3, oc.ips["home"], 12)
    trail.call(
        t + M * 40,
        c.account,
        c.region,
        op,
        "ec2.amazonaws.com",
        "RebootInstances",
        oc.ips["home"],
        oc.cli.replace("{cmd}", "ec2.reboot-instances"),
        request={"instancesSet": {"items": [{"instanceId": c.instances[0].instance_id}]}},
    )
    trail.call(
        t + M * 55,
        c.account,
        c.region,
        op,
        "ec2.amazonaws.com",
        "ModifyInstanceAttribute",
        oc.ips["home"],
        oc.cli.replace("{cmd}", "ec2.modify-instance-attribute"),
        request={"instanceId": c.instances[0].instance_id, "instanceType": {"value": "m6i.xlarge"}},
    )
    rows.append(
        row(
            "B4",
            "on call at night: an engineer reboots and resizes a customer's instance from home",
            "benign",
            "low",
            t - M,
            t + H,
            access_key_id=sso.key,
            source_ip=oc.ips["home"],
        )
    )
    rows.append(
        row("B4", "", "benign", "low", t - M, t + H, access_key_id=op.key, source_ip=oc.ips["home"])
    )

    # B5: an engineer at re:Invent in Las Vegas, the usual laptop, working Irish customers' hours
    trav = galway[-1]
    vegas = o.host(rng, "vegas_hotel")
    t = org.at(s[2], 16.2)
    sso = sso_session(
        trail, org, trav, t, o.IDENTITY_ACCOUNT, vegas, trav.cli.replace("{cmd}", "sso.login")
    )
    portal, signed = signed_in(trail)  # the sign-in itself: no key, named by its event
    rows.append(row("B5", "", "benign", "low", signed - M, signed + M, event_ids=portal))
    trail.call(
        t + M,
        o.IDENTITY_ACCOUNT,
        o.HOME,
        sso,
        "sts.amazonaws.com",
        "GetCallerIdentity",
        vegas,
        trav.cli.replace("{cmd}", "sts.get-caller-identity"),
    )
    rows.append(
        row(
            "B5",
            "an engineer at re:Invent in Las Vegas, usual laptop and client",
            "benign",
            "low",
            t - M,
            t + H * 5,
            access_key_id=sso.key,
            source_ip=vegas,
        )
    )
    mine = [c for c in org.managed(s[2]) if c.account in trav.customers][:2] or live[:1]
    for n, c in enumerate(mine):
        op = operator_session(
            trail,
            org,
            trav,
            sso,
            c,
            t + H * (0.5 + 1.5 * n),
            vegas,
            rng.randint(6, 14),
            console=n == 1,
        )
        rows.append(
            row("B5", "", "benign", "low", t - M, t + H * 5, access_key_id=op.key, source_ip=vegas)
        )

    rows += _later(trail, org, s, live, end_of, last)
    return rows
