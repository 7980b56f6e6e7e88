"""The Ashgrove Institute for Biomedical Research: its accounts, calendar, user agents and the
run's shared state (the trail, seeded random streams, the benign changes' switches)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks.heldout13._trail import Trail

SHARED = (
    "402918375561"  # management / shared services: Identity Center, pipeline, Bedrock assistant
)
LAKE = "529104738862"  # genomics data lake: Lake Formation, Glue, Athena, HealthOmics, Batch
RESEARCH = "613829470251"  # research compute: SageMaker, ParallelCluster, Batch, Service Catalog
LAB_RIVERA = "734019283746"  # sandbox of the Rivera lab (Boston)
LAB_NAKAMURA = "845120394857"  # sandbox of the Nakamura lab (Hinxton, eu-west-2)
LAB_ADEYEMI = "956231405968"  # sandbox of the Adeyemi lab: created on the first scored day
VENDOR = "318842059177"  # the sequencing vendor's own account (outside the trail)
COLLAB_ACCOUNT = "207745190316"  # the attacker's account in A4/A5 (outside the trail)
ATTACKER_AWS = "690118327754"  # the account that uses a stolen Batch key in A3 (outside)

ACCOUNTS = (SHARED, LAKE, RESEARCH, LAB_RIVERA, LAB_NAKAMURA, LAB_ADEYEMI)
END = dt.date(2026, 11, 27)
THANKSGIVING = dt.date(2026, 11, 26)

UA: dict[str, str] = {
    "nb_old": "Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#4.14.355-275.570.amzn2.x86_64 md/arch#x86_64 lang/python#3.10.14 md/pyimpl#CPython exec-env/SageMaker-Notebook-Instance cfg/retry-mode#legacy Botocore/1.34.131",
    "nb_new": "Boto3/1.35.76 md/Botocore#1.35.76 ua/2.0 os/linux#5.10.228-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython exec-env/SageMaker-Notebook-Instance cfg/retry-mode#legacy Botocore/1.35.76",
    "nextflow": "aws-sdk-java/1.12.670 Linux/5.10.227-219.884.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.12+7-LTS java/17.0.12 vendor/Eclipse_Adoptium cfg/retry-mode/standard",
    "batch_py": "Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.227-219.884.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/AWS_ECS_EC2 cfg/retry-mode#legacy Botocore/1.34.84",
    "pcluster": "Boto3/1.34.51 md/Botocore#1.34.51 ua/2.0 os/linux#5.15.0-1066-aws md/arch#x86_64 lang/python#3.9.19 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.34.51 aws-parallelcluster/3.11.1",
    "lambda": "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.227-238.879.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145",
    "vendor": "aws-cli/2.15.30 Python/3.11.8 Linux/5.15.0-105-generic exe/x86_64.ubuntu.22 prompt/off command/s3.cp",
    "instrument": "aws-cli/2.13.25 Python/3.11.5 Windows/10 exe/AMD64 prompt/off command/s3.sync",
    "etl": "Boto3/1.26.137 Python/3.8.10 Linux/5.4.0-177-generic Botocore/1.29.137",
    "gha_cli": "aws-cli/2.22.10 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython exec-env/GitHub-Actions cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off",
    "gha_js": "aws-sdk-js/3.654.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js md/nodejs#20.17.0 api/sts#3.654.0 exec-env/GitHub-Actions",
    "cli_mac": "aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off",
    "cli_linux": "aws-cli/2.17.51 md/awscrt#0.21.5 ua/2.0 os/linux#6.8.0-48-generic md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off",
    "cli_win": "aws-cli/2.16.12 md/awscrt#0.20.11 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off",
    "boto_mac": "Boto3/1.35.40 md/Botocore#1.35.40 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.7 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.40",
    "chrome_mac": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "firefox_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "edge_win": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "terraform": "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.76.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.4 ua/2.1 os/linux lang/go#1.23.2 md/GOOS#linux md/GOARCH#amd64 api/sts#1.33.0",
}


@dataclass
class World:
    seed: int
    days: list[dt.date]
    scored: list[dt.date]
    scale: float
    trail: Trail
    truth: list[dict[str, Any]] = field(default_factory=list)
    # benign changes that alter background actors: name -> (start datetime, end datetime)
    changes: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)

    def rng(self, *parts: object) -> random.Random:
        """A random stream of its own per seed and ``parts`` (stable across Python runs)."""
        return random.Random("/".join(str(p) for p in (self.seed, *parts)))

    def n(self, base: float, rng: random.Random) -> int:
        """``base`` scaled, with +-30% noise; at least 1 when base > 0."""
        return max(1 if base > 0 else 0, round(base * self.scale * rng.uniform(0.7, 1.3)))

    def on(self, change: str, t: dt.datetime) -> bool:
        window = self.changes.get(change)
        return window is not None and window[0] <= t < window[1]

    def s(self, i: int) -> dt.date:
        """The i-th scored day (wrapping when fewer are scored)."""
        return self.scored[i % len(self.scored)]


def at(day: dt.date, hours: float) -> dt.datetime:
    """UTC time ``hours`` after midnight of ``day`` (may spill into the next day)."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=round(hours * 3600))


def weekday(day: dt.date) -> bool:
    return day.weekday() < 5


def lake_bucket(region: str) -> str:
    return "ashgrove-genomics-lake-" + ("use1" if region == "us-east-1" else "euw2")


def s3_params(bucket: str, obj: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"bucketName": bucket, "Host": f"{bucket}.s3.amazonaws.com"}
    if obj:
        out["key"] = obj
    return out


def s3_resources(account: str, bucket: str, obj: str | None = None) -> dict[str, Any]:
    res = [{"type": "AWS::S3::Bucket", "ARN": f"arn:aws:s3:::{bucket}", "accountId": account}]
    if obj:
        res.insert(0, {"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{obj}"})
    return {"resources": res, "additionalEventData": {"bytesTransferredIn": 0, "x-amz-id-2": "id2"}}


def row(
    w: World,
    ident: str,
    name: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    principal: str = "",
    key_id: str = "",
    ips: str = "",
    events: str = "",
    label: str = "benign",
    severity: str = "low",
) -> None:
    w.truth.append(
        {
            "id": ident,
            "name": name,
            "label": label,
            "access_key_id": key_id,
            "principal_arn": principal,
            "source_ip": ips,
            "event_ids": events,
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "expected_min_severity": severity if label == "attack" else "",
            "expected_max_severity": severity if label == "benign" else "",
        }
    )
