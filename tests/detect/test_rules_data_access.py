"""data_access (twentieth session, branch tune33, tuning on heldout32's A6, heldout33's A11 and
heldout29's A4): a mature person's bulk reads of a bucket the account knows and they never
read, after a silence or far above their own volume, are medium; a person's write into a bucket
only workloads write is medium from a new network or client and low from their usual ones. A
new bucket, a few reads, the person's usual buckets, a bucket people write, a machine, or a
baseline that has not learnt buckets for its whole window are not hits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import polars as pl

from ueba.detect.rules import DataAccess

ACCOUNT = "653711331788"
ROLE = "AWSReservedSSO_FreelancerArtist_8b2e6d0c4a7f1e93"
ME = f"arn:aws:iam::{ACCOUNT}:role/{ROLE}"
PIPELINE = f"arn:aws:iam::{ACCOUNT}:role/firmware-publisher"
HOME = {"source_ip_address": "70.52.14.9", "source_kind": "public", "network_key": "asn:577"}
PROXY = {"source_ip_address": "81.2.14.9", "source_kind": "public", "network_key": "asn:3301"}
HISTORY = [
    ("principal", ME, "s3_read", "plates"),
    ("principal", ME, "s3_write", "frames"),
    ("principal", ME, "network_key", "asn:577"),
    ("principal", ME, "ua_family", "aws-cli"),
    ("account", ACCOUNT, "s3_read", "plates"),
    ("account", ACCOUNT, "s3_write", "frames"),
    ("account", ACCOUNT, "s3_person_write", "frames"),
    ("account", ACCOUNT, "s3_write", "releases"),
    ("principal", PIPELINE, "s3_write", "releases"),
]


def _calls(fx: Any, api: str, bucket: str, n: int, kind: str = "sso_user", **where: Any) -> list:
    me = fx.role(ROLE, "arjun.mehta", "ASIAFREELANCER00001", kind, "arjun.mehta")
    return [
        me
        | (where or HOME)
        | fx.MAC_CLI
        | {
            "event_time": fx.T0 + dt.timedelta(seconds=10 * k),
            "event_source": "s3.amazonaws.com",
            "event_name": api,
            "request_parameters": json.dumps({"bucketName": bucket, "key": f"f.{k}.exr"}),
        }
        for k in range(n)
    ]


def _view(fx: Any, history: list = HISTORY, *, days: int = 20, **kw: Any) -> Any:
    # fx.view: every row seen on `days` days up to the day before, 50 times in all
    return fx.view(history, mature=[ME], mature_accounts=[ACCOUNT], days=days, **kw)


def _hits(fx: Any, rows: list, view: Any, signal: str) -> pl.DataFrame:
    hits = DataAccess().evaluate(fx.day(rows), view).collect()
    return hits.filter(pl.col("signal") == signal)


def test_bulk_reads_of_a_bucket_only_written_far_above_the_persons_volume_are_medium(
    fx: Any,
) -> None:
    # 50 reads over 20 days is 2.5 a day: 60 reads of the frames bucket is 24 times that
    hits = _hits(fx, _calls(fx, "GetObject", "frames", 60), _view(fx), "unread_bucket_bulk")
    assert hits.height == 60 and set(hits["severity"]) == {"medium"}
    assert "60 reads today of bucket frames" in hits["reason"][0]
    assert "24 times the objects it reads on a day" in hits["reason"][0]


def test_after_a_silence_the_reads_are_medium_even_at_the_persons_volume(fx: Any) -> None:
    # 5,000 reads over 20 days is 250 a day: 60 is not ten times that, but the person was away
    rows = _calls(fx, "GetObject", "frames", 60)
    view = _view(fx)
    busy = dataclasses.replace(view, profile=view.profile.with_columns(pl.lit(5000).alias("count")))
    assert _hits(fx, rows, busy, "unread_bucket_bulk").is_empty()
    silent = dataclasses.replace(
        busy,
        maturity=busy.maturity.with_columns(
            pl.lit(fx.T0 - dt.timedelta(days=9)).alias("last_seen")
        ),
    )
    hits = _hits(fx, rows, silent, "unread_bucket_bulk")
    assert hits.height == 60 and "after 9 days without a call" in hits["reason"][0]


def test_few_reads_the_usual_bucket_a_new_bucket_a_machine_or_partial_buckets_are_not(
    fx: Any,
) -> None:
    view = _view(fx)
    assert _hits(fx, _calls(fx, "GetObject", "frames", 39), view, "unread_bucket_bulk").is_empty()
    assert _hits(fx, _calls(fx, "GetObject", "plates", 80), view, "unread_bucket_bulk").is_empty()
    fresh = _calls(fx, "GetObject", "new-show", 80)
    assert _hits(fx, fresh, view, "unread_bucket_bulk").is_empty()
    machine = _calls(fx, "GetObject", "frames", 80, kind="ec2")
    assert _hits(fx, machine, view, "unread_bucket_bulk").is_empty()
    refused = [r | {"error_code": "AccessDenied"} for r in _calls(fx, "GetObject", "frames", 80)]
    assert _hits(fx, refused, view, "unread_bucket_bulk").is_empty()
    partial = dataclasses.replace(view, buckets=False)
    assert (
        DataAccess()
        .evaluate(fx.day(_calls(fx, "GetObject", "frames", 80)), partial)
        .collect()
        .is_empty()
    )


def test_a_persons_write_where_only_workloads_write_is_medium_from_a_new_network(fx: Any) -> None:
    view = _view(fx)
    away = _hits(fx, _calls(fx, "PutObject", "releases", 1, **PROXY), view, "workload_bucket_write")
    assert away.height == 1 and away["severity"][0] == "medium"
    assert "bucket releases, which only workloads and pipelines write" in away["reason"][0]
    home = _hits(fx, _calls(fx, "PutObject", "releases", 1), view, "workload_bucket_write")
    assert home.height == 1 and home["severity"][0] == "low"


def test_a_bucket_people_write_a_new_bucket_or_a_workloads_write_are_not(fx: Any) -> None:
    view = _view(fx)
    for bucket in ("frames", "new-show"):
        rows = _calls(fx, "PutObject", bucket, 1, **PROXY)
        assert _hits(fx, rows, view, "workload_bucket_write").is_empty()
    machine = _calls(fx, "PutObject", "releases", 1, kind="ec2", **PROXY)
    assert _hits(fx, machine, view, "workload_bucket_write").is_empty()


def test_a_seasoned_persons_bulk_reads_are_judged_on_their_own_record(fx: Any) -> None:
    # a contractor's key used four days over weeks is learning, yet its reads are its record:
    # the hits have basis self, so the scorer does not silence them; one day of use is not that
    rows = _calls(fx, "GetObject", "frames", 60)
    view = _view(fx, days=4)  # a person and an account seen on four days
    person = pl.col("scope") == "principal"
    sparse = dataclasses.replace(
        view,
        maturity=view.maturity.with_columns(
            pl.when(person).then(pl.lit("learning")).otherwise(pl.lit("mature")).alias("maturity"),
            pl.lit(20).alias("age_days"),
            pl.lit(fx.T0 - dt.timedelta(days=8)).alias("last_seen"),  # off-boarded a week ago
        ),
    )
    assert sparse.mature("principal").filter("mature").collect().is_empty()
    hits = _hits(fx, rows, sparse, "unread_bucket_bulk")
    assert hits.height == 60 and set(hits["basis"]) == {"self"}
    young = dataclasses.replace(
        sparse, maturity=sparse.maturity.with_columns(pl.lit(5).alias("age_days"))
    )
    assert _hits(fx, rows, young, "unread_bucket_bulk").is_empty()
