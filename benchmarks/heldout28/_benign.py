"""The benign changes of the scored days (B1...): what really happens in a small agency in the
week of Black Friday and Cyber Monday, and what makes detectors cry wolf there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout28._background import console_session
from benchmarks.heldout28._org import AGENCY, BODEGA, Org, at
from benchmarks.heldout28._rec import CHROME_MAC, Cred, console_login, event, key_id
from benchmarks.heldout28._scene import Scene

EC2_CONSOLE = "console.ec2.amazonaws.com"


def day_end(day: dt.date) -> dt.datetime:
    return at(day, 24) - dt.timedelta(seconds=2)


def b1_quota_case(s: Scene, org: Org, day: dt.date, office: str) -> None:
    """Black Friday: marketing asks Support for a higher SES sending quota; the newsletter
    builder runs four times as often and the bounce handler suppresses four times as many."""
    p = org.people["marta.soler"]
    t0 = at(day, 8.4)
    apis = (
        ("support", "DescribeServices", "us-east-1", True),
        ("support", "DescribeSeverityLevels", "us-east-1", True),
        ("support", "DescribeCases", "us-east-1", True),
        ("ses", "GetSendQuota", "eu-west-1", True),
        ("ses", "GetAccount", "eu-west-1", True),
    )
    cred = console_session(s.rng, s.records, p, AGENCY, t0, office, 10, apis=apis)
    s.add(
        event(
            s.rng,
            cred,
            t0 + dt.timedelta(minutes=12),
            "support",
            "CreateCase",
            "us-east-1",
            office,
            p.browser,
            read_only=False,
            console=True,
            params={
                "subject": "Limit Increase: SES Sending Limits",
                "serviceCode": "service-limit-increase",
                "categoryCode": "ses-sending-limits",
                "severityCode": "normal",
                "language": "es",
            },
        )
    )
    s.truth(
        "B1",
        "Black Friday: SES quota case, four times the newsletter runs and bounces",
        "benign",
        principal=p.user.arn,
        start=t0,
        end=t0 + dt.timedelta(hours=2),
        max_sev="low",
    )
    for role in ("newsletter_task", "bounce_lambda"):
        s.truth(
            "B1",
            "",
            "benign",
            principal=org.roles[role].arn,
            start=at(day, 0),
            end=day_end(day),
            max_sev="low",
        )


def b2_onboard_freelancer(s: Scene, org: Org, day: dt.date, office: str) -> None:
    """A freelance designer from Lisbon joins: her user, password, group and key made by the
    developer; her first sign-in without MFA, then her MFA device, then her CLI."""
    admin, p = org.people["javier.molina"], org.people["ines.carvalho"]
    t0 = at(day, 9.1)
    cred = console_session(s.rng, s.records, admin, AGENCY, t0, office, 3)
    name = p.user.name
    steps: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
        ("CreateUser", {"userName": name, "tags": [{"key": "role", "value": "freelance"}]}, None),
        ("CreateLoginProfile", {"userName": name, "passwordResetRequired": True}, None),
        ("AddUserToGroup", {"groupName": "freelancers", "userName": name}, None),
        (
            "CreateAccessKey",
            {"userName": name},
            {"accessKey": {"accessKeyId": p.user.key, "status": "Active", "userName": name}},
        ),
    ]
    t = t0
    for api, params, resp in steps:
        t += dt.timedelta(seconds=40 + s.rng.randrange(60))
        s.add(
            event(
                s.rng,
                cred,
                t,
                "iam",
                api,
                "us-east-1",
                office,
                admin.browser,
                read_only=False,
                console=True,
                params=params,
                response=resp,
            )
        )
    s.truth(
        "B2",
        "A freelancer from Lisbon onboarded: user, key, first sign-in, MFA",
        "benign",
        principal=admin.user.arn,
        start=t0,
        end=t + dt.timedelta(minutes=5),
        max_sev="low",
    )
    home = p.ips["lisbon_meo"]
    t1 = t + dt.timedelta(minutes=50)
    mine = console_session(s.rng, s.records, p, AGENCY, t1, home, 8, mfa=False)
    for api in ("CreateVirtualMFADevice", "EnableMFADevice"):
        t1 += dt.timedelta(seconds=70)
        s.add(
            event(
                s.rng,
                mine,
                t1,
                "iam",
                api,
                "us-east-1",
                home,
                p.browser,
                read_only=False,
                console=True,
                params={"userName": name}
                if api == "EnableMFADevice"
                else {"virtualMFADeviceName": name},
            )
        )
    p.mfa = True  # from now on the console asks her for the device at every sign-in
    s.truth(
        "B2",
        "",
        "benign",
        principal=p.user.arn,
        start=t1 - dt.timedelta(hours=1),
        end=day_end(day),
        max_sev="low",
    )


def b3_sms_campaign(s: Scene, org: Org, day: dt.date, office: str) -> None:
    """Cyber Monday SMS campaign: the spend limit raised, a Support case for more."""
    p = org.people["nuria.castell"]
    t0 = at(day, 8.9)
    apis = (
        ("sns", "GetSMSAttributes", "eu-west-1", True),
        ("sms-voice", "DescribeSpendLimits", "eu-west-1", True),
        ("sms-voice", "DescribePhoneNumbers", "eu-west-1", True),
        ("sns", "GetSMSSandboxAccountStatus", "eu-west-1", True),
        ("support", "DescribeCases", "us-east-1", True),
    )
    cred = console_session(s.rng, s.records, p, AGENCY, t0, office, 12, apis=apis)
    s.add(
        event(
            s.rng,
            cred,
            t0 + dt.timedelta(minutes=9),
            "sns",
            "SetSMSAttributes",
            "eu-west-1",
            office,
            p.browser,
            read_only=False,
            console=True,
            params={"attributes": {"MonthlySpendLimit": "300", "DefaultSMSType": "Promotional"}},
        )
    )
    s.add(
        event(
            s.rng,
            cred,
            t0 + dt.timedelta(minutes=15),
            "support",
            "CreateCase",
            "us-east-1",
            office,
            p.browser,
            read_only=False,
            console=True,
            params={
                "subject": "Limit Increase: SNS Text Messaging",
                "serviceCode": "service-limit-increase",
                "categoryCode": "sns-text-messaging",
                "severityCode": "normal",
                "language": "es",
            },
        )
    )
    s.truth(
        "B3",
        "Cyber Monday SMS campaign: spend limit raised, Support case",
        "benign",
        principal=p.user.arn,
        start=t0,
        end=t0 + dt.timedelta(hours=2),
        max_sev="low",
    )


def b4_new_client_site(s: Scene, org: Org, day: dt.date, office: str) -> None:
    """A new client's site: SES identity, hosted zone, certificate and distribution."""
    p = org.people["pablo.ibanez"]
    t0 = at(day, 14.3)
    cred = console_session(s.rng, s.records, p, AGENCY, t0, office, 4)
    dom = "pasteleria-ruzafa.es"
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("route53", "CreateHostedZone", {"name": dom, "callerReference": key_id(s.rng, "")}),
        ("ses", "CreateEmailIdentity", {"emailIdentity": dom}),
        (
            "route53",
            "ChangeResourceRecordSets",
            {"hostedZoneId": "Z0871234ABCD", "changeBatch": {"changes": 3}},
        ),
        ("acm", "RequestCertificate", {"domainName": dom, "validationMethod": "DNS"}),
        (
            "route53",
            "ChangeResourceRecordSets",
            {"hostedZoneId": "Z0871234ABCD", "changeBatch": {"changes": 1}},
        ),
        ("cloudfront", "CreateDistribution", {"distributionConfig": {"comment": dom}}),
        (
            "lightsail",
            "CreateInstances",
            {"instanceNames": ["pasteleria-wp"], "blueprintId": "wordpress"},
        ),
    ]
    t = t0
    for svc, api, params in steps:
        t += dt.timedelta(seconds=60 + s.rng.randrange(240))
        region = "eu-west-1" if svc in ("ses", "lightsail") else "us-east-1"
        s.add(
            event(
                s.rng,
                cred,
                t,
                svc,
                api,
                region,
                office,
                p.browser,
                read_only=False,
                console=True,
                params=params,
            )
        )
    s.truth(
        "B4",
        "A new client's site: SES identity, hosted zone, certificate, distribution, Lightsail",
        "benign",
        principal=p.user.arn,
        start=t0,
        end=t + dt.timedelta(minutes=30),
        max_sev="low",
    )


def b5_bodega_joins(s: Scene, org: Org, day: dt.date, hour: float) -> None:
    """The client's owner makes the agency's role (with an external ID) in his own account;
    from then on the agency's staff assume it (the routine of ``bodega_day``)."""
    owner = Cred("user", BODEGA, "propietario", principal_id="AIDA" + key_id(s.rng, "")[:17])
    ip = org.net.public("mobile_es")
    t0 = at(day, hour - 0.6)
    s.add(console_login(s.rng, owner, t0, ip, CHROME_MAC, mfa=False))
    cred = Cred(
        "console_user",
        BODEGA,
        "propietario",
        principal_id=owner.principal_id,
        key=key_id(s.rng, "ASIA"),
        issued=t0,
    )
    t = t0
    for api, params in (
        ("CreateRole", {"roleName": "CardoAgencyAccess"}),
        (
            "AttachRolePolicy",
            {
                "roleName": "CardoAgencyAccess",
                "policyArn": "arn:aws:iam::aws:policy/PowerUserAccess",
            },
        ),
        (
            "AttachRolePolicy",
            {
                "roleName": "CardoAgencyAccess",
                "policyArn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess",
            },
        ),
    ):
        t += dt.timedelta(seconds=90)
        s.add(
            event(
                s.rng,
                cred,
                t,
                "iam",
                api,
                "us-east-1",
                ip,
                CHROME_MAC,
                read_only=False,
                console=True,
                params=params,
            )
        )
    s.truth(
        "B5",
        "A client's account joins: its owner makes CardoAgencyAccess, the staff assume it",
        "benign",
        principal=owner.arn,
        start=t0,
        end=t + dt.timedelta(minutes=5),
        max_sev="low",
    )
    s.truth(
        "B5",
        "",
        "benign",
        principal=org.roles["bodega_access"].arn,
        start=t,
        end=day_end(day),
        max_sev="low",
    )


def b6_travel(s: Scene, org: Org, day: dt.date) -> None:
    """The director checks the campaign from a London hotel on Saturday: MFA, her own browser."""
    p = org.people["lucia.ferrer"]
    ip = org.net.public("london_hotel")
    t0 = at(day, 9.6)
    console_session(s.rng, s.records, p, AGENCY, t0, ip, 18)
    t1 = at(day, 19.2)
    console_session(s.rng, s.records, p, AGENCY, t1, ip, 9)
    s.truth(
        "B6",
        "Director in London at the weekend, console with MFA",
        "benign",
        principal=p.user.arn,
        ips=[ip],
        start=t0,
        end=t1 + dt.timedelta(hours=2),
        max_sev="low",
    )
