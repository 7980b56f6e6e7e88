"""CloudTrail records as AWS writes them (eventVersion 1.08/1.09 ``userIdentity`` shapes).

Written from AWS's CloudTrail ``userIdentity`` and record-contents reference and from the real
trails under ``data/samples``; every identity kind the organisation uses has one builder here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import string
import uuid
from typing import Any

Record = dict[str, Any]

_ALNUM = string.ascii_uppercase + string.digits


def stable_id(prefix: str, text: str, length: int = 17) -> str:
    """A principal ID (``AROA``/``AIDA`` + 17) derived from a name, the same in every run."""
    digest = hashlib.sha256(text.encode()).digest()
    return prefix + "".join(_ALNUM[b % 36] for b in digest[:length])


def new_key(rng: random.Random, prefix: str = "ASIA") -> str:
    return prefix + "".join(rng.choice(_ALNUM) for _ in range(16))


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def iso(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- identities --------------------------------------------------------------------------


def iam_user(account: str, name: str, key: str, *, mfa: bool | None = None) -> Record:
    out: Record = {
        "type": "IAMUser",
        "principalId": stable_id("AIDA", f"{account}/{name}"),
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }
    if mfa is not None:  # console sessions carry a session context
        out["sessionContext"] = {
            "attributes": {"creationDate": None, "mfaAuthenticated": str(mfa).lower()}
        }
    return out


def role_arn(account: str, role: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:role{path}{role}"


def assumed_role(
    account: str,
    role: str,
    session: str,
    key: str,
    created: dt.datetime,
    *,
    path: str = "/",
    mfa: bool = False,
    ec2: bool = False,
    invoked_by: str | None = None,
    web_identity: tuple[str, str] | None = None,
) -> Record:
    out: Record = {
        "type": "AssumedRole",
        "principalId": f"{stable_id('AROA', f'{account}{path}{role}')}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": stable_id("AROA", f"{account}{path}{role}"),
                "arn": role_arn(account, role, path),
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": iso(created), "mfaAuthenticated": str(mfa).lower()},
        },
    }
    if web_identity is not None:
        out["sessionContext"]["webIdFederationData"] = {
            "federatedProvider": web_identity[0],
            "attributes": {},
        }
    if ec2:
        out["sessionContext"]["ec2RoleDelivery"] = "2.0"
    if invoked_by:
        out["invokedBy"] = invoked_by
    return out


def aws_service(service: str) -> Record:
    return {"type": "AWSService", "invokedBy": service}


def aws_account(caller_account: str, caller_role: str, session: str) -> Record:
    """A principal of another account calling into this one (cross-account AssumeRole)."""
    return {
        "type": "AWSAccount",
        "principalId": f"{stable_id('AROA', f'{caller_account}/{caller_role}')}:{session}",
        "accountId": caller_account,
    }


def saml_user(account: str, user: str, provider: str) -> Record:
    return {
        "type": "SAMLUser",
        "principalId": f"{provider}:{user}",
        "userName": user,
        "identityProvider": f"arn:aws:iam::{account}:saml-provider/{provider}",
    }


def web_identity_user(provider: str, subject: str) -> Record:
    return {
        "type": "WebIdentityUser",
        "principalId": f"{provider}:sts.amazonaws.com:{subject}",
        "userName": subject,
        "identityProvider": provider,
    }


def sso_user(account: str, user: str) -> Record:
    """IAM Identity Center's portal identity (GetRoleCredentials, in the management account)."""
    return {
        "type": "Unknown",
        "principalId": stable_id("", f"sso/{user}", 10) + "-" + user.split("@")[0],
        "accountId": account,
        "userName": user,
    }


# --- records -----------------------------------------------------------------------------


def record(
    rng: random.Random,
    t: dt.datetime,
    account: str,
    region: str,
    source: str,
    name: str,
    identity: Record,
    ip: str,
    agent: str,
    *,
    request: Record | None = None,
    response: Record | None = None,
    error: tuple[str, str] | None = None,
    read_only: bool | None = None,
    data_event: bool = False,
    extra: Record | None = None,
    from_console: bool = False,
) -> Record:
    ident = identity
    attrs = ident.get("sessionContext", {}).get("attributes")
    if attrs is not None and attrs.get("creationDate") is None:
        ident = {**ident, "sessionContext": {**ident["sessionContext"]}}
        ident["sessionContext"]["attributes"] = {**attrs, "creationDate": iso(t)}
    out: Record = {
        "eventVersion": "1.09" if not data_event else "1.08",
        "userIdentity": ident,
        "eventTime": iso(t),
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": agent,
    }
    if error is not None:
        out["errorCode"], out["errorMessage"] = error
    out["requestParameters"] = request
    out["responseElements"] = response
    if extra:
        out.update(extra)
    out["requestID"] = new_uuid(rng)
    out["eventID"] = new_uuid(rng)
    out["readOnly"] = (
        read_only
        if read_only is not None
        else name.startswith(("Get", "List", "Describe", "Lookup", "Head", "Search", "Scan"))
    )
    out["eventType"] = "AwsApiCall"
    out["managementEvent"] = not data_event
    out["recipientAccountId"] = account
    out["eventCategory"] = "Data" if data_event else "Management"
    if from_console:
        out["sessionCredentialFromConsole"] = "true"
    if not ip.endswith("amazonaws.com") and ip != "AWS Internal":
        out["tlsDetails"] = {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": f"{source}.{region}.amazonaws.com",
        }
    return out


def minted(
    rng: random.Random, key: str, role: str, account: str, session: str, t: dt.datetime, hours: int
) -> Record:
    """``responseElements`` of an STS call that minted ``key``."""
    return {
        "credentials": {
            "accessKeyId": key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + "".join(rng.choice(_ALNUM) for _ in range(40)),
            "expiration": (t + dt.timedelta(hours=hours)).strftime("%b %d, %Y, %I:%M:%S %p"),
        },
        "assumedRoleUser": {
            "assumedRoleId": f"{stable_id('AROA', f'{account}/{role}')}:{session}",
            "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        },
    }


# --- user agents (as the SDKs and the CLI write them) ------------------------------------


def cli_v2(os_part: str, command: str, version: str = "2.15.30", py: str = "3.11.8") -> str:
    return (
        f"aws-cli/{version} md/awscrt#0.19.19 ua/2.0 os/{os_part} md/arch#x86_64 lang/python#{py} "
        f"md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off "
        f"md/command#{command}"
    )


def boto3(version: str, env: str | None, kernel: str = "5.10.216-204.855.amzn2.x86_64") -> str:
    core = f"1.{int(version.split('.')[1]) + 0}.{version.split('.')[2]}"
    tail = f" exec-env/{env}" if env else ""
    return (
        f"Boto3/{version} md/Botocore#{core} ua/2.0 os/linux#{kernel} md/arch#x86_64 "
        f"lang/python#3.12.3 md/pyimpl#CPython{tail} cfg/retry-mode#legacy Botocore/{core}"
    )


def sdk_js_v2(node: str = "18.20.2", env: str = "AWS_Lambda_nodejs18.x") -> str:
    return f"aws-sdk-nodejs/2.1591.0 linux/v{node} exec-env/{env} promise"


def sdk_js_v3(api: str, node: str = "20.12.2", env: str = "AWS_Lambda_nodejs20.x") -> str:
    return (
        f"aws-sdk-js/3.577.0 ua/2.0 os/linux#5.10.216-225.855.amzn2.x86_64 lang/js "
        f"md/nodejs#{node} api/{api}#3.577.0 exec-env/{env}"
    )


def go_v2(api: str, env: str | None = None) -> str:
    tail = f" exec-env/{env}" if env else ""
    return (
        f"aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux md/GOARCH#amd64 "
        f"api/{api}#1.30.0{tail}"
    )


def java_v2(api: str) -> str:
    return (
        f"aws-sdk-java/2.25.40 Linux/5.10.215-203.850.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/"
        f"21.0.3+9-LTS Java/21.0.3 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/"
        f"standard md/internal ua/2.0 api/{api}"
    )


TERRAFORM = (
    "APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/"
    "5.46.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.1 "
    "os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/{api}#1.30.0"
)
SSM_AGENT = "aws-sdk-go/1.50.9 (go1.21.9; linux; amd64) amazon-ssm-agent/3.3.380.0"
CW_AGENT = "aws-sdk-go/1.48.6 (go1.21.8; linux; amd64) CWAgent/1.300034.1"
BROWSER = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0.0.0 Safari/537.36"
)
