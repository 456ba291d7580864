"""MLflow run tracking of the pipeline, on only when ``MLFLOW_TRACKING_URI`` is set.

Without the variable :func:`pipeline_tracker` returns a tracker that does nothing (MLflow is not
even imported), so a laptop run logs nothing and cannot fail because of tracking.

With it, one run of ``python -m ray_workloads.pipeline`` is one MLflow run in the experiment
``MLFLOW_EXPERIMENT_NAME`` (default ``wikipedia-pipeline``) that logs:

- parameters: stage, shard, model, batch sizes, input, the dump files and their dump dates
  (the ``YYYYMMDD`` of Wikimedia's ``<wiki>-<date>-cirrussearch-…`` names);
- metrics: every number of the run's summary JSON (per-stage counts, ``articles_per_s``,
  ``elapsed_s``, ``errors`` = number of damaged inputs), flattened with dots;
- artifacts: ``summary.json`` and this shard's ``_manifest.*.jsonl`` of every stage directory
  (the output manifest: which units the run recorded).

Sharded runs (``--run-id``, as the Argo workflow passes ``{{workflow.name}}``): every stage job of
every shard logs a *child* run nested under one *parent* run per pipeline run. The parent is
found by the tag ``ray_gitops.pipeline_run`` = run id, or created; two shards creating it at
the same moment both keep the oldest (by start time, then run id) and the other is deleted, so
the grouping is deterministic without a lock. The index stage, which runs once after every
shard, ends the parent run. MLflow's own client reads ``MLFLOW_TRACKING_USERNAME`` /
``MLFLOW_TRACKING_PASSWORD`` (or ``MLFLOW_TRACKING_TOKEN``) for servers with authentication.

An ``http(s)`` tracking URI is checked once, before anything is logged: when nothing accepts a
connection at its host and port within 5 s, :func:`pipeline_tracker` raises
:class:`~ray_workloads.tracking_server.TrackingServerUnreachable` instead of letting MLflow's
client retry each request for minutes. Once the server answered, those retries stay on: they
ride out a server restart or rate limiting in the middle of a run.

Upstream: MLflow tracking API, https://mlflow.org/docs/latest/api_reference/python_api/mlflow.client.html
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from ray_workloads.tracking_server import TrackingServerUnreachable, check_reachable

EXPERIMENT_ENV = "MLFLOW_EXPERIMENT_NAME"
DEFAULT_EXPERIMENT = "wikipedia-pipeline"
RUN_TAG = "ray_gitops.pipeline_run"
"""Tag holding the pipeline run id on the parent run and on each child run."""
ROLE_TAG = "ray_gitops.role"
PARENT_TAG = "mlflow.parentRunId"
"""MLflow's own tag for nesting; the UI groups children under it."""
MAX_PARAM_LENGTH = 6000
"""MLflow's limit on a parameter value (``MAX_PARAM_VAL_LENGTH``)."""
_DUMP_DATE = re.compile(r"-(\d{8})-")




class Tracker(Protocol):
    """What the pipeline reports to; see :func:`pipeline_tracker`."""

    run_id: str | None
    """The MLflow run id, or None when nothing is tracked."""

    def start(self, params: Mapping[str, Any]) -> None: ...

    def finish(self, summary: Mapping[str, Any], artifacts: list[tuple[Path, str]], failed: bool, end_parent: bool) -> None: ...


class NullTracker:
    """Tracks nothing (no ``MLFLOW_TRACKING_URI``)."""

    run_id: str | None = None

    def start(self, params: Mapping[str, Any]) -> None:
        pass

    def finish(self, summary: Mapping[str, Any], artifacts: list[tuple[Path, str]], failed: bool, end_parent: bool) -> None:
        pass


class MlflowTracker:
    """One MLflow run of one stage job, nested under the pipeline run's parent when ``pipeline_run`` is given."""

    def __init__(self, tracking_uri: str, experiment: str, run_name: str, pipeline_run: str | None) -> None:
        from mlflow.tracking import MlflowClient

        self.client = MlflowClient(tracking_uri)
        self.experiment_id = self._experiment(experiment)
        self.run_name = run_name
        self.pipeline_run = pipeline_run
        self.parent_id: str | None = None
        self.run_id: str | None = None

    def _experiment(self, name: str) -> str:
        from mlflow.exceptions import MlflowException

        found = self.client.get_experiment_by_name(name)
        if found is not None:
            return found.experiment_id
        try:
            return self.client.create_experiment(name)
        except MlflowException:
            # Another shard created it between our lookup and our create.
            return self.client.get_experiment_by_name(name).experiment_id

    def _parent(self, pipeline_run: str) -> str:
        found = self._parents(pipeline_run)
        if found:
            return found[0]
        mine = self.client.create_run(
            self.experiment_id, run_name=pipeline_run, tags={RUN_TAG: pipeline_run, ROLE_TAG: "parent"}
        ).info.run_id
        winner = self._parents(pipeline_run)[0]
        if winner != mine:
            self.client.delete_run(mine)
        return winner

    def _parents(self, pipeline_run: str) -> list[str]:
        runs = self.client.search_runs(
            [self.experiment_id],
            filter_string=f"tags.`{RUN_TAG}` = '{_quote(pipeline_run)}' and tags.`{ROLE_TAG}` = 'parent'",
            order_by=["attributes.start_time ASC"],
        )
        # Equal start times (same millisecond): the run id breaks the tie the same way everywhere.
        first = min((run.info.start_time for run in runs), default=None)
        return sorted(run.info.run_id for run in runs if run.info.start_time == first) + [
            run.info.run_id for run in runs if run.info.start_time != first
        ]

    def start(self, params: Mapping[str, Any]) -> None:
        tags = {ROLE_TAG: "job"}
        if self.pipeline_run is not None:
            self.parent_id = self._parent(self.pipeline_run)
            tags |= {RUN_TAG: self.pipeline_run, PARENT_TAG: self.parent_id}
        self.run_id = self.client.create_run(self.experiment_id, run_name=self.run_name, tags=tags).info.run_id
        from mlflow.entities import Param

        self.client.log_batch(self.run_id, params=[Param(key, _param(value)) for key, value in sorted(params.items())])

    def finish(self, summary: Mapping[str, Any], artifacts: list[tuple[Path, str]], failed: bool, end_parent: bool) -> None:
        assert self.run_id is not None, "finish() before start()"
        from mlflow.entities import Metric

        now = int(time.time() * 1000)
        metrics = [Metric(key, float(value), now, 0) for key, value in sorted(flatten_numbers(summary))]
        self.client.log_batch(self.run_id, metrics=metrics)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "summary.json"
            path.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n")
            self.client.log_artifact(self.run_id, str(path))
        for path, artifact_dir in artifacts:
            self.client.log_artifact(self.run_id, str(path), artifact_dir)
        status = "FAILED" if failed else "FINISHED"
        self.client.set_terminated(self.run_id, status)
        if end_parent and self.parent_id is not None:
            self.client.set_terminated(self.parent_id, status)


def pipeline_tracker(run_name: str, pipeline_run: str | None, environ: Mapping[str, str] = os.environ) -> Tracker:
    """The tracker of one pipeline job: MLflow when ``MLFLOW_TRACKING_URI`` is set, else :class:`NullTracker`.

    Raises:
        TrackingServerUnreachable: the URI is http(s) and nothing accepts connections there
            (see :func:`ray_workloads.tracking_server.check_reachable`).
    """
    uri = environ.get("MLFLOW_TRACKING_URI", "").strip()
    if not uri:
        return NullTracker()
    check_reachable(uri)
    return MlflowTracker(uri, environ.get(EXPERIMENT_ENV) or DEFAULT_EXPERIMENT, run_name, pipeline_run)


def dump_dates(files: list[str]) -> list[str]:
    """The distinct ``YYYYMMDD`` dump dates in Wikimedia dump file names, sorted (none for other names)."""
    return sorted({match.group(1) for name in files if (match := _DUMP_DATE.search(Path(name).name))})


def flatten_numbers(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    """``(dotted.key, value)`` for every int/float leaf of ``data``; lists count as their length."""
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, bool):
            yield name, float(value)
        elif isinstance(value, (int, float)):
            yield name, float(value)
        elif isinstance(value, list):
            yield name, float(len(value))
        elif isinstance(value, Mapping):
            yield from flatten_numbers(value, f"{name}.")


def _param(value: Any) -> str:
    text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
    return text if len(text) <= MAX_PARAM_LENGTH else text[: MAX_PARAM_LENGTH - 3] + "..."


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")
