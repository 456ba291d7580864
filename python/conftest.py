"""Session-wide fixtures for all of python/tests (pipeline and Serve).

One local Ray per test session for the pipeline (starting Ray costs seconds, so tests share it,
and CLI tests run in subprocesses join it through ``RAY_ADDRESS``), one local Ray + Serve for the
Serve apps, and ``--group`` to run the tests that use the local Serve apart from the others
(python/run-tests.sh runs the two halves side by side).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import pytest
import ray

from mlflow_server import mlflow_server
from ray_workloads.assets import cl100k
from ray_workloads.serve.local_serve import LocalServe


SERVE_FIXTURE = "local_serve"
"""The tests that use it (directly or through another fixture) form the ``--group=serve`` half."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--group", choices=("serve", "pipeline"),
        help=f"only the tests that use the local Ray + Serve ({SERVE_FIXTURE}): serve; only the others: "
             "pipeline. python/run-tests.sh runs the two halves side by side.",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    group = config.getoption("--group")
    if group is None:
        return
    # fixturenames is the whole closure: a test that deploys through `deploy` uses local_serve too.
    wanted = [item for item in items if (SERVE_FIXTURE in getattr(item, "fixturenames", ())) == (group == "serve")]
    config.hook.pytest_deselected(items=[item for item in items if item not in wanted])
    items[:] = wanted


EARLY_SERVE = pytest.StashKey[Future[LocalServe]]()
"""The local Serve that ``--group=serve`` starts before collection (see pytest_sessionstart)."""


def pytest_sessionstart(session: pytest.Session) -> None:
    # Fail at once, with the fix, instead of every tokenizer test timing out on a download.
    try:
        cl100k()
    except Exception as err:  # noqa: BLE001 - any failure here means the offline asset is missing
        raise pytest.UsageError(
            f"{err} Run the tests through python/run-tests.sh, which installs node_modules."
        ) from None
    if session.config.getoption("--group") == "serve":
        # Every test of this half uses it: its child boots Ray + Serve while pytest imports and
        # collects the test modules (each takes tens of seconds on 2 busy cores).
        session.config.stash[EARLY_SERVE] = ThreadPoolExecutor(1).submit(LocalServe().__enter__)


def pytest_sessionfinish(session: pytest.Session) -> None:
    early = session.config.stash.get(EARLY_SERVE, None)
    if early is not None and early.exception() is None:
        early.result().__exit__()  # a no-op when the local_serve fixture stopped it already


@pytest.fixture(scope="session")
def local_serve(request: pytest.FixtureRequest) -> Iterator[LocalServe]:
    """One local Ray + Serve for all Serve tests (starting one costs tens of seconds on 2
    cores); each module deploys its own config FILE, which replaces the previous one."""
    early = request.config.stash.get(EARLY_SERVE, None)
    serve_instance = early.result() if early is not None else LocalServe().__enter__()
    try:
        yield serve_instance
    finally:
        serve_instance.__exit__()


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
