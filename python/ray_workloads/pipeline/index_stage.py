"""Index stage: every embedded unit of the output directory → the LanceDB table in ``OUT/index``.

Runs on the driver, once per pipeline run, after every shard's embed stage (one writer: the
Argo workflow's ``index`` step, or the end of ``--stage all``). For each unit recorded in the
embed manifests it reads ``embeddings/<key>.npy`` and ``.index.parquet`` and the titles from
``tokens/<key>.parquet``, and appends the unit's rows in one commit tagged with the unit key.

Resumable and idempotent without a manifest of its own: the table is the record. A commit is
atomic, so a unit's key is in the table exactly when all its rows are; a rerun (after a kill,
or with new embeddings) scans the ``unit`` column once and loads only the units not there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from ray_workloads.pipeline import metrics
from ray_workloads.pipeline.checkpoint import Manifest
from ray_workloads.pipeline.embed_stage import embedding_paths
from ray_workloads.vector_store import ANN_MIN_ROWS, VectorStore

INDEX_DIR = "index"
"""``OUT/index``: the LanceDB database the search app opens (``index_uri``)."""


@dataclass
class IndexResult:
    """Counts of one index run; ``articles``/``vectors`` cover every indexed unit, resumed ones included."""

    units_done: int = 0
    units_resumed: int = 0
    articles: int = 0
    vectors: int = 0
    new_articles: int = 0


def index_embeddings(output: Path, progress: Callable[[int], None] = lambda _: None, ann_min_rows: int = ANN_MIN_ROWS) -> IndexResult:
    """Loads every embedded unit of ``output`` not yet in ``output/index``; returns the counts.

    Raises ``FileNotFoundError`` when ``output/embeddings`` has no completed unit.
    """
    embedded = sorted((e for e in Manifest.entries(output / "embeddings") if e["kind"] == "embedded"), key=lambda e: e["key"])
    if not embedded:
        raise FileNotFoundError(f"{output / 'embeddings'}: no completed embeddings (run the embed stage first)")
    result = IndexResult()
    store: VectorStore | None = None
    present: set[str] = set()
    if (output / INDEX_DIR).exists():
        store = _open(output, None)
        present = store.units() if store else set()
    for entry in embedded:
        key = entry["key"]
        result.articles += entry["articles"]
        result.vectors += entry["vectors"]
        if key in present:
            result.units_resumed += 1
            continue
        with metrics.timed("index"):
            matrix_path, index_path = embedding_paths(output / "embeddings", key)
            vectors = np.load(matrix_path)
            if store is None:
                store = _open(output, vectors.shape[1])
            rows = pq.read_table(index_path)
            tokens = pq.read_table(output / "tokens" / f"{key}.parquet", columns=["page_id", "title"])
            titles = dict(zip(tokens.column("page_id").to_pylist(), tokens.column("title").to_pylist()))
            page_ids = rows.column("page_id").to_numpy()
            store.add(key, page_ids, rows.column("chunk").to_numpy(), [titles[p] for p in page_ids.tolist()], vectors)
        result.units_done += 1
        result.new_articles += entry["articles"]
        metrics.unit_done("index", entry["articles"], entry["vectors"])
        progress(entry["articles"])
    if store is not None and result.units_done:
        store.optimize(ann_min_rows)
    return result


def _open(output: Path, create_dim: int | None) -> VectorStore | None:
    try:
        return VectorStore(str(output / INDEX_DIR), create_dim=create_dim)
    except FileNotFoundError:
        return None
