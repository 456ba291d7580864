"""Session-wide fixtures for all of python/tests (pipeline and Serve).

One local Ray per test session: starting Ray costs seconds, so tests share it, and CLI tests
run in subprocesses join it through ``RAY_ADDRESS``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import ray

from mlflow_server import mlflow_server
from ray_workloads.assets import cl100k


def pytest_sessionstart(session: pytest.Session) -> None:
    # Fail at once, with the fix, instead of every tokenizer test timing out on a download.
    try:
        cl100k()
    except Exception as err:  # noqa: BLE001 - any failure here means the offline asset is missing
        raise pytest.UsageError(
            f"{err} Run the tests through python/run-tests.sh, which installs node_modules."
        ) from None


METRICS_REPORT_INTERVAL_MS = 2000
"""How often the session's Ray workers report metrics (Ray's default: 10,000)."""


@pytest.fixture(scope="session")
def ray_session() -> Iterator[str]:
    """A local Ray for the whole session; yields its address for subprocesses.

    3 logical CPUs: the embed actor that this process's pipeline runs keep loaded between runs
    (``ray_workloads.pipeline.driver``) holds one, and a CLI subprocess's own embed actor and its
    tokenize tasks still get one each.
    """
    # Metrics of tasks and actors reach the node's /metrics endpoint every 2 s instead of Ray's
    # default 10 s (RayConfig metrics_report_interval_ms), so the metrics tests wait less.
    context = ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False,
                       _system_config={"metrics_report_interval_ms": METRICS_REPORT_INTERVAL_MS})
    try:
        yield context.address_info["gcs_address"]
    finally:
        ray.shutdown()


@pytest.fixture(scope="session")
def metrics_report_interval_s(ray_session: str) -> float:
    """Seconds between two metrics reports of the session's Ray workers."""
    return METRICS_REPORT_INTERVAL_MS / 1000


@pytest.fixture(scope="session")
def subprocess_env(ray_session: str) -> dict[str, str]:
    """Environment for CLI subprocesses: joins the session's Ray, no terminal progress bar."""
    return {**os.environ, "RAY_ADDRESS": ray_session}


@pytest.fixture(scope="session")
def tracking_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real MLflow tracking server for the session (starting one costs seconds); the
    pipeline and the Serve tests log to experiments of their own names."""
    with mlflow_server(tmp_path_factory.mktemp("mlflow")) as uri:
        yield uri
