"""The Spark engine: the same pure stage functions, run in Spark tasks (``pip install 'ueba[spark]'``).

Nothing here re-implements a stage in Spark SQL. Spark only distributes work and moves Arrow:

* ingest: the new files' indices are spread over tasks (``mapInArrow``); each task parses its
  files with the project's parser and stages parts with the project's writer (same layout,
  schema and Parquet settings); the driver commits them with the lake's log (the same commit as
  the local engine: dedupe by eventID, quarantine, manifest, one entry);
* enrich: the feeds (ip-ranges, ASN table) are broadcast once per job; each task enriches its
  accounts' events, looking up distinct values as :func:`ueba.enrichment.enrich` always does;
* baseline: a task summarises whole accounts' days (``applyInArrow`` grouped by a bucket of
  accounts), and the driver merges the summaries with
  :func:`~ueba.baseline.summaries.merge_summaries`;
* score: grouped by the same buckets (``applyInArrow``), each bucket's accounts scored together
  by the same :class:`~ueba.detect.scorer.Scorer` against the broadcast baseline.

The account (the lake's partition) is never split because rules compare actors within an
account (fleet shares, the first actor of a network): a smaller group would change findings. A
bucket holds several whole accounts once there are more accounts than tasks (``tasks_per_core``
per core): scoring accounts together is what the local engine does with every account of a day,
and a scorer call has a fixed cost (~0.5-1 CPU s on a small day) that one task per account
paid once per account.

Task results travel as Arrow IPC bytes, so no type goes through Spark's own conversions.

``python -m ueba.cli.spark_submit run SOURCE --lake LAKE ...`` is ``ueba run --engine spark``, the
entry point for ``spark-submit`` (see ``docs/scale-out.md``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from ueba._collect import ENGINE
from ueba.baseline.summaries import Summaries, merge_summaries
from ueba.io._fs import LakeFS
from ueba.io._ingest import IngestPlan, OnFile, plan_ingest
from ueba.io._work import FileOutcome, Worker, WorkerResult
from ueba.io._writer import StagedPart

_TASK_OUT = "kind string, name string, payload binary"


def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError as exc:
        raise ImportError("the Spark engine needs pyspark: pip install 'ueba[spark]'") from exc
    return pyspark


def build_session(
    master: str | None = None,
    *,
    app_name: str = "ueba",
    shuffle_partitions: int | None = None,
    conf: dict[str, str] | None = None,
) -> Any:
    """A SparkSession for ueba: Arrow on, UI off; ``master`` ``local[N]`` binds to loopback.

    On a cluster (spark-submit, EMR, Glue, Databricks) leave ``master`` unset: the session the
    platform configured is used, with ``conf`` added."""
    _pyspark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    settings = {
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.python.worker.reuse": "true",
        "spark.ui.showConsoleProgress": "false",  # stderr is ueba's progress, not Spark's
    }
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            settings |= {
                "spark.ui.enabled": "false",
                "spark.driver.bindAddress": "127.0.0.1",
                "spark.driver.host": "127.0.0.1",
                "spark.sql.shuffle.partitions": str(shuffle_partitions or 4),
            }
    if shuffle_partitions is not None:
        settings["spark.sql.shuffle.partitions"] = str(shuffle_partitions)
    for key, value in {**settings, **(conf or {})}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    if master is not None and master.startswith("local"):
        session.sparkContext.setLogLevel("ERROR")
    return session


def _ipc(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def _from_ipc(data: bytes) -> pl.DataFrame:
    frame = pl.from_arrow(pa.ipc.open_stream(data).read_all())
    assert isinstance(frame, pl.DataFrame)
    return frame


def _rows(kind: list[str], name: list[str], payload: list[bytes]) -> pa.Table:
    return pa.table(
        {
            "kind": pa.array(kind, pa.string()),
            "name": pa.array(name, pa.string()),
            "payload": pa.array(payload, pa.binary()),
        }
    )


# ------------------------------------------------------------------------------------ tasks
def _parse_task(shared: Any, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Parse the files whose indices this task got; stage parts; report outcomes and parts."""
    from pyspark import TaskContext

    todo, options, staging, fs, run_id = shared.value
    context = TaskContext.get()
    label = f"s{context.partitionId()}a{context.attemptNumber()}" if context else "s0"
    prefix = f"{run_id}-{label}-{uuid.uuid4().hex[:6]}"
    local = Path(staging) if fs.local else Path(tempfile.mkdtemp(prefix="ueba-task-"))
    worker = Worker(local, prefix, **options)
    kinds, names, payloads = [], [], []
    for batch in batches:
        for index in batch.column("index").to_pylist():
            outcome = worker.process(todo[index])
            kinds.append("file")
            names.append(str(index))
            payloads.append(json.dumps(outcome._asdict(), default=str).encode())
    result = worker.finish()
    staged: list[tuple[str, StagedPart | None]] = [
        (str(part.path.relative_to(local)), part) for part in result.parts
    ]
    if result.error_file is not None:
        staged.append((str(result.error_file.relative_to(local)), None))
    for rel, part in staged:
        if not fs.local:  # the driver fetches them from the lake's staging area
            fs.write_bytes(f"_staging/{run_id}/{rel}", (local / rel).read_bytes())
        kinds.append("part" if part is not None else "errors")
        names.append(rel)
        payloads.append(json.dumps(None if part is None else [*part.key, part.rows]).encode())
    yield from _rows(kinds, names, payloads).to_batches()


def _events(fs: LakeFS, parts: list[str], start: dt.date, options: dict[str, Any]) -> pl.LazyFrame:
    """ENRICHED events of ``parts`` from midnight of ``start`` (earlier parts are context)."""
    from ueba.enrichment import enrich
    from ueba.io.lake import scan_parts

    midnight = dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC)
    enriched = enrich(scan_parts(fs, parts), **options)
    return enriched.filter(pl.col("event_time") >= pl.lit(midnight))


def _summarize_task(shared: Any, feeds: Any, table: pa.Table) -> pa.Table:
    from ueba.baseline.summaries import collect_summaries, summarize

    fs, start = shared.value
    history = _events(fs, table.column("part").to_pylist(), start, feeds.value)
    summary, volume = collect_summaries(summarize(history))
    return _rows(
        ["summary", "volume"],
        [str(table.column("bucket")[0].as_py())] * 2,
        [_ipc(summary.to_arrow()), _ipc(volume.to_arrow())],
    )


def _score_task(shared: Any, feeds: Any, table: pa.Table) -> pa.Table:
    from ueba.detect.scorer import Scorer

    fs, day, baseline, config, models = shared.value
    scorer = Scorer(baseline, config=config, models=models).fit()
    events = _events(fs, table.column("part").to_pylist(), day, feeds.value)
    today = events.collect(engine=scorer.engine_)
    found = scorer.score(today.lazy()).collect(engine=scorer.engine_)
    bucket = str(table.column("bucket")[0].as_py())
    return _rows(
        ["findings", "events"],
        [bucket, bucket],
        [_ipc(found.to_arrow()), str(today.height).encode()],
    )


# ----------------------------------------------------------------------------------- engine
class SparkEngine:
    """Run the stages in Spark. Give a ``spark`` session, or a ``master`` to start one.

    ``tasks_per_core``: parse tasks, and buckets of whole accounts for the summaries and the
    scoring, per core of the default parallelism (more, smaller tasks even out slow files).
    A session this engine started is stopped by :meth:`close`.
    """

    name = "spark"

    def __init__(
        self,
        *,
        spark: Any = None,
        master: str | None = None,
        shuffle_partitions: int | None = None,
        tasks_per_core: int = 2,
        conf: dict[str, str] | None = None,
    ) -> None:
        self.spark = spark
        self.master = master
        self.shuffle_partitions = shuffle_partitions
        self.tasks_per_core = tasks_per_core
        self.conf = conf
        self.spark_ = spark or build_session(
            master, shuffle_partitions=shuffle_partitions, conf=conf
        )
        self._feeds: tuple[dict[str, Any], Any] | None = None

    def new_files(self, sources: Sequence[str], lake: str, **options: Any) -> IngestPlan:
        return plan_ingest(list(sources), lake, **options)

    def parse(self, plan: IngestPlan, on_file: OnFile) -> tuple[list[WorkerResult], list[str]]:
        context = self.spark_.sparkContext
        slices = max(1, min(len(plan.todo), context.defaultParallelism * self.tasks_per_core))
        shared = context.broadcast(
            (plan.todo, plan.options, str(plan.staging), plan.fs, plan.report.run_id)
        )
        try:
            indices = self.spark_.createDataFrame(
                [(i,) for i in range(len(plan.todo))], "index long"
            ).repartition(slices)
            rows = indices.mapInArrow(lambda b: _parse_task(shared, b), _TASK_OUT).collect()
        finally:
            shared.unpersist()
        result = WorkerResult()
        errors: list[WorkerResult] = []
        for row in rows:
            if row["kind"] == "file":
                index = int(row["name"])
                fields = json.loads(row["payload"])
                on_file(index, FileOutcome(**{**fields, "notes": tuple(fields["notes"])}))
                continue
            local = plan.staging / row["name"]
            if not plan.fs.local:
                remote = f"_staging/{plan.report.run_id}/{row['name']}"
                local.parent.mkdir(parents=True, exist_ok=True)
                local.write_bytes(plan.fs.read_bytes(remote))
                plan.fs.delete(remote)
            if row["kind"] == "errors":
                errors.append(WorkerResult(error_file=local))
            else:
                day, account, count = json.loads(row["payload"])
                result.parts.append(StagedPart((day, account), local, count))
        return [result, *errors], []

    def _partitions(
        self, lake: str, start: dt.date, end: dt.date, accounts: Sequence[str] | None
    ) -> Any:
        """(bucket, account, part) of the committed parts: whole accounts per bucket, at most
        ``tasks_per_core`` buckets per core of the default parallelism."""
        from ueba.io.lake import committed_parts

        found = list(committed_parts(lake, start=start, end=end, accounts=accounts))
        names = sorted({account for _, account, _ in found})
        width = self.spark_.sparkContext.defaultParallelism * self.tasks_per_core
        bucket = {account: i % max(1, width) for i, account in enumerate(names)}
        rows = [(bucket[account], account, rel) for _, account, rel in found]
        return self.spark_.createDataFrame(rows, "bucket long, account string, part string")

    def _broadcast_feeds(self, options: dict[str, Any]) -> Any:
        """The enrichment feeds, broadcast once per job: every later stage reuses the copy."""
        if self._feeds is None or self._feeds[0] is not options:
            self._feeds = (options, self.spark_.sparkContext.broadcast(options))
        return self._feeds[1]

    def summarize(
        self, lake: str, start: dt.date, end: dt.date, *, enrich_options: dict[str, Any]
    ) -> Summaries:
        from ueba.io._fs import open_lake

        context = self.spark_.sparkContext
        frame = self._partitions(lake, start - dt.timedelta(days=1), end, None)
        feeds = self._broadcast_feeds(enrich_options)
        shared = context.broadcast((open_lake(lake), start))
        try:
            rows = (
                frame.groupBy("bucket")
                .applyInArrow(lambda t: _summarize_task(shared, feeds, t), _TASK_OUT)
                .collect()
            )
        finally:
            shared.unpersist()
        parts = [
            Summaries(_from_ipc(summary["payload"]).lazy(), _from_ipc(volume["payload"]).lazy())
            for summary, volume in _pairs(rows, "summary", "volume")
        ]
        merged = merge_summaries(parts)
        summary, volume = pl.collect_all(list(merged), engine=ENGINE)
        return Summaries(summary.lazy(), volume.lazy())

    def merge(self, parts: Sequence[Summaries]) -> Summaries:
        return merge_summaries(list(parts))

    def score(
        self,
        lake: str,
        day: dt.date,
        accounts: Sequence[str],
        *,
        baseline: Any,
        config: Any,
        enrich_options: dict[str, Any],
        models: Sequence[Any] | None = None,
    ) -> tuple[pl.DataFrame, int]:
        from ueba.detect.scorer import Scorer
        from ueba.io._fs import open_lake

        context = self.spark_.sparkContext
        frame = self._partitions(lake, day - dt.timedelta(days=1), day, accounts)
        # An account whose scored day is absent (only its day before is there) scores nothing.
        feeds = self._broadcast_feeds(enrich_options)
        shared = context.broadcast((open_lake(lake), day, baseline, config, models))
        try:
            rows = (
                frame.groupBy("bucket")
                .applyInArrow(lambda t: _score_task(shared, feeds, t), _TASK_OUT)
                .collect()
            )
        finally:
            shared.unpersist()
        frames = [_from_ipc(found["payload"]) for found, _ in _pairs(rows, "findings", "events")]
        events = sum(int(count["payload"]) for _, count in _pairs(rows, "findings", "events"))
        if not frames:  # the empty frame the scorer itself returns, with its exact schema
            empty_day = pl.LazyFrame(schema=dict(_enriched_schema()))
            scorer = Scorer(baseline, config=config, models=models).fit()
            return scorer.score(empty_day).collect(engine=scorer.engine_), 0
        return pl.concat(frames, how="vertical"), events

    def close(self) -> None:
        if self._feeds is not None:
            self._feeds[1].unpersist()
            self._feeds = None
        if self.spark is None:
            self.spark_.stop()


def _enriched_schema() -> Any:
    from ueba.schema import ENRICHED

    return ENRICHED


def _pairs(rows: list[Any], first: str, second: str) -> list[tuple[Any, Any]]:
    by_group: dict[str, dict[str, Any]] = {}
    for row in rows:
        by_group.setdefault(row["name"], {})[row["kind"]] = row
    return [(group[first], group[second]) for _, group in sorted(by_group.items())]


__all__ = ["SparkEngine", "build_session"]
