"""Build ``models/demo``: a baseline learnt from the benign part of the bundled sample trails.

    python benchmarks/build_demo_model.py            # writes models/demo
    python benchmarks/build_demo_model.py --out DIR  # somewhere else

The samples are three unrelated incidents from 2018, 2020 and 2024 with only minutes of benign
history each, so the demo baseline is a teaching aid, not a realistic 30-day baseline:

* flaws2 (account 653711331788): everything before the first call with a stolen key
  (2018-11-28T23:04:54Z). That is the Lambda role ``level1`` calling ``logs:CreateLogStream``
  from its AWS address 34.234.236.212 with ``awslambda-worker``, and the AssumeRole / Invoke calls
  of AWS services. (The attacker's anonymous S3 reads of the public website are in the history
  too, as in real life: they form the pseudo-principal ``anonymous`` and never enter the
  account's profile, so the attacker's network is not "known for the account".)
* OTRF (account 123456789123): everything before the stolen instance key's first call
  (2020-09-14T01:00:04Z): the console user ``pedro`` and the EC2 AssumeRole events.
* Stratus: left out. Every event in it is attack activity; learning it as "normal" would hide it.

One window must span both 2018 and 2020, so the demo's window is as many days as lie between
them (about 660), ``min_days`` is 1 (each entity was observed on one day only) and session keys
keep their own profiles for the whole window (the samples' keys are years apart). The
feed provenance of the bundled ip-ranges.json is recorded in the manifest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import polars as pl

import ueba
from ueba.baseline import Baseline
from ueba.enrichment import enrich

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"

# Sample set -> the first instant of attacker activity with a stolen credential (exclusive end of
# its benign history).
BENIGN_UNTIL: dict[str, dt.datetime] = {
    "flaws2": dt.datetime(2018, 11, 28, 23, 4, 54, tzinfo=dt.UTC),
    "otrf": dt.datetime(2020, 9, 14, 1, 0, 4, tzinfo=dt.UTC),
}


def benign_history() -> pl.LazyFrame:
    """The enriched benign events of each sample set."""
    ranges = ueba.AwsIpRanges.bundled()
    parts = []
    for name, until in BENIGN_UNTIL.items():
        events = ueba.read_cloudtrail([str(SAMPLES / name)])
        enriched = enrich(events.lazy(), ip_ranges=ranges)
        parts.append(enriched.filter(pl.col("event_time") < pl.lit(until)))
    return pl.concat(parts, how="vertical_relaxed")


def build(out: Path) -> Baseline:
    until = max(BENIGN_UNTIL.values())
    first_day = min(BENIGN_UNTIL.values()).date()
    window_days = (until.date() - first_day).days + 1
    baseline = Baseline(window=f"{window_days}d", min_days=1, session_key_days=window_days).fit(
        benign_history(), until=until, ip_ranges=ueba.AwsIpRanges.bundled()
    )
    baseline.save(out)
    return baseline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "demo")
    args = parser.parse_args(argv)
    baseline = build(args.out)
    maturity = baseline.maturity_.filter(pl.col("scope") == "principal")
    print(
        f"wrote {args.out}: window {baseline.window_start_:%Y-%m-%d} .. {baseline.window_end_:%Y-%m-%dT%H:%M:%SZ}, "
        f"{maturity.height} principals, {baseline.profile_.height} profile rows",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
