"""``ueba baseline --models`` saves models beside the baseline; ``score`` and ``run`` use them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("sklearn")
pytest.importorskip("skops")

from benchmarks.synth import generate_org, write_cloudtrail, write_geoip_mmdb
from ueba.cli import main
from ueba.detect.models import load_models
from ueba.exceptions import ModelError
from ueba.pipeline import load_model


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], str, dict[str, str]]:
    """A synthetic organisation's CloudTrail in a lake; every incident on its last day."""
    tmp = tmp_path_factory.mktemp("models-cli")
    org = generate_org(days=9, seed=2, scale=0.2, accounts=1, inject_days=1)
    write_cloudtrail(org.events, tmp / "trail")
    asn_db, city_db = write_geoip_mmdb(tmp / "geo")
    result = CliRunner().invoke(
        main, ["ingest", str(tmp / "trail"), "--lake", str(tmp / "lake"), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    attacked = dict(
        org.truth.filter(org.truth["kind"] == "compromise")
        .select("id", "principal_arn")
        .iter_rows()
    )
    return (
        tmp,
        ["--mmdb-asn", str(asn_db), "--mmdb-city", str(city_db)],
        org.day(8).isoformat(),
        attacked,
    )


def test_baseline_saves_the_named_models_and_score_reports_what_they_added(
    lake: tuple[Path, list[str], str, dict[str, str]],
) -> None:
    tmp, geo, day, truth = lake
    model = tmp / "models" / "synth"
    runner = CliRunner()
    built = runner.invoke(
        main,
        [
            "baseline",
            "--lake",
            str(tmp / "lake"),
            "--until",
            day,
            "--models",
            "rarity",
            "--out",
            str(model),
            "--quiet",
            *geo,
        ],
    )
    assert built.exit_code == 0, built.output
    index = json.loads((model / "models" / "models.json").read_text())
    assert [m["name"] for m in index["models"]] == ["rarity"]
    assert load_model(model) is not None  # the baseline is still there

    scored = runner.invoke(
        main,
        [
            "score",
            "--lake",
            str(tmp / "lake"),
            "--model",
            str(model),
            "--day",
            day,
            "--format",
            "jsonl",
            *geo,
        ],
    )
    assert scored.exit_code == 0, scored.output
    assert "models: rarity" in scored.stderr
    findings = [json.loads(line) for line in scored.stdout.splitlines() if line.strip()]
    by_model = [f for f in findings if "rarity" in f["rules"]]
    # the model adds to attacked principals only, and adds to C6 (slow recon with the app's own
    # address, client and keys), medium or above (medium by the model alone until the
    # eighteenth session's slow_recon signal; high with both)
    assert {f["principal_arn"] for f in by_model} <= set(truth.values())
    assert any(
        f["principal_arn"] == truth["C6"] and f["severity"] in ("medium", "high", "critical")
        for f in by_model
    )
    reasons = [r for f in by_model for r in f["reasons"]]
    assert any("TF-IDF" in r and "iam:" in r for r in reasons)
    assert any(e["rule"] == "rarity" for f in by_model for e in f["evidence"])


def test_an_unknown_model_name_is_a_usage_error_with_a_suggestion(
    lake: tuple[Path, list[str], str, dict[str, str]],
) -> None:
    tmp, geo, day, _ = lake
    result = CliRunner().invoke(
        main,
        [
            "baseline",
            "--lake",
            str(tmp / "lake"),
            "--until",
            day,
            "--models",
            "rarty",
            "--out",
            str(tmp / "models" / "bad"),
            "--quiet",
            *geo,
        ],
    )
    assert result.exit_code != 0
    assert "did you mean rarity?" in result.output
    assert not (tmp / "models" / "bad").exists()


@pytest.fixture(scope="module")
def default_model(lake: tuple[Path, list[str], str, dict[str, str]]) -> tuple[Path, str]:
    """``ueba baseline`` with no ``--models`` on the lake's days before the last: the model
    directory and what the command wrote on stderr (built once: the default-model test reads
    it, and the ``run`` test scores with a copy of it)."""
    tmp, geo, day, _ = lake
    default = tmp / "models" / "default"
    base = ["baseline", "--lake", str(tmp / "lake"), "--until", day, *geo]
    built = CliRunner().invoke(main, [*base, "--out", str(default)])
    assert built.exit_code == 0, built.output
    return default, built.stderr


def test_rarity_is_the_default_model_and_none_turns_models_off(
    lake: tuple[Path, list[str], str, dict[str, str]], default_model: tuple[Path, str]
) -> None:
    tmp, geo, day, _ = lake
    runner = CliRunner()
    (default, stderr), off = default_model, tmp / "models" / "off"
    base = ["baseline", "--lake", str(tmp / "lake"), "--until", day, *geo]
    assert "models: rarity" in stderr
    built = runner.invoke(main, [*base, "--out", str(off), "--models", "none"])
    assert built.exit_code == 0, built.output
    assert "no models" in built.stderr
    assert [type(m).__name__ for m in load_models(default)] == ["ApiRarityModel"]
    assert load_models(off) == [] and not (off / "models").exists()


def test_a_tampered_model_file_is_refused(
    lake: tuple[Path, list[str], str, dict[str, str]],
) -> None:
    tmp, geo, day, _ = lake
    model = tmp / "models" / "tamper"
    base = ["baseline", "--lake", str(tmp / "lake"), "--until", day, "--quiet", *geo]
    built = CliRunner().invoke(main, [*base, "--models", "rarity,iforest", "--out", str(model)])
    assert built.exit_code == 0, built.output
    assert [m.name for m in load_models(model)] == ["rarity", "isolation_forest"]
    skops_file = model / "models" / "rarity.skops"
    skops_file.write_bytes(skops_file.read_bytes() + b"\0")
    with pytest.raises(ModelError, match="SHA-256"):
        load_models(model)


def test_run_uses_and_keeps_the_models_of_the_model_directory(
    lake: tuple[Path, list[str], str, dict[str, str]], default_model: tuple[Path, str]
) -> None:
    tmp, geo, day, truth = lake
    model, saved = tmp / "models" / "run", tmp / "models" / "run-saved"
    base = ["--lake", str(tmp / "lake"), *geo]
    # `ueba baseline` with the default models, as built for the default-model test (`run`
    # keeps its incident store in the model directory: a copy of its own)
    shutil.copytree(default_model[0], model)
    ran = CliRunner().invoke(
        main,
        [
            "run",
            str(tmp / "trail"),
            *base,
            "--model",
            str(model),
            "--save-model",
            str(saved),
            "--day",
            day,
            "--format",
            "jsonl",
        ],
    )
    assert ran.exit_code == 0, ran.output
    assert f"models: rarity (from {model})" in ran.stderr
    findings = [json.loads(line) for line in ran.stdout.splitlines() if line.strip()]
    assert any("rarity" in f["rules"] and f["principal_arn"] == truth["C6"] for f in findings)
    assert [m.name for m in load_models(saved)] == ["rarity"] and load_model(saved) is not None
