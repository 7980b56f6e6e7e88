"""The stream's state: survives restarts, retries and crashes; reports what changed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.stream.conftest import SAMPLES, eventbridge, sample_records
from ueba.enrichment import default_feeds
from ueba.exceptions import ConfigError, ModelError
from ueba.stream import Stream, _store
from ueba.stream._store import COMPACT_AT, MANIFEST, StateStore

FLAWS2_KEYS = ["ASIAZQNB3KHGIGYQXVVG", "ASIAZQNB3KHGNXWXBSJS"]


@pytest.fixture(scope="module")
def feeds() -> dict[str, Any]:
    """The default feeds (the bundled ones here), read once for the module: a Stream reads them
    at its first batch when its ``enrich_options`` has none (~0.3 CPU s), and the restart tests
    start a new Stream for nearly every batch. The tests that take a Stream as a user starts one
    (the redelivered batch, bad input, no model, an unreadable state) keep the default."""
    return dict(zip(("ip_ranges", "asn_table"), default_feeds(), strict=True))


def _in_time_order() -> list[dict]:  # type: ignore[type-arg]
    return sorted(sample_records(SAMPLES / "flaws2"), key=lambda r: (r["eventTime"], r["eventID"]))


def test_key_bound_in_an_earlier_batch_stays_high_across_restarts(
    model_dir: Path, feeds: dict[str, Any]
) -> None:
    # issue 10: in 10-event micro-batches the ECS key dropped from high to low because the
    # AssumeRole that bound it came in an earlier batch; here every batch is a new process
    records = _in_time_order()
    for start in range(0, len(records), 10):
        Stream(model_dir, enrich_options=feeds).process(eventbridge(records[start : start + 10]))
    findings = Stream(model_dir).findings()
    assert sorted(findings["access_key_id"]) == FLAWS2_KEYS  # one finding per key, one ID
    assert set(findings["severity"]) <= {"high", "critical"}
    assert findings["workload_kind"].to_list() != [None, None]


def test_redelivered_batch_changes_nothing(model_dir: Path) -> None:
    stream = Stream(model_dir)
    batch = eventbridge(_in_time_order())
    first = stream.process(batch)
    assert first.height == 2 and set(first["activity"]) == {"create"}
    again = stream.process(batch)
    assert again.height == 0
    assert stream.findings().equals(Stream(model_dir).findings())


def test_growing_finding_is_an_update_with_the_same_id(
    model_dir: Path, feeds: dict[str, Any]
) -> None:
    records = _in_time_order()
    stream = Stream(model_dir, enrich_options=feeds)
    last_of_key = max(
        i
        for i, r in enumerate(records)
        if r.get("userIdentity", {}).get("accessKeyId") == FLAWS2_KEYS[0]
    )
    stream.process(eventbridge(records[:last_of_key] + records[last_of_key + 1 :]))
    before = stream.findings().filter(pl.col("access_key_id") == FLAWS2_KEYS[0])
    change = stream.process(eventbridge([records[last_of_key]]))
    after = stream.findings().filter(pl.col("access_key_id") == FLAWS2_KEYS[0])
    assert after["event_count"][0] == before["event_count"][0] + 1
    assert after["finding_id"][0] == before["finding_id"][0]
    assert change["activity"].to_list() == ["update"]
    assert change["finding_id"].to_list() == after["finding_id"].to_list()


def test_crash_before_commit_leaves_the_previous_state(
    model_dir: Path, feeds: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _in_time_order()
    Stream(model_dir, enrich_options=feeds).process(eventbridge(records[:20]))
    committed = Stream(model_dir).findings()

    def crash(self: StateStore) -> None:
        raise KeyboardInterrupt  # the process dies with the batch's files written

    with monkeypatch.context() as patch:
        patch.setattr(StateStore, "commit", crash)
        with pytest.raises(KeyboardInterrupt):
            Stream(model_dir, enrich_options=feeds).process(eventbridge(records[20:]))
    assert Stream(model_dir).findings().equals(committed)
    retried = Stream(model_dir, enrich_options=feeds)
    retried.process(eventbridge(records[20:]))
    whole = model_dir / "whole"
    Stream(model_dir, enrich_options=feeds, state_dir=whole).process(eventbridge(records))
    assert retried.findings().equals(Stream(model_dir, state_dir=whole).findings())
    state = model_dir / "stream"
    manifest = json.loads((state / MANIFEST).read_text())
    named = {state / f for files in manifest["days"].values() for f in files}
    assert set(state.glob("events/day=*/*.parquet")) == named  # the crash's files are gone


def test_bad_input_is_quarantined_not_raised(model_dir: Path) -> None:
    stream = Stream(model_dir)
    out = stream.process([b"\x1f\x8b not gzip", b"{not json", {"detail": {"eventTime": "x"}}])
    assert out.height == 0
    assert stream.errors_.height >= 2
    assert set(stream.errors_["source_file"]) <= {"stream:item-0", "stream:item-1", "stream:item-2"}
    assert list((model_dir / "stream" / "quarantine").glob("part-*.parquet"))


def test_old_days_keep_only_their_minting_calls(model_dir: Path, feeds: dict[str, Any]) -> None:
    records = _in_time_order()
    stream = Stream(model_dir, enrich_options=feeds, keep_days=1)
    stream.process(eventbridge(records))
    later = [
        dict(r, eventTime="2018-11-30T10:00:00Z", eventID=f"late-{i}")
        for i, r in enumerate(records[:3])
    ]
    stream.process(eventbridge(later))
    store = StateStore.open(model_dir / "stream", keep_days=1)
    assert sorted(store.days) == ["2018-11-29", "2018-11-30"] or sorted(store.days) == [
        "2018-11-30"
    ]
    assert "2018-11-28" not in store.days
    assert set(store.findings_["day"].dt.to_string()) <= {"2018-11-30"}


def test_minting_context_of_the_previous_day_is_kept(
    model_dir: Path, feeds: dict[str, Any]
) -> None:
    records = _in_time_order()
    next_day = [
        dict(r, eventTime="2018-11-29T00:10:00Z", eventID=f"n-{i}")
        for i, r in enumerate(records[-2:])
    ]
    stream = Stream(model_dir, enrich_options=feeds, keep_days=1)
    stream.process(eventbridge(records))
    stream.process(eventbridge(next_day))
    store = StateStore.open(model_dir / "stream", keep_days=1)
    context = store.events(dt.date(2018, 11, 28)).collect()
    assert context.height and set(context["event_name"]) <= {"AssumeRole", "GetSessionToken"}


def test_a_stream_without_model_needs_a_state_dir(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="state_dir"):
        Stream(None).process(b"[]")
    stream = Stream(None, state_dir=tmp_path / "s")
    assert stream.process(eventbridge(_in_time_order())).height >= 1


def test_unreadable_state_is_an_error_naming_the_file(model_dir: Path) -> None:
    (model_dir / "stream").mkdir()
    (model_dir / "stream" / MANIFEST).write_text("{broken")
    with pytest.raises(ModelError, match=r"manifest\.json"):
        Stream(model_dir).process(b"[]")


def test_many_small_batches_are_compacted_without_changing_findings(
    model_dir: Path, feeds: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _in_time_order()
    # the threshold lowered from COMPACT_AT (16) to 4: the merge is the same code whatever the
    # count, and each batch rescoring the day is the cost (19 batches of two events before; one
    # event a batch, 37 rescorings, showed nothing more at twice the time). Seven events a
    # batch: 6 batch files of one day without compaction, more than the threshold.
    assert COMPACT_AT > 4
    monkeypatch.setattr(_store, "COMPACT_AT", 4)
    batches = [records[i : i + 7] for i in range(0, len(records), 7)]
    assert len(batches) > _store.COMPACT_AT
    stream = Stream(model_dir, enrich_options=feeds)
    for batch in batches:
        stream.process(eventbridge(batch))
    files = list((model_dir / "stream").glob("events/day=*/*.parquet"))
    assert 1 <= len(files) < _store.COMPACT_AT
    whole = Stream(model_dir, enrich_options=feeds, state_dir=model_dir / "whole")
    whole.process(eventbridge(records))
    assert stream.findings().equals(whole.findings())
