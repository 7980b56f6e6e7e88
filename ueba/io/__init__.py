"""ueba.io: CloudTrail in, EVENTS out; the Parquet lake.

- :func:`read_cloudtrail` / :func:`scan_cloudtrail`: files, directories, globs, ``s3://``, no lake;
- :func:`read_security_lake` / :func:`scan_security_lake`: Amazon Security Lake OCSF Parquet;
- :func:`ingest`, :func:`scan_lake`, :func:`check_lake`: the partitioned lake (``docs/ingest.md``).

Names are imported on first use: ingest's worker processes import only the parser, and
``import ueba.io`` loads neither polars nor the lake writer.
"""

from __future__ import annotations

from typing import Any

from ueba._lazy import resolve

# public name -> module that defines it
_EXPORTS = {
    "ParsedFile": "ueba.io.cloudtrail",
    "parse_bytes": "ueba.io.cloudtrail",
    "read_cloudtrail": "ueba.io.cloudtrail",
    "scan_cloudtrail": "ueba.io.cloudtrail",
    "IngestReport": "ueba.io.lake",
    "LakeCheck": "ueba.io.lake",
    "check_lake": "ueba.io.lake",
    "ingest": "ueba.io.lake",
    "lake_partitions": "ueba.io.lake",
    "scan_lake": "ueba.io.lake",
    "read_security_lake": "ueba.io.ocsf",
    "scan_security_lake": "ueba.io.ocsf",
    "SourceFile": "ueba.io.sources",
    "list_sources": "ueba.io.sources",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return resolve(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return __all__
