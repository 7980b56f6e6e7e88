"""Findings as OCSF Parquet in the Amazon Security Lake custom-source layout.

``DIR/region=<region>/accountId=<account>/eventDay=<YYYYMMDD>/ueba-<digest>.parquet``: the layout a
Security Lake custom source, an Athena table with partition projection or a Glue crawler reads as
is. Each file holds the OCSF Detection Finding events (:func:`ueba.export.ocsf.to_ocsf`) of one
partition with one fixed Arrow schema per OCSF version, so every file of a table agrees. OCSF
``json_t`` values (``evidences[].data``) are JSON text, and ``unmapped`` is a map of JSON text, as
Security Lake's own sources store them. ``eventDay`` is the day of ``time`` (the finding's last
event, UTC); ``region`` the region most of its events were in.

Writes are atomic and idempotent: each file is written to a temporary name in its partition and
renamed; its name is a digest of what it holds, so a retried run replaces rather than duplicates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from ueba._files import atomic_target
from ueba.export.ocsf import OCSF_VERSION, check_version, to_ocsf

# CloudTrail records global services' calls in us-east-1; a finding without events' regions
# (a FINDINGS frame written before regions were kept) goes there too
DEFAULT_REGION = "us-east-1"

_PARTITION_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,62}")
_S = pa.string()
_I = pa.int32()
_L = pa.int64()


def _named(*fields: str) -> pa.DataType:
    return pa.struct([(f, _S) for f in fields])


def _account() -> pa.DataType:
    return pa.struct([("uid", _S), ("name", _S), ("type_id", _I), ("type", _S)])


def arrow_schema(version: str = OCSF_VERSION) -> pa.Schema:
    """The Arrow schema of ueba's OCSF Detection Finding events of ``version`` (1.1.0 / 1.5.0)."""
    check_version(version)
    if version == "1.1.0":
        location = pa.struct(
            [("country", _S), ("city", _S), ("isp", _S), ("coordinates", pa.list_(pa.float64()))]
        )
        endpoint = pa.struct([("ip", _S), ("hostname", _S), ("location", location)])
    else:
        location = pa.struct(
            [("country", _S), ("city", _S), ("lat", pa.float64()), ("long", pa.float64())]
        )
        asys = pa.struct([("number", _I), ("name", _S)])
        endpoint = pa.struct(
            [("ip", _S), ("hostname", _S), ("location", location), ("autonomous_system", asys)]
        )
    user = pa.struct(
        [
            ("uid", _S),
            ("name", _S),
            ("type_id", _I),
            ("type", _S),
            ("credential_uid", _S),
            ("account", _account()),
        ]
    )
    evidence = pa.struct(
        [("actor", pa.struct([("user", user)])), ("src_endpoint", endpoint), ("data", _S)]
    )
    mitre = _named("uid", "name", "src_url")
    attack = pa.struct(
        [("version", _S), ("tactic", mitre), ("technique", mitre), ("sub_technique", mitre)]
    )
    finding_info = pa.struct(
        [
            ("uid", _S),
            ("title", _S),
            ("desc", _S),
            ("types", pa.list_(_S)),
            ("analytic", pa.struct([("uid", _S), ("name", _S), ("type_id", _I), ("type", _S)])),
            ("attacks", pa.list_(attack)),
            ("first_seen_time", _L),
            ("last_seen_time", _L),
            ("data_sources", pa.list_(_S)),
        ]
    )
    metadata = pa.struct(
        [
            ("version", _S),
            ("uid", _S),
            ("log_name", _S),
            ("profiles", pa.list_(_S)),
            ("product", _named("name", "vendor_name", "version")),
        ]
    )
    observable = pa.struct([("name", _S), ("type_id", _I), ("type", _S), ("value", _S)])
    fields: list[tuple[str, pa.DataType]] = [
        ("activity_id", _I),
        ("activity_name", _S),
        ("category_uid", _I),
        ("category_name", _S),
        ("class_uid", _I),
        ("class_name", _S),
        ("type_uid", _L),
        ("type_name", _S),
        ("severity_id", _I),
        ("severity", _S),
        ("status_id", _I),
        ("status", _S),
        ("time", _L),
        ("start_time", _L),
        ("end_time", _L),
        ("count", _I),
        ("message", _S),
        ("risk_score", _I),
        ("confidence_score", _I),
        ("metadata", metadata),
        ("finding_info", finding_info),
        ("evidences", pa.list_(evidence)),
        ("observables", pa.list_(observable)),
        ("resources", pa.list_(_named("uid", "name", "type", "cloud_partition"))),
        ("cloud", pa.struct([("provider", _S), ("region", _S), ("account", _account())])),
        ("unmapped", pa.map_(_S, _S)),
    ]
    if version != "1.1.0":
        fields.insert(18, ("is_alert", pa.bool_()))
    return pa.schema(fields)


def _parquet_ready(event: dict[str, Any]) -> dict[str, Any]:
    out = dict(event)
    out["evidences"] = [
        {**e, "data": json.dumps(e["data"], sort_keys=True)} if "data" in e else e
        for e in event.get("evidences", [])
    ]
    out["unmapped"] = [
        (key, json.dumps(value, sort_keys=True, separators=(",", ":")))
        for key, value in event.get("unmapped", {}).items()
    ]
    return out


def _safe(value: str, fallback: str) -> str:
    # region and account come from the records: never let them shape a path
    return value if _PARTITION_VALUE.fullmatch(value) else fallback


def _partition(event: dict[str, Any]) -> tuple[str, str, str]:
    cloud = event.get("cloud", {})
    day = dt.datetime.fromtimestamp(event["time"] / 1000, tz=dt.UTC)
    return (
        _safe(cloud.get("region", DEFAULT_REGION), DEFAULT_REGION),
        _safe(cloud.get("account", {}).get("uid", "unknown"), "unknown"),
        f"{day:%Y%m%d}",
    )


def write_ocsf_parquet(
    findings: pl.LazyFrame | pl.DataFrame,
    out_dir: str | os.PathLike[str],
    *,
    version: str = OCSF_VERSION,
    account_names: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write FINDINGS as OCSF Parquet under ``out_dir`` in the Security Lake custom-source layout.

    Returns the files written (one per region, account and day). Existing files of other runs
    are left alone; a file of the same findings is replaced.

    Examples
    --------
    >>> write_ocsf_parquet(findings, "out/ext/ueba", version="1.1.0")  # doctest: +SKIP
    [PosixPath('out/ext/ueba/region=us-east-1/accountId=653711331788/eventDay=20181128/ueba-3f2a....parquet')]
    """
    schema = arrow_schema(version)
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for event in to_ocsf(findings, version=version, account_names=account_names):
        groups.setdefault(_partition(event), []).append(_parquet_ready(event))
    written = []
    for (region, account, day), events in sorted(groups.items()):
        folder = Path(out_dir) / f"region={region}" / f"accountId={account}" / f"eventDay={day}"
        digest = hashlib.sha256(
            "\n".join(e["metadata"]["uid"] for e in events).encode()
        ).hexdigest()[:16]
        written.append(_write_atomic(pa.Table.from_pylist(events, schema=schema), folder, digest))
    return written


def _write_atomic(table: pa.Table, folder: Path, digest: str) -> Path:
    target = folder / f"ueba-{digest}.parquet"
    with atomic_target(target) as temp:
        pq.write_table(table, temp, compression="zstd")
    return target


__all__ = ["DEFAULT_REGION", "arrow_schema", "write_ocsf_parquet"]
