"""The benign changes of the scored days (each expected at most low) and the truth rows that
describe them. ``Changes`` also tells the everyday actors how a scored day differs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._actors import Org, diurnal, partner_day, person_day, sso_session, tfc_sessions, workload_day
from benchmarks.heldout15._records import assumed, credentials, iam_user, iso, other_account, role_arn, root, service

Row = dict[str, Any]


def row(ident: str, name: str, *, principal: str = "", start: float, end: float, key: str = "", ips: str = "",
        events: str = "", label: str = "benign", severity: str = "low") -> Row:
    return {"id": ident, "name": name, "label": label, "access_key_id": key, "principal_arn": principal,
            "source_ip": ips, "event_ids": events, "start": iso(start), "end": iso(end),
            "expected_min_severity": severity if label == "attack" else "",
            "expected_max_severity": severity if label == "benign" else ""}


class Changes:
    """Which scored day carries which change: the volatility day, the SDK upgrade, the move."""

    def __init__(self, clock: o.Clock) -> None:
        self.clock = clock
        s = clock.scored
        self.rotation, self.drill, self.volatility, self.audit, self.tabletop = s[0], s[1], s[2], s[3], s[4]
        self.new_account = s[1]
        self.sdk_from = o.Clock.at(s[2], 6.0)
        self.move_flight, self.move_from = s[0], s[1]

    def mult(self, w: o.Workload, day: dt.date) -> Callable[[float], float]:
        """Trading volume x8 from 02:00 to 12:00 UTC on the volatility day."""
        if day == self.volatility and w.name in ("matching-engine", "market-data-fanout", "withdrawals-api"):
            return lambda h: diurnal(h) * (8.0 if 2 <= h < 12 else 2.0 if 12 <= h < 16 else 1.0)
        return diurnal

    def ua(self, w: o.Workload) -> Callable[[float], str] | None:
        """The signing services move from Boto3 1.34 to 1.35 on the volatility day at 06:00."""
        if w.name not in ("hot-wallet-signer", "sign-request"):
            return None
        return lambda t: (o.BOTO_NEW.format(p=49) if t >= self.sdk_from else o.BOTO.format(p=38))

    def person(self, org: Org, person: o.Person, day: dt.date) -> None:
        """João moves from Lisbon to Vancouver: a day in the air, then Vancouver hours."""
        if person.user.startswith("joao") and day >= self.move_flight:
            if day >= self.move_from:
                person_day(org, person, day, where="ca", tz=-8)
            return
        person_day(org, person, day)


def volatility(org: Org, ch: Changes) -> list[Row]:
    """B1: Auto Scaling adds four matching engines in a new Availability Zone at 02:10."""
    w = next(w for w in o.WORKLOADS if w.name == "matching-engine")
    t = o.Clock.at(ch.volatility, 2 + 10 / 60)
    scaler = service("autoscaling.amazonaws.com")
    new = [org.new_instance(w, subnet=2) for _ in range(4)]
    for n, (iid, _ip) in enumerate(new):
        org.trail.add(t + n * 20, scaler, "ec2:RunInstances", account=o.TRADING, region=o.SG, ip="autoscaling.amazonaws.com",
                      ua="autoscaling.amazonaws.com", params={"availabilityZone": "ap-southeast-1c", "instanceType": "c7i.4xlarge"},
                      response={"instancesSet": {"items": [{"instanceId": iid}]}})
    workload_day(org, w, ch.volatility, mult=ch.mult(w, ch.volatility), fleet=new, start=2.5)
    end = o.Clock.at(ch.volatility, 24)
    return [row("B1", "volatility day: trading x8, matching fleet into a new AZ", principal=role_arn(o.TRADING, w.name), start=t - 600, end=end),
            row("B1", "", principal=role_arn(o.TRADING, "market-data-fanout"), start=t - 600, end=end)]


def key_rotation(org: Org, ch: Changes) -> list[Row]:
    """B2: the platform pipeline rotates the signing key on demand and adds a multi-Region replica."""
    t = o.Clock.at(ch.rotation, 3.5)
    sessions, ip = tfc_sessions(org, t, (o.CUSTODY,))
    who, key = sessions[o.CUSTODY], o.SIGNING_KEY
    steps = [("kms:DescribeKey", {"keyId": key}), ("kms:GetKeyRotationStatus", {"keyId": key}), ("kms:RotateKeyOnDemand", {"keyId": key}),
             ("kms:ReplicateKey", {"keyId": key, "replicaRegion": o.FRA}), ("kms:ListAliases", None),
             ("kms:CreateAlias", {"aliasName": "alias/hot-wallet-signing-fra", "targetKeyId": key.replace(o.SG, o.FRA)}),
             ("kms:TagResource", {"keyId": key.replace(o.SG, o.FRA), "tags": [{"tagKey": "owner", "tagValue": "custody"}]}),
             ("kms:EnableKeyRotation", {"keyId": key, "rotationPeriodInDays": 180}), ("kms:GetKeyPolicy", {"keyId": key, "policyName": "default"})]
    for n, (api, p) in enumerate(steps):
        region = o.FRA if "fra" in str(p) and api != "kms:ReplicateKey" else o.SG
        org.trail.add(t + 30 + n * 25, who, api, account=o.CUSTODY, region=region, ip=ip, ua=o.TERRAFORM.format(svc="kms"), params=p)
    org.trail.add(t + 60, service("kms.amazonaws.com"), "kms:RotateKey", account=o.CUSTODY, region=o.SG, ip="kms.amazonaws.com",
                  ua="kms.amazonaws.com", event_type="AwsServiceEvent", extra={"serviceEventDetails": {"keyId": key}})
    return [row("B2", "KMS key rotation and a multi-Region replica by Terraform Cloud", principal=role_arn(o.CUSTODY, "tfc-apply"), start=t, end=t + 1800),
            row("B2", "", principal=role_arn(o.MGMT, "tfc-landing-zone"), start=t, end=t + 1800)]


def drill(org: Org, ch: Changes) -> list[Row]:
    """B3: the announced break-glass drill from the Singapore office: root, then breakglass-1."""
    t = o.Clock.at(ch.drill, 2.0)
    ip = org.addr.net("sg-office")
    out: list[Row] = []
    for n, who in enumerate((root(o.MGMT), iam_user(o.MGMT, "breakglass-1", org.user_id("breakglass-1"), None))):
        t0 = t + n * 1500
        org.trail.add(t0, who, "signin:ConsoleLogin", account=o.MGMT, region="us-east-1", ip=ip, ua=o.CONSOLE, event_type="AwsConsoleSignIn",
                      response={"ConsoleLogin": "Success"}, extra={"additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home",
                      "MobileVersion": "No", "MFAUsed": "Yes", "MfaType": "U2F"}})
        key = org.trail.key()
        session = dict(who, accessKeyId=key, sessionContext={"attributes": {"creationDate": iso(t0), "mfaAuthenticated": "true"}})
        for m, api in enumerate(("iam:GetAccountSummary", "iam:ListUsers", "iam:ListMFADevices", "organizations:DescribeOrganization",
                                 "iam:GetAccountPasswordPolicy", "iam:ListAccountAliases")):
            org.trail.add(t0 + 40 + m * 50, session, api, account=o.MGMT, region=o.SG, ip=ip, ua=o.CONSOLE,
                          extra={"sessionCredentialFromConsole": "true"})
        out.append(row("B3", "announced break-glass drill (root, breakglass-1) with MFA from the office", principal=who["arn"],
                       start=t0 - 60, end=t0 + 900))
    return out


def relocation(org: Org, ch: Changes) -> list[Row]:
    """B4: João's sessions from Vancouver after the move (the sessions come from ``Changes.person``)."""
    person = next(p for p in o.PEOPLE if p.user.startswith("joao"))
    return [row("B4", "SRE relocates from Lisbon to Vancouver", principal=f"arn:aws:sts::{a}:assumed-role/{o.sso_role(ps)}/{person.user}",
                start=o.Clock.at(ch.move_from), end=o.Clock.at(ch.tabletop, 24)) for ps, a in person.sets]


def sdk_upgrade(org: Org, ch: Changes) -> list[Row]:
    """B5: Boto3 1.35 across the signing services (the user agents come from ``Changes.ua``)."""
    end = o.Clock.at(ch.tabletop, 24)
    return [row("B5", "SDK upgrade across the signing services", principal=role_arn(o.CUSTODY, n), start=ch.sdk_from, end=end)
            for n in ("hot-wallet-signer", "sign-request")]


AUDIT = ("iam:ListUsers", "iam:GenerateCredentialReport", "iam:GetCredentialReport", "kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus",
         "s3:ListBuckets", "s3:GetBucketPolicy", "s3:GetBucketEncryption", "cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors",
         "iam:GetAccountPasswordPolicy", "iam:ListAttachedUserPolicies", "iam:ListRoles")


def auditor(org: Org, day: dt.date, *, calls: int, hours: float, t_start: float = 1.0) -> list[dict[str, Any]]:
    """The external auditor's read-only role in every account, from the firm's office."""
    ip, out = org.addr.net("auditor"), []
    for n, account in enumerate(o.ACCOUNTS):
        t = o.Clock.at(day, t_start + n * hours / len(o.ACCOUNTS))
        rid, key, session = org.role_id(account, "external-auditor-ro"), org.trail.key(), "evidence-kpmg-ohara"
        org.trail.add(t, other_account(o.AUDITOR, f"AIDA{o.AUDITOR}EVIDENCE"), "sts:AssumeRole", account=account, region=o.SG, ip=ip,
                      ua=o.CLI_LINUX.format(cmd="sts"), params={"roleArn": role_arn(account, "external-auditor-ro"), "roleSessionName": session,
                      "externalId": "kpmg-sg-2026"}, response=credentials(key, t + 3600, f"arn:aws:sts::{account}:assumed-role/external-auditor-ro/{session}", rid, session))
        who = assumed(account, "external-auditor-ro", rid, session, key, t)
        org.calls(who, t + 10, t + hours * 3600 / len(o.ACCOUNTS), calls, tuple((a, 1.0) for a in AUDIT), account=account, region=o.SG,
                  ip=ip, ua=o.CLI_LINUX, errors=0.01)
        out.append(who)
    return out


def evidence_pull(org: Org, ch: Changes) -> list[Row]:
    """B6: the quarterly evidence pull: a day of reads in every account."""
    auditor(org, ch.audit, calls=int(60 * max(org.scale, 0.3)) + 20, hours=8.0)
    return [row("B6", "auditor's quarterly evidence pull", principal=role_arn(a, "external-auditor-ro"), start=o.Clock.at(ch.audit, 0.5),
                end=o.Clock.at(ch.audit, 12)) for a in o.ACCOUNTS]


def new_partner(org: Org, ch: Changes, clock: o.Clock) -> list[Row]:
    """B7: a second market maker onboarded through Terraform Cloud, pulling exports from Frankfurt."""
    t = o.Clock.at(ch.new_account, 5.0)
    sessions, ip = tfc_sessions(org, t, (o.DATA,))
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole",'
             '"Condition":{"StringEquals":{"sts:ExternalId":"cdx-mm2-c84e"}}}]}' % o.MM_PARTNER2)
    for n, (api, p) in enumerate((("iam:CreateRole", {"roleName": "mm2-orderbook-reader", "assumeRolePolicyDocument": trust}),
                                  ("iam:PutRolePolicy", {"roleName": "mm2-orderbook-reader", "policyName": "orderbook-exports-read"}),
                                  ("iam:TagRole", {"roleName": "mm2-orderbook-reader"}), ("iam:GetRole", {"roleName": "mm2-orderbook-reader"}),
                                  ("s3:PutBucketPolicy", {"bucketName": "cdx-orderbook-exports"}))):
        org.trail.add(t + 20 + n * 15, sessions[o.DATA], api, account=o.DATA, region=o.SG, ip=ip, ua=o.TERRAFORM.format(svc=api.split(":")[0]), params=p)
    for day in clock.days[clock.days.index(ch.new_account):]:
        partner_day(org, day, partner=o.MM_PARTNER2, role="mm2-orderbook-reader", external_id="cdx-mm2-c84e",
                    start=7.0 if day == ch.new_account else 0.0, region=o.FRA)
    end = o.Clock.at(ch.tabletop, 24)
    return [row("B7", "new market-maker partner onboarded", principal=role_arn(o.DATA, "mm2-orderbook-reader"), start=t, end=end),
            row("B7", "", principal=role_arn(o.DATA, "tfc-apply"), start=t, end=t + 1200)]


def archive_findings(org: Org, ch: Changes) -> list[Row]:
    """B8: after a tuning review the security team archives GuardDuty findings in bulk."""
    person = next(p for p in o.PEOPLE if p.user.startswith("daniel"))
    t = o.Clock.at(ch.audit, 6.5)
    apis = ("guardduty:ListFindings", "guardduty:GetFindings", "guardduty:ArchiveFindings", "guardduty:ArchiveFindings",
            "guardduty:ArchiveFindings", "guardduty:CreateFilter", "guardduty:UpdateFindingsFeedback", "securityhub:BatchUpdateFindings")
    who = sso_session(org, person, t, org.addr.net("sg-office"), "SecurityAdmin", o.SECURITY, console=True, hours=1.5, n=70, apis=apis)
    return [row("B8", "GuardDuty findings archived in bulk after a tuning review", principal=who["arn"], start=t, end=t + 2 * 3600)]


def tabletop(org: Org, ch: Changes) -> list[Row]:
    """B9: the incident-response tabletop: the security account's ``ir-responder`` assumes
    ``ir-readonly`` in every account and reads."""
    person = next(p for p in o.PEOPLE if p.user.startswith("priya"))
    t = o.Clock.at(ch.tabletop, 17.0)  # 09:00 in Vancouver
    ip = org.addr.net("ca-office")
    me = sso_session(org, person, t, ip, "SecurityAdmin", o.SECURITY, console=False, n=3, apis=("sts:GetCallerIdentity",))
    rid, key = org.role_id(o.SECURITY, "ir-responder"), org.trail.key()
    org.trail.add(t + 60, me, "sts:AssumeRole", account=o.SECURITY, region=o.SG, ip=ip, ua=o.CLI_MAC.format(cmd="sts"),
                  params={"roleArn": role_arn(o.SECURITY, "ir-responder"), "roleSessionName": "tabletop-priya"},
                  response=credentials(key, t + 3600 * 4, f"arn:aws:sts::{o.SECURITY}:assumed-role/ir-responder/tabletop-priya", rid, "tabletop-priya"))
    responder = assumed(o.SECURITY, "ir-responder", rid, "tabletop-priya", key, t + 60)
    rows = [row("B9", "incident-response tabletop: read-only roles into every account", principal=role_arn(o.SECURITY, "ir-responder"),
                start=t, end=t + 4 * 3600)]
    reads = (("cloudtrail:LookupEvents", 3), ("iam:ListRoles", 1), ("ec2:DescribeInstances", 2), ("guardduty:ListDetectors", 1),
             ("s3:ListBuckets", 1), ("iam:GetAccountAuthorizationDetails", 0.3), ("logs:FilterLogEvents", 1), ("kms:ListKeys", 0.5))
    for n, account in enumerate(o.ACCOUNTS):
        t0 = t + 300 + n * 1500
        r2, k2 = org.role_id(account, "ir-readonly"), org.trail.key()
        org.trail.add(t0, responder if account == o.SECURITY else other_account(o.SECURITY, f"{rid}:tabletop-priya"), "sts:AssumeRole",
                      account=account, region=o.SG, ip=ip, ua=o.CLI_MAC.format(cmd="sts"), params={"roleArn": role_arn(account, "ir-readonly"),
                      "roleSessionName": "tabletop-priya"}, response=credentials(k2, t0 + 3600, f"arn:aws:sts::{account}:assumed-role/ir-readonly/tabletop-priya", r2, "tabletop-priya"))
        who = assumed(account, "ir-readonly", r2, "tabletop-priya", k2, t0)
        org.calls(who, t0 + 20, t0 + 1400, int(org.rng.integers(25, 45)), reads, account=account, region=o.SG, ip=ip, ua=o.CLI_MAC, errors=0.02)
        rows.append(row("B9", "", principal=role_arn(account, "ir-readonly"), start=t0 - 60, end=t0 + 1500))
    return rows


def account_joins(org: Org, ch: Changes) -> list[Row]:
    """B10: Account Factory for Terraform vends the staking account the evening before its first
    day; on its first day the landing zone bootstraps it through OrganizationAccountAccessRole."""
    t = o.Clock.at(ch.new_account) - 5 * 3600
    sessions, ip = tfc_sessions(org, t, ())
    org.trail.add(t + 30, sessions[o.MGMT], "organizations:CreateAccount", account=o.MGMT, region=o.SG, ip=ip, ua=o.TERRAFORM.format(svc="organizations"),
                  params={"accountName": "staking-prod", "email": "aws+staking@corvid.io"}, response={"createAccountStatus": {"state": "IN_PROGRESS"}})
    t1 = o.Clock.at(ch.new_account, 0.2)
    rid, key, run = org.role_id(o.STAKING, "OrganizationAccountAccessRole"), org.trail.key(), "aft-bootstrap"
    org.trail.add(t1, other_account(o.MGMT, f"{org.role_id(o.MGMT, 'tfc-landing-zone')}:{run}"), "sts:AssumeRole", account=o.STAKING, region=o.FRA,
                  ip=ip, ua=o.TERRAFORM.format(svc="sts"), params={"roleArn": role_arn(o.STAKING, "OrganizationAccountAccessRole"), "roleSessionName": run},
                  response=credentials(key, t1 + 3600, f"arn:aws:sts::{o.STAKING}:assumed-role/OrganizationAccountAccessRole/{run}", rid, run))
    who = assumed(o.STAKING, "OrganizationAccountAccessRole", rid, run, key, t1)
    for n, api in enumerate(("iam:CreateRole", "iam:AttachRolePolicy", "cloudtrail:CreateTrail", "cloudtrail:PutEventSelectors", "cloudtrail:StartLogging",
                             "guardduty:CreateDetector", "securityhub:EnableSecurityHub", "config:PutConfigurationRecorder", "config:StartConfigurationRecorder",
                             "ec2:CreateVpc", "ec2:CreateSubnet", "iam:CreateInstanceProfile", "kms:CreateKey", "ec2:RunInstances")):
        org.trail.add(t1 + 20 + n * 30, who, api, account=o.STAKING, region=o.FRA, ip=ip, ua=o.TERRAFORM.format(svc=api.split(":")[0]))
    return [row("B10", "the staking account joins (Account Factory bootstrap)", principal=role_arn(o.STAKING, "OrganizationAccountAccessRole"),
                start=t1 - 60, end=t1 + 1800)]


def apply(org: Org, ch: Changes, clock: o.Clock) -> list[Row]:
    rows: list[Row] = []
    for change in (volatility, key_rotation, drill, relocation, sdk_upgrade, evidence_pull, archive_findings, tabletop, account_joins):
        rows += change(org, ch)
    return rows + new_partner(org, ch, clock)
