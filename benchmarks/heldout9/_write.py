"""The trail in S3 layout and ``truth.csv``, each written to a temporary name and renamed."""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import _gz
from benchmarks.heldout9 import _records as R

TRUTH_COLUMNS = (
    "id",
    "name",
    "label",
    "access_key_id",
    "principal_arn",
    "source_ip",
    "event_ids",
    "start",
    "end",
    "expected_min_severity",
    "expected_max_severity",
)


def write_trail(records: list[dict[str, Any]], out: Path) -> int:
    """S3 layout, one file per account, region and five minutes, delivered a few minutes later."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        stamp = record["eventTime"]
        minute = int(stamp[14:16]) // 5 * 5
        bucket = f"{stamp[:4]}{stamp[5:7]}{stamp[8:10]}T{stamp[11:13]}{minute:02d}Z"
        groups[(record["recipientAccountId"], record["awsRegion"], bucket)].append(record)
    for (account, region, bucket), rows in sorted(groups.items()):
        folder = (
            out
            / "AWSLogs"
            / account
            / "CloudTrail"
            / region
            / bucket[:4]
            / bucket[4:6]
            / bucket[6:8]
        )
        folder.mkdir(parents=True, exist_ok=True)
        suffix = R.stable_id("", f"{account}{region}{bucket}", 16).replace("A", "a")
        path = folder / f"{account}_CloudTrail_{region}_{bucket}_{suffix}.json.gz"
        rows.sort(key=lambda r: r["eventTime"])
        body = json.dumps({"Records": rows}, separators=(",", ":")).encode()
        tmp = path.with_suffix(".tmp")
        with (
            open(tmp, "wb") as handle,
            gzip.GzipFile(fileobj=handle, mode="wb", mtime=0, compresslevel=_gz.LEVEL) as gz,
        ):
            gz.write(body)
        tmp.replace(path)
    return len(groups)


def write_truth(rows: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)
