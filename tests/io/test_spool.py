"""The outcome spools read back: one row per file, its last outcome, in file order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ueba.io._manifest import MANIFEST
from ueba.io._spool import SPOOL, OutcomeSpool
from ueba.io._work import FileOutcome


def _outcome(index: int, step: int) -> FileOutcome:
    row = {"path": f"f{index}", "size": 1, "version": "v", "events": step, "errors": 0}
    return FileOutcome(**row, content_hash=None, status="ok", reason=None, decompressed_bytes=step)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # (spool, file index) in the order the outcomes were added; spool 0 is this process's,
    # the others a helper's (read first), and a file may come again in any spool
    added=st.lists(
        st.tuples(st.integers(min_value=0, max_value=2), st.integers(min_value=0, max_value=40)),
        max_size=120,
    ),
    batch_rows=st.integers(min_value=1, max_value=8),
)
def test_each_file_keeps_its_last_outcome_with_this_processs_outcomes_winning(
    tmp_path_factory: pytest.TempPathFactory, added: list[tuple[int, int]], batch_rows: int
) -> None:
    directory = tmp_path_factory.mktemp("spool")
    spools = [OutcomeSpool(directory / f"s{n}.arrow", batch_rows=batch_rows) for n in range(3)]
    for step, (spool, index) in enumerate(added):
        spools[spool].add(index, _outcome(index, step))
    others = [path for path in (spools[1].close(), spools[2].close()) if path is not None]
    # The model: the helpers' spools in the order given, then this process's; later wins.
    last: dict[int, int] = {}
    for spool in (1, 2, 0):
        for step, (where, index) in enumerate(added):
            if where == spool:
                last[index] = step
    files = spools[0].read(others).collect()
    assert files["path"].to_list() == [f"f{index}" for index in sorted(last)]
    assert files["events"].to_list() == [last[index] for index in sorted(last)]


def test_an_outcome_reads_back_field_for_field_with_its_manifest_row(tmp_path: Path) -> None:
    # The spool turns outcomes into columns by position: each field must land in its column.
    spool = OutcomeSpool(tmp_path / "s.arrow", batch_rows=2)
    outcomes = [
        FileOutcome("a", 10, "v1", "h1", 3, 0, "ok", None, decompressed_bytes=30),
        FileOutcome(
            "b", 20, "v2", None, 1, 2, "partial", "bad record", 0, 2, None, ("n1", "n2"), 40
        ),
        FileOutcome("c", 0, "v3", None, 0, 0, "skipped", "a FIFO", 1, 0, "a FIFO", (), 0),
    ]
    for index, outcome in enumerate(outcomes):
        spool.add(index, outcome)
    files = spool.read().collect()
    for outcome, row in zip(outcomes, files.iter_rows(named=True), strict=True):
        assert {name: row[name] for name in FileOutcome._fields} == {
            **outcome._asdict(),
            "notes": list(outcome.notes),
        }
    # ``row`` is the manifest's own columns of the entry, in the manifest's order.
    own = [name for name in MANIFEST if name not in ("run_id", "ingested_at", "schema_version")]
    assert list(outcomes[1].row) == own
    assert outcomes[1].row == {name: getattr(outcomes[1], name) for name in own}
    assert FileOutcome._fields == tuple(SPOOL)[1:]
