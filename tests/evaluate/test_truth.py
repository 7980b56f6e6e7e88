"""Truth files: the documented CSV, JSON and Parquet forms, and errors that name the row."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.evaluation import read_truth
from ueba.exceptions import ConfigError
from ueba.schema import TRUTH

UTC = dt.UTC


def test_the_documented_csv_is_read_with_empty_fields(tmp_path: Path) -> None:
    path = tmp_path / "truth.csv"
    path.write_text(
        "label,access_key_id,principal_arn,source_ip,start,end\n"
        "attack,ASIAEXAMPLEKEY000001,,198.51.100.7,2024-06-09T10:00:00Z,2024-06-09T11:00:00Z\n"
        "benign,,arn:aws:iam::111122223333:role/app,,2024-06-08,2024-06-09\n"
    )
    truth = read_truth(path)
    assert dict(truth.schema) == dict(TRUTH)
    first, second = truth.to_dicts()
    assert (
        first["id"] == "row-1"
        and first["label"] == "attack"
        and first["source_ips"] == ["198.51.100.7"]
    )
    assert first["principal_arn"] is None
    assert first["start"] == dt.datetime(2024, 6, 9, 10, tzinfo=UTC)
    # a bare date as end means the whole of that day
    assert second["start"] == dt.datetime(2024, 6, 8, tzinfo=UTC)
    assert second["end"] == dt.datetime(2024, 6, 10, tzinfo=UTC)


def test_rows_sharing_an_id_are_one_incident_and_lists_split(tmp_path: Path) -> None:
    path = tmp_path / "truth.json"
    path.write_text(
        json.dumps(
            {
                "incidents": [
                    {
                        "id": "A1",
                        "label": "compromise",
                        "access_key_id": "AKIA1",
                        "source_ip": ["192.0.2.1", "192.0.2.2"],
                    },
                    {
                        "id": "A1",
                        "label": "attack",
                        "access_key_id": "AKIA2",
                        "event_ids": "e1 e2;e3",
                    },
                ]
            }
        )
    )
    truth = read_truth(path)
    assert truth["id"].to_list() == ["A1", "A1"]
    assert truth["label"].to_list() == [
        "attack",
        "attack",
    ]  # the generator's "compromise" is an attack
    assert truth["source_ips"].to_list()[0] == ["192.0.2.1", "192.0.2.2"]
    assert truth["event_ids"].to_list()[1] == ["e1", "e2", "e3"]


def test_parquet_and_a_frame_read_the_same_as_csv(tmp_path: Path) -> None:
    rows = [
        {
            "label": "attack",
            "access_key_id": "AKIA1",
            "principal_arn": "",
            "source_ip": "192.0.2.1",
            "start": "2024-06-09T10:00:00+02:00",
            "end": "",
        }
    ]
    pl.DataFrame(rows).write_parquet(tmp_path / "t.parquet")
    from_parquet = read_truth(tmp_path / "t.parquet")
    assert from_parquet.equals(read_truth(pl.DataFrame(rows)))
    assert from_parquet["start"].item() == dt.datetime(
        2024, 6, 9, 8, tzinfo=UTC
    )  # offsets become UTC
    assert from_parquet["end"].item() is None


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"label": "suspicious", "access_key_id": "AKIA1"}, "label 'suspicious' is neither"),
        (
            {"label": "attack", "start": "2024-06-09"},
            "names no access key, principal, source IP or event ID",
        ),
        (
            {"label": "attack", "access_key_id": "AKIA1", "start": "yesterday"},
            "start 'yesterday' is not an ISO 8601",
        ),
        (
            {
                "label": "attack",
                "access_key_id": "AKIA1",
                "start": "2024-06-09T10:00:00Z",
                "end": "2024-06-09T09:00:00Z",
            },
            "end is before start",
        ),
    ],
)
def test_a_bad_row_is_refused_with_its_number(
    tmp_path: Path, row: dict[str, str], message: str
) -> None:
    path = tmp_path / "truth.csv"
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["label", "access_key_id", "start", "end"])
        writer.writeheader()
        writer.writerow({"access_key_id": "AKIA0", "label": "benign"})
        writer.writerow(row)
    with pytest.raises(ConfigError, match=message) as err:
        read_truth(path)
    assert str(err.value).startswith(f"{path}, record 2: ")


def test_a_missing_or_unknown_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        read_truth(tmp_path / "nope.csv")
    (tmp_path / "t.xml").write_text("<x/>")
    with pytest.raises(ConfigError, match=r"name it \.csv, \.json"):
        read_truth(tmp_path / "t.xml")


_text = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/-", min_size=1, max_size=20)
_ip = st.ip_addresses(v=4).map(str)
_time = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1)).map(
    lambda t: t.replace(microsecond=0, tzinfo=UTC)
)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "label": st.sampled_from(["attack", "benign"]),
                "access_key_id": _text,
                "principal_arn": st.one_of(st.just(""), _text),
                "source_ip": st.lists(_ip, max_size=3),
                "start": _time,
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_a_csv_round_trip_keeps_every_field(
    rows: list[dict[str, object]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("truth") / "truth.csv"
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=["label", "access_key_id", "principal_arn", "source_ip", "start"]
        )
        writer.writeheader()
        for r in rows:
            writer.writerow(
                {
                    **r,
                    "source_ip": " ".join(r["source_ip"]),  # type: ignore[arg-type]
                    "start": r["start"].isoformat(),
                }
            )  # type: ignore[attr-defined]
    truth = read_truth(path)
    assert truth["label"].to_list() == [r["label"] for r in rows]
    assert truth["access_key_id"].to_list() == [r["access_key_id"] for r in rows]
    assert truth["principal_arn"].to_list() == [r["principal_arn"] or None for r in rows]
    assert truth["source_ips"].to_list() == [r["source_ip"] for r in rows]
    assert truth["start"].to_list() == [r["start"] for r in rows]
