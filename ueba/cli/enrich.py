"""``ueba enrich``: CloudTrail files or a lake in, ENRICHED events out."""

from __future__ import annotations

import json
import logging
import sys
import warnings
from datetime import datetime, timedelta
from pathlib import Path

import click
import polars as pl

from ueba._collect import ENGINE
from ueba._files import atomic_target
from ueba._time import time_range
from ueba.cli._common import (
    EXIT_PARTIAL,
    feed_options,
    handle_errors,
    load_feeds,
    print_rich,
    printable,
    quiet_option,
    say,
)
from ueba.cli._output import status
from ueba.exceptions import ConfigError, LakeWarning
from ueba.schema import SCHEMA_VERSION

# What the table shows: enough to read who did what from where, with what.
TABLE_COLUMNS = (
    "event_time",
    "event_name",
    "principal_arn",
    "credential_kind",
    "workload_kind",
    "workload_id",
    "source_ip_address",
    "source_kind",
    "ua_family",
    "ua_os_family",
)


def _output_format(fmt: str | None, out: str | None) -> str:
    if fmt is not None:
        if fmt == "parquet" and out is None:
            raise ConfigError("--format parquet needs a file", fix="add --out FILE.parquet")
        return fmt
    if out is not None:
        suffix = Path(out).suffix.lower()
        if suffix == ".parquet":
            return "parquet"
        if suffix in (".jsonl", ".ndjson", ".json"):
            return "jsonl"
        raise ConfigError(
            f"cannot tell the format of {out!r} from its name",
            fix="name it .parquet or .jsonl, or add --format",
        )
    return "table"


def _print_table(frame: pl.DataFrame, limit: int) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False)
    columns = [name for name in TABLE_COLUMNS if name in frame.columns]
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in printable(frame.head(limit).select(columns)).iter_rows():
        table.add_row(*("" if value is None else escape(str(value)) for value in row))
    print_rich(table)
    if frame.height > limit:
        say(f"… {frame.height - limit} more events; use --limit, or --out FILE.parquet for all")


def _load_events(
    sources: tuple[str, ...],
    lake: str | None,
    start: datetime | None,
    end: datetime | None,
    lookback: timedelta,
) -> pl.LazyFrame:
    """The events to enrich: the window plus, from a lake, ``lookback`` before it.

    Keys used early in the window were minted before it; reading back that far lets the
    AssumeRole that minted them bind them. The caller drops the extra events afterwards.
    Files given as SOURCE are read whole anyway, so all of them take part.
    """
    if bool(sources) == bool(lake):
        raise ConfigError(
            "give either CloudTrail SOURCE paths or --lake, not both or neither",
            fix="e.g. `ueba enrich data/samples/flaws2` or `ueba enrich --lake lake/`",
        )
    if lake is not None:
        from ueba.io.lake import scan_lake

        return scan_lake(lake, start=None if start is None else start - lookback, end=end)
    from ueba.io.cloudtrail import scan_cloudtrail

    return scan_cloudtrail(list(sources))


def _window(frame: pl.DataFrame, start: datetime | None, end: datetime | None) -> pl.DataFrame:
    if start is not None:
        frame = frame.filter(pl.col("event_time") >= start)
    if end is not None:
        frame = frame.filter(pl.col("event_time") < end)
    return frame


@click.command("enrich")
@click.argument("sources", nargs=-1)
@click.option(
    "--lake",
    type=click.Path(file_okay=False),
    default=None,
    help="Read events from this Parquet lake instead of SOURCE files.",
)
@click.option("--start", default=None, help="Only events at or after this ISO date/time (UTC).")
@click.option(
    "--end",
    default=None,
    help="Only events up to this ISO date (inclusive) or before this time (UTC).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write here (.parquet or .jsonl) instead of printing.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "parquet"]),
    default=None,
    help="table for people (the default without --out); jsonl / parquet for machines.",
)
@click.option(
    "--key-lookback",
    type=click.IntRange(min=0),
    default=12,
    show_default=True,
    metavar="HOURS",
    help="With --lake and --start, also read this many hours before --start so that keys used "
    "early in the window are bound by the AssumeRole that minted them (not output).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Rows shown by --format table.",
)
@feed_options
@quiet_option
@handle_errors
def enrich(
    sources: tuple[str, ...],
    lake: str | None,
    start: str | None,
    end: str | None,
    out: str | None,
    fmt: str | None,
    key_lookback: int,
    limit: int,
    ip_ranges: str | None,
    mmdb_asn: str | None,
    mmdb_city: str | None,
    mmdb_country: str | None,
    mmdb_anonymous: str | None,
    asn_table: str | None,
    quiet: bool,
) -> None:
    """Add source, user-agent and identity columns to CloudTrail events.

    Reads SOURCE files, directories, globs or s3:// prefixes (or --lake DIR), and writes the
    ENRICHED events: where each call came from (AWS, VPC endpoint, public, ASN, country), with
    what tool (aws-cli, boto3, console, browser, ...), as whom (principal, credential kind, the
    EC2 instance / Lambda function / ECS task a key belongs to).

    \b
    ueba enrich data/samples/flaws2
    ueba enrich --lake lake/ --start 2024-07-01 --end 2024-07-01 --out day.parquet
    ueba enrich AWSLogs/ --mmdb-asn GeoLite2-ASN.mmdb --format jsonl > enriched.jsonl
    """
    from ueba.enrichment import enrich as run_enrich

    output = _output_format(fmt, out)
    window_start, window_end = time_range(start, end, names=("--start", "--end"))
    events = _load_events(sources, lake, window_start, window_end, timedelta(hours=key_lookback))

    feeds = load_feeds(
        ip_ranges=ip_ranges,
        asn_table=asn_table,
        mmdb_asn=mmdb_asn,
        mmdb_city=mmdb_city,
        mmdb_country=mmdb_country,
        mmdb_anonymous=mmdb_anonymous,
    )
    ranges, geo = feeds["ip_ranges"], feeds.get("geo")

    # Unreadable files or records are left out with a warning by the reader; the run goes on
    # and says so, and the exit code tells scripts that the output is partial.
    with (
        warnings.catch_warnings(record=True) as caught,
        status("Enriching events…", quiet=quiet),
    ):
        warnings.simplefilter("always")
        enriched = run_enrich(events, **feeds).collect(engine=ENGINE)
        # Only now, after binding has seen the minting calls before the window.
        enriched = _window(enriched, window_start, window_end)
    for warning in caught:
        say(str(warning.message), level=logging.WARNING)
    left_out = any(
        issubclass(warning.category, LakeWarning) or "left out" in str(warning.message)
        for warning in caught
    )

    # Results depend on the feeds: say which ones, in the file and to the person.
    provenance = {
        "ueba.schema_version": SCHEMA_VERSION,
        "ueba.ip_ranges.sync_token": ranges.sync_token,
        "ueba.ip_ranges.create_date": ranges.create_date,
    }
    if geo is not None:
        provenance["ueba.mmdb"] = json.dumps(geo.versions, sort_keys=True)
    if output == "parquet":
        assert out is not None
        with atomic_target(out) as temp:
            enriched.write_parquet(temp, metadata=provenance)
    elif output == "jsonl":
        if out is None:
            click.echo(enriched.write_ndjson(), nl=False)
        else:
            with atomic_target(out) as temp:
                enriched.write_ndjson(temp)
    else:
        _print_table(enriched, limit)
    if not quiet and output != "table":
        where = f" to {out}" if out else ""
        say(
            f"enriched {enriched.height} events{where} "
            f"(ip-ranges syncToken {ranges.sync_token}, createDate {ranges.create_date})"
        )
    if left_out:
        sys.exit(EXIT_PARTIAL)


__all__ = ["enrich"]
