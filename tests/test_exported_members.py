"""The public face is pinned, the httpx way: adding or dropping a name must change this file.

``ueba.__all__`` is compared with literal lists written here, not with the dict it is built
from, so a name that appears, disappears or is listed twice fails until a person agrees.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from types import ModuleType

import pytest

import ueba

EXPORTED = [
    "AsnTable",
    "AwsIpRanges",
    "Baseline",
    "Config",
    "ConfigError",
    "FeedError",
    "IngestReport",
    "InputError",
    "MaxMindReader",
    "ModelError",
    "SCHEMA_VERSION",
    "Scorer",
    "UebaError",
    "__version__",
    "baseline",
    "detect",
    "enrich",
    "enrichment",
    "evaluate",
    "evaluation",
    "export",
    "ingest",
    "investigate",
    "io",
    "plot",
    "read_cloudtrail",
    "read_security_lake",
    "scan_cloudtrail",
    "scan_lake",
    "scan_security_lake",
    "schema",
    "stream",
    "testing",
]
EXPECTED_SORTED = sorted(EXPORTED)

# Each stage package's own face: what `ueba.<stage>.<name>` promises.
STAGE_EXPORTS = {
    "ueba.io": [
        "IngestReport",
        "LakeCheck",
        "ParsedFile",
        "SourceFile",
        "check_lake",
        "ingest",
        "lake_partitions",
        "list_sources",
        "parse_bytes",
        "read_cloudtrail",
        "read_security_lake",
        "scan_cloudtrail",
        "scan_lake",
        "scan_security_lake",
    ],
    "ueba.enrichment": [
        "default_feeds",
        "enrich",
        "enrich_identity",
        "enrich_network",
        "enrich_user_agent",
    ],
    "ueba.detect": ["HITS", "IsolationForestModel", "RULES", "Rule", "Scorer", "add_features"],
    "ueba.testing": ["FakeGeoReader", "check_rule", "make_events"],
}


def test_exported_names_are_exactly_the_pinned_list() -> None:
    assert ueba.__all__ == EXPECTED_SORTED


def test_no_exported_name_is_listed_twice() -> None:
    assert len(ueba.__all__) == len(set(ueba.__all__))


@pytest.mark.parametrize("name", EXPORTED)
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(ueba, name) is not None


def test_dir_lists_the_exported_names() -> None:
    assert sorted(dir(ueba)) == EXPECTED_SORTED


@pytest.mark.parametrize("package", sorted(STAGE_EXPORTS))
def test_each_stage_package_exports_its_pinned_names(package: str) -> None:
    module = importlib.import_module(package)
    assert sorted(module.__all__) == STAGE_EXPORTS[package]
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package}.{name}"


def test_exports_are_defined_where_they_are_named_from() -> None:
    # `ueba.Scorer` and `ueba.detect.Scorer` are one class, not two copies.
    assert ueba.Scorer is ueba.detect.Scorer
    assert ueba.scan_lake is ueba.io.scan_lake
    assert ueba.enrich is ueba.enrichment.enrich


def test_ueba_enrich_is_the_function_whatever_was_imported_first() -> None:
    # Once a sub-module is imported, Python binds it as an attribute of its parent package; so
    # a name shared by a package and a function changes meaning with import order. Each order
    # runs in a fresh interpreter.
    orders = [
        "import ueba",
        "import ueba.enrichment",
        "import ueba.enrichment.identity",
        "from ueba.enrichment.network import enrich_network",
        "import ueba.cli.enrich",
    ]
    for first in orders:
        code = f"{first}\nimport ueba\nprint(type(ueba.enrich).__name__, callable(ueba.enrich))"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.split() == ["function", "True"], first


def test_import_ueba_loads_no_stage_module() -> None:
    code = "import sys, ueba\nprint(sorted(m for m in sys.modules if m.startswith('ueba')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['ueba']"


def test_stage_packages_import_no_stage_module_of_their_own() -> None:
    # `import ueba.io` in an ingest worker, or `import ueba.detect` for one rule, stays cheap.
    code = (
        "import sys, ueba.io, ueba.detect, ueba.export\n"
        "print(sorted(m for m in sys.modules if m.startswith('ueba')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # ueba._lazy is the ground-floor resolver of the packages' lazy names, not a stage
    assert out.stdout.strip() == "['ueba', 'ueba._lazy', 'ueba.detect', 'ueba.export', 'ueba.io']"


def _public(module: ModuleType) -> set[str]:
    return {name for name in module.__all__ if not name.startswith("_")}


def test_stage_names_reachable_from_the_top_are_the_stage_packages_own() -> None:
    for name in _public(ueba.io) & set(EXPORTED):
        assert getattr(ueba, name) is getattr(ueba.io, name), name
