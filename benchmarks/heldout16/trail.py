"""CloudTrail records as the service writes them (``userIdentity`` of each kind, STS calls that
mint session keys, console sign-ins, S3 data events), collected per account and region."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

from benchmarks.heldout16.plan import ACCOUNTS, Ids

GLOBAL = {"iam", "cloudfront", "organizations", "signin"}  # logged in us-east-1
READ_PREFIXES = ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Scan")
DATA_EVENTS = {
    ("s3", n)
    for n in (
        "GetObject",
        "PutObject",
        "DeleteObject",
        "HeadObject",
        "ListObjects",
        "ListObjectsV2",
        "CopyObject",
    )
}


def principal_id(prefix: str, name: str) -> str:
    """A stable AROA/AIDA id for a role or user name (the same in every seed, as in AWS)."""
    digest = hashlib.sha256(name.encode()).digest()
    return prefix + "".join(Ids.ALPHABET[b % 32] for b in digest[:17])


def iso(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Caller:
    """Who calls, from where and with what: enough to write any record of that session."""

    identity: dict[str, Any]
    account: str  # the account id the call lands in
    ip: str
    agent: str
    console: bool = False
    vpce: str | None = None

    @property
    def key(self) -> str | None:
        return self.identity.get("accessKeyId")

    def at(self, ip: str | None = None, agent: str | None = None, **more: Any) -> Caller:
        """The same session from another address or client."""
        return replace(self, ip=ip or self.ip, agent=agent or self.agent, **more)


def iam_user(account: str, name: str, key: str) -> dict[str, Any]:
    acct = ACCOUNTS[account][0]
    return {
        "type": "IAMUser",
        "principalId": principal_id("AIDA", acct + name),
        "arn": f"arn:aws:iam::{acct}:user/{name}",
        "accountId": acct,
        "accessKeyId": key,
        "userName": name,
    }


def role_session(
    account: str, role: str, session: str, key: str, created: dt.datetime, *, mfa: bool = False
) -> dict[str, Any]:
    acct = ACCOUNTS[account][0]
    rid, name = principal_id("AROA", acct + role), role.rsplit("/", 1)[-1]
    return {
        "type": "AssumedRole",
        "principalId": f"{rid}:{session}",
        "arn": f"arn:aws:sts::{acct}:assumed-role/{name}/{session}",
        "accountId": acct,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": rid,
                "arn": f"arn:aws:iam::{acct}:role/{role}",
                "accountId": acct,
                "userName": name,
            },
            "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
        },
    }


def service(name: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": f"{name}.amazonaws.com"}


@dataclass
class Trail:
    """Every record written, as (account id, region, time, record)."""

    seed: int
    records: list[tuple[str, str, dt.datetime, dict[str, Any]]] = field(default_factory=list)
    paused: dict[tuple[str, str], tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ids = Ids(self.seed, "trail")

    def call(
        self,
        caller: Caller,
        when: dt.datetime,
        source: str,
        name: str,
        *,
        region: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: str | None = None,
        kind: str = "AwsApiCall",
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Write one record; its event id."""
        region = "us-east-1" if source in GLOBAL else region or home(caller.account)
        data = (source, name) in DATA_EVENTS
        event_id = self.ids.event_id()
        hosted = caller.ip.endswith(".amazonaws.com") or caller.ip == "AWS Internal"
        record: dict[str, Any] = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": caller.identity,
            "eventTime": iso(when),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": caller.ip,
            "userAgent": caller.agent,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.ids.hexid(8).upper() + self.ids.hexid(8).upper(),
            "eventID": event_id,
            "readOnly": name.startswith(READ_PREFIXES),
            "eventType": kind,
            "managementEvent": not data,
            "recipientAccountId": caller.account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            record["errorCode"] = error
            record["errorMessage"] = (
                f"User: {caller.identity.get('arn', 'caller')} is not authorized to perform: "
                f"{source}:{name}"
                if error == "AccessDenied"
                else error
            )
            if error == "AccessDenied":
                record["responseElements"] = None
        if data and params and "bucketName" in params:
            record["resources"] = [
                {
                    "type": "AWS::S3::Object",
                    "ARN": f"arn:aws:s3:::{params['bucketName']}/{params.get('key', '')}",
                },
                {
                    "accountId": caller.account,
                    "type": "AWS::S3::Bucket",
                    "ARN": f"arn:aws:s3:::{params['bucketName']}",
                },
            ]
        if caller.console:
            record["sessionCredentialFromConsole"] = "true"
        if caller.vpce:
            record["vpcEndpointId"] = caller.vpce
            record["vpcEndpointAccountId"] = caller.account
        if not hosted:
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        if extra:
            record.update(extra)
        stop = self.paused.get((caller.account, region))
        if stop is None or not (stop[0] < when < stop[1]):
            self.records.append((caller.account, region, when, record))
        return event_id

    # -- session minting -------------------------------------------------------------

    def mint_for_service(
        self,
        account: str,
        role: str,
        session: str,
        by: str,
        when: dt.datetime,
        *,
        region: str | None = None,
    ) -> str:
        """``by``.amazonaws.com assumes ``role`` for ``session`` (an instance, a function, a
        job); the new key."""
        key = self.ids.key()
        acct = ACCOUNTS[account][0]
        caller = Caller(service(by), acct, f"{by}.amazonaws.com", f"{by}.amazonaws.com")
        self.call(
            caller,
            when,
            "sts",
            "AssumeRole",
            region=region,
            params={"roleArn": f"arn:aws:iam::{acct}:role/{role}", "roleSessionName": session},
            response=self._credentials(acct, role, session, key, when),
            extra={"sharedEventID": self.ids.event_id()},
        )
        return key

    def mint_saml(
        self, account: str, role: str, user: str, when: dt.datetime, ip: str, agent: str
    ) -> tuple[str, str]:
        """ADFS posts a SAML assertion for ``user``; the session key and the event id."""
        key = self.ids.key()
        acct = ACCOUNTS[account][0]
        provider = f"arn:aws:iam::{acct}:saml-provider/CityADFS"
        who = {
            "type": "SAMLUser",
            "principalId": f"{principal_id('', provider)[:28]}:{user}",
            "userName": user,
            "identityProvider": principal_id("", provider)[:28],
        }
        event = self.call(
            Caller(who, acct, ip, agent),
            when,
            "sts",
            "AssumeRoleWithSAML",
            region="us-east-1",
            params={
                "roleArn": f"arn:aws:iam::{acct}:role/{role}",
                "principalArn": provider,
                "durationSeconds": 28800,
            },
            response={
                **self._credentials(acct, role, user, key, when, hours=8),
                "subject": user,
                "subjectType": "persistent",
                "issuer": "https://adfs.salishmetro.gov/adfs/services/trust",
                "audience": "https://signin.aws.amazon.com/saml",
            },
        )
        return key, event

    def mint_cross_account(
        self,
        account: str,
        role: str,
        session: str,
        when: dt.datetime,
        ip: str,
        agent: str,
        *,
        source_account: str,
    ) -> tuple[str, str]:
        """A principal of another account assumes ``role`` with an external id."""
        key = self.ids.key()
        acct = ACCOUNTS[account][0]
        who = {
            "type": "AWSAccount",
            "principalId": f"{principal_id('AROA', source_account + 'MSPEngineers')}:{session}",
            "accountId": source_account,
        }
        event = self.call(
            Caller(who, acct, ip, agent),
            when,
            "sts",
            "AssumeRole",
            params={
                "roleArn": f"arn:aws:iam::{acct}:role/{role}",
                "roleSessionName": session,
                "externalId": "smt-msp-2291",
                "durationSeconds": 3600,
            },
            response=self._credentials(acct, role, session, key, when),
        )
        return key, event

    def console_login(self, caller: Caller, when: dt.datetime, *, mfa: str = "No") -> str:
        """A federated (SAML) console sign-in of ``caller``'s session."""
        who = {k: v for k, v in caller.identity.items() if k != "accessKeyId"}
        return self.call(
            replace(caller, identity=who),
            when,
            "signin",
            "ConsoleLogin",
            kind="AwsConsoleSignIn",
            response={"ConsoleLogin": "Success"},
            extra={
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home",
                    "MobileVersion": "No",
                    "MFAUsed": mfa,
                    "SamlProviderArn": f"arn:aws:iam::{caller.account}:saml-provider/CityADFS",
                },
                "readOnly": False,
            },
        )

    def _credentials(
        self, acct: str, role: str, session: str, key: str, when: dt.datetime, *, hours: int = 1
    ) -> dict[str, Any]:
        rid, name = principal_id("AROA", acct + role), role.rsplit("/", 1)[-1]
        return {
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + self.ids.hexid(24),
                "expiration": (when + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{rid}:{session}",
                "arn": f"arn:aws:sts::{acct}:assumed-role/{name}/{session}",
            },
        }


def home(account_id: str) -> str:
    for acct, region in ACCOUNTS.values():
        if acct == account_id:
            return region
    return "us-east-1"
