"""Every scenario suite at once: run each ``benchmarks/eval_<suite>.py`` over its seeds in a few
chains side by side, keep each run's output, and summarise the seeds' per-tier tables into one
line per suite; ``--compare`` sets two such passes side by side, seed by seed.

    python benchmarks/eval_all.py --out /tmp/fin --chains 2             # every suite, 3 seeds
    python benchmarks/eval_all.py --out /tmp/fin --suites heldout39,heldout40
    python benchmarks/eval_all.py --out /tmp/fin --summary              # the table again
    python benchmarks/eval_all.py --out /tmp/fin --compare /tmp/last    # what moved

Each suite's output is ``OUT/<suite>.log`` and its runs ``OUT/<suite>/``; progress (a line per
suite as it ends, with the load average) goes to stderr, the table to stdout. The synthetic
suite runs as the final-tree evaluations ran it (``--seeds 0,1,2 --scale 2``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPECIAL = {"detection": ["--seeds", "0,1,2", "--scale", "2"]}
TIER = re.compile(
    r"^\| (info|low|medium|high|critical) \| (\d+)/(\d+) \| (\d+)/(\d+) \| (\d+) \| "
    r"([\d.]+) \| [\d.]+ \((\d+)\)"
)
# the runners' two tier tables: six columns (most held-out suites), ten (the first suite, the
# scenarios, the synthetic suite: recall, findings, precision and the mean per incident besides)
TIER10 = re.compile(
    r"^\| (info|low|medium|high|critical) \| (\d+)/(\d+) \| [\d.]+ \| (\d+)/\d+ \| \d+ \| "
    r"(\d+) \| ([\d.]+) \| [\d.]+ \| [\d.]+ \| (\d+) \|"
)
SEED = re.compile(r"^(?:#+ *|synthetic org: )?seed (\d+)\b", re.IGNORECASE)
INCIDENT = re.compile(r"\b([A-Za-z]+\d+[a-z]?):(-|info|low|medium|high|critical)(?=\s|$)")


def suites() -> list[str]:
    """Every suite runner, newest held-out suite first, then the first suite and the rest."""
    held = sorted(
        (p.stem[len("eval_") :] for p in HERE.glob("eval_heldout*.py")),
        key=lambda s: -int(s[len("heldout") :] or 1),
    )
    return [*held, "scenarios", "detection", "coldstart"]


def run_one(suite: str, out: Path, seeds: str) -> str:
    args = SPECIAL.get(suite, ["--seeds", seeds])
    cmd = [sys.executable, str(HERE / f"eval_{suite}.py"), *args, "--quiet"]
    cmd += ["--work", str(out / suite)]
    start = time.monotonic()
    log = out / f"{suite}.log"
    with open(log.with_suffix(".tmp"), "w") as fh:
        code = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, check=False).returncode
    os.replace(log.with_suffix(".tmp"), log)
    load = os.getloadavg()[0]
    return f"{suite}: exit {code}, {time.monotonic() - start:.0f} s, load {load:.1f}"


def parse(text: str) -> dict[int, dict[str, object]]:
    """Per seed: its tier rows (attacks found, total, benign flagged, false findings, false per
    1,000, max findings per incident) and each incident's highest severity."""
    seeds: dict[int, dict[str, object]] = {}
    current: dict[str, object] | None = None
    for line in text.splitlines():
        if m := SEED.match(line):
            current = seeds.setdefault(int(m.group(1)), {"tiers": {}, "incidents": {}})
        elif current is not None and (m := TIER.match(line) or TIER10.match(line)):
            tiers = current["tiers"]
            assert isinstance(tiers, dict)
            g = m.groups() if m.re is TIER10 else m.groups()[:4] + m.groups()[5:]
            tiers[g[0]] = (int(g[1]), int(g[2]), int(g[3]), int(g[4]), float(g[5]), int(g[6]))
        elif current is not None and line.startswith("Per incident"):
            incidents = current["incidents"]
            assert isinstance(incidents, dict)
            incidents.update(INCIDENT.findall(line))
    return seeds


def _per_seed(values: Iterable[object]) -> str:
    shown = [str(v) for v in values]
    return shown[0] if len(set(shown)) == 1 else " / ".join(shown)


def row(suite: str, text: str) -> str:
    seeds = parse(text)
    cells = []
    for tier, pick in (
        ("medium", "found"),
        ("medium", "false"),
        ("info", "false"),
        ("info", "max"),
    ):
        got = []
        for s in sorted(seeds):
            t = seeds[s]["tiers"]
            assert isinstance(t, dict)
            if tier not in t:
                continue
            found, total, _, _, per_1000, most = t[tier]
            got.append(
                f"{found}/{total}" if pick == "found" else most if pick == "max" else per_1000
            )
        cells.append(_per_seed(got) if got else "?")
    misses = sorted({ln[7:] for ln in text.splitlines() if ln.startswith("- MISS ")})
    misses += [ln for ln in text.splitlines() if ln.startswith("Cold-start targets")]
    return f"| {suite} | " + " | ".join(cells) + f" | {'; '.join(misses)[:300]} |"


def compare(suite: str, new: str, old: str) -> list[str]:
    """Every tier row and incident severity that differs, seed by seed."""
    a, b = parse(old), parse(new)
    out = []
    for s in sorted(set(a) | set(b)):
        ta, tb = a.get(s, {}).get("tiers", {}), b.get(s, {}).get("tiers", {})
        ia, ib = a.get(s, {}).get("incidents", {}), b.get(s, {}).get("incidents", {})
        assert isinstance(ta, dict) and isinstance(tb, dict)
        assert isinstance(ia, dict) and isinstance(ib, dict)
        for tier in sorted(set(ta) | set(tb)):
            if ta.get(tier) != tb.get(tier):
                out.append(f"{suite} seed {s} {tier}: {ta.get(tier)} -> {tb.get(tier)}")
        for inc in sorted(set(ia) | set(ib)):
            if ia.get(inc) != ib.get(inc):
                out.append(f"{suite} seed {s} {inc}: {ia.get(inc)} -> {ib.get(inc)}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, type=Path, help="Directory for logs and runs.")
    p.add_argument("--suites", help="Comma-separated suites (default: every suite).")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--chains", type=int, default=2, help="Suites run side by side.")
    p.add_argument("--summary", action="store_true", help="Only print the table of OUT.")
    p.add_argument("--compare", type=Path, help="An earlier OUT: print what moved.")
    args = p.parse_args(argv)
    chosen = args.suites.split(",") if args.suites else suites()
    if not (args.summary or args.compare):
        args.out.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(args.chains) as pool:
            runs = [pool.submit(run_one, s, args.out, args.seeds) for s in chosen]
            for done in as_completed(runs):
                print(done.result(), file=sys.stderr, flush=True)
    logs = {s: args.out / f"{s}.log" for s in chosen if (args.out / f"{s}.log").exists()}
    if args.compare:
        for s, log in logs.items():
            old = args.compare / f"{s}.log"
            if old.exists():
                print("\n".join(compare(s, log.read_text(), old.read_text())) or f"{s}: same")
        return 0
    print(
        "| suite | attacks medium+ | false medium+ per 1,000 | false any per 1,000 | "
        "findings / incident max | targets missed |"
    )
    print("|---|---|---|---|---|---|")
    for s, log in logs.items():
        print(row(s, log.read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
