"""``ueba baseline``, ``ueba score`` and ``ueba run``: learn, score, and the daily job."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ueba._time import parse_day
from ueba.cli._common import (
    config_option,
    exit_code,
    feed_options,
    handle_errors,
    lake_option,
    load_feeds,
    print_rich,
    printable,
    quiet_option,
    say,
    summary_option,
    watching_lake,
    write_summary,
)
from ueba.cli._daily import nothing_scored, require_lake, run_summary, valid_window
from ueba.cli._output import status
from ueba.exceptions import ConfigError, LakeError
from ueba.schema import SEVERITIES

F = TypeVar("F", bound=Callable[..., Any])


def _config(path: str | None) -> Any:
    from ueba.config import Config
    from ueba.detect.rules import build_rules

    config = Config.from_toml(path) if path else Config()
    build_rules(config)  # the rules check their own parameters: fail before reading the lake
    return config


def _day(value: str) -> str | dt.date:
    if value in ("latest", "all"):
        return value
    try:
        return parse_day(value, what="--day")
    except ConfigError as exc:
        raise ConfigError(f"{exc.message}, 'latest' or 'all'", fix=exc.fix) from None


def _emit(findings: Any, fmt: str, out: str | None, ocsf_version: str = "1.5.0") -> None:
    from ueba.export.jsonl import render_table, to_json_ready, write_jsonl, write_parquet
    from ueba.export.ocsf import to_ocsf, write_ocsf
    from ueba.export.ocsf_parquet import write_ocsf_parquet

    if fmt == "table":
        print_rich(render_table(printable(findings, markup=True)))
        return
    if fmt == "parquet":
        if out is None:
            raise ConfigError("--format parquet needs --out FILE", fix="add --out findings.parquet")
        write_parquet(findings, out)
    elif fmt == "ocsf-parquet":
        if out is None:
            raise ConfigError(
                "--format ocsf-parquet needs --out DIR", fix="add --out security-lake/ext/ueba"
            )
        write_ocsf_parquet(findings, out, version=ocsf_version)
    elif out is not None and fmt == "ocsf":
        write_ocsf(findings, out, version=ocsf_version)
    elif out is not None:
        write_jsonl(findings, out)
    elif fmt == "ocsf":
        import json

        for event in to_ocsf(findings, version=ocsf_version):
            click.echo(json.dumps(event, separators=(",", ":"), sort_keys=True))
    else:
        click.echo(to_json_ready(findings).write_ndjson(), nl=False)


def _fails(findings: Any, fail_on: str | None) -> bool:
    if fail_on is None or findings.height == 0:
        return False
    worst = max(SEVERITIES.index(s) for s in findings["severity"].to_list())
    return worst >= SEVERITIES.index(fail_on)


_OUTPUT = [
    click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "jsonl", "ocsf", "parquet", "ocsf-parquet"]),
        default="table",
        show_default=True,
        help="table for people; jsonl / ocsf (OCSF Detection Finding JSON Lines) / parquet; "
        "ocsf-parquet: OCSF Parquet under --out DIR in the Security Lake custom-source layout.",
    ),
    click.option(
        "--ocsf-version",
        type=click.Choice(["1.1.0", "1.5.0"]),
        default="1.5.0",
        show_default=True,
        help="OCSF version of --format ocsf / ocsf-parquet (1.1.0: Security Lake's own).",
    ),
    click.option(
        "--out",
        type=click.Path(),
        default=None,
        help="Write findings to this file (a directory for ocsf-parquet) instead of stdout.",
    ),
    click.option(
        "--fail-on",
        type=click.Choice(list(SEVERITIES)),
        default=None,
        help="Exit 4 when a finding is at or above this severity.",
    ),
    click.option(
        "--day",
        "day",
        default="latest",
        show_default=True,
        help="DATE, 'latest' (each account's newest day) or 'all' (every day).",
    ),
]


def _output_options(func: F) -> F:
    for opt in reversed(_OUTPUT):
        func = opt(func)
    return func


@click.command("baseline")
@lake_option
@click.option("--until", required=True, help="Learn from the days before this date (exclusive).")
@click.option("--window", default="30d", show_default=True, help="Days of history: 30d, 4w.")
@click.option(
    "--min-days",
    type=click.IntRange(min=1),
    default=7,
    show_default=True,
    help="Entities seen on fewer days are cold-start (judged with care).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Model directory to write, e.g. models/prod.",
)
@click.option(
    "--models",
    "model_names",
    default=None,
    help="Models to fit on the same days and save beside the baseline: rarity, iforest, "
    "iforest,rarity or none (needs ueba[ml]). Default: rarity when scikit-learn is installed.",
)
@feed_options
@quiet_option
@handle_errors
def baseline(
    lake: str,
    until: str,
    window: str,
    min_days: int,
    out: str,
    model_names: str | None,
    quiet: bool,
    **feeds: Any,
) -> None:
    """Learn a baseline from the lake's days before --until and save it under --out.

    \b
    Example:
        ueba baseline --lake lake/ --until 2024-07-31 --window 30d --out models/prod
        ueba baseline --lake lake/ --until 2024-07-31 --models rarity --out models/prod
    """
    from ueba.detect.models import build_models, default_models
    from ueba.pipeline import build_baseline, fit_and_save

    day = _day(until)
    if not isinstance(day, dt.date):
        raise ConfigError("--until needs a date", fix="give e.g. --until 2024-07-31")
    valid_window(window)
    require_lake(lake)
    asked = model_names is not None
    wanted = build_models(model_names if model_names is not None else default_models())
    enrich_options = load_feeds(**feeds)
    with status("Learning the baseline…", quiet=quiet):
        model = build_baseline(
            lake, until=day, window=window, min_days=min_days, enrich_options=enrich_options
        )
        principals = model.maturity_.filter(model.maturity_["scope"] == "principal").height
        if principals == 0:  # never replace a saved model with an empty one
            raise LakeError(
                f"no events in the {window} before {day}; nothing was saved to {out}",
                path=lake,
                fix="check --until and --window against the lake's days",
            )
        model.save(out)
    note = "no models"
    if wanted:
        with status(f"Fitting {', '.join(m.name for m in wanted)}…", quiet=quiet):
            note = fit_and_save(wanted, lake, model, out, enrich_options, required=asked)
    if not quiet:
        say(
            f"wrote {out}: window {model.window_start_:%Y-%m-%d} .. "
            f"{model.window_end_:%Y-%m-%d}, {principals} principal(s), "
            f"{model.profile_.height:,} profile rows; {note}"
        )


@click.command("score")
@lake_option
@click.option(
    "--model",
    type=click.Path(file_okay=False),
    default=None,
    help="A saved baseline (ueba baseline --out); without it only the rules that "
    "need no history run.",
)
@_output_options
@config_option
@feed_options
@summary_option
@quiet_option
@handle_errors
def score(
    lake: str,
    model: str | None,
    fmt: str,
    ocsf_version: str,
    out: str | None,
    fail_on: str | None,
    day: str,
    config_path: str | None,
    summary_json: str | None,
    quiet: bool,
    **feeds: Any,
) -> None:
    """Score a day of the lake against a saved baseline and print or write the findings.

    Open incidents are kept beside the model (--model DIR/incidents.parquet): a finding that
    goes on from an earlier run keeps its finding_id and is reported as an update.

    Exit codes: 0 done, 3 a damaged part of the lake was skipped, 4 a finding at or above
    --fail-on, 5 both 3 and 4, 1 fatal error (a missing or empty lake too), 2 usage error.

    \b
    Example:
        ueba score --lake lake/ --model models/prod --day 2024-07-31 --format ocsf --out f.jsonl
        ueba score --lake lake/ --model models/prod --day 2024-07-31 --fail-on high
    """
    from ueba.detect.models import load_models
    from ueba.pipeline import load_incidents, load_model, score_days

    which = _day(day)
    cfg = _config(config_path)
    fitted = load_model(model)
    if model is not None and fitted is None:
        raise ConfigError(
            f"no saved baseline in {model}",
            fix="build one with ueba baseline --lake L --until DATE --out DIR",
        )
    models = load_models(model)
    store = load_incidents(model)
    with watching_lake() as damage:
        require_lake(lake)
        with status("Scoring…", quiet=quiet):
            result = score_days(
                lake,
                baseline=fitted,
                which=which,
                config=cfg,
                update=False,
                enrich_options=load_feeds(**feeds),
                models=models,
                incidents=store,
            )
    if not result.days:
        raise nothing_scored(lake, day)
    if models:
        result.notes.append(f"models: {', '.join(m.name for m in models)} (from {model})")
    if store is not None:
        store.save()
    _emit(result.findings, fmt, out, ocsf_version)
    if not quiet:
        say(result.summary())
    code = exit_code(partial=bool(damage), findings=_fails(result.findings, fail_on))
    write_summary(summary_json, run_summary("score", lake, result, code, damage))
    sys.exit(code)


@click.command("run")
@click.argument("sources", nargs=-1, required=True)
@lake_option
@click.option(
    "--model",
    type=click.Path(file_okay=False),
    default=None,
    help="The baseline to start from (missing: learn from the lake).",
)
@click.option(
    "--save-model",
    type=click.Path(file_okay=False),
    default=None,
    help="Save the updated baseline here (default: keep it in memory only).",
)
@click.option(
    "--window",
    default=None,
    help="Window of a baseline learnt from scratch (default: [baseline] window, else 30d).",
)
@_output_options
@config_option
@feed_options
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Where the job runs: this host, or Spark (pip install 'ueba[spark]').",
)
@click.option(
    "--spark-master",
    default=None,
    help="Spark master for --engine spark, e.g. local[2]; unset under spark-submit.",
)
@summary_option
@quiet_option
@handle_errors
def run(
    sources: tuple[str, ...],
    lake: str,
    model: str | None,
    save_model: str | None,
    window: str | None,
    fmt: str,
    ocsf_version: str,
    out: str | None,
    fail_on: str | None,
    day: str,
    config_path: str | None,
    summary_json: str | None,
    quiet: bool,
    engine: str,
    spark_master: str | None,
    **feeds: Any,
) -> None:
    """The daily job: ingest SOURCE, update the baseline, score the newest day per account.

    Ingests new files into --lake, learns the days before each scored day (on top of --model
    when given), scores each account's newest day (--day latest) and prints the findings table
    on stdout and a summary on stderr. With --save-model, open incidents are kept there too
    (incidents.parquet), so tomorrow's run updates today's findings instead of repeating them.

    Exit codes: 0 done, 3 some input quarantined (or a damaged lake part skipped), 4 a finding
    at or above --fail-on, 5 both 3 and 4, 1 fatal error (nothing in the lake, a damaged
    --model), 2 usage error.

    \b
    Example:
        ueba run data/samples --lake .ueba/lake --model models/demo
        ueba run s3://trail/AWSLogs/ --lake s3://lake/org/ --model models/prod --save-model models/prod
        ueba run AWSLogs/ --lake lake/ --engine spark --spark-master 'local[2]'
    """
    from ueba.detect.models import load_models, save_models
    from ueba.engines import get_engine
    from ueba.pipeline import ingest, load_incidents, load_model, score_days

    cfg = _config(config_path)
    learn_window = valid_window(window or cfg.window)
    which = _day(day)
    start = load_model(model)  # a damaged model is an error here, before anything is written
    models = load_models(model)
    store = load_incidents(save_model)
    options = {"master": spark_master} if engine == "spark" else {}
    runner = get_engine(engine, **options)
    try:
        with watching_lake() as damage:
            with status("Ingesting…", quiet=quiet):
                report = ingest(list(sources), lake, engine=runner)
            if not quiet:
                say(report.summary())
            require_lake(lake)
            with status("Scoring…", quiet=quiet):
                result = score_days(
                    lake,
                    baseline=start,
                    which=which,
                    config=cfg,
                    update=True,
                    window=learn_window,
                    min_days=cfg.min_days,
                    enrich_options=load_feeds(**feeds),
                    models=models,
                    incidents=store,
                    engine=runner,
                )
    finally:
        runner.close()
    if not result.days:
        raise nothing_scored(lake, day)
    if models:
        result.notes.append(f"models: {', '.join(m.name for m in models)} (from {model})")
    if store is not None:
        store.save()
    if save_model and result.baseline is not None:
        result.baseline.save(save_model)  # the models go beside it too (a new directory)
        if models:
            save_models(models, save_model)
        result.notes.append(f"saved the updated baseline to {save_model}")
    elif save_model:
        result.notes.append(f"no baseline saved to {save_model}: no history before the scored days")
    _emit(result.findings, fmt, out, ocsf_version)
    if not quiet:
        say(result.summary())
    code = exit_code(
        partial=report.exit_code != 0 or bool(damage),
        findings=_fails(result.findings, fail_on),
    )
    write_summary(summary_json, run_summary("run", lake, result, code, damage, report))
    sys.exit(code)


__all__ = ["baseline", "run", "score"]
