"""Bulk load and query latency of the vector store (LanceDB) against ChromaDB, same vectors.

Both stores get the same ``--vectors`` unit-length float32 vectors of 384 dimensions (the
MiniLM width), loaded in batches of ``--batch`` rows the way the index stage loads embed units,
into a fresh directory each; then the same ``--queries`` query vectors, one at a time, k=10.

- LanceDB: ``VectorStore.add`` per batch, then ``VectorStore.optimize`` (IVF-PQ index: √n
  partitions, 48 sub-vectors; the figure includes training it), queried with the app's
  defaults (nprobes 20, refine ×10).
- ChromaDB: ``PersistentClient`` collection with cosine HNSW (its default index, built while
  adding), ``collection.add`` per batch.

Each query is a stored vector plus noise (cosine ≈ 0.9 to it), like a query made from an
article's own text; recall@10 is measured against exact (brute-force) neighbours, and
"source 1st" is the share of queries whose source vector came back first.

Usage: python bench/vector_store_bench.py [--vectors 200000] [--queries 200] [--batch 5000]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

DIM = 384
K = 10


def unit_vectors(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM), dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def lancedb_store(root: Path, vectors: np.ndarray, batch: int) -> tuple[float, float, Callable[[np.ndarray], list[int]]]:
    from ray_workloads.vector_store import VectorStore

    store = VectorStore(str(root / "lance"), create_dim=DIM)
    started = time.perf_counter()
    for start in range(0, len(vectors), batch):
        rows = vectors[start : start + batch]
        ids = np.arange(start, start + len(rows))
        store.add(f"unit-{start}", ids, np.zeros(len(rows), np.int32), [""] * len(rows), rows)
    loaded = time.perf_counter() - started
    store.optimize(ann_min_rows=0)
    indexed = time.perf_counter() - started
    return loaded, indexed, lambda q: [hit.page_id for hit in store.search(q, K, overfetch=1)]


def chroma_store(root: Path, vectors: np.ndarray, batch: int) -> tuple[float, float, Callable[[np.ndarray], list[int]]]:
    import chromadb

    client = chromadb.PersistentClient(path=str(root / "chroma"))
    collection = client.create_collection("chunks", configuration={"hnsw": {"space": "cosine"}})
    batch = min(batch, client.get_max_batch_size())
    started = time.perf_counter()
    for start in range(0, len(vectors), batch):
        rows = vectors[start : start + batch]
        collection.add(ids=[str(i) for i in range(start, start + len(rows))], embeddings=rows, metadatas=[{"title": ""}] * len(rows))
    loaded = time.perf_counter() - started  # HNSW is built while adding: load = load + index

    def query(q: np.ndarray) -> list[int]:
        return [int(i) for i in collection.query(query_embeddings=[q], n_results=K)["ids"][0]]

    return loaded, loaded, query


def measure(name: str, build: Callable, vectors: np.ndarray, queries: np.ndarray, truth: np.ndarray, sources: np.ndarray, batch: int) -> dict[str, float]:
    root = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    try:
        loaded, indexed, query = build(root, vectors, batch)
        query(queries[0])  # warm caches (index open, first read)
        latencies, recall, first = [], [], []
        for q, expected, source in zip(queries, truth, sources):
            started = time.perf_counter()
            found = query(q)
            latencies.append((time.perf_counter() - started) * 1000)
            recall.append(len(set(found) & set(expected.tolist())) / K)
            first.append(found[:1] == [int(source)])
        latencies.sort()
        return {
            "load_vps": len(vectors) / loaded,
            "load_index_s": indexed,
            "p50_ms": statistics.median(latencies),
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
            "recall": statistics.mean(recall),
            "first": statistics.mean(first),
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vectors", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=5000, help="rows per add (an embed unit is ~5,000 windows)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    vectors = unit_vectors(rng, args.vectors)
    sources = rng.choice(len(vectors), args.queries, replace=False)
    near = vectors[sources] + 0.5 * unit_vectors(rng, args.queries)
    queries = near / np.linalg.norm(near, axis=1, keepdims=True)
    truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :K]
    import chromadb
    import lancedb

    print(f"machine: {platform.machine()}, {platform.python_version()}, lancedb {lancedb.__version__}, chromadb {chromadb.__version__}")
    print(f"{args.vectors:,} random unit vectors × {DIM}, batches of {args.batch:,}, {args.queries} queries near stored vectors, k={K}\n")
    print(f"{'store':<10}{'load vectors/s':>16}{'load+index s':>14}{'query p50 ms':>14}{'p95 ms':>9}{'recall@10':>11}{'source 1st':>12}")
    results = {}
    for name, build in (("lancedb", lancedb_store), ("chromadb", chroma_store)):
        r = results[name] = measure(name, build, vectors, queries, truth, sources, args.batch)
        print(f"{name:<10}{r['load_vps']:>16,.0f}{r['load_index_s']:>14.1f}{r['p50_ms']:>14.1f}{r['p95_ms']:>9.1f}{r['recall']:>11.2f}{r['first']:>12.2f}")
    lance, chroma = results["lancedb"], results["chromadb"]
    print(f"\nlancedb / chromadb: load {lance['load_vps'] / chroma['load_vps']:.1f}x vectors/s, "
          f"load+index {chroma['load_index_s'] / lance['load_index_s']:.1f}x faster, query p50 {chroma['p50_ms'] / lance['p50_ms']:.2f}x")


if __name__ == "__main__":
    main()
