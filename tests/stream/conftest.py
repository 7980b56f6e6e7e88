"""Micro-batches as AWS hands them to a function: envelopes, random sizes, random order."""

from __future__ import annotations

import base64
import gzip
import json
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
DEMO_MODEL = ROOT / "models" / "demo"
RECORDED = ROOT / "tests" / "data" / "stream"


# the environment variable that fixes the random micro-batching seed of a run (see stream_seed)
SEED_VARIABLE = "UEBA_STREAM_SEED"


@pytest.fixture
def stream_seed() -> int:
    """The seed of this run's random micro-batches: ``$UEBA_STREAM_SEED`` when set, else drawn
    from the run (a different split, order and envelope mix each run), printed so that a failure
    reproduces with ``UEBA_STREAM_SEED=<seed> python -m pytest tests/stream``."""
    given = os.environ.get(SEED_VARIABLE, "").strip()
    seed = int(given) if given else random.SystemRandom().randrange(2**32)
    print(f"{SEED_VARIABLE}={seed}")
    return seed


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """A writable copy of the demo model (the stream keeps its state beside it)."""
    target = tmp_path / "model"
    shutil.copytree(DEMO_MODEL, target)
    return target


def eventbridge(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One EventBridge "AWS API Call via CloudTrail" event per record, as Lambda gets them."""
    return [
        {
            "version": "0",
            "id": f"eb-{i}",
            "detail-type": "AWS API Call via CloudTrail",
            "source": "aws." + str(r.get("eventSource", "unknown")).split(".", 1)[0],
            "account": r.get("recipientAccountId", "000000000000"),
            "time": r.get("eventTime"),
            "region": r.get("awsRegion", "us-east-1"),
            "resources": [],
            "detail": r,
        }
        for i, r in enumerate(records)
    ]


def cloudwatch_payload(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The decoded CloudWatch Logs subscription payload of a trail's log group."""
    return {
        "messageType": "DATA_MESSAGE",
        "owner": "000000000000",
        "logGroup": "aws-cloudtrail-logs",
        "logStream": "000000000000_CloudTrail_us-east-1",
        "subscriptionFilters": ["ueba"],
        "logEvents": [
            {"id": str(i), "timestamp": 0, "message": json.dumps(r)} for i, r in enumerate(records)
        ],
    }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def awslogs(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The Lambda event of a CloudWatch Logs subscription: gzip, then base64."""
    return {
        "awslogs": {"data": _b64(gzip.compress(json.dumps(cloudwatch_payload(records)).encode()))}
    }


def firehose(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A Firehose transformation event whose records are CloudWatch Logs payloads (gzip)."""
    half = max(1, len(records) // 2)
    chunks = [records[:half], records[half:]] if len(records) > 1 else [records]
    return {
        "invocationId": "inv-1",
        "deliveryStreamArn": "arn:aws:firehose:us-east-1:000000000000:deliverystream/trail",
        "region": "us-east-1",
        "records": [
            {
                "recordId": str(i),
                "approximateArrivalTimestamp": 0,
                "data": _b64(gzip.compress(json.dumps(cloudwatch_payload(chunk)).encode())),
            }
            for i, chunk in enumerate(chunks)
        ],
    }


def kinesis(records: list[dict[str, Any]]) -> dict[str, Any]:
    """A Kinesis Data Streams Lambda event, one EventBridge event per record's data."""
    return {
        "Records": [
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": "p",
                    "sequenceNumber": str(i),
                    "data": _b64(json.dumps(event).encode()),
                    "approximateArrivalTimestamp": 0.0,
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"shardId-000000000000:{i}",
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": "arn:aws:iam::000000000000:role/ueba",
                "awsRegion": "us-east-1",
                "eventSourceARN": "arn:aws:kinesis:us-east-1:000000000000:stream/trail",
            }
            for i, event in enumerate(eventbridge(records))
        ]
    }


ENVELOPES = {
    "eventbridge": eventbridge,
    "eventbridge_bytes": lambda rs: [json.dumps(e).encode() for e in eventbridge(rs)],
    "awslogs": awslogs,
    "cloudwatch_bytes": lambda rs: json.dumps(cloudwatch_payload(rs)).encode(),
    "firehose": firehose,
    "kinesis": kinesis,
    "s3_object": lambda rs: gzip.compress(json.dumps({"Records": rs}).encode()),
}


def micro_batches(
    records: list[dict[str, Any]], rng: random.Random, *, low: int = 1, high: int = 500
) -> Iterator[Any]:
    """``records`` shuffled, in batches of ``low``-``high`` records, each in a random envelope."""
    shuffled = list(records)
    rng.shuffle(shuffled)
    i = 0
    while i < len(shuffled):
        size = rng.randint(low, high)
        chunk = shuffled[i : i + size]
        i += size
        yield ENVELOPES[rng.choice(sorted(ENVELOPES))](chunk)


def sample_records(path: Path) -> list[dict[str, Any]]:
    """The CloudTrail records of the sample files under ``path`` (S3 objects, arrays, NDJSON)."""
    out: list[dict[str, Any]] = []
    for file in sorted(p for p in path.rglob("*") if p.suffix in (".json", ".gz")):
        data = file.read_bytes()
        text = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode()
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            out += [json.loads(line) for line in text.splitlines() if line.strip()]
            continue
        out += doc["Records"] if isinstance(doc, dict) else doc
    return out
