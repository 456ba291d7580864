"""The embedding service: all-MiniLM-L6-v2 (or any sentence-transformers model) behind HTTP.

Concurrent requests are coalesced with ``@serve.batch`` so that the model runs one forward pass
for many callers: on a GPU a batch of 64 costs little more than a batch of 1. Each response
reports how many requests shared its batch, which is how tests and operators see batching work.
With ``MLFLOW_TRACKING_URI`` set, the served model version is recorded in MLflow
(:mod:`ray_workloads.serve.model_tracking`).
"""

import asyncio
from typing import Any, Literal

from fastapi import FastAPI
from pydantic import Field
from ray import serve
from ray.serve import Application

from ray_workloads.embedder import DEFAULT_MODEL, Embedder
from ray_workloads.serve.app_args import AppArgs, parse_app_args
from ray_workloads.serve.model_tracking import record_model_version
from ray_workloads.serve.texts_body import TextsBody, check_item_limit


class EmbeddingArgs(AppArgs):
    """``args`` of ``ray_workloads.serve.embedding:build_app``."""

    model: str = DEFAULT_MODEL
    """Model name or folder; names resolve through the baked-in cache, never a download."""
    max_batch_size: int = Field(default=64, ge=1)
    """Most requests one forward pass serves; 1 disables batching."""
    batch_wait_timeout_s: float = Field(default=0.01, ge=0)
    """How long a partial batch waits for more requests before it runs."""
    max_items_per_request: int = Field(default=256, ge=1)
    """Most texts in one request (413 above it)."""
    device: Literal["auto", "cpu", "cuda"] = "auto"
    """``auto`` uses CUDA when Ray assigned the replica a GPU."""
    version: str = "v1"
    """Label echoed in every response, so a traffic split's answers can be told apart."""


api = FastAPI(title="embedding")


@serve.deployment(max_ongoing_requests=128)
@serve.ingress(api)
class EmbeddingModel:
    """One replica holds one copy of the model, loaded in the constructor."""

    def __init__(self, args: EmbeddingArgs) -> None:
        self._args = args
        self._embedder = Embedder(args.model, device=args.device)
        record_model_version(
            serve.get_replica_context().app_name,
            args.version,
            {"model": args.model, "model_path": self._embedder.model_path, "dim": self._embedder.dim},
        )
        # The batch queue is created lazily per replica; these set it from config, not code.
        self._embed_batch.set_max_batch_size(args.max_batch_size)
        self._embed_batch.set_batch_wait_timeout_s(args.batch_wait_timeout_s)

    @serve.batch
    async def _embed_batch(self, requests: list[list[str]]) -> list[tuple[list[list[float]], int]]:
        flat = [text for texts in requests for text in texts]
        # Off the event loop, so that new requests keep queueing (and health checks answer)
        # while the model runs.
        vectors = (await asyncio.to_thread(self._embedder.embed, flat)).tolist()
        out, start = [], 0
        for texts in requests:
            out.append((vectors[start : start + len(texts)], len(requests)))
            start += len(texts)
        return out

    async def embed(self, texts: list[str]) -> dict[str, Any]:
        """Embed ``texts``; the HTTP route and DeploymentHandle callers (the traffic splitter)
        share this, limits included."""
        check_item_limit(texts, self._args.max_items_per_request)
        vectors, batch_size = await self._embed_batch(texts)
        return {
            "model": self._args.model,
            "version": self._args.version,
            "dim": self._embedder.dim,
            "vectors": vectors,
            "batch_size": batch_size,
        }

    @api.post("/embed")
    async def embed_route(self, body: TextsBody) -> dict[str, Any]:
        return await self.embed(body.texts)

    @api.get("/healthz")
    def healthz(self) -> dict[str, str]:
        return {"status": "ok", "model": self._args.model, "version": self._args.version}


def build_app(args: dict[str, Any]) -> Application:
    """Application builder named by the Serve config's ``import_path``.

    Args:
        args: the application's ``args`` from the Serve config (fields of :class:`EmbeddingArgs`).

    Returns:
        The bound application Serve deploys.

    Raises:
        ValueError: a field is unknown, of the wrong type or out of range; the message names
            every bad field as ``args.<path>``.
    """
    return EmbeddingModel.bind(parse_app_args(EmbeddingArgs, args, "embedding"))
