"""Fixtures for the Serve tests: deploying Serve config files (the format of a RayService's
serveConfigV2) on the session's local Ray + Serve (``local_serve``, in python/conftest.py), and
a small causal LM folder for textgen."""

import time
from pathlib import Path
from typing import Any

import pytest
import torch
import yaml
from transformers import AutoTokenizer, GPT2Config, GPT2LMHeadModel

from ray_workloads.embedder import DEFAULT_MODEL, resolve_model
from ray_workloads.serve.local_serve import LocalServe
from serve_helpers import TEXTGEN_CONTINUATION, TEXTGEN_PROMPT, TEXTGEN_SENTENCE, DeployFn


@pytest.fixture(scope="session")
def deploy(local_serve: LocalServe) -> DeployFn:
    """``deploy(config_file)``: serve-deploys the file, returns its applications (status,
    message, deployments) once each is RUNNING or DEPLOY_FAILED."""

    def run(config: Path) -> dict[str, Any]:
        names = {app["name"] for app in yaml.safe_load(config.read_text())["applications"]}
        since = time.time()
        local_serve.deploy(config)
        return local_serve.wait_settled(names, since)

    return run


@pytest.fixture(scope="session")
def textgen_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GPT-2 causal LM folder in ``save_pretrained`` layout, as the image bakes distilgpt2.

    No pretrained causal LM ships on PyPI and the hub is unreachable, so the weights are set by
    hand instead of trained: no transformer blocks, position embeddings one-hot, token
    embeddings zero, and an output head that maps position ``p`` to token ``p + 1`` of
    TEXTGEN_SENTENCE (MiniLM's WordPiece tokenizer). Greedy decoding of any prompt of ``p``
    tokens therefore continues the sentence from token ``p``, with a logit margin of about
    ``10 * sqrt(n_embd)``: nothing depends on training convergence, dropout, thread count or
    the CPU's rounding.
    """
    folder = tmp_path_factory.mktemp("textgen-model")
    tokenizer = AutoTokenizer.from_pretrained(resolve_model(DEFAULT_MODEL))
    sentence = tokenizer(TEXTGEN_SENTENCE, add_special_tokens=False)["input_ids"]
    width = 64
    config = GPT2Config(vocab_size=tokenizer.vocab_size, n_positions=width, n_embd=width, n_layer=0, n_head=1,
                        tie_word_embeddings=False, bos_token_id=None, eos_token_id=None,
                        pad_token_id=tokenizer.pad_token_id)
    model = GPT2LMHeadModel(config).eval()
    with torch.no_grad():
        model.transformer.wte.weight.zero_()
        model.transformer.wpe.weight.copy_(torch.eye(width))
        model.lm_head.weight.zero_()
        for position, next_token in enumerate(sentence[1:]):
            model.lm_head.weight[next_token, position] = 10.0
    prompt = torch.tensor([tokenizer(TEXTGEN_PROMPT, add_special_tokens=False)["input_ids"]])
    if _greedy(model, tokenizer, prompt) != TEXTGEN_CONTINUATION:
        raise AssertionError(f"hand-set model does not continue {TEXTGEN_PROMPT!r} with {TEXTGEN_CONTINUATION!r}")
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def _greedy(model: GPT2LMHeadModel, tokenizer: Any, prompt: torch.Tensor) -> str:
    with torch.inference_mode():
        out = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=6,
                             do_sample=False, pad_token_id=tokenizer.pad_token_id)
    return tokenizer.decode(out[0, prompt.shape[1]:], skip_special_tokens=True)
