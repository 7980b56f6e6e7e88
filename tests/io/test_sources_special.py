"""Issue 11 items 9 and 15: only regular files are read, loops end, a lake skips its own tree."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.io.conftest import MakeRecord
from ueba.io.cloudtrail import parse_source
from ueba.io.lake import ingest, scan_lake
from ueba.io.sources import SourceFile, list_sources


def _trail(path: Path, make_record: MakeRecord, n: int = 1) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"Records": [make_record(n)]}))
    return path


def _by_name(listed: list[SourceFile]) -> dict[str, SourceFile]:
    return {Path(item.path).name: item for item in listed}


@pytest.fixture
def specials(tmp_path: Path, make_record: MakeRecord) -> Path:
    root = tmp_path / "logs"
    _trail(root / "a.json", make_record)
    os.mkfifo(root / "pipe.json")  # a FIFO read would block the run forever
    (root / "zero.json").symlink_to("/dev/zero")  # read until MemoryError
    (root / "dangling.json").symlink_to(root / "gone.json")
    return root


@pytest.mark.parametrize("form", ["dir", "glob", "recursive_glob", "file"])
def test_fifos_and_devices_are_listed_as_skipped_with_a_reason(specials: Path, form: str) -> None:
    source = {
        "dir": str(specials),
        "glob": f"{specials}/*.json",
        "recursive_glob": f"{specials}/**/*.json",
        "file": str(specials / "pipe.json"),
    }[form]
    listed = _by_name(list_sources([source]))
    assert "FIFO" in (listed["pipe.json"].skipped or "")
    if form != "file":
        assert "character device" in (listed["zero.json"].skipped or "")
        assert "broken symbolic link" in (listed["dangling.json"].skipped or "")
        assert listed["a.json"].skipped is None
    for item in listed.values():
        parsed = parse_source(item)  # returns at once: nothing special is opened for reading
        assert parsed.skipped_reason == item.skipped


def test_a_fifo_that_replaced_a_listed_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "late.json"
    os.mkfifo(path)
    parsed = parse_source(SourceFile(str(path), 10, "1"))
    assert parsed.skipped_reason is not None and "FIFO" in parsed.skipped_reason


def test_ingest_of_a_tree_with_special_files_stores_the_rest(
    specials: Path, tmp_path: Path
) -> None:
    report = ingest([f"{specials}/*"], tmp_path / "lake")
    assert (report.events, report.exit_code) == (1, 0)
    assert {Path(path).name for path, _ in report.skipped} == {
        "pipe.json",
        "zero.json",
        "dangling.json",
    }


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(loops=st.integers(1, 4), depth=st.integers(0, 3), files=st.integers(1, 3))
def test_symlink_loops_end_and_are_named(
    tmp_path_factory: Any, make_record: MakeRecord, loops: int, depth: int, files: int
) -> None:
    root = tmp_path_factory.mktemp("loops")
    deep = root.joinpath(*[f"d{i}" for i in range(depth)])
    for n in range(files):
        _trail(deep / f"f{n}.json", make_record, n)
    for n in range(loops):  # each link points back at an ancestor: `**` would never finish
        target = root.joinpath(*[f"d{i}" for i in range(n % (depth + 1))])
        (deep / f"loop{n}").symlink_to(target, target_is_directory=True)
    for source in (str(root), f"{root}/**/*.json", f"{root}/**"):
        listed = list_sources([source])
        read = [item for item in listed if item.skipped is None]
        assert sorted(Path(item.path).name for item in read) == [f"f{n}.json" for n in range(files)]
        looped = [item for item in listed if item.skipped is not None]
        assert len(looped) == loops and all("loop" in (item.skipped or "") for item in looped)


def test_a_self_referencing_link_is_a_loop_not_a_lake_error(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    _trail(tmp_path / "in" / "a.json", make_record)
    (tmp_path / "in" / "self").symlink_to(tmp_path / "in" / "self")
    report = ingest([tmp_path / "in"], tmp_path / "lake")
    assert (report.events, report.exit_code) == (1, 0)
    assert [(Path(path).name, "loop" in reason) for path, reason in report.skipped] == [
        ("self", True)
    ]


def test_a_linked_directory_is_read_once(tmp_path: Path, make_record: MakeRecord) -> None:
    _trail(tmp_path / "in" / "real" / "a.json", make_record)
    (tmp_path / "in" / "alias").symlink_to(tmp_path / "in" / "real", target_is_directory=True)
    listed = list_sources([tmp_path / "in"])
    assert [Path(item.path).name for item in listed] == ["a.json"]


def test_a_lake_inside_the_source_directory_is_not_read_as_input(
    tmp_path: Path, make_record: MakeRecord
) -> None:
    source = tmp_path / "logs"
    _trail(source / "2024" / "a.json", make_record, 1)
    first = ingest([source], source / "lake")
    _trail(source / "2024" / "b.json", make_record, 2)
    second = ingest([source], source / "lake")
    assert (first.events, second.events) == (1, 1)
    assert (second.quarantined_files, second.exit_code) == (0, 0)
    assert scan_lake(source / "lake").collect().height == 2
    assert all("lake" not in Path(item.path).parts for item in list_sources([source]))


def test_glob_matches_what_the_shell_would(tmp_path: Path, make_record: MakeRecord) -> None:
    for rel in (
        "a/2024/07/x.json",
        "a/2024/17/y.json",
        "b/2024/07/z.json.gz",
        "c.json",
        "a/2024/07/.hidden.json",
    ):
        _trail(tmp_path / rel, make_record)

    def names(pattern: str) -> list[str]:
        return sorted(
            str(Path(i.path).relative_to(tmp_path)) for i in list_sources([f"{tmp_path}/{pattern}"])
        )

    assert names("*/2024/0?/*.json") == ["a/2024/07/x.json"]
    assert names("**/*.json") == ["a/2024/07/x.json", "a/2024/17/y.json", "c.json"]
    assert names("[ab]") == ["a/2024/07/x.json", "a/2024/17/y.json", "b/2024/07/z.json.gz"]
    assert names("*/2024/[!0]*/*") == ["a/2024/17/y.json"]
