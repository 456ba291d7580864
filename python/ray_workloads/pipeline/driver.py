"""The pipeline's Ray driver: ``class Pipeline`` schedules the tokenize, embed and index stages.

The driver streams each dump once and cuts it into raw batches (no JSON parsing: that runs in
the tasks); each batch becomes one Ray task that parses, tokenizes and writes one Parquet
shard. Embedding runs in a pool of long-lived actors (one model load each, one per GPU, or on
CPUs when there is none), kept for the driver's next run in the same Ray job. With
``stage="all"`` a shard is handed to the embed pool as soon as its tokenize task finishes, so
the two stages overlap.

The index stage (:mod:`~ray_workloads.pipeline.index_stage`) runs on the driver after the
others, alone (``stage="index"``) or at the end of ``stage="all"``; it has one writer, so it
refuses a ``--shard`` other than ``0/1``. Every stage reports to Ray's metrics
(:mod:`~ray_workloads.pipeline.metrics`).

Backpressure: at most ``max_in_flight`` tokenize tasks exist at once, so the driver never holds
more than that many raw batches in memory however large the dump is.

Progress: a tokenize task reports when it finishes (one batch, ``--batch-size`` articles); an
embed actor reports every forward pass (``--embed-batch-size`` chunks) through a Ray queue that
the driver drains while it waits, so a progress bar moves while a large shard is embedded.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import ray
from ray.util.queue import Queue

from ray_workloads.embedder import DEFAULT_MODEL, Embedder
from ray_workloads.pipeline import metrics
from ray_workloads.pipeline.checkpoint import Manifest, ShardSpec, atomic_write
from ray_workloads.pipeline.cirrus_dump import DumpReadError, ParseCounts, dump_files, raw_batches
from ray_workloads.pipeline.embed_stage import embed_shard
from ray_workloads.pipeline.index_stage import index_embeddings
from ray_workloads.pipeline.summary import Summary
from ray_workloads.pipeline.tokenize_stage import TokenizedBatch, tokenize_batch

STAGES = ("tokenize", "embed", "index", "all")
PROGRESS_INTERVAL_S = 0.25
"""Longest time the driver waits for a result before draining embed progress."""


class Progress(Protocol):
    """Receives the run's progress on the driver, in :data:`~ray_workloads.pipeline.summary.STAGE_UNITS`."""

    def advance(self, stage: str, items: int) -> None:
        """This run finished ``items`` more (articles tokenized, chunks embedded)."""

    def resumed(self, stage: str, items: int) -> None:
        """``items`` were found done by an earlier run (recorded in the stage's manifest)."""


class NoProgress:
    """A :class:`Progress` that shows nothing."""

    def advance(self, stage: str, items: int) -> None:
        pass

    def resumed(self, stage: str, items: int) -> None:
        pass


@dataclass(frozen=True)
class Options:
    """What to run; mirrors the CLI flags of :mod:`ray_workloads.pipeline`."""

    input: Path
    output: Path
    stage: str = "all"
    shard: ShardSpec = ShardSpec()
    batch_size: int = 1000
    """Articles per tokenize task and per token shard; fixed for the life of an output dir."""
    embed_batch_size: int = 64
    """Sequences per forward pass of the model."""
    model: str = DEFAULT_MODEL
    embed_workers: int | None = None
    """@default - one per GPU, or half the CPUs (at least 1) when there is no GPU."""
    max_in_flight: int | None = None
    """@default - twice the cluster's CPUs."""
    run_id: str | None = None
    """The pipeline run this job belongs to (its MLflow run's parent); @default - none."""


@ray.remote(num_cpus=1)
def _tokenize_task(data: bytes, out_path: str) -> TokenizedBatch:
    with metrics.timed("tokenize"), metrics.failures_counted("tokenize"):
        return tokenize_batch(data, Path(out_path))


@ray.remote(max_concurrency=2)
class EmbedWorker:
    """Holds one loaded model; embeds whole token shards, reporting each forward pass.

    Runs two calls at once (a threaded actor) that share the model through one lock: while one
    call writes the shard it finished, the other already reads its shard and runs the model.
    A failed write fails that call, and so that unit, with
    :class:`~ray_workloads.pipeline.embed_stage.EmbeddingsWriteError`.
    """

    def __init__(self, model: str, batch_size: int) -> None:
        self.embedder = Embedder(model, batch_size=batch_size)
        self.model_lock = threading.Lock()

    def embed(self, tokens_path: str, embeddings_dir: str, key: str, progress: Queue) -> int:
        with metrics.timed("embed"), metrics.failures_counted("embed"):
            return embed_shard(
                self.embedder, Path(tokens_path), Path(embeddings_dir), key,
                on_batch=progress.put, model_lock=self.model_lock,
            )


class _LoadedWorkers:
    """The embed actors this driver process started, kept for its next run in the same Ray job.

    A driver that runs the pipeline more than once (a notebook, a test session) loads the model
    once instead of once per run. Actors of another model, batch size or device kind, and any
    beyond the count a run asks for, are killed first, so idle actors never hold CPUs or GPUs
    that a run's own tasks and actors need.
    """

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._actors: list[Any] = []

    def get(self, model: str, batch_size: int, count: int, gpus: int) -> list[Any]:
        key = (ray.get_runtime_context().get_job_id(), model, batch_size, gpus > 0)
        if key != self._key:
            if self._key is not None and self._key[0] == key[0]:
                for actor in self._actors:
                    ray.kill(actor)
            self._key, self._actors = key, []
        for actor in self._actors[count:]:
            ray.kill(actor)
        del self._actors[count:]
        actor = EmbedWorker.options(num_gpus=1, num_cpus=1) if gpus else EmbedWorker.options(num_cpus=1)
        self._actors += [actor.remote(model, batch_size) for _ in range(count - len(self._actors))]
        return list(self._actors)


_loaded_workers = _LoadedWorkers()


class _Scheduler:
    """Waits on a mixed set of Ray refs and runs each one's completion callback on the driver."""

    def __init__(self, on_wake: Callable[[], None]) -> None:
        self._callbacks: dict[ray.ObjectRef, Callable[[Any], None]] = {}
        self._on_wake = on_wake

    def submit(self, ref: ray.ObjectRef, on_done: Callable[[Any], None]) -> None:
        self._callbacks[ref] = on_done

    def __len__(self) -> int:
        return len(self._callbacks)

    def wait_one(self) -> None:
        """Runs the callback of one finished ref, or returns after PROGRESS_INTERVAL_S without."""
        ready, _ = ray.wait(list(self._callbacks), num_returns=1, timeout=PROGRESS_INTERVAL_S)
        for ref in ready:
            self._callbacks.pop(ref)(ray.get(ref))
        self._on_wake()

    def drain(self) -> None:
        while self._callbacks:
            self.wait_one()


class _EmbedPool:
    """Round-robin over embed actors with at most two calls each (both run: one writes while the other computes)."""

    def __init__(
        self, scheduler: _Scheduler, options: Options, on_done: Callable[[str, int], None], progress: Callable[[], Queue]
    ) -> None:
        self._options = options
        self._progress = progress  # makes the queue the actors report forward passes to
        self._progress_queue: Queue | None = None
        self._actors: list[Any] = []
        self._load: list[int] = []
        self._queue: deque[tuple[str, str, str]] = deque()
        self._scheduler = scheduler
        self._on_done = on_done

    def _start(self) -> None:
        # Started on first use: a resumed run with everything embedded loads no model.
        resources = ray.cluster_resources()
        gpus = int(resources.get("GPU", 0))
        count = self._options.embed_workers or gpus or max(1, int(resources.get("CPU", 1)) // 2)
        self._progress_queue = self._progress()
        self._actors = _loaded_workers.get(self._options.model, self._options.embed_batch_size, count, gpus)
        self._load = [0] * count

    def add(self, tokens_path: Path, embeddings_dir: Path, key: str) -> None:
        self._queue.append((str(tokens_path), str(embeddings_dir), key))
        self._dispatch()

    def _dispatch(self) -> None:
        if self._queue and not self._actors:
            self._start()
        while self._queue and min(self._load) < 2:
            i = self._load.index(min(self._load))
            tokens_path, embeddings_dir, key = self._queue.popleft()
            self._load[i] += 1
            ref = self._actors[i].embed.remote(tokens_path, embeddings_dir, key, self._progress_queue)
            self._scheduler.submit(ref, lambda vectors, i=i, key=key: self._finished(i, key, vectors))

    def _finished(self, actor: int, key: str, vectors: int) -> None:
        self._load[actor] -= 1
        self._on_done(key, vectors)
        self._dispatch()


def _check_batch_size(tokens_dir: Path, batch_size: int) -> None:
    # Batch k of a file is defined by the batch size; resuming with another one would produce
    # overlapping shards, so the first run's value is recorded and enforced.
    config = tokens_dir / "_config.json"
    if config.exists():
        recorded = json.loads(config.read_text())["batch_size"]
        if recorded != batch_size:
            raise ValueError(
                f"--batch-size {batch_size}: {tokens_dir} was written with --batch-size {recorded}; "
                "use that value or a new --output"
            )
        return
    atomic_write(config, lambda tmp: tmp.write_text(json.dumps({"batch_size": batch_size}) + "\n"))


class Pipeline:
    """One run of one stage (or both) for one ``--shard``; see :func:`run`."""

    def __init__(self, options: Options, progress: Progress) -> None:
        self.options = options
        self.progress = progress
        self.tokens_dir = options.output / "tokens"
        self.embeddings_dir = options.output / "embeddings"
        self.summary = Summary.start(options.stage, str(options.shard))
        self.scheduler = _Scheduler(self._drain_embed_progress)
        self.token_entries = {e["key"]: e for e in Manifest.entries(self.tokens_dir) if e["kind"] == "batch"}
        self.embedded = {e["key"]: e for e in Manifest.entries(self.embeddings_dir) if e["kind"] == "embedded"}
        self.pool: _EmbedPool | None = None
        self.embed_progress: Queue | None = None
        self.started = time.monotonic()

    def run(self) -> Summary:
        self.started = time.monotonic()
        if self.options.stage in ("embed", "all"):
            self.embed_manifest = Manifest(self.embeddings_dir, self.options.shard)
            # Only actors write to it, so it is created with the pool (a fully resumed run has none).
            self.pool = _EmbedPool(self.scheduler, self.options, self._embedded, self._embed_progress_queue)
        if self.options.stage == "embed":
            self._embed_existing()
        elif self.options.stage != "index":
            self._tokenize()
        self.scheduler.drain()
        self._drain_embed_progress()
        if self.options.stage in ("index", "all"):
            self._index()
        self.summary.elapsed_s = time.monotonic() - self.started
        return self.summary

    def _embed_progress_queue(self) -> Queue:
        self.embed_progress = Queue(actor_options={"num_cpus": 0})
        return self.embed_progress

    def _drain_embed_progress(self) -> None:
        if self.embed_progress is not None and (waiting := self.embed_progress.qsize()):
            for chunks in self.embed_progress.get_nowait_batch(waiting):  # one event per forward pass
                self.progress.advance("embed", chunks)

    def _done(self, stage: str, items: int) -> None:
        counts = self.summary.stages[stage]
        counts.units_done += 1
        counts.items_done += items
        counts.last_done_s = time.monotonic() - self.started

    def _resumed(self, stage: str, items: int) -> None:
        counts = self.summary.stages[stage]
        counts.units_resumed += 1
        counts.items_resumed += items
        self.progress.resumed(stage, items)

    # -- index ------------------------------------------------------------------------------

    def _index(self) -> None:
        """Loads every embedded unit (all shards') into the vector store; see index_stage."""

        def loaded(articles: int) -> None:
            self._done("index", articles)
            self.progress.advance("index", articles)

        with metrics.failures_counted("index"):
            result = index_embeddings(self.options.output, loaded)
        counts = self.summary.stages["index"]
        counts.units_resumed, counts.items_resumed = result.units_resumed, result.articles - result.new_articles
        if counts.items_resumed:
            self.progress.resumed("index", counts.items_resumed)
        self.summary.indexed_articles, self.summary.indexed_vectors = result.articles, result.vectors

    # -- tokenize ---------------------------------------------------------------------------

    def _tokenize(self) -> None:
        _check_batch_size(self.tokens_dir, self.options.batch_size)
        self.token_manifest = Manifest(self.tokens_dir, self.options.shard)
        files_done = {
            e["file"]: e
            for e in Manifest.entries(self.tokens_dir)
            if e["kind"] == "file" and e["shard"] == str(self.options.shard)
        }
        root = self.options.input if self.options.input.is_dir() else self.options.input.parent
        for path in dump_files(self.options.input):
            name = path.relative_to(root).as_posix()
            if name in files_done:
                self._resume_file(name, files_done[name])
            else:
                self._tokenize_file(path, name)

    def _resume_file(self, name: str, entry: dict[str, Any]) -> None:
        """A file whose every batch of this shard is already in the manifest: nothing to read."""
        for ordinal in range(entry["batches"]):
            key = f"{name}/{ordinal:06d}"
            if self.options.shard.owns(name, ordinal):
                self._resumed_batch(key)
        if entry["error"]:
            self.summary.errors.append({"file": name, "error": entry["error"]})

    def _resumed_batch(self, key: str) -> None:
        entry = self.token_entries[key]
        self._resumed("tokenize", entry["counts"]["ok"])
        self._count_tokens(entry)
        self._maybe_embed(key)

    def _tokenize_file(self, path: Path, name: str) -> None:
        state = {"pending": 0, "read": False, "batches": 0, "error": None}
        limit = self.options.max_in_flight or 2 * int(ray.cluster_resources().get("CPU", 1))
        try:
            for batch in raw_batches(path, self.options.batch_size):
                state["batches"] = batch.ordinal + 1
                if not self.options.shard.owns(name, batch.ordinal):
                    continue
                key = f"{name}/{batch.ordinal:06d}"
                if key in self.token_entries:
                    self._resumed_batch(key)
                    continue
                while len(self.scheduler) >= limit:
                    self.scheduler.wait_one()
                state["pending"] += 1
                ref = _tokenize_task.remote(batch.data, str(self._tokens_path(key)))
                self.scheduler.submit(
                    ref, lambda result, key=key, ordinal=batch.ordinal: self._tokenized(name, ordinal, key, result, state)
                )
        except DumpReadError as err:
            metrics.failed("tokenize", "damaged_input")
            state["error"] = str(err)
            self.summary.errors.append({"file": name, "error": str(err)})
        state["read"] = True
        self._maybe_finish_file(name, state)

    def _tokenized(self, name: str, ordinal: int, key: str, result: TokenizedBatch, state: dict[str, Any]) -> None:
        entry = {
            "kind": "batch",
            "key": key,
            "file": name,
            "ordinal": ordinal,
            "tokens": result.tokens,
            "counts": vars(result.counts),
        }
        self.token_manifest.record(entry)
        self.token_entries[key] = entry
        self._done("tokenize", result.counts.ok)
        metrics.unit_done("tokenize", result.counts.ok)
        self._count_tokens(entry)
        self.progress.advance("tokenize", result.counts.ok)
        self._maybe_embed(key)
        state["pending"] -= 1
        self._maybe_finish_file(name, state)

    def _maybe_finish_file(self, name: str, state: dict[str, Any]) -> None:
        # The file entry promises that every batch this shard owns is recorded, so it is written
        # only once the file has been read to its end and the last of its tasks has finished.
        if state["read"] and state["pending"] == 0:
            self.token_manifest.record(
                {"kind": "file", "file": name, "shard": str(self.options.shard), "batches": state["batches"], "error": state["error"]}
            )

    def _count_tokens(self, entry: dict[str, Any]) -> None:
        self.summary.counts.add(ParseCounts(**entry["counts"]))
        self.summary.total_tokens += entry["tokens"]

    def _tokens_path(self, key: str) -> Path:
        return self.tokens_dir / f"{key}.parquet"

    # -- embed ------------------------------------------------------------------------------

    def _embed_existing(self) -> None:
        """Embed stage alone: every recorded token shard this ``--shard`` owns."""
        if not self.token_entries:
            raise FileNotFoundError(f"{self.tokens_dir}: no completed token shards (run --stage tokenize first)")
        for key, entry in sorted(self.token_entries.items()):
            if self.options.shard.owns(entry["file"], entry["ordinal"]):
                self.summary.total_tokens += entry["tokens"]
                self._maybe_embed(key)

    def _maybe_embed(self, key: str) -> None:
        if self.pool is None:
            return
        if key in self.embedded:
            self._resumed("embed", self.embedded[key]["vectors"])
            self._count_embedded(self.embedded[key])
            return
        self.pool.add(self._tokens_path(key), self.embeddings_dir, key)

    def _embedded(self, key: str, vectors: int) -> None:
        articles = self.token_entries[key]["counts"]["ok"]
        entry = {"kind": "embedded", "key": key, "articles": articles, "vectors": vectors}
        self.embed_manifest.record(entry)
        self.embedded[key] = entry
        self._count_embedded(entry)
        self._done("embed", vectors)
        metrics.unit_done("embed", articles, vectors)

    def _count_embedded(self, entry: dict[str, Any]) -> None:
        self.summary.embedded_articles += entry["articles"]
        self.summary.vectors += entry["vectors"]


def run(options: Options, progress: Progress | None = None) -> Summary:
    """Runs the pipeline on the connected Ray cluster (call ``ray.init`` first).

    Args:
        options: what to run (input, output, stage, shard, batch sizes, model).
        progress: told on the driver as work finishes (articles tokenized after each task,
            chunks embedded after each forward pass) or is found done. @default NoProgress

    Returns:
        The run's :class:`Summary` (the whole shard's counts, resumed units included).

    Raises:
        ValueError: an unknown stage, a batch size below 1, a ``batch_size`` other than the
            one the output folder was written with, or ``stage="index"``/``"all"`` with a
            ``--shard`` other than ``0/1``.
        FileNotFoundError: ``--input`` has no dump files, ``stage="embed"`` finds no
            completed token shards, or ``stage="index"`` no completed embeddings.
    """
    if options.stage not in STAGES:
        raise ValueError(f"--stage: expected one of {', '.join(STAGES)}, got {options.stage!r}")
    if options.batch_size < 1 or options.embed_batch_size < 1:
        raise ValueError("--batch-size and --embed-batch-size must be >= 1")
    if options.stage in ("index", "all") and options.shard != ShardSpec():
        raise ValueError(
            f"--stage {options.stage} with --shard {options.shard}: the index has one writer; "
            "run --stage tokenize and embed per shard, then --stage index once"
        )
    with metrics.in_progress(options.stage):
        return Pipeline(options, progress or NoProgress()).run()
