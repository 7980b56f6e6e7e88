"""CloudTrail records as AWS writes them: the identities of role sessions (EC2, ECS, Lambda,
SAML people, vendors, CI through OIDC), IAM users, services and service-linked roles, the
``AssumeRole*`` events that open each session, and the calls they make."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout46.world import Ids, iso

GLOBAL = "us-east-1"
OKTA = "okta-kowhai"
GITHUB = "token.actions.githubusercontent.com"


@dataclass(frozen=True)
class Actor:
    """Who calls: the ``userIdentity`` of a record and the key it carries."""

    identity: dict[str, Any]
    account: str
    key: str = ""

    @property
    def arn(self) -> str:
        return str(self.identity["arn"])


@dataclass
class Trail:
    ids: Ids
    records: list[dict[str, Any]] = field(default_factory=list)
    n: int = 0

    def call(
        self,
        t: dt.datetime,
        actor: Actor,
        source: str,
        name: str,
        region: str,
        ip: str,
        agent: str,
        *,
        error: str = "",
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        invoked_by: str = "",
        vpce: str = "",
        data: bool = False,
        account: str = "",
        extra: dict[str, Any] | None = None,
    ) -> str:
        """One record; its event ID."""
        self.n += 1
        event_id = self.ids.uuid("event", self.n)
        identity = dict(actor.identity)
        if invoked_by:
            identity["invokedBy"] = invoked_by
        read = name.startswith(("Get", "List", "Describe", "Lookup", "Head", "Search", "Filter"))
        record: dict[str, Any] = {
            "eventVersion": "1.10" if not data else "1.09",
            "userIdentity": identity,
            "eventTime": iso(t),
            "eventSource": f"{source}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.ids.uuid("request", self.n),
            "eventID": event_id,
            "readOnly": read,
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": account or actor.account,
            "eventCategory": "Data" if data else "Management",
        }
        if error:
            record["errorCode"] = error
            record["errorMessage"] = {
                "AccessDenied": f"User: {actor.arn} is not authorized to perform: {source}:{name}",
                "ThrottlingException": "Rate exceeded",
            }.get(error, error)
        if vpce:
            record["vpcEndpointId"] = vpce
        if ip[0].isdigit() and not invoked_by:
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
            }
        record.update(extra or {})
        self.records.append(record)
        return event_id

    # identities -------------------------------------------------------------------------
    def role_session(
        self, account: str, role: str, session: str, key: str, created: dt.datetime, mfa: bool
    ) -> Actor:
        role_id = self.ids.principal("AROA", account, role)
        identity: dict[str, Any] = {
            "type": "AssumedRole",
            "principalId": f"{role_id}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "principalId": role_id,
                    "arn": f"arn:aws:iam::{account}:role/{role}",
                    "accountId": account,
                    "userName": role,
                },
                "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
            },
        }
        if session.startswith("i-"):
            identity["sessionContext"]["ec2RoleDelivery"] = "2.0"
        return Actor(identity, account, key)

    def user(
        self, account: str, name: str, key: str, *, console: bool = False, mfa: bool = False
    ) -> Actor:
        identity: dict[str, Any] = {
            "type": "IAMUser",
            "principalId": self.ids.principal("AIDA", account, name),
            "arn": f"arn:aws:iam::{account}:user/{name}",
            "accountId": account,
            "accessKeyId": key,
            "userName": name,
        }
        if console:
            identity["sessionContext"] = {
                "attributes": {"creationDate": "", "mfaAuthenticated": str(mfa).lower()}
            }
        return Actor(identity, account, key)

    def service(self, account: str, service: str) -> Actor:
        return Actor({"type": "AWSService", "invokedBy": f"{service}.amazonaws.com"}, account)

    # sessions ---------------------------------------------------------------------------
    def _credentials(
        self, key: str, account: str, role: str, session: str, t: dt.datetime
    ) -> dict[str, Any]:
        role_id = self.ids.principal("AROA", account, role)
        return {
            "credentials": {
                "accessKeyId": key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + self.ids.hexid(24, "token", key),
                "expiration": (t + dt.timedelta(hours=6)).strftime("%b %d, %Y, %I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": f"{role_id}:{session}",
                "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
            },
        }

    def by_service(
        self,
        t: dt.datetime,
        account: str,
        role: str,
        session: str,
        key: str,
        service: str,
        region: str,
    ) -> Actor:
        """A workload's session opened by its service (EC2, ECS tasks, Lambda)."""
        self.call(
            t,
            self.service(account, service),
            "sts",
            "AssumeRole",
            region,
            f"{service}.amazonaws.com",
            f"{service}.amazonaws.com",
            params={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": session},
            response=self._credentials(key, account, role, session, t),
        )
        return self.role_session(account, role, session, key, t, False)

    def saml(
        self, t: dt.datetime, account: str, role: str, email: str, key: str, ip: str, agent: str
    ) -> tuple[Actor, str]:
        """A person federated from Okta into an IAM role: (session, the sign-in's event ID)."""
        provider = f"arn:aws:iam::{account}:saml-provider/{OKTA}"
        caller = Actor(
            {
                "type": "SAMLUser",
                "principalId": f"{self.ids.hexid(28, 'saml', account)}:{email}",
                "userName": email,
                "identityProvider": self.ids.hexid(28, "saml", account),
            },
            account,
        )
        event = self.call(
            t,
            caller,
            "sts",
            "AssumeRoleWithSAML",
            GLOBAL,
            ip,
            agent,
            params={
                "roleArn": f"arn:aws:iam::{account}:role/{role}",
                "principalArn": provider,
                "durationSeconds": 43200,
            },
            response=self._credentials(key, account, role, email, t),
        )
        return self.role_session(account, role, email, key, t, False), event

    def assume(
        self,
        t: dt.datetime,
        caller: Actor,
        account: str,
        role: str,
        session: str,
        key: str,
        ip: str,
        agent: str,
        *,
        external_id: str = "",
    ) -> tuple[Actor, str]:
        """``AssumeRole`` into another account's role (vendors, administrators)."""
        params: dict[str, Any] = {
            "roleArn": f"arn:aws:iam::{account}:role/{role}",
            "roleSessionName": session,
        }
        if external_id:
            params["externalId"] = external_id
        event = self.call(
            t,
            caller,
            "sts",
            "AssumeRole",
            GLOBAL,
            ip,
            agent,
            params=params,
            response=self._credentials(key, account, role, session, t),
            account=account,
            extra={"sharedEventID": self.ids.uuid("shared", t, key)}
            if caller.account != account
            else None,
        )
        return self.role_session(account, role, session, key, t, False), event

    def oidc(
        self, t: dt.datetime, account: str, role: str, subject: str, key: str, ip: str
    ) -> tuple[Actor, str]:
        """GitHub Actions through OIDC."""
        session = "GitHubActions"
        caller = Actor(
            {
                "type": "WebIdentityUser",
                "principalId": f"arn:aws:iam::{account}:oidc-provider/{GITHUB}:sts.amazonaws.com:{subject}",
                "userName": subject,
                "identityProvider": f"arn:aws:iam::{account}:oidc-provider/{GITHUB}",
            },
            account,
        )
        event = self.call(
            t,
            caller,
            "sts",
            "AssumeRoleWithWebIdentity",
            PROD_AGENTLESS,
            ip,
            "aws-sdk-nodejs/3.658.1 linux/v20.17.0 configure-aws-credentials-for-github-actions",
            params={"roleArn": f"arn:aws:iam::{account}:role/{role}", "roleSessionName": session},
            response={
                **self._credentials(key, account, role, session, t),
                "subjectFromWebIdentityToken": subject,
            },
        )
        return self.role_session(account, role, session, key, t, False), event

    def console(
        self, t: dt.datetime, actor: Actor, ip: str, agent: str, *, mfa: bool, saml: bool = False
    ) -> str:
        """A console sign-in (the session's later calls carry console keys)."""
        extra = {
            "eventType": "AwsConsoleSignIn",
            "additionalEventData": {
                "LoginTo": "https://console.aws.amazon.com/console/home",
                "MobileVersion": "No",
                "MFAUsed": "Yes" if mfa else "No",
                **(
                    {"SamlProviderArn": f"arn:aws:iam::{actor.account}:saml-provider/{OKTA}"}
                    if saml
                    else {}
                ),
            },
            "responseElements": {"ConsoleLogin": "Success"},
        }
        identity = {k: v for k, v in actor.identity.items() if k != "accessKeyId"}
        return self.call(
            t,
            Actor(identity, actor.account),
            "signin",
            "ConsoleLogin",
            GLOBAL,
            ip,
            agent,
            extra=extra,
        )


PROD_AGENTLESS = "ap-southeast-6"
