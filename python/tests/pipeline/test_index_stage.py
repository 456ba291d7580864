"""The index stage on the session's real Ray: vectors with page ids and titles in LanceDB, idempotent reruns, search."""

from __future__ import annotations

from pathlib import Path

import pytest

from cirrus_dumps import cirrus_lines, make_pages, write_dump
from ray_workloads.embedder import Embedder
from ray_workloads.pipeline.checkpoint import ShardSpec
from ray_workloads.pipeline.driver import Options, run
from ray_workloads.pipeline.index_stage import INDEX_DIR
from ray_workloads.vector_store import VectorStore


def rows(output: Path) -> list[tuple[int, int, str]]:
    table = VectorStore(str(output / INDEX_DIR)).table
    data = table.search().select(["page_id", "chunk", "title"]).limit(table.count_rows()).to_arrow()
    return sorted(zip(data.column("page_id").to_pylist(), data.column("chunk").to_pylist(), data.column("title").to_pylist()))


def test_stage_all_ends_with_every_window_indexed_under_its_page_and_title(ray_session: str, dump_dir, tmp_path: Path) -> None:
    dumps, pages = dump_dir(files=2, per_file=5)
    out = tmp_path / "out"
    summary = run(Options(dumps, out, stage="all", batch_size=3))
    indexed = rows(out)
    assert (summary.indexed_articles, summary.indexed_vectors) == (10, summary.vectors)
    assert len(indexed) == summary.vectors and len(set(indexed)) == len(indexed)
    titles = {p.page_id: p.title for p in pages}
    assert {(page, title) for page, _, title in indexed} == set(titles.items())
    # Long pages (page_id % 5 == 0, see cirrus_dumps.make_pages) have several windows, numbered from 0.
    for page in titles:
        chunks = sorted(c for p, c, _ in indexed if p == page)
        assert chunks == list(range(len(chunks))) and (len(chunks) > 1) == (page % 5 == 0)


def test_rerun_adds_nothing_twice_and_new_embeddings_are_added(ray_session: str, tmp_path: Path) -> None:
    dumps, out = tmp_path / "dumps", tmp_path / "out"
    write_dump(dumps / "a.json", cirrus_lines(make_pages(4, first_id=100)))
    run(Options(dumps, out, stage="all", batch_size=2))
    before = rows(out)
    again = run(Options(Path("/unused"), out, stage="index"))
    index = again.stages["index"]
    assert (index.units_done, index.units_resumed, index.items_resumed, again.indexed_articles) == (0, 2, 4, 4)
    assert rows(out) == before

    write_dump(dumps / "b.json", cirrus_lines(make_pages(3, first_id=500)))
    run(Options(dumps, out, stage="tokenize", batch_size=2))
    run(Options(dumps, out, stage="embed"))
    added = run(Options(Path("/unused"), out, stage="index"))
    index = added.stages["index"]
    assert (index.units_done, index.items_done, index.units_resumed, added.indexed_articles) == (2, 3, 2, 7)
    after = rows(out)
    assert len(after) == len(set(after)) == added.indexed_vectors > len(before)
    assert {p for p, _, _ in after} == {100, 101, 102, 103, 500, 501, 502}


def test_index_refuses_a_shard_and_needs_embeddings(ray_session: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--stage index with --shard 1/2: the index has one writer"):
        run(Options(tmp_path, tmp_path / "out", stage="index", shard=ShardSpec(1, 2)))
    with pytest.raises(FileNotFoundError, match="no completed embeddings"):
        run(Options(tmp_path, tmp_path / "out", stage="index"))


def test_an_articles_own_text_finds_it_first(ray_session: str, dump_dir, tmp_path: Path) -> None:
    dumps, pages = dump_dir(files=1, per_file=12)
    out = tmp_path / "out"
    run(Options(dumps, out, stage="all", batch_size=5))
    store, embedder = VectorStore(str(out / INDEX_DIR)), Embedder(device="cpu")
    # Short pages: the synthetic corpus draws every article from one small vocabulary, so only a
    # query covering most of an article's window singles it out.
    for page in [p for p in pages if p.page_id % 5][:4]:
        query = " ".join(page.text.split()[2:-2])
        hits = store.search(embedder.embed([query])[0], k=3)
        assert (hits[0].page_id, hits[0].title) == (page.page_id, page.title)
        assert len({h.page_id for h in hits}) == 3
