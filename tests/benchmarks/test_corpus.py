"""The seeded benchmark corpus: deterministic, valid CloudTrail, followable identity chains."""

from __future__ import annotations

import gzip
import ipaddress
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import (
    CorpusInfo,
    iter_corpus_files,
    iter_corpus_records,
    write_s3_layout_corpus,
)

TARGET = 2_500_000
KEY_RE = re.compile(
    r"AWSLogs/(?P<acct>\d{12})/CloudTrail/(?P<region>[a-z]{2}-[a-z]+-\d)/(?P<y>\d{4})/(?P<m>\d\d)/"
    r"(?P<d>\d\d)/(?P=acct)_CloudTrail_(?P=region)_(?P=y)(?P=m)(?P=d)T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz"
)
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def corpus(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[CorpusInfo, dict[str, list[dict[str, Any]]]]:
    root = tmp_path_factory.mktemp("corpus")
    info = write_s3_layout_corpus(root, target_bytes=TARGET, seed=7)
    files = {
        str(path.relative_to(root)): json.loads(gzip.decompress(path.read_bytes()))["Records"]
        for path in sorted(root.rglob("*.json.gz"))
    }
    return info, files


def _records(files: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [record for records in files.values() for record in records]


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = write_s3_layout_corpus(tmp_path / "a", target_bytes=600_000, seed=3)
    second = write_s3_layout_corpus(tmp_path / "b", target_bytes=600_000, seed=3)
    a = {p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*.gz")}
    b = {p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*.gz")}
    assert a == b
    assert (first.files, first.events, first.gzipped_bytes) == (
        second.files,
        second.events,
        second.gzipped_bytes,
    )


def test_another_seed_gives_other_events() -> None:
    one = [r["eventID"] for r in iter_corpus_records(target_bytes=300_000, seed=1)]
    two = [r["eventID"] for r in iter_corpus_records(target_bytes=300_000, seed=2)]
    assert not set(one) & set(two)


def test_size_is_near_the_target_and_the_counts_are_what_was_written(corpus: Any) -> None:
    info, files = corpus
    assert 0.9 * TARGET <= info.uncompressed_bytes <= 1.1 * TARGET
    assert info.files == len(files)
    assert info.events == sum(len(records) for records in files.values())
    assert info.gzipped_bytes == sum(p.stat().st_size for p in info.root.rglob("*.json.gz"))
    assert not list(info.root.rglob(".*")), "no temporary file is left behind"
    # the benchmark density: about 1.7 KB per event, files of a few hundred events
    assert 1_400 <= info.uncompressed_bytes / info.events <= 2_000
    assert max(len(records) for records in files.values()) <= 800


def test_files_follow_the_s3_delivery_layout(corpus: Any) -> None:
    info, files = corpus
    for key, records in files.items():
        match = KEY_RE.fullmatch(key)
        assert match, key
        day = f"{match['y']}-{match['m']}-{match['d']}"
        for record in records:
            assert record["recipientAccountId"] == match["acct"]
            assert record["awsRegion"] == match["region"]
            assert record["eventTime"].startswith(day)
    assert {KEY_RE.fullmatch(k)["acct"] for k in files} == set(info.accounts)  # type: ignore[index]


def test_records_are_valid_cloudtrail(corpus: Any) -> None:
    info, files = corpus
    for record in _records(files):
        assert record["eventVersion"] in {"1.08", "1.09", "1.10"}
        moment = datetime.fromisoformat(record["eventTime"].replace("Z", "+00:00"))
        assert info.start <= moment < info.end
        assert record["eventSource"].endswith(".amazonaws.com")
        assert UUID_RE.match(record["eventID"])
        assert record["eventType"] in {"AwsApiCall", "AwsConsoleSignIn"}
        assert isinstance(record["readOnly"], bool) and isinstance(record["managementEvent"], bool)
        assert record["eventCategory"] == ("Management" if record["managementEvent"] else "Data")
        assert "requestParameters" in record and "responseElements" in record
        if "errorCode" in record:
            assert record["responseElements"] is None
        if "vpcEndpointId" in record:
            assert ipaddress.ip_address(record["sourceIPAddress"]).is_private
    ids = [record["eventID"] for record in _records(files)]
    assert len(ids) == len(set(ids))


def test_identities_sources_and_agents_are_varied(corpus: Any) -> None:
    _, files = corpus
    records = _records(files)
    types = Counter(record["userIdentity"]["type"] for record in records)
    assert {"IAMUser", "AssumedRole", "AWSService", "SAMLUser"} <= set(types)
    keys = {r["userIdentity"].get("accessKeyId", "") for r in records}
    assert any(k.startswith("AKIA") for k in keys) and any(k.startswith("ASIA") for k in keys)
    sessions = {
        r["userIdentity"]["arn"].rsplit("/", 1)[-1]
        for r in records
        if r["userIdentity"]["type"] == "AssumedRole"
    }
    assert any(s.startswith("i-0") for s in sessions), "EC2 instance sessions"
    assert any(s.endswith("@example.com") for s in sessions), "Identity Center sessions"
    issuers = {
        r["userIdentity"]["sessionContext"]["sessionIssuer"]["userName"]
        for r in records
        if r["userIdentity"]["type"] == "AssumedRole"
    }
    assert any(i.startswith("AWSReservedSSO_") for i in issuers)
    sources = {record["sourceIPAddress"] for record in records}
    assert {"ec2.amazonaws.com", "lambda.amazonaws.com", "AWS Internal"} <= sources
    assert len(sources) > len(records) / 20, "enough distinct addresses for a look-up benchmark"
    agents = " ".join({record["userAgent"] for record in records})
    for family in ("aws-cli/2.", "Boto3/", "aws-sdk-go", "Terraform/", "aws-sdk-java"):
        assert family in agents


def test_public_workload_addresses_are_in_aws_ranges(corpus: Any) -> None:
    _, files = corpus
    text = (Path(__file__).parents[2] / "ueba" / "data" / "ip-ranges.json").read_text()
    ec2 = [
        ipaddress.ip_network(p["ip_prefix"])
        for p in json.loads(text)["prefixes"]
        if p["service"] == "EC2"
    ]
    records = _records(files)
    addresses = {
        r["sourceIPAddress"]
        for r in records
        if ("/i-0" in r["userIdentity"].get("arn", "") or "exec-env/AWS_Lambda" in r["userAgent"])
        and "vpcEndpointId" not in r
    }
    assert len(addresses) > 50, "Lambda calls come from many EC2 addresses"
    for address in addresses:
        ip = ipaddress.ip_address(address)
        assert any(ip in net for net in ec2), address


def test_about_five_percent_of_calls_fail(corpus: Any) -> None:
    _, files = corpus
    records = _records(files)
    codes = Counter(record.get("errorCode") for record in records)
    failed = sum(n for code, n in codes.items() if code)
    assert 0.02 <= failed / len(records) <= 0.08
    assert codes["AccessDenied"] and codes["ThrottlingException"]


def test_session_keys_are_minted_by_an_earlier_assume_role(corpus: Any) -> None:
    _, files = corpus
    records = sorted(_records(files), key=lambda r: r["eventTime"])
    minted: dict[str, str] = {}
    for record in records:
        if record["eventName"] in {"AssumeRole", "AssumeRoleWithSAML"}:
            credentials = record["responseElements"]["credentials"]
            assert credentials["sessionToken"] and credentials["expiration"]
            minted[credentials["accessKeyId"]] = record["eventTime"]
    used = [r for r in records if r["userIdentity"].get("accessKeyId", "").startswith("ASIA")]
    followed = [r for r in used if r["userIdentity"]["accessKeyId"] in minted]
    for record in followed:
        key = record["userIdentity"]["accessKeyId"]
        assert minted[key] <= record["eventTime"]
        assert record["userIdentity"]["sessionContext"]["attributes"]["creationDate"] == minted[key]
    # only keys minted before the corpus starts (its first minutes) cannot be followed
    assert len(followed) >= 0.95 * len(used)
    assert len({r["userIdentity"]["accessKeyId"] for r in followed}) >= 10


def test_iterated_files_are_the_written_files(corpus: Any) -> None:
    _, files = corpus
    iterated = {
        key: json.loads(data)["Records"]
        for key, data in iter_corpus_files(target_bytes=TARGET, seed=7)
    }
    assert iterated == files


def test_several_days_fill_one_date_folder_each() -> None:
    days: Counter[str] = Counter()
    for key, data in iter_corpus_files(
        target_bytes=2_000_000, seed=5, start="2024-02-28", days=3, accounts=1
    ):
        match = KEY_RE.fullmatch(key)
        assert match, key
        folder = f"{match['y']}-{match['m']}-{match['d']}"
        records = json.loads(data)["Records"]
        assert all(r["eventTime"].startswith(folder) for r in records)
        days[folder] += len(records)
    assert set(days) == {"2024-02-28", "2024-02-29", "2024-03-01"}
    assert min(days.values()) > 0.5 * max(days.values())


def test_the_cloudtrail_parser_reads_every_record_and_redacts_the_minted_tokens(
    corpus: Any,
) -> None:
    import polars as pl

    from ueba.io.cloudtrail import parse_bytes

    info, _ = corpus
    frames = []
    for path in sorted(info.root.rglob("*.json.gz")):
        parsed = parse_bytes(path.read_bytes(), str(path))
        assert parsed.errors.num_rows == 0, parsed.errors.to_pylist()[:1]
        frames.append(pl.from_arrow(parsed.events))
    events = pl.concat(frames)
    assert events.height == info.events
    minted = events.filter(pl.col("event_name") == "AssumeRole")["response_elements"]
    assert minted.len() and minted.str.contains('"sessionToken":"<redacted>"').all()
    assert not events["response_elements"].str.contains("IQoJb3JpZ2luX2Vj").any()


def test_identity_enrichment_binds_session_keys_to_their_minting_event(corpus: Any) -> None:
    import polars as pl

    from ueba.enrichment.identity import enrich_identity
    from ueba.io.cloudtrail import read_cloudtrail

    info, _ = corpus
    enriched = enrich_identity(read_cloudtrail(info.root).lazy()).collect()
    sessions = enriched.filter(pl.col("access_key_id").str.starts_with("ASIA"))
    assert sessions["key_issuer_event_id"].is_not_null().mean() >= 0.95  # type: ignore[operator]
    ec2 = sessions.filter(pl.col("workload_kind") == "ec2")
    assert ec2.height and ec2["workload_id"].str.starts_with("i-0").all()


@pytest.mark.slow  # spawns two worker processes
def test_the_files_do_not_depend_on_the_number_of_workers(tmp_path: Path) -> None:
    write_s3_layout_corpus(tmp_path / "one", target_bytes=700_000, seed=9, workers=1)
    write_s3_layout_corpus(tmp_path / "two", target_bytes=700_000, seed=9, workers=2)
    one = {
        p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*.gz")
    }
    two = {
        p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*.gz")
    }
    assert one == two and len(one) >= 2
