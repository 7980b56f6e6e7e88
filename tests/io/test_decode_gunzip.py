"""Issue 11 items 8 and 10: gunzip is linear in members and streams against the size cap."""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from isal import igzip

from ueba.io._decode import Inflater, gunzip
from ueba.io.cloudtrail import parse_source
from ueba.io.sources import list_sources

SETTINGS = settings(max_examples=60, deadline=None)


def _members(count: int, size: int = 12) -> bytes:
    return b"".join(gzip.compress(os.urandom(size).hex().encode()) for _ in range(count))


def _work(data: bytes) -> int:
    inflater = Inflater(1 << 30)
    inflater.feed(data)
    assert inflater.finish()[1] is None
    return inflater.copied


# ---- 8. linear in members -------------------------------------------------------------------
def test_work_for_four_times_the_members_is_about_four_times_the_work() -> None:
    # 160k members in 3.4 MB took 25.8 s: every member copied the rest of the file.
    small, large = _members(4_000), _members(16_000)
    ratio = _work(large) / _work(small)
    assert 3.5 < ratio < 4.5
    assert _work(large) < 16 * len(large)


@SETTINGS
@given(sizes=st.lists(st.integers(0, 5_000), min_size=1, max_size=60))
def test_the_work_is_bounded_by_the_input_whatever_the_member_sizes(sizes: list[int]) -> None:
    data = b"".join(gzip.compress(os.urandom(size)) for size in sizes)
    assert _work(data) <= 8 * len(data) + 200 * len(sizes) + 2 * Inflater.MAX_WINDOW


@SETTINGS
@given(
    parts=st.lists(st.binary(max_size=3_000), min_size=1, max_size=20),
    cuts=st.lists(st.integers(1, 4_000), max_size=12),
    padding=st.sampled_from([b"", b"\x00\x00", b"\n"]),
)
def test_members_fed_in_any_pieces_give_their_concatenation(
    parts: list[bytes], cuts: list[int], padding: bytes
) -> None:
    data = b"".join(gzip.compress(part) for part in parts) + padding
    inflater = Inflater(1 << 30)
    at = 0
    for cut in cuts:  # pieces may split a member, its header or the two magic bytes
        inflater.feed(data[at : at + cut])
        at += cut
    inflater.feed(data[at:])
    out, problem = inflater.finish()
    assert (bytes(out), problem) == (b"".join(parts), None)


def test_damage_is_still_told_apart() -> None:
    whole = gzip.compress(b"x" * 1000)
    assert gunzip(whole[:-6], 10_000)[1][0] == "truncated_gzip"  # type: ignore[index]
    assert gunzip(whole + b"junk", 10_000)[1][0] == "corrupt_gzip"  # type: ignore[index]
    assert gunzip(whole, 999)[1][0] == "too_large"  # type: ignore[index]
    assert gunzip(whole + whole, 2_000) == (bytearray(b"x" * 2000), None)


# ---- 10. the cap holds before and while reading ---------------------------------------------
def _peak(path: Path, cap: int) -> tuple[list[str], int]:
    # the first parse imports what parsing needs (tens of MB traced): done before measuring,
    # so that the figure is the file's and the test gives the same answer alone or in a run
    warm = path.with_name("warm-up.json")
    warm.write_text('{"Records": []}')
    parse_source(list_sources([warm])[0], max_decompressed_bytes=cap)
    source = list_sources([path])[0]
    tracemalloc.start()
    try:
        parsed = parse_source(source, max_decompressed_bytes=cap)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return parsed.errors.column("error_kind").to_pylist(), peak


CAP = 2 << 20
# The cap, a quarter of it in flight (one output piece, the buffer's headroom) and fixed
# buffers: a 1 MiB read and at most a 1 MiB window of input copied by the decompressor.
# At the default 512 MB cap that is under cap + 256 MB, the bound.
BOUND = CAP + CAP // 2 + (3 << 20)


def test_a_plain_file_over_the_cap_is_refused_without_being_read(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.json"
    with sparse.open("wb") as handle:
        handle.truncate(64 << 20)  # 600 MB sparse cost 727 MB before `too_large`
    kinds, peak = _peak(sparse, CAP)
    assert kinds == ["too_large"]
    assert peak < 256 << 10


def test_a_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.json.gz"
    bomb.write_bytes(igzip.compress(b"\x00" * (96 << 20)))
    kinds, peak = _peak(bomb, CAP)
    assert kinds == ["too_large"]
    assert peak < BOUND


def test_a_large_compressed_file_is_streamed_not_read_whole(tmp_path: Path) -> None:
    noise = tmp_path / "noise.json.gz"
    noise.write_bytes(igzip.compress(os.urandom(24 << 20), 0))  # 24 MB of input, cap 2 MB
    kinds, peak = _peak(noise, CAP)
    assert kinds == ["too_large"]
    assert peak < BOUND


def test_a_file_within_the_cap_is_read_whole_streamed_or_not(tmp_path: Path) -> None:
    records = [
        {"eventID": str(n), "eventTime": "2024-07-01T00:00:00Z", "eventName": "X"}
        for n in range(2000)
    ]
    text = json.dumps({"Records": records}).encode()
    plain, zipped = tmp_path / "p.json", tmp_path / "z.json.gz"
    plain.write_bytes(text)
    zipped.write_bytes(
        b"".join(gzip.compress(text[i : i + 9000]) for i in range(0, len(text), 9000))
    )
    for path in (plain, zipped):
        parsed = parse_source(list_sources([path])[0], max_decompressed_bytes=len(text))
        assert (parsed.events.num_rows, parsed.errors.num_rows) == (2000, 0)
        assert parsed.decompressed_bytes == len(text)
