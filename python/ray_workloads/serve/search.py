"""Semantic search over the pipeline's index: ``POST /search {"query": str, "k": int}``.

The query is embedded with the same model as the articles (:meth:`Embedder.embed`, truncated
at the model limit like ``SentenceTransformer.encode``), and the ``k`` nearest articles come
back best first as ``{"page_id", "title", "score", "chunk"}``: ``score`` is the cosine
similarity of the article's best-matching window (``chunk``), see
:meth:`ray_workloads.vector_store.VectorStore.search`.

The app may be deployed before the pipeline has ever run: until ``index_uri`` holds the table,
``/search`` answers 503 naming the missing index and ``/healthz`` reports ``"index": false``.
A running load's new rows are seen after ``refresh_interval_s``.
"""

from datetime import timedelta
from typing import Any, Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from ray import serve
from ray.serve import Application

from ray_workloads.embedder import DEFAULT_MODEL, Embedder
from ray_workloads.serve.app_args import AppArgs, parse_app_args
from ray_workloads.vector_store import NPROBES, REFINE_FACTOR, VectorStore


class SearchArgs(AppArgs):
    """``args`` of ``ray_workloads.serve.search:build_app``."""

    index_uri: str
    """The LanceDB database the pipeline's index stage writes (``OUT/index``): a path on the
    shared volume or a bucket URI."""
    model: str = DEFAULT_MODEL
    """Must be the model the pipeline embedded with (``--model``)."""
    device: Literal["auto", "cpu", "cuda"] = "auto"
    max_k: int = Field(default=100, ge=1)
    """Most results one request may ask for (422 above it)."""
    nprobes: int = Field(default=NPROBES, ge=1)
    """IVF partitions a query visits once the index has an ANN index."""
    refine_factor: int = Field(default=REFINE_FACTOR, ge=1)
    """Candidates re-ranked on full vectors per result."""
    refresh_interval_s: float = Field(default=60.0, ge=0)
    """How stale the replica's view of the table may be; 0 re-reads on every query."""


class SearchBody(BaseModel):
    """``query``: text to search for; ``k``: how many articles (default 10)."""

    model_config = ConfigDict(extra="forbid")

    query: StrictStr = Field(min_length=1)
    k: int = Field(default=10, ge=1, strict=True)


api = FastAPI(title="search")


@serve.deployment(max_ongoing_requests=32)
@serve.ingress(api)
class ArticleSearch:
    """One replica: the model and an open handle on the table."""

    def __init__(self, args: SearchArgs) -> None:
        self._args = args
        self._embedder = Embedder(args.model, device=args.device)
        self._store: VectorStore | None = None

    def _open(self) -> VectorStore | None:
        if self._store is None:
            try:
                self._store = VectorStore(self._args.index_uri, refresh_interval=timedelta(seconds=self._args.refresh_interval_s))
            except FileNotFoundError:
                return None
        return self._store

    @api.post("/search")
    def search(self, body: SearchBody) -> dict[str, Any]:
        if body.k > self._args.max_k:
            raise HTTPException(status_code=422, detail=f"body.k is {body.k}; at most {self._args.max_k} results per request")
        store = self._open()
        if store is None:
            raise HTTPException(status_code=503, detail=f"no index at {self._args.index_uri} yet; run the pipeline's index stage")
        hits = store.search(self._embedder.embed([body.query])[0], body.k, self._args.nprobes, self._args.refine_factor)
        return {"model": self._args.model, "results": [vars(hit) for hit in hits]}

    @api.get("/healthz")
    def healthz(self) -> dict[str, Any]:
        return {"status": "ok", "model": self._args.model, "index": self._open() is not None}


def build_app(args: dict[str, Any]) -> Application:
    """Application builder named by the Serve config (``args`` as documented on SearchArgs)."""
    return ArticleSearch.bind(parse_app_args(SearchArgs, args, "search"))
