"""CloudTrail's S3 layout: one gzip file per account, region and five-minute delivery, written
a few minutes after its records, about 1% of records 35 minutes to three hours late."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from pathlib import Path
from typing import Any


def deliver(records: list[dict[str, Any]], root: Path, seed: int) -> int:
    """Write ``records`` under ``root/AWSLogs``; the number of files."""
    rng = random.Random(f"{seed}|deliver")
    files: dict[tuple[str, str, dt.datetime], list[dict[str, Any]]] = {}
    for r in sorted(records, key=lambda r: (r["eventTime"], r["eventID"])):
        t = dt.datetime.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ")
        late = (
            dt.timedelta(minutes=rng.randrange(35, 180)) if rng.random() < 0.01 else dt.timedelta(0)
        )
        t += late + dt.timedelta(minutes=rng.randrange(3, 9))
        bucket = t.replace(minute=t.minute - t.minute % 5, second=0)
        files.setdefault((r["recipientAccountId"], r["awsRegion"], bucket), []).append(r)
    for (account, region, bucket), batch in sorted(files.items()):
        folder = root / "AWSLogs" / account / "CloudTrail" / region / f"{bucket:%Y/%m/%d}"
        folder.mkdir(parents=True, exist_ok=True)
        tag = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(16))
        path = folder / f"{account}_CloudTrail_{region}_{bucket:%Y%m%dT%H%MZ}_{tag}.json.gz"
        body = json.dumps({"Records": batch}, separators=(",", ":")).encode()
        tmp = path.with_suffix(".tmp")
        with (
            tmp.open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f,
        ):
            f.write(body)
        tmp.rename(path)
    return len(files)
