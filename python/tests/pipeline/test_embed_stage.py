"""The embed stage on the session's real Ray: vectors on disk, their index, stages alone and together."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from sentence_transformers import SentenceTransformer

from ray_workloads.pipeline.checkpoint import Manifest
from ray_workloads.embedder import Embedder
from ray_workloads.pipeline.driver import Options, run


def read_embeddings(output: Path) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """All vectors recorded in the embed manifests, with their (page_id, chunk) rows."""
    keys = sorted({e["key"] for e in Manifest.entries(output / "embeddings") if e["kind"] == "embedded"})
    matrices, rows = [], []
    for key in keys:
        matrices.append(np.load(output / "embeddings" / f"{key}.npy"))
        index = pq.read_table(output / "embeddings" / f"{key}.index.parquet")
        rows += list(zip(index.column("page_id").to_pylist(), index.column("chunk").to_pylist()))
    return np.concatenate(matrices), rows


@pytest.fixture(scope="module")
def reference() -> SentenceTransformer:
    return SentenceTransformer(Embedder(device="cpu").model_path, device="cpu")


def test_stage_all_writes_one_vector_per_window_matching_sentence_transformers(
    ray_session: str, dump_dir, tmp_path: Path, reference: SentenceTransformer
) -> None:
    dumps, pages = dump_dir(files=2, per_file=6)
    summary = run(Options(dumps, tmp_path / "out", stage="all", batch_size=4))
    vectors, rows = read_embeddings(tmp_path / "out")
    assert vectors.dtype == np.float32 and vectors.shape == (len(rows), 384)
    assert len(set(rows)) == len(rows), "a (page, chunk) row appears twice"
    first_chunk = {page: i for i, (page, chunk) in enumerate(rows) if chunk == 0}
    assert sorted(first_chunk) == sorted(p.page_id for p in pages)
    # Every page_id%5==0 page is long (see conftest.make_pages): several windows.
    assert {page for page, chunk in rows if chunk > 0} == {p.page_id for p in pages if p.page_id % 5 == 0}
    expected = reference.encode([p.text for p in pages])
    ours = vectors[[first_chunk[p.page_id] for p in pages]]
    np.testing.assert_allclose(ours, expected, atol=1e-5)
    assert (summary.embedded_articles, summary.vectors) == (12, len(rows))


def test_stages_run_alone_tokenize_then_embed(ray_session: str, dump_dir, tmp_path: Path) -> None:
    dumps, pages = dump_dir(files=1, per_file=5)
    out = tmp_path / "out"
    tokenized = run(Options(dumps, out, stage="tokenize", batch_size=2))
    assert not (out / "embeddings").exists()
    embedded = run(Options(Path("/unused-by-the-embed-stage"), out, stage="embed"))
    assert (embedded.units_done, embedded.embedded_articles) == (tokenized.units_done, 5)
    again = run(Options(dumps, out, stage="embed"))
    assert (again.units_done, again.units_resumed, again.embedded_articles) == (0, 3, 5)
    _, rows = read_embeddings(out)
    assert {page for page, _ in rows} == {p.page_id for p in pages}


def test_embed_alone_without_tokens_is_a_clear_error(ray_session: str, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no completed token shards"):
        run(Options(tmp_path, tmp_path / "out", stage="embed"))
