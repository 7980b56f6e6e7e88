"""``ueba report``: one self-contained HTML page of the findings
(:func:`ueba.export.report.write_report`)."""

from __future__ import annotations

import json
import sys

import click
import polars as pl

from ueba.cli._common import handle_errors, lake_option, quiet_option, say
from ueba.cli._output import progress
from ueba.exceptions import InputError, UebaError

_OCSF_KEYS = frozenset({"class_uid", "finding_info", "category_uid", "type_uid"})


def _read_findings(path: str) -> pl.DataFrame:
    """ueba's findings from ``path``: JSON Lines (empty: no findings) or Parquet; not OCSF."""
    from ueba.export.report import read_findings
    from ueba.schema import FINDINGS, empty

    wrong = InputError(
        "this is OCSF (Detection Findings); the report needs ueba's own findings",
        path=path,
        fix="write them with `ueba score ... --format jsonl --out FILE` (or --format parquet)",
    )
    if path.endswith(".parquet"):
        import pyarrow.parquet as pq

        try:
            names = set(pq.read_schema(path).names)
        except (OSError, ValueError) as exc:
            raise InputError(f"not a Parquet file ({exc})", path=path) from exc
        if names & _OCSF_KEYS and "finding_id" not in names:
            raise wrong
        return read_findings(path)
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    first = next((line for line in head.splitlines() if line.strip()), b"")
    if not first:  # `ueba score --out f.jsonl` with no findings writes an empty file
        return empty(FINDINGS)
    try:
        row = json.loads(first)
    except (ValueError, RecursionError):
        row = None
    if isinstance(row, dict) and row.keys() & _OCSF_KEYS and "finding_id" not in row:
        raise wrong
    return read_findings(path)


@click.command("report")
@lake_option
@click.option(
    "--findings",
    "findings",
    required=True,
    type=click.Path(dir_okay=False, exists=True),
    help="Findings JSONL or Parquet (from `ueba score`).",
)
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False), help="The HTML file to write."
)
@click.option(
    "--model",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="A saved baseline for the charts.",
)
@click.option("--date", "day", default=None, help="Only findings active on this day (YYYY-MM-DD).")
@click.option("--max-findings", default=100, show_default=True, help="Most severe findings shown.")
@quiet_option
@handle_errors
def report(
    lake: str,
    findings: str,
    out: str,
    model: str | None,
    day: str | None,
    max_findings: int,
    quiet: bool,
) -> None:
    """Write one self-contained HTML page of the findings, each with timeline, chain and charts."""
    from ueba.export.report import write_report
    from ueba.io._fs import lake_exists

    if not lake_exists(lake):
        raise UebaError("no lake at this path", path=lake, fix="check --lake")
    frame = _read_findings(findings)
    with progress("investigating findings", quiet=quiet) as update:
        path = write_report(
            frame, lake, out, model=model, day=day, max_findings=max_findings, progress=update
        )
    if not quiet:
        say(f"wrote {path} ({frame.height} finding(s))")
    sys.stdout.flush()


__all__ = ["report"]
