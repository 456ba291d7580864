"""Writers of small, realistic CirrusSearch dumps for the pipeline tests (no downloads)."""

from __future__ import annotations

import bz2
import gzip
import json
import random
from dataclasses import dataclass
from pathlib import Path


_WORDS = (
    "the river valley was settled by farmers in the early medieval period and later became a "
    "centre of the regional wool trade its church dates from the twelfth century while the "
    "railway station opened in 1862 population census results show steady growth since the "
    "war the town council maintains a museum library and several parks the economy depends on "
    "tourism light industry and services notable people include a physicist a novelist and "
    "the footballer who captained the national team in 1934 Zürich Kraków São Paulo naïve "
    "café résumé 東京 Москва 42 3.14 1,024 km² (approximately) [citation needed] — "
).split()


def article_text(rng: random.Random, sentences: int) -> str:
    """English-like encyclopedic prose with some Unicode, numbers and punctuation."""
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 24))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


@dataclass(frozen=True)
class Page:
    page_id: int
    title: str
    text: str | None
    namespace: int = 0


def cirrus_lines(pages: list[Page], with_type: bool = True, page_id_in_doc: bool = False) -> list[str]:
    """The bulk-index line pairs of a CirrusSearch dump for ``pages``."""
    lines = []
    for page in pages:
        header = {"_type": "page", "_id": str(page.page_id)} if with_type else {"_id": str(page.page_id)}
        doc: dict[str, object] = {
            "version": 1234567,
            "wiki": "enwiki",
            "namespace": page.namespace,
            "namespace_text": "" if page.namespace == 0 else "Talk",
            "title": page.title,
            "timestamp": "2024-01-01T00:00:00Z",
            "category": ["Towns"],
            "outgoing_link": ["River", "Railway"],
            "heading": ["History", "Economy"],
            "opening_text": (page.text or "")[:80],
            "popularity_score": 1.5e-8,
            "incoming_links": 3,
        }
        if page.text is not None:
            doc["text"] = page.text
            doc["source_text"] = "'''" + page.title + "''' " + page.text
        if page_id_in_doc:
            doc["page_id"] = page.page_id
        lines.append(json.dumps({"index": header}))
        lines.append(json.dumps(doc, ensure_ascii=False))
    return lines


def make_pages(count: int, seed: int = 7, first_id: int = 1000, long_every: int = 5) -> list[Page]:
    """``count`` namespace-0 pages; every ``long_every``-th is longer than the model's 256 pieces."""
    rng = random.Random(seed)
    return [
        Page(first_id + i, f"Town {first_id + i}", article_text(rng, 40 if i % long_every == 0 else 3))
        for i in range(count)
    ]


def write_dump(path: Path, lines: list[str]) -> Path:
    """Writes NDJSON lines, compressed by suffix (.gz, .bz2, or plain)."""
    data = ("\n".join(lines) + "\n").encode()
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".bz2"):
        data = bz2.compress(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
