"""The embedding app over real HTTP on a local Serve, with the real MiniLM model."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import requests

from ray_workloads.embedder import Embedder
from ray_workloads.serve.local_serve import LocalServe
from serve_helpers import DeployFn, not_running, write_serve_config

MAX_ITEMS = 8


@pytest.fixture(scope="module")
def embed_url(local_serve: LocalServe, deploy: DeployFn, tmp_path_factory: pytest.TempPathFactory) -> str:
    config = write_serve_config(tmp_path_factory.mktemp("embedding") / "embedding.yaml", [{
        "name": "embedding",
        "import_path": "ray_workloads.serve.embedding:build_app",
        "route_prefix": "/",
        # A long wait so that concurrent requests surely meet in one batch.
        "args": {"max_batch_size": 16, "batch_wait_timeout_s": 0.25,
                 "max_items_per_request": MAX_ITEMS, "device": "cpu", "version": "test"},
    }])
    apps = deploy(config)
    assert not not_running(apps), not_running(apps)
    return local_serve.http_url


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(device="cpu")


def test_health_route(embed_url: str) -> None:
    reply = requests.get(f"{embed_url}/healthz", timeout=30)
    assert reply.status_code == 200
    assert reply.json() == {"status": "ok", "model": "sentence-transformers/all-MiniLM-L6-v2", "version": "test"}


def test_embed_returns_the_models_vectors(embed_url: str, embedder: Embedder) -> None:
    texts = ["A cat sits on the mat.", "A kitten rests on a rug.", "Stock markets fell sharply today."]
    reply = requests.post(f"{embed_url}/embed", json={"texts": texts}, timeout=60)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert (body["model"], body["version"], body["dim"]) == ("sentence-transformers/all-MiniLM-L6-v2", "test", 384)
    vectors = np.array(body["vectors"])
    np.testing.assert_allclose(vectors, embedder.embed(texts), atol=1e-4)
    # Semantic sanity: the two sentences about a cat are closer than cat and stock market.
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_concurrent_requests_are_batched_and_answered_in_order(embed_url: str, embedder: Embedder) -> None:
    # GIVEN 24 clients sending at once, each with its own texts
    requests_texts = [[f"request {i} sentence {j} about topic {i * 7 % 5}" for j in range(1 + i % 3)]
                      for i in range(24)]

    def send(texts: list[str]) -> dict[str, object]:
        reply = requests.post(f"{embed_url}/embed", json={"texts": texts}, timeout=120)
        assert reply.status_code == 200, reply.text
        return reply.json()

    with ThreadPoolExecutor(max_workers=24) as pool:
        bodies = list(pool.map(send, requests_texts))

    # THEN requests shared forward passes, and each got the vectors of its own texts back
    batch_sizes = [b["batch_size"] for b in bodies]
    assert max(batch_sizes) > 1, f"no batching observed: {batch_sizes}"
    assert max(batch_sizes) <= 16
    expected = embedder.embed([t for texts in requests_texts for t in texts])
    got = np.array([v for b in bodies for v in b["vectors"]])
    np.testing.assert_allclose(got, expected, atol=1e-4)


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"data": "not json {"}, 422, "JSON decode error"),
        ({"json": {}}, 422, "'loc': ['body', 'texts'], 'msg': 'Field required'"),
        ({"json": {"texts": "one string"}}, 422, "'loc': ['body', 'texts'], 'msg': 'Input should be a valid list'"),
        ({"json": {"texts": ["ok", 3]}}, 422, "'loc': ['body', 'texts', 1], 'msg': 'Input should be a valid string'"),
        ({"json": {"texts": []}}, 422, "List should have at least 1 item"),
        ({"json": {"texts": ["x"] * (MAX_ITEMS + 1)}}, 413,
         f"body.texts has {MAX_ITEMS + 1} items; at most {MAX_ITEMS} are accepted per request"),
    ],
)
def test_bad_input_is_rejected_with_a_message(embed_url: str, payload: dict[str, object], status: int, message: str) -> None:
    reply = requests.post(f"{embed_url}/embed", headers={"content-type": "application/json"}, timeout=30, **payload)
    assert reply.status_code == status, reply.text
    detail = reply.json()["detail"]
    text = detail if isinstance(detail, str) else str([{k: d[k] for k in ("loc", "msg")} for d in detail])
    assert message in text
