"""``ueba feeds update``: validate, record syncToken/createDate, install atomically."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ueba.cli import main
from ueba.enrichment.aws_ranges import AwsIpRanges
from ueba.enrichment.geo import AsnTable

DATA = Path(__file__).resolve().parents[1] / "data" / "geo"
BUNDLED = Path(__file__).resolve().parents[2] / "ueba" / "data" / "ip-ranges.json"


@pytest.fixture
def previous_snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "fetched" / "ip-ranges-previous.json"
    path.parent.mkdir()
    path.write_bytes(gzip.decompress((DATA / "ip-ranges_2026-08-22-11-57-05.json.gz").read_bytes()))
    return path


def _update(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["feeds", "update", *args])
    return result.exit_code, result.output


def test_update_from_previous_to_newest_adds_one_prefix(
    tmp_path: Path, previous_snapshot: Path
) -> None:
    dest = tmp_path / "feeds"
    code, _ = _update("--ip-ranges", str(previous_snapshot), "--dest", str(dest))
    assert code == 0
    code, output = _update("--ip-ranges", str(BUNDLED), "--dest", str(dest))
    assert code == 0, output
    assert "1787399825 -> 1787411825" in output
    assert "1 added, 0 removed" in output
    assert "+ 1.178.86.0/24" in output
    manifest = json.loads((dest / "feeds.json").read_text())["ip_ranges"]
    assert manifest["sync_token"] == "1787411825"
    assert manifest["create_date"] == "2026-08-22-15-17-05"
    installed = AwsIpRanges.installed(dest)
    assert installed.sync_token == "1787411825"
    assert (dest / "ip-ranges.json").read_bytes() == BUNDLED.read_bytes()
    assert not list(dest.glob(".*.tmp"))


def test_malformed_file_installs_nothing(tmp_path: Path, previous_snapshot: Path) -> None:
    dest = tmp_path / "feeds"
    _update("--ip-ranges", str(previous_snapshot), "--dest", str(dest))
    before = (dest / "ip-ranges.json").read_bytes()
    broken = tmp_path / "ip-ranges.json"
    broken.write_text(
        '{"syncToken": "9999999999", "createDate": "x", "prefixes": [{"ip_prefix": 1}]}'
    )
    code, output = _update("--ip-ranges", str(broken), "--dest", str(dest))
    assert code == 1
    assert str(broken) in output
    assert "ueba feeds update" in output  # the fix
    assert (dest / "ip-ranges.json").read_bytes() == before
    assert json.loads((dest / "feeds.json").read_text())["ip_ranges"]["sync_token"] == "1787399825"


def test_older_snapshot_is_refused_unless_forced(tmp_path: Path) -> None:
    dest = tmp_path / "feeds"
    old = DATA / "ip-ranges_2018-11-27-02-33-25.json"
    assert _update("--ip-ranges", str(BUNDLED), "--dest", str(dest))[0] == 0
    code, output = _update("--ip-ranges", str(old), "--dest", str(dest))
    assert code == 1
    assert "older than the installed 1787411825" in output
    assert AwsIpRanges.installed(dest).sync_token == "1787411825"
    code, _ = _update("--ip-ranges", str(old), "--dest", str(dest), "--force")
    assert code == 0
    assert AwsIpRanges.installed(dest).sync_token == "1543286005"


def test_asn_table_is_validated_and_installed_as_parquet(tmp_path: Path) -> None:
    dest = tmp_path / "feeds"
    code, output = _update("--asn-table", str(DATA / "asn-ipv4-subset.csv"), "--dest", str(dest))
    assert code == 0, output
    assert "12 ranges installed as asn-table.parquet" in output
    table = AsnTable.installed(dest)
    assert table is not None
    assert table.lookup_ips(["104.102.221.250"])["asn"].to_list() == [20940]
    assert json.loads((dest / "feeds.json").read_text())["asn_table"]["rows"] == 12


def test_bad_asn_table_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "asn.csv"
    bad.write_text("1.0.0.0,1.0.0.999,13335,Cloudflare\n")
    code, output = _update("--asn-table", str(bad), "--dest", str(tmp_path / "feeds"))
    assert code == 1
    assert "no valid address range" in output
    assert AsnTable.installed(tmp_path / "feeds") is None


def test_update_needs_a_file() -> None:
    code, output = _update()
    assert code == 2
    assert "--ip-ranges" in output


def test_nothing_installed_falls_back_to_the_bundled_snapshot(tmp_path: Path) -> None:
    assert AwsIpRanges.installed(tmp_path).sync_token == AwsIpRanges.bundled().sync_token


def test_feed_directory_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UEBA_FEEDS_DIR", str(tmp_path / "env-feeds"))
    code, output = _update("--ip-ranges", str(DATA / "ip-ranges_2018-11-27-02-33-25.json"))
    assert code == 0, output
    assert (tmp_path / "env-feeds" / "ip-ranges.json").is_file()
    assert AwsIpRanges.installed().sync_token == "1543286005"


def test_show_reports_installed_feeds_or_the_bundled_snapshot(tmp_path: Path) -> None:
    dest = tmp_path / "feeds"
    result = CliRunner().invoke(main, ["feeds", "show", "--dest", str(dest), "--json"])
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert status["ip_ranges"]["origin"] == "bundled"
    assert "asn_table" not in status
    _update(
        "--ip-ranges",
        str(DATA / "ip-ranges_2018-11-27-02-33-25.json"),
        "--asn-table",
        str(DATA / "asn-ipv4-subset.csv"),
        "--dest",
        str(dest),
    )
    result = CliRunner().invoke(main, ["feeds", "show", "--dest", str(dest)])
    assert result.exit_code == 0, result.output
    assert "syncToken 1543286005  created 2018-11-27-02-33-25  (installed)" in result.output
    assert "asn-table  12 ranges" in result.output
