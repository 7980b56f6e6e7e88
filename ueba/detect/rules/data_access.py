"""data_access: a person's credentials on data the person never touched that way.

Twentieth session, branch ``tune33``, **tuning on heldout32, heldout33 and heldout29**. The
baseline learns the S3 buckets each principal reads and writes and, per account, the buckets
people write (:mod:`ueba.baseline._buckets`); two signals read them back:

- ``unread_bucket_bulk`` (:mod:`._bulk_reads`): a mature person's bulk reads of a bucket the
  account knows and the person never read, after a silence or well above the person's own
  volume (**medium**: access nobody took away, a person's credentials taking what they never
  took);
- ``workload_bucket_write`` (:mod:`._bucket_writes`): a person's write into a bucket only
  workloads and pipelines write, **medium** from a network or client the person never used,
  **low** from their usual ones (a hand-made hotfix).

Both judge a principal against its own history (basis ``novelty``: the scorer silences them
while it is learning; a seasoned person's bulk reads, a sparse routine of weeks, ``self``) and stay silent on a baseline whose window is not wholly covered by
learnt buckets (``BaselineView.buckets``: one saved before format 4, until it has slid).
"""

from __future__ import annotations

from typing import Any, ClassVar

import polars as pl

from ueba.detect._baseline import BaselineView
from ueba.detect.features import add_features
from ueba.detect.rules._base import HITS, Rule
from ueba.detect.rules._bucket_writes import bucket_write_hits
from ueba.detect.rules._bulk_reads import bulk_read_hits


class DataAccess(Rule):
    """A person's bulk reads of a bucket they never read, or writes where only workloads write."""

    name = "data_access"
    family = "tactics"
    severity = "medium"
    weight = 1.0
    needs_baseline = True
    description = "a person's credentials on buckets the person never read or wrote that way"
    signal_titles: ClassVar[dict[str, str]] = {
        "unread_bucket_bulk": "a person's bulk reads of a bucket they never read",
        "workload_bucket_write": "a person's write into a bucket only workloads write",
    }
    params: ClassVar[dict[str, Any]] = {
        # unread_bucket_bulk (._bulk_reads)
        "bulk_read_min": 40,
        "bulk_read_silence_days": 7,
        "bulk_read_volume_factor": 10.0,
        "bulk_read_severity": "medium",
        "bulk_read_seasoned_days": 3,
        "bulk_read_seasoned_age_days": 7,
        # workload_bucket_write (._bucket_writes)
        "workload_write_severity": "medium",
        "workload_write_usual_severity": "low",
    }

    def _evaluate(self, today: pl.LazyFrame, baseline: BaselineView) -> pl.LazyFrame:
        if not baseline.buckets:
            # a baseline saved before it learnt buckets: every bucket would look new
            return pl.LazyFrame(schema=dict(HITS))
        day = add_features(today)
        return pl.concat(
            [bulk_read_hits(self, day, baseline), bucket_write_hits(self, day, baseline)],
            how="vertical",
        )


__all__ = ["DataAccess"]
