"""The CirrusSearch reader: formats, index lines, filtering, malformed input, streaming."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from cirrus_dumps import Page, cirrus_lines, make_pages, write_dump
from ray_workloads.pipeline.cirrus_dump import DumpReadError, dump_files, parse_batch, raw_batches


def read_all(path: Path, batch_size: int = 1000) -> tuple[list, dict]:
    articles, totals = [], {"ok": 0, "other_namespace": 0, "empty_text": 0, "malformed": 0}
    for batch in raw_batches(path, batch_size):
        kept, counts = parse_batch(batch.lines)
        articles += kept
        for k in totals:
            totals[k] += getattr(counts, k)
    return articles, totals


@pytest.mark.parametrize("name", ["a.json.gz", "a.json.bz2", "a.json", "a.ndjson"])
def test_reads_every_format_the_same(tmp_path: Path, name: str) -> None:
    pages = make_pages(7)
    articles, totals = read_all(write_dump(tmp_path / name, cirrus_lines(pages)))
    assert [(a.page_id, a.title, a.text) for a in articles] == [(p.page_id, p.title, p.text) for p in pages]
    assert totals["ok"] == 7


@pytest.mark.parametrize("with_type", [True, False])
@pytest.mark.parametrize("page_id_in_doc", [True, False])
def test_page_id_from_index_line_with_or_without_type_or_from_document(
    tmp_path: Path, with_type: bool, page_id_in_doc: bool
) -> None:
    pages = make_pages(3, first_id=42)
    path = write_dump(tmp_path / "a.json", cirrus_lines(pages, with_type=with_type, page_id_in_doc=page_id_in_doc))
    articles, _ = read_all(path)
    assert [a.page_id for a in articles] == [42, 43, 44]


def test_keeps_namespace_zero_and_counts_the_rest(tmp_path: Path) -> None:
    pages = [Page(1, "Article", "Body."), Page(2, "Talk:Article", "Chat.", namespace=1), Page(3, "User:X", "Me.", namespace=2)]
    articles, totals = read_all(write_dump(tmp_path / "a.json.gz", cirrus_lines(pages)))
    assert [a.title for a in articles] == ["Article"]
    assert totals == {"ok": 1, "other_namespace": 2, "empty_text": 0, "malformed": 0}


def test_skips_missing_and_blank_text(tmp_path: Path) -> None:
    pages = [Page(1, "No text", None), Page(2, "Blank", "  \n "), Page(3, "Fine", "Text.")]
    articles, totals = read_all(write_dump(tmp_path / "a.json", cirrus_lines(pages)))
    assert [a.page_id for a in articles] == [3]
    assert totals["empty_text"] == 2


def test_counts_malformed_lines_and_keeps_going(tmp_path: Path) -> None:
    good = cirrus_lines(make_pages(2, first_id=10))
    lines = [
        good[0], good[1],
        '{"index":{"_id":"77"}}', '{"title": "cut off", "text": "abc',  # broken JSON document
        '["not", "an", "object"]',
        '{"index":{"_id":"78"}}', json.dumps({"namespace": 0, "text": "no title"}),
        '{"index":{"_id":"not-a-number"}}', json.dumps({"namespace": 0, "title": "T", "text": "x"}),
        '{"index":{"_id":"79"}}',  # index line whose document never comes
        good[2], good[3],
    ]
    articles, totals = read_all(write_dump(tmp_path / "a.json", lines))
    assert [a.page_id for a in articles] == [10, 11]
    assert totals == {"ok": 2, "other_namespace": 0, "empty_text": 0, "malformed": 5}


def test_lines_no_parser_can_hold_count_as_malformed_not_fatal() -> None:
    doc = {"namespace": 0, "title": "T", "text": "x"}
    lines = [
        json.dumps({**doc, "page_id": 1}).encode(),
        b'{"page_id":1e400,"namespace":0,"title":"T","text":"x"}',  # inf: no int
        json.dumps({**doc, "page_id": 2, "deep": []}).replace("[]", "[" * 100_000 + "]" * 100_000).encode(),
        b"[" * 100_000,
        b'{"page_id":3,"namespace":0,"title":"T","text":"x","popularity_score":NaN}',  # json.loads reads NaN
        json.dumps({**doc, "page_id": 2**70}).encode(),  # beyond 64 bits: still an id
        json.dumps({**doc, "page_id": 4}).encode("utf-16-le"),  # json.loads detects UTF-16
    ]
    articles, counts = parse_batch(lines)
    assert [a.page_id for a in articles] == [1, 3, 2**70, 4]
    assert (counts.ok, counts.malformed) == (4, 3)


def test_only_the_fields_read_must_be_valid_utf8() -> None:
    articles, counts = parse_batch([
        b'{"page_id":1,"namespace":0,"title":"T","text":"x","source_text":"bad \xff byte"}',
        b'{"page_id":2,"namespace":0,"title":"T","text":"bad \xff byte"}',
    ])
    assert [a.page_id for a in articles] == [1]
    assert counts.malformed == 1


def test_an_index_key_beside_document_fields_is_a_document() -> None:
    articles, counts = parse_batch([
        b'{"index":{"_id":"8"}}',
        b'{"index":{"_id":"9"},"namespace":0,"title":"T","text":"x"}',
    ])
    assert [a.page_id for a in articles] == [8]
    assert counts.ok == 1 and counts.malformed == 0


def test_lone_surrogates_are_replaced_not_fatal(tmp_path: Path) -> None:
    lines = ['{"index":{"_id":"5"}}', '{"namespace":0,"title":"S \\udc00","text":"bad \\ud800 char"}']
    (article,), _ = read_all(write_dump(tmp_path / "a.json", lines))
    assert (article.title, article.text) == ("S \ufffd", "bad \ufffd char")


def test_batches_are_fixed_runs_of_documents_that_keep_pairs_together(tmp_path: Path) -> None:
    path = write_dump(tmp_path / "a.json.gz", cirrus_lines(make_pages(10)))
    batches = list(raw_batches(path, 4))
    assert [b.ordinal for b in batches] == [0, 1, 2]
    assert [len(b.lines) for b in batches] == [8, 8, 4]
    assert all(b.lines[0].startswith(b'{"index"') for b in batches)


def test_truncated_gzip_keeps_what_came_before_and_names_the_file(tmp_path: Path) -> None:
    path = write_dump(tmp_path / "broken.json.gz", cirrus_lines(make_pages(200)))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    kept = []
    with pytest.raises(DumpReadError, match="broken.json.gz") as caught:
        for batch in raw_batches(path, 50):
            kept += parse_batch(batch.lines)[0]
    assert caught.value.path == path
    assert 50 <= len(kept) < 200
    assert [a.page_id for a in kept] == list(range(1000, 1000 + len(kept)))


def test_corrupt_gzip_data_keeps_what_came_before_and_names_the_file(tmp_path: Path) -> None:
    path = write_dump(tmp_path / "corrupt.json.gz", cirrus_lines(make_pages(200)))
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)  # zeroed deflate blocks
    path.write_bytes(bytes(data))
    kept = []
    with pytest.raises(DumpReadError, match="corrupt.json.gz"):
        for batch in raw_batches(path, 50):
            kept += parse_batch(batch.lines)[0]
    assert [a.page_id for a in kept] == list(range(1000, 1000 + len(kept)))


def test_directory_input_lists_dumps_recursively_and_sorted(tmp_path: Path) -> None:
    for name in ["b.json.gz", "a.json.bz2", "sub/c.json", "notes.txt", "sub/d.ndjson"]:
        write_dump(tmp_path / name, cirrus_lines(make_pages(1)))
    assert [p.relative_to(tmp_path).as_posix() for p in dump_files(tmp_path)] == [
        "a.json.bz2", "b.json.gz", "sub/c.json", "sub/d.ndjson"
    ]


def test_missing_input_and_empty_directory_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no such file or directory"):
        dump_files(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match="no dump files"):
        dump_files(tmp_path)


def test_streams_without_loading_the_whole_file(tmp_path: Path) -> None:
    # ~22 MB decompressed; reading it in batches of 100 must stay far below that.
    path = tmp_path / "big.json.gz"
    with gzip.open(path, "wt") as handle:
        for line in cirrus_lines(make_pages(3000, long_every=1)):
            handle.write(line + "\n")
    tracemalloc.start()
    documents = 0
    for batch in raw_batches(path, 100):
        documents += len(batch.lines) // 2
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert documents == 3000
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB"


def test_the_quick_start_sample_dump_is_a_valid_dump() -> None:
    # README's quick start runs `npm run pipeline -- --input python/examples/cirrussearch-sample.json`.
    sample = Path(__file__).resolve().parents[2] / "examples" / "cirrussearch-sample.json"
    articles, totals = read_all(sample)
    assert totals == {"ok": 8, "other_namespace": 1, "empty_text": 0, "malformed": 0}
    assert "Rhine" in [a.title for a in articles]
