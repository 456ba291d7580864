"""Weighted choice of a route, kept apart from Serve so its statistics can be tested alone."""

import bisect
import itertools
import random


class WeightedChooser:
    """Picks one of ``names`` with probability weight/total, independently per call.

    Independent draws (not a round-robin 9:1 pattern) keep every replica of the splitter
    unbiased without coordination, at the cost of binomial noise on small samples.
    """

    def __init__(self, weights: dict[str, int], rng: random.Random | None = None) -> None:
        live = {name: w for name, w in weights.items() if w > 0}
        if not live:
            raise ValueError("at least one route needs a weight above 0")
        self._names = list(live)
        self._bounds = list(itertools.accumulate(live.values()))
        self._rng = rng or random.Random()

    def choose(self) -> str:
        ticket = self._rng.randrange(self._bounds[-1])
        return self._names[bisect.bisect_right(self._bounds, ticket)]
