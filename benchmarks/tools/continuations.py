"""Which findings an incident store's earlier rule would have continued, and this one does not.

Until the ninth session, :class:`ueba.detect.incidents.IncidentStore` continued any finding of
the same (account, actor, cause) that started within ``idle_days`` (3) of the incident's last
event; now, after a whole quiet day, only one that shares an access key or Internet address. The
store sets nothing but ``finding_id`` and ``activity``, and nothing in the daily job reads them
back, so a run's findings differ from the earlier rule's only in the pairs this lists: two ids of
one actor and cause, the second starting within 3 days of the first's last event. A run with
none grades exactly as it would have under the earlier rule.

    python benchmarks/tools/continuations.py DIR|FILE...   # a DIR holds findings.jsonl/.parquet
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from pathlib import Path

import polars as pl

from ueba.evaluation import read_findings

IDLE = dt.timedelta(days=3)


def split_pairs(findings: pl.DataFrame) -> list[tuple[str, str, str, str]]:
    """(actor_kind, actor_id, cause, second finding_id) of every pair the old rule would join."""
    home = pl.when(pl.col("actor_kind") == "sso_user").then(pl.lit("")).otherwise("account_id")
    per = (
        findings.with_columns(home.alias("_home"))
        .group_by("_home", "actor_kind", "actor_id", "cause", "finding_id")
        .agg(pl.col("first_seen").min(), pl.col("last_seen").max())
        .sort("first_seen", "finding_id")
    )
    pairs = []
    for key, group in per.group_by("_home", "actor_kind", "actor_id", "cause", maintain_order=True):
        rows = group.to_dicts()
        for before, after in itertools.pairwise(rows):
            if after["first_seen"] <= before["last_seen"] + IDLE:
                pairs.append((str(key[1]), str(key[2]), str(key[3]), after["finding_id"]))
    return pairs


def main(dirs: list[str]) -> int:
    for name in dirs:
        given = Path(name)
        files = [given] if given.is_file() else sorted(given.glob("findings.*"))
        if not files:
            print(f"{name}: no findings file")
            continue
        path = files[0]
        frame = pl.read_parquet(path) if path.suffix == ".parquet" else read_findings(path)
        pairs = split_pairs(frame)
        for kind, actor, cause, fid in pairs:
            print(f"{name}: {kind} {actor} {cause}: {fid} would have continued an earlier one")
        print(f"{name}: {len(pairs)} finding(s) differ from the earlier rule")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
