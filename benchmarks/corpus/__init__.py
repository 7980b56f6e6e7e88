"""A seeded, realistic CloudTrail corpus in the S3 delivery layout, for benchmarks and tests.

``write_s3_layout_corpus(out_dir, target_bytes=1_000_000_000)`` writes what a trail delivers to
its bucket: ``AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
YYYYMMDDTHHmmZ_<random>.json.gz``, each a ``{"Records":[...]}`` of about 300 to 700 events of
about 1.7 KB each (the density of the corpus in MEASUREMENTS.md).

What is in it: IAM users with long-lived ``AKIA`` keys (from ISP addresses, aws-cli, Boto3,
Terraform); EC2 instance roles (session name ``i-...``, EC2 addresses or a private address
through a VPC endpoint), Lambda functions, ECS tasks and IAM Identity Center (``AWSReservedSSO_``)
users with rotating ``ASIA`` keys; AWS services acting for the account; an occasional root
console login. Every session key is minted by an ``AssumeRole`` (or ``AssumeRoleWithSAML``)
event whose ``responseElements.credentials`` carry the key before it is used, so identity
chains can be followed. About 5% of calls fail (AccessDenied, ThrottlingException, the API's
own errors). Free-form members are large and nested (RunInstances, PutRolePolicy, S3 data
events). ``eventVersion`` is 1.08, 1.09 or 1.10.

The same seed gives the same bytes. Records are assembled by numpy and polars, not per-field
Python, and the files are compressed with isal, so a gigabyte takes seconds per core.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
from isal import igzip

from benchmarks.corpus._events import FileSpec, render_stream
from benchmarks.corpus._org import BYTES_PER_EVENT, REGION_WEIGHTS, REGIONS, Org, build_org

EVENTS_PER_FILE = (300, 700)
_FILES_PER_TASK = 16
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class CorpusInfo:
    """What :func:`write_s3_layout_corpus` wrote."""

    root: Path
    files: int
    events: int
    uncompressed_bytes: int
    gzipped_bytes: int
    start: datetime
    end: datetime
    accounts: tuple[str, ...]


def _epoch(start: str) -> int:
    moment = datetime.fromisoformat(start)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def _plan(
    target_bytes: int, seed: int, start: int, days: int, accounts: int
) -> list[list[FileSpec]]:
    """File specs grouped by stream (account, region); us-east-1 of every account comes first."""
    rng = np.random.default_rng([seed, 0xC0FFEE])
    n_events = max(1, round(target_bytes / BYTES_PER_EVENT))
    mean_per_file = sum(EVENTS_PER_FILE) // 2
    n_files = max(accounts, round(n_events / mean_per_file))
    account_weight = 1.0 + rng.random(accounts)
    streams = [(a, r) for r in range(len(REGIONS)) for a in range(accounts)][: max(1, n_files)]
    weights = np.array([account_weight[a] * REGION_WEIGHTS[r] for a, r in streams])
    plan = []
    for (a, r), share in zip(streams, weights / weights.sum(), strict=True):
        events = max(1, round(n_events * share))
        per_day = max(1, round(events / mean_per_file / days))
        count = per_day * days
        jitter = rng.integers(EVENTS_PER_FILE[0], EVENTS_PER_FILE[1] + 1, size=count)
        per_file = np.maximum(1, np.round(jitter / jitter.sum() * events)).astype(int)
        # slices never cross midnight, so every event lands in its file's date folder
        i = np.arange(count)
        day = start + (i // per_day) * 86_400
        t0 = day + (i % per_day) * 86_400 // per_day
        t1 = day + (i % per_day + 1) * 86_400 // per_day
        plan.append(
            [
                FileSpec(
                    account=a,
                    region=REGIONS[r],
                    index=int(k),
                    t0=int(t0[k]),
                    t1=int(t1[k]),
                    events=int(per_file[k]),
                )
                for k in i
            ]
        )
    return plan


def _key(org: Org, spec: FileSpec, seed: int) -> str:
    acct = org.accounts[spec.account]
    stamp = datetime.fromtimestamp(spec.t0 - spec.t0 % 300, tz=UTC)
    suffix = "".join(
        random.Random(f"{seed}:{acct}:{spec.region}:{spec.index}").choices(_ALNUM, k=16)
    )
    return (
        f"AWSLogs/{acct}/CloudTrail/{spec.region}/{stamp:%Y/%m/%d}/"
        f"{acct}_CloudTrail_{spec.region}_{stamp:%Y%m%dT%H%MZ}_{suffix}.json.gz"
    )


def _tasks(plan: list[list[FileSpec]]) -> list[list[FileSpec]]:
    return [
        stream[i : i + _FILES_PER_TASK]
        for stream in plan
        for i in range(0, len(stream), _FILES_PER_TASK)
    ]


def _write_task(
    org: Org, specs: list[FileSpec], seed: int, start: int, out_dir: str
) -> tuple[int, int, int, int]:
    files = events = raw = packed = 0
    for spec, text, count in render_stream(org, specs, seed=seed, start=start):
        data = text.encode()
        blob = igzip.compress(data, compresslevel=1, mtime=0)  # mtime 0: same seed, same bytes
        path = Path(out_dir) / _key(org, spec, seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")  # hidden: listers skip it until it is whole
        tmp.write_bytes(blob)
        os.replace(tmp, path)
        files, events, raw, packed = files + 1, events + count, raw + len(data), packed + len(blob)
    return files, events, raw, packed


def write_s3_layout_corpus(
    out_dir: str | os.PathLike[str],
    *,
    target_bytes: int,
    seed: int = 0,
    start: str = "2024-07-01",
    days: int = 1,
    accounts: int = 3,
    workers: int | None = None,
) -> CorpusInfo:
    """Write a seeded CloudTrail corpus of about ``target_bytes`` uncompressed JSON.

    Parameters
    ----------
    out_dir
        Directory that receives ``AWSLogs/...``; created if missing.
    target_bytes
        Uncompressed size to aim for; the result lands within a few percent of it.
    seed
        Same seed, same files, byte for byte.
    start, days
        The UTC time span the events cover (``start`` is an ISO date or datetime).
    accounts
        How many AWS accounts deliver to the bucket (tiny corpora may fill only some).
    workers
        Processes to generate with; default: one per core, up to 4, and one for small corpora.
        Workers are spawned, so a script calling this with ``workers > 1`` needs the usual
        ``if __name__ == "__main__":`` guard. The result does not depend on ``workers``.

    Examples
    --------
    >>> info = write_s3_layout_corpus("corpus/", target_bytes=50_000_000, seed=1)  # doctest: +SKIP
    >>> info.files, info.events  # doctest: +SKIP
    (60, 29512)
    """
    begin = _epoch(start)
    org = build_org(seed, accounts, target_bytes=target_bytes, days=days)
    tasks = _tasks(_plan(target_bytes, seed, begin, days, accounts))
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    if workers is None:
        workers = 1 if target_bytes < 64_000_000 else min(4, os.cpu_count() or 1)
    if workers <= 1 or len(tasks) == 1:
        results = [_write_task(org, specs, seed, begin, str(root)) for specs in tasks]
    else:
        # spawn, not fork: polars' thread pool does not survive a fork
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = [
                pool.submit(_write_task, org, specs, seed, begin, str(root)) for specs in tasks
            ]
            results = [f.result() for f in futures]
    files, events, raw, packed = (sum(column) for column in zip(*results, strict=True))
    first = datetime.fromtimestamp(begin, tz=UTC)
    return CorpusInfo(
        root=root,
        files=files,
        events=events,
        uncompressed_bytes=raw,
        gzipped_bytes=packed,
        start=first,
        end=first + timedelta(days=days),
        accounts=org.accounts,
    )


def iter_corpus_files(
    *, target_bytes: int, seed: int = 0, start: str = "2024-07-01", days: int = 1, accounts: int = 3
) -> Iterator[tuple[str, bytes]]:
    """The files :func:`write_s3_layout_corpus` would write, as ``(S3 key, uncompressed JSON)``.

    Examples
    --------
    >>> key, data = next(iter_corpus_files(target_bytes=1_000_000))
    >>> key.startswith("AWSLogs/"), data.startswith(b'{"Records":[')
    (True, True)
    """
    begin = _epoch(start)
    org = build_org(seed, accounts, target_bytes=target_bytes, days=days)
    for specs in _tasks(_plan(target_bytes, seed, begin, days, accounts)):
        for spec, text, _count in render_stream(org, specs, seed=seed, start=begin):
            yield _key(org, spec, seed), text.encode()


def iter_corpus_records(
    *, target_bytes: int, seed: int = 0, start: str = "2024-07-01", days: int = 1, accounts: int = 3
) -> Iterator[dict[str, Any]]:
    """Every record of the corpus as a CloudTrail dict, file by file (for tests and peers).

    Examples
    --------
    >>> record = next(iter_corpus_records(target_bytes=1_000_000))
    >>> sorted(record)[:3]
    ['awsRegion', 'eventCategory', 'eventID']
    """
    for _key_name, data in iter_corpus_files(
        target_bytes=target_bytes, seed=seed, start=start, days=days, accounts=accounts
    ):
        yield from msgspec.json.decode(data)["Records"]


__all__ = ["CorpusInfo", "iter_corpus_files", "iter_corpus_records", "write_s3_layout_corpus"]
