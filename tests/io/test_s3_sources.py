"""``s3://bucket/prefix`` sources, against a moto S3 server on loopback (see tests/conftest.py)."""

from __future__ import annotations

import gzip
import json
import time
import uuid
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from benchmarks.corpus import iter_corpus_files
from ueba.exceptions import InputError
from ueba.io.lake import ingest
from ueba.io.sources import list_sources

boto3 = pytest.importorskip("boto3", reason="boto3 is a dev dependency")


@pytest.fixture
def s3(moto_endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(s3: Any) -> str:
    name = f"trail-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture(scope="module")
def corpus_files() -> dict[str, bytes]:
    """A few gzipped delivery files in the AWSLogs layout, keyed by S3 key."""
    return {
        key: gzip.compress(data) for key, data in iter_corpus_files(target_bytes=1_500_000, seed=4)
    }


def _upload(s3: Any, bucket: str, files: dict[str, bytes]) -> None:
    for key, body in files.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body)


def test_lists_and_reads_every_object_under_an_awslogs_prefix(
    s3: Any, bucket: str, moto_endpoint: str, corpus_files: dict[str, bytes]
) -> None:
    _upload(s3, bucket, corpus_files)
    s3.put_object(Bucket=bucket, Key="elsewhere/notes.txt", Body=b"not under the prefix")
    listed = list_sources([f"s3://{bucket}/AWSLogs/"], s3_endpoint=moto_endpoint)
    assert [item.path for item in listed] == sorted(f"s3://{bucket}/{key}" for key in corpus_files)
    for item in listed:
        body = corpus_files[item.path.split("/", 3)[3]]
        assert item.size == len(body)
        assert item.read_bytes() == body
        assert item.refused is None


def test_bucket_root_prefix_and_single_object_urls_agree(
    s3: Any, bucket: str, moto_endpoint: str, corpus_files: dict[str, bytes]
) -> None:
    _upload(s3, bucket, corpus_files)
    every = {f"s3://{bucket}/{key}" for key in corpus_files}
    for url in (f"s3://{bucket}", f"s3://{bucket}/", f"s3://{bucket}/AWSLogs"):
        assert {item.path for item in list_sources([url], s3_endpoint=moto_endpoint)} == every
    one = sorted(every)[0]
    assert [item.path for item in list_sources([one], s3_endpoint=moto_endpoint)] == [one]
    # the same object named twice is listed once
    assert len(list_sources([one, f"s3://{bucket}/AWSLogs/"], s3_endpoint=moto_endpoint)) == len(
        every
    )


def test_a_key_with_dot_dot_is_listed_but_refused_with_a_reason(
    s3: Any, bucket: str, moto_endpoint: str
) -> None:
    s3.put_object(Bucket=bucket, Key="AWSLogs/111122223333/../evil.json", Body=b'{"Records":[]}')
    s3.put_object(Bucket=bucket, Key="AWSLogs/111122223333/good.json", Body=b'{"Records":[]}')
    listed = {
        item.path: item
        for item in list_sources([f"s3://{bucket}/AWSLogs/"], s3_endpoint=moto_endpoint)
    }
    assert set(listed) == {
        f"s3://{bucket}/AWSLogs/111122223333/../evil.json",
        f"s3://{bucket}/AWSLogs/111122223333/good.json",
    }
    refused = listed[f"s3://{bucket}/AWSLogs/111122223333/../evil.json"].refused
    assert refused is not None and "'..'" in refused
    assert listed[f"s3://{bucket}/AWSLogs/111122223333/good.json"].refused is None


def test_a_prefix_with_dot_dot_is_an_error(bucket: str, moto_endpoint: str) -> None:
    with pytest.raises(InputError, match=r"may not contain '\.\.'"):
        list_sources([f"s3://{bucket}/AWSLogs/../other/"], s3_endpoint=moto_endpoint)


def test_hidden_and_underscore_keys_below_the_prefix_are_skipped(
    s3: Any, bucket: str, moto_endpoint: str
) -> None:
    for key in (
        "data/_lake/events/part-0.parquet",
        "data/.staging/x.json",
        "data/.x.json.tmp",
        "data/_SUCCESS",
        "data/AWSLogs/1/keep.json",
    ):
        s3.put_object(Bucket=bucket, Key=key, Body=b"{}")
    listed = list_sources([f"s3://{bucket}/data/"], s3_endpoint=moto_endpoint)
    assert [item.path for item in listed] == [f"s3://{bucket}/data/AWSLogs/1/keep.json"]
    # a prefix the user names may itself start with an underscore
    s3.put_object(Bucket=bucket, Key="_archive/AWSLogs/1/old.json", Body=b"{}")
    listed = list_sources([f"s3://{bucket}/_archive/"], s3_endpoint=moto_endpoint)
    assert [item.path for item in listed] == [f"s3://{bucket}/_archive/AWSLogs/1/old.json"]


def test_an_overwritten_object_gets_a_new_version(s3: Any, bucket: str, moto_endpoint: str) -> None:
    key = "AWSLogs/1/CloudTrail/us-east-1/2024/07/01/f.json"
    s3.put_object(Bucket=bucket, Key=key, Body=b'{"Records":[1]}')
    (before,) = list_sources([f"s3://{bucket}/{key}"], s3_endpoint=moto_endpoint)
    assert (before,) == tuple(list_sources([f"s3://{bucket}/{key}"], s3_endpoint=moto_endpoint))
    time.sleep(1.1)  # S3's Last-Modified has one-second resolution
    s3.put_object(Bucket=bucket, Key=key, Body=b'{"Records":[2]}')
    (after,) = list_sources([f"s3://{bucket}/{key}"], s3_endpoint=moto_endpoint)
    assert after.size == before.size and after.version != before.version
    assert after.read_bytes() == b'{"Records":[2]}'


def test_the_endpoint_can_come_from_the_environment(
    s3: Any, bucket: str, moto_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    s3.put_object(Bucket=bucket, Key="AWSLogs/1/a.json", Body=b"{}")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", moto_endpoint)
    assert [item.path for item in list_sources([f"s3://{bucket}/AWSLogs/"])] == [
        f"s3://{bucket}/AWSLogs/1/a.json"
    ]


def test_an_empty_prefix_or_missing_bucket_error_reads_like_a_sentence(
    bucket: str, moto_endpoint: str
) -> None:
    for url in (f"s3://{bucket}/AWSLogs/", f"s3://no-such-bucket-{uuid.uuid4().hex[:8]}/AWSLogs/"):
        with pytest.raises(InputError) as caught:
            list_sources([url], s3_endpoint=moto_endpoint)
        message = str(caught.value)
        assert message.startswith(f"{url}: matched no S3 objects.")
        assert "--s3-endpoint" in message


def test_an_unreachable_endpoint_names_the_settings_to_check(moto_endpoint: str) -> None:
    with socket_closed_port() as closed, pytest.raises(InputError) as caught:
        list_sources(["s3://trail/AWSLogs/"], s3_endpoint=f"http://127.0.0.1:{closed}")
    message = str(caught.value)
    assert message.startswith("s3://trail/AWSLogs/: the S3 objects cannot be listed")
    assert "AWS_ENDPOINT_URL_S3" in message and "AWS_REGION" in message


class socket_closed_port:
    """A loopback port that nothing listens on (bound, never listened, so connects are refused)."""

    def __enter__(self) -> int:
        import socket

        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        port: int = self._sock.getsockname()[1]
        return port

    def __exit__(self, *exc: object) -> None:
        self._sock.close()


def test_read_cloudtrail_from_s3_equals_reading_the_same_files_locally(
    s3: Any, bucket: str, moto_endpoint: str, corpus_files: dict[str, bytes], tmp_path: Path
) -> None:
    from ueba.io.cloudtrail import read_cloudtrail

    _upload(s3, bucket, corpus_files)
    for key, body in corpus_files.items():
        (tmp_path / key).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / key).write_bytes(body)
    remote = read_cloudtrail([f"s3://{bucket}/AWSLogs/"], s3_endpoint=moto_endpoint)
    local = read_cloudtrail([tmp_path / "AWSLogs"])
    assert remote.height == local.height > 0
    assert (
        remote.drop("source_file")
        .sort("event_id")
        .equals(local.drop("source_file").sort("event_id"))
    )
    assert remote["source_file"].str.starts_with(f"s3://{bucket}/AWSLogs/").all()


def test_ingest_from_s3_stores_what_the_same_files_give_locally(
    s3: Any, bucket: str, moto_endpoint: str, corpus_files: dict[str, bytes], tmp_path: Path
) -> None:
    from ueba.io.lake import ingest, scan_lake

    _upload(s3, bucket, corpus_files)
    s3.put_object(Bucket=bucket, Key="AWSLogs/111122223333/../escape.json.gz", Body=b"{}")
    for key, body in corpus_files.items():
        (tmp_path / "local" / key).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "local" / key).write_bytes(body)
    remote = ingest([f"s3://{bucket}/AWSLogs/"], tmp_path / "s3-lake", s3_endpoint=moto_endpoint)
    local = ingest([tmp_path / "local" / "AWSLogs"], tmp_path / "local-lake")
    assert remote.events == local.events > 0
    assert remote.files == local.files + 1 == len(corpus_files) + 1
    # the '..' key is quarantined with its reason, the rest is stored: exit code 3, not a crash
    assert remote.quarantined_files == 1 and remote.exit_code == 3
    quarantine = pl.concat(
        pl.read_parquet(p) for p in (tmp_path / "s3-lake" / "_quarantine").rglob("*.parquet")
    )
    assert quarantine["source_file"].to_list() == [
        f"s3://{bucket}/AWSLogs/111122223333/../escape.json.gz"
    ]
    assert "'..'" in quarantine["reason"][0]
    rows = scan_lake(tmp_path / "s3-lake").select("source_file").collect()
    assert rows.height == local.events
    assert rows["source_file"].str.starts_with(f"s3://{bucket}/AWSLogs/").all()
    # S3 objects are versioned by size and Last-Modified: a second run reads nothing again
    again = ingest([f"s3://{bucket}/AWSLogs/"], tmp_path / "s3-lake", s3_endpoint=moto_endpoint)
    assert again.events == 0 and again.files_read == 0
    assert scan_lake(tmp_path / "s3-lake").select("event_id").collect().height == local.events


def test_ingest_cli_takes_the_s3_endpoint_option(
    s3: Any, bucket: str, moto_endpoint: str, corpus_files: dict[str, bytes], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from ueba.cli import main

    _upload(s3, bucket, corpus_files)
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            f"s3://{bucket}/AWSLogs/",
            "--lake",
            str(tmp_path / "lake"),
            "--s3-endpoint",
            moto_endpoint,
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    missing = CliRunner().invoke(
        main,
        [
            "ingest",
            f"s3://{bucket}/nothing-here/",
            "--lake",
            str(tmp_path / "lake"),
            "--s3-endpoint",
            moto_endpoint,
            "--quiet",
        ],
    )
    assert missing.exit_code == 1
    assert "matched no S3 objects" in missing.output


def test_a_key_with_an_empty_segment_is_quarantined_and_the_rest_stored(
    s3: Any, bucket: str, moto_endpoint: str, tmp_path: Path
) -> None:
    record = {"eventID": "a", "eventTime": "2024-01-01T00:00:00Z", "eventName": "X"}
    s3.put_object(
        Bucket=bucket, Key="AWSLogs/ok.json", Body=json.dumps({"Records": [record]}).encode()
    )
    s3.put_object(
        Bucket=bucket,
        Key="AWSLogs//double.json",
        Body=json.dumps({"Records": [{**record, "eventID": "b"}]}).encode(),
    )
    report = ingest([f"s3://{bucket}/AWSLogs/"], tmp_path / "lake", s3_endpoint=moto_endpoint)
    assert (report.events, report.quarantined_files, report.exit_code) == (1, 1, 3)
    errors = pl.read_parquet(tmp_path / "lake" / "_quarantine" / f"errors-{report.run_id}.parquet")
    assert errors.get_column("source_file").to_list() == [f"s3://{bucket}/AWSLogs//double.json"]
    assert "'//'" in errors.get_column("reason")[0]
