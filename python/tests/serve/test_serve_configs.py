"""The Serve config files that synth writes for the local environment run as written.

``dist/local/serve-configs/<rayservice>.yaml`` is generated from the same typed Serve config as
the RayService's ``serveConfigV2``. Each file is deployed unchanged (one deployment per file:
loading models is the slow part) on a local Ray, and every application in it is exercised over
HTTP by what it is: the weighted split's shares, the tokenizer's counts against tiktoken, the
embedding's vectors.
"""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
import yaml

from ray_workloads.assets import cl100k
from ray_workloads.serve.local_serve import LocalServe
from serve_helpers import DeployFn, not_running

CONFIG_DIR = Path(__file__).resolve().parents[3] / "dist" / "local" / "serve-configs"
CONFIGS = sorted(CONFIG_DIR.glob("*.yaml"))
SPLIT_REQUESTS = 300
# Replicas of scale-to-zero applications start on the first request (model load included).
COLD_START_S = 240


def route_prefix(app: dict[str, Any]) -> str | None:
    """The application's HTTP route; None (written as null) leaves it unexposed."""
    return app.get("route_prefix", "/")


def url(serve_instance: LocalServe, app: dict[str, Any], path: str) -> str:
    return serve_instance.http_url + str(route_prefix(app)).rstrip("/") + path


def check_traffic_split(serve_instance: LocalServe, app: dict[str, Any], config: dict[str, Any]) -> None:
    versions = {a["name"]: a.get("args", {}).get("version", "v1") for a in config["applications"]}

    def send(i: int) -> tuple[str, str]:
        reply = requests.post(url(serve_instance, app, "/embed"), json={"texts": [f"request {i}"]},
                              timeout=COLD_START_S)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        return body["application"], body["version"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(SPLIT_REQUESTS)))

    # The versions are reached through their handles only. Each answer came from the
    # application it names (its version label says so) ...
    assert all(versions[name] == version for name, version in answers)
    # ... and each route's count is binomial(N, weight/100): 4.5 standard deviations around
    # the expected count fail by chance with probability below 1e-5.
    counts = Counter(name for name, _ in answers)
    for route in app["args"]["routes"]:
        p = route["weight"] / 100
        expected, sd = SPLIT_REQUESTS * p, (SPLIT_REQUESTS * p * (1 - p)) ** 0.5
        got = counts[route["application"]]
        assert abs(got - expected) <= 4.5 * sd, f"{route}: {got} of {SPLIT_REQUESTS} requests"


def check_tokenizer(serve_instance: LocalServe, app: dict[str, Any], config: dict[str, Any]) -> None:
    texts = ["Hello, world!", "Zürich, Kraków and 東京 — naïve café", "<|endoftext|> is text here", " "]
    reply = requests.post(url(serve_instance, app, "/count"), json={"texts": texts}, timeout=COLD_START_S)
    assert reply.status_code == 200, reply.text
    expected = [len(ids) for ids in cl100k().encode_ordinary_batch(texts)]
    assert reply.json() == {"encoding": "cl100k_base", "counts": expected, "total": sum(expected)}


def check_embedding(serve_instance: LocalServe, app: dict[str, Any], config: dict[str, Any]) -> None:
    reply = requests.post(url(serve_instance, app, "/embed"), json={"texts": ["a", "b"]}, timeout=COLD_START_S)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert (body["dim"], len(body["vectors"]), len(body["vectors"][0])) == (384, 2, 384)
    assert body["version"] == app.get("args", {}).get("version", "v1")


def check_textgen(serve_instance: LocalServe, app: dict[str, Any], config: dict[str, Any]) -> None:
    reply = requests.post(url(serve_instance, app, "/generate"), json={"prompt": "Hello"}, timeout=COLD_START_S)
    assert reply.status_code == 200, reply.text
    assert reply.json()["new_tokens"] >= 1


def check_search(serve_instance: LocalServe, app: dict[str, Any], config: dict[str, Any]) -> None:
    # The config names the cluster's index path, which a test machine does not have: the app
    # runs and says so (test_search_app.py answers from a real index).
    reply = requests.post(url(serve_instance, app, "/search"), json={"query": "river valley"}, timeout=COLD_START_S)
    assert reply.status_code == 503, reply.text
    assert app["args"]["index_uri"] in reply.json()["detail"]


CHECKS = {
    "ray_workloads.serve.traffic_split:build_app": check_traffic_split,
    "ray_workloads.serve.tokenizer:build_app": check_tokenizer,
    "ray_workloads.serve.embedding:build_app": check_embedding,
    "ray_workloads.serve.textgen:build_app": check_textgen,
    "ray_workloads.serve.search:build_app": check_search,
}


def test_local_environment_has_serve_configs() -> None:
    assert CONFIGS, f"no Serve config files in {CONFIG_DIR}: run `npm run synth` first"


@pytest.mark.parametrize("config_file", CONFIGS, ids=[c.stem for c in CONFIGS])
def test_config_file_runs_as_written(config_file: Path, deploy: DeployFn, local_serve: LocalServe) -> None:
    config = yaml.safe_load(config_file.read_text())
    apps = deploy(config_file)
    assert not not_running(apps), not_running(apps)

    # Only applications with a route are exposed by the proxy (route_prefix null hides one).
    routed = [app for app in config["applications"] if route_prefix(app) is not None]
    exposed = requests.get(f"{local_serve.http_url}/-/routes", timeout=30).json()
    assert exposed == {route_prefix(app): app["name"] for app in routed}

    for app in routed:
        health = requests.get(url(local_serve, app, "/healthz"), timeout=COLD_START_S)
        assert health.status_code == 200, f"{app['name']}: {health.status_code} {health.text}"
        check = CHECKS.get(app["import_path"])
        assert check is not None, f"{app['name']}: no check for import_path {app['import_path']}"
        check(local_serve, app, config)
