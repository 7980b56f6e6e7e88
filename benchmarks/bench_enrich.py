"""Network enrichment speed: ``enrich_network`` vs a naive per-row ipaddress + maxminddb loop.

Generates the ingest benchmark corpus (``benchmarks.corpus.write_s3_layout_corpus``), ingests
it into a lake (timed: the "ingest time" the target is measured against), reads the events
back, then times, side by side on the same frame:

* ``enrich_network``: vectorised, look-ups on distinct addresses joined back;
* ``ueba.enrich`` (network + user agent + identity), when available;
* a naive loop: for every event, ``ipaddress.ip_address``, the AWS ranges through a dict per
  prefix length, ``maxminddb.get`` and a ``bisect`` in the ASN table.

Both paths get the same feeds: the bundled ip-ranges.json and ASN table, and the MaxMind test
databases from ``tests/data/geo`` (no real MaxMind file may be redistributed). The naive
results are checked against ``enrich_network``'s before any figure is printed.

    python benchmarks/bench_enrich.py --target-bytes 200_000_000 --repeat 3
"""

from __future__ import annotations

import argparse
import bisect
import ipaddress
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# run as a script (python benchmarks/X.py), the repository root is not on the path
if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import maxminddb
import polars as pl

import ueba
from benchmarks.corpus import write_s3_layout_corpus
from ueba.enrichment.aws_ranges import AwsIpRanges
from ueba.enrichment.geo import AsnTable, MaxMindReader
from ueba.enrichment.ip import PRIVATE_NETWORKS, UNROUTABLE_NETWORKS
from ueba.enrichment.network import enrich_network

ROOT = Path(__file__).resolve().parents[1]
GEO = ROOT / "tests" / "data" / "geo"
ASN_DB = GEO / "GeoLite2-ASN-Test.mmdb"
CITY_DB = GEO / "GeoIP2-City-Test.mmdb"
SERVICE_SUFFIXES = (".amazonaws.com", ".amazon.com")


def _cpu_seconds() -> float:
    """CPU time of this process (all threads) plus its finished children (ingest workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


CPU: dict[str, float] = {}  # step name -> median CPU seconds, robust to a loaded machine


def _timed(func: Callable[[], Any], repeat: int, name: str = "") -> tuple[float, Any]:
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), _cpu_seconds()
        result = func()
        times.append(time.perf_counter() - start)
        cpu.append(_cpu_seconds() - start_cpu)
    if name:
        CPU[name] = statistics.median(cpu)
    return statistics.median(times), result


class NaiveEnricher:
    """What one writes without thinking in columns: a Python loop over every event."""

    def __init__(self, ranges_path: Path, asn: AsnTable) -> None:
        doc = json.loads(ranges_path.read_text())
        self.by_network: dict[tuple[int, int, int], list[dict[str, str]]] = {}
        for key, field in (("prefixes", "ip_prefix"), ("ipv6_prefixes", "ipv6_prefix")):
            for item in doc[key]:
                net = ipaddress.ip_network(item[field])
                self.by_network.setdefault(
                    (net.version, net.prefixlen, int(net.network_address)), []
                ).append({**item, "prefix": item[field], "length": str(net.prefixlen)})
        self.lengths = {v: sorted({k[1] for k in self.by_network if k[0] == v}) for v in (4, 6)}
        ranges = asn.ranges.filter(pl.col("ip_version") == 4)
        self.starts = [int(v) for v in ranges["start"].to_list()]
        self.ends = [int(v) for v in ranges["end"].to_list()]
        self.asns = ranges["asn"].to_list()
        self.private = [ipaddress.ip_network(c) for c in PRIVATE_NETWORKS]
        self.unroutable = [ipaddress.ip_network(c) for c in UNROUTABLE_NETWORKS]
        self.asn_db = maxminddb.open_database(str(ASN_DB))
        self.city_db = maxminddb.open_database(str(CITY_DB))

    def row(self, text: str | None, endpoint: str | None) -> tuple[str, str | None, int | None]:
        if text is None:
            return "invalid", None, None
        if text == "AWS Internal":
            return "aws_internal", None, None
        if " " not in text and text.lower().endswith(SERVICE_SUFFIXES):
            return "aws_service", None, None
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return "invalid", None, None
        # The same documented blocks as ueba (ipaddress' is_private/is_reserved differ slightly).
        if any(address in net for net in self.unroutable):
            return "invalid", None, None
        if any(address in net for net in self.private):
            return ("vpc_endpoint" if endpoint else "private"), None, None
        hits = []
        for length in self.lengths[address.version]:
            net = ipaddress.ip_network((address, length), strict=False)
            hits += self.by_network.get((address.version, length, int(net.network_address)), [])
        asn_record = self.asn_db.get(text)
        self.city_db.get(text)
        asn = asn_record.get("autonomous_system_number") if asn_record else None
        if asn is None and address.version == 4:
            value = int(address)
            index = bisect.bisect_right(self.starts, value) - 1
            if index >= 0 and value <= self.ends[index]:
                asn = self.asns[index]
        if hits:
            hits.sort(key=lambda h: (-int(h["length"]), h["service"] == "AMAZON", h["service"]))
            named = [h["service"] for h in hits if h["service"] != "AMAZON"]
            return "aws", (named[0] if named else "AMAZON"), asn
        return "public", None, asn

    def run(self, events: pl.DataFrame) -> list[tuple[str, str | None, int | None]]:
        ips = events["source_ip_address"].to_list()
        endpoints = events["vpc_endpoint_id"].to_list()
        return [self.row(ip, ep) for ip, ep in zip(ips, endpoints, strict=True)]


def _worst_case(
    events: pl.DataFrame,
    args: argparse.Namespace,
    ranges: AwsIpRanges,
    geo: MaxMindReader,
    asn: AsnTable,
    naive: NaiveEnricher,
) -> list[tuple[str, float, float]]:
    """The same events with sources drawn from many random addresses (a tenth IPv6)."""
    rng = random.Random(args.seed)
    pool = [
        str(ipaddress.IPv4Address(rng.getrandbits(32)))
        if i % 10
        else str(ipaddress.IPv6Address(rng.getrandbits(128)))
        for i in range(args.distinct)
    ]
    picks = [pool[rng.randrange(len(pool))] for _ in range(events.height)]
    spread = events.with_columns(pl.Series("source_ip_address", picks, dtype=pl.String))
    seconds, ours = _timed(
        lambda: enrich_network(spread.lazy(), ip_ranges=ranges, geo=geo, asn_table=asn).collect(),
        args.repeat,
    )
    sample = spread.head(min(spread.height, 30_000))
    naive_s, theirs = _timed(lambda: naive.run(sample), 1)
    mine = list(
        zip(
            ours.head(sample.height)["source_kind"].to_list(),
            ours.head(sample.height)["aws_service"].to_list(),
            ours.head(sample.height)["asn"].to_list(),
            strict=True,
        )
    )
    differ = sum(a != b for a, b in zip(mine, theirs, strict=True))
    if differ:
        print(f"MISMATCH (worst case): {differ} rows differ from the naive loop", file=sys.stderr)
        return []
    n = spread.height
    return [
        (f"enrich_network, {args.distinct:,} distinct sources", seconds, n / seconds),
        (f"naive loop, same sources ({sample.height:,} rows)", naive_s, sample.height / naive_s),
    ]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target-bytes", type=int, default=100_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--naive-rows", type=int, default=0, help="cap rows for the loop (0: all)")
    parser.add_argument(
        "--distinct",
        type=int,
        default=50_000,
        help="worst case: rerun with sources drawn from this many random addresses (0: skip)",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-enrich-"))
    try:
        info = write_s3_layout_corpus(
            work / "corpus", target_bytes=args.target_bytes, seed=args.seed
        )
        lake = work / "lake"

        def ingest() -> Any:
            shutil.rmtree(lake, ignore_errors=True)
            return ueba.ingest([str(info.root)], lake=str(lake))

        ingest_s, _ = _timed(ingest, args.repeat, "ingest")
        events = ueba.scan_lake(str(lake)).collect()
        n = events.height
        distinct = events["source_ip_address"].n_unique()
        print(
            f"corpus: {info.files} files, {n:,} events, {distinct:,} distinct sources, "
            f"{info.uncompressed_bytes / 1e6:.0f} MB JSON",
            file=sys.stderr,
        )

        ranges, asn = AwsIpRanges.bundled(), AsnTable.bundled()
        geo = MaxMindReader(asn_db=ASN_DB, city_db=CITY_DB)

        def vectorised() -> pl.DataFrame:
            return enrich_network(events.lazy(), ip_ranges=ranges, geo=geo, asn_table=asn).collect()

        net_s, ours = _timed(vectorised, args.repeat, "network")
        full_s: float | None = None
        try:
            full_s, _ = _timed(
                lambda: ueba.enrich(
                    events.lazy(), ip_ranges=ranges, geo=geo, asn_table=asn
                ).collect(),
                args.repeat,
                "enrich",
            )
        except (ImportError, AttributeError) as exc:  # another engineer's stage not there yet
            print(f"ueba.enrich unavailable: {exc}", file=sys.stderr)

        naive = NaiveEnricher(ROOT / "ueba" / "data" / "ip-ranges.json", asn)
        sample = events if not args.naive_rows else events.head(args.naive_rows)
        naive_s, theirs = _timed(lambda: naive.run(sample), 1 if n > 200_000 else args.repeat)
        mine = list(
            zip(
                ours.head(sample.height)["source_kind"].to_list(),
                ours.head(sample.height)["aws_service"].to_list(),
                ours.head(sample.height)["asn"].to_list(),
                strict=True,
            )
        )
        mismatches = sum(a != b for a, b in zip(mine, theirs, strict=True))
        if mismatches:
            print(f"MISMATCH: {mismatches} rows differ from the naive loop", file=sys.stderr)
            return 1

        naive_rate = sample.height / naive_s
        stress: list[tuple[str, float, float]] = []
        if args.distinct:
            stress = _worst_case(events, args, ranges, geo, asn, naive)
            if not stress:
                return 1
        rows = [
            ("ingest (ueba.ingest, corpus -> lake)", ingest_s, n / ingest_s),
            ("enrich_network (vectorised)", net_s, n / net_s),
        ]
        if full_s is not None:
            rows.append(("ueba.enrich (network + UA + identity)", full_s, n / full_s))
        rows.append((f"naive per-row loop ({sample.height:,} rows)", naive_s, naive_rate))
        rows += stress
        print("| step | wall s (median) | events/s |")
        print("|---|---|---|")
        for name, seconds, rate in rows:
            print(f"| {name} | {seconds:.3f} | {rate:,.0f} |")
        print()
        print(f"- enrich_network vs naive loop: {(n / net_s) / naive_rate:.1f}x the throughput")
        print(
            f"- enrich_network / ingest: {net_s / ingest_s:.1%} of the wall time, "
            f"{CPU['network'] / CPU['ingest']:.1%} of the CPU time"
        )
        if full_s is not None:
            print(
                f"- ueba.enrich / ingest: {full_s / ingest_s:.1%} of the wall time, "
                f"{CPU['enrich'] / CPU['ingest']:.1%} of the CPU time"
            )
        print(f"- results identical to the naive loop on {sample.height:,} rows")
        if stress:
            print(
                f"- worst case ({args.distinct:,} distinct sources): "
                f"{stress[0][2] / stress[1][2]:.1f}x the naive loop's throughput"
            )
        print(f"- peak RSS of the benchmark process: {_peak_rss_mb():.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
