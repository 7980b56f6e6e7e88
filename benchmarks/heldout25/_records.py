"""CloudTrail records as AWS writes them for the credential kinds Ipê Agrodata has, and their
delivery: one gzipped ``{"Records": [...]}`` file per account, region and delivery interval (half an
hour in ``sa-east-1``, an hour elsewhere),
named and dated by the delivery time, records arriving 2-15 minutes late (now and then 30)."""

from __future__ import annotations

import datetime as dt
import json
import random
import string
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz

B32 = string.ascii_uppercase + "234567"
HOME_REGIONS = ("sa-east-1",)
# user agents as the SDKs, CLIs and consoles write them
UA = {
    "gateway": "aws-sdk-cpp/1.11.200 Linux/5.15.0-1046-raspi aarch64 GCC/11.4.0",
    "gateway_new": "aws-sdk-cpp/1.11.412 Linux/5.15.0-1061-raspi aarch64 GCC/11.4.0",
    "tractor": "aws-sdk-java-v2/2.20.162 Linux/4.19.94-ti-r42 OpenJDK_Client_VM/17.0.8+7 Java/17.0.8 vendor/Eclipse_Adoptium io/sync http/UrlConnection cfg/retry-mode#legacy",
    "android": "aws-sdk-android/2.75.0 Linux/5.10.177-android12-9 Dalvik/2.1.0/0 pt_BR",
    "android_new": "aws-sdk-android/2.77.1 Linux/5.10.177-android12-9 Dalvik/2.1.0/0 pt_BR",
    "ios": "aws-sdk-iOS/2.33.4 iOS/17.3.1 pt_BR",
    "ios_new": "aws-sdk-iOS/2.36.2 iOS/17.3.1 pt_BR",
    "lambda": "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.225-234.878.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145",
    "ecs": "aws-sdk-js/3.637.0 ua/2.0 os/linux#5.10.223-211.872.amzn2.x86_64 lang/js md/nodejs#20.17.0 api/secrets-manager#3.637.0 exec-env/AWS_ECS_FARGATE",
    "ec2": "aws-sdk-go-v2/1.30.4 ua/2.0 os/linux lang/go#1.22.6 md/GOOS#linux md/GOARCH#amd64 api/s3#1.61.0",
    "ssm": "aws-sdk-go/1.44.331 (go1.21.9; linux; amd64) amazon-ssm-agent/3.3.551.0",
    "cli_win": "aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/windows#2019Server md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython exec-env/Windows cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#s3.cp",
    "cli_mac": "aws-cli/2.17.50 md/awscrt#0.21.2 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#athena.start-query-execution",
    "boto_dev": "Boto3/1.35.24 md/Botocore#1.35.24 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.24",
    "vendor": "aws-sdk-java/1.12.529 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/11.0.24+8-LTS java/11.0.24 vendor/Amazon.com_Inc. cfg/retry-mode/standard",
    "console": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
    "console_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    # attackers
    "kali_cli": "aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-kali3-amd64 exe/x86_64.kali.2023 prompt/off command/sts.get-caller-identity",
    "boto_linux": "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0-18-cloud-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
    "js_probe": "aws-sdk-js/3.511.0 ua/2.0 os/linux#5.15.0-101-generic lang/js md/nodejs#18.19.1 api/bedrock-runtime#3.511.0",
    "pacu": "aws-cli/1.29.54 Python/3.10.12 Linux/5.15.0-86-generic botocore/1.31.54",
}


def stamp(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class Trail:
    """The records of a seed in the making, each with its account, region and event time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.records: list[tuple[str, str, dt.datetime, dict[str, Any]]] = []
        self.used: set[str] = set()  # names of the networks the trail uses

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def key(self, prefix: str = "ASIA") -> str:
        return prefix + "".join(self.rng.choice(B32) for _ in range(16))

    def role_id(self) -> str:
        return "AROA" + "".join(self.rng.choice(B32) for _ in range(17))

    def add(
        self,
        account: str,
        region: str,
        when: dt.datetime,
        identity: dict[str, Any],
        source: str,
        name: str,
        *,
        ip: str,
        ua: str,
        params: dict[str, Any] | None = None,
        response: dict[str, Any] | None = None,
        read_only: bool | None = None,
        error: tuple[str, str] | None = None,
        data: bool = False,
        resources: list[dict[str, str]] | None = None,
        vpce: str | None = None,
        console: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> str:
        """One record; its event ID."""
        event_id = self.uid()
        record: dict[str, Any] = {
            "eventVersion": "1.10" if data else "1.09",
            "userIdentity": identity,
            "eventTime": stamp(when),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": params,
            "responseElements": response,
            "requestID": self.uid().replace("-", "")[:20].upper() if data else self.uid(),
            "eventID": event_id,
            "readOnly": name.startswith(("Get", "List", "Describe", "Head", "Invoke", "Converse"))
            if read_only is None
            else read_only,
            "eventType": "AwsApiCall",
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error is not None:
            record["errorCode"], record["errorMessage"] = error
            record["responseElements"] = None
        if extra is not None:
            record.update(extra)
        if console:
            record["sessionCredentialFromConsole"] = "true"
        if resources is not None:
            record["resources"] = resources
        if vpce is not None:
            record["vpcEndpointId"] = vpce
            record["vpcEndpointAccountId"] = account
        if not ip.endswith(".amazonaws.com") and ip != "AWS Internal":
            host = f"{source.split('.')[0]}.{region}.amazonaws.com"
            record["tlsDetails"] = {
                "tlsVersion": "TLSv1.3" if "aws-sdk-cpp/1.11.200" not in ua else "TLSv1.2",
                "cipherSuite": "TLS_AES_128_GCM_SHA256"
                if "aws-sdk-cpp/1.11.200" not in ua
                else "ECDHE-RSA-AES128-GCM-SHA256",
                "clientProvidedHostHeader": host,
            }
        self.records.append((account, region, when, record))
        return event_id

    def write(self, out: Path) -> int:
        """The delivery files below ``out/AWSLogs``; how many were written."""
        groups: dict[tuple[str, str, dt.datetime], list[tuple[dt.datetime, dict[str, Any]]]]
        groups = defaultdict(list)
        for account, region, when, record in self.records:
            delay = self.rng.randint(120, 900) if self.rng.random() > 0.02 else 1800
            arrive = when + dt.timedelta(seconds=delay)
            minutes = 30 if region in HOME_REGIONS else 60
            slot = arrive.replace(
                minute=arrive.minute // minutes * minutes, second=0, microsecond=0
            )
            groups[(account, region, slot + dt.timedelta(minutes=minutes))].append((when, record))
        for (account, region, at), items in sorted(groups.items()):
            items.sort(key=lambda item: item[0])
            name = f"{account}_CloudTrail_{region}_{at:%Y%m%dT%H%MZ}_{self.rng.getrandbits(64):016X}.json.gz"
            folder = out / "AWSLogs" / account / "CloudTrail" / region / f"{at:%Y/%m/%d}"
            folder.mkdir(parents=True, exist_ok=True)
            body = json.dumps({"Records": [r for _, r in items]}, separators=(",", ":"))
            tmp = folder / (name + ".tmp")
            tmp.write_bytes(_gz.compress(body.encode()))
            tmp.replace(folder / name)
        return len(groups)


# userIdentity of each credential kind
def iam_user(account: str, name: str, key: str, user_id: str) -> dict[str, Any]:
    return {
        "type": "IAMUser",
        "principalId": user_id,
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": key,
        "userName": name,
    }


def assumed(
    account: str,
    role: str,
    session: str,
    key: str,
    role_id: str,
    created: dt.datetime,
    *,
    mfa: bool = False,
    web: dict[str, Any] | None = None,
    ec2: str | None = None,
    invoked_by: str | None = None,
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "sessionIssuer": {
            "type": "Role",
            "principalId": role_id,
            "arn": f"arn:aws:iam::{account}:role/{role}",
            "accountId": account,
            "userName": role.rsplit("/", 1)[-1],
        },
        "attributes": {"creationDate": stamp(created), "mfaAuthenticated": str(mfa).lower()},
    }
    if web is not None:
        context["webIdFederationData"] = web
    if ec2 is not None:
        context["ec2RoleDelivery"] = "2.0"
    out: dict[str, Any] = {
        "type": "AssumedRole",
        "principalId": f"{role_id}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role.rsplit('/', 1)[-1]}/{session}",
        "accountId": account,
        "accessKeyId": key,
        "sessionContext": context,
    }
    if invoked_by is not None:
        out["invokedBy"] = invoked_by
    return out


def service(name: str) -> dict[str, Any]:
    return {"type": "AWSService", "invokedBy": name}


def anonymous() -> dict[str, Any]:
    return {"type": "Unknown", "principalId": "Anonymous"}


def credentials(key: str, rng: random.Random, expires: dt.datetime) -> dict[str, Any]:
    return {
        "accessKeyId": key,
        "sessionToken": "IQoJb3JpZ2luX2Vj" + "".join(rng.choice(B32) for _ in range(24)),
        "expiration": expires.strftime("%b %d, %Y, %I:%M:%S %p"),
    }
