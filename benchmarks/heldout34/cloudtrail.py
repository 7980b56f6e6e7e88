"""CloudTrail records as AWS writes them for each kind of credential, and the S3 delivery
layout: one gzipped ``{"Records": [...]}`` file per account, region and fifteen-minute
delivery, named and dated by when it was delivered (a few minutes after its records)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import string
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz

Record = dict[str, Any]
B32 = string.ascii_uppercase + "234567"
GLOBAL = "us-east-1"  # IAM, STS's global endpoint and console sign-in are logged here

UA = {
    "chrome": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "firefox": "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "cli_mac": "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}",
    "cli_win": "aws-cli/2.19.1 md/awscrt#0.22.0 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off md/command#{cmd}",
    "rclone": "rclone/v1.68.2",
    "kobo": "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.8.0-1017-aws md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54",
    "kobo_ec2": "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1.115-126.197.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.54",
    "lambda_py39": "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.9.20 md/pyimpl#CPython exec-env/AWS_Lambda_python3.9 cfg/retry-mode#legacy Botocore/1.34.145",
    "lambda_py312": "Boto3/1.35.67 md/Botocore#1.35.67 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.35.67",
    "lambda_node": "aws-sdk-js/3.621.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/dynamodb#3.621.0 m/E,D exec-env/AWS_Lambda_nodejs20.x",
    "ecs_report": "Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/linux#5.10.226-214.880.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_ECS_FARGATE cfg/retry-mode#legacy Botocore/1.35.40",
    "vendor": "aws-sdk-java/2.28.16 Linux/5.10.226-214.880.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.13+11-LTS Java/17.0.13 vendor/Amazon.com_Inc. md/internal exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy",
    "wrangler": "Boto3/1.35.36 md/Botocore#1.35.36 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.36 awswrangler/3.9.1",
    "terraform": "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.76.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.4 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64",
    "sam": "aws-sam-cli/1.129.0 aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6",
    "miner": "Boto3/1.26.137 Python/3.8.10 Linux/5.15.0-76-generic Botocore/1.29.137",
    "pacu": "aws-cli/1.22.34 Python/3.10.12 Linux/6.5.0-44-generic botocore/1.23.34",
    "requests": "Boto3/1.34.2 md/Botocore#1.34.2 ua/2.0 os/linux#6.1.0-26-amd64 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.2",
}
HOST = {
    "s3": "{b}.s3.{r}.amazonaws.com",
    "sts": "sts.amazonaws.com",
    "iam": "iam.amazonaws.com",
    "signin": "signin.aws.amazon.com",
}


class Trail:
    """The records of a seed, and the seeded ids they carry."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed * 7919 + 34)
        self.records: list[tuple[str, str, Record]] = []

    def ident(self, prefix: str, n: int = 16) -> str:
        return prefix + "".join(self.rng.choice(B32) for _ in range(n))

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def hexid(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def call(
        self,
        t: dt.datetime,
        account: str,
        ident: Record,
        source: str,
        name: str,
        region: str,
        ip: str,
        ua: str,
        *,
        read: bool,
        req: Record | None = None,
        resp: Record | None = None,
        error: tuple[str, str] | None = None,
        data: bool = False,
        resources: list[Record] | None = None,
        extra: Record | None = None,
        vpce: str | None = None,
        etype: str = "AwsApiCall",
    ) -> Record:
        """One record: ``ident`` is userIdentity; an AWS service's call (``ip`` a service
        name) has no tlsDetails, a client's has them."""
        service = source.split(".")[0]
        rec: Record = {
            "eventVersion": "1.10" if etype != "AwsConsoleSignIn" else "1.09",
            "userIdentity": ident,
            "eventTime": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": source,
            "eventName": name,
            "awsRegion": region,
            "sourceIPAddress": ip,
            "userAgent": ua,
            "requestParameters": req,
            "responseElements": resp,
            "requestID": self.uid() if service != "s3" else self.ident("", 16),
            "eventID": self.uid(),
            "readOnly": read,
            "eventType": etype,
            "managementEvent": not data,
            "recipientAccountId": account,
            "eventCategory": "Data" if data else "Management",
        }
        if error is not None:
            rec["errorCode"], rec["errorMessage"] = error
            rec["responseElements"] = None
        if resources:
            rec["resources"] = resources
        if extra:
            rec["additionalEventData"] = extra
        if vpce:
            rec["vpcEndpointId"] = vpce
            rec["vpcEndpointAccountId"] = account
        if not ip.endswith(".amazonaws.com") and etype == "AwsApiCall":
            bucket = (req or {}).get("bucketName", "")
            host = HOST.get(service, f"{service}.{region}.amazonaws.com")
            if service == "s3" and not bucket:
                host = "s3.{r}.amazonaws.com"
            rec["tlsDetails"] = {
                "tlsVersion": "TLSv1.3",
                "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host.format(b=bucket, r=region),
            }
        self.records.append((account, region, rec))
        return rec

    def write(self, root: Path, seed: int) -> int:
        """The S3 layout under ``root``; the number of files written."""
        groups: dict[tuple[str, str, dt.datetime], list[Record]] = defaultdict(list)
        for account, region, rec in self.records:
            t = dt.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
            slot = t.replace(minute=t.minute - t.minute % 15, second=0)
            # a record now and then misses its delivery and comes in the next file
            h = int(hashlib.sha256(rec["eventID"].encode()).hexdigest()[:4], 16)
            if h % 97 == 0:
                slot += dt.timedelta(minutes=15)
            groups[(account, region, slot)].append(rec)
        for (account, region, slot), recs in sorted(groups.items()):
            digest = hashlib.sha256(f"{seed}/{account}/{region}/{slot}".encode()).digest()
            stamp = slot + dt.timedelta(minutes=15 + digest[0] % 9, seconds=digest[1] % 60)
            fid = "".join(B32[b % 32] for b in digest[2:18])
            where = root / "AWSLogs" / account / "CloudTrail" / region / stamp.strftime("%Y/%m/%d")
            where.mkdir(parents=True, exist_ok=True)
            name = f"{account}_CloudTrail_{region}_{stamp.strftime('%Y%m%dT%H%MZ')}_{fid}.json.gz"
            body = json.dumps({"Records": recs}, separators=(",", ":")).encode()
            tmp = where / (name + ".tmp")
            tmp.write_bytes(_gz.compress(body))
            tmp.replace(where / name)
        return len(groups)


def s3_resources(account: str, bucket: str, key: str | None) -> list[Record]:
    out: list[Record] = []
    if key is not None:
        out.append({"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{key}"})
    out.append({"accountId": account, "type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}"})
    return out


def s3_extra(trail: Trail, out_bytes: int = 0, in_bytes: int = 0) -> Record:
    return {
        "SignatureVersion": "SigV4",
        "CipherSuite": "TLS_AES_128_GCM_SHA256",
        "bytesTransferredIn": in_bytes,
        "AuthenticationMethod": "AuthHeader",
        "x-amz-id-2": trail.ident("", 24),
        "bytesTransferredOut": out_bytes,
    }
