"""``ueba enrich``: files or a lake in, ENRICHED out as a table, JSON Lines or Parquet."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from ueba.cli import main
from ueba.schema import ENRICHED

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
FLAWS2 = str(SAMPLES / "flaws2")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["enrich", *args])
    return result.exit_code, result.stdout, result.stderr


def test_parquet_output_is_exactly_enriched_with_every_event(tmp_path: Path) -> None:
    out = tmp_path / "enriched.parquet"
    code, _, err = _run(FLAWS2, "--out", str(out))
    assert code == 0, err
    frame = pl.read_parquet(out)
    assert dict(frame.schema) == dict(ENRICHED)
    assert frame.height == 37
    assert "enriched 37 events" in err
    assert [p.name for p in tmp_path.iterdir()] == ["enriched.parquet"]  # no temp file left


def test_parquet_output_records_the_feeds_it_depends_on(tmp_path: Path) -> None:
    from ueba.enrichment.aws_ranges import AwsIpRanges

    out = tmp_path / "enriched.parquet"
    code, _, err = _run(FLAWS2, "--out", str(out))
    assert code == 0, err
    bundled = AwsIpRanges.bundled()
    metadata = pl.read_parquet_metadata(out)
    assert metadata["ueba.ip_ranges.sync_token"] == bundled.sync_token
    assert metadata["ueba.ip_ranges.create_date"] == bundled.create_date
    assert f"syncToken {bundled.sync_token}" in err


def test_jsonl_to_stdout_has_one_enriched_object_per_event() -> None:
    code, out, err = _run(FLAWS2, "--format", "jsonl", "--quiet")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 37
    assert set(rows[0]) == set(ENRICHED)
    stolen = [r for r in rows if r["access_key_id"] == "ASIAZQNB3KHGNXWXBSJS"]
    assert [(r["workload_kind"], r["ua_family"], r["source_kind"]) for r in stolen] == [
        ("ecs", "aws-cli", "public")
    ]
    assert err == ""


def test_jsonl_file_is_chosen_by_its_suffix(tmp_path: Path) -> None:
    out = tmp_path / "enriched.jsonl"
    code, _, err = _run(str(SAMPLES / "otrf"), "--out", str(out), "-q")
    assert code == 0, err
    assert len(out.read_text().splitlines()) == 103


def test_table_shows_who_did_what_from_where(tmp_path: Path) -> None:
    code, out, err = _run(FLAWS2, "--limit", "100")
    assert code == 0, err
    assert "principal_arn" in out
    assert "ListBuckets" in out
    assert "ecs" in out


def test_table_says_how_many_rows_it_left_out() -> None:
    code, _, err = _run(FLAWS2, "--limit", "5")
    assert code == 0
    assert "32 more events" in err


def test_start_and_end_select_a_time_window() -> None:
    code, out, err = _run(
        FLAWS2, "--start", "2018-11-28T23:09:00Z", "--end", "2018-11-28T23:10", "--format", "jsonl"
    )
    assert code == 0, err
    names = {json.loads(line)["event_name"] for line in out.splitlines()}
    assert "ListBuckets" in names
    times = [json.loads(line)["event_time"] for line in out.splitlines()]
    assert all(t.startswith("2018-11-28T23:09") for t in times)


def test_ip_ranges_and_asn_table_options_are_used(tmp_path: Path) -> None:
    ranges = tmp_path / "ip-ranges.json"
    ranges.write_text(
        json.dumps(
            {
                "syncToken": "1",
                "createDate": "2018-11-27-02-33-25",
                "prefixes": [
                    {"ip_prefix": "104.102.221.0/24", "region": "us-east-1", "service": "AMAZON"}
                ],
                "ipv6_prefixes": [],
            }
        )
    )
    asn = tmp_path / "asn.csv"
    asn.write_text("104.102.0.0,104.102.255.255,64500,Example Net\n")
    code, out, err = _run(
        FLAWS2, "--ip-ranges", str(ranges), "--asn-table", str(asn), "--format", "jsonl"
    )
    assert code == 0, err
    attacker = [
        json.loads(line)
        for line in out.splitlines()
        if json.loads(line)["source_ip_address"] == "104.102.221.250"
    ]
    assert {r["source_kind"] for r in attacker} == {"aws"}
    assert {r["asn"] for r in attacker} == {64500}


def test_mmdb_option_must_point_at_a_file() -> None:
    code, _, err = _run(FLAWS2, "--mmdb-asn", "/nonexistent/GeoLite2-ASN.mmdb")
    assert code == 2
    assert "does not exist" in err


def test_corrupt_mmdb_is_one_readable_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.mmdb"
    bad.write_bytes(b"not a maxmind database")
    code, _, err = _run(FLAWS2, "--mmdb-city", str(bad))
    assert code == 1
    assert err.startswith("ueba: ")
    assert str(bad) in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ((), "either CloudTrail SOURCE paths or --lake"),
        ((FLAWS2, "--lake", "lake/"), "either CloudTrail SOURCE paths or --lake"),
        ((FLAWS2, "--format", "parquet"), "--out FILE.parquet"),
        ((FLAWS2, "--out", "enriched.csv"), "name it .parquet or .jsonl"),
        ((FLAWS2, "--start", "yesterday"), "not a date or time"),
    ],
)
def test_usage_errors_say_what_to_do(args: tuple[str, ...], needle: str) -> None:
    code, _, err = _run(*args)
    assert code == 2
    assert needle in err


def test_lake_input_with_a_time_window(tmp_path: Path) -> None:
    from ueba.io.lake import ingest

    lake = tmp_path / "lake"
    ingest([FLAWS2, str(SAMPLES / "otrf")], lake, workers=1)
    out = tmp_path / "window.parquet"
    code, _, err = _run(
        "--lake",
        str(lake),
        "--start",
        "2018-11-28T23:00:00Z",
        "--end",
        "2018-11-29",
        "--out",
        str(out),
    )
    assert code == 0, err
    frame = pl.read_parquet(out)
    assert dict(frame.schema) == dict(ENRICHED)
    assert frame["event_time"].min() >= datetime(2018, 11, 28, 23, tzinfo=UTC)  # type: ignore[operator]
    level1 = frame.filter(pl.col("access_key_id") == "ASIAZQNB3KHGIGYQXVVG")
    assert set(level1["workload_kind"]) == {"lambda"}
    everything = tmp_path / "all.parquet"
    assert _run("--lake", str(lake), "--out", str(everything), "-q")[0] == 0
    assert pl.read_parquet(everything).height == 37 + 103


def test_unreadable_input_is_left_out_and_the_exit_code_says_partial(tmp_path: Path) -> None:
    import shutil

    trail = tmp_path / "trail"
    shutil.copytree(SAMPLES / "flaws2", trail)
    (trail / "broken.json.gz").write_bytes(b"\x1f\x8b\x08\x00truncated")
    out = tmp_path / "enriched.parquet"
    code, _, err = _run(str(trail), "--out", str(out))
    assert code == 3, err
    assert "left out" in err
    assert pl.read_parquet(out).height == 37


def test_maxmind_databases_are_used_and_recorded(tmp_path: Path) -> None:
    geo = Path(__file__).resolve().parents[1] / "data" / "geo"
    out = tmp_path / "enriched.parquet"
    code, _, err = _run(
        FLAWS2,
        "--mmdb-asn", str(geo / "GeoLite2-ASN-Test.mmdb"),
        "--mmdb-city", str(geo / "GeoIP2-City-Test.mmdb"),
        "--ip-ranges", str(geo / "ip-ranges_2018-11-27-02-33-25.json"),
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    metadata = pl.read_parquet_metadata(out)
    assert metadata["ueba.ip_ranges.sync_token"] == "1543286005"
    versions = json.loads(metadata["ueba.mmdb"])
    assert set(versions) >= {"asn_db", "city_db"}
    assert pl.read_parquet(out).height == 37


def test_lake_window_binds_keys_minted_just_before_it(tmp_path: Path) -> None:
    from ueba.io.lake import ingest

    lake = tmp_path / "lake"
    ingest([FLAWS2], lake, workers=1)
    window = ("--lake", str(lake), "--start", "2018-11-28T23:04:00Z", "--format", "jsonl", "-q")

    code, out, err = _run(*window)
    assert code == 0, err
    level1 = [
        r for r in map(json.loads, out.splitlines()) if r["access_key_id"] == "ASIAZQNB3KHGIGYQXVVG"
    ]
    assert level1, "the attacker's level1 calls are in the window"
    assert {r["key_issuer_event_id"] for r in level1} == {"e16db4aa-60e9-4a4b-a907-ccb4fbcd0227"}
    assert {r["workload_kind"] for r in level1} == {"lambda"}
    assert all(r["event_time"] >= "2018-11-28T23:04" for r in map(json.loads, out.splitlines()))

    code, out, err = _run(*window, "--key-lookback", "0")
    assert code == 0, err
    level1 = [
        r for r in map(json.loads, out.splitlines()) if r["access_key_id"] == "ASIAZQNB3KHGIGYQXVVG"
    ]
    assert {r["key_issuer_event_id"] for r in level1} == {None}
