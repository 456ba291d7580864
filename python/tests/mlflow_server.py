"""A real MLflow tracking server for tests: ``mlflow server`` with a SQLite store on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

START_TIMEOUT_S = 180
"""Schema migrations of a fresh SQLite store take ~30 s on a busy 2-core machine."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def mlflow_server(root: Path) -> Iterator[str]:
    """Starts the server in its own process group under ``root``; yields its URI; stops it."""
    port = free_port()
    uri = f"http://127.0.0.1:{port}"
    log = open(root / "mlflow-server.log", "w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "mlflow", "server",
            f"--backend-store-uri=sqlite:///{root / 'mlflow.db'}",
            f"--artifacts-destination={(root / 'artifacts').as_uri()}",
            "--serve-artifacts", "--host=127.0.0.1", f"--port={port}", "--workers=1",
        ],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=root,
        # No job runner: MLflow 3 otherwise starts one with seven huey consumer processes (its
        # GenAI evaluation jobs, which no test uses), ~20 s of CPU at start on a 2-core machine.
        env={**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"},
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"mlflow server exited with {process.returncode}: {(root / 'mlflow-server.log').read_text()[-2000:]}")
            try:
                if requests.get(f"{uri}/health", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"mlflow server not healthy after {START_TIMEOUT_S}s")
            time.sleep(0.5)
        yield uri
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
