"""Check that two lakes hold the same events: every column of every row, whatever the parts.

A change to how ingest writes (partition split, Parquet settings, batching) must not change
what is stored. Ingest one corpus with the old code and with the new, then:

    python benchmarks/compare_lakes.py OLD_LAKE NEW_LAKE

Rows are compared sorted by ``event_id`` (the lake stores each once), per partition too (the
same rows must land in the same ``event_date`` / ``account_id`` directory). Exit status 1 and
the first differences when they differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from ueba.io.lake import scan_lake


def _events(lake: Path) -> pl.DataFrame:
    frame = scan_lake(lake).collect()
    return frame.sort("event_id")


def _placement(lake: Path) -> pl.DataFrame:
    """(event_id, partition directory) of every stored row, from the part files' paths."""
    rows = []
    for part in sorted((lake / "events").rglob("*.parquet")):
        ids = pl.read_parquet(part, columns=["event_id"]).get_column("event_id")
        where = str(part.parent.relative_to(lake / "events"))
        rows.append(pl.DataFrame({"event_id": ids, "partition": [where] * len(ids)}))
    return pl.concat(rows).sort("event_id") if rows else pl.DataFrame()


def compare(old: Path, new: Path) -> list[str]:
    problems = []
    a, b = _events(old), _events(new)
    if a.schema != b.schema:
        problems.append(f"schemas differ: {a.schema} vs {b.schema}")
    elif a.height != b.height:
        problems.append(f"{a.height:,} rows vs {b.height:,}")
    elif not a.equals(b):
        for name in a.columns:
            if not a.get_column(name).equals(b.get_column(name)):
                problems.append(f"column {name} differs")
    if not problems and not _placement(old).equals(_placement(new)):
        problems.append("the same rows are stored under different partition directories")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args()
    problems = compare(args.old, args.new)
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    rows = scan_lake(args.old).select(pl.len()).collect().item()
    print(f"same {rows:,} events, same columns, same partitions")


if __name__ == "__main__":
    main()
