"""End to end: the pipeline CLI on a generated CirrusSearch dump leaves an index that the search
app, deployed from a Serve config file on a local Serve, answers from over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from cirrus_dumps import Page, cirrus_lines, make_pages, write_dump
from ray_workloads.serve.local_serve import LocalServe
from serve_helpers import DeployFn, not_running, write_serve_config

MAX_K = 5


@dataclass(frozen=True)
class Deployed:
    url: str
    pages: list[Page]


@pytest.fixture(scope="module")
def search(local_serve: LocalServe, deploy: DeployFn, tmp_path_factory: pytest.TempPathFactory) -> Deployed:
    root = tmp_path_factory.mktemp("search")
    pages = make_pages(16, seed=11, first_id=7000)
    write_dump(root / "dumps" / "enwiki-20240101-cirrussearch-content.json.gz", cirrus_lines(pages))
    # The pipeline CLI joined to the local Serve's Ray, as a RayJob joins its cluster: the Serve
    # tests start no second Ray. One embed actor (the local Serve has 8 logical CPUs, which would
    # make it four model loads).
    done = subprocess.run(
        [sys.executable, "-m", "ray_workloads.pipeline", "--input", str(root / "dumps"), "--output", str(root / "out"),
         "--batch-size", "6", "--embed-workers", "1"],
        env={**os.environ, "RAY_ADDRESS": local_serve.gcs_address}, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout[done.stdout.index("{"):])["indexed_articles"] == 16
    config = write_serve_config(root / "search.yaml", [
        {"name": "search", "import_path": "ray_workloads.serve.search:build_app", "route_prefix": "/",
         "args": {"index_uri": str(root / "out" / "index"), "device": "cpu", "max_k": MAX_K, "refresh_interval_s": 0.0}},
        {"name": "search-before-the-pipeline", "import_path": "ray_workloads.serve.search:build_app", "route_prefix": "/missing",
         "args": {"index_uri": str(root / "never-written"), "device": "cpu"}},
    ])
    apps = deploy(config)
    assert not not_running(apps), not_running(apps)
    return Deployed(local_serve.http_url, pages)


def test_an_articles_own_text_finds_that_article_first(search: Deployed) -> None:
    for page in [p for p in search.pages if p.page_id % 5][:4]:  # short pages: one window each
        query = " ".join(page.text.split()[2:-2])  # the article's text less its first and last words
        reply = requests.post(f"{search.url}/search", json={"query": query, "k": 3}, timeout=120)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        assert body["model"] == "sentence-transformers/all-MiniLM-L6-v2"
        first = body["results"][0]
        assert (first["page_id"], first["title"]) == (page.page_id, page.title)
        assert [r["score"] for r in body["results"]] == sorted((r["score"] for r in body["results"]), reverse=True)
        assert len({r["page_id"] for r in body["results"]}) == 3 and 0.5 < first["score"] <= 1.0001


def test_health_reports_whether_the_index_exists(search: Deployed) -> None:
    assert requests.get(f"{search.url}/healthz", timeout=30).json()["index"] is True
    assert requests.get(f"{search.url}/missing/healthz", timeout=30).json()["index"] is False


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        ("/search", {"query": "x", "k": MAX_K + 1}, 422, f"body.k is {MAX_K + 1}; at most {MAX_K} results per request"),
        ("/search", {"query": ""}, 422, "String should have at least 1 character"),
        ("/search", {"k": 3}, 422, "Field required"),
        ("/search", {"query": "x", "k": "3"}, 422, "Input should be a valid integer"),
        ("/missing/search", {"query": "river valley"}, 503, "never-written yet; run the pipeline's index stage"),
    ],
)
def test_bad_requests_and_a_missing_index_get_a_clear_answer(search: Deployed, path: str, body: dict, status: int, message: str) -> None:
    reply = requests.post(f"{search.url}{path}", json=body, timeout=60)
    assert reply.status_code == status, reply.text
    assert message in json.dumps(reply.json()["detail"])
