"""The text generation app: generates with a model folder, fails clearly without one."""

from pathlib import Path
from typing import Any

import pytest
import requests

from ray_workloads.serve.local_serve import LocalServe
from serve_helpers import (TEXTGEN_CONTINUATION, TEXTGEN_PROMPT, DeployFn, not_running,
                           write_serve_config)

MISSING = "/models/not-mounted-here"


@pytest.fixture(scope="module")
def textgen_apps(deploy: DeployFn, textgen_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    # One config, two applications: one with the model folder, one pointing where none is.
    config = write_serve_config(tmp_path_factory.mktemp("textgen") / "textgen.yaml", [
        {"name": "textgen", "import_path": "ray_workloads.serve.textgen:build_app",
         "route_prefix": "/textgen", "args": {"model_path": str(textgen_model_dir), "max_new_tokens": 6}},
        {"name": "textgen-missing", "import_path": "ray_workloads.serve.textgen:build_app",
         "route_prefix": "/missing", "args": {"model_path": MISSING}},
    ])
    return deploy(config)


@pytest.fixture(scope="module")
def textgen_url(textgen_apps: dict[str, Any], local_serve: LocalServe) -> str:
    assert "textgen" not in not_running(textgen_apps), not_running(textgen_apps)
    return f"{local_serve.http_url}/textgen"


def test_generates_the_models_greedy_continuation(textgen_url: str, textgen_model_dir: Path) -> None:
    # The fixture checked, in-process, that greedy decoding of this model continues the prompt so.
    reply = requests.post(f"{textgen_url}/generate", json={"prompt": TEXTGEN_PROMPT}, timeout=60)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["completion"] == TEXTGEN_CONTINUATION
    assert (body["new_tokens"], body["prompt"], body["model"]) == (6, TEXTGEN_PROMPT, str(textgen_model_dir))


def test_max_new_tokens_per_request(textgen_url: str) -> None:
    reply = requests.post(f"{textgen_url}/generate", json={"prompt": TEXTGEN_PROMPT, "max_new_tokens": 2}, timeout=60)
    assert reply.status_code == 200, reply.text
    assert (reply.json()["new_tokens"], reply.json()["completion"]) == (2, "fox jumps")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"prompt": TEXTGEN_PROMPT, "max_new_tokens": 7}, "body.max_new_tokens is 7; this service allows at most 6"),
        ({"prompt": ""}, "String should have at least 1 character"),
        ({"prompt": ["a"]}, "Input should be a valid string"),
        ({"text": "a"}, "Field required"),
    ],
)
def test_bad_requests_get_422_with_a_message(textgen_url: str, body: dict[str, object], message: str) -> None:
    reply = requests.post(f"{textgen_url}/generate", json=body, timeout=60)
    assert reply.status_code == 422
    assert message in str(reply.json()["detail"])


def test_health_route(textgen_url: str) -> None:
    assert requests.get(f"{textgen_url}/healthz", timeout=30).json()["status"] == "ok"


def test_absent_model_folder_fails_start_up_with_the_path(textgen_apps: dict[str, Any]) -> None:
    app = textgen_apps["textgen-missing"]
    assert app["status"] == "DEPLOY_FAILED"
    message = app["deployments"]["TextGenerator"]["message"]
    assert f"Text generation model folder '{MISSING}' does not exist" in message
    assert "Expected a Hugging Face causal-LM folder (config.json, model weights, tokenizer files)" in message
