"""The synthetic organisation: a seeded AWS org with injected compromises, and its grading.

Benchmark data, built outside the package (as scikit-learn builds its ``asv_benchmarks`` data):
``_org`` generates the organisation day by day, ``_write`` writes CloudTrail files and GeoIP
databases (needs the dev-only ``mmdb_writer``), ``_eval`` runs the daily job over it and grades
the findings. ``_eval`` imports from ``_org``, never the reverse::

    from benchmarks.synth import generate_org, write_cloudtrail, write_geoip_mmdb
    org = generate_org(days=30, seed=7, scale=1.0)

See ``docs/evaluation.md``.
"""

from __future__ import annotations

from benchmarks.synth._eval import DetectionEval, evaluate_detection, grade, match_findings
from benchmarks.synth._org import (
    NETWORK,
    NETWORKS,
    TRUTH_SCHEMA,
    Network,
    OrgPlan,
    SynthOrg,
    day_date,
    day_events,
    generate_org,
    iter_days,
    make_plan,
    threat_ips,
    write_cloudtrail,
    write_geoip_mmdb,
    write_threat_list,
)

__all__ = [
    "NETWORK",
    "NETWORKS",
    "TRUTH_SCHEMA",
    "DetectionEval",
    "Network",
    "OrgPlan",
    "SynthOrg",
    "day_date",
    "day_events",
    "evaluate_detection",
    "generate_org",
    "grade",
    "iter_days",
    "make_plan",
    "match_findings",
    "threat_ips",
    "write_cloudtrail",
    "write_geoip_mmdb",
    "write_threat_list",
]
