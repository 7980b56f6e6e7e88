"""What ``score``, ``baseline`` and ``run`` check before and report after: fail closed."""

from __future__ import annotations

from typing import Any

from ueba._time import parse_window
from ueba.exceptions import ConfigError, LakeError
from ueba.schema import SEVERITIES

# Ten years: more is a typo, and beyond the calendar's range it would not even compute.
_MAX_WINDOW_DAYS = 3660


def valid_window(value: str, where: str = "--window") -> str:
    if parse_window(value, what=where) > _MAX_WINDOW_DAYS:
        raise ConfigError(
            f"{where} {value!r} is longer than {_MAX_WINDOW_DAYS} days",
            fix="give a window of days or weeks, e.g. 30d or 12w",
        )
    return value


def require_lake(lake: str) -> None:
    """A missing or empty lake is an error: scoring nothing must never look like a clean day."""

    from ueba.io._fs import lake_exists
    from ueba.io.lake import lake_partitions

    if not lake_exists(lake):
        raise LakeError(
            "no lake at this path",
            path=lake,
            fix="check --lake, or fill it first with `ueba ingest SOURCE --lake DIR`",
        )
    if not lake_partitions(lake):
        raise LakeError(
            "the lake holds no events",
            path=lake,
            fix="ingest CloudTrail into it first with `ueba ingest SOURCE --lake DIR`",
        )


def nothing_scored(lake: str, day: str) -> LakeError:
    if day == "latest":
        return LakeError(
            "no complete day to score: --day latest skips today (UTC) and any later day",
            path=lake,
            fix="give the day explicitly, e.g. --day 2024-07-31",
        )
    return LakeError(
        f"no events for --day {day}",
        path=lake,
        fix="check the date, or ingest that day's files first",
    )


def run_summary(
    command: str,
    lake: str,
    result: Any,
    code: int,
    lake_warnings: list[str],
    report: Any = None,
) -> dict[str, Any]:
    by_severity = {s: 0 for s in SEVERITIES}
    for severity in result.findings["severity"].to_list():
        by_severity[severity] = by_severity.get(severity, 0) + 1
    return {
        "command": command,
        "lake": lake,
        "files": None if report is None else report.files,
        "files_read": None if report is None else report.files_read,
        "events": None if report is None else report.events,
        "quarantined_files": None if report is None else report.quarantined_files,
        "quarantined_records": None if report is None else report.quarantined_records,
        "corrupt_parts": [] if report is None else report.corrupt_parts,
        "lake_warnings": lake_warnings,
        "events_scored": sum(d.events for d in result.days),
        "findings": result.findings.height,
        "findings_by_severity": by_severity,
        "days_scored": sorted({str(d.day) for d in result.days}),
        "exit_code": code,
    }


__all__ = ["nothing_scored", "require_lake", "run_summary", "valid_window"]
