"""Baseline.save / Baseline.load: Parquet + signed manifest; tampering is refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ueba.baseline import Baseline, Summaries
from ueba.baseline._store import model_dir
from ueba.exceptions import ModelError
from ueba.schema import BASELINE_FORMAT_VERSION, SCHEMA_VERSION


def same(left: pl.DataFrame, right: pl.DataFrame) -> bool:
    """Equal as sets of rows (a baseline's frames come in no particular order)."""
    return left.sort(left.columns).equals(right.sort(right.columns))


@pytest.fixture
def saved(tmp_path, history) -> Path:
    baseline = Baseline(window="30d", min_days=3).fit(
        history(5), until="2024-07-06", ip_ranges_sync_token="1787411825",
        ip_ranges_create_date="2026-08-22-15-17-05", mmdb_build_dates={"asn": "2026-06-17"},
    )  # fmt: skip
    baseline.save(tmp_path / "model")
    return tmp_path / "model"


@pytest.fixture
def files(saved) -> Path:
    """The current version's directory (manifest.json and the Parquet files)."""
    return model_dir(saved)


def test_save_then_load_gives_the_same_baseline(saved, history):
    loaded = Baseline.load(saved)
    original = Baseline(window="30d", min_days=3).fit(history(5), until="2024-07-06")
    assert loaded.get_params() == {
        "window": "30d",
        "min_days": 3,
        "cycle_days": 7,
        "cycle_active_days": 5,
        "min_events": 20,
        "session_key_days": 2,
    }
    assert loaded.window_end_ == original.window_end_
    assert loaded.window_start_ == original.window_start_
    for name in ("profile_", "maturity_", "volume_stats_"):
        assert same(getattr(loaded, name), getattr(original, name)), name


def test_the_summaries_are_decoded_only_when_read(saved, history):
    """Scoring never reads the summaries (``Baseline.update`` does): a loaded baseline holds them
    as a scan of the checked bytes, which reads the same rows each time it is collected."""
    loaded = Baseline.load(saved)
    original = Baseline(window="30d", min_days=3).fit(history(5), until="2024-07-06")
    for name in ("summary", "volume"):
        frame = getattr(loaded.summaries_, name)
        assert "Parquet SCAN" in frame.explain(), name
        expected = getattr(original.summaries_, name).collect()
        for _ in range(2):
            assert same(frame.collect(), expected), name


def test_manifest_records_versions_window_feeds_and_file_hashes(saved, files):
    manifest = json.loads((files / "manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["format_version"] == BASELINE_FORMAT_VERSION == 4
    assert manifest["ueba_version"]
    assert manifest["params"] == {
        "window": "30d",
        "window_days": 30,
        "min_days": 3,
        "cycle_days": 7,
        "cycle_active_days": 5,
        "min_events": 20,
        "session_key_days": 2,
        "buckets_since": "2024-06-06T00:00:00+00:00",
    }
    assert manifest["window_end"] == "2024-07-06T00:00:00+00:00"
    assert manifest["feeds"]["ip_ranges"] == {
        "sync_token": "1787411825",
        "create_date": "2026-08-22-15-17-05",
    }
    assert manifest["feeds"]["mmdb_build_dates"] == {"asn": "2026-06-17"}
    assert sorted(manifest["files"]) == sorted(p.name for p in files.glob("*.parquet"))
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert len(manifest["hmac"]) == 64


def test_only_parquet_and_json_are_written_no_pickle(saved, files):
    assert {p.suffix for p in files.iterdir()} == {".parquet", ".json"}
    assert sorted(p.name for p in saved.iterdir()) == ["CURRENT", files.name]


def test_a_loaded_baseline_can_be_updated_and_saved_again(saved, history, tmp_path):
    loaded = Baseline.load(saved).update(history(1, start=dt.date(2024, 7, 6)))
    loaded.save(tmp_path / "next")
    assert (
        Baseline.load(tmp_path / "next")
        .maturity_.filter(pl.col("scope") == "principal")["days_observed"]
        .item()
        == 6
    )


def test_saving_over_an_existing_model_replaces_it_and_leaves_no_temp_dirs(saved, history):
    Baseline(window="7d").fit(history(2)).save(saved)
    assert Baseline.load(saved).get_params()["window"] == "7d"
    assert [p.name for p in saved.parent.iterdir()] == ["model"]


def test_a_tampered_parquet_file_is_refused(saved, files):
    path = files / "profile.parquet"
    frame = pl.read_parquet(path)
    frame.with_columns(pl.col("count") * 0).write_parquet(path)
    with pytest.raises(ModelError, match=r"profile\.parquet.*SHA-256.*rebuild"):
        Baseline.load(saved)


def test_a_tampered_summary_file_is_refused_at_load(saved, files):
    """The summaries are decoded only when ``update`` or ``save`` reads them, but their bytes
    are checked against the manifest at load, like every file's."""
    path = files / "summary.parquet"
    pl.read_parquet(path).with_columns(pl.col("count") * 2).write_parquet(path)
    with pytest.raises(ModelError, match=r"summary\.parquet.*SHA-256.*rebuild"):
        Baseline.load(saved)


@pytest.mark.parametrize("name", ["summary", "volume"])
def test_a_summary_file_whose_data_does_not_decode_is_refused_at_first_use(
    saved, files, history, name
):
    """A manifest re-signed over a broken file (anyone can sign with the default key) passes
    the load's checks, hash and columns (the file's footer is intact); the data pages are
    decoded at the first ``update`` or ``save``, which refuses the file with its name."""
    import hashlib

    from ueba.baseline._store import DEFAULT_MODEL_KEY, _sign

    path = files / f"{name}.parquet"
    data = bytearray(path.read_bytes())
    data[4:64] = b"\xff" * 60  # the first page header: the footer (schema) still reads
    path.write_bytes(bytes(data))
    manifest_path = files / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"][path.name]["sha256"] = hashlib.sha256(data).hexdigest()
    manifest["hmac"] = _sign(manifest, DEFAULT_MODEL_KEY)
    manifest_path.write_text(json.dumps(manifest))
    for use in (
        lambda b: b.update(history(1, start=dt.date(2024, 7, 6))),
        lambda b: b.save(files.parent / "again"),
    ):
        loaded = Baseline.load(saved)  # scoring's load: the pages are not read
        with pytest.raises(ModelError, match=rf"{name}\.parquet.*not readable Parquet.*rebuild"):
            use(loaded)


def test_a_missing_file_is_refused(saved, files):
    (files / "volume_stats.parquet").unlink()
    with pytest.raises(ModelError, match=r"volume_stats\.parquet.*missing"):
        Baseline.load(saved)


def test_an_edited_manifest_fails_the_hmac(saved, files):
    path = files / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["params"]["min_days"] = 1
    path.write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match=r"manifest\.json.*HMAC"):
        Baseline.load(saved)


def test_a_manifest_rehashed_for_a_swapped_file_still_fails_the_hmac(saved, files):
    import hashlib

    path = files / "maturity.parquet"
    pl.read_parquet(path).with_columns(pl.lit(False).alias("cold_start")).write_parquet(path)
    manifest_path = files / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["maturity.parquet"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="HMAC"):
        Baseline.load(saved)


def test_another_schema_version_is_refused_with_the_fix(saved, monkeypatch):
    import ueba.baseline._store as store

    monkeypatch.setattr(store, "SCHEMA_VERSION", "99.0")
    with pytest.raises(ModelError, match=r"schema '1\.1'.*rebuild"):
        Baseline.load(saved)


def test_a_corrupt_manifest_is_refused(saved, files):
    (files / "manifest.json").write_text("{not json")
    with pytest.raises(ModelError, match=r"manifest\.json.*not valid JSON"):
        Baseline.load(saved)


def test_a_directory_without_a_model_is_refused(tmp_path):
    with pytest.raises(ModelError, match="not a directory"):
        Baseline.load(tmp_path / "nowhere")
    with pytest.raises(ModelError, match="no manifest"):
        Baseline.load(tmp_path)


def test_a_model_signed_with_a_secret_key_needs_that_key(tmp_path, history, monkeypatch):
    Baseline().fit(history(2)).save(tmp_path / "m", key="s3cret")
    with pytest.raises(ModelError, match="UEBA_MODEL_KEY"):
        Baseline.load(tmp_path / "m")
    assert Baseline.load(tmp_path / "m", key="s3cret").is_fitted
    monkeypatch.setenv("UEBA_MODEL_KEY", "s3cret")
    assert Baseline.load(tmp_path / "m").is_fitted


def test_saving_an_unfitted_baseline_is_refused(tmp_path):
    with pytest.raises(ModelError, match="not fitted"):
        Baseline().save(tmp_path / "m")


def _resign(files: Path, edit: Any) -> None:
    """Edit the manifest as another ueba version would have written it, and sign it again."""
    from ueba.baseline._store import DEFAULT_MODEL_KEY, _sign

    path = files / "manifest.json"
    manifest = json.loads(path.read_text())
    edit(manifest)
    manifest["hmac"] = _sign(manifest, DEFAULT_MODEL_KEY)
    path.write_text(json.dumps(manifest))


def _as_format_1(files: Path, maturity: pl.DataFrame) -> None:
    """What ueba wrote before the weekly-cycle rule: format 1, no cycle_days, and the maturity
    of min_days active days alone."""
    import hashlib

    path = files / "maturity.parquet"
    maturity.write_parquet(path)

    def edit(manifest: dict[str, Any]) -> None:
        manifest["format_version"] = 1
        del manifest["params"]["cycle_days"]
        del manifest["params"]["cycle_active_days"]
        manifest["files"]["maturity.parquet"]["sha256"] = hashlib.sha256(
            path.read_bytes()
        ).hexdigest()

    _resign(files, edit)


def test_a_baseline_saved_in_format_1_loads_with_the_rule_it_was_saved_with(tmp_path, weekday):
    # format 1: maturity was min_days (7) active days alone. A weekday worker with one full week
    # was learning then; loading must not silently change what the saved maturity says.
    old = Baseline(cycle_active_days=None).fit(weekday(1), until="2024-07-08")
    assert set(old.maturity_.filter(pl.col("scope") == "principal")["maturity"]) == {"learning"}
    old.save(tmp_path / "m")
    _as_format_1(model_dir(tmp_path / "m"), old.maturity_)
    loaded = Baseline.load(tmp_path / "m")
    assert (loaded.min_days, loaded.cycle_active_days) == (7, None)
    assert same(loaded.maturity_, old.maturity_)
    # adopting the weekly cycle: set the rule, and the next update applies it
    loaded.cycle_active_days = 5
    loaded.update(weekday(1).head(0), until="2024-07-08")
    principal = loaded.maturity_.filter(pl.col("scope") == "principal")
    assert principal["maturity"].to_list() == ["mature"]


def test_a_baseline_of_a_newer_format_is_refused_with_the_fix(saved, files):
    def edit(manifest: dict[str, Any]) -> None:
        manifest["format_version"] = 5

    _resign(files, edit)
    with pytest.raises(ModelError, match=r"format 5 by a newer ueba.*reads formats up to 4") as exc:
        Baseline.load(saved)
    assert "upgrade ueba" in str(exc.value)


def test_a_baseline_saved_in_format_2_loads_without_the_workload_map_and_learns_it(tmp_path):
    # format 2 had no `workload` rows under the principal scope (the workload -> role map): the
    # saved profile loads as it was, and the next daily update adds the map for the new days
    import hashlib

    from tests.baseline.conftest import daily_history

    old = Baseline(window="30d", min_days=3).fit(daily_history(5), until="2024-07-06")
    mapped = pl.col("dimension") == "workload"
    assert old.profile_.filter(mapped).height == 1
    old.profile_ = old.profile_.filter(~mapped)
    old.summaries_ = Summaries(old.summaries_.summary.filter(~mapped), old.summaries_.volume)
    old.save(tmp_path / "m")
    files = model_dir(tmp_path / "m")

    def edit(manifest: dict[str, Any]) -> None:
        manifest["format_version"] = 2
        for name in ("profile.parquet", "summary.parquet"):
            data = (files / name).read_bytes()
            manifest["files"][name]["sha256"] = hashlib.sha256(data).hexdigest()

    _resign(files, edit)
    loaded = Baseline.load(tmp_path / "m")
    assert loaded.profile_.filter(mapped).height == 0
    loaded.update(daily_history(1, start=dt.date(2024, 7, 6)), until="2024-07-07")
    learnt = loaded.profile_.filter(mapped).select("scope", "value").rows()
    assert learnt == [("principal", "ec2:i-0abc")]
