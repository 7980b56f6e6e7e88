"""The attacks of the scored days (A1...), each drawn from a public pattern: SES and SNS abuse
with a leaked key (the SESsion-hijack and SMS-pumping write-ups: quota, identities, sandbox,
spend limits), a plugin's key found by a scanner, IMDSv1 SSRF on a WordPress plugin, a root
password phished, a freelancer's key used after offboarding, a developer's key from an
infostealer replayed with his own CLI, a GitHub OIDC trust that admits pull requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from benchmarks.heldout28._org import AGENCY, BODEGA, SITES, Org, at
from benchmarks.heldout28._rec import (
    ATTACK_PY,
    CHROME_WIN,
    GH_ACTION,
    KALI_CLI,
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


def calls(s: Scene, cred: Cred, t: dt.datetime, ip: str, ua: str, plan: list[tuple[Any, ...]],
          gap: int = 20, recipient: str | None = None) -> dt.datetime:
    """Each (service, name, region, read only[, error[, params]]) in turn, ``gap`` seconds apart
    on average; returns the time after the last."""
    for item in plan:
        svc, name, region, ro = item[:4]
        error = item[4] if len(item) > 4 else None
        params = item[5] if len(item) > 5 else None
        t += dt.timedelta(seconds=1 + s.rng.randrange(gap * 2))
        s.add(event(s.rng, cred, t, svc, name, region, ip, ua, read_only=ro, error=error,
                    params=params, recipient=recipient))
    return t


def a1_ses_abuse(s: Scene, org: Org, day: dt.date) -> None:
    """A WP Offload SES key from a client site's exposed wp-config backup, used from a VPS."""
    site = next(x for x in org.sites if x.ses_user is not None and not x.host_ip.startswith("18."))
    user, ip = site.ses_user, org.net.public("vps_do_ams")
    assert user is not None
    t0 = at(day, 3.2)
    plan = [("sts", "GetCallerIdentity", "us-east-1", True)] + [
        ("ses", "GetSendQuota", r, True) for r in ("us-east-1", "eu-west-1", "eu-central-1")
    ] + [
        ("ses", "GetAccountSendingEnabled", "eu-west-1", True),
        ("ses", "GetAccount", "eu-west-1", True),
        ("ses", "ListIdentities", "eu-west-1", True),
        ("ses", "ListEmailIdentities", "eu-west-1", True),
        ("iam", "ListUsers", "us-east-1", True, "AccessDenied"),
        ("ses", "CreateEmailIdentity", "eu-west-1", False, None, {"emailIdentity": "factura-segura-docs.com"}),
        ("ses", "PutEmailIdentityMailFromAttributes", "eu-west-1", False, None,
         {"emailIdentity": "factura-segura-docs.com", "mailFromDomain": "mail.factura-segura-docs.com"}),
        ("ses", "GetEmailIdentity", "eu-west-1", True),
        ("support", "CreateCase", "us-east-1", False, "AccessDeniedException"),
    ]
    end = calls(s, user, t0, ip, ATTACK_PY, plan, gap=30)
    s.truth("A1", "WP Offload SES key from a leaked site backup probing SES from a VPS", "attack",
            key=user.key, ips=[ip], start=t0, end=end, min_sev="medium")


def a2_sms_pumping(s: Scene, org: Org, day: dt.date) -> None:
    """Sendy's key (SES and SNS full access for bounces) used to prepare SMS pumping."""
    user, ip = org.extra["sendy"], org.net.public("vps_hetzner")
    t0 = at(day, 14.6)
    plan: list[tuple[Any, ...]] = [("sts", "GetCallerIdentity", "us-east-1", True)]
    for r in ("us-east-1", "eu-west-1", "eu-south-2"):
        plan += [("sns", "GetSMSAttributes", r, True), ("sns", "GetSMSSandboxAccountStatus", r, True)]
    plan += [
        ("sms-voice", "DescribeSpendLimits", "eu-west-1", True, "AccessDeniedException"),
        ("sns", "ListSMSSandboxPhoneNumbers", "eu-west-1", True),
        ("sns", "SetSMSAttributes", "eu-west-1", False, None,
         {"attributes": {"DefaultSMSType": "Transactional", "MonthlySpendLimit": "1000", "DefaultSenderID": "INFO"}}),
        ("sns", "CreateSMSSandboxPhoneNumber", "eu-west-1", False, None, {"phoneNumber": "+9647801234567", "languageCode": "en-US"}),
        ("sns", "CreateSMSSandboxPhoneNumber", "eu-west-1", False, None, {"phoneNumber": "+2348031234567", "languageCode": "en-US"}),
        ("sns", "ListOriginationNumbers", "eu-west-1", True),
        ("support", "CreateCase", "us-east-1", False, "AccessDeniedException"),
    ]
    end = calls(s, user, t0, ip, ATTACK_PY, plan, gap=40)
    s.truth("A2", "Sendy's key preparing SMS pumping (sandbox numbers, spend limit) from Hetzner", "attack",
            key=user.key, ips=[ip], start=t0, end=end, min_sev="medium")


def a3_root_phished(s: Scene, org: Org, day: dt.date) -> Cred:
    """The sites account's root (no MFA, password in a shared vault) signed in from Lagos; an
    administrator user planted with a key (used in A9)."""
    root, ip = org.root[SITES], org.net.public("lagos_mtn")
    t0 = at(day, 21.3)
    s.add(console_login(s.rng, root, t0, ip, CHROME_WIN, mfa=False))
    console = Cred("root", SITES, "root", key=key_id(s.rng, "ASIA"), issued=t0)
    planted = Cred("user", SITES, "support-admin", principal_id="AIDA" + key_id(s.rng, "")[:17],
                   key=key_id(s.rng, "AKIA"))
    plan: list[tuple[Any, ...]] = [
        ("iam", "GetAccountSummary", "us-east-1", True),
        ("iam", "ListUsers", "us-east-1", True),
        ("ec2", "DescribeRegions", "eu-south-2", True),
        ("ce", "GetCostAndUsage", "us-east-1", True),
        ("iam", "CreateUser", "us-east-1", False, None, {"userName": "support-admin"}),
        ("iam", "AttachUserPolicy", "us-east-1", False, None,
         {"userName": "support-admin", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
        ("iam", "CreateLoginProfile", "us-east-1", False, None, {"userName": "support-admin", "passwordResetRequired": False}),
    ]
    t = t0
    for item in plan:
        t += dt.timedelta(seconds=15 + s.rng.randrange(60))
        s.add(event(s.rng, console, t, item[0], item[1], item[2], ip, CHROME_WIN, read_only=item[3],
                    error=item[4] if len(item) > 4 else None, params=item[5] if len(item) > 5 else None, console=True))
    t += dt.timedelta(seconds=40)
    s.add(event(s.rng, console, t, "iam", "CreateAccessKey", "us-east-1", ip, CHROME_WIN, read_only=False,
                console=True, params={"userName": "support-admin"},
                response={"accessKey": {"accessKeyId": planted.key, "status": "Active", "userName": "support-admin"}}))
    s.truth("A3", "Sites account root signed in from Lagos without MFA, planting an administrator", "attack",
            principal=root.arn, ips=[ip], start=t0, end=t, min_sev="high")
    return planted


def a4_after_offboarding(s: Scene, org: Org, day: dt.date) -> None:
    """The freelancer's key, left active when he was offboarded, used from his usual home line
    with his usual CLI at night: most calls denied now that his group is gone."""
    p = org.people["diego.sosa"]
    ip, t0 = p.ips["buenos_aires"], at(day, 1.4)
    denied = [("route53", "ListHostedZones", "us-east-1", True, "AccessDenied"),
              ("ses", "ListIdentities", "eu-west-1", True, "AccessDenied"),
              ("lightsail", "GetInstances", "eu-west-1", True, "AccessDeniedException"),
              ("sts", "AssumeRole", "eu-south-2", True, "AccessDenied"),
              ("s3", "ListBuckets", "eu-south-2", True, "AccessDenied"),
              ("ses", "ListContactLists", "eu-west-1", True, "AccessDenied"),
              ("cloudfront", "ListDistributions", "us-east-1", True, "AccessDenied")]
    plan: list[tuple[Any, ...]] = [("sts", "GetCallerIdentity", "us-east-1", True),
                                   ("iam", "ListAttachedUserPolicies", "us-east-1", True, "AccessDenied"),
                                   ("iam", "ListGroupsForUser", "us-east-1", True, "AccessDenied")]
    plan += [s.rng.choice(denied) for _ in range(22)]
    t = t0
    for item in plan:
        t += dt.timedelta(seconds=30 + s.rng.randrange(400))
        cmd = f"{item[0]}.{item[1].lower()}"
        s.add(event(s.rng, p.user, t, item[0], item[1], item[2], ip, cli_v2(MAC_CLI, cmd), read_only=item[3],
                    error=item[4] if len(item) > 4 else None))
    s.truth("A4", "Offboarded freelancer's forgotten key, from his home line, mostly denied", "attack",
            key=p.user.key, ips=[ip], start=t0, end=t, min_sev="medium")


def a5_scanner(s: Scene, org: Org, day: dt.date) -> None:
    """An UpdraftPlus key harvested from a site by a scanner on the agency's threat list."""
    site = next(x for x in org.sites if x.backup_user is not None)
    user, ip = site.backup_user, org.net.public("scanner")
    assert user is not None
    t0 = at(day, 9.8)
    plan = [("sts", "GetCallerIdentity", "us-east-1", True), ("s3", "ListBuckets", "us-east-1", True),
            ("iam", "ListUsers", "us-east-1", True, "AccessDenied"),
            ("ec2", "DescribeRegions", "us-east-1", True, "UnauthorizedOperation"),
            ("ses", "GetSendQuota", "us-east-1", True, "AccessDenied"),
            ("lambda", "ListFunctions20150331", "us-east-1", True, "AccessDeniedException")]
    end = calls(s, user, t0, ip, TRUFFLE, plan, gap=2)
    s.truth("A5", "UpdraftPlus key tested by a scanner on the threat list", "attack",
            key=user.key, ips=[ip], start=t0, end=end, min_sev="high")


def a6_ssrf(s: Scene, org: Org, day: dt.date, keys: dict[str, list[Cred]]) -> None:
    """A WordPress instance's role credentials, taken through IMDSv1 by an SSRF in a plugin,
    used from a VPS in Frankfurt."""
    inst = org.fleet[1]
    cred = keys[inst.instance_id][2]  # minted around noon
    ip, t0 = org.net.public("vps_do_fra"), at(day, 13.5)
    plan = [("sts", "GetCallerIdentity", "us-east-1", True), ("s3", "ListBuckets", "us-east-1", True),
            ("secretsmanager", "ListSecrets", "eu-south-2", True),
            ("secretsmanager", "GetSecretValue", "eu-south-2", True, None, {"secretId": "wordpress/db"}),
            ("ssm", "DescribeInstanceInformation", "eu-south-2", True),
            ("ec2", "DescribeInstances", "eu-south-2", True),
            ("iam", "ListRoles", "us-east-1", True, "AccessDenied")]
    end = calls(s, cred, t0, ip, cli_v2(KALI_CLI, "sts.get-caller-identity", "2.17.0"), plan, gap=25)
    s.truth("A6", "WordPress instance credentials taken by SSRF (IMDSv1), used from a VPS", "attack",
            key=cred.key, ips=[ip], start=t0, end=end, min_sev="high")


def a7_bodega_first_day(s: Scene, org: Org, day: dt.date, keys: dict[str, list[Cred]]) -> None:
    """The joining client's shop instance (an old WooCommerce with IMDSv1) robbed on the day
    its account joins the trail: no history at all."""
    inst = org.bodega_fleet[0]
    cred = keys[inst.instance_id][-1]
    ip = org.net.public("vps_ovh")
    t0 = (cred.issued or at(day, 20)) + dt.timedelta(minutes=40)
    plan = [("sts", "GetCallerIdentity", "us-east-1", True), ("s3", "ListBuckets", "us-east-1", True),
            ("ec2", "DescribeInstances", "eu-south-2", True),
            ("secretsmanager", "GetSecretValue", "eu-south-2", True, None, {"secretId": "bodega/shop-db"}),
            ("iam", "ListAttachedRolePolicies", "us-east-1", True, "AccessDenied")]
    end = calls(s, cred, t0, ip, cli_v2(KALI_CLI, "s3.ls", "2.17.0"), plan, gap=30)
    s.truth("A7", "The new account's shop instance credentials used from OVH on its first day", "attack",
            key=cred.key, ips=[ip], start=t0, end=end, min_sev="medium")


def a8_quiet_recon(s: Scene, org: Org, day: dt.date) -> None:
    """The developer's key from an infostealer, replayed with his exact CLI through a Madrid
    VPN, one read every half hour through a Saturday."""
    p = org.people["javier.molina"]
    ip = org.net.public("vpn_m247_mad")
    t = t0 = at(day, 8.7)
    rec, sess = mint(s.rng, p.user, t, org.roles["sites_admin"], "javier.molina", "eu-south-2", ip,
                     cli_v2(UBUNTU_CLI, "sts.assume-role"))
    s.add(rec)
    reads = [("iam", "ListUsers", "us-east-1", p.user), ("iam", "ListAccessKeys", "us-east-1", p.user),
             ("iam", "GetAccountAuthorizationDetails", "us-east-1", p.user),
             ("ses", "ListIdentities", "eu-west-1", p.user),
             ("secretsmanager", "ListSecrets", "eu-south-2", sess),
             ("ec2", "DescribeInstances", "eu-south-2", sess),
             ("lightsail", "GetInstances", "eu-west-1", sess),
             ("ssm", "DescribeInstanceInformation", "eu-south-2", sess),
             ("route53", "ListHostedZones", "us-east-1", p.user)]
    for svc, name, region, cred in reads:
        t += dt.timedelta(minutes=25 + s.rng.randrange(20))
        s.add(event(s.rng, cred, t, svc, name, region, ip, cli_v2(UBUNTU_CLI, f"{svc}.{name.lower()}"),
                    read_only=True, recipient=SITES if cred is sess else AGENCY))
    s.truth("A8", "Developer's key from an infostealer, slow recon with his own CLI via a Madrid VPN", "attack",
            key=p.user.key, ips=[ip], start=t0, end=t, min_sev="medium")
    s.truth("A8", "", "attack", key=sess.key, ips=[ip], start=t0, end=t, min_sev="medium")


def a9_planted_key(s: Scene, org: Org, day: dt.date, planted: Cred) -> None:
    """The administrator planted by A3, its key used for GPU miners in us-east-1."""
    ip, t0 = org.net.public("vps_do_ams"), at(day, 4.1)
    plan: list[tuple[Any, ...]] = [("sts", "GetCallerIdentity", "us-east-1", True),
                                   ("servicequotas", "GetServiceQuota", "us-east-1", True),
                                   ("ec2", "DescribeRegions", "us-east-1", True),
                                   ("ec2", "DescribeImages", "us-east-1", True),
                                   ("ec2", "CreateKeyPair", "us-east-1", False, None, {"keyName": "default-kp"}),
                                   ("ec2", "CreateSecurityGroup", "us-east-1", False),
                                   ("ec2", "AuthorizeSecurityGroupIngress", "us-east-1", False)]
    plan += [("ec2", "RunInstances", "us-east-1", False, None,
              {"instanceType": "g4dn.12xlarge", "instancesSet": {"items": [{"minCount": 4, "maxCount": 4}]}})] * 3
    plan += [("ec2", "RunInstances", "us-east-1", False, "Client.InstanceLimitExceeded")] * 2
    end = calls(s, planted, t0, ip, ATTACK_PY, plan, gap=20)
    s.truth("A9", "The planted administrator's key launching GPU miners", "attack",
            key=planted.key, ips=[ip], start=t0, end=end, min_sev="high")


def a10_oidc_pull_request(s: Scene, org: Org, day: dt.date) -> None:
    """A pull request's workflow assuming the deploy role (its trust admits ``repo:cardoazul/*``),
    from a GitHub runner with the deploy action: it reads the Lightsail SSH keys and the DB
    secret."""
    ip, t0 = org.net.public("github_runner"), at(day, 16.2)
    web = Cred("web", "", "repo:cardoazul/wp-themes:pull_request",
               extra={"provider": f"arn:aws:iam::{SITES}:oidc-provider/token.actions.githubusercontent.com"})
    rec, sess = mint(s.rng, web, t0, org.roles["gh_deploy"], "GitHubActions", "eu-south-2", ip, GH_ACTION,
                     api="AssumeRoleWithWebIdentity", params={"durationSeconds": 3600})
    s.add(rec)
    plan = [("sts", "GetCallerIdentity", "eu-south-2", True), ("lightsail", "GetInstances", "eu-west-1", True),
            ("lightsail", "GetInstanceAccessDetails", "eu-west-1", False),
            ("lightsail", "GetInstanceAccessDetails", "eu-west-1", False),
            ("secretsmanager", "ListSecrets", "eu-south-2", True, "AccessDeniedException"),
            ("ssm", "SendCommand", "eu-south-2", False, None,
             {"documentName": "AWS-RunShellScript", "targets": [{"key": "tag:Role", "values": ["wordpress"]}],
              "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS"})]
    end = calls(s, sess, t0, ip, cli_v2("linux#6.5.0-1025-azure md/distrib#ubuntu.22", "lightsail.get-instance-access-details"), plan, gap=10)
    s.truth("A10", "A pull request's workflow assuming the deploy role, reading Lightsail SSH keys", "attack",
            key=sess.key, ips=[ip], start=t0, end=end, min_sev="medium")


def a11_task_from_aws(s: Scene, org: Org, day: dt.date) -> None:
    """The newsletter task's credentials (an SSRF to 169.254.170.2 in its HTML importer) used
    from the attacker's own EC2 instance in eu-west-1: exporting the contact lists."""
    t0 = at(day, 11.2)
    task = f"{s.rng.getrandbits(128):032x}"
    rec, cred = mint(s.rng, Cred("service", "", "ecs-tasks.amazonaws.com"), t0, org.roles["newsletter_task"],
                     task, "eu-west-1", "ecs-tasks.amazonaws.com", "ecs-tasks.amazonaws.com", hours=6)
    s.add(rec)
    nat = org.ips["nat_agency"]
    from benchmarks.heldout28._rec import FARGATE_PY

    calls(s, cred, t0, nat, FARGATE_PY, [("secretsmanager", "GetSecretValue", "eu-west-1", True, None,
                                           {"secretId": "newsletter/mailchimp-import"}),
                                          ("ses", "GetAccount", "eu-west-1", True)], gap=5)
    ip = org.net.aws("eu-west-1")
    t1 = t0 + dt.timedelta(minutes=35)
    plan = [("ses", "ListContactLists", "eu-west-1", True)] + [("ses", "ListContacts", "eu-west-1", True)] * 6 + [
        ("ses", "CreateExportJob", "eu-west-1", False, "AccessDeniedException"),
        ("s3", "ListBuckets", "us-east-1", True, "AccessDenied")]
    end = calls(s, cred, t1, ip, ATTACK_PY, plan, gap=15)
    s.truth("A11", "Newsletter task credentials used from another AWS account's EC2 instance", "attack",
            key=cred.key, ips=[ip], start=t1, end=end, min_sev="medium")


__all__ = ["AGENCY", "BODEGA"]
