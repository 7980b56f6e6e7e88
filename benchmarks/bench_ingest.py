"""Ingest speed: ``ueba ingest`` against DuckDB ``read_json`` -> Parquet, side by side.

Both engines read the same seeded S3-layout corpus (``benchmarks.corpus``: gzipped
``{"Records": [...]}`` files) and write Parquet of the same fields, with 2 threads/processes.
Each engine runs in its own subprocess, so peak RSS is that process's own (plus, for ueba, its
worker processes). Reported: events/s, MB/s of uncompressed JSON, peak RSS and the
ueba/DuckDB ratio, per corpus size (0.2 GB and 1 GB by default, to show RSS stays flat).

    python benchmarks/bench_ingest.py                      # 0.2 GB and 1 GB, 3 paired runs
    python benchmarks/bench_ingest.py --sizes 0.05 --runs 1  # a quick look
    python benchmarks/bench_ingest.py --sizes '' --dirs /tmp/c1g --small --runs 3
        # an existing corpus directory (e.g. tools/gen_cloudtrail.py's), and the five-minute
        # corpus: >= 40,000 small files, 3 accounts x 3 regions x 30 days (DuckDB is left out
        # of that one unless --small-duckdb: it needed 402 s and 15 GB there)
    python benchmarks/bench_ingest.py --stages DIR         # per-event cost: gunzip, scan, Arrow, Parquet
    python benchmarks/bench_ingest.py --memory 0.2GB=/tmp/c1g/AWSLogs:240,1GB=/tmp/c1g/AWSLogs \
        --bomb    # peak RSS (parent, worker, total) per input size, and for a gzip bomb

Set UEBA_SCANNER=off to measure the pure-Python parser instead of the compiled scanner.

Never run from the test suite: speed is a ratio against a peer measured here, not an assert.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# run as a script (python benchmarks/X.py), the repository root is not on the path
if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._ingest_corpora import corpus_of, dir_corpus, gzip_bomb, small_corpus, subset

THREADS = 2

# The DuckDB side: the fields of ueba's EVENTS, from an explicit schema (records=true; with
# format auto and no columns it is about 10x slower, see MEASUREMENTS.md).
_S = "VARCHAR"
_RECORD = f"""STRUCT(
  eventVersion {_S}, eventTime {_S}, eventSource {_S}, eventName {_S}, awsRegion {_S},
  sourceIPAddress {_S}, userAgent {_S}, errorCode {_S}, errorMessage {_S}, readOnly BOOLEAN,
  eventType {_S}, managementEvent BOOLEAN, eventCategory {_S}, recipientAccountId {_S},
  eventID {_S}, requestID {_S}, sharedEventID {_S}, vpcEndpointId {_S},
  vpcEndpointAccountId {_S}, sessionCredentialFromConsole {_S},
  tlsDetails STRUCT(tlsVersion {_S}, cipherSuite {_S}, clientProvidedHostHeader {_S}),
  userIdentity STRUCT(type {_S}, principalId {_S}, arn {_S}, accountId {_S},
    accessKeyId {_S}, userName {_S}, invokedBy {_S}, identityProvider {_S},
    credentialId {_S}, onBehalfOf STRUCT(userId {_S}),
    sessionContext STRUCT(
      attributes STRUCT(creationDate {_S}, mfaAuthenticated {_S}),
      sessionIssuer STRUCT(type {_S}, principalId {_S}, arn {_S}, accountId {_S}, userName {_S}),
      webIdFederationData STRUCT(federatedProvider {_S}),
      sourceIdentity {_S}, ec2RoleDelivery {_S})),
  requestParameters JSON, responseElements JSON, resources JSON,
  additionalEventData JSON, serviceEventDetails JSON)"""

_DUCKDB_SELECT = """
SELECT
  r.eventTime::TIMESTAMPTZ AS event_time, r.eventVersion AS event_version,
  r.eventSource AS event_source, r.eventName AS event_name, r.awsRegion AS aws_region,
  r.sourceIPAddress AS source_ip_address, r.userAgent AS user_agent,
  r.errorCode AS error_code, r.errorMessage AS error_message, r.readOnly AS read_only,
  r.eventType AS event_type, r.managementEvent AS management_event,
  r.eventCategory AS event_category, r.recipientAccountId AS recipient_account_id,
  r.eventID AS event_id, r.requestID AS request_id, r.sharedEventID AS shared_event_id,
  r.vpcEndpointId AS vpc_endpoint_id, r.vpcEndpointAccountId AS vpc_endpoint_account_id,
  r.tlsDetails.tlsVersion AS tls_version, r.tlsDetails.cipherSuite AS tls_cipher_suite,
  r.tlsDetails.clientProvidedHostHeader AS tls_client_provided_host_header,
  r.sessionCredentialFromConsole = 'true' AS session_credential_from_console,
  r.userIdentity.type AS identity_type, r.userIdentity.arn AS identity_arn,
  r.userIdentity.principalId AS identity_principal_id,
  r.userIdentity.accountId AS identity_account_id,
  r.userIdentity.accessKeyId AS access_key_id, r.userIdentity.userName AS identity_user_name,
  r.userIdentity.invokedBy AS invoked_by, r.userIdentity.identityProvider AS identity_provider,
  r.userIdentity.credentialId AS credential_id,
  r.userIdentity.onBehalfOf.userId AS on_behalf_of_user_id,
  r.userIdentity.sessionContext.sessionIssuer.type AS session_issuer_type,
  r.userIdentity.sessionContext.sessionIssuer.arn AS session_issuer_arn,
  r.userIdentity.sessionContext.sessionIssuer.principalId AS session_issuer_principal_id,
  r.userIdentity.sessionContext.sessionIssuer.userName AS session_issuer_user_name,
  r.userIdentity.sessionContext.sessionIssuer.accountId AS session_issuer_account_id,
  r.userIdentity.sessionContext.attributes.creationDate::TIMESTAMPTZ AS session_creation_date,
  r.userIdentity.sessionContext.attributes.mfaAuthenticated = 'true' AS mfa_authenticated,
  r.userIdentity.sessionContext.sourceIdentity AS source_identity,
  r.userIdentity.sessionContext.ec2RoleDelivery AS ec2_role_delivery,
  r.userIdentity.sessionContext.webIdFederationData.federatedProvider
    AS web_id_federation_provider,
  r.requestParameters::VARCHAR AS request_parameters,
  r.responseElements::VARCHAR AS response_elements, r.resources::VARCHAR AS resources,
  r.additionalEventData::VARCHAR AS additional_event_data,
  r.serviceEventDetails::VARCHAR AS service_event_details,
  filename AS source_file
FROM (
  SELECT unnest(Records) AS r, filename
  FROM read_json({glob}, records = true, format = 'auto', filename = true,
                 columns = {{'Records': '{record}[]'}}, maximum_object_size = 268435456)
)
"""


# ---------------------------------------------------------------------------------------------
# Engines: each runs in its own process (``--engine``) and prints one JSON line.


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


# Each helper's own peak RSS, written by the helper as it exits. ``RUSAGE_CHILDREN`` is not
# it for a helper started mid-run (as one in place of a retired helper was: twenty-seventh
# session in ``results/ingest.md``): the kernel takes a child's peak over the image it
# replaced at ``exec``, the parent's, so such a child "peaks" at the parent's size when it
# was started. For helpers started first, as now, the two figures are equal.
_PEAKS = "UEBA_BENCH_HELPER_PEAKS"


def _write_own_peak() -> None:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    with open(os.environ[_PEAKS], "a") as out:
        out.write(f"{os.getpid()} {peak}\n")  # KiB; one short append per helper


if __name__ == "__mp_main__" and os.environ.get(_PEAKS) and Path("/proc/self/status").exists():
    # A spawned helper runs this script as ``__mp_main__`` before its target.
    import atexit

    atexit.register(_write_own_peak)


def _helper_peaks_mb(path: Path) -> float | None:
    """The largest peak the helpers wrote (None when none did: not on Linux)."""
    if not path.exists():
        return None
    return max(int(line.split()[1]) for line in path.read_text().splitlines()) / 1024


def run_ueba(corpus: Path, out: Path, workers: int = THREADS) -> dict[str, Any]:
    from click.testing import CliRunner

    from ueba.cli import main

    # The real command, in this process, so its RSS and its workers' are this process's.
    result = CliRunner().invoke(
        main, ["ingest", str(corpus), "--lake", str(out), "--workers", str(workers), "--quiet"]
    )
    if result.exit_code not in (0, 3):  # 3: something quarantined (the gzip bomb)
        raise SystemExit(f"ueba ingest failed ({result.exit_code}): {result.output}")
    return {}


def count_ueba(out: Path) -> int:
    import polars as pl

    from ueba.io.lake import scan_lake

    return int(scan_lake(out).select(pl.len()).collect().item())


def run_duckdb(corpus: Path, out: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {THREADS}")
    con.execute("SET preserve_insertion_order = false")
    pattern = str(corpus / "**" / "*.json.gz").replace("'", "''")
    select = _DUCKDB_SELECT.format(glob=f"'{pattern}'", record=" ".join(_RECORD.split()))
    out.mkdir(parents=True, exist_ok=True)
    target = str(out / "events.parquet").replace("'", "''")
    con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    return {}


def count_duckdb(out: Path) -> int:
    import duckdb

    target = str(out / "events.parquet").replace("'", "''")
    found = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{target}')").fetchone()
    return int(found[0]) if found else 0


def _engine_main(engine: str, corpus: Path, out: Path, workers: int) -> None:
    shutil.rmtree(out, ignore_errors=True)
    peaks = out.with_name(out.name + ".helper-peaks")
    peaks.unlink(missing_ok=True)
    os.environ[_PEAKS] = str(peaks)
    start = time.perf_counter()
    result = run_ueba(corpus, out, workers) if engine == "ueba" else run_duckdb(corpus, out)
    result["seconds"] = time.perf_counter() - start
    result["cpu_seconds"] = sum(
        resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    result["rss_self_mb"] = _rss_mb(resource.RUSAGE_SELF)
    result["rss_child_mb"] = _rss_mb(resource.RUSAGE_CHILDREN)
    own = _helper_peaks_mb(peaks)
    peaks.unlink(missing_ok=True)
    if own is not None:  # the helpers' own peaks, where they could say (Linux)
        result["rss_child_mb"], result["rss_child_rusage_mb"] = own, result["rss_child_mb"]
    # counted after the clock stops: checking the output is not part of the work
    result["events"] = count_ueba(out) if engine == "ueba" else count_duckdb(out)
    print(json.dumps(result))


# ---------------------------------------------------------------------------------------------
# The driver: corpus, paired runs (engines alternated), table.


def _stages(directory: Path, limit: int) -> None:
    """CPU per event of each ingest stage, in this process, best of 3 (imports excluded)."""
    import io

    from ueba.io._decode import gunzip
    from ueba.io._native import ScanBatch, load_scanner
    from ueba.io._writer import parquet_writer
    from ueba.io.cloudtrail import parse_bytes

    files = sorted(directory.rglob("*.json.gz"))[:limit]
    blobs = [path.read_bytes() for path in files]

    def best(step: Any) -> tuple[float, Any]:
        times, result = [], None
        for _ in range(3):
            start = time.process_time()
            result = step()
            times.append(time.process_time() - start)
        return min(times), result

    unzip, documents = best(lambda: [gunzip(blob, 1 << 30)[0] for blob in blobs])
    module = load_scanner()
    batch = ScanBatch(module)

    def scan() -> int:
        for path, document in zip(files, documents, strict=True):
            if batch.scan(document, str(path)) < 0:
                raise SystemExit(f"the scanner refused {path}")
        return batch.rows

    scanned, events = best(lambda: (scan(), batch.take())[0])
    scan_times = []
    for _ in range(3):
        start = time.process_time()
        scan()
        scan_times.append(time.process_time() - start)
        table = batch.take()
    scan_only = min(scan_times)
    pure, _ = best(
        lambda: [
            parse_bytes(blob, str(path)).events for path, blob in zip(files, blobs, strict=True)
        ]
    )

    def write() -> None:
        sink = io.BytesIO()
        writer = parquet_writer(sink, table.schema)  # the lake's own settings
        for start in range(0, table.num_rows, 32768):
            writer.write_table(table.slice(start, 32768))
        writer.close()

    parquet, _ = best(write)
    per = 1e6 / events
    print(f"{len(files)} files, {events:,} events, load average {os.getloadavg()[0]:.1f}")
    print(f"gunzip (isal)              {unzip * per:6.2f} us/event")
    print(f"compiled scan              {scan_only * per:6.2f} us/event")
    print(f"Arrow hand-over (take)     {(scanned - scan_only) * per:6.2f} us/event")
    print(f"Parquet (zstd, 32k groups) {parquet * per:6.2f} us/event")
    print(
        f"pure path: gunzip + msgspec + Arrow columns {pure * per:6.2f} us/event "
        f"(so decode + columns {(pure - unzip) * per:.2f})"
    )


def _memory(root: Path, specs: str, bomb: bool) -> None:
    """Peak RSS of ``ueba ingest`` per corpus: the parent, its largest helper, their sum."""
    cases: list[tuple[str, Path, int]] = []
    for spec in filter(None, specs.split(",")):
        label, _, where = spec.rpartition("=")
        directory, _, count = where.partition(":")
        directory, _, every = directory.partition("%")
        if count or every:
            path = subset(root, Path(directory), int(count or 1 << 40), int(every or 1))
        else:
            path = Path(directory)
        cases.append((label or where, path, THREADS))
    if bomb:
        spec = specs.split(",")[0].rpartition("=")[2]
        first = min(Path(spec.partition(":")[0].partition("%")[0]).rglob("*.json.gz"))
        cases.append(("gzip bomb (4 GiB of spaces, --workers 1)", gzip_bomb(root, first), 1))
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    print(
        "| input | files | gzipped MB | events stored | wall s | CPU s | parent MB | "
        "worker MB | total MB | load average (start -> end) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, path, workers in cases:
        files = sorted(path.rglob("*.json.gz"))
        packed = sum(file.stat().st_size for file in files) / 1e6
        before = os.getloadavg()[0]
        result = _run("ueba", str(path), root / "out-memory", workers)
        helper = result["rss_child_mb"] if workers > 1 else 0.0
        print(
            f"| {label} | {len(files):,} | {packed:,.0f} | {result['events']:,} | "
            f"{result['seconds']:.1f} | {result['cpu_seconds']:.2f} | "
            f"{result['rss_self_mb']:,.0f} | {helper:,.0f} | "
            f"{result['rss_self_mb'] + helper:,.0f} | {before:.1f} -> {os.getloadavg()[0]:.1f} |",
            flush=True,
        )
        shutil.rmtree(root / "out-memory", ignore_errors=True)


def _run(engine: str, corpus: str, out: Path, workers: int = THREADS) -> dict[str, Any]:
    command = [sys.executable, __file__, "--engine", engine, "--corpus", corpus, "--out", str(out)]
    command += ["--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{engine} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    # ueba's parent works as one of the workers and spawns the others; they run at the same
    # time, so their peaks add up (an upper bound: the peaks need not coincide).
    helpers = THREADS - 1 if engine == "ueba" else 0
    result["rss_mb"] = result["rss_self_mb"] + helpers * result["rss_child_mb"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="0.2,1.0", help="corpus sizes in GB (uncompressed)")
    parser.add_argument("--runs", type=int, default=3, help="paired runs per size (median kept)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--workdir", default=os.environ.get("UEBA_BENCH_DIR", "/tmp/ueba-bench-ingest")
    )
    parser.add_argument("--dirs", default="", help="existing corpus directories, comma-separated")
    parser.add_argument("--small", action="store_true", help="add the five-minute-file corpus")
    parser.add_argument("--small-duckdb", action="store_true", help="run DuckDB on it too")
    parser.add_argument("--stages", help="print the per-event stage costs of a corpus directory")
    parser.add_argument("--stage-files", type=int, default=200)
    parser.add_argument(
        "--memory",
        help="peak RSS sweep: LABEL=DIR[%%EVERY_KTH_FILE][:FIRST_N_FILES],... (ueba, one run each)",
    )
    parser.add_argument("--bomb", action="store_true", help="with --memory: add a gzip bomb")
    parser.add_argument("--workers", type=int, default=THREADS, help=argparse.SUPPRESS)
    parser.add_argument("--engine", choices=["ueba", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        _engine_main(args.engine, Path(args.corpus), Path(args.out), args.workers)
        return
    if args.memory:
        root = Path(args.workdir)
        root.mkdir(parents=True, exist_ok=True)
        _memory(root, args.memory, args.bomb)
        return
    if args.stages:
        _stages(Path(args.stages), args.stage_files)
        return

    root = Path(args.workdir)
    root.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    rows = []
    corpora: list[tuple[str, dict[str, Any], list[str]]] = [
        (f"{float(size):g} GB", corpus_of(root, float(size), args.seed), ["ueba", "duckdb"])
        for size in args.sizes.split(",")
        if size
    ]
    corpora += [
        (Path(d).name, dir_corpus(Path(d)), ["ueba", "duckdb"]) for d in args.dirs.split(",") if d
    ]
    if args.small:
        engines = ["ueba", "duckdb"] if args.small_duckdb else ["ueba"]
        corpora.append(("5-minute files", small_corpus(root, args.seed), engines))
    for size, info, engines in corpora:
        mb = info["uncompressed_bytes"] / 1e6
        runs: dict[str, list[dict[str, Any]]] = {"ueba": [], "duckdb": []}
        for index in range(args.runs):
            # alternate who goes first, so a load change hits both alike
            order = engines if index % 2 == 0 else engines[::-1]
            for engine in order:
                result = _run(engine, info["path"], root / f"out-{engine}")
                if result["events"] != info["events"]:
                    raise SystemExit(
                        f"{engine} stored {result['events']} of {info['events']} events"
                    )
                runs[engine].append(result)
                load = os.getloadavg()[0]
                print(
                    f"  {size} {engine:6s} run {index + 1}: {result['seconds']:.2f} s "
                    f"(load average {load:.1f})",
                    flush=True,
                )
        if not runs["duckdb"]:
            runs["duckdb"] = runs["ueba"]  # no peer on this corpus: ratios read 1.00
        med = {e: statistics.median(r["seconds"] for r in runs[e]) for e in runs}
        cpu = {e: statistics.median(r["cpu_seconds"] for r in runs[e]) for e in runs}
        rss = {e: max(r["rss_mb"] for r in runs[e]) for e in runs}
        ratios = [
            d["seconds"] / u["seconds"] for u, d in zip(runs["ueba"], runs["duckdb"], strict=True)
        ]
        rows.append(
            (
                size,
                info,
                mb,
                med,
                cpu,
                rss,
                statistics.median(ratios),
                cpu["duckdb"] / cpu["ueba"],
                engines,
            )
        )
        shutil.rmtree(root / "out-ueba", ignore_errors=True)
        shutil.rmtree(root / "out-duckdb", ignore_errors=True)

    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print()
    print(
        "| corpus | files | events | engine | wall s (median) | events/s | MB/s | CPU s | "
        "peak RSS MB | speed vs DuckDB (wall) | CPU efficiency vs DuckDB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for size, info, mb, med, cpu, rss, ratio, cpu_ratio, engines in rows:
        for engine in engines:
            seconds = med[engine]
            mine = engine == "ueba"
            print(
                f"| {size} | {info['files']:,} | {info['events']:,} | {engine} | {seconds:.2f} | "
                f"{info['events'] / seconds:,.0f} | {mb / seconds:,.1f} | {cpu[engine]:.2f} | "
                f"{rss[engine]:,.0f} | {f'{ratio:.2f}x' if mine else '1.00x'} | "
                f"{f'{cpu_ratio:.2f}x' if mine else '1.00x'} |"
            )


if __name__ == "__main__":
    main()
