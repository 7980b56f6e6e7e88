"""CloudTrail records as AWS writes them for Caracará's credential kinds: IAM users' keys, role
sessions that AWS services mint for Lambda, ECS tasks and EC2 instances, Identity Center (SAML)
sessions, Cognito web identities, cross-account roles with external IDs, service-linked roles
and calls AWS services make on a caller's behalf."""

from __future__ import annotations

import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]
_KEY = string.ascii_uppercase + "234567"


def stamp(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """A credential: its key and the ``userIdentity`` it signs calls as."""

    key: str
    identity: dict[str, Any]
    account: str
    console: bool = False


@dataclass
class Trail:
    """Every record written, with the account and region whose files deliver it."""

    rng: random.Random
    records: list[tuple[str, str, dt.datetime, Record]] = field(default_factory=list)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def key(self, prefix: str) -> str:
        return prefix + "".join(self.rng.choice(_KEY) for _ in range(16))

    def role_id(self, name: str) -> str:
        # a role's unique id is stable: derived from its name, not from the run's random stream
        digest = uuid.uuid5(uuid.NAMESPACE_URL, name).hex.upper()
        return "AROA" + "".join(_KEY[int(c, 16) % 32] for c in digest[:17])

    # -- identities --------------------------------------------------------------------------
    def user(self, account: str, name: str, key: str) -> Session:
        uid = "AIDA" + self.role_id(name)[4:]
        ident = {
            "type": "IAMUser",
            "principalId": uid,
            "arn": f"arn:aws:iam::{account}:user/{name}",
            "accountId": account,
            "accessKeyId": key,
            "userName": name,
        }
        return Session(key, ident, account)

    def role_session(
        self,
        account: str,
        role: str,
        name: str,
        created: dt.datetime,
        *,
        path: str = "/",
        mfa: bool = False,
        extra: dict[str, Any] | None = None,
        web: dict[str, Any] | None = None,
        console: bool = False,
    ) -> Session:
        key = self.key("ASIA")
        rid = self.role_id(account + role)
        context: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": rid,
                "arn": f"arn:aws:iam::{account}:role{path}{role}",
                "accountId": account,
                "userName": role,
            },
            "attributes": {
                "creationDate": stamp(created),
                "mfaAuthenticated": "true" if mfa else "false",
            },
        }
        if web is not None:
            context["webIdFederationData"] = web
        context.update(extra or {})
        ident = {
            "type": "AssumedRole",
            "principalId": f"{rid}:{name}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
            "accountId": account,
            "accessKeyId": key,
            "sessionContext": context,
        }
        return Session(key, ident, account, console)

    # -- records -----------------------------------------------------------------------------
    def call(
        self,
        t: dt.datetime,
        who: Session | dict[str, Any],
        source: str,
        name: str,
        *,
        region: str,
        ip: str,
        ua: str,
        read_only: bool,
        params: dict[str, Any] | None = None,
        resp: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        resources: list[dict[str, Any]] | None = None,
        data: bool = False,
        account: str | None = None,
        more: dict[str, Any] | None = None,
    ) -> Record:
        ident = who.identity if isinstance(who, Session) else who
        recipient = account or (who.account if isinstance(who, Session) else ident["accountId"])
        service = ip.endswith(".amazonaws.com")
        rec: Record = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": ident,
            "eventTime": stamp(t),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
        }
        if error is not None:
            rec["errorCode"], rec["errorMessage"] = error
        rec["requestParameters"] = params
        rec["responseElements"] = None if error is not None else resp
        rec.update(more or {})
        rec["requestID"] = self.uid().replace("-", "").upper()[:20] if data else self.uid()
        rec["eventID"] = self.uid()
        rec["readOnly"] = read_only
        if resources:
            rec["resources"] = resources
        rec["eventType"] = "AwsApiCall"
        rec["managementEvent"] = not data
        rec["recipientAccountId"] = recipient
        if isinstance(who, Session) and who.console:
            rec["sessionCredentialFromConsole"] = "true"
        rec["eventCategory"] = "Data" if data else "Management"
        if not service:
            host = source.replace(".amazonaws.com", f".{region}.amazonaws.com")
            if source in ("iam.amazonaws.com", "signin.amazonaws.com"):
                host = source
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host,
            }
        self.records.append((recipient, region, t, rec))
        return rec

    def mint(
        self,
        t: dt.datetime,
        service: str,
        account: str,
        role: str,
        name: str,
        *,
        region: str,
        path: str = "/",
        extra: dict[str, Any] | None = None,
    ) -> Session:
        """An AWS service (Lambda, ECS tasks, EC2) assuming a workload's role for it."""
        sess = self.role_session(account, role, name, t, path=path, extra=extra)
        self.call(
            t,
            {"type": "AWSService", "invokedBy": service},
            "sts.amazonaws.com",
            "AssumeRole",
            region=region,
            ip=service,
            ua=service,
            read_only=True,
            params={"roleArn": f"arn:aws:iam::{account}:role{path}{role}", "roleSessionName": name},
            resp=self.credentials(sess, t),
            resources=[
                {
                    "accountId": account,
                    "type": "AWS::IAM::Role",
                    "ARN": f"arn:aws:iam::{account}:role{path}{role}",
                }
            ],
            account=account,
            more={"sharedEventID": self.uid()},
        )
        return sess

    def credentials(self, sess: Session, t: dt.datetime, hours: int = 1) -> dict[str, Any]:
        return {
            "credentials": {
                "accessKeyId": sess.key,
                "sessionToken": "IQoJb3JpZ2luX2VjE" + self.key("")[:12],
                "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %-I:%M:%S %p"),
            },
            "assumedRoleUser": {
                "assumedRoleId": sess.identity["principalId"],
                "arn": sess.identity["arn"],
            },
        }

    def s3(
        self,
        t: dt.datetime,
        who: Session | dict[str, Any],
        name: str,
        bucket: str,
        obj: str | None,
        *,
        region: str,
        ip: str,
        ua: str,
        owner: str,
        error: tuple[str, str] | None = None,
        endpoint: str | None = None,
        size: int = 0,
    ) -> Record:
        """An S3 data event (object-level logging is on for the buckets that matter)."""
        params: dict[str, Any] = {
            "bucketName": bucket,
            "Host": f"{bucket}.s3.{region}.amazonaws.com",
        }
        resources = [
            {"accountId": owner, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"}
        ]
        if obj is not None:
            params["key"] = obj
            resources.insert(0, {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{obj}"})
        elif name == "ListObjectsV2":
            params.update({"list-type": "2", "prefix": "", "max-keys": "1000"})
        more: dict[str, Any] = {
            "additionalEventData": {
                "SignatureVersion": "SigV4",
                "CipherSuite": "TLS_AES_128_GCM_SHA256",
                "bytesTransferredIn": size if name == "PutObject" else 0,
                "AuthenticationMethod": "AuthHeader",
                "x-amz-id-2": self.uid().replace("-", ""),
                "bytesTransferredOut": size if name == "GetObject" else 0,
            }
        }
        if endpoint is not None:
            more["vpcEndpointId"] = endpoint
            more["vpcEndpointAccountId"] = owner
        return self.call(
            t,
            who,
            "s3.amazonaws.com",
            name,
            region=region,
            ip=ip,
            ua=ua,
            read_only=name in ("GetObject", "ListObjectsV2", "HeadObject", "ListObjects"),
            params=params,
            error=error,
            resources=resources,
            data=True,
            account=owner,
            more=more,
        )

    def ddb(
        self,
        t: dt.datetime,
        who: Session,
        name: str,
        table: str,
        *,
        region: str,
        ip: str,
        ua: str,
        error: tuple[str, str] | None = None,
        key: dict[str, Any] | None = None,
    ) -> Record:
        """A DynamoDB data event on one of the item-level logged tables."""
        arn = f"arn:aws:dynamodb:{region}:{who.account}:table/{table}"
        params: dict[str, Any] = {"tableName": table}
        if key is not None:
            params["key"] = key
        return self.call(
            t,
            who,
            "dynamodb.amazonaws.com",
            name,
            region=region,
            ip=ip,
            ua=ua,
            read_only=name in ("GetItem", "Query", "Scan", "BatchGetItem"),
            params=params,
            error=error,
            resources=[{"accountId": who.account, "type": "AWS::DynamoDB::Table", "ARN": arn}],
            data=True,
        )
