"""Truth rows in the format ``ueba.evaluation`` reads (one row per piece of evidence; rows
sharing an id are one incident)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from benchmarks.heldout39 import _org as org
from benchmarks.heldout39._records import iso

COLUMNS = (
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


def row(
    ident: str,
    name: str,
    start: dt.datetime,
    end: dt.datetime,
    *,
    key: str = "",
    principal: str = "",
    addresses: tuple[str, ...] = (),
    severity: str = "",
) -> dict[str, Any]:
    attack = ident.startswith("A")
    return {
        "id": ident,
        "name": name,
        "label": "attack" if attack else "benign",
        "access_key_id": key,
        "principal_arn": principal,
        "source_ip": " ".join(addresses),
        "event_ids": "",
        "start": iso(start),
        "end": iso(end),
        "expected_min_severity": severity if attack else "",
        "expected_max_severity": "" if attack else (severity or "low"),
    }


def saml_principal(email: str) -> str:
    """The principal of an Identity Center AssumeRoleWithSAML record (``saml:<principalId>``)."""
    return f"saml:{org.SSO_PROVIDER}:{email}"


def sso_principal(account: str, role: str, email: str) -> str:
    return f"arn:aws:sts::{account}:assumed-role/{role}/{email}"


def write(path: Path, rows: list[dict[str, Any]]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=COLUMNS)
        out.writeheader()
        for r in sorted(rows, key=lambda r: (r["id"][0], int(r["id"][1:]), r["start"])):
            out.writerow(r)
    tmp.replace(path)
