"""The pipeline's own Prometheus metrics, through Ray's metrics API.

Ray exports application metrics (``ray.util.metrics``) on each node's metrics agent, the same
``/metrics`` endpoint (port 8080 in KubeRay pods) that the PodMonitor already scrapes, and
prefixes every name with ``ray_``. Exported names (Prometheus conventions: base units, counters
end in ``_total``):

- ``ray_gitops_pipeline_articles_total{stage}``: articles a stage finished (tokenized,
  embedded, indexed);
- ``ray_gitops_pipeline_chunks_total{stage}``: vectors (one per window of an article) embedded
  or indexed;
- ``ray_gitops_pipeline_units_total{stage}``: work units finished (token batches, embed shards,
  index loads), the denominator of the failure rate;
- ``ray_gitops_pipeline_failures_total{stage,reason}``: units or inputs that failed
  (``reason``: ``damaged_input`` for an unreadable dump, ``task_error`` for an exception);
- ``ray_gitops_pipeline_stage_duration_seconds{stage}``: histogram of one unit's wall time,
  measured where the unit runs;
- ``ray_gitops_pipeline_in_progress{stage}``: 1 while a driver runs the stage, else 0 (the
  "job stuck" alert fires only while this is 1).

Recording is cheap (an in-process aggregate flushed every few seconds by Ray); metrics are
created on first use in each process because they need a connected Ray worker.

Upstream: https://docs.ray.io/en/latest/ray-observability/user-guides/add-app-metrics.html
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from ray.util.metrics import Counter, Gauge, Histogram

PREFIX = "gitops_pipeline_"
"""Our part of each name; Ray's exporter adds ``ray_`` in front."""
DURATION_BUCKETS_S = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800]
"""Histogram boundaries in seconds: a token batch takes ~1-5 s, a CPU embed shard minutes."""


@cache
def _articles() -> Counter:
    return Counter(f"{PREFIX}articles_total", "Articles a pipeline stage finished.", tag_keys=("stage",))


@cache
def _chunks() -> Counter:
    return Counter(f"{PREFIX}chunks_total", "Vectors (article windows) a stage embedded or indexed.", tag_keys=("stage",))


@cache
def _units() -> Counter:
    return Counter(f"{PREFIX}units_total", "Work units (batches, shards, loads) a stage finished.", tag_keys=("stage",))


@cache
def _failures() -> Counter:
    return Counter(f"{PREFIX}failures_total", "Units or inputs that failed.", tag_keys=("stage", "reason"))


@cache
def _duration() -> Histogram:
    return Histogram(
        f"{PREFIX}stage_duration_seconds",
        "Wall time of one unit of a stage, in seconds.",
        boundaries=DURATION_BUCKETS_S,
        tag_keys=("stage",),
    )


@cache
def _in_progress() -> Gauge:
    return Gauge(f"{PREFIX}in_progress", "1 while a pipeline driver runs the stage.", tag_keys=("stage",))


def unit_done(stage: str, articles: int, chunks: int = 0) -> None:
    """Counts one finished unit of ``stage`` with its ``articles`` and ``chunks``."""
    tags = {"stage": stage}
    _units().inc(1, tags)
    if articles:
        _articles().inc(articles, tags)
    if chunks:
        _chunks().inc(chunks, tags)


def failed(stage: str, reason: str) -> None:
    """Counts one failure of ``stage``; ``reason`` is ``damaged_input`` or ``task_error``."""
    _failures().inc(1, {"stage": stage, "reason": reason})


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Records the block's wall time in ``stage_duration_seconds`` (also when it raises)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        _duration().observe(time.perf_counter() - started, {"stage": stage})


@contextmanager
def in_progress(stage: str) -> Iterator[None]:
    """Sets ``in_progress{stage}`` to 1 for the block, back to 0 after it."""
    _in_progress().set(1, {"stage": stage})
    try:
        yield
    finally:
        _in_progress().set(0, {"stage": stage})


@contextmanager
def failures_counted(stage: str) -> Iterator[None]:
    """Counts an exception escaping the block as a ``task_error`` failure of ``stage``, and re-raises it."""
    try:
        yield
    except Exception:
        failed(stage, "task_error")
        raise
