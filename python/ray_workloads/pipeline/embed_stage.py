"""Embed stage work unit: one Parquet token shard → one vector matrix and its row index.

For token shard ``tokens/<key>.parquet`` it writes ``embeddings/<key>.npy`` (float32
``(rows, 384)``, one row per 256-word-piece window of an article, see
:meth:`ray_workloads.embedder.Embedder.embed_chunks`) and ``embeddings/<key>.index.parquet``
(``page_id``, ``chunk``: row ``r`` of the matrix is window ``chunk[r]`` of page ``page_id[r]``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ray_workloads.pipeline.checkpoint import atomic_write
from ray_workloads.embedder import Embedder

INDEX_SCHEMA = pa.schema([("page_id", pa.int64()), ("chunk", pa.int32())])


def embedding_paths(embeddings_dir: Path, key: str) -> tuple[Path, Path]:
    """The matrix and the index file of unit ``key``."""
    return embeddings_dir / f"{key}.npy", embeddings_dir / f"{key}.index.parquet"


def embed_shard(
    embedder: Embedder,
    tokens_path: Path,
    embeddings_dir: Path,
    key: str,
    on_batch: Callable[[int], None] | None = None,
    model_lock: AbstractContextManager = nullcontext(),
) -> int:
    """Embeds every article of one token shard.

    Only the forward passes hold ``model_lock``: with one lock shared by two threads, one
    thread reads its next shard and runs the model while the other writes (and fsyncs) the
    shard it just finished, so the model never waits for the disk (the embed actor runs two
    calls at a time this way, see ``ray_workloads.pipeline.driver.EmbedWorker``).

    Args:
        embedder: the loaded model.
        tokens_path: a token shard written by the tokenize stage (reads ``page_id``, ``text``).
        embeddings_dir: the stage folder; the unit's files are ``<key>.npy`` and
            ``<key>.index.parquet`` under it.
        key: the unit's key (``<dump name>/<batch ordinal>``).
        on_batch: called after each forward pass with the number of chunks it embedded.
        model_lock: held around the forward passes. @default none (a single caller).

    Returns:
        The number of vectors (windows of at most 256 word pieces) written.

    Raises:
        OSError: the shard cannot be read, or :class:`EmbeddingsWriteError` (an OSError) when
            an output cannot be written.

    The index is renamed into place after the matrix, and the caller records the unit in the
    manifest only after both, so a reader that trusts the manifest never sees half a unit.
    """
    table = pq.read_table(tokens_path, columns=["page_id", "text"])
    with model_lock:
        chunks = embedder.embed_chunks(table.column("text").to_pylist(), on_batch=on_batch)
    page_ids = table.column("page_id").to_numpy()[chunks.text_index]
    matrix_path, index_path = embedding_paths(embeddings_dir, key)
    index = pa.Table.from_arrays([pa.array(page_ids, pa.int64()), pa.array(chunks.chunk_index)], schema=INDEX_SCHEMA)
    for path, write in ((matrix_path, lambda tmp: _save_npy(tmp, chunks.vectors)), (index_path, lambda tmp: pq.write_table(index, tmp))):
        try:
            atomic_write(path, write)
        except OSError as err:
            raise EmbeddingsWriteError(f"embed unit {key}: cannot write {path}: {err.strerror or err}") from None
    return len(chunks.vectors)


class EmbeddingsWriteError(OSError):
    """An embed unit's matrix or index could not be written (disk full, no permission, ...)."""


def _save_npy(path: Path, array: np.ndarray) -> None:
    # np.save on a path appends ".npy" when missing; an open handle keeps the temp name exact.
    with open(path, "wb") as handle:
        np.save(handle, array)
