"""A private local Ray + Serve that takes Serve config FILES, for tests and benchmarks.

Config files are deployed with the public CLI, ``serve run --non-blocking --address <gcs> FILE``,
which parses them with Serve's own ``ServeDeploySchema`` (the schema of a RayService's
``serveConfigV2``), so a config synthesized for a RayService runs here unchanged.

Ray lives in a child process that owns it: the caller never calls ``ray.init`` (a test session
may hold its own Ray), and the cluster dies with the child, also when the caller is killed (the
child exits when its stdin closes). No dashboard: on a busy 2-core machine its modules miss
their 30 s start-up deadline, and nothing here needs it; status comes from the child instead.

Run alone: ``python -m ray_workloads.serve.local_serve [--num-cpus 8] [--http-port 8000]``.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SETTLED = ("RUNNING", "DEPLOY_FAILED")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalServe:
    """Context manager: a local Ray + Serve with the HTTP proxy on ``http_url``."""

    def __init__(self, num_cpus: int = 8, http_port: int | None = None) -> None:
        """
        Args:
            num_cpus: logical CPUs of the local Ray. @default 8
            http_port: the Serve proxy's port. @default a free port
        """
        # Logical CPUs: every replica asks for one by default; on a 2-core machine the
        # replicas of a multi-app config would otherwise wait for CPUs that never come.
        self._num_cpus = num_cpus
        self._http_port = http_port
        self.http_url = ""
        self.gcs_address = ""
        self._child: subprocess.Popen[str] | None = None

    def __enter__(self) -> "LocalServe":
        self._child = subprocess.Popen(
            [sys.executable, "-m", __name__, f"--num-cpus={self._num_cpus}", f"--http-port={self._http_port or free_port()}"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        line = self._read_line()
        if not line.startswith("READY "):
            self.__exit__()
            raise RuntimeError(f"local Ray + Serve did not start (child said {line!r})")
        addresses = json.loads(line.removeprefix("READY "))
        self.http_url, self.gcs_address = addresses["http"], addresses["gcs"]
        return self

    def __exit__(self, *exc: object) -> None:
        if self._child is not None:
            assert self._child.stdin is not None
            self._child.stdin.close()
            try:
                self._child.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self._child.kill()
                self._child.wait()
            self._child = None

    def _read_line(self) -> str:
        assert self._child is not None and self._child.stdout is not None
        return self._child.stdout.readline()

    def deploy(self, config_file: Path) -> None:
        """Deploys the config file (replacing every application deployed before), not waiting.

        Args:
            config_file: a Serve config (``ServeDeploySchema``, a RayService's ``serveConfigV2``).

        Raises:
            RuntimeError: ``serve run`` rejected the file (its stderr's tail in the message).
        """
        serve_cli = shutil.which("serve", path=str(Path(sys.executable).parent)) or "serve"
        done = subprocess.run(
            [serve_cli, "run", "--non-blocking", "--address", self.gcs_address, str(config_file)],
            capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"serve run {config_file} failed: {done.stderr.strip()[-2000:]}")

    def applications(self) -> dict[str, Any]:
        """``serve.status()`` of every application: status, message, last_deployed_time_s and
        deployments (each with status and message)."""
        assert self._child is not None and self._child.stdin is not None
        self._child.stdin.write("status\n")
        self._child.stdin.flush()
        return json.loads(self._read_line())

    def wait_settled(self, names: set[str], since: float, timeout_s: float = 300) -> dict[str, Any]:
        """Waits until every application in ``names`` was (re)deployed after ``since`` (a
        ``time.time()``) and is RUNNING or DEPLOY_FAILED; returns them. The time check keeps an
        application's status from a previous config from passing for the new one.

        Args:
            names: the applications to wait for.
            since: a ``time.time()`` taken before :meth:`deploy`.
            timeout_s: how long to wait. @default 300

        Returns:
            ``serve.status()`` of each application in ``names``.

        Raises:
            TimeoutError: not all settled in time (their statuses in the message).
        """
        deadline = time.monotonic() + timeout_s
        while True:
            apps = self.applications()
            if names <= apps.keys() and all(
                apps[n]["last_deployed_time_s"] >= since and apps[n]["status"] in SETTLED for n in names
            ):
                return {n: apps[n] for n in names}
            if time.monotonic() > deadline:
                states = {n: apps.get(n, {}).get("status", "absent") for n in names}
                raise TimeoutError(f"applications did not settle in {timeout_s}s: {states}")
            time.sleep(1)


PROXY_START_S = 300
"""Seconds the child gives Serve's HTTP proxy to become healthy, Serve's own 60 s included."""


def _wait_for_proxies(timeout_s: float) -> None:
    """Waits until every Serve proxy is HEALTHY (``serve.status().proxies``).

    Raises:
        TimeoutError: a proxy is not healthy after ``timeout_s`` seconds (their statuses in the message).
    """
    from ray import serve
    from ray.serve.schema import ProxyStatus

    deadline = time.monotonic() + timeout_s
    while True:
        proxies = serve.status().proxies
        if proxies and all(status == ProxyStatus.HEALTHY for status in proxies.values()):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Serve's HTTP proxies not healthy {timeout_s:.0f}s after Serve's own timeout: {proxies}")
        time.sleep(1)


def _run(num_cpus: int, http_port: int) -> None:
    """The child: owns Ray + Serve; answers ``status`` lines on stdin until stdin closes."""
    import dataclasses

    import ray
    from ray import serve

    context = ray.init(address="local", num_cpus=num_cpus, include_dashboard=False, log_to_driver=False)
    try:
        serve.start(http_options={"host": "127.0.0.1", "port": http_port})
    except TimeoutError:
        # Serve waits 60 s for its HTTP proxy (ray.serve._private.constants.HTTP_PROXY_TIMEOUT, not
        # configurable); on a busy 2-core host the proxy's worker can take longer to start.
        _wait_for_proxies(PROXY_START_S - 60)
    addresses = {"http": f"http://127.0.0.1:{http_port}", "gcs": context.address_info["gcs_address"]}
    print("READY " + json.dumps(addresses), flush=True)
    print(f"deploy with: serve run --non-blocking --address {addresses['gcs']} FILE (Ctrl-D stops)",
          file=sys.stderr)
    try:
        for line in sys.stdin:
            if line.strip() == "status":
                apps = {name: dataclasses.asdict(app) for name, app in serve.status().applications.items()}
                print(json.dumps(apps, default=str), flush=True)
    except KeyboardInterrupt:  # Ctrl-C on a terminal stops it like Ctrl-D, without a traceback
        pass
    serve.shutdown()
    ray.shutdown()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--num-cpus", type=int, default=8, help="logical CPUs of the local Ray (default 8)")
    parser.add_argument("--http-port", type=int, default=8000, help="Serve HTTP port (default 8000)")
    args = parser.parse_args(argv)
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    # Serve marks a proxy that is not ready within RAY_SERVE_PROXY_READY_CHECK_TIMEOUT_S (Ray's
    # default 5 s, ray/serve/_private/constants.py) unhealthy and kills it, and serve.start() then
    # fails with ActorDiedError: on a busy laptop or a 2-core CI machine the proxy's first start
    # (a fresh worker importing Serve) takes longer. Ray's workers inherit this process's env.
    os.environ.setdefault("RAY_SERVE_PROXY_READY_CHECK_TIMEOUT_S", "60")
    _run(args.num_cpus, args.http_port)


if __name__ == "__main__":
    main()
