"""CloudTrail records as AWS writes them for each credential kind Cardo Azul Digital has: IAM
users' long-term keys and console sessions, root's console, role sessions (EC2 instance
profiles, Lambda, ECS tasks, GitHub OIDC, a SaaS's cross-account role with an external ID, a
service-linked role), AWS services minting keys and calling on a user's behalf."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
Record = dict[str, Any]


def ts(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def key_id(rng: random.Random, prefix: str) -> str:
    return prefix + "".join(rng.choice(B32) for _ in range(16))


# --- user agents, as the SDKs and consoles write them -------------------------------------
def cli_v2(os_: str, command: str, version: str = "2.22.4") -> str:
    """aws-cli v2's agent; ``os_`` like ``linux#6.8.0-49-generic md/distrib#ubuntu.24``."""
    return (
        f"aws-cli/{version} md/awscrt#0.22.0 ua/2.0 os/{os_} md/arch#x86_64 lang/python#3.12.6 "
        f"md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off "
        f"md/command#{command}"
    )


MAC_CLI = "macos#24.1.0"
WIN_CLI = "win32#10"
UBUNTU_CLI = "linux#6.8.0-49-generic md/distrib#ubuntu.24"
AMZN_CLI = "linux#6.1.115-126.197.amzn2023.x86_64 md/distrib#amzn.2023"
AZURE_CLI = "linux#6.5.0-1025-azure md/distrib#ubuntu.22"
SSM_AGENT = "aws-sdk-go/1.44.325 (go1.22.7; linux; amd64) amazon-ssm-agent/3.3.1142.0"
WP_SES = "aws-sdk-php/3.321.9 OS/Linux/5.15.0-125-generic lang/php#8.2.24 GuzzleHttp/7 exec-env/wp-offload-ses"
WP_PHP = "aws-sdk-php/3.321.9 OS/Linux/5.15.0-125-generic lang/php#8.2.24 GuzzleHttp/7"
UPDRAFT = "aws-sdk-php/3.283.1 OS/Linux/4.18.0-553.el8_10.x86_64 lang/php#7.4.33 GuzzleHttp/7"
GH_ACTION = (
    "aws-sdk-js/3.687.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.18.0 api/sts#3.687.0 "
    "m/E configure-aws-credentials-for-github-actions"
)
SAAS_GO = (
    "aws-sdk-go-v2/1.32.4 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 "
    "api/{api}#1.40.0 m/E"
)
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0"
CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
CHROME_WIN = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15"
)


def boto3(exec_env: str, api: str = "") -> str:
    return (
        "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 "
        f"md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/{exec_env} "
        f"cfg/retry-mode#legacy Botocore/1.35.54{api}"
    )


LAMBDA_PY = boto3("AWS_Lambda_python3.12")
FARGATE_PY = boto3("AWS_ECS_FARGATE")
ATTACK_PY = (
    "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.8.0-45-generic md/arch#x86_64 "
    "lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36"
)
KALI_CLI = "linux#6.8.11-amd64 md/distrib#kali.2024"


# --- credentials ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Cred:
    """Who calls: ``kind`` is user, console_user, root, role, service."""

    kind: str
    account: str
    name: str  # user name, role name, or service host
    principal_id: str = ""
    key: str | None = None
    session: str = ""  # role session name
    issued: dt.datetime | None = None
    mfa: bool = False
    ec2: bool = False
    invoked_by: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def with_key(self, key: str, issued: dt.datetime, session: str | None = None) -> Cred:
        return replace(self, key=key, issued=issued, session=session or self.session)

    @property
    def arn(self) -> str:
        if self.kind in ("user", "console_user"):
            return f"arn:aws:iam::{self.account}:user/{self.name}"
        if self.kind == "root":
            return f"arn:aws:iam::{self.account}:root"
        if self.kind == "role":
            return f"arn:aws:iam::{self.account}:role/{self.name}"
        return self.name


def identity(c: Cred) -> dict[str, Any]:
    """The record's ``userIdentity``."""
    if c.kind == "service":
        return {"type": "AWSService", "invokedBy": c.name}
    attrs = {
        "creationDate": ts(c.issued or dt.datetime(2026, 1, 1)),
        "mfaAuthenticated": "true" if c.mfa else "false",
    }
    out: dict[str, Any]
    if c.kind == "user":
        out = {
            "type": "IAMUser",
            "principalId": c.principal_id,
            "arn": c.arn,
            "accountId": c.account,
            "accessKeyId": c.key,
            "userName": c.name,
        }
    elif c.kind == "console_user":
        out = {
            "type": "IAMUser",
            "principalId": c.principal_id,
            "arn": c.arn,
            "accountId": c.account,
            "accessKeyId": c.key,
            "userName": c.name,
            "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {}, "attributes": attrs},
        }
    elif c.kind == "root":
        out = {
            "type": "Root",
            "principalId": c.account,
            "arn": c.arn,
            "accountId": c.account,
            "accessKeyId": c.key,
            "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {}, "attributes": attrs},
        }
    else:
        ctx: dict[str, Any] = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": c.principal_id,
                "arn": c.arn,
                "accountId": c.account,
                "userName": c.name,
            },
            "webIdFederationData": c.extra.get("web", {}),
            "attributes": attrs,
        }
        if c.ec2:
            ctx["ec2RoleDelivery"] = "2.0"
        out = {
            "type": "AssumedRole",
            "principalId": f"{c.principal_id}:{c.session}",
            "arn": f"arn:aws:sts::{c.account}:assumed-role/{c.name}/{c.session}",
            "accountId": c.account,
            "accessKeyId": c.key,
            "sessionContext": ctx,
        }
    if c.invoked_by:
        out["invokedBy"] = c.invoked_by
    return out


GLOBAL = {"iam", "route53", "cloudfront", "support", "ce", "organizations", "health"}


def event(
    rng: random.Random,
    c: Cred,
    when: dt.datetime,
    source: str,
    name: str,
    region: str,
    ip: str,
    ua: str,
    *,
    read_only: bool,
    params: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    error: str | None = None,
    console: bool = False,
    event_type: str = "AwsApiCall",
    additional: dict[str, Any] | None = None,
    recipient: str | None = None,
) -> Record:
    """One record. Global services are logged in us-east-1; calls a service makes for a caller
    carry no TLS details (the service's own connection)."""
    if source in GLOBAL:
        region = "us-east-1"
    rec: Record = {
        "eventVersion": "1.11" if source in ("sts", "signin") else "1.10",
        "userIdentity": identity(c),
        "eventTime": ts(when),
        "eventSource": f"{source}.amazonaws.com",
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": ua,
    }
    if error:
        rec["errorCode"] = error
        rec["errorMessage"] = ERRORS.get(error, error).format(
            arn=identity(c).get("arn", ""), action=f"{source}:{name}"
        )
    rec["requestParameters"] = params
    rec["responseElements"] = None if error else response
    if additional:
        rec["additionalEventData"] = additional
    rec["requestID"] = new_uuid(rng)
    rec["eventID"] = new_uuid(rng)
    rec["readOnly"] = read_only
    rec["eventType"] = event_type
    rec["managementEvent"] = True
    rec["recipientAccountId"] = recipient or c.account
    rec["eventCategory"] = "Management"
    if not ip.endswith(".amazonaws.com") and ip != "AWS Internal":
        host = f"{source}.amazonaws.com" if source in GLOBAL else f"{source}.{region}.amazonaws.com"
        rec["tlsDetails"] = {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": host,
        }
    if console:
        rec["sessionCredentialFromConsole"] = "true"
    return rec


ERRORS = {
    "AccessDenied": "User: {arn} is not authorized to perform: {action} because no identity-based policy allows the {action} action",
    "AccessDeniedException": "User: {arn} is not authorized to perform: {action}",
    "UnauthorizedOperation": "You are not authorized to perform this operation.",
    "NoSuchEntity": "The user with name cannot be found.",
    "ResourceNotFoundException": "Secrets Manager can't find the specified secret.",
    "ThrottlingException": "Rate exceeded",
    "InvalidParameterValue": "Invalid parameter value",
}


def mint(
    rng: random.Random,
    caller: Cred,
    when: dt.datetime,
    role: Cred,
    session: str,
    region: str,
    ip: str,
    ua: str,
    *,
    api: str = "AssumeRole",
    params: dict[str, Any] | None = None,
    hours: int = 1,
) -> tuple[Record, Cred]:
    """An STS call minting a session of ``role``: the record and the session's credentials."""
    key = key_id(rng, "ASIA")
    arn = f"arn:aws:sts::{role.account}:assumed-role/{role.name}/{session}"
    p: dict[str, Any] = {"roleArn": role.arn, "roleSessionName": session, **(params or {})}
    if api == "AssumeRole" and caller.kind == "service":
        p["durationSeconds"] = hours * 3600
    resp: dict[str, Any] = {
        "credentials": {
            "accessKeyId": key,
            "sessionToken": "IQoJb3JpZ2luX2VjE" + "".join(rng.choice(B32) for _ in range(24)),
            "expiration": (when + dt.timedelta(hours=hours)).strftime("%b %-d, %Y, %-I:%M:%S %p"),
        },
        "assumedRoleUser": {"assumedRoleId": f"{role.principal_id}:{session}", "arn": arn},
    }
    if api == "AssumeRoleWithWebIdentity":
        resp["subjectFromWebIdentityToken"] = caller.name
        resp["provider"] = caller.extra["provider"]
        resp["audience"] = "sts.amazonaws.com"
    rec = event(
        rng, caller, when, "sts", api, region, ip, ua, read_only=True, params=p, response=resp
    )
    rec["recipientAccountId"] = role.account
    rec["resources"] = [{"accountId": role.account, "type": "AWS::IAM::Role", "ARN": role.arn}]
    if caller.kind == "web":
        rec["userIdentity"] = {
            "type": "WebIdentityUser",
            "principalId": f"{caller.extra['provider']}:sts.amazonaws.com:{caller.name}",
            "userName": caller.name,
            "identityProvider": caller.extra["provider"],
        }
    if caller.kind == "account":
        rec["userIdentity"] = {
            "type": "AWSAccount",
            "principalId": caller.principal_id,
            "accountId": caller.account,
        }
    if caller.kind == "service":
        rec.pop("tlsDetails", None)
    return rec, role.with_key(key, when, session)


def console_login(
    rng: random.Random,
    c: Cred,
    when: dt.datetime,
    ip: str,
    ua: str,
    *,
    mfa: bool,
    region: str = "eu-south-2",
    failed: bool = False,
) -> Record:
    """``ConsoleLogin``: an IAM user's regional sign-in, or root's in us-east-1."""
    ident: dict[str, Any]
    if c.kind == "root":
        ident = {"type": "Root", "principalId": c.account, "arn": c.arn, "accountId": c.account}
        region = "us-east-1"
    else:
        ident = {
            "type": "IAMUser",
            "principalId": c.principal_id,
            "arn": c.arn,
            "accountId": c.account,
            "userName": c.name,
        }
    rec = event(
        rng,
        c,
        when,
        "signin",
        "ConsoleLogin",
        region,
        ip,
        ua,
        read_only=False,
        event_type="AwsConsoleSignIn",
    )
    rec["userIdentity"] = ident
    rec["responseElements"] = {"ConsoleLogin": "Failure" if failed else "Success"}
    if failed:
        rec["errorMessage"] = "Failed authentication"
    rec["additionalEventData"] = {
        "LoginTo": f"https://{region}.console.aws.amazon.com/console/home?region={region}",
        "MobileVersion": "No",
        "MFAUsed": "Yes" if mfa else "No",
    }
    rec["tlsDetails"]["clientProvidedHostHeader"] = f"{region}.signin.aws.amazon.com"
    return rec
