"""CloudTrail records as AWS writes them, and the identities inside them.

Written from AWS's CloudTrail ``userIdentity`` and record-contents references: an assumed
role carries its ``sessionIssuer``; a key minted by a service for a workload comes from an
``AssumeRole`` whose caller is the service; a cross-account caller appears as ``AWSAccount``
in the role's account; SAML sign-ins are ``AssumeRoleWithSAML`` then ``ConsoleLogin``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from typing import Any

import numpy as np

_ALPHA = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))
_READ = ("Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Select")
_SERVICE_OF = {  # eventSource of the APIs used without an explicit source
    "GetCallerIdentity": "sts",
    "AssumeRole": "sts",
    "GetSecretValue": "secretsmanager",
    "ListSecrets": "secretsmanager",
    "BatchGetSecretValue": "secretsmanager",
    "DescribeSecret": "secretsmanager",
    "Decrypt": "kms",
    "GenerateDataKey": "kms",
    "GetParameter": "ssm",
    "GetParameters": "ssm",
    "GetParametersByPath": "ssm",
    "UpdateInstanceInformation": "ssm",
    "ListInstanceAssociations": "ssm",
    "ListBuckets": "s3",
    "GetBucketLocation": "s3",
    "GetObject": "s3",
    "PutObject": "s3",
    "ListObjects": "s3",
    "CopyObject": "s3",
    "HeadObject": "s3",
    "GetAuthorizationToken": "ecr",
    "BatchGetImage": "ecr",
    "PutImage": "ecr",
    "InitiateLayerUpload": "ecr",
    "GetDownloadUrlForLayer": "ecr",
    "RegisterTaskDefinition": "ecs",
    "UpdateService": "ecs",
    "DescribeServices": "ecs",
    "DescribeTasks": "ecs",
    "DescribeInstances": "ec2",
    "DescribeRegions": "ec2",
    "CreateLogStream": "logs",
    "GetLogEvents": "logs",
    "DescribeLogGroups": "logs",
    "GetTable": "glue",
    "GetTables": "glue",
    "GetPartitions": "glue",
    "GetDatabase": "glue",
    "BatchCreatePartition": "glue",
    "UpdateTable": "glue",
    "CreateTable": "glue",
    "DescribeClusters": "redshift",
    "GetClusterCredentials": "redshift",
    "ConsoleLogin": "signin",
    "CreateTrainingJob": "sagemaker",
    "DescribeTrainingJob": "sagemaker",
    "ListTrainingJobs": "sagemaker",
    "DescribeNotebookInstance": "sagemaker",
    "BatchGetPartition": "glue",
    "GetDataAccess": "lakeformation",
    "RunInstances": "ec2",
    "TerminateInstances": "ec2",
    "CreateSecurityGroup": "ec2",
    "PutBucketLifecycleConfiguration": "s3",
    "PutBucketIntelligentTieringConfiguration": "s3",
    "CreateAccessKey": "iam",
    "UpdateAccessKey": "iam",
    "DeleteAccessKey": "iam",
}
_SOURCE_HOST = {"sso": "sso.amazonaws.com", "redshift-data": "redshift-data.amazonaws.com"}
EC2_DELIVERY = "2.0"


def iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, tz=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_id(prefix: str, text: str, n: int = 17) -> str:
    """An IAM-style unique id that depends only on ``text`` (AROA..., AIDA...)."""
    digest = hashlib.sha256(text.encode()).digest()
    return prefix + "".join(_ALPHA[b % 32] for b in digest[:n])


def source_of(event_name: str) -> str:
    service = _SERVICE_OF.get(event_name)
    if service is None:
        raise KeyError(f"no eventSource known for {event_name}: pass source=")
    return _SOURCE_HOST.get(service, f"{service}.amazonaws.com")


class Trail:
    """Collects the records of a run; every random choice goes through ``rng``."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.records: list[dict[str, Any]] = []

    def uid(self) -> str:
        return str(uuid.UUID(bytes=self.rng.bytes(16), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(_ALPHA, 16))

    def add(
        self,
        t: float,
        account: str,
        region: str,
        name: str,
        identity: dict[str, Any],
        ip: str,
        ua: str,
        *,
        source: str | None = None,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        error: tuple[str, str] | None = None,
        data: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """Append one record and return its eventID."""
        event_id = self.uid()
        record: dict[str, Any] = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": identity,
            "eventTime": iso(t),
            "eventSource": source or source_of(name),
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.uid(),
            "eventID": event_id,
            "readOnly": name.startswith(_READ),
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error is not None:
            record["errorCode"], record["errorMessage"] = error
            record["responseElements"] = None
        if not ip.endswith("amazonaws.com") and ip != "AWS Internal":
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": f"{record['eventSource'].split('.')[0]}.{region}.amazonaws.com",
            }
        if extra:
            record.update(extra)
        self.records.append(record)
        return event_id


# ---------------------------------------------------------------- identities


def role_arn(account: str, role: str) -> str:
    return f"arn:aws:iam::{account}:role/{role}"


def session(
    account: str,
    role: str,
    name: str,
    key: str,
    created: float,
    *,
    ec2: bool = False,
    mfa: bool = False,
    console: bool = False,
) -> dict[str, Any]:
    role_id = stable_id("AROA", role_arn(account, role))
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": role_arn(account, role),
            "accountId": account,
            "userName": role,
        },
        "webIdFederationData": {},
        "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if ec2:
        context["ec2RoleDelivery"] = EC2_DELIVERY
    identity = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{name}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{name}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }
    return identity


def user(account: str, name: str, key: str | None) -> dict[str, Any]:
    identity = {
        "type": "IAMUser",
        "principalId": stable_id("AIDA", f"{account}/{name}"),
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "userName": name,
    }
    if key:
        identity["accessKeyId"] = key
    return identity


def service(host: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": host}


def other_account(account: str, principal_id: str) -> dict[str, Any]:
    return {"type": "AWSAccount", "principalId": principal_id, "accountId": account}


def saml_user(email: str, provider: str) -> dict[str, Any]:
    hashed = hashlib.sha1(email.encode()).hexdigest()[:28]
    return {
        "type": "SAMLUser",
        "principalId": f"{hashed}:{email}",
        "userName": email,
        "identityProvider": provider,
    }


def credentials(key: str, start: float, hours: float) -> dict[str, Any]:
    return {
        "accessKeyId": key,
        "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
        "expiration": dt.datetime.fromtimestamp(start + hours * 3600, tz=dt.UTC).strftime(
            "%b %-d, %Y, %-I:%M:%S %p"
        ),
    }


def role_resources(account: str, role: str) -> list[dict[str, str]]:
    return [{"accountId": account, "type": "AWS::IAM::Role", "ARN": role_arn(account, role)}]
