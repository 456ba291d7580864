"""The LanceDB vector store on disk: atomic unit loads, article-level answers, the IVF-PQ path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ray_workloads.vector_store import VectorStore

DIM = 16


def unit_vectors(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_missing_table_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no vector index yet"):
        VectorStore(str(tmp_path / "index"))


def test_units_search_and_article_level_answers(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    vectors = unit_vectors(rng, 6)
    store = VectorStore(str(tmp_path / "index"), create_dim=DIM)
    # Page 10 has three windows, page 11 one, page 12 two.
    store.add("a/000000", np.array([10, 10, 10, 11]), np.array([0, 1, 2, 0]), ["Ten"] * 3 + ["Eleven"], vectors[:4])
    store.add("a/000001", np.array([12, 12]), np.array([0, 1]), ["Twelve"] * 2, vectors[4:])
    assert store.units() == {"a/000000", "a/000001"}
    assert store.count() == 6

    hits = VectorStore(str(tmp_path / "index")).search(vectors[1], k=3)
    assert [(h.page_id, h.title, h.chunk) for h in hits][0] == (10, "Ten", 1)
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    # One answer per article, best first, each scored by its best window.
    assert sorted(h.page_id for h in hits) == [10, 11, 12]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    expected = {p: max(float(vectors[1] @ vectors[i]) for i in rows) for p, rows in {10: [0, 1, 2], 11: [3], 12: [4, 5]}.items()}
    assert {h.page_id: round(h.score, 4) for h in hits} == {p: round(s, 4) for p, s in expected.items()}


def test_wrong_shapes_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    store = VectorStore(str(tmp_path / "index"), create_dim=DIM)
    with pytest.raises(ValueError, match=r"unit u: vectors of shape \(2, 8\), the table holds 16-dim vectors"):
        store.add("u", np.array([1, 2]), np.array([0, 0]), ["a", "b"], np.zeros((2, 8), np.float32))
    with pytest.raises(ValueError, match="unit u: 2 page ids, 2 chunks, 1 titles, 2 vectors"):
        store.add("u", np.array([1, 2]), np.array([0, 0]), ["a"], np.zeros((2, DIM), np.float32))
    assert store.count() == 0


def test_ivf_pq_index_is_built_past_the_threshold_and_finds_the_exact_vector(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    vectors = unit_vectors(rng, 3000)
    store = VectorStore(str(tmp_path / "index"), create_dim=DIM)
    store.add("u", np.arange(3000), np.zeros(3000, np.int32), ["t"] * 3000, vectors)
    store.optimize(ann_min_rows=5000)
    assert not store.has_ann_index()
    store.optimize(ann_min_rows=3000)
    assert store.has_ann_index()
    # PQ codes alone are approximate; the refine step re-ranks on full vectors, so a stored
    # vector is its own nearest neighbour.
    found = [store.search(vectors[i], k=1)[0].page_id for i in range(0, 3000, 300)]
    assert found == list(range(0, 3000, 300))
