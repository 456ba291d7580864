"""Fixtures of the pipeline tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cirrus_dumps import Page, cirrus_lines, make_pages, write_dump


@pytest.fixture
def dump_dir(tmp_path: Path) -> Callable[..., tuple[Path, list[Page]]]:
    """Makes a directory of dumps: ``files`` gz/bz2/plain files of ``per_file`` pages each."""

    def make(files: int = 3, per_file: int = 20) -> tuple[Path, list[Page]]:
        root = tmp_path / "dumps"
        suffixes = [".json.gz", ".json.bz2", ".json"]
        pages: list[Page] = []
        for f in range(files):
            batch = make_pages(per_file, seed=f, first_id=1000 * (f + 1))
            write_dump(root / f"enwiki-cirrussearch-content-{f}{suffixes[f % 3]}", cirrus_lines(batch, with_type=f % 2 == 0))
            pages += batch
        return root, pages

    return make
