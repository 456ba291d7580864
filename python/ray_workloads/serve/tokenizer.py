"""Token counting with cl100k_base on CPU, for clients that budget prompts before sending them.

The encoding is loaded once per replica by :func:`ray_workloads.assets.cl100k`, which provides
the file offline (tiktoken's cache, else a rebuild from the checkout's js-tiktoken ranks), so a
replica does not reach for the internet.
"""

from typing import Any

from fastapi import FastAPI
from pydantic import Field
from ray import serve
from ray.serve import Application

from ray_workloads.assets import ENCODING_NAME, cl100k
from ray_workloads.serve.app_args import AppArgs, parse_app_args
from ray_workloads.serve.texts_body import TextsBody, check_item_limit


class TokenizerArgs(AppArgs):
    """``args`` of ``ray_workloads.serve.tokenizer:build_app``."""

    max_items_per_request: int = Field(default=1024, ge=1)
    """Most texts in one request (413 above it)."""


api = FastAPI(title="tokenizer")


@serve.deployment(ray_actor_options={"num_cpus": 1})
@serve.ingress(api)
class Tokenizer:
    def __init__(self, args: TokenizerArgs) -> None:
        self._args = args
        self._encoding = cl100k()

    @api.post("/count")
    def count(self, body: TextsBody) -> dict[str, Any]:
        check_item_limit(body.texts, self._args.max_items_per_request)
        # encode_ordinary: user text is counted as text, never as special tokens.
        counts = [len(ids) for ids in self._encoding.encode_ordinary_batch(body.texts)]
        return {"encoding": ENCODING_NAME, "counts": counts, "total": sum(counts)}

    @api.get("/healthz")
    def healthz(self) -> dict[str, str]:
        return {"status": "ok", "encoding": ENCODING_NAME}


def build_app(args: dict[str, Any]) -> Application:
    """Application builder named by the Serve config's ``import_path``.

    Args:
        args: the application's ``args`` from the Serve config (fields of :class:`TokenizerArgs`).

    Returns:
        The bound application Serve deploys.

    Raises:
        ValueError: a field is unknown, of the wrong type or out of range; the message names
            every bad field as ``args.<path>``.
    """
    return Tokenizer.bind(parse_app_args(TokenizerArgs, args, "tokenizer"))
