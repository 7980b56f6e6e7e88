"""Reading order and claimed chunks: a partition's files meet in one chunk, each file once."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from ueba.io._claims import _LAYOUT, chunk_starts, reading_order
from ueba.io._source_file import FileColumns
from ueba.io.sources import SourceFile


def _path(account: str, region: str, day: int, minute: int) -> str:
    return (
        f"/in/AWSLogs/{account}/CloudTrail/{region}/2024/07/{day:02d}/"
        f"{account}_CloudTrail_{region}_202407{day:02d}T00{minute:02d}Z_x.json.gz"
    )


def _listing() -> list[SourceFile]:
    # Listing order: account, region, day (as a directory walk gives it).
    paths = [
        _path(account, region, day, minute)
        for account in ("111111111111", "222222222222")
        for region in ("eu-west-1", "us-east-1", "us-west-2")
        for day in (1, 2)
        for minute in (0, 5)
    ]
    return [SourceFile(path, 1_000, "1") for path in [*paths, "/in/notes.txt"]]


def test_files_are_read_grouped_by_account_and_day() -> None:
    sources = _listing()
    order, groups = reading_order(sources)
    assert sorted(order.tolist()) == list(range(len(sources)))  # every file once
    parts = [sources[i].path.split("/") for i in order.tolist()[:-1]]
    keys = [(part[3], part[7]) for part in parts]  # (account, day)
    # Two accounts x two days: four runs of six files (three regions each), then the
    # file that is not CloudTrail's, in a group of its own.
    assert groups.tolist() == [0] * 6 + [1] * 6 + [2] * 6 + [3] * 6 + [4]
    for group in range(4):
        assert len({keys[k] for k in np.flatnonzero(groups == group)}) == 1
    assert sources[order[-1]].path == "/in/notes.txt"
    # Within a group, listing order is kept.
    first = order[:6].tolist()
    assert first == sorted(first)


def test_chunks_never_cross_a_group_and_stay_within_their_bytes() -> None:
    sources = _listing()
    order, groups = reading_order(sources)
    sizes = np.array([sources[i].size for i in order.tolist()])
    starts = chunk_starts(sizes, groups, 2, max_bytes=4_000, min_bytes=1_000)
    ends = np.append(starts[1:], len(sizes))
    assert starts[0] == 0 and (ends > starts).all()
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        assert len(set(groups[start:end].tolist())) == 1
        assert sizes[start:end].sum() <= 4_000 or end - start == 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(1, 10_000_000)), min_size=1, max_size=300),
    st.integers(1, 8),
)
def test_chunks_cover_every_file_once_in_order(files: list[tuple[int, int]], workers: int) -> None:
    keys = [key for key, _ in files]
    groups = np.cumsum([0] + [int(a != b) for a, b in itertools.pairwise(keys)])
    sizes = np.array([size for _, size in files], np.int64)
    starts = chunk_starts(sizes, groups, workers, max_bytes=8 << 20, min_bytes=256 << 10)
    ends = np.append(starts[1:], len(sizes))
    assert (np.diff(starts) > 0).all() and starts[0] == 0
    assert sum((ends - starts).tolist()) == len(sizes)
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        assert len(set(groups[start:end].tolist())) == 1
        assert end - start == 1 or sizes[start:end].sum() <= 8 << 20


def test_the_last_chunks_shrink_so_no_process_waits_long() -> None:
    sizes = np.full(1_000, 100_000, np.int64)  # 100 MB in one group
    starts = chunk_starts(sizes, np.zeros(1_000, np.int64), 2)
    lengths = np.diff(np.append(starts, 1_000))
    assert lengths[0] <= (8 << 20) // 100_000
    assert lengths[-1] <= 3  # a quarter-of-a-worker's share of what is left, at least 256 KiB


def _regex_per_path(paths: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The reading order as it was first written: ``_LAYOUT`` matched on every whole path."""
    keys = pl.Series("path", paths, pl.String).str.extract_groups(_LAYOUT)
    frame = pl.DataFrame(
        {"key": keys.struct.field("1") + "/" + keys.struct.field("2")}
    ).with_row_index("index")
    first = frame.group_by("key", maintain_order=True).agg(pl.col("index").min().alias("first"))
    ordered = (
        frame.join(first, on="key", how="left", nulls_equal=False)
        .with_columns(pl.coalesce("first", pl.col("index").cast(pl.Int64) + len(paths)))
        .sort("first", "index")
    )
    groups = ordered.get_column("first").rle_id().to_numpy().astype(np.int64)
    return ordered.get_column("index").to_numpy().astype(np.int64), groups


# Pieces of paths: CloudTrail's layout, near misses (11 digits, other Unicode digits, an
# organisation ID with capitals, no region), and other names.
_PIECES = [
    "AWSLogs",
    "o-abc123",
    "o-ABC",
    "111111111111",
    "222222222222",
    "11111111111",
    "\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662",
    "CloudTrail",
    "CloudTrail-Digest",
    "eu-west-1",
    "us-east-1",
    "2024",
    "07",
    "7",
    "01",
    "02",
    "x.json.gz",
    "AWSLogs.json",
    "",
    "in",
    "é",
]
_ACCOUNT = st.sampled_from(["111111111111", "222222222222", "o-abc123/333333333333"])
_LAID_OUT = st.builds(
    lambda root, account, region, day, name: (
        f"{root}AWSLogs/{account}/CloudTrail/{region}/2024/07/{day}/{name}"
    ),
    st.sampled_from(["", "/", "/in/", "s3://b/", "AWSLogs/"]),
    _ACCOUNT,
    st.sampled_from(["eu-west-1", "us-east-1", "a/b"]),
    st.sampled_from(["01", "02", "1"]),
    st.sampled_from(["f1.json.gz", "f2.json.gz", "", "sub/f.json.gz"]),
)
_ANY = st.lists(st.sampled_from(_PIECES), max_size=12).map("/".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_LAID_OUT, _ANY), max_size=60))
def test_the_order_is_the_regex_per_path_order(paths: list[str]) -> None:
    """Matching the layout once per run of equal directories gives exactly the order and the
    groups of matching it on every path, whatever the listing: files of a directory together
    or interleaved, repeated paths, paths with no "/" or no layout."""
    for listing in (paths, sorted(paths)):
        want_order, want_groups = _regex_per_path(listing)
        for files in (
            [SourceFile(path, 1, "1") for path in listing],
            FileColumns(list(listing), [1] * len(listing), ["1"] * len(listing)),
        ):
            order, groups = reading_order(files)
            assert order.tolist() == want_order.tolist()
            assert groups.tolist() == want_groups.tolist()
