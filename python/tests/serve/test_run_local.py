"""`npm run serve`'s printout: the routes of a deployed app as curl lines that work as printed."""

import json
import shlex
from pathlib import Path

import pytest
import requests

from ray_workloads.serve import run_local
from ray_workloads.serve.local_serve import LocalServe
from serve_helpers import DeployFn, not_running, write_serve_config


@pytest.fixture(scope="module")
def tokens_url(local_serve: LocalServe, deploy: DeployFn, tmp_path_factory: pytest.TempPathFactory) -> str:
    config = write_serve_config(tmp_path_factory.mktemp("run-local") / "tokens.yaml", [
        {"name": "tokens", "import_path": "ray_workloads.serve.tokenizer:build_app", "route_prefix": "/tokens"},
    ])
    apps = deploy(config)
    assert not not_running(apps), not_running(apps)
    return f"{local_serve.http_url}/tokens"


def test_routes_are_read_from_the_apps_openapi_document(tokens_url: str) -> None:
    lines = run_local.routes(tokens_url)
    assert f"curl -s -X GET {tokens_url}/healthz" in lines
    post = next(line for line in lines if " -X POST " in line)
    assert post == (f"curl -s -X POST {tokens_url}/count -H 'content-type: application/json' "
                    "-d '{\"texts\": [\"Hello, world!\"]}'")


def test_the_printed_curl_line_works_as_printed(tokens_url: str) -> None:
    # Replay the printed line's method, URL and body (curl itself need not be installed).
    argv = shlex.split(next(line for line in run_local.routes(tokens_url) if " -X POST " in line))
    method, url, body = argv[argv.index("-X") + 1], argv[argv.index("-X") + 2], argv[argv.index("-d") + 1]
    reply = requests.request(method, url, json=json.loads(body), timeout=60)
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"encoding": "cl100k_base", "counts": [4], "total": 4}


@pytest.mark.parametrize(("text", "message"), [
    ("applications: []\n", "expected a Serve config with an 'applications' list"),
    ("{not yaml", "cannot read a Serve config"),
])
def test_a_file_that_is_not_a_serve_config_is_one_error_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(text)
    assert run_local.main([str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {config}: {message}") and "\n" not in err
