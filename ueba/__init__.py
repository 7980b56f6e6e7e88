"""ueba: find stolen and misused AWS credentials in CloudTrail.

The public face of the library. Names are imported lazily so that ``import ueba`` stays cheap
and optional extras (scikit-learn, ipwhois) are only imported by what needs them::

    import ueba
    report = ueba.ingest(["AWSLogs/"], lake="lake/")
    events = ueba.scan_lake("lake/", start="2024-07-01", end="2024-07-31")
    enriched = ueba.enrich(events, ip_ranges=ueba.AwsIpRanges.bundled())
    baseline = ueba.Baseline(window="30d").fit(enriched)
    findings = ueba.Scorer(baseline).score(enriched)
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # io
    "ingest": "ueba.io.lake",
    "IngestReport": "ueba.io.lake",
    "scan_lake": "ueba.io.lake",
    "read_cloudtrail": "ueba.io.cloudtrail",
    "scan_cloudtrail": "ueba.io.cloudtrail",
    "read_security_lake": "ueba.io.ocsf",
    "scan_security_lake": "ueba.io.ocsf",
    # enrichment
    "enrich": "ueba.enrichment",
    "AwsIpRanges": "ueba.enrichment.aws_ranges",
    "MaxMindReader": "ueba.enrichment.geo",
    "AsnTable": "ueba.enrichment.geo",
    # baseline and detection
    "Baseline": "ueba.baseline.profile",
    "Scorer": "ueba.detect.scorer",
    "Config": "ueba.config",
    "evaluate": "ueba.evaluation",
    # errors
    "UebaError": "ueba.exceptions",
    "InputError": "ueba.exceptions",
    "ConfigError": "ueba.exceptions",
    "ModelError": "ueba.exceptions",
    "FeedError": "ueba.exceptions",
    "SCHEMA_VERSION": "ueba.schema",
}

# sub-packages reachable as attributes: ueba.export.write_ocsf, ueba.investigate.key_timeline.
# A name is either an export or a sub-package, never both (ueba.enrich is the function; its
# package is ueba.enrichment), so what a name means does not depend on what was imported first.
_SUBMODULES = (
    "export",
    "investigate",
    "schema",
    "testing",
    "io",
    "enrichment",
    "baseline",
    "detect",
    "evaluation",
    "plot",
    "stream",
)

__all__ = sorted([*_EXPORTS, *_SUBMODULES, "__version__"])


def __getattr__(name: str) -> Any:
    # imported here, not at the top, so that ``import ueba`` loads no module but itself
    from ueba._lazy import resolve

    return resolve(__name__, _EXPORTS, name, _SUBMODULES)


def __dir__() -> list[str]:
    return __all__
