"""Text generation: a small causal language model behind a FastAPI ingress.

The model comes from a folder (baked into the image or mounted as a volume at
``/models/textgen``), never from a hub download at start-up: a replica that would download
240 MB on every scale-up is slow to become ready and fails without egress.
"""

import os
from pathlib import Path
from typing import Any

import torch
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from ray import serve
from ray.serve import Application
from transformers import AutoModelForCausalLM, AutoTokenizer

from ray_workloads.serve.app_args import AppArgs, parse_app_args

DEFAULT_MODEL_PATH = "/models/textgen"


class TextGenArgs(AppArgs):
    """``args`` of ``ray_workloads.serve.textgen:build_app``."""

    model_path: str = Field(default_factory=lambda: os.environ.get("MODEL_PATH", DEFAULT_MODEL_PATH))
    """Hugging Face causal-LM folder. @default env MODEL_PATH, else /models/textgen."""
    max_new_tokens: int = Field(default=64, ge=1)
    """Default and upper bound of ``max_new_tokens`` per request."""


class GenerateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prompt: StrictStr = Field(min_length=1)
    max_new_tokens: int | None = Field(default=None, ge=1)


def check_model_folder(path: Path) -> None:
    """Fail with the path and what a usable folder holds, instead of transformers' attempt to
    treat a missing folder as a hub repository id."""
    if not path.is_dir():
        raise FileNotFoundError(
            f"Text generation model folder '{path}' does not exist. Expected a Hugging Face "
            "causal-LM folder (config.json, model weights, tokenizer files) baked into the image "
            "or mounted as a volume there; set args.model_path or MODEL_PATH to change it."
        )
    if not (path / "config.json").is_file():
        raise FileNotFoundError(
            f"Text generation model folder '{path}' has no config.json (found: "
            f"{sorted(p.name for p in path.iterdir())[:10]}). Expected a Hugging Face causal-LM "
            "folder as written by save_pretrained()."
        )


api = FastAPI(title="textgen")


@serve.deployment
@serve.ingress(api)
class TextGenerator:
    """Greedy decoding, so the same prompt gives the same text on every replica."""

    def __init__(self, args: TextGenArgs) -> None:
        path = Path(args.model_path)
        check_model_folder(path)
        self._args = args
        self._tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
        device = "cuda" if torch.cuda.is_available() else "cpu"
        self._model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True).to(device)
        self._model.eval()
        # GPT-2 style tokenizers have no pad token; generate() then pads with end-of-sequence.
        pad = self._tokenizer.pad_token_id
        self._pad_token_id = pad if pad is not None else self._tokenizer.eos_token_id

    @api.post("/generate")
    def generate(self, body: GenerateBody) -> dict[str, Any]:
        # A plain def: FastAPI runs it in a worker thread, so generation does not block the
        # replica's event loop (health checks keep answering).
        limit = self._args.max_new_tokens
        wanted = body.max_new_tokens or limit
        if wanted > limit:
            raise HTTPException(
                status_code=422,
                detail=f"body.max_new_tokens is {wanted}; this service allows at most {limit}",
            )
        # No special tokens: a tokenizer that appends an end marker ([SEP], </s>) would tell the
        # model the text is over before it starts to continue it. No token type ids: BERT-style
        # tokenizers return them, and GPT-2 would add them to its inputs as embeddings.
        inputs = self._tokenizer(body.prompt, add_special_tokens=False, return_token_type_ids=False,
                                 return_tensors="pt")
        prompt_len = inputs["input_ids"].shape[1]
        if prompt_len == 0:
            raise HTTPException(status_code=422, detail="body.prompt encodes to no tokens")
        with torch.inference_mode():
            output = self._model.generate(
                **inputs.to(self._model.device),
                max_new_tokens=wanted,
                do_sample=False,
                pad_token_id=self._pad_token_id,
            )
        new_ids = output[0, prompt_len:]
        return {
            "model": self._args.model_path,
            "prompt": body.prompt,
            "completion": self._tokenizer.decode(new_ids, skip_special_tokens=True),
            "new_tokens": int(new_ids.shape[0]),
        }

    @api.get("/healthz")
    def healthz(self) -> dict[str, str]:
        return {"status": "ok", "model": self._args.model_path}


def build_app(args: dict[str, Any]) -> Application:
    """Application builder named by the Serve config's ``import_path``.

    Args:
        args: the application's ``args`` from the Serve config (fields of :class:`TextGenArgs`).

    Returns:
        The bound application Serve deploys.

    Raises:
        ValueError: a field is unknown, of the wrong type or out of range, named as ``args.<path>``.

    The folder is checked in the replica, not here: on Kubernetes the builder runs on the head
    pod, while the model volume may be mounted only on the workers that host replicas.
    """
    return TextGenerator.bind(parse_app_args(TextGenArgs, args, "textgen"))
