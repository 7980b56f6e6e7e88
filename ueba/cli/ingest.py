"""``ueba ingest SOURCE... --lake DIR``: CloudTrail files into the Parquet lake."""

from __future__ import annotations

import logging
import os
import sys

import click

from ueba.cli._common import (
    EXIT_FATAL,
    handle_errors,
    lake_option,
    quiet_option,
    say,
    summary_option,
    write_summary,
)
from ueba.cli._output import progress

_UNITS = {
    "": 1,
    "B": 1,
    "K": 1024,
    "KB": 1024,
    "M": 1024**2,
    "MB": 1024**2,
    "G": 1024**3,
    "GB": 1024**3,
}


class ByteSize(click.ParamType):  # type: ignore[type-arg]
    """``512M``, ``2G``, ``1048576``."""

    name = "size"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().upper()
        number = text.rstrip("KMGB")
        unit = text[len(number) :]
        if unit not in _UNITS or not number.replace(".", "", 1).isdigit():
            self.fail(f"{value!r} is not a size like 512M or 2G", param, ctx)
        return int(float(number) * _UNITS[unit])


def _arrow_pool_for_ingest() -> None:
    """Arrow's jemalloc pool for this command's process, as its helpers get.

    Parquet's encoders allocate from Arrow's process-wide default pool whatever pool the
    writer is handed, and that default is chosen once, from ``ARROW_DEFAULT_MEMORY_POOL``,
    when pyarrow loads. mimalloc's (the default) fresh huge pages cost the calling process
    system time (11% of its CPU samples zeroing pages) and about 30 MB of peak RSS; a program
    may choose its own allocator, a library may not, so it is set here, before the import.
    The same goes for numpy's OpenBLAS threads, which spin at import (about 0.035 CPU s)
    for matrix work an ingest never gives them: one thread, none spinning, as the helpers.
    """
    from ueba.io._spawn import BLAS_VARIABLE, POOL_VARIABLE, jemalloc_assumed

    if "pyarrow" not in sys.modules and POOL_VARIABLE not in os.environ and jemalloc_assumed():
        os.environ[POOL_VARIABLE] = "jemalloc"
    if "numpy" not in sys.modules and BLAS_VARIABLE not in os.environ:
        os.environ[BLAS_VARIABLE] = "1"


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@lake_option
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes (default: up to 2; small inputs run in one process).",
)
@click.option(
    "--max-decompressed-bytes",
    type=ByteSize(),
    default="512M",
    show_default=True,
    help="Refuse a file that decompresses to more than this (gzip bomb guard).",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Read again files an earlier run could not read at all.",
)
@click.option("--s3-endpoint", default=None, help="S3-compatible endpoint URL for s3:// sources.")
@summary_option
@quiet_option
@handle_errors
def ingest(
    sources: tuple[str, ...],
    lake: str,
    workers: int | None,
    max_decompressed_bytes: int,
    retry_failed: bool,
    s3_endpoint: str | None,
    summary_json: str | None,
    quiet: bool,
) -> None:
    """Ingest CloudTrail from SOURCE files, directories, globs or s3:// prefixes into a lake.

    Exit codes: 0 all input stored, 3 some input quarantined (see the lake's _quarantine),
    1 fatal error, 2 usage error.

    \b
    Example:
        ueba ingest AWSLogs/ --lake lake/
        ueba ingest 's3://my-trail-bucket/AWSLogs/' --lake lake/ --quiet
    """
    _arrow_pool_for_ingest()
    # Not ueba.io.lake: this entry lists the sources and starts helper processes before
    # polars and Arrow are imported here, so both start-ups overlap.
    from ueba.io._entry import ingest as run_ingest

    try:
        with progress("ingesting files", quiet=quiet) as update:
            report = run_ingest(
                list(sources),
                lake,
                workers=workers,
                max_decompressed_bytes=max_decompressed_bytes,
                retry_failed=retry_failed,
                s3_endpoint=s3_endpoint,
                progress=update,
            )
    except OSError as exc:
        say(f"cannot write the lake {lake}: {exc}", level=logging.ERROR)
        sys.exit(EXIT_FATAL)
    except RuntimeError as exc:  # a worker process died (out of memory, killed)
        say(f"ingest stopped: {exc}. Run it again: it resumes", level=logging.ERROR)
        sys.exit(EXIT_FATAL)
    if not quiet:
        say(report.summary())
    write_summary(
        summary_json,
        {
            "command": "ingest",
            "lake": lake,
            "files": report.files,
            "files_read": report.files_read,
            "files_unchanged": report.files_unchanged,
            "events": report.events,
            "duplicates": report.duplicates,
            "quarantined_files": report.quarantined_files,
            "quarantined_records": report.quarantined_records,
            "corrupt_parts": report.corrupt_parts,
            "exit_code": report.exit_code,
        },
    )
    sys.exit(report.exit_code)


__all__ = ["ingest"]
