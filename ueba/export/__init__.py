"""Findings out: OCSF Detection Finding JSON Lines (1.5.0 / 1.1.0), OCSF Parquet in the Security
Lake custom-source layout, plain JSON Lines, Parquet, a table.

>>> import ueba
>>> ueba.export.write_ocsf(findings, "findings.ocsf.jsonl")   # doctest: +SKIP
>>> ueba.export.write_ocsf_parquet(findings, "sl/ext/ueba/")  # doctest: +SKIP
>>> ueba.export.write_jsonl(findings, "findings.jsonl")       # doctest: +SKIP
>>> ueba.export.write_parquet(findings, "findings.parquet")   # doctest: +SKIP
>>> ueba.export.findings_html(findings)     # a notebook view  # doctest: +SKIP

Names are imported on first use, so ``import ueba.export`` does not load rich or the HTML report.
"""

from __future__ import annotations

from typing import Any

from ueba._lazy import resolve

_EXPORTS = {
    "write_ocsf": "ueba.export.ocsf",
    "to_ocsf": "ueba.export.ocsf",
    "write_ocsf_parquet": "ueba.export.ocsf_parquet",
    "write_jsonl": "ueba.export.jsonl",
    "write_parquet": "ueba.export.jsonl",
    "render_table": "ueba.export.jsonl",
    "write_report": "ueba.export.report",
    "render_report": "ueba.export.report",
    "read_findings": "ueba.export.report",
    "findings_html": "ueba._html",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    return resolve(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return __all__
