"""The pipeline's metrics as Prometheus scrapes them from a real local Ray's metrics endpoint."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import ray
import requests
from prometheus_client.parser import text_string_to_metric_families

from cirrus_dumps import cirrus_lines, make_pages, write_dump
from ray_workloads.pipeline import metrics
from ray_workloads.pipeline.driver import Options, run

REPO = Path(__file__).resolve().parents[3]
TS_NAMES = REPO / "src" / "serving" / "pipeline-metrics.ts"
"""Where the alert rules and the dashboard take the names from."""


def scrape() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every ``ray_gitops_pipeline_*`` sample of the node's endpoint, summed over Ray's per-worker labels."""
    port = ray.nodes()[0]["MetricsExportPort"]
    deadline = time.monotonic() + 60
    while True:  # the node's metrics agent starts listening a few seconds after ray.init
        try:
            text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
            break
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name.startswith("ray_gitops_pipeline_"):
                labels = tuple(sorted((k, v) for k, v in sample.labels.items() if k in ("stage", "reason", "le")))
                samples[(sample.name, labels)] = samples.get((sample.name, labels), 0.0) + sample.value
    return samples


def wait_for(condition: Callable[[dict], bool], timeout_s: float = 60) -> dict:
    """Ray flushes metrics every few seconds: scrape until ``condition`` holds."""
    deadline = time.monotonic() + timeout_s
    while True:
        samples = scrape()
        if condition(samples) or time.monotonic() > deadline:
            return samples
        time.sleep(1)


def settled(quiet_s: float, timeout_s: float = 90) -> dict:
    """A scrape once two in a row ``quiet_s`` apart agree: what earlier tests recorded is flushed."""
    deadline, previous = time.monotonic() + timeout_s, scrape()
    while True:
        time.sleep(quiet_s)
        current = scrape()
        if current == previous or time.monotonic() > deadline:
            return current
        previous = current


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_run_exports_counts_failures_durations_and_progress_on_the_metrics_endpoint(
    ray_session: str, metrics_report_interval_s: float, tmp_path: Path
) -> None:
    dumps, out = tmp_path / "dumps", tmp_path / "out"
    write_dump(dumps / "a.json", cirrus_lines(make_pages(6, first_id=100)))
    broken = write_dump(dumps / "b.json.gz", cirrus_lines(make_pages(40, first_id=1000)))
    broken.write_bytes(broken.read_bytes()[: broken.stat().st_size // 2])
    # The session's other tests ran pipelines too: compare increments, from a scrape that stays
    # the same over more than one report interval.
    before = settled(quiet_s=1.5 * metrics_report_interval_s)
    summary = run(Options(dumps, out, stage="all", batch_size=4))
    tokenized, embedded = summary.counts.ok, summary.embedded_articles

    def grew(name: str, by: float, **labels: str) -> Callable[[dict], bool]:
        return lambda s: value(s, name, **labels) - value(before, name, **labels) >= by

    checks = [
        grew("ray_gitops_pipeline_articles_total", tokenized, stage="tokenize"),
        grew("ray_gitops_pipeline_articles_total", embedded, stage="embed"),
        grew("ray_gitops_pipeline_articles_total", embedded, stage="index"),
        grew("ray_gitops_pipeline_chunks_total", summary.vectors, stage="embed"),
        grew("ray_gitops_pipeline_failures_total", 1, stage="tokenize", reason="damaged_input"),
        # Durations are recorded where units run (tasks, actors), flushed on their own schedule.
        grew("ray_gitops_pipeline_stage_duration_seconds_count", summary.stages["tokenize"].units_done, stage="tokenize"),
        grew("ray_gitops_pipeline_stage_duration_seconds_count", summary.stages["embed"].units_done, stage="embed"),
    ]
    after = wait_for(lambda s: all(check(s) for check in checks))
    delta = lambda name, **labels: value(after, name, **labels) - value(before, name, **labels)  # noqa: E731
    assert delta("ray_gitops_pipeline_articles_total", stage="tokenize") == tokenized > 6
    assert delta("ray_gitops_pipeline_articles_total", stage="embed") == embedded == tokenized
    assert delta("ray_gitops_pipeline_articles_total", stage="index") == embedded
    assert delta("ray_gitops_pipeline_chunks_total", stage="embed") == summary.vectors
    assert delta("ray_gitops_pipeline_units_total", stage="tokenize") == summary.stages["tokenize"].units_done
    assert delta("ray_gitops_pipeline_failures_total", stage="tokenize", reason="damaged_input") == 1
    # One duration per unit, in a cumulative histogram.
    assert delta("ray_gitops_pipeline_stage_duration_seconds_count", stage="tokenize") == summary.stages["tokenize"].units_done
    assert delta("ray_gitops_pipeline_stage_duration_seconds_bucket", stage="embed", le="+Inf") == delta(
        "ray_gitops_pipeline_units_total", stage="embed"
    ) == summary.stages["embed"].units_done
    assert value(after, "ray_gitops_pipeline_in_progress", stage="all") == 0.0


def test_the_names_the_alerts_and_dashboard_use_are_the_names_ray_exports(ray_session: str) -> None:
    names = re.findall(r"'(ray_gitops_pipeline_[a-z_]+)'", TS_NAMES.read_text())
    assert len(names) == 6
    with metrics.in_progress("index"), metrics.timed("index"):
        metrics.unit_done("index", 1, 2)
        metrics.failed("index", "task_error")
    exported = {name for name, _ in wait_for(lambda s: set(names) <= {n for n, _ in s})}
    assert set(names) <= exported, f"{set(names) - exported} in {TS_NAMES.name} but not on Ray's endpoint"
