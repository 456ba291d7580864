"""Atomic writes, ``--shard i/n`` partitioning and the per-stage manifest of completed units.

Exactly-once output without coordination: every unit of work (a batch of a dump file, or a
token shard) has a fixed key and a fixed output path, output files appear only by atomic
rename, and a unit counts as done only once its line is in a manifest. A run killed at any
moment leaves at worst an output file without a manifest line; the next run redoes that unit
and overwrites the file with the same content, so nothing is missing and nothing duplicated.

Each ``--shard i/n`` appends to its own manifest file so that shards running at the same time
on a shared volume never write the same file; readers take the union of all of them.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST_GLOB = "_manifest.*.jsonl"


@dataclass(frozen=True)
class ShardSpec:
    """Which slice of the work this run does: ``index`` of ``count`` (``--shard 0/1`` = all)."""

    index: int = 0
    count: int = 1

    @classmethod
    def parse(cls, value: str) -> ShardSpec:
        """Parses ``i/n`` with ``0 <= i < n``.

        Args:
            value: the ``--shard`` flag as written, e.g. ``"2/8"``.

        Returns:
            The spec.

        Raises:
            ValueError: not two integers, or ``i`` outside ``[0, n)``; the message names ``--shard``.
        """
        try:
            index, count = (int(part) for part in value.split("/"))
        except ValueError:
            raise ValueError(f"--shard: expected 'i/n' with integers (e.g. 0/4), got {value!r}") from None
        if count < 1 or not 0 <= index < count:
            raise ValueError(f"--shard: expected 0 <= i < n, got {value!r}")
        return cls(index, count)

    def owns(self, key: str, ordinal: int = 0) -> bool:
        """Whether this shard processes unit ``ordinal`` of ``key``; stable across runs and machines.

        Consecutive batches of one file go to different shards, so that a single huge dump
        (Wikimedia publishes one file per wiki) still spreads over all shards.
        """
        return (zlib.crc32(key.encode()) + ordinal) % self.count == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def atomic_write(path: Path, write: Any) -> None:
    """Calls ``write(tmp_path)`` then renames the temporary file onto ``path``.

    The temporary name is unique per process, so two runs racing on the same unit never
    interleave bytes; the loser's rename just replaces identical content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class Manifest:
    """Append-only JSONL log of completed units of one stage, one file per ``--shard``."""

    def __init__(self, stage_dir: Path, shard: ShardSpec) -> None:
        stage_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.path_of(stage_dir, shard)
        self._drop_torn_tail()

    @staticmethod
    def path_of(stage_dir: Path, shard: ShardSpec) -> Path:
        """The manifest file of ``shard`` in ``stage_dir`` (``_manifest.<i>-of-<n>.jsonl``)."""
        return stage_dir / f"_manifest.{shard.index:05d}-of-{shard.count:05d}.jsonl"

    def _drop_torn_tail(self) -> None:
        # A kill mid-append leaves a line without "\n"; appending after it would glue the next
        # entry onto it, so cut the file back to its last complete line.
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            with open(self.path, "rb+") as handle:
                handle.truncate(data.rfind(b"\n") + 1)

    def record(self, entry: dict[str, Any]) -> None:
        """Appends one entry durably (flushed and fsynced before returning)."""
        with open(self.path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    @staticmethod
    def entries(stage_dir: Path) -> Iterator[dict[str, Any]]:
        """Every entry of every shard's manifest in ``stage_dir``.

        A last line cut short by a kill is not an entry (its unit is simply redone).
        """
        for path in sorted(stage_dir.glob(MANIFEST_GLOB)):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if line.endswith("\n"):
                        yield json.loads(line)
