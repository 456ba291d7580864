"""The article vector store: one LanceDB table of embedded article windows.

LanceDB is an embedded engine (no server) over Lance files in a directory or a bucket
(``gs://``, ``s3://``, ``az://``), so the pipeline writes it on the shared output volume and the
search app reads the same files; at Wikipedia scale (~30 M windows × 384 float32 ≈ 46 GB) it
answers from an IVF-PQ index whose compressed vectors fit in memory, re-ranking the best
candidates on the full vectors. See python/README.md for the measured comparison.

Table ``chunks`` (one row per window, see :mod:`ray_workloads.embed`): ``page_id`` int64,
``chunk`` int32 (window number in the article), ``title`` string, ``unit`` string (the embed
unit the row came from: the idempotence key) and ``vector`` fixed_size_list<float32>[dim].
Each :meth:`VectorStore.add` is one LanceDB commit, so a unit's rows are either all in the
table or none are, whatever moment a load is killed at.

Upstream: https://lancedb.github.io/lancedb/python/python/ (tables, ``IvfPq``, vector queries).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import timedelta

import lancedb
import numpy as np
import pyarrow as pa
from lancedb.index import IvfPq

# lancedb resets its async runtime in every forked child and warns that a fork is risky
# (lancedb/background_loop.py). The forks after it is imported here are subprocess's fork+exec
# (Ray starting processes): the child runs no lancedb before it execs. Only warnings attributed
# to subprocess are silenced, so a real os.fork elsewhere still warns.
warnings.filterwarnings("ignore", message="lancedb fork support is experimental", category=RuntimeWarning, module="subprocess")

TABLE = "chunks"
DISTANCE = "cosine"
"""The model's vectors are unit length; cosine distance = 1 - cosine similarity."""
ANN_MIN_ROWS = 100_000
"""Below this many rows a query scans every vector (exact, milliseconds); from here on the
store builds an IVF-PQ index (training k-means on fewer rows gives poor partitions)."""
NPROBES = 20
"""IVF partitions a query visits (LanceDB's default); more = better recall, slower."""
REFINE_FACTOR = 10
"""Candidates re-ranked on the full vectors per result wanted (undoes most PQ error)."""
_SCAN_COLUMNS = ["page_id", "chunk", "title", "_distance"]


def table_schema(dim: int) -> pa.Schema:
    """Schema of the ``chunks`` table for ``dim``-dimensional vectors."""
    return pa.schema(
        [
            ("page_id", pa.int64()),
            ("chunk", pa.int32()),
            ("title", pa.string()),
            ("unit", pa.string()),
            ("vector", pa.list_(pa.float32(), dim)),
        ]
    )


@dataclass(frozen=True)
class Hit:
    """One article of a search answer: its best-matching window and that window's cosine similarity."""

    page_id: int
    title: str
    score: float
    chunk: int


class VectorStore:
    """The ``chunks`` table at ``uri`` (a directory or bucket URI).

    Readers pass ``refresh_interval`` to see rows that a running load commits later (LanceDB's
    ``read_consistency_interval``); None never re-reads, ``timedelta(0)`` checks on every query.
    Raises ``FileNotFoundError`` when the table does not exist and ``create_dim`` is None.
    """

    def __init__(self, uri: str, create_dim: int | None = None, refresh_interval: timedelta | None = None) -> None:
        self.uri = uri
        db = lancedb.connect(uri, read_consistency_interval=refresh_interval)
        if TABLE in db.list_tables().tables:
            self.table = db.open_table(TABLE)
        elif create_dim is not None:
            self.table = db.create_table(TABLE, schema=table_schema(create_dim))
        else:
            raise FileNotFoundError(f"{uri}: no vector index yet (table '{TABLE}'); run the pipeline's index stage first")
        self.dim: int = self.table.schema.field("vector").type.list_size

    def units(self) -> set[str]:
        """Keys of the units whose rows are in the table (one scan of the ``unit`` column)."""
        rows = self.table.count_rows()
        if rows == 0:
            return set()
        column = self.table.search().select(["unit"]).limit(rows).to_arrow().column("unit")
        return set(pa.compute.unique(column).to_pylist())

    def add(self, unit: str, page_ids: np.ndarray, chunks: np.ndarray, titles: list[str], vectors: np.ndarray) -> None:
        """Appends one unit's rows in one commit; ``vectors`` is float32 ``(rows, dim)``."""
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"unit {unit}: vectors of shape {vectors.shape}, the table holds {self.dim}-dim vectors")
        if not len(page_ids) == len(chunks) == len(titles) == len(vectors):
            raise ValueError(f"unit {unit}: {len(page_ids)} page ids, {len(chunks)} chunks, {len(titles)} titles, {len(vectors)} vectors")
        flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).ravel())
        batch = pa.Table.from_arrays(
            [
                pa.array(page_ids, pa.int64()),
                pa.array(chunks, pa.int32()),
                pa.array(titles, pa.string()),
                pa.array([unit] * len(page_ids), pa.string()),
                pa.FixedSizeListArray.from_arrays(flat, self.dim),
            ],
            schema=table_schema(self.dim),
        )
        self.table.add(batch)

    def count(self) -> int:
        """Rows (windows) in the table."""
        return self.table.count_rows()

    def has_ann_index(self) -> bool:
        """Whether the vector column has an ANN index."""
        return any(index.columns == ["vector"] for index in self.table.list_indices())

    def optimize(self, ann_min_rows: int = ANN_MIN_ROWS) -> None:
        """After a load: compacts small files and folds new rows into the ANN index, creating it
        (IVF-PQ, √rows partitions, dim/8 sub-vectors) once the table has ``ann_min_rows`` rows."""
        rows = self.count()
        if rows >= ann_min_rows and not self.has_ann_index():
            config = IvfPq(distance_type=DISTANCE, num_partitions=max(1, int(math.sqrt(rows))), num_sub_vectors=self.dim // 8)
            self.table.create_index("vector", config=config)
        self.table.optimize()

    def search(self, vector: np.ndarray, k: int, nprobes: int = NPROBES, refine_factor: int = REFINE_FACTOR, overfetch: int = 8) -> list[Hit]:
        """The ``k`` articles nearest to ``vector``, best first, each scored by its best window.

        Fetches ``k × overfetch`` windows so that articles with many close windows do not crowd
        out the rest, then keeps each article's best window.
        """
        query = self.table.search(np.asarray(vector, dtype=np.float32), vector_column_name="vector").distance_type(DISTANCE)
        if self.has_ann_index():
            query = query.nprobes(nprobes).refine_factor(refine_factor)
        rows = query.select(_SCAN_COLUMNS).limit(k * overfetch).to_arrow().to_pylist()
        best: dict[int, Hit] = {}
        for row in rows:
            hit = Hit(row["page_id"], row["title"], 1.0 - float(row["_distance"]), row["chunk"])
            if hit.page_id not in best or hit.score > best[hit.page_id].score:
                best[hit.page_id] = hit
        return sorted(best.values(), key=lambda h: (-h.score, h.page_id))[:k]
