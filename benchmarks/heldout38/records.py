"""CloudTrail records as AWS writes them: identities of every credential kind, API calls,
S3 data events, the calls services make for a caller, sign-ins and the STS calls that mint keys.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout38.org import ORG_ID, SSO_PROVIDER, Org, key

Record = dict[str, Any]
READ = ("Get", "List", "Describe", "Head", "Lookup", "Search", "Check", "Query", "Scan")
HOSTS = {
    "sesv2": "ses",
    "ses": "ses",
    "monitoring": "monitoring",
    "bedrock-runtime": "bedrock",
    "tagging": "tagging",
}
GLOBAL = ("iam", "organizations", "signin", "ce", "account")


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """Credentials a principal calls with: the userIdentity block and its access key."""

    identity: dict[str, Any]
    key: str | None
    arn: str  # the principal as ueba names it, for the truth
    created: dt.datetime | None = None


@dataclass
class Trail:
    """Every record of one seed, with the seeded randomness they are drawn from."""

    rng: random.Random
    org: Org
    records: list[Record] = field(default_factory=list)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def call(
        self,
        t: dt.datetime,
        who: Session,
        account: str,
        region: str,
        service: str,
        name: str,
        source: str,
        agent: str,
        *,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        resources: list[dict[str, Any]] | None = None,
        data: bool = False,
        console: bool = False,
        invoked_by: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Record:
        """One API call as CloudTrail records it; ``invoked_by``: a service called for ``who``."""
        identity = dict(who.identity)
        if invoked_by is not None:
            identity["invokedBy"] = invoked_by
            source = agent = invoked_by
        if service in GLOBAL:
            region = "us-east-1"
        host = HOSTS.get(service, service)
        record: Record = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": identity,
            "eventTime": stamp(t),
            "eventSource": f"{host}.amazonaws.com",
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": source,
            "userAgent": agent,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.uuid() if service != "s3" else f"{self.rng.getrandbits(64):016X}",
            "eventID": self.uuid(),
            "readOnly": name.startswith(READ) or name.startswith("AssumeRole"),
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error is not None:
            record["errorCode"], record["errorMessage"] = error
            record["responseElements"] = None
        if resources is not None:
            record["resources"] = resources
        if invoked_by is None and not source.endswith("amazonaws.com"):
            sub = f"{region}." if service not in GLOBAL else ""
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{host}.{sub}amazonaws.com",
            }
        if console:
            record["sessionCredentialFromConsole"] = "true"
        if extra:
            record.update(extra)
        self.records.append(record)
        return record

    def s3(
        self,
        t: dt.datetime,
        who: Session,
        account: str,
        region: str,
        name: str,
        bucket: str,
        obj: str | None,
        source: str,
        agent: str,
        *,
        size: int = 0,
        error: tuple[str, str] | None = None,
        invoked_by: str | None = None,
        owner: str | None = None,
    ) -> Record:
        """An S3 data event on ``bucket`` (data events are on for the PHI buckets)."""
        params: dict[str, Any] = {
            "bucketName": bucket,
            "Host": f"{bucket}.s3.{region}.amazonaws.com",
        }
        resources: list[dict[str, Any]] = []
        if obj is not None:
            params["key"] = obj
            resources.append({"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{obj}"})
        else:
            params.update({"list-type": "2", "prefix": "", "encoding-type": "url"})
        resources.append(
            {
                "accountId": owner or account,
                "type": "AWS::S3::Bucket",
                "ARN": f"arn:aws:s3:::{bucket}",
            }
        )
        out = 0 if name != "GetObject" or error else size
        extra = {
            "additionalEventData": {
                "SignatureVersion": "SigV4",
                "CipherSuite": "TLS_AES_128_GCM_SHA256",
                "bytesTransferredIn": size if name == "PutObject" else 0,
                "AuthenticationMethod": "AuthHeader",
                "x-amz-id-2": f"{self.rng.getrandbits(160):040x}",
                "bytesTransferredOut": out,
            }
        }
        response = {"x-amz-server-side-encryption": "aws:kms"} if name == "PutObject" else None
        return self.call(
            t,
            who,
            account,
            region,
            "s3",
            name,
            source,
            agent,
            params=params,
            response=response,
            error=error,
            resources=resources,
            data=True,
            invoked_by=invoked_by,
            extra=extra,
        )

    # --- minting: the STS calls that create a session, and the session they create -----------

    def role_ids(self, account: str, role: str) -> tuple[str, str]:
        return self.org.uid(f"{account}:{role}", "AROA"), f"arn:aws:iam::{account}:role/{role}"

    def session(
        self,
        account: str,
        role: str,
        name: str,
        created: dt.datetime,
        *,
        ec2: bool = False,
        sso: bool = False,
        access_key: str | None = None,
        federated: dict[str, Any] | None = None,
        mfa: bool = False,
    ) -> Session:
        role_id, role_arn = self.role_ids(account, role)
        short = role.rsplit("/", 1)[-1]  # a role's path is in its ARN, not its session's
        ident: dict[str, Any] = {
            "type": "AssumedRole",
            "principalId": f"{role_id}:{name}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{short}/{name}",
            "accountId": account,
            "accessKeyId": access_key or key(self.rng, "ASIA"),
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "principalId": role_id,
                    "arn": role_arn,
                    "accountId": account,
                    "userName": short,
                },
                "webIdFederationData": federated or {},
                "attributes": {
                    "creationDate": stamp(created),
                    "mfaAuthenticated": str(mfa).lower(),
                },
            },
        }
        if ec2:
            ident["sessionContext"]["ec2RoleDelivery"] = "2.0"
        arn = ident["arn"] if sso else role_arn
        return Session(ident, ident["accessKeyId"], arn, created)

    def _minted(self, s: Session, duration: int) -> dict[str, Any]:
        assert s.created is not None
        return {
            "credentials": {
                "accessKeyId": s.key,
                "sessionToken": "<redacted>",
                "expiration": (s.created + dt.timedelta(seconds=duration)).strftime(
                    "%b %-d, %Y, %-I:%M:%S %p"
                ),
            },
            "assumedRoleUser": {
                "assumedRoleId": s.identity["principalId"],
                "arn": s.identity["arn"],
            },
        }

    def by_service(
        self,
        service: str,
        account: str,
        region: str,
        role: str,
        name: str,
        t: dt.datetime,
        **kw: Any,
    ) -> Session:
        """A service (``ec2``, ``lambda``, ``ecs-tasks``) assuming a role for its workload."""
        s = self.session(account, role, name, t, **kw)
        _, role_arn = self.role_ids(account, role)
        host = f"{service}.amazonaws.com"
        self.call(
            t,
            Session({"type": "AWSService", "invokedBy": host}, None, host),
            account,
            region,
            "sts",
            "AssumeRole",
            host,
            host,
            params={"roleArn": role_arn, "roleSessionName": name},
            response=self._minted(s, 21600 if service == "ec2" else 43200),
            resources=[{"accountId": account, "type": "AWS::IAM::Role", "ARN": role_arn}],
            extra={"sharedEventID": self.uuid()},
        )
        return s

    def cross_account(
        self,
        caller: str,
        caller_role: str,
        account: str,
        region: str,
        role: str,
        name: str,
        t: dt.datetime,
        source: str,
        agent: str,
        external_id: str | None,
        *,
        denied: bool = False,
    ) -> Session | None:
        """Another account's role session assuming one of ours (``external_id`` as sent)."""
        _, role_arn = self.role_ids(account, role)
        caller_id = self.org.uid(f"{caller}:{caller_role}", "AROA")
        who = Session(
            {
                "type": "AWSAccount",
                "principalId": f"{caller_id}:{caller_role}",
                "accountId": caller,
            },
            None,
            f"aws_account:{caller}",
        )
        params: dict[str, Any] = {
            "roleArn": role_arn,
            "roleSessionName": name,
            "durationSeconds": 3600,
        }
        if external_id is not None:
            params["externalId"] = external_id
        if denied:
            message = f"User: arn:aws:sts::{caller}:assumed-role/{caller_role}/{name} is not authorized to perform: sts:AssumeRole on resource: {role_arn}"
            self.call(
                t,
                who,
                account,
                region,
                "sts",
                "AssumeRole",
                source,
                agent,
                params=params,
                error=("AccessDenied", message),
            )
            return None
        s = self.session(account, role, name, t)
        self.call(
            t,
            who,
            account,
            region,
            "sts",
            "AssumeRole",
            source,
            agent,
            params=params,
            response=self._minted(s, 3600),
            resources=[{"accountId": account, "type": "AWS::IAM::Role", "ARN": role_arn}],
            extra={"sharedEventID": self.uuid()},
        )
        return s

    def sso_role(self, account: str, permission: str) -> str:
        name = f"sso:{account}:{permission}"
        if name not in self.org.ids:
            self.org.ids[name] = f"{self.rng.getrandbits(64):016x}"
        return f"AWSReservedSSO_{permission}_{self.org.ids[name]}"

    def saml(
        self, account: str, permission: str, user: str, t: dt.datetime, source: str, agent: str
    ) -> Session:
        """An Identity Center sign-in to ``account``: AssumeRoleWithSAML in the member account."""
        role = self.sso_role(account, permission)
        s = self.session(account, role, user, t, sso=True)
        _, role_arn = self.role_ids(account, role)
        provider = f"arn:aws:iam::{account}:saml-provider/{SSO_PROVIDER}"
        who = Session(
            {
                "type": "SAMLUser",
                "principalId": f"{self.org.uid('saml-issuer', 'x')[1:]}=:{user}",
                "userName": user,
                "identityProvider": self.org.uid("saml-issuer", "x")[1:] + "=",
            },
            None,
            f"saml:{user}",
        )
        self.call(
            t,
            who,
            account,
            "us-east-1",
            "sts",
            "AssumeRoleWithSAML",
            source,
            agent,
            params={
                "sAMLAssertionID": f"_{self.uuid()}",
                "roleSessionName": user,
                "principalArn": provider,
                "roleArn": role_arn,
                "durationSeconds": 43200,
            },
            response={
                **self._minted(s, 43200),
                "subject": user,
                "subjectType": "persistent",
                "issuer": f"https://portal.sso.ca-central-1.amazonaws.com/saml/assertion/{ORG_ID}",
                "audience": "https://signin.aws.amazon.com/saml",
                "nameQualifier": self.org.uid("saml-nq", "x")[1:] + "=",
            },
            resources=[
                {"accountId": account, "type": "AWS::IAM::Role", "ARN": role_arn},
                {"accountId": account, "type": "AWS::IAM::SAMLProvider", "ARN": provider},
            ],
        )
        return s

    def sso_cli(self, account: str, permission: str, user: str, t: dt.datetime) -> Session:
        """Identity Center credentials fetched by the CLI or an SDK (GetRoleCredentials): no
        minting event in the member account."""
        return self.session(account, self.sso_role(account, permission), user, t, sso=True)

    def user(self, account: str, name: str, access_key: str | None = None) -> Session:
        """An IAM user calling with its long-term key."""
        ident = {
            "type": "IAMUser",
            "principalId": self.org.uid(f"{account}:user/{name}", "AIDA"),
            "arn": f"arn:aws:iam::{account}:user/{name}",
            "accountId": account,
            "accessKeyId": access_key or self.org.uid(f"{account}:key/{name}", "AKIA"),
            "userName": name,
        }
        return Session(ident, ident["accessKeyId"], ident["arn"])

    def console_user(self, account: str, name: str, t: dt.datetime, mfa: bool) -> Session:
        """An IAM user's console session (its calls carry a session key)."""
        s = self.user(account, name, key(self.rng, "ASIA"))
        s.identity["sessionContext"] = {
            "sessionIssuer": {},
            "webIdFederationData": {},
            "attributes": {"creationDate": stamp(t), "mfaAuthenticated": str(mfa).lower()},
        }
        s.created = t
        return s

    def console_login(
        self, t: dt.datetime, s: Session, source: str, agent: str, *, mfa: bool, ok: bool = True
    ) -> Record:
        ident = {k: v for k, v in s.identity.items() if k not in ("accessKeyId", "sessionContext")}
        ident["accessKeyId"] = ""
        record = self.call(
            t,
            Session(ident, None, s.arn),
            ident["accountId"],
            "us-east-1",
            "signin",
            "ConsoleLogin",
            source,
            agent,
            response={"ConsoleLogin": "Success" if ok else "Failure"},
            extra={
                "eventType": "AwsConsoleSignIn",
                "additionalEventData": {
                    "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
                    "MobileVersion": "No",
                    **(
                        {
                            "MFAIdentifier": f"arn:aws:iam::{ident['accountId']}:u2f/user/{ident['userName']}/yubikey"
                        }
                        if mfa
                        else {}
                    ),
                    "MFAUsed": "Yes" if mfa else "No",
                },
            },
        )
        record["readOnly"] = False
        if not ok:
            record["errorMessage"] = "Failed authentication"
        return record
