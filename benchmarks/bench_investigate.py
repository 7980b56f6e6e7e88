"""Benchmark: one key's timeline and identity chain over a 30-day lake of 10M events.

The lake is written directly in the ingest layout
(``lake/events/event_date=YYYY-MM-DD/account_id=…/part-0.parquet``, zstd, 32k-row groups, like
``ueba ingest``) by a vectorised polars generator: generating 10M events as CloudTrail JSON and
ingesting them would take many minutes on a shared 2-core machine and measure ingest, not
investigation. Background: 5 accounts, 300 roles, 20k session keys a day each minted by an
``AssumeRole`` whose ``responseElements`` carries the key, free-form request parameters. Injected:
an IAM user key active every day that creates a key, and on day 28 a chain
user → GetSessionToken → AssumeRole into a second account → AssumeRole → 50 calls.

Each query runs in a fresh process (so peak RSS is its own): ueba's ``key_timeline`` +
``chain``, and the same look-ups written in SQL for DuckDB over the same Parquet files, with the
same day pruning. The 30-day lake is compared with a 3-day lake (the days around the chain) to
show memory does not grow with the lake.

    python benchmarks/bench_investigate.py                 # 10M events, 30 days
    python benchmarks/bench_investigate.py --events 1000000 --keep
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "investigate"
START = date(2024, 7, 1)
ACCOUNTS = [f"10000000000{i}" for i in range(5)]
USER_KEY = "AKIABENCHTARGETUSER1"
CREATED_KEY = "AKIABENCHCREATEDKEY1"
CHAIN = ["ASIABENCHSESSION0001", "ASIABENCHADMINROLE01", "ASIABENCHDEPLOYROLE1"]
TARGET = CHAIN[-1]
APIS = [
    ("s3.amazonaws.com", "GetObject"),
    ("s3.amazonaws.com", "PutObject"),
    ("s3.amazonaws.com", "ListObjects"),
    ("ec2.amazonaws.com", "DescribeInstances"),
    ("ec2.amazonaws.com", "DescribeVolumes"),
    ("dynamodb.amazonaws.com", "Query"),
    ("sqs.amazonaws.com", "ReceiveMessage"),
    ("kms.amazonaws.com", "Decrypt"),
    ("logs.amazonaws.com", "PutLogEvents"),
    ("sts.amazonaws.com", "GetCallerIdentity"),
    ("lambda.amazonaws.com", "Invoke"),
    ("secretsmanager.amazonaws.com", "GetSecretValue"),
]
AGENTS = [
    "aws-sdk-java/1.12.500 Linux/5.10.215-203.850.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9",
    "Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#5.10 md/arch#x86_64 lang/python#3.11.6",
    "aws-cli/2.15.0 Python/3.11.6 Linux/5.10 exe/x86_64.amzn.2 prompt/off command/s3.cp",
    "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/sqs#1.29",
]
LOW_CARDINALITY = [
    "event_version",
    "event_source",
    "event_name",
    "aws_region",
    "event_type",
    "recipient_account_id",
    "identity_type",
    "user_agent",
    "identity_account_id",
]


# ----------------------------------------------------------------------------- the lake
def _day(day_index: int, n: int, rng: np.random.Generator) -> pl.DataFrame:
    """One day of background events, plus the mint event of every session key used."""
    from ueba.schema import EVENTS, conform

    day = datetime.combine(START + timedelta(days=day_index), datetime.min.time(), UTC)
    keys_per_day = 20_000
    key_idx = rng.integers(0, keys_per_day, n)
    api = rng.integers(0, len(APIS), n)
    acct = key_idx % len(ACCOUNTS)
    role = key_idx % 300
    seconds = np.sort(rng.integers(600, 86_400, n))
    frame = pl.DataFrame(
        {
            "k": key_idx,
            "api": api,
            "acct": acct,
            "role": role,
            "event_time": pl.Series(seconds * 1_000_000).cast(pl.Duration("us")) + day,
            "ip": rng.integers(0, 5_000, n),
            "ua": rng.integers(0, len(AGENTS), n),
            "obj": rng.integers(0, 1_000_000, n),
            "row": np.arange(n),
        }
    )
    key = pl.concat_str(pl.lit(f"ASIA{day_index:02d}"), pl.col("k").cast(pl.String).str.zfill(14))
    account = pl.lit(pl.Series(ACCOUNTS)).gather(pl.col("acct"))
    uses = frame.select(
        event_time="event_time",
        event_version=pl.lit("1.08"),
        event_source=pl.lit(pl.Series([a for a, _ in APIS])).gather(pl.col("api")),
        event_name=pl.lit(pl.Series([b for _, b in APIS])).gather(pl.col("api")),
        aws_region=pl.lit("us-east-1"),
        source_ip_address=pl.concat_str(
            pl.lit("10.0."),
            (pl.col("ip") // 256).cast(pl.String),
            pl.lit("."),
            (pl.col("ip") % 256).cast(pl.String),
        ),
        user_agent=pl.lit(pl.Series(AGENTS)).gather(pl.col("ua")),
        read_only=pl.lit(True),
        event_type=pl.lit("AwsApiCall"),
        recipient_account_id=account,
        event_id=pl.concat_str(
            pl.lit(f"{day_index:02d}-"),
            pl.col("row").cast(pl.String),
            pl.lit("-"),
            pl.col("obj").cast(pl.String),
        ),
        identity_type=pl.lit("AssumedRole"),
        identity_arn=pl.concat_str(
            pl.lit("arn:aws:sts::"),
            account,
            pl.lit(":assumed-role/role-"),
            pl.col("role").cast(pl.String),
            pl.lit("/i-"),
            pl.col("k").cast(pl.String),
        ),
        identity_account_id=account,
        access_key_id=key,
        session_issuer_arn=pl.concat_str(
            pl.lit("arn:aws:iam::"), account, pl.lit(":role/role-"), pl.col("role").cast(pl.String)
        ),
        request_parameters=pl.concat_str(
            pl.lit('{"bucketName":"data-'),
            pl.col("acct").cast(pl.String),
            pl.lit('","key":"landing/2024/part-'),
            pl.col("obj").cast(pl.String),
            pl.lit('.parquet","x-id":"GetObject"}'),
        ),
    )
    # Each session key was minted by an AssumeRole (ec2.amazonaws.com) just before its first use.
    mints = (
        uses.group_by("access_key_id")
        .agg(
            pl.col("event_time").min(),
            pl.col("recipient_account_id", "session_issuer_arn", "identity_arn").first(),
        )
        .select(
            event_time=pl.col("event_time") - timedelta(seconds=30),
            event_version=pl.lit("1.08"),
            event_source=pl.lit("sts.amazonaws.com"),
            event_name=pl.lit("AssumeRole"),
            aws_region=pl.lit("us-east-1"),
            source_ip_address=pl.lit("ec2.amazonaws.com"),
            user_agent=pl.lit("ec2.amazonaws.com"),
            read_only=pl.lit(True),
            event_type=pl.lit("AwsApiCall"),
            recipient_account_id="recipient_account_id",
            event_id=pl.concat_str(pl.lit("mint-"), pl.col("access_key_id")),
            identity_type=pl.lit("AWSService"),
            invoked_by=pl.lit("ec2.amazonaws.com"),
            request_parameters=pl.concat_str(
                pl.lit('{"roleArn":"'),
                pl.col("session_issuer_arn"),
                pl.lit('","roleSessionName":"i-0abc"}'),
            ),
            response_elements=pl.concat_str(
                pl.lit('{"credentials":{"accessKeyId":"'),
                pl.col("access_key_id"),
                pl.lit(
                    '","sessionToken":"<redacted>","expiration":"later"},"assumedRoleUser":{"arn":"'
                ),
                pl.col("identity_arn"),
                pl.lit('"}}'),
            ),
        )
    )
    return pl.concat([conform(uses.lazy(), EVENTS), conform(mints.lazy(), EVENTS)]).collect()


def _story(days: int) -> pl.DataFrame:
    """The injected user key (every day) and, on the last-but-two day, the chain."""
    from ueba.schema import EVENTS, conform

    a, b = ACCOUNTS[0], ACCOUNTS[1]
    user, backup = f"arn:aws:iam::{a}:user/alice", f"arn:aws:iam::{a}:user/backup"
    service = {"ListObjects": "s3", "GetObject": "s3", "CreateAccessKey": "iam"}
    rows: list[dict[str, object]] = []

    def add(
        t: datetime, name: str, key: str, arn: str, acct: str, kind: str, resp: object = None
    ) -> None:
        rows.append({
            "event_time": t, "event_name": name, "access_key_id": key, "identity_arn": arn,
            "identity_type": kind, "identity_account_id": acct, "recipient_account_id": acct,
            "event_source": f"{service.get(name, 'sts')}.amazonaws.com", "event_id": f"story-{len(rows)}",
            "source_ip_address": "198.51.100.20", "user_agent": AGENTS[2],
            "response_elements": None if resp is None else json.dumps(resp),
        })  # fmt: skip

    def at(day: int, hour: int) -> datetime:
        return datetime.combine(START + timedelta(days=day), datetime.min.time(), UTC) + timedelta(
            hours=hour
        )

    for d in range(days):
        for m in range(5):
            add(at(d, 9) + timedelta(minutes=m), "ListObjects", USER_KEY, user, a, "IAMUser")
    t = at(days - 3, 10)
    add(
        t,
        "CreateAccessKey",
        USER_KEY,
        user,
        a,
        "IAMUser",
        {"accessKey": {"accessKeyId": CREATED_KEY}},
    )
    for m in range(5):
        add(t + timedelta(hours=2, minutes=m), "GetObject", CREATED_KEY, backup, a, "IAMUser")
    parent, parent_arn, account, kind = USER_KEY, user, a, "IAMUser"
    hops = [("GetSessionToken", user, a), ("AssumeRole", f"arn:aws:sts::{b}:assumed-role/admin/alice", b),
            ("AssumeRole", f"arn:aws:sts::{b}:assumed-role/deploy/alice", b)]  # fmt: skip
    for i, (name, arn, to_account) in enumerate(hops):
        minted = {"credentials": {"accessKeyId": CHAIN[i]}, "assumedRoleUser": {"arn": arn}}
        add(t + timedelta(minutes=10 * (i + 1)), name, parent, parent_arn, account, kind, minted)
        parent, parent_arn, account = CHAIN[i], arn, to_account
        kind = "IAMUser" if name == "GetSessionToken" else "AssumedRole"
    for m in range(50):
        add(t + timedelta(minutes=40, seconds=20 * m), "GetObject", TARGET, parent_arn, b, kind)
    return conform(pl.DataFrame(rows, infer_schema_length=None).lazy(), EVENTS).collect()


def build_lake(lake: Path, *, events: int, days: int, seed: int = 7) -> int:
    """Write ``events`` background events over ``days`` days plus the story; return the total."""
    rng = np.random.default_rng(seed)
    story = _story(days)
    total = 0
    for d in range(days):
        frame = _day(d, events // days, rng)
        today = START + timedelta(days=d)
        extra = story.filter(pl.col("event_time").dt.date() == today)
        frame = pl.concat([frame, extra]).sort("event_time")
        for (account,), part in frame.group_by("recipient_account_id"):
            folder = lake / "events" / f"event_date={today}" / f"account_id={account}"
            folder.mkdir(parents=True, exist_ok=True)
            table = part.to_arrow()
            pq.write_table(
                table,
                folder / "part-0.parquet",
                compression="zstd",
                row_group_size=32_768,
                use_dictionary=[c for c in LOW_CARDINALITY if c in table.column_names],
            )
        total += frame.height
        print(f"  day {d + 1}/{days}: {frame.height:,} events", file=sys.stderr)
    return total


# ----------------------------------------------------------------------------- the queries
def run_ueba(lake: str) -> dict[str, object]:
    from ueba.investigate import chain, key_timeline

    tl = key_timeline(lake, USER_KEY)
    c = chain(lake, TARGET)
    path = [
        c.nodes.filter(pl.col("node_id") == n).get_column("access_key_id").item()
        for n in c.path_to_target()
    ]
    return {
        "timeline_events": tl.events.height,
        "created_used": tl.created.get_column("events").to_list(),
        "chain": path,
    }


def run_duckdb(lake: str) -> dict[str, object]:
    """The same look-ups in SQL: the timeline, then the chain hop by hop, days pruned alike."""
    import duckdb

    from ueba.investigate._chain_scan import MINT_EVENTS
    from ueba.investigate.timeline import TIMELINE_COLUMNS

    con = duckdb.connect()
    cols = ", ".join(TIMELINE_COLUMNS)
    mint_list = ", ".join(f"'{m}'" for m in MINT_EVENTS)
    sts_list = ", ".join(f"'{m}'" for m in MINT_EVENTS if m != "CreateAccessKey")

    def files(lo: date | None = None, hi: date | None = None) -> str:
        days = sorted((Path(lake) / "events").glob("event_date=*"))
        keep = [
            str(p / "*" / "*.parquet")
            for p in days
            if (lo is None or date.fromisoformat(p.name[11:]) >= lo)
            and (hi is None or date.fromisoformat(p.name[11:]) <= hi)
        ]
        return "read_parquet([" + ", ".join(f"'{k}'" for k in keep) + "])"

    # Arrow out, as polars gives (and fetchall's Python datetimes would need pytz).
    events = con.execute(
        f"SELECT {cols} FROM {files()} WHERE access_key_id = ? ORDER BY event_time, event_id",
        [USER_KEY],
    ).to_arrow_table()
    created = con.execute(
        f"SELECT json_extract_string(response_elements, '$.accessKey.accessKeyId') FROM {files()} "
        "WHERE access_key_id = ? AND event_name = 'CreateAccessKey'",
        [USER_KEY],
    ).fetchall()
    used = [
        con.execute(f"SELECT count(*) FROM {files()} WHERE access_key_id = ?", [k]).fetchone()[0]
        for (k,) in created
    ]  # type: ignore[index]
    path, key = [TARGET], TARGET

    def utc(us: int | None) -> datetime | None:
        return None if us is None else datetime.fromtimestamp(us / 1e6, UTC)

    first = utc(
        con.execute(
            f"SELECT epoch_us(min(event_time)) FROM {files()} WHERE access_key_id = ?", [key]
        ).fetchone()[0]
    )  # type: ignore[index]
    while first is not None:
        lo = first - timedelta(hours=36) if key.startswith("ASIA") else None
        # As ueba does: STS mints ASIA keys, IAM's CreateAccessKey AKIA ones.
        names = sts_list if key.startswith("ASIA") else "'CreateAccessKey'"
        row = con.execute(
            f"SELECT access_key_id, epoch_us(event_time) FROM {files(lo.date() if lo else None, first.date())} "
            f"WHERE event_name IN ({names}) AND error_code IS NULL AND response_elements LIKE '%' || ? || '%' "
            "AND json_extract_string(response_elements, '$.credentials.accessKeyId') = ? AND event_time <= ? "
            "ORDER BY event_time DESC LIMIT 1",
            [key, key, first],
        ).fetchone()
        if row is None or row[0] is None:
            break
        key, first = row[0], utc(row[1])
        path.append(key)
    # Forward: keys the target minted (none here, but the look-up is part of the chain).
    con.execute(
        f"SELECT count(*) FROM {files()} WHERE access_key_id = ? AND event_name IN ({mint_list})",
        [TARGET],
    ).fetchone()
    return {"timeline_events": events.num_rows, "created_used": used, "chain": path[::-1]}


def _rss_mb(field: str = "VmRSS") -> float:
    # /proc, not getrusage: ru_maxrss survives exec, so a child would inherit the parent's peak
    # (the lake generator's); VmHWM belongs to this process image only.
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def child(engine: str, lake: str) -> None:
    # Import the engine first: time the queries, not the imports; and note the RSS the imports
    # alone take, so the query's own memory shows.
    if engine == "ueba":
        import ueba.investigate
        import ueba.io.lake  # noqa: F401
    else:
        import duckdb  # noqa: F401
    imported = _rss_mb()
    begin = time.perf_counter()
    result = run_ueba(lake) if engine == "ueba" else run_duckdb(lake)
    seconds = time.perf_counter() - begin
    rss_mb = _rss_mb("VmHWM")
    print(json.dumps({"engine": engine, "seconds": seconds, "rss_mb": rss_mb,
                      "import_rss_mb": imported, "result": result}))  # fmt: skip


def measure(engine: str, lake: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", engine, "--lake", str(lake)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep", action="store_true", help="keep the lakes under benchmarks/.work/"
    )
    parser.add_argument("--child", choices=["ueba", "duckdb"])
    parser.add_argument("--lake")
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.lake)
    big, small = WORK / f"lake-{args.days}d", WORK / "lake-3d"
    shutil.rmtree(WORK, ignore_errors=True)
    begin = time.perf_counter()
    total = build_lake(big, events=args.events, days=args.days)
    print(f"wrote {total:,} events in {time.perf_counter() - begin:.0f} s", file=sys.stderr)
    # The small lake: the three days around the chain (links to the same files).
    for d in range(args.days - 4, args.days - 1):
        name = f"event_date={START + timedelta(days=d)}"
        (small / "events").mkdir(parents=True, exist_ok=True)
        (small / "events" / name).symlink_to(big / "events" / name)
    size = sum(p.stat().st_size for p in big.rglob("*.parquet")) / 1e6
    results: dict[tuple[str, str], list[dict[str, object]]] = {}
    for _ in range(args.repeat):
        for lake_name, lake in ((f"{args.days}-day", big), ("3-day", small)):
            for engine in ("ueba", "duckdb"):  # alternated, so load on the machine hits both
                results.setdefault((lake_name, engine), []).append(measure(engine, lake))
    print(
        f"\nlake: {total:,} events, {args.days} days, {size:,.0f} MB Parquet; median of {args.repeat}"
    )
    print("| lake | engine | seconds | peak RSS MiB (after imports) | timeline events | chain |")
    print("|---|---|---|---|---|---|")
    for (lake_name, engine), runs in results.items():
        secs = statistics.median(float(r["seconds"]) for r in runs)  # type: ignore[arg-type]
        rss = max(float(r["rss_mb"]) for r in runs)  # type: ignore[arg-type]
        base = max(float(r["import_rss_mb"]) for r in runs)  # type: ignore[arg-type]
        res: dict[str, Any] = runs[0]["result"]  # type: ignore[assignment]
        chain = " → ".join(res["chain"])
        print(
            f"| {lake_name} | {engine} | {secs:.2f} | {rss:.0f} ({base:.0f}) | {res['timeline_events']} | {chain} |"
        )
    for lake_name in (f"{args.days}-day", "3-day"):
        ours = statistics.median(float(r["seconds"]) for r in results[(lake_name, "ueba")])  # type: ignore[arg-type]
        peer = statistics.median(float(r["seconds"]) for r in results[(lake_name, "duckdb")])  # type: ignore[arg-type]
        print(f"{lake_name}: ueba / DuckDB wall-time ratio = {ours / peer:.2f}")
    if not args.keep:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
