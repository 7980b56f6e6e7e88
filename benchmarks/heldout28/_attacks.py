"""The attacks of the scored days (A1...), each drawn from a public pattern: SES and SNS abuse
with a leaked key (the SESsion-hijack and SMS-pumping write-ups: quota, identities, sandbox,
spend limits), a plugin's key found by a scanner, IMDSv1 SSRF on a WordPress plugin, a root
password phished, a freelancer's key used after offboarding, a developer's key from an
infostealer replayed with his own CLI, a GitHub OIDC trust that admits pull requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout28._org import AGENCY, SITES, Org, at
from benchmarks.heldout28._rec import (
    ATTACK_PY,
    CHROME_WIN,
    MAC_CLI,
    UBUNTU_CLI,
    Cred,
    cli_v2,
    console_login,
    event,
    key_id,
    mint,
)
from benchmarks.heldout28._scene import Scene

TRUFFLE = "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64)"


def calls(
    s: Scene,
    cred: Cred,
    t: dt.datetime,
    ip: str,
    ua: str,
    plan: list[tuple[Any, ...]],
    gap: int = 20,
    recipient: str | None = None,
) -> dt.datetime:
    """Each (service, name, region, read only[, error[, params]]) in turn, ``gap`` seconds apart
    on average; returns the time after the last."""
    for item in plan:
        svc, name, region, ro = item[:4]
        error = item[4] if len(item) > 4 else None
        params = item[5] if len(item) > 5 else None
        t += dt.timedelta(seconds=1 + s.rng.randrange(gap * 2))
        s.add(
            event(
                s.rng,
                cred,
                t,
                svc,
                name,
                region,
                ip,
                ua,
                read_only=ro,
                error=error,
                params=params,
                recipient=recipient,
            )
        )
    return t


def a1_ses_abuse(s: Scene, org: Org, day: dt.date) -> None:
    """A WP Offload SES key from a client site's exposed wp-config backup, used from a VPS."""
    site = next(x for x in org.sites if x.ses_user is not None and not x.host_ip.startswith("18."))
    user, ip = site.ses_user, org.net.public("vps_do_ams")
    assert user is not None
    t0 = at(day, 3.2)
    plan = (
        [("sts", "GetCallerIdentity", "us-east-1", True)]
        + [("ses", "GetSendQuota", r, True) for r in ("us-east-1", "eu-west-1", "eu-central-1")]
        + [
            ("ses", "GetAccountSendingEnabled", "eu-west-1", True),
            ("ses", "GetAccount", "eu-west-1", True),
            ("ses", "ListIdentities", "eu-west-1", True),
            ("ses", "ListEmailIdentities", "eu-west-1", True),
            ("iam", "ListUsers", "us-east-1", True, "AccessDenied"),
            (
                "ses",
                "CreateEmailIdentity",
                "eu-west-1",
                False,
                None,
                {"emailIdentity": "factura-segura-docs.com"},
            ),
            (
                "ses",
                "PutEmailIdentityMailFromAttributes",
                "eu-west-1",
                False,
                None,
                {
                    "emailIdentity": "factura-segura-docs.com",
                    "mailFromDomain": "mail.factura-segura-docs.com",
                },
            ),
            ("ses", "GetEmailIdentity", "eu-west-1", True),
            ("support", "CreateCase", "us-east-1", False, "AccessDeniedException"),
        ]
    )
    end = calls(s, user, t0, ip, ATTACK_PY, plan, gap=30)
    s.truth(
        "A1",
        "WP Offload SES key from a leaked site backup probing SES from a VPS",
        "attack",
        key=user.key,
        ips=[ip],
        start=t0,
        end=end,
        min_sev="medium",
    )


def a2_sms_pumping(s: Scene, org: Org, day: dt.date) -> None:
    """Sendy's key (SES and SNS full access for bounces) used to prepare SMS pumping."""
    user, ip = org.extra["sendy"], org.net.public("vps_hetzner")
    t0 = at(day, 14.6)
    plan: list[tuple[Any, ...]] = [("sts", "GetCallerIdentity", "us-east-1", True)]
    for r in ("us-east-1", "eu-west-1", "eu-south-2"):
        plan += [
            ("sns", "GetSMSAttributes", r, True),
            ("sns", "GetSMSSandboxAccountStatus", r, True),
        ]
    plan += [
        ("sms-voice", "DescribeSpendLimits", "eu-west-1", True, "AccessDeniedException"),
        ("sns", "ListSMSSandboxPhoneNumbers", "eu-west-1", True),
        (
            "sns",
            "SetSMSAttributes",
            "eu-west-1",
            False,
            None,
            {
                "attributes": {
                    "DefaultSMSType": "Transactional",
                    "MonthlySpendLimit": "1000",
                    "DefaultSenderID": "INFO",
                }
            },
        ),
        (
            "sns",
            "CreateSMSSandboxPhoneNumber",
            "eu-west-1",
            False,
            None,
            {"phoneNumber": "+9647801234567", "languageCode": "en-US"},
        ),
        (
            "sns",
            "CreateSMSSandboxPhoneNumber",
            "eu-west-1",
            False,
            None,
            {"phoneNumber": "+2348031234567", "languageCode": "en-US"},
        ),
        ("sns", "ListOriginationNumbers", "eu-west-1", True),
        ("support", "CreateCase", "us-east-1", False, "AccessDeniedException"),
    ]
    end = calls(s, user, t0, ip, ATTACK_PY, plan, gap=40)
    s.truth(
        "A2",
        "Sendy's key preparing SMS pumping (sandbox numbers, spend limit) from Hetzner",
        "attack",
        key=user.key,
        ips=[ip],
        start=t0,
        end=end,
        min_sev="medium",
    )


def a3_root_phished(s: Scene, org: Org, day: dt.date) -> Cred:
    """The sites account's root (no MFA, password in a shared vault) signed in from Lagos; an
    administrator user planted with a key (used in A9)."""
    root, ip = org.root[SITES], org.net.public("lagos_mtn")
    t0 = at(day, 21.3)
    s.add(console_login(s.rng, root, t0, ip, CHROME_WIN, mfa=False))
    console = Cred("root", SITES, "root", key=key_id(s.rng, "ASIA"), issued=t0)
    planted = Cred(
        "user",
        SITES,
        "support-admin",
        principal_id="AIDA" + key_id(s.rng, "")[:17],
        key=key_id(s.rng, "AKIA"),
    )
    plan: list[tuple[Any, ...]] = [
        ("iam", "GetAccountSummary", "us-east-1", True),
        ("iam", "ListUsers", "us-east-1", True),
        ("ec2", "DescribeRegions", "eu-south-2", True),
        ("ce", "GetCostAndUsage", "us-east-1", True),
        ("iam", "CreateUser", "us-east-1", False, None, {"userName": "support-admin"}),
        (
            "iam",
            "AttachUserPolicy",
            "us-east-1",
            False,
            None,
            {
                "userName": "support-admin",
                "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess",
            },
        ),
        (
            "iam",
            "CreateLoginProfile",
            "us-east-1",
            False,
            None,
            {"userName": "support-admin", "passwordResetRequired": False},
        ),
    ]
    t = t0
    for item in plan:
        t += dt.timedelta(seconds=15 + s.rng.randrange(60))
        s.add(
            event(
                s.rng,
                console,
                t,
                item[0],
                item[1],
                item[2],
                ip,
                CHROME_WIN,
                read_only=item[3],
                error=item[4] if len(item) > 4 else None,
                params=item[5] if len(item) > 5 else None,
                console=True,
            )
        )
    t += dt.timedelta(seconds=40)
    s.add(
        event(
            s.rng,
            console,
            t,
            "iam",
            "CreateAccessKey",
            "us-east-1",
            ip,
            CHROME_WIN,
            read_only=False,
            console=True,
            params={"userName": "support-admin"},
            response={
                "accessKey": {
                    "accessKeyId": planted.key,
                    "status": "Active",
                    "userName": "support-admin",
                }
            },
        )
    )
    s.truth(
        "A3",
        "Sites account root signed in from Lagos without MFA, planting an administrator",
        "attack",
        principal=root.arn,
        ips=[ip],
        start=t0,
        end=t,
        min_sev="high",
    )
    return planted


def a4_after_offboarding(s: Scene, org: Org, day: dt.date) -> None:
    """The freelancer's key, left active when he was offboarded, used from his usual home line
    with his usual CLI at night: most calls denied now that his group is gone."""
    p = org.people["diego.sosa"]
    ip, t0 = p.ips["buenos_aires"], at(day, 1.4)
    denied = [
        ("route53", "ListHostedZones", "us-east-1", True, "AccessDenied"),
        ("ses", "ListIdentities", "eu-west-1", True, "AccessDenied"),
        ("lightsail", "GetInstances", "eu-west-1", True, "AccessDeniedException"),
        ("sts", "AssumeRole", "eu-south-2", True, "AccessDenied"),
        ("s3", "ListBuckets", "eu-south-2", True, "AccessDenied"),
        ("ses", "ListContactLists", "eu-west-1", True, "AccessDenied"),
        ("cloudfront", "ListDistributions", "us-east-1", True, "AccessDenied"),
    ]
    plan: list[tuple[Any, ...]] = [
        ("sts", "GetCallerIdentity", "us-east-1", True),
        ("iam", "ListAttachedUserPolicies", "us-east-1", True, "AccessDenied"),
        ("iam", "ListGroupsForUser", "us-east-1", True, "AccessDenied"),
    ]
    plan += [s.rng.choice(denied) for _ in range(22)]
    t = t0
    for item in plan:
        t += dt.timedelta(seconds=30 + s.rng.randrange(400))
        cmd = f"{item[0]}.{item[1].lower()}"
        s.add(
            event(
                s.rng,
                p.user,
                t,
                item[0],
                item[1],
                item[2],
                ip,
                cli_v2(MAC_CLI, cmd),
                read_only=item[3],
                error=item[4] if len(item) > 4 else None,
            )
        )
    s.truth(
        "A4",
        "Offboarded freelancer's forgotten key, from his home line, mostly denied",
        "attack",
        key=p.user.key,
        ips=[ip],
        start=t0,
        end=t,
        min_sev="medium",
    )


def a5_scanner(s: Scene, org: Org, day: dt.date) -> None:
    """An UpdraftPlus key harvested from a site by a scanner on the agency's threat list."""
    site = next(x for x in org.sites if x.backup_user is not None)
    user, ip = site.backup_user, org.net.public("scanner")
    assert user is not None
    t0 = at(day, 9.8)
    plan = [
        ("sts", "GetCallerIdentity", "us-east-1", True),
        ("s3", "ListBuckets", "us-east-1", True),
        ("iam", "ListUsers", "us-east-1", True, "AccessDenied"),
        ("ec2", "DescribeRegions", "us-east-1", True, "UnauthorizedOperation"),
        ("ses", "GetSendQuota", "us-east-1", True, "AccessDenied"),
        ("lambda", "ListFunctions20150331", "us-east-1", True, "AccessDeniedException"),
    ]
    end = calls(s, user, t0, ip, TRUFFLE, plan, gap=2)
    s.truth(
        "A5",
        "UpdraftPlus key tested by a scanner on the threat list",
        "attack",
        key=user.key,
        ips=[ip],
        start=t0,
        end=end,
        min_sev="high",
    )


def a8_quiet_recon(s: Scene, org: Org, day: dt.date) -> None:
    """The developer's key from an infostealer, replayed with his exact CLI through a Madrid
    VPN, one read every half hour through a Saturday; the CLI's role profile assumes
    CardoSitesAdmin when a command needs it and its hour is up."""
    p = org.people["javier.molina"]
    ip = org.net.public("vpn_m247_mad")
    t = t0 = at(day, 8.7)
    role = "CardoSitesAdmin"
    reads = [
        ("iam", "ListUsers", "us-east-1", "user"),
        ("iam", "ListAccessKeys", "us-east-1", "user"),
        ("iam", "GetAccountAuthorizationDetails", "us-east-1", "user"),
        ("ses", "ListIdentities", "eu-west-1", "user"),
        ("secretsmanager", "ListSecrets", "eu-south-2", role),
        ("ec2", "DescribeInstances", "eu-south-2", role),
        ("lightsail", "GetInstances", "eu-west-1", role),
        ("ssm", "DescribeInstanceInformation", "eu-south-2", role),
        ("route53", "ListHostedZones", "us-east-1", "user"),
    ]
    sessions: list[Cred] = []
    for svc, name, region, who in reads:
        t += dt.timedelta(minutes=25 + s.rng.randrange(20))
        ua = cli_v2(UBUNTU_CLI, f"{svc}.{name.lower()}")
        cred = p.user
        if who == role:
            if not sessions or t - (sessions[-1].issued or t) > dt.timedelta(minutes=55):
                rec, fresh = mint(
                    s.rng,
                    p.user,
                    t - dt.timedelta(seconds=2),
                    org.roles["sites_admin"],
                    "javier.molina",
                    "eu-south-2",
                    ip,
                    ua,
                )
                s.add(rec)
                sessions.append(fresh)
            cred = sessions[-1]
        s.add(
            event(
                s.rng,
                cred,
                t,
                svc,
                name,
                region,
                ip,
                ua,
                read_only=True,
                recipient=SITES if who == role else AGENCY,
            )
        )
    s.truth(
        "A8",
        "Developer's key from an infostealer, slow recon with his own CLI via a Madrid VPN",
        "attack",
        key=p.user.key,
        ips=[ip],
        start=t0,
        end=t,
        min_sev="medium",
    )
    for one in sessions:
        s.truth("A8", "", "attack", key=one.key, ips=[ip], start=t0, end=t, min_sev="medium")


def a9_planted_key(s: Scene, org: Org, day: dt.date, planted: Cred) -> None:
    """The administrator planted by A3, its key used for GPU miners in us-east-1."""
    ip, t0 = org.net.public("vps_do_ams"), at(day, 4.1)
    plan: list[tuple[Any, ...]] = [
        ("sts", "GetCallerIdentity", "us-east-1", True),
        ("servicequotas", "GetServiceQuota", "us-east-1", True),
        ("ec2", "DescribeRegions", "us-east-1", True),
        ("ec2", "DescribeImages", "us-east-1", True),
        ("ec2", "CreateKeyPair", "us-east-1", False, None, {"keyName": "default-kp"}),
        ("ec2", "CreateSecurityGroup", "us-east-1", False),
        ("ec2", "AuthorizeSecurityGroupIngress", "us-east-1", False),
    ]
    plan += [
        (
            "ec2",
            "RunInstances",
            "us-east-1",
            False,
            None,
            {
                "instanceType": "g4dn.12xlarge",
                "instancesSet": {"items": [{"minCount": 4, "maxCount": 4}]},
            },
        )
    ] * 3
    plan += [("ec2", "RunInstances", "us-east-1", False, "Client.InstanceLimitExceeded")] * 2
    end = calls(s, planted, t0, ip, ATTACK_PY, plan, gap=20)
    s.truth(
        "A9",
        "The planted administrator's key launching GPU miners",
        "attack",
        key=planted.key,
        ips=[ip],
        start=t0,
        end=end,
        min_sev="high",
    )
