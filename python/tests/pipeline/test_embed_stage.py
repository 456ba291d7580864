"""The embed stage on the session's real Ray: vectors on disk, their index, stages alone and together."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from sentence_transformers import SentenceTransformer

from ray_workloads.pipeline.checkpoint import Manifest
from ray_workloads.embedder import Embedder
from ray_workloads.pipeline.cli import main
from ray_workloads.pipeline.driver import Options, run
from ray_workloads.pipeline.embed_stage import EmbeddingsWriteError, embed_shard


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
    assert (embedded.stages["embed"].units_done, embedded.embedded_articles) == (tokenized.stages["tokenize"].units_done, 5)
    again = run(Options(dumps, out, stage="embed"))
    assert (again.stages["embed"].units_done, again.stages["embed"].units_resumed, again.embedded_articles) == (0, 3, 5)
    assert again.stages["embed"].items_resumed == embedded.stages["embed"].items_done == embedded.vectors
    _, rows = read_embeddings(out)
    assert {page for page, _ in rows} == {p.page_id for p in pages}


def test_embed_alone_without_tokens_is_a_clear_error(ray_session: str, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no completed token shards"):
        run(Options(tmp_path, tmp_path / "out", stage="embed"))


class Recorder:
    """A Progress that keeps every event."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, int]] = []

    def advance(self, stage: str, items: int) -> None:
        self.events.append(("advance", stage, items))

    def resumed(self, stage: str, items: int) -> None:
        self.events.append(("resumed", stage, items))

    def total(self, kind: str, stage: str) -> int:
        return sum(n for k, s, n in self.events if (k, s) == (kind, stage))


def test_progress_moves_per_forward_pass_and_counts_resumed_work_apart(ray_session: str, dump_dir, tmp_path: Path) -> None:
    # GIVEN shards of 5 articles, one of them long (several 256-piece windows), and passes of 4
    dumps, _ = dump_dir(files=1, per_file=10)
    options = Options(dumps, tmp_path / "out", stage="all", batch_size=5, embed_batch_size=4, embed_workers=1)
    fresh = Recorder()
    summary = run(options, fresh)

    # THEN embed progress arrives per forward pass (finer than per shard), in chunks, adding up
    passes = [n for kind, stage, n in fresh.events if (kind, stage) == ("advance", "embed")]
    assert len(passes) > summary.stages["embed"].units_done == 2
    assert max(passes) <= 4 and sum(passes) == summary.vectors == summary.stages["embed"].items_done
    assert fresh.total("advance", "tokenize") == summary.counts.ok == 10
    assert fresh.total("resumed", "tokenize") == fresh.total("resumed", "embed") == 0

    # WHEN it runs again, everything is reported as resumed and nothing as done
    again = Recorder()
    rerun = run(options, again)
    assert again.total("advance", "tokenize") == again.total("advance", "embed") == 0
    assert (again.total("resumed", "tokenize"), again.total("resumed", "embed")) == (10, summary.vectors)
    assert (rerun.stages["embed"].units_resumed, rerun.stages["embed"].items_resumed) == (2, summary.vectors)


def test_two_callers_sharing_the_model_write_the_same_files_as_one(ray_session: str, dump_dir, tmp_path: Path) -> None:
    # GIVEN three token shards (one with a long, several-window article)
    dumps, _ = dump_dir(files=1, per_file=9)
    out = tmp_path / "out"
    run(Options(dumps, out, stage="tokenize", batch_size=3))
    keys = sorted(e["key"] for e in Manifest.entries(out / "tokens") if e["kind"] == "batch")
    assert len(keys) == 3
    embedder = Embedder(device="cpu", batch_size=4)
    # WHEN one caller embeds them in turn, and two threads embed them at once (one writes while the other computes)
    for key in keys:
        embed_shard(embedder, out / "tokens" / f"{key}.parquet", tmp_path / "alone", key)
    lock, errors = threading.Lock(), []

    def worker(mine: list[str]) -> None:
        try:
            for key in mine:
                embed_shard(embedder, out / "tokens" / f"{key}.parquet", tmp_path / "overlapped", key, model_lock=lock)
        except BaseException as err:  # re-raised below, on the test's thread
            errors.append(err)

    threads = [threading.Thread(target=worker, args=(keys[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # THEN every matrix and index is byte-for-byte the same
    written = sorted(p.relative_to(tmp_path / "alone") for p in (tmp_path / "alone").rglob("*") if p.is_file())
    assert len(written) == 6
    assert written == sorted(p.relative_to(tmp_path / "overlapped") for p in (tmp_path / "overlapped").rglob("*") if p.is_file())
    for path in written:
        assert (tmp_path / "alone" / path).read_bytes() == (tmp_path / "overlapped" / path).read_bytes(), path


def test_a_failed_write_fails_the_stage_with_one_clear_error(
    ray_session: str, dump_dir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN a directory squatting on the path of the first unit's matrix (a real write failure, also as root)
    dumps, _ = dump_dir(files=1, per_file=4)
    out = tmp_path / "out"
    key = "enwiki-cirrussearch-content-0.json.gz/000000"
    blocked = out / "embeddings" / f"{key}.npy"
    blocked.mkdir(parents=True)
    # WHEN the pipeline runs THEN the stage fails naming the unit and the path, and records nothing for it
    with pytest.raises(EmbeddingsWriteError, match=f"embed unit {key}: cannot write {blocked}: Is a directory"):
        run(Options(dumps, out, stage="all", batch_size=2, embed_workers=1))
    assert key not in {e["key"] for e in Manifest.entries(out / "embeddings")}
    # AND the CLI prints that one line (no traceback) and exits 1
    capsys.readouterr()
    assert main(["--input", str(dumps), "--output", str(out), "--batch-size", "2", "--embed-workers", "1"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [f"error: embed unit {key}: cannot write {blocked}: Is a directory"]
