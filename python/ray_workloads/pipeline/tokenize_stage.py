"""Tokenize stage work unit: one raw batch of dump lines → one Parquet token shard.

A shard holds one row per kept article: ``page_id``, ``title``, ``text`` (the embed stage reads
it from here, so it never touches the dumps), ``token_count`` and ``tokens`` (cl100k_base ids
as ``list<int32>``). Thousands of articles per file, not one JSON file per article: 6.7M tiny
files are what makes a file per article slow on a network volume.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import tiktoken

from ray_workloads.assets import cl100k
from ray_workloads.pipeline.checkpoint import atomic_write
from ray_workloads.pipeline.cirrus_dump import Article, ParseCounts, batch_lines, parse_batch

TOKEN_SCHEMA = pa.schema(
    [
        ("page_id", pa.int64()),
        ("title", pa.string()),
        ("text", pa.string()),
        ("token_count", pa.int32()),
        ("tokens", pa.list_(pa.int32())),
    ]
)


@dataclass(frozen=True)
class TokenizedBatch:
    """What one batch produced: counts by reason and the number of tokens written."""

    counts: ParseCounts
    tokens: int


def encode(encoding: tiktoken.Encoding, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of all texts, flat, plus Arrow-style offsets (``len(texts) + 1``).

    ``encode_to_numpy`` with no special tokens allowed or disallowed is ``encode_ordinary``
    (``<|endoftext|>`` in an article is plain text) but returns a buffer instead of a Python
    list, which saves boxing millions of ints per batch. The ids (below 2**31) are copied once,
    into the flat array, and viewed as int32.
    """
    arrays = [encoding.encode_to_numpy(text, allowed_special=set(), disallowed_special=()) for text in texts]
    offsets = np.zeros(len(arrays) + 1, dtype=np.int32)
    np.cumsum([len(a) for a in arrays], out=offsets[1:])
    values = np.concatenate(arrays).view(np.int32) if arrays else np.zeros(0, dtype=np.int32)
    return values, offsets


def token_table(articles: list[Article], values: np.ndarray, offsets: np.ndarray) -> pa.Table:
    """One shard's rows (``TOKEN_SCHEMA``): ``articles`` with the ids :func:`encode` gave for
    their texts (``values`` flat int32, ``offsets`` ``len(articles) + 1``)."""
    return pa.Table.from_arrays(
        [
            pa.array([a.page_id for a in articles], pa.int64()),
            pa.array([a.title for a in articles], pa.string()),
            pa.array([a.text for a in articles], pa.string()),
            pa.array(np.diff(offsets), pa.int32()),
            pa.ListArray.from_arrays(pa.array(offsets), pa.array(values)),
        ],
        schema=TOKEN_SCHEMA,
    )


def tokenize_batch(data: bytes, out_path: Path) -> TokenizedBatch:
    """Parses, tokenizes and writes one batch atomically to ``out_path`` (Parquet).

    Args:
        data: undecoded NDJSON lines of a CirrusSearch dump joined by ``\n`` (a
            :class:`~ray_workloads.pipeline.cirrus_dump.RawBatch`'s ``data``).
        out_path: the token shard to write (``TOKEN_SCHEMA``); replaced atomically.

    Returns:
        The batch's counts by reason and the number of cl100k_base tokens written.

    Raises:
        RuntimeError: cl100k_base is not available (see :func:`ray_workloads.assets.cl100k`).
        OSError: the shard cannot be written.
    """
    articles, counts = parse_batch(batch_lines(data))
    values, offsets = encode(cl100k(), [a.text for a in articles])
    table = token_table(articles, values, offsets)
    atomic_write(out_path, lambda tmp: pq.write_table(table, tmp))
    return TokenizedBatch(counts, int(offsets[-1]))
