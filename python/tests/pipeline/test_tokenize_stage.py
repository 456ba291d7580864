"""The tokenize stage on the session's real Ray: token ids, shards, partitioning, resume rules."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from cirrus_dumps import Page, cirrus_lines, write_dump
from ray_workloads.assets import cl100k
from ray_workloads.pipeline.checkpoint import Manifest, ShardSpec
from ray_workloads.pipeline.driver import Options, run


def token_rows(output: Path) -> list[dict]:
    """Rows of every token shard recorded in the manifests (what a consumer would read)."""
    keys = {e["key"] for e in Manifest.entries(output / "tokens") if e["kind"] == "batch"}
    rows = []
    for key in sorted(keys):
        rows += pq.read_table(output / "tokens" / f"{key}.parquet").to_pylist()
    return rows


def test_token_ids_and_counts_equal_tiktoken(ray_session: str, dump_dir, tmp_path: Path) -> None:
    dumps, pages = dump_dir(files=3, per_file=12)
    summary = run(Options(dumps, tmp_path / "out", stage="tokenize", batch_size=5))
    encoding = cl100k()
    rows = {r["page_id"]: r for r in token_rows(tmp_path / "out")}
    assert sorted(rows) == sorted(p.page_id for p in pages)
    for page in pages:
        expected = encoding.encode_ordinary(page.text)
        assert rows[page.page_id]["tokens"] == expected
        assert rows[page.page_id]["token_count"] == len(expected)
        assert rows[page.page_id]["text"] == page.text
    assert summary.total_tokens == sum(len(encoding.encode_ordinary(p.text)) for p in pages)
    assert summary.counts.ok == 36 and summary.errors == []


def test_special_token_text_is_ordinary_text(ray_session: str, tmp_path: Path) -> None:
    text = "The string <|endoftext|> appears in articles about tokenizers."
    dump = write_dump(tmp_path / "d.json", cirrus_lines([Page(1, "Tokenizer", text)]))
    run(Options(dump, tmp_path / "out", stage="tokenize"))
    (row,) = token_rows(tmp_path / "out")
    assert row["tokens"] == cl100k().encode_ordinary(text)
    assert 100257 not in row["tokens"]  # the <|endoftext|> special token id


def test_shards_partition_the_input_exactly(ray_session: str, dump_dir, tmp_path: Path) -> None:
    dumps, pages = dump_dir(files=2, per_file=30)
    out = tmp_path / "out"
    seen: Counter[int] = Counter()
    for i in range(3):
        before = {r["page_id"] for r in token_rows(out)} if out.exists() else set()
        run(Options(dumps, out, stage="tokenize", shard=ShardSpec(i, 3), batch_size=4))
        mine = {r["page_id"] for r in token_rows(out)} - before
        assert mine, f"shard {i}/3 got no work"
        seen.update(mine)
    assert sorted(seen) == sorted(p.page_id for p in pages)
    assert set(seen.values()) == {1}
    assert sorted(p.name for p in (out / "tokens").glob("_manifest.*")) == [
        "_manifest.00000-of-00003.jsonl", "_manifest.00001-of-00003.jsonl", "_manifest.00002-of-00003.jsonl"
    ]


def test_rerun_resumes_every_unit_without_rewriting(ray_session: str, dump_dir, tmp_path: Path) -> None:
    dumps, _ = dump_dir(files=2, per_file=10)
    first = run(Options(dumps, tmp_path / "out", stage="tokenize", batch_size=3))
    shard = next((tmp_path / "out" / "tokens").rglob("000000.parquet"))
    mtime = shard.stat().st_mtime_ns
    second = run(Options(dumps, tmp_path / "out", stage="tokenize", batch_size=3))
    assert (first.stages["tokenize"].units_done, first.stages["tokenize"].units_resumed) == (8, 0)
    assert (second.stages["tokenize"].units_done, second.stages["tokenize"].units_resumed) == (0, 8)
    assert second.stages["tokenize"].items_resumed == first.stages["tokenize"].items_done == first.counts.ok
    assert second.counts == first.counts and second.total_tokens == first.total_tokens
    assert shard.stat().st_mtime_ns == mtime


def test_resume_with_another_batch_size_is_refused(ray_session: str, dump_dir, tmp_path: Path) -> None:
    dumps, _ = dump_dir(files=1, per_file=4)
    run(Options(dumps, tmp_path / "out", stage="tokenize", batch_size=2))
    with pytest.raises(ValueError, match="--batch-size 3: .* was written with --batch-size 2"):
        run(Options(dumps, tmp_path / "out", stage="tokenize", batch_size=3))


def test_shard_spec_parsing() -> None:
    assert ShardSpec.parse("2/5") == ShardSpec(2, 5)
    for bad in ["5/5", "-1/2", "1", "a/b", "0/0"]:
        with pytest.raises(ValueError, match="--shard"):
            ShardSpec.parse(bad)
