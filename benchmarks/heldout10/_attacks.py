"""Attacks in the scored days, each after a public write-up (Permiso on LUCR-3, Datadog's Stratus
Red Team, Sysdig on SNS/SMS pumping and AMBERSQUID, Unit 42, Invictus IR, Wiz). Every attack
returns its truth row: the attacker's event IDs, addresses, principal and time span."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from benchmarks.heldout10 import _org as org
from benchmarks.heldout10._changes import role_arn
from benchmarks.heldout10._net import NETS
from benchmarks.heldout10._people import sso_login
from benchmarks.heldout10._records import Session, Trail, at, federated, key_id, spread, uid
from benchmarks.heldout10._world import World, sso_arn

KALI = "aws-cli/2.13.25 Python/3.11.6 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/{cmd}"
SCANNERS = (
    "aws-sdk-go/1.44.327 (go1.20.7; linux; amd64)",
    "Boto3/1.26.165 Python/3.8.10 Linux/5.4.0-150-generic Botocore/1.29.165",
    "aws-cli/1.18.69 Python/3.8.10 Linux/5.4.0-1103-aws botocore/1.16.19",
)
PY_LINUX = "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0-18-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69"


class _Attack:
    """Collects one attack's records; ``row`` is its truth."""

    def __init__(self, tr: Trail, cid: str, name: str, expected: str) -> None:
        self.tr, self.cid, self.name, self.expected = tr, cid, name, expected
        self.recs: list[dict[str, Any]] = []

    def call(
        self, who: Session, t: dt.datetime, api: str, ip: str, ua: str, **kw: Any
    ) -> dict[str, Any]:
        rec = self.tr.call(who, t, api, ip, ua, **kw)
        self.recs.append(rec)
        return rec

    def s3(
        self,
        who: Session,
        t: dt.datetime,
        api: str,
        ip: str,
        ua: str,
        bucket: str,
        key: str,
        owner: str,
    ) -> None:
        self.recs.append(self.tr.s3(who, t, api, ip, ua, bucket, key, owner))

    def add(self, recs: list[dict[str, Any]] | dict[str, Any]) -> None:
        self.recs.extend(recs if isinstance(recs, list) else [recs])

    def row(self, principal: str, key: str | None = None) -> dict[str, Any]:
        times = sorted(r["eventTime"] for r in self.recs)
        ips = sorted(
            {r["sourceIPAddress"] for r in self.recs if not r["sourceIPAddress"].endswith(".com")}
        )
        return {
            "id": self.cid,
            "name": self.name,
            "label": "attack",
            "principal_arn": principal,
            "access_key_id": key or "",
            "source_ip": " ".join(ips),
            "event_ids": " ".join(r["eventID"] for r in self.recs),
            "start": times[0],
            "end": times[-1],
            "expected_min_severity": self.expected,
        }


def a1_encoder_key(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """An encoder's long-term key leaks (a config backup in a public repo): a scanner tests it
    from three hosting networks within minutes, and the next night recon and downloads follow."""
    a = _Attack(
        tr, "A1", "leaked encoder key: scanner GetCallerIdentity from hosting, then recon", "medium"
    )
    user = "enc-fra-02"
    t = at(w.day(0), 3.1)
    for k, net in enumerate(("do_nyc", "ovh_rbx", "vultr_ams")):
        when = t + dt.timedelta(minutes=7 * k + rng.randrange(5))
        a.call(
            w.user(org.MEDIA, user, when),
            when,
            "sts:GetCallerIdentity",
            NETS[net].host(rng),
            SCANNERS[k],
            region="us-east-1",
        )
    ip = NETS["vultr_ams"].host(rng)
    t = at(w.day(1), 1.7)
    who = w.user(org.MEDIA, user, t)
    steps = [
        ("sts:GetCallerIdentity", None),
        ("iam:ListUsers", "AccessDenied"),
        ("iam:GetUser", "AccessDenied"),
        ("s3:ListBuckets", None),
        ("ec2:DescribeRegions", None),
    ]
    steps += [("ec2:DescribeInstances", "Client.UnauthorizedOperation")] * 4
    steps += [
        ("medialive:ListChannels", None),
        ("route53:ListHostedZones", "AccessDenied"),
        ("secretsmanager:ListSecrets", "AccessDenied"),
    ]
    for k, (api, err) in enumerate(steps):
        region = ("eu-central-1", "us-east-1", "eu-west-1", "ap-southeast-1")[k % 4]
        a.call(
            who,
            t + dt.timedelta(seconds=11 * k),
            api,
            ip,
            KALI.format(cmd=api.split(":")[1].lower()),
            region=region,
            error=err,
        )
    for when in spread(rng, t + dt.timedelta(minutes=4), 40, 35):
        a.s3(
            who,
            when,
            "s3:GetObject",
            ip,
            KALI.format(cmd="s3.cp"),
            org.BUCKETS["contribution"],
            f"enc-fra-01/{when:%Y%m%d}/{uid(rng)[:6]}.mxf",
            org.MEDIA,
        )
    return a.row(f"arn:aws:iam::{org.MEDIA}:user/{user}", w.long_key(user, t))


def a2_dns_hijack(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """A platform engineer's Identity Center session (the portal token taken by an infostealer)
    used from a VPS to point a show's domain at the attacker's host."""
    a = _Attack(tr, "A2", "Route 53 hijack of a show domain from a stolen SSO session", "medium")
    niamh = org.ADMINS[1]
    ip = NETS["contabo_nue"].host(rng)
    t = at(w.day(2), 21.6)
    who, recs = sso_login(
        w, tr, org.PLATFORM, niamh, t, ip, console=False, ua=KALI.format(cmd="sso.login")
    )
    a.add(recs)
    zone = "Z0DERBYDAYLIVQ4"
    for k, api in enumerate(
        (
            "sts:GetCallerIdentity",
            "route53:ListHostedZones",
            "route53:ListResourceRecordSets",
            "route53:ChangeResourceRecordSets",
            "route53:GetChange",
            "route53:ChangeResourceRecordSets",
            "route53:GetChange",
        )
    ):
        req = {"hostedZoneId": zone}
        if api.endswith("Sets") and "Change" in api:
            req["changeBatch"] = {
                "changes": [
                    {
                        "action": "UPSERT",
                        "resourceRecordSet": {
                            "name": "www.derbyday.live" if k == 3 else "live.derbyday.live",
                            "type": "A",
                            "resourceRecords": [{"value": NETS["contabo_nue"].fixed(77)}],
                        },
                    }
                ]
            }
        a.call(
            who,
            t + dt.timedelta(seconds=25 * (k + 1)),
            api,
            ip,
            KALI.format(cmd=api.split(":")[1].lower()),
            req=req,
        )
    return a.row(sso_arn(org.PLATFORM, niamh), who.key)


def a3_cms_origin(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """The CMS's instance credentials taken through an SSRF in a plugin and used from a cloud
    VPS: the news site's CloudFront origin pointed at an outside host."""
    a = _Attack(
        tr, "A3", "CMS instance credentials from outside AWS: CloudFront origin changed", "high"
    )
    t = at(w.day(3), 2.4)
    who, _ = w.session_at("cms:1", t)
    ip = NETS["linode_fra"].host(rng)
    ua = PY_LINUX
    steps = (
        "sts:GetCallerIdentity",
        "cloudfront:ListDistributions",
        "cloudfront:GetDistributionConfig",
        "cloudfront:UpdateDistribution2020_05_31",
        "cloudfront:CreateInvalidation2020_05_31",
        "cloudfront:GetDistribution",
    )
    for k, api in enumerate(steps):
        req = {"id": "E1NEWSROOMCDN7"}
        if "Update" in api:
            req["distributionConfig"] = {
                "origins": {"items": [{"domainName": "cdn-static-news.xyz"}]}
            }
        a.call(who, t + dt.timedelta(seconds=40 * k), api, ip, ua, region="us-east-1", req=req)
    return a.row(role_arn(org.NEWSROOM, "cms-web"), who.key)


def a4_sms_pumping(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """The newsroom alert system's key (leaked from a build log) used for SMS pumping: SMS
    settings, SES quota probes, then Publish to hundreds of premium-rate numbers."""
    a = _Attack(tr, "A4", "SNS SMS pumping and SES probes with the newsroom alerts key", "medium")
    user = "newsroom-alerts"
    ip = NETS["hetzner_us"].host(rng)
    t = at(w.day(1), 18.2)
    who = w.user(org.NEWSROOM, user, t)
    probes = (
        ("sns:GetSMSAttributes", None),
        ("sns:GetSMSSandboxAccountStatus", None),
        ("sns:SetSMSAttributes", None),
        ("ses:GetSendQuota", None),
        ("ses:GetAccount", "AccessDenied"),
        ("ses:ListIdentities", None),
        ("sns:ListOriginationNumbers", None),
    )
    for k, (api, err) in enumerate(probes):
        a.call(
            who, t + dt.timedelta(seconds=5 * k), api, ip, PY_LINUX, region="us-east-1", error=err
        )
    for when in spread(rng, t + dt.timedelta(minutes=2), 50, 240):
        number = f"+{rng.choice(('882', '881', '370', '371', '996'))}{rng.randrange(10**7, 10**8)}"
        a.call(
            who, when, "sns:Publish", ip, PY_LINUX, region="us-east-1", req={"phoneNumber": number}
        )
    return a.row(f"arn:aws:iam::{org.NEWSROOM}:user/{user}", w.long_key(user, t))


def a5_federation(w: World, tr: Trail, rng: random.Random) -> dict[str, Any]:
    """LUCR-3: a CI user's key (from a phished engineer's laptop) mints GetFederationToken
    console sessions through a VPN, reads secrets, and comes back the next day the same way."""
    a = _Attack(
        tr, "A5", "GetFederationToken console sessions from the Jenkins key (LUCR-3)", "medium"
    )
    user = "jenkins-legacy"
    for day, hour in ((w.day(2), 19.3), (w.day(3), 20.1)):
        ip = NETS["m247_vpn"].host(rng)
        t = at(day, hour)
        who = w.user(org.MEDIA, user, t)
        ua = "aws-cli/2.15.30 Python/3.11.8 Windows/10 exe/AMD64 prompt/off command/sts.get-federation-token"
        if day == w.day(2):
            a.call(who, t, "sts:GetCallerIdentity", ip, ua)
        fed_key = key_id(rng, "ASIA")
        a.call(
            who,
            t + dt.timedelta(seconds=20),
            "sts:GetFederationToken",
            ip,
            ua,
            req={
                "name": "jenkins",
                "durationSeconds": 129600,
                "policyArns": [{"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}],
            },
            resp={
                "credentials": {"accessKeyId": fed_key},
                "federatedUser": {
                    "federatedUserId": f"{org.MEDIA}:jenkins",
                    "arn": f"arn:aws:sts::{org.MEDIA}:federated-user/jenkins",
                },
            },
        )
        fed = federated(org.MEDIA, "jenkins", fed_key, user, w.pid(user, "AIDA"), t)
        fed.identity["sessionCredentialFromConsole"] = "true"
        login = a.call(
            fed,
            t + dt.timedelta(minutes=1),
            "signin:ConsoleLogin",
            ip,
            org.BROWSER_WIN,
            region="us-east-1",
            resp={"ConsoleLogin": "Success"},
            extra={"eventType": "AwsConsoleSignIn", "additionalEventData": {"MFAUsed": "No"}},
        )
        login["readOnly"] = False
        apis = (
            "secretsmanager:ListSecrets",
            "secretsmanager:GetSecretValue",
            "ec2:DescribeInstances",
            "iam:ListRoles",
            "s3:ListBuckets",
            "secretsmanager:GetSecretValue",
            "iam:ListUsers",
        )
        for k, api in enumerate(apis if day == w.day(2) else apis[:3]):
            a.call(fed, t + dt.timedelta(minutes=2 + k), api, ip, rng.choice(org.CONSOLE[:2]))
    return a.row(f"arn:aws:iam::{org.MEDIA}:user/{user}")


__all__ = [
    "KALI",
    "a1_encoder_key",
    "a2_dns_hijack",
    "a3_cms_origin",
    "a4_sms_pumping",
    "a5_federation",
]
