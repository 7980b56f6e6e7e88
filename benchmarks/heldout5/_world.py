"""Brightmoor Interactive: accounts, people, and the calls every scenario module shares (minting
keys the way each AWS service does, an Identity Center sign-in, a cross-account role)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout5._net import Addresses
from benchmarks.heldout5._records import Ids, Trail, assumed, identity_center_user, role_arn, ts
from benchmarks.heldout5._staff import PEOPLE, Person, browser_ua, cli_ua

ACCOUNTS = {
    "management": "418290356114",
    "security": "736104928573",
    "log_archive": "592847103665",
    "tools": "305716482939",
    "game_prod": "861394027518",
    "game_staging": "147520938466",
    "media_prod": "629083715240",
    "nova": "983216504787",  # a new title's account, created 6 days before the end
}
OBSV_VENDOR = "727364018295"  # an observability SaaS polling through a role with an ExternalId
CSPM_VENDOR = "512093847661"  # a cloud security posture SaaS, the same way
OUTSIDE = "390614872503"  # the attackers' own account (KMS policy grant, replication target)


def set_role(account: str, pset: str) -> str:
    return f"AWSReservedSSO_{pset}_{hashlib.sha1((account + pset).encode()).hexdigest()[:16]}"


@dataclass
class World:
    rng: random.Random
    ids: Ids
    trail: Trail
    addr: Addresses
    scale: float
    days: list[dt.date]
    state: dict[str, Any] = field(default_factory=dict)

    def at(self, day: dt.date, hour: float) -> dt.datetime:
        hour = min(max(hour, 0.0), 23.999)
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=int(hour * 3600))

    def n(self, mean: float) -> int:
        """A count around ``mean`` times the scale (at least 0)."""
        m = mean * self.scale
        return max(0, int(m + self.rng.uniform(-0.3, 0.3) * m + self.rng.random()))

    def mint_for_service(
        self,
        t: dt.datetime,
        account: str,
        region: str,
        role: str,
        session: str,
        host: str,
        *,
        ec2: bool = False,
    ) -> tuple[str, dict[str, Any]]:
        """The AssumeRole an AWS service makes for the code it runs; the key and its identity."""
        key = self.ids.key()
        self.trail.call(
            t,
            account,
            region,
            "sts.amazonaws.com",
            "AssumeRole",
            {"type": "AWSService", "invokedBy": host},
            host,
            host,
            request={
                "roleArn": role_arn(account, role),
                "roleSessionName": session,
                "durationSeconds": 3600 * (6 if ec2 else 1),
            },
            response={
                "credentials": {
                    "accessKeyId": key,
                    "expiration": ts(t + dt.timedelta(hours=6 if ec2 else 1)),
                    "sessionToken": "IQoJb3JpZ2luX2VjE" + self.ids.hexid(24),
                },
                "assumedRoleUser": {
                    "assumedRoleId": f"AROA:{session}",
                    "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
                },
            },
            extra={
                "resources": [
                    {"accountId": account, "type": "AWS::IAM::Role", "ARN": role_arn(account, role)}
                ]
            },
        )
        return key, assumed(account, role, session, key, t, ec2=ec2)

    def assume_role(
        self,
        t: dt.datetime,
        caller: dict[str, Any],
        caller_account: str | None,
        ip: str,
        ua: str,
        account: str,
        role: str,
        session: str,
        *,
        external_id: str | None = None,
        region: str = "eu-west-1",
        callee_identity: dict[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any], list[str]]:
        """A role assumed across accounts: the callee's record and, for an org caller, the
        caller's copy with the same sharedEventID. Returns (key, identity, event ids)."""
        key = self.ids.key()
        shared = self.ids.uuid()
        request = {
            "roleArn": role_arn(account, role),
            "roleSessionName": session,
            "durationSeconds": 3600,
        }
        if external_id:
            request["externalId"] = external_id
        response = {
            "credentials": {
                "accessKeyId": key,
                "expiration": ts(t + dt.timedelta(hours=1)),
                "sessionToken": "IQoJb3JpZ2luX2VjE" + self.ids.hexid(24),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"AROA:{session}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            },
        }
        seen = callee_identity or caller
        eids = [
            self.trail.call(
                t,
                account,
                region,
                "sts.amazonaws.com",
                "AssumeRole",
                seen,
                ip,
                ua,
                request=request,
                response=response,
                shared=shared,
            )
        ]
        if caller_account and caller_account != account:
            eids.append(
                self.trail.call(
                    t,
                    caller_account,
                    region,
                    "sts.amazonaws.com",
                    "AssumeRole",
                    caller,
                    ip,
                    ua,
                    request=request,
                    response=response,
                    shared=shared,
                )
            )
        return key, assumed(account, role, session, key, t), eids

    def sso_session(
        self, p: Person, t: dt.datetime, account_name: str, ip: str, ua: str, *, console: bool
    ) -> tuple[str, dict[str, Any], list[str]]:
        """An Identity Center user into a permission set's role: the portal's record in the
        management account, AssumeRoleWithSAML (and a federated ConsoleLogin) in the member."""
        mgmt, account = ACCOUNTS["management"], ACCOUNTS[account_name]
        pset = p.sets[account_name]
        role = set_role(account, pset)
        who = identity_center_user(mgmt, p.user_id)
        eids = [
            self.trail.call(
                t,
                mgmt,
                "eu-west-1",
                "sso.amazonaws.com",
                "Federate" if console else "GetRoleCredentials",
                who,
                ip,
                ua,
                request={"accountId": account, "roleName": pset},
                response=None,
                extra={"serviceEventDetails": {"role_name": pset, "account_id": account}}
                if console
                else None,
            )
        ]
        key = self.ids.key()
        saml = {
            "type": "SAMLUser",
            "principalId": f"{p.user_id}:{p.user}",
            "userName": p.user,
            "identityProvider": f"arn:aws:iam::{account}:saml-provider/AWSSSO_{hashlib.sha1(account.encode()).hexdigest()[:16]}_DO_NOT_DELETE",
        }
        t1 = t + dt.timedelta(seconds=1)
        eids.append(
            self.trail.call(
                t1,
                account,
                "eu-west-1",
                "sts.amazonaws.com",
                "AssumeRoleWithSAML",
                saml,
                ip,
                ua,
                request={
                    "roleArn": role_arn(account, role),
                    "principalArn": saml["identityProvider"],
                    "durationSeconds": 43200,
                },
                response={
                    "credentials": {
                        "accessKeyId": key,
                        "expiration": ts(t + dt.timedelta(hours=12)),
                    },
                    "assumedRoleUser": {
                        "assumedRoleId": f"AROA:{p.user}",
                        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{p.user}",
                    },
                    "subject": p.user,
                    "subjectType": "persistent",
                    "audience": "https://signin.aws.amazon.com/saml",
                },
            )
        )
        ident = assumed(account, role, p.user, key, t1)
        if console:
            eids.append(
                self.trail.call(
                    t1 + dt.timedelta(seconds=2),
                    account,
                    "us-east-1",
                    "signin.amazonaws.com",
                    "ConsoleLogin",
                    ident,
                    ip,
                    ua,
                    response={"ConsoleLogin": "Success"},
                    event_type="AwsConsoleSignIn",
                    extra={
                        "additionalEventData": {
                            "LoginTo": "https://console.aws.amazon.com/console/home",
                            "MobileVersion": "No",
                            "MFAUsed": "No",
                        }
                    },
                )
            )
        return key, ident, eids


__all__ = ["ACCOUNTS", "PEOPLE", "Person", "World", "browser_ua", "cli_ua", "set_role"]
