"""MLflow tracking against a real tracking server: one run per job, shards nested under one parent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mlflow.entities import ViewType
from mlflow.tracking import MlflowClient

from cirrus_dumps import cirrus_lines, make_pages, write_dump
from mlflow_server import free_port
from ray_workloads.pipeline.cli import main
from ray_workloads.pipeline.tracking import (
    DEFAULT_EXPERIMENT,
    PARENT_TAG,
    NullTracker,
    dump_dates,
    flatten_numbers,
    pipeline_tracker,
)
from ray_workloads.tracking_server import TrackingServerUnreachable


def runs_of(client: MlflowClient, pipeline_run: str) -> list:
    experiment = client.get_experiment_by_name(DEFAULT_EXPERIMENT)
    return client.search_runs([experiment.experiment_id], filter_string=f"tags.`ray_gitops.pipeline_run` = '{pipeline_run}'")


def test_without_tracking_uri_nothing_is_tracked() -> None:
    tracker = pipeline_tracker("job", "run-1", environ={})
    assert isinstance(tracker, NullTracker)
    tracker.start({"model": "m"})
    tracker.finish({"ok": 1}, [], failed=False, end_parent=True)
    assert tracker.run_id is None


def test_an_unreachable_server_is_one_clear_error_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A port nobody listens on: MLflow's client would retry each request with backoff for minutes.
    uri = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(TrackingServerUnreachable, match=f"MLFLOW_TRACKING_URI={uri}: no MLflow tracking server reachable"):
        pipeline_tracker("tokenize", None, environ={"MLFLOW_TRACKING_URI": uri})

    dumps = tmp_path / "dumps"
    write_dump(dumps / "enwiki-20240101-cirrussearch-content.json.gz", cirrus_lines(make_pages(2, first_id=10)))
    # The CLI's main() in-process: it exits before Ray or a model is touched, so a subprocess
    # would add only its start-up.
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    assert main(["--input", str(dumps), "--output", str(tmp_path / "out")]) == 2
    printed = capsys.readouterr()
    assert printed.err.strip().splitlines() == [
        f"error: MLFLOW_TRACKING_URI={uri}: no MLflow tracking server reachable (Connection refused within 5 s); "
        "start the server, fix the URI, or unset MLFLOW_TRACKING_URI to run without tracking"
    ]
    assert printed.out == ""
    assert not (tmp_path / "out").exists(), "nothing is written before the check"


def test_a_job_logs_params_metrics_and_its_manifest(tracking_uri: str, tmp_path: Path) -> None:
    manifest = tmp_path / "_manifest.00000-of-00001.jsonl"
    manifest.write_text('{"key": "a.json/000000", "kind": "batch"}\n')
    tracker = pipeline_tracker("tokenize", None, environ={"MLFLOW_TRACKING_URI": tracking_uri})
    tracker.start({"stage": "tokenize", "batch_size": 1000, "dump_files": ["a.json", "b.json"]})
    summary = {"ok": 12, "articles_per_s": 3.5, "skipped_by_reason": {"empty_text": 2}, "errors": [{"file": "b.json", "error": "truncated"}]}
    tracker.finish(summary, [(manifest, "manifests/tokens")], failed=True, end_parent=False)

    client = MlflowClient(tracking_uri)
    run = client.get_run(tracker.run_id)
    assert run.info.status == "FAILED"
    assert PARENT_TAG not in run.data.tags
    assert run.data.params == {"stage": "tokenize", "batch_size": "1000", "dump_files": "a.json,b.json"}
    assert run.data.metrics == {"ok": 12.0, "articles_per_s": 3.5, "skipped_by_reason.empty_text": 2.0, "errors": 1.0}
    assert [a.path for a in client.list_artifacts(tracker.run_id, "manifests/tokens")] == [f"manifests/tokens/{manifest.name}"]
    local = Path(client.download_artifacts(tracker.run_id, "summary.json", str(tmp_path / "download")))
    assert json.loads(local.read_text()) == summary


def test_shards_nest_under_one_parent_that_the_last_step_ends(tracking_uri: str) -> None:
    env = {"MLFLOW_TRACKING_URI": tracking_uri}
    shards = [pipeline_tracker(f"embed {i}/3", "wf-abc", environ=env) for i in range(3)]
    for tracker in shards:
        tracker.start({"shard": "x"})
    parents = {tracker.parent_id for tracker in shards}
    assert len(parents) == 1
    for tracker in shards:
        tracker.finish({"ok": 1}, [], failed=False, end_parent=False)
    index = pipeline_tracker("index", "wf-abc", environ=env)
    index.start({"stage": "index"})
    index.finish({"ok": 3}, [], failed=False, end_parent=True)

    client = MlflowClient(tracking_uri)
    (parent,) = parents
    children = [r for r in runs_of(client, "wf-abc") if r.info.run_id != parent]
    assert sorted(r.data.tags[PARENT_TAG] for r in children) == [parent] * 4
    assert client.get_run(parent).info.status == "FINISHED"
    # Another pipeline run gets its own parent.
    other = pipeline_tracker("embed 0/1", "wf-other", environ=env)
    other.start({})
    assert other.parent_id not in (None, parent)


def test_two_shards_creating_the_parent_at_once_keep_the_oldest(tracking_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tracker = pipeline_tracker("embed 1/2", "wf-race", environ={"MLFLOW_TRACKING_URI": tracking_uri})
    # The other shard's parent is created between this shard's lookup (which found none) and its own create.
    other = tracker.client.create_run(tracker.experiment_id, tags={"ray_gitops.pipeline_run": "wf-race", "ray_gitops.role": "parent"})
    real, calls = tracker._parents, []
    monkeypatch.setattr(tracker, "_parents", lambda run: real(run) if calls.append(run) or len(calls) > 1 else [])
    assert tracker._parent("wf-race") == other.info.run_id
    runs = {r.info.run_id: r.info.lifecycle_stage for r in tracker.client.search_runs([tracker.experiment_id], run_view_type=ViewType.ALL)
            if r.data.tags.get("ray_gitops.pipeline_run") == "wf-race"}
    assert runs.pop(other.info.run_id) == "active"
    assert list(runs.values()) == ["deleted"]


def test_dump_dates_and_flattening() -> None:
    assert dump_dates(["x/enwiki-20240101-cirrussearch-content.json.gz", "simplewiki-20231120-cirrussearch-content.json.gz", "dump.json"]) == ["20231120", "20240101"]
    assert dict(flatten_numbers({"a": 1, "b": {"c": 2.5, "d": "text"}, "e": [1, 2], "f": True})) == {"a": 1.0, "b.c": 2.5, "e": 2.0, "f": 1.0}


def test_the_pipeline_cli_logs_a_complete_run(
    tracking_uri: str, ray_session: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dumps, out = tmp_path / "dumps", tmp_path / "out"
    write_dump(dumps / "enwiki-20240101-cirrussearch-content.json.gz", cirrus_lines(make_pages(5, first_id=300)))
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking_uri)
    monkeypatch.setenv("MLFLOW_EXPERIMENT_NAME", "cli-test")
    # The CLI's main() in-process, on the session's Ray.
    status = main(["--input", str(dumps), "--output", str(out), "--batch-size", "2", "--run-id", "wf-cli"])
    printed = capsys.readouterr()
    assert status == 0, printed.err[-3000:]
    summary = json.loads(printed.out[printed.out.index("{"):])

    client = MlflowClient(tracking_uri)
    experiment = client.get_experiment_by_name("cli-test")
    (job,) = client.search_runs([experiment.experiment_id], filter_string="tags.`ray_gitops.role` = 'job'")
    assert job.info.status == "FINISHED"
    assert job.data.params == {
        "stage": "all", "shard": "0/1", "input": str(dumps), "output": str(out), "batch_size": "2",
        "embed_batch_size": "64", "model": "sentence-transformers/all-MiniLM-L6-v2", "embed_workers": "auto",
        "dump_files": "enwiki-20240101-cirrussearch-content.json.gz", "dump_dates": "20240101",
    }
    metrics = job.data.metrics
    assert metrics["ok"] == metrics["indexed_articles"] == metrics["embedded_articles"] == 5
    assert metrics["vectors"] == summary["vectors"] and metrics["errors"] == 0
    assert metrics["tokenize.articles_per_s"] > 0 and metrics["embed.chunks_per_s"] > 0
    artifacts = {a.path for folder in ("manifests/tokens", "manifests/embeddings") for a in client.list_artifacts(job.info.run_id, folder)}
    assert artifacts == {"manifests/tokens/_manifest.00000-of-00001.jsonl", "manifests/embeddings/_manifest.00000-of-00001.jsonl"}
    # The run ended its pipeline run's parent: the index ran.
    parent = client.get_run(job.data.tags[PARENT_TAG])
    assert (parent.data.tags["ray_gitops.pipeline_run"], parent.info.status) == ("wf-cli", "FINISHED")
