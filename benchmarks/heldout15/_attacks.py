"""The attacks of the scored days, each after a public write-up, with their truth rows. They
run after the everyday trail is written, so that stolen keys are keys the trail issued."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks.heldout15 import _org as o
from benchmarks.heldout15._actors import Org
from benchmarks.heldout15._changes import Changes, Row, row
from benchmarks.heldout15._people import sso_session
from benchmarks.heldout15._records import assumed, iam_user

KALI_CLI = "aws-cli/1.22.34 Python/3.11.8 Linux/6.6.9-amd64 botocore/1.23.34"
OLD_BOTO = "Boto3/1.26.137 Python/3.10.12 Linux/5.15.0-1051-aws Botocore/1.29.137"
WIN_CLI = "aws-cli/2.9.0 Python/3.9.11 Windows/10 exe/AMD64 prompt/off command/{cmd}"
DENIED = ("AccessDenied", "User is not authorized to perform this operation")
Step = tuple[str, dict[str, Any] | None, bool]  # api, parameters, denied


class Campaign:
    """One attacker's calls with one identity from one address; keeps the event IDs."""

    def __init__(
        self, org: Org, who: dict[str, Any], account: str, region: str, ip: str, ua: str
    ) -> None:
        self.org, self.who, self.account, self.region, self.ip, self.ua = (
            org,
            who,
            account,
            region,
            ip,
            ua,
        )
        self.events: list[str] = []

    def run(self, t: float, steps: Sequence[Step], gap: float = 25.0) -> float:
        for api, p, denied in steps:
            t += float(self.org.rng.uniform(0.4, 1.6)) * gap
            self.events.append(
                self.org.trail.add(
                    t,
                    self.who,
                    api,
                    account=self.account,
                    region=self.region,
                    ip=self.ip,
                    ua=self.ua.format(cmd=api.split(":")[0]),
                    params=p,
                    error=DENIED if denied else None,
                )
            )
        return t


def stolen(org: Org, role: str, session: str, t: float) -> tuple[dict[str, Any], str]:
    """The identity of the session key ``role``/``session`` held at ``t`` (as the trail issued it)."""
    key, _ip = org.key_at(role, session, t)
    w = next(w for w in o.WORKLOADS + o.STAKING_WORKLOADS if w.name == role)
    issued = max(s for s, k, _ in org.issued[(role, session)] if k == key)
    return assumed(
        w.account, role, org.role_id(w.account, role), session, key, issued, ec2=w.kind == "ec2"
    ), key


def leaked_key(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A1 (Datadog Security Labs, 'leaked access keys'; Permiso): a developer's key from a public
    repository, validated from a VPN exit on the threat list, then recon and a secret sweep from a VPS."""
    t = o.Clock.at(ch.clock.scored[day_i], 19.2)
    who = iam_user(o.DATA, "marek.novak", org.user_id("marek.novak"), org.dev_key)
    probe = Campaign(org, who, o.DATA, o.SG, org.threat_ip, "TruffleHog")
    probe.run(t, [("sts:GetCallerIdentity", None, False)])
    vps = org.addr.net("vultr")
    c = Campaign(org, who, o.DATA, o.SG, vps, KALI_CLI)
    steps: list[Step] = [
        ("sts:GetCallerIdentity", None, False),
        ("iam:ListUsers", None, True),
        ("iam:ListAttachedUserPolicies", {"userName": "marek.novak"}, False),
        ("s3:ListBuckets", None, False),
        ("secretsmanager:ListSecrets", None, False),
    ]
    for n, name in enumerate(
        (
            "prod/app-config",
            "prod/exchange-db",
            "prod/withdrawal-hotkey-wrap",
            "prod/binance-api",
            "prod/okx-api",
            "prod/coinbase-prime",
            "prod/fireblocks-api",
            "prod/chainalysis-token",
            "prod/smtp",
            "prod/slack-webhook",
            "prod/market-maker-ftp",
            "prod/treasury-ledger",
        )
    ):
        steps.append(
            (
                "secretsmanager:GetSecretValue",
                {"secretId": f"arn:aws:secretsmanager:{o.SG}:{o.DATA}:secret:{name}"},
                n % 4 == 2,
            )
        )
    c.run(t + 1800, steps, gap=12)
    return [
        row(
            "A1",
            "developer's key leaked from a public repository: recon and a GetSecretValue sweep",
            label="attack",
            key=org.dev_key,
            ips=f"{org.threat_ip} {vps}",
            start=t - 60,
            end=t + 1800 + 900,
            severity="high",
        )
    ]


def ssrf(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A2 (Capital One, 2019; Stratus ec2-steal-instance-credentials): a market-data node's
    instance credentials taken through SSRF and used from a droplet."""
    fleet = org.instances["market-data-fanout"]
    iid = fleet[min(1, len(fleet) - 1)][0]
    t = o.Clock.at(ch.clock.scored[day_i], 13.0)
    issued = min(s for s, _k, _i in org.issued[("market-data-fanout", iid)] if s >= t)
    who, key = stolen(org, "market-data-fanout", iid, issued + 300)
    ip = org.addr.net("digitalocean")
    Campaign(
        org,
        who,
        o.TRADING,
        o.SG,
        ip,
        "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0-18-cloud-amd64 exe/x86_64.debian.12 prompt/off command/{cmd}",
    ).run(
        issued + 400,
        [
            ("sts:GetCallerIdentity", None, False),
            ("s3:ListBuckets", None, False),
            ("ec2:DescribeInstances", None, False),
            ("secretsmanager:ListSecrets", None, True),
            ("iam:ListRoles", None, True),
            ("kms:ListKeys", None, False),
            ("ec2:DescribeSnapshots", None, False),
            ("ssm:DescribeParameters", None, False),
        ],
        gap=40,
    )
    return [
        row(
            "A2",
            "market-data node's instance credentials stolen through SSRF, used from DigitalOcean",
            label="attack",
            key=key,
            ips=ip,
            start=issued + 300,
            end=issued + 1500,
            severity="medium",
        )
    ]


def other_account(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A3 (GuardDuty InstanceCredentialExfiltration.InsideAWS; Stratus): the signing service's
    credentials used from an instance in another AWS account to sign."""
    iid = org.instances["hot-wallet-signer"][0][0]
    t = o.Clock.at(ch.clock.scored[day_i], 16.0)
    issued = min(s for s, _k, _i in org.issued[("hot-wallet-signer", iid)] if s >= t)
    who, key = stolen(org, "hot-wallet-signer", iid, issued + 200)
    ip = org.addr.aws("us-west-2")
    sign = {"keyId": o.SIGNING_KEY, "signingAlgorithm": "ECDSA_SHA_256", "messageType": "DIGEST"}
    Campaign(org, who, o.CUSTODY, o.SG, ip, OLD_BOTO).run(
        issued + 300,
        [
            ("sts:GetCallerIdentity", None, False),
            ("kms:ListKeys", None, False),
            ("kms:DescribeKey", {"keyId": o.SIGNING_KEY}, False),
            ("kms:GetPublicKey", {"keyId": o.SIGNING_KEY}, False),
        ]
        + [("kms:Sign", sign, False)] * 5,
        gap=30,
    )
    return [
        row(
            "A3",
            "signing service's role credentials used inside another AWS account",
            label="attack",
            key=key,
            ips=ip,
            start=issued + 200,
            end=issued + 1200,
            severity="medium",
        )
    ]


def kms_grant(org: Org, ch: Changes, day_i: int) -> list[Row]:
    """A4 (TraderTraitor / CISA AA22-108A; KMS grants as persistence): a custody engineer's cached
    Identity Center token used from Hong Kong at night to grant an outside account use of the signing key."""
    person = next(p for p in o.PEOPLE if p.user.startswith("ines"))
    t = o.Clock.at(ch.clock.scored[day_i], 2.5)
    ip = org.addr.net("alibaba")
    who = sso_session(org, person, t, ip, "CustodyOps", o.CUSTODY, console=False, n=0, ua=KALI_CLI)
    c = Campaign(org, who, o.CUSTODY, o.SG, ip, KALI_CLI)
    grantee = f"arn:aws:iam::{o.ATTACKER_ACCOUNTS[1]}:root"
    c.run(
        t + 30,
        [
            ("sts:GetCallerIdentity", None, False),
            ("kms:ListKeys", None, False),
            ("kms:ListAliases", None, False),
            ("kms:DescribeKey", {"keyId": o.SIGNING_KEY}, False),
            ("kms:ListGrants", {"keyId": o.SIGNING_KEY}, False),
            (
                "kms:CreateGrant",
                {
                    "keyId": o.SIGNING_KEY,
                    "granteePrincipal": grantee,
                    "operations": ["Sign", "GetPublicKey"],
                },
                False,
            ),
            ("kms:ListGrants", {"keyId": o.SIGNING_KEY}, False),
        ],
        gap=35,
    )
    return [
        row(
            "A4",
            "stolen Identity Center token: kms:CreateGrant on the signing key to an outside account",
            label="attack",
            key=who["accessKeyId"],
            ips=ip,
            start=t - 60,
            end=t + 1200,
            severity="high",
        )
    ]
