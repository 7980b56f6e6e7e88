"""What every attack of the law firm's suite is made of (its events, keys and truth rows, the key
a victim held at a moment) and the attacks that go through a person's SAML session or a
workload's own address."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout20._actors import Actor, Fleet
from benchmarks.heldout20._trail import Trail, Who

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0"
CLI_LINUX = "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/sts.get-caller-identity"
CLI_OLD = "aws-cli/1.18.69 Python/2.7.18 Linux/5.4.0-1045-aws botocore/1.16.19"
PACU = "Boto3/1.26.90 Python/3.10.12 Linux/5.15.0-91-generic Botocore/1.29.90"


@dataclass
class Attack:
    """One attack being written: its events and keys, then its truth rows."""

    id: str
    name: str
    severity: str
    trail: Trail
    ip: str
    events: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    times: list[dt.datetime] = field(default_factory=list)

    def call(
        self, who: Who, when: dt.datetime, api: str, *, key: str | None, ua: str, **kw: Any
    ) -> None:
        source, name = api.split(":")
        self.events.append(
            self.trail.emit(who, when, source, name, ip=self.ip, ua=ua, key=key, created=when, **kw)
        )
        self.times.append(when)
        if key and key not in self.keys:
            self.keys.append(key)

    def saml_console(
        self, person: Actor, email: str, t: dt.datetime, ua: str, step: Any
    ) -> tuple[Who, str]:
        """A new Okta SAML session of ``person``'s role as ``email`` and its console sign-in,
        from the attacker's address: (the role session, its key)."""
        role = Who("role", person.who.account, person.who.name, email, person.who.principal_id)
        subject = Who("saml", person.who.account, email, principal_id="okta")
        key = self.trail.mint(subject, role, t, ip=self.ip, ua=ua, via="AssumeRoleWithSAML")
        self.times.append(t)
        self.keys.append(key)
        self.call(
            role,
            step(t),
            "signin:ConsoleLogin",
            key=None,
            ua=ua,
            region="us-east-1",
            kind="AwsConsoleSignIn",
        )
        return role, key

    def rows(self, by_key: bool = True) -> list[dict[str, Any]]:
        base = {
            "id": self.id,
            "label": "attack",
            "expected_min_severity": self.severity,
            "start": f"{min(self.times):%Y-%m-%dT%H:%M:%SZ}",
            "end": f"{max(self.times) + dt.timedelta(minutes=1):%Y-%m-%dT%H:%M:%SZ}",
        }
        out = [{**base, "name": self.name, "event_ids": " ".join(self.events)}]
        if by_key:
            out += [{**base, "access_key_id": k, "source_ip": self.ip} for k in self.keys]
        return out


def key_at(trail: Trail, account: str, session: str, when: dt.datetime) -> str:
    """The newest key minted for ``session`` in ``account`` before ``when``."""
    best: tuple[dt.datetime, str] | None = None
    for t, acct, _, r in trail.records:
        if (
            acct == account
            and r["eventName"] == "AssumeRole"
            and t <= when
            and (r["requestParameters"] or {}).get("roleSessionName") == session
            and (best is None or t > best[0])
        ):
            best = (t, r["responseElements"]["credentials"]["accessKeyId"])
    assert best is not None, (account, session, when)
    return best[1]


def at(dates: list[dt.date], day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dates[day], dt.time(hour, minute))


def ip_group(admin: Actor, x: Attack, t: dt.datetime, step: Any) -> list[dict[str, Any]]:
    role, key = x.saml_console(admin, "nina.petrov@halloranwhitcombe.com", t, FIREFOX_MAC, step)
    for api in (
        "workspaces:DescribeIpGroups",
        "workspaces:AuthorizeIpRules",
        "workspaces:UpdateRulesOfIpGroup",
        "workspaces:DescribeWorkspaceDirectories",
        "workspaces:AssociateIpGroups",
    ):
        t = step(t, 30, 120)
        x.call(
            role,
            t,
            api,
            key=key,
            ua=FIREFOX_MAC,
            region="us-east-1",
            params={"groupId": "wsipg-8d2h4kq1x", "userRules": [{"ipRule": "0.0.0.0/0"}]}
            if "Rules" in api
            else None,
        )
    return x.rows()


def self_keys(
    person: Actor, x: Attack, t: dt.datetime, step: Any, trail: Trail
) -> list[dict[str, Any]]:
    role, key = x.saml_console(person, "sarah.okafor@halloranwhitcombe.com", t, FIREFOX_MAC, step)
    user = Who(
        "user", person.who.account, "sarah.okafor-cli", principal_id="AIDA" + trail.ids.token(17)
    )
    made = trail.ids.key(long_lived=True)
    for api in ("iam:GetUser", "iam:ListAccessKeys", "iam:CreateAccessKey"):
        t = step(t)
        x.call(
            role,
            t,
            api,
            key=key,
            ua=FIREFOX_MAC,
            region="us-east-1",
            params={"userName": user.name},
            response={"accessKey": {"accessKeyId": made, "userName": user.name, "status": "Active"}}
            if "Create" in api
            else None,
        )
    for api in ["sts:GetCallerIdentity", "s3:ListBuckets"] + [
        "s3:ListObjectsV2",
        "s3:GetObject",
        "s3:GetObject",
    ] * 5:
        t = step(t, 5, 40)
        x.call(
            user,
            t,
            api,
            key=made,
            ua=CLI_LINUX,
            params={"bucketName": "hw-ediscovery-productions"} if "Object" in api else None,
        )
    return x.rows()


def slow_recon(
    fleet: Actor, trail: Trail, dates: list[dt.date], day: int, rng: random.Random
) -> list[dict[str, Any]]:
    """A9: from the instance's own address with its own SDK and hourly keys, one call it never
    makes every ~45 minutes (truth by event ids only)."""
    assert isinstance(fleet, Fleet)
    i = 2
    instance, ip = fleet.instances[i], fleet.nets[i % len(fleet.nets)].addr(20 + i)
    ua = fleet.get(day, "ua", fleet.ua)
    x = Attack(
        "A9", "slow recon from the e-discovery instance with its own SDK", "medium", trail, ip
    )
    me = Who("role", fleet.who.account, fleet.who.name, instance, fleet.who.principal_id, ec2=True)
    t = at(dates, day, 1, rng.randrange(60))
    for api in (
        "iam:ListRoles",
        "iam:ListUsers",
        "ec2:DescribeInstances",
        "kms:ListKeys",
        "secretsmanager:ListSecrets",
        "organizations:ListAccounts",
        "rds:DescribeDBInstances",
        "iam:ListAttachedRolePolicies",
        "lambda:ListFunctions20150331",
        "ec2:DescribeSnapshots",
        "iam:GetAccountAuthorizationDetails",
        "s3:GetBucketPolicy",
    ):
        key = key_at(trail, fleet.who.account, instance, t)
        x.call(me, t, api, key=key, ua=ua)
        t += dt.timedelta(minutes=rng.randrange(38, 55))
    return x.rows(by_key=False)
