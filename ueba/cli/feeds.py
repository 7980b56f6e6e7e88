"""``ueba feeds update``: validate feed files the user fetched and install them atomically.

``ueba`` never downloads. Fetch ``https://ip-ranges.amazonaws.com/ip-ranges.json`` (and, if you
like, an ASN table such as ``asn-ipv4.csv`` from sapics/ip-location-db) yourself, then::

    ueba feeds update --ip-ranges ip-ranges.json --asn-table asn-ipv4.csv

The files land in ``--dest`` (default ``$UEBA_FEEDS_DIR`` or ``~/.local/share/ueba/feeds``)
with a ``feeds.json`` manifest recording each feed's syncToken, createDate and SHA-256;
``AwsIpRanges.installed()`` and ``AsnTable.installed()`` load them from there.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from ueba._files import atomic_target, write_text
from ueba.cli._common import handle_errors, quiet_option, sanitize, say
from ueba.enrichment.aws_ranges import IP_RANGES_FILE, AwsIpRanges, default_feed_dir
from ueba.enrichment.geo import AsnTable
from ueba.exceptions import FeedError

MANIFEST = "feeds.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _install_copy(source: Path, target: Path) -> None:
    with atomic_target(target) as temp:
        shutil.copyfile(source, temp)


def _read_manifest(dest: Path) -> dict[str, Any]:
    path = dest / MANIFEST
    if not path.exists():
        return {}
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as exc:  # RecursionError: '[' * 100000
        raise FeedError(
            "the feed manifest is not JSON",
            path=str(path),
            fix="Delete it and run `ueba feeds update` again",
        ) from exc
    return doc if isinstance(doc, dict) else {}


def _write_manifest(dest: Path, doc: dict[str, Any]) -> None:
    write_text(dest / MANIFEST, json.dumps(doc, indent=2, sort_keys=True) + "\n")


def update_feeds(
    dest: str | Path,
    *,
    ip_ranges: str | Path | None = None,
    asn_table: str | Path | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Validate and install feed files into ``dest``; return what changed.

    Each file is loaded in full first (a malformed file raises
    :class:`~ueba.exceptions.FeedError` and nothing is installed), then copied beside its target
    and moved into place atomically (:mod:`ueba._files`). An ip-ranges snapshot older than the installed one
    (lower syncToken) is refused unless ``force``.
    """
    folder = Path(dest)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(folder)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    changes: dict[str, Any] = {}
    new_ranges = AwsIpRanges.from_json(ip_ranges) if ip_ranges is not None else None
    new_table = AsnTable.from_path(asn_table) if asn_table is not None else None
    if new_ranges is not None and ip_ranges is not None:
        target = folder / IP_RANGES_FILE
        old = AwsIpRanges.from_json(target) if target.is_file() else None
        if old is not None and not force and int(new_ranges.sync_token) < int(old.sync_token):
            raise FeedError(
                f"syncToken {new_ranges.sync_token} ({new_ranges.create_date}) is older than the "
                f"installed {old.sync_token} ({old.create_date})",
                path=str(ip_ranges),
                fix="Fetch a newer ip-ranges.json, or pass --force to go back on purpose",
            )
        before = old.prefix_set if old is not None else set()
        after = new_ranges.prefix_set
        _install_copy(Path(ip_ranges), target)
        entry = {
            "file": IP_RANGES_FILE,
            "sync_token": new_ranges.sync_token,
            "create_date": new_ranges.create_date,
            "sha256": _sha256(target),
            "prefixes": len(after),
            "installed_at": now,
            "source": str(ip_ranges),
        }
        manifest["ip_ranges"] = entry
        changes["ip_ranges"] = {
            **entry,
            "previous_sync_token": old.sync_token if old is not None else None,
            "added": sorted(after - before),
            "removed": sorted(before - after),
        }
    if new_table is not None and asn_table is not None:
        ipv4_only = bool(new_table.ranges["ip_version"].eq(4).all())
        name = "asn-table.parquet" if ipv4_only else "asn-table.csv"
        target = folder / name
        if ipv4_only:
            with atomic_target(target) as temp:
                new_table.write_parquet(temp)
        else:
            _install_copy(Path(asn_table), target)
        for stale in ("asn-table.parquet", "asn-table.csv"):
            if stale != name:
                (folder / stale).unlink(missing_ok=True)
        entry = {
            "file": name,
            "rows": new_table.ranges.height,
            "sha256": _sha256(target),
            "installed_at": now,
            "source": str(asn_table),
        }
        manifest["asn_table"] = entry
        changes["asn_table"] = entry
    _write_manifest(folder, manifest)
    return changes


@click.group()
def feeds() -> None:
    """Install feeds you fetched (AWS ip-ranges.json, an ASN table). ueba never downloads."""


@feeds.command("update")
@click.option(
    "--ip-ranges",
    "ip_ranges",
    type=click.Path(dir_okay=False, exists=True),
    help="An ip-ranges.json you downloaded from https://ip-ranges.amazonaws.com/ip-ranges.json.",
)
@click.option(
    "--asn-table",
    "asn_table",
    type=click.Path(dir_okay=False, exists=True),
    help="IP range to ASN table: CSV 'start,end,asn,org' without a header, or Parquet.",
)
@click.option(
    "--dest",
    type=click.Path(file_okay=False),
    default=None,
    help="Feed directory (default: $UEBA_FEEDS_DIR or ~/.local/share/ueba/feeds).",
)
@click.option(
    "--force", is_flag=True, help="Install an ip-ranges.json older than the installed one."
)
@quiet_option
@handle_errors
def update(
    ip_ranges: str | None, asn_table: str | None, dest: str | None, force: bool, quiet: bool
) -> None:
    """Validate feed files and install them atomically, recording syncToken and createDate.

    Example: ueba feeds update --ip-ranges ip-ranges.json --asn-table asn-ipv4.csv
    """
    if ip_ranges is None and asn_table is None:
        raise click.UsageError("give --ip-ranges FILE and/or --asn-table FILE")
    folder = Path(dest) if dest is not None else default_feed_dir()
    changes = update_feeds(folder, ip_ranges=ip_ranges, asn_table=asn_table, force=force)
    if quiet:
        return
    ranges = changes.get("ip_ranges")
    if ranges is not None:
        added, removed = ranges["added"], ranges["removed"]
        say(
            f"ip-ranges: syncToken {ranges['previous_sync_token'] or '(none)'} -> "
            f"{ranges['sync_token']} (created {ranges['create_date']}), {ranges['prefixes']} "
            f"prefixes, {len(added)} added, {len(removed)} removed"
        )
        if ranges["previous_sync_token"] is not None:
            for prefix in added[:20]:
                say(f"  + {prefix}")
            for prefix in removed[:20]:
                say(f"  - {prefix}")
    table = changes.get("asn_table")
    if table is not None:
        say(f"asn-table: {table['rows']} ranges installed as {table['file']}")
    say(f"installed in {folder}")


def feed_status(dest: str | Path) -> dict[str, Any]:
    """What ``enrich`` would use from ``dest``: installed feeds from its manifest, or the bundled
    ip-ranges snapshot when none is installed."""
    folder = Path(dest)
    manifest = _read_manifest(folder)
    status: dict[str, Any] = {"dest": str(folder)}
    if "ip_ranges" in manifest and (folder / IP_RANGES_FILE).is_file():
        status["ip_ranges"] = {**manifest["ip_ranges"], "origin": "installed"}
    else:
        bundled = AwsIpRanges.bundled()
        status["ip_ranges"] = {
            "sync_token": bundled.sync_token,
            "create_date": bundled.create_date,
            "origin": "bundled",
        }
    table = manifest.get("asn_table")
    if table is not None and (folder / str(table.get("file", ""))).is_file():
        status["asn_table"] = {**table, "origin": "installed"}
    return status


def _line(text: str) -> None:
    click.echo(sanitize(text))  # a feed file's fields are text someone else wrote


@feeds.command("show")
@click.option(
    "--dest",
    type=click.Path(file_okay=False),
    default=None,
    help="Feed directory (default: $UEBA_FEEDS_DIR or ~/.local/share/ueba/feeds).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the status as one JSON object.")
@handle_errors
def show(dest: str | None, as_json: bool) -> None:
    """Show the installed feeds (syncToken, createDate, when and from where).

    Example: ueba feeds show --json
    """
    status = feed_status(Path(dest) if dest is not None else default_feed_dir())
    if as_json:
        click.echo(json.dumps(status, sort_keys=True))
        return
    ranges = status["ip_ranges"]
    _line(
        f"ip-ranges  syncToken {ranges['sync_token']}  created {ranges['create_date']}  "
        f"({ranges['origin']})"
    )
    table = status.get("asn_table")
    if table is None:
        _line("asn-table  none installed (AsnTable.bundled() ships an IPv4 table)")
    else:
        _line(f"asn-table  {table['rows']} ranges  installed {table['installed_at']}")
    _line(f"directory  {status['dest']}")


__all__ = ["feed_status", "feeds", "update_feeds"]
