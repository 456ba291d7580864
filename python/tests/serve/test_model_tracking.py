"""The served model version in a real MLflow tracking server: one run per (application, version)."""

from __future__ import annotations

import pytest
from mlflow.tracking import MlflowClient

from ray_workloads.serve.model_tracking import APP_TAG, EXPERIMENT, VERSION_TAG, record_model_version


def test_each_version_is_recorded_once_with_its_model(tracking_uri: str) -> None:
    env = {"MLFLOW_TRACKING_URI": tracking_uri}
    params = {"model": "sentence-transformers/all-MiniLM-L6-v2", "model_path": "/models/minilm", "dim": 384}
    first = record_model_version("embeddings", "v1", params, env)
    assert record_model_version("embeddings", "v1", params, env) == first  # a second replica, a restart
    second = record_model_version("embeddings", "v2", {**params, "dim": 768}, env)
    client = MlflowClient(tracking_uri)
    runs = client.search_runs([client.get_experiment_by_name(EXPERIMENT).experiment_id])
    assert sorted((r.data.tags[APP_TAG], r.data.tags[VERSION_TAG], r.info.run_id) for r in runs) == sorted(
        [("embeddings", "v1", first), ("embeddings", "v2", second)]
    )
    assert client.get_run(second).data.params == {"model": params["model"], "model_path": "/models/minilm", "dim": "768"}


def test_without_a_server_nothing_is_recorded_and_nothing_fails(caplog: pytest.LogCaptureFixture) -> None:
    assert record_model_version("embeddings", "v1", {}, {}) is None
    # A configured but unreachable server is a warning, not a crashed replica (nor minutes of retries).
    assert record_model_version("embeddings", "v1", {}, {"MLFLOW_TRACKING_URI": "http://127.0.0.1:9"}) is None
    assert "MLflow at http://127.0.0.1:9: model version of embeddings not recorded: MLFLOW_TRACKING_URI=http://127.0.0.1:9: " \
        "no MLflow tracking server reachable" in caplog.text
