"""CloudTrail records as AWS writes them, and the identities behind them: role sessions minted
by AWS services, web identities, SAML (IAM Identity Center) and other accounts; IAM users' long
term keys and console sessions. ``Trail`` collects the records with the moment each is
delivered; ``deliver`` writes them in the S3 layout, one file per account, region and
five-minute delivery."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
READ = ("Get", "List", "Describe", "Lookup", "Head", "Query", "Scan", "BatchGet", "Search")
DATA_SOURCES = {"s3", "dynamodb", "lambda-invoke", "sqs"}
DATA_EVENTS = {
    "GetObject", "PutObject", "CopyObject", "DeleteObject", "HeadObject", "ListObjects",
    "ListObjectsV2", "GetItem", "PutItem", "Query", "Scan", "UpdateItem", "BatchWriteItem",
    "BatchGetItem", "SendMessage", "ReceiveMessage", "DeleteMessage",
}  # fmt: skip


def iso(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def stable(prefix: str, text: str, n: int = 17) -> str:
    """An identifier derived from ``text`` alone (role and user IDs stay the same every day)."""
    digest = hashlib.sha256(text.encode()).digest()
    return prefix + "".join(ALPHA[b % 32] for b in digest[:n])


@dataclass
class Cred:
    """A credential as its records show it: the ``userIdentity``, the key and the principal as
    ``ueba`` names it (the role ARN, the user ARN or the Identity Center person)."""

    identity: dict[str, Any]
    key: str
    account: str
    principal: str
    console: bool = False


@dataclass
class Trail:
    seed: int
    rng: random.Random = field(init=False)
    records: list[tuple[dt.datetime, dict[str, Any]]] = field(default_factory=list)
    late_share: float = 0.01

    def __post_init__(self) -> None:
        self.rng = random.Random(f"heldout42:{self.seed}:trail")

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(ALPHA) for _ in range(16))

    def uid(self) -> str:
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"

    def emit(
        self,
        at: dt.datetime,
        who: Cred | dict[str, Any],
        source: str,
        name: str,
        region: str,
        ip: str,
        ua: str,
        *,
        account: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        vpce: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """One record; returns its event ID."""
        identity = who.identity if isinstance(who, Cred) else who
        account = account or (who.account if isinstance(who, Cred) else identity["accountId"])
        data = source in DATA_SOURCES and name in DATA_EVENTS
        event_id = self.uid()
        record: dict[str, Any] = {
            "eventVersion": "1.11" if data else "1.10",
            "userIdentity": identity,
            "eventTime": iso(at),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.uid().replace("-", "").upper()[:20],
            "eventID": event_id,
            "readOnly": name.startswith(READ),
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error is not None:
            record["errorCode"] = error
            record["errorMessage"] = _message(error, identity, source, name)
        if vpce is not None:
            record["vpcEndpointId"] = vpce
            record["vpcEndpointAccountId"] = account
        if isinstance(who, Cred) and who.console:
            record["sessionCredentialFromConsole"] = "true"
        if not ip.endswith(".amazonaws.com"):
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        record.update(extra or {})
        delay = dt.timedelta(seconds=self.rng.randrange(120, 600))
        if self.rng.random() < self.late_share:  # a delivery that comes late
            delay += dt.timedelta(minutes=self.rng.randrange(15, 70))
        self.records.append((at + delay, record))
        return event_id

    # -- minting: the events that give a key, each recorded in the role's account ----------
    def session(
        self,
        at: dt.datetime,
        account: str,
        role: str,
        name: str,
        *,
        ec2: bool = False,
        mfa: bool = False,
    ) -> Cred:
        role_id = stable("AROA", f"{account}/{role}")
        arn = f"arn:aws:iam::{account}:role/{role}"
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": role_id,
                "arn": arn,
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": iso(at), "mfaAuthenticated": str(mfa).lower()},
        }
        if ec2:
            context["ec2RoleDelivery"] = "2.0"
        key = self.key()
        identity: dict[str, Any] = {
            "type": "AssumedRole",
            "principalId": f"{role_id}:{name}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": context,
        }
        principal = arn
        if role.startswith("AWSReservedSSO_"):
            principal = identity["arn"]
        return Cred(identity, key, account, principal)

    def _minted(self, at: dt.datetime, cred: Cred, name: str, hours: float) -> dict[str, Any]:
        return {
            "credentials": {
                "accessKeyId": cred.key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + cred.key[4:],
                "expiration": (at + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": cred.identity["principalId"],
                "arn": cred.identity["arn"],
            },
        }

    def by_service(
        self,
        at: dt.datetime,
        account: str,
        role: str,
        name: str,
        host: str,
        region: str,
        *,
        ec2: bool = False,
        hours: float = 6,
    ) -> Cred:
        """A key an AWS service (``ec2``, ``lambda``, ``glue`` ...) mints for its workload."""
        cred = self.session(at, account, role, name, ec2=ec2)
        who = {"type": "AWSService", "invokedBy": host}
        self.emit(
            at - dt.timedelta(seconds=2), who, "sts", "AssumeRole", region, host, host, account=account,
            params={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": name, "durationSeconds": int(hours * 3600)},
            response=self._minted(at, cred, name, hours),
            extra={"resources": [{"accountId": account, "type": "AWS::IAM::Role", "ARN": f"arn:aws:iam::{account}:role/{role}"}], "sharedEventID": self.uid()},
        )  # fmt: skip
        return cred

    def by_web_identity(
        self, at: dt.datetime, account: str, role: str, name: str, provider: str, subject: str,
        region: str, ip: str, ua: str, *, vpce: str | None = None,
    ) -> tuple[Cred, str]:  # fmt: skip
        """AssumeRoleWithWebIdentity (EKS service accounts, GitLab CI): the key and the event."""
        cred = self.session(at, account, role, name)
        who = {
            "type": "WebIdentityUser",
            "principalId": f"{provider}:sts.amazonaws.com:{subject}",
            "userName": subject,
            "identityProvider": provider,
        }
        event = self.emit(
            at - dt.timedelta(seconds=1), who, "sts", "AssumeRoleWithWebIdentity", region, ip, ua,
            account=account, vpce=vpce,
            params={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": name},
            response={**self._minted(at, cred, name, 1), "provider": f"arn:aws:iam::{account}:oidc-provider/{provider}", "audience": "sts.amazonaws.com", "subjectFromWebIdentityToken": subject},
        )  # fmt: skip
        return cred, event

    def by_saml(
        self,
        at: dt.datetime,
        account: str,
        permission_set: str,
        user: str,
        ip: str,
        ua: str,
        *,
        console: bool,
    ) -> tuple[Cred, list[str]]:
        """An Identity Center person into ``account`` (SAML through the AWSSSO provider), with
        the console sign-in when ``console``: the session and its events."""
        role = sso_role(account, permission_set)
        cred = self.session(at, account, role, user)
        provider = f"arn:aws:iam::{account}:saml-provider/AWSSSO_{stable('', account, 16).lower()}_DO_NOT_DELETE"
        who = {
            "type": "SAMLUser",
            "principalId": f"{stable('', user, 22)}:{user}",
            "userName": user,
            "identityProvider": provider,
        }
        events = [
            self.emit(
                at - dt.timedelta(seconds=3), who, "sts", "AssumeRoleWithSAML", "us-east-1", ip, ua, account=account,
                params={"roleArn": f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{role}", "principalArn": provider, "durationSeconds": 28800},
                response={**self._minted(at, cred, user, 8), "subject": user, "subjectType": "persistent", "issuer": "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/MzgwMTEy", "audience": "https://signin.aws.amazon.com/saml"},
            )
        ]  # fmt: skip
        if console:
            cred.console = True
            login = dict(cred.identity)
            login.pop("accessKeyId")
            events.append(
                self.emit(
                    at,
                    login,
                    "signin",
                    "ConsoleLogin",
                    "us-east-1",
                    ip,
                    ua,
                    account=account,
                    response={"ConsoleLogin": "Success"},
                    extra={
                        "additionalEventData": {
                            "MobileVersion": "No",
                            "MFAUsed": "No",
                            "LoginTo": "https://console.aws.amazon.com/console/home",
                        }
                    },
                )
            )
        return cred, events

    def by_account(
        self, at: dt.datetime, account: str, role: str, name: str, caller: str, region: str, ip: str, ua: str,
        *, external_id: str | None = None,
    ) -> tuple[Cred, str]:  # fmt: skip
        """Another AWS account (a vendor) assuming ``role``: the key and the event."""
        cred = self.session(at, account, role, name)
        who = {
            "type": "AWSAccount",
            "principalId": stable("AROA", caller) + ":" + name,
            "accountId": caller,
        }
        params: dict[str, Any] = {
            "roleArn": f"arn:aws:iam::{account}:role/{role}",
            "roleSessionName": name,
        }
        if external_id:
            params["externalId"] = external_id
        event = self.emit(
            at - dt.timedelta(seconds=1), who, "sts", "AssumeRole", region, ip, ua, account=account,
            params=params, response=self._minted(at, cred, name, 1),
        )  # fmt: skip
        return cred, event

    def user(self, account: str, name: str, key: str) -> Cred:
        arn = f"arn:aws:iam::{account}:user/{name}"
        identity = {
            "type": "IAMUser",
            "principalId": stable("AIDA", arn),
            "arn": arn,
            "accountId": account,
            "accessKeyId": key,
            "userName": name,
        }
        return Cred(identity, key, account, arn)

    def console_login(
        self, at: dt.datetime, account: str, name: str, ip: str, ua: str, *, mfa: bool
    ) -> tuple[Cred, str]:
        """An IAM user's password sign-in: the console session and the ConsoleLogin event."""
        cred = self.user(account, name, self.key())
        cred.console = True
        cred.identity["sessionContext"] = {
            "attributes": {"creationDate": iso(at), "mfaAuthenticated": str(mfa).lower()}
        }
        login = {
            k: v for k, v in cred.identity.items() if k not in ("accessKeyId", "sessionContext")
        }
        event = self.emit(
            at, login, "signin", "ConsoleLogin", "us-east-1", ip, ua, account=account,
            response={"ConsoleLogin": "Success"},
            extra={"additionalEventData": {"MobileVersion": "No", "MFAUsed": "Yes" if mfa else "No", "LoginTo": "https://console.aws.amazon.com/console/home"}},
        )  # fmt: skip
        return cred, event


def sso_role(account: str, permission_set: str) -> str:
    return (
        f"AWSReservedSSO_{permission_set}_{stable('', f'{account}/{permission_set}', 16).lower()}"
    )


def sso_principal(account: str, permission_set: str, user: str) -> str:
    """An Identity Center person in ``account`` as ``ueba`` names them."""
    return f"arn:aws:sts::{account}:assumed-role/{sso_role(account, permission_set)}/{user}"


def _message(error: str, identity: dict[str, Any], source: str, name: str) -> str:
    if error == "AccessDenied":
        who = identity.get("arn", identity.get("userName", "the caller"))
        return f"User: {who} is not authorized to perform: {source}:{name} because no identity-based policy allows the {source}:{name} action"
    if error in ("ThrottlingException", "ProvisionedThroughputExceededException"):
        return "Rate exceeded"
    return f"{error} ({name})"


def deliver(
    records: list[tuple[dt.datetime, dict[str, Any]]], root: Path, rng: random.Random
) -> int:
    """The records in S3 layout under ``root/AWSLogs``: one gzip file per account, region and
    five-minute delivery, records in time order within it; returns the number of files."""
    files: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = defaultdict(list)
    for delivered, record in records:
        slot = delivered.replace(
            minute=delivered.minute - delivered.minute % 5, second=0, microsecond=0
        )
        files[(record["recipientAccountId"], record["awsRegion"], slot)].append(record)
    for (account, region, slot), batch in sorted(files.items()):
        batch.sort(key=lambda r: (r["eventTime"], r["eventID"]))
        stamp = slot.strftime("%Y%m%dT%H%MZ")
        tag = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(16))
        folder = root / "AWSLogs" / account / "CloudTrail" / region / slot.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{account}_CloudTrail_{region}_{stamp}_{tag}.json.gz"
        body = json.dumps({"Records": batch}, separators=(",", ":")).encode()
        path.write_bytes(gzip.compress(body, mtime=0))
    return len(files)
