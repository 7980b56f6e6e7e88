"""The public face: every name in ``ueba.__all__`` resolves, and nothing else leaks."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import ueba


@pytest.mark.parametrize("name", ueba.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(ueba, name) is not None


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'not_a_thing'"):
        _ = ueba.not_a_thing  # type: ignore[attr-defined]


def test_import_is_lazy_and_has_no_heavy_side_effects() -> None:
    # `import ueba` must not pull in scikit-learn or ipwhois, nor touch the network.
    code = "import sys, ueba; print('sklearn' in sys.modules, 'ipwhois' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_errors_read_like_a_sentence_with_the_file_and_the_fix() -> None:
    err = ueba.UebaError(
        "truncated gzip stream", path="a.json.gz", record=4, fix="re-copy the file"
    )
    assert str(err) == "a.json.gz, record 4: truncated gzip stream. re-copy the file."
    assert isinstance(err, ValueError)


def test_schema_version_is_recorded() -> None:
    schema = importlib.import_module("ueba.schema")
    assert ueba.SCHEMA_VERSION == schema.SCHEMA_VERSION


# The public names, pinned: adding or dropping one must be deliberate (and documented).
PUBLIC = {
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
    "testing",
}


def test_the_public_names_are_exactly_the_pinned_ones() -> None:
    assert set(ueba.__all__) == PUBLIC


def test_evaluate_stays_the_function_after_its_package_is_imported() -> None:
    importlib.import_module("ueba.evaluation")
    assert callable(ueba.evaluate) and ueba.evaluate is ueba.evaluation.evaluate
