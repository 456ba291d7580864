"""The pipeline's progress on a terminal: one tqdm bar per stage, in the stage's own units.

``tokenize`` counts articles tokenized, ``embed`` chunks embedded (one vector each); the bar's
count and rate are this run's work, and work an earlier run had recorded shows apart as
``resumed N``. Bars go to stderr, so stdout keeps only the summary JSON.
"""

from __future__ import annotations

from types import TracebackType

from tqdm import tqdm

from ray_workloads.pipeline.summary import STAGE_UNITS


class ProgressBars:
    """A :class:`~ray_workloads.pipeline.driver.Progress` drawn as tqdm bars; a context manager.

    Args:
        stages: the stages this run runs, top to bottom (``tokenize``, ``embed``).
        enabled: draw the bars (e.g. only when stderr is a terminal).
    """

    def __init__(self, stages: list[str], enabled: bool) -> None:
        self._bars = {
            stage: tqdm(desc=f"{stage:<8}", unit=f" {STAGE_UNITS[stage]}", position=i,
                        disable=not enabled, dynamic_ncols=True, leave=True)
            for i, stage in enumerate(stages)
        }
        self._resumed = dict.fromkeys(stages, 0)

    def advance(self, stage: str, items: int) -> None:
        self._bars[stage].update(items)

    def resumed(self, stage: str, items: int) -> None:
        self._resumed[stage] += items
        self._bars[stage].set_postfix_str(f"resumed {self._resumed[stage]} {STAGE_UNITS[stage]}")

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        for bar in self._bars.values():
            bar.close()
