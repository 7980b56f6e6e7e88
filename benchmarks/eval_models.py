"""What does each model add to the rules? Recall at medium+ at the same false-finding rate.

Runs the daily job of ``benchmarks/eval_detection.py`` over the seeded synthetic organisation
(``benchmarks.synth``: enrich each day, ``Baseline.fit`` / ``update``), fits every model on
the days before the first injected day (what ``ueba baseline --models`` would learn), and scores
each injected day once per variant: the rules alone, the rules plus each model, the rules plus
all models. Each variant is graded with ``benchmarks.synth.grade`` (the same matching as the
evaluation). Per seed and variant it prints, at each tier (medium+ and low+): compromises found,
benign changes flagged, false findings and false findings per 1,000 principal-days.

A model earns its place in the defaults when, over the seeds, it raises recall at medium+
without raising the false-finding rate at medium+ (or any benign change to medium+).

``--suite scenarios`` does the same on the adversarial scenario suite (``benchmarks/scenarios``,
written independently of ``benchmarks.synth``): CloudTrail files -> ``ueba.ingest`` -> the
daily job (``score_days``, what ``ueba run`` calls) on each scored day, models fitted on the
lake's days before the first scored day, every variant graded by ``ueba.evaluate``.

Run::

    python benchmarks/eval_models.py --seeds 0,1,2 --days 30 --scale 8 --inject-days 6
    python benchmarks/eval_models.py --suite scenarios --seeds 1,2,3 --days 30 --scale 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

from benchmarks.synth import TRUTH_SCHEMA, day_date, day_events, grade, make_plan
from benchmarks.synth._write import write_geoip_mmdb, write_threat_list
from ueba.baseline.profile import Baseline
from ueba.config import Config
from ueba.detect.models import build_models
from ueba.detect.scorer import Scorer
from ueba.enrichment import enrich
from ueba.enrichment.aws_ranges import AwsIpRanges
from ueba.enrichment.geo import MaxMindReader
from ueba.schema import UTC_US

TIERS = {"medium+": ("medium", "high", "critical"), "low+": ("low", "medium", "high", "critical")}


def run_seed(seed: int, args: argparse.Namespace, names: list[str]) -> list[dict[str, Any]]:
    plan = make_plan(
        days=args.days,
        seed=seed,
        scale=args.scale,
        accounts=args.accounts,
        inject_days=args.inject_days,
    )
    variants: dict[str, list[str]] = {"rules": []}
    variants.update({f"rules+{n}": [n] for n in names})
    if len(names) > 1:
        variants["rules+" + "+".join(names)] = names
    with tempfile.TemporaryDirectory(prefix="ueba-models-") as work:
        asn_db, city_db = write_geoip_mmdb(Path(work))
        threat = write_threat_list(Path(work) / "threat.txt")
        cfg = Config(
            threat_networks=tuple(x.strip() for x in threat.read_text().splitlines() if x.strip())
        )
        ranges = AwsIpRanges.bundled()
        geo = MaxMindReader(asn_db=asn_db, city_db=city_db)
        models = {n: m for n, m in zip(names, build_models(names), strict=True)}
        feats: dict[str, list[pl.DataFrame]] = {n: [] for n in names}
        baseline: Any = None
        found: dict[str, list[pl.DataFrame]] = {v: [] for v in variants}
        truth: list[dict[str, Any]] = list(plan.benign)
        principal_days, scored = 0, []
        for index in range(plan.days):
            events, injected = day_events(plan, index)
            truth += injected
            today = enrich(events.lazy(), ip_ranges=ranges, geo=geo).collect()
            day = day_date(plan, index)
            if index == plan.inject_from:
                for n in names:
                    models[n].fit_features(pl.concat(feats[n], how="vertical_relaxed"))
            if index >= plan.inject_from:
                for v, members in variants.items():
                    fitted = [models[n] for n in members]
                    out = Scorer(baseline, config=cfg, models=fitted).score(today.lazy()).collect()
                    found[v].append(out.with_columns(day=pl.lit(day)))
                principal_days += today.select(
                    pl.col("principal_arn").drop_nulls().n_unique()
                ).item()
                scored.append(day)
            else:
                for n in names:
                    feats[n].append(models[n].features(today.lazy()))
            if baseline is None:
                baseline = Baseline(window="30d", min_days=7).fit(
                    today.lazy(), until=day + dt.timedelta(days=1)
                )
            else:
                baseline.update(today.lazy(), until=day + dt.timedelta(days=1))
            if not args.quiet:
                print(f"\rseed {seed} day {day}   ", end="", file=sys.stderr, flush=True)
    table = pl.DataFrame(
        truth, schema={**TRUTH_SCHEMA, "start": pl.Int64(), "end": pl.Int64()}, orient="row"
    )
    table = table.with_columns(pl.col("start", "end").cast(UTC_US))
    rows = []
    for v, frames in found.items():
        result = grade(pl.concat(frames, how="vertical"), table, principal_days, scored)
        matched = result.findings.join(
            table.select("id", "kind"), left_on="incident", right_on="id", how="left"
        )
        for tier, severities in TIERS.items():
            at = matched.filter(pl.col("severity").is_in(severities))
            attacks = at.filter(pl.col("kind") == "compromise")["incident"].n_unique()
            benign = at.filter(pl.col("kind") == "benign_change")["incident"].n_unique()
            false = at.filter(pl.col("incident").is_null()).height
            rows.append(
                {
                    "seed": seed,
                    "variant": v,
                    "tier": tier,
                    "attacks": table.filter(pl.col("kind") == "compromise").height,
                    "found": attacks,
                    "benign_flagged": benign,
                    "false": false,
                    "principal_days": principal_days,
                    "false_per_1000": round(1000 * false / max(principal_days, 1), 2),
                    "missed": ",".join(
                        sorted(
                            set(table.filter(pl.col("kind") == "compromise")["id"])
                            - set(at["incident"].drop_nulls())
                        )
                    ),
                    "benign_ids": _ids(at.filter(pl.col("kind") == "benign_change")),
                    "_at": at.select(
                        "score", "incident", (pl.col("kind") == "compromise").alias("attack")
                    ),
                }
            )
    return rows


def _ids(frame: pl.DataFrame) -> str:
    return ",".join(sorted(set(frame["incident"].drop_nulls().to_list())))


def found_within(at: pl.DataFrame, budget: int) -> int:
    """Attacks found by the highest-scoring findings of ``at`` while at most ``budget`` of them
    are false (not an attack): recall at a given number of false findings."""
    ranked = at.sort("score", descending=True).with_columns(
        (~pl.col("attack").fill_null(False)).cum_sum().alias("_false")
    )
    kept = ranked.filter(pl.col("_false") <= budget)
    return kept.filter(pl.col("attack").fill_null(False))["incident"].n_unique()


def run_scenario_seed(
    seed: int, args: argparse.Namespace, names: list[str]
) -> list[dict[str, Any]]:
    """One seed of the adversarial suite: every variant scored with the same baseline."""
    import ueba
    from ueba.evaluation import population_from_lake
    from ueba.pipeline import enriched_between, lake_days, score_days

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.scenarios import generate

    variants: dict[str, list[str]] = {"rules": []}
    variants.update({f"rules+{n}": [n] for n in names})
    if len(names) > 1:
        variants["rules+" + "+".join(names)] = names
    rows = []
    with tempfile.TemporaryDirectory(prefix="ueba-models-sc-") as work:
        written = generate(
            Path(work) / "scenario",
            seed=seed,
            days=args.days,
            scale=args.scale,
            scored_days=args.scored_days,
        )
        lake = Path(work) / "lake"
        ueba.ingest([written.trail], lake=lake)
        config = Config(threat_networks=tuple(x for x in written.threat.read_text().split() if x))
        options: dict[str, Any] = {
            "geo": MaxMindReader(asn_db=written.asn_db, city_db=written.city_db),
            "ip_ranges": AwsIpRanges.bundled(),
        }
        first = min(lake_days(lake)["day"].to_list())
        history = enriched_between(
            lake, first, written.scored[0] - dt.timedelta(days=1), enrich_options=options
        ).collect()
        models = {n: m.fit(history.lazy()) for n, m in zip(names, build_models(names), strict=True)}
        del history
        baseline: Any = None
        found: dict[str, list[pl.DataFrame]] = {v: [] for v in variants}
        for day in written.scored:
            # learn the days before `day` once; then score `day` per variant without learning
            result = score_days(
                lake,
                baseline=baseline,
                which=day,
                config=config,
                update=True,
                enrich_options=options,
            )
            baseline = result.baseline
            found["rules"].append(result.findings)
            for v, members in variants.items():
                if members:
                    scored = score_days(
                        lake,
                        baseline=baseline,
                        which=day,
                        config=config,
                        update=False,
                        enrich_options=options,
                        models=[models[n] for n in members],
                    )
                    found[v].append(scored.findings)
            if not args.quiet:
                print(f"\rscenarios seed {seed} day {day}   ", end="", file=sys.stderr, flush=True)
        population = population_from_lake(lake, start=written.scored[0], end=written.scored[-1])
        for v, frames in found.items():
            graded = ueba.evaluate(
                pl.concat(frames, how="vertical"), written.truth, population=population
            )
            for tier, name in (("medium+", "medium"), ("low+", "low")):
                t = graded.tier(name)
                at = graded.findings.filter(pl.col("severity").is_in(TIERS[tier]))
                reached = pl.col("max_severity").is_in(TIERS[tier]).fill_null(False)
                missed = graded.incidents.filter((pl.col("label") == "attack") & ~reached)[
                    "id"
                ].to_list()
                rows.append(
                    {
                        "seed": seed,
                        "variant": v,
                        "tier": tier,
                        "attacks": t["attacks"],
                        "found": t["attacks_found"],
                        "benign_flagged": t["benign_flagged"],
                        "false": t["false_findings"],
                        "principal_days": population,
                        "false_per_1000": round(t["false_per_1000"] or 0.0, 2),
                        "missed": ",".join(sorted(missed)),
                        "benign_ids": _ids(at.filter(pl.col("label") == "benign")),
                        "_at": at.select(
                            "score", "incident", (pl.col("label") == "attack").alias("attack")
                        ),
                    }
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--scale", type=float, default=8.0)
    parser.add_argument("--accounts", type=int, default=2)
    parser.add_argument("--inject-days", type=int, default=6)
    parser.add_argument("--models", default="iforest,rarity")
    parser.add_argument("--suite", choices=["synthetic", "scenarios"], default="synthetic")
    parser.add_argument("--scored-days", type=int, default=5, help="scenarios: days scored")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.models.split(",") if n.strip()]
    started = time.perf_counter()
    load_before = os.getloadavg()
    rows: list[dict[str, Any]] = []
    for seed in (int(s) for s in args.seeds.split(",")):
        run = run_seed if args.suite == "synthetic" else run_scenario_seed
        rows += run(seed, args, names)
    if not args.quiet:
        print(file=sys.stderr)
    # recall at equal false findings: each variant's highest-scoring findings of a tier, cut where
    # they hold as many non-attack findings as the rules alone produced at that tier and seed
    budget = {
        (r["seed"], r["tier"]): int((~r["_at"]["attack"].fill_null(False)).sum())
        for r in rows
        if r["variant"] == "rules"
    }
    for r in rows:
        r["found_at_equal_false"] = found_within(r["_at"], budget[(r["seed"], r["tier"])])
    frame = pl.DataFrame([{k: v for k, v in r.items() if k != "_at"} for r in rows])
    print(
        f"suite {args.suite}, seeds {args.seeds}, days {args.days}, scale {args.scale}, "
        + (
            f"accounts {args.accounts}, inject days {args.inject_days}"
            if args.suite == "synthetic"
            else f"scored days {args.scored_days}"
        )
        + f"; wall {time.perf_counter() - started:.0f} s; load average "
        f"{load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after\n"
    )
    print(
        "| seed | variant | tier | compromises found | at the rules' false findings | benign changes "
        "flagged | false findings | per 1,000 principal-days | missed |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in frame.sort("tier", "seed", "variant", descending=[True, False, False]).iter_rows(
        named=True
    ):
        print(
            f"| {r['seed']} | {r['variant']} | {r['tier']} | {r['found']}/{r['attacks']} | "
            f"{r['found_at_equal_false']}/{r['attacks']} | {r['benign_flagged']} "
            f"{('(' + r['benign_ids'] + ')') if r['benign_ids'] else ''} | "
            f"{r['false']} | {r['false_per_1000']:.2f} | {r['missed'] or '-'} |"
        )
    total = frame.group_by("variant", "tier").agg(
        pl.col("found").sum(),
        pl.col("found_at_equal_false").sum(),
        pl.col("attacks").sum(),
        pl.col("false").sum(),
        pl.col("benign_flagged").sum(),
        pl.col("principal_days").sum(),
    )
    rules = {r["tier"]: r for r in total.filter(pl.col("variant") == "rules").iter_rows(named=True)}
    print(
        "\n| variant | tier | recall (all seeds) | lift vs rules | recall at the rules' false "
        "findings | false per 1,000 | benign flagged |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in total.sort("tier", "variant", descending=[True, False]).iter_rows(named=True):
        base = rules[r["tier"]]
        print(
            f"| {r['variant']} | {r['tier']} | {r['found']}/{r['attacks']} | {r['found'] - base['found']:+d} | "
            f"{r['found_at_equal_false']}/{r['attacks']} | {1000 * r['false'] / max(r['principal_days'], 1):.2f} | {r['benign_flagged']} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
