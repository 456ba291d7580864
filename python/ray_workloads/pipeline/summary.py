"""The outcome of one pipeline run: what is on disk for the shard, and what THIS run did.

Printed as JSON by the CLI (last on stdout). Whole-shard figures (``ok``, ``total_tokens``,
``embedded_articles``, ``vectors``) equal what the shard's recorded output files hold, resumed
units included. Per stage, ``units_done`` / ``*_done`` count work this run did and
``units_resumed`` / ``*_resumed`` work an earlier run had recorded; the throughput
(``articles_per_s`` for tokenize, ``chunks_per_s`` for embed) is this run's work divided by
the wall time from the run's start to the stage's last finished unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ray_workloads.pipeline.cirrus_dump import ParseCounts

STAGE_UNITS = {"tokenize": "articles", "embed": "chunks", "index": "articles"}
"""What each stage's progress and throughput count: articles tokenized, chunks (windows of at
most 256 word pieces, one vector each) embedded, articles (all their windows) indexed."""


def stages_of(stage: str) -> list[str]:
    """The stages a ``--stage`` value runs, in order (``all``: tokenize, embed, index)."""
    return ["tokenize", "embed", "index"] if stage == "all" else [stage]


@dataclass
class StageCounts:
    """One stage's work in one run, in units (files of output) and items (``STAGE_UNITS``)."""

    stage: str
    units_done: int = 0
    units_resumed: int = 0
    items_done: int = 0
    items_resumed: int = 0
    last_done_s: float = 0.0
    """Seconds from the run's start to the last unit this run finished."""

    def to_json(self) -> dict[str, Any]:
        """The stage's block of the summary JSON, e.g. ``articles_done``, ``articles_per_s``."""
        items = STAGE_UNITS[self.stage]
        rate = self.items_done / self.last_done_s if self.last_done_s > 0 else 0.0
        return {
            "units_done": self.units_done,
            "units_resumed": self.units_resumed,
            f"{items}_done": self.items_done,
            f"{items}_resumed": self.items_resumed,
            f"{items}_per_s": round(rate, 1),
        }


@dataclass
class Summary:
    """The run's outcome; ``stages`` holds the stages this run ran (``all``: all three)."""

    stage: str
    shard: str
    stages: dict[str, StageCounts]
    counts: ParseCounts = field(default_factory=ParseCounts)
    errors: list[dict[str, str]] = field(default_factory=list)
    total_tokens: int = 0
    vectors: int = 0
    embedded_articles: int = 0
    indexed_articles: int = 0
    indexed_vectors: int = 0
    elapsed_s: float = 0.0

    @classmethod
    def start(cls, stage: str, shard: str) -> Summary:
        """An empty summary for ``stage`` (``tokenize``, ``embed``, ``index`` or ``all``)."""
        return cls(stage, shard, {name: StageCounts(name) for name in stages_of(stage)})

    def to_json(self) -> dict[str, Any]:
        """The summary JSON.

        Returns:
            ``stage``, ``shard``, ``ok`` (articles kept by tokenize; for ``--stage embed`` the
            articles embedded, for ``--stage index`` the articles in the index), ``skipped`` and
            ``skipped_by_reason``, ``errors`` (damaged input files), ``total_tokens``,
            ``embedded_articles``, ``vectors``, ``indexed_articles``, ``indexed_vectors`` (whole
            index, resumed units included), one block per stage
            run (:meth:`StageCounts.to_json`) and ``elapsed_s``.
        """
        return {
            "stage": self.stage,
            "shard": self.shard,
            "ok": {"embed": self.embedded_articles, "index": self.indexed_articles}.get(self.stage, self.counts.ok),
            "skipped": self.counts.skipped,
            "skipped_by_reason": {
                "other_namespace": self.counts.other_namespace,
                "empty_text": self.counts.empty_text,
                "malformed": self.counts.malformed,
            },
            "errors": self.errors,
            "total_tokens": self.total_tokens,
            "embedded_articles": self.embedded_articles,
            "vectors": self.vectors,
            "indexed_articles": self.indexed_articles,
            "indexed_vectors": self.indexed_vectors,
            **{name: counts.to_json() for name, counts in self.stages.items()},
            "elapsed_s": round(self.elapsed_s, 3),
        }
