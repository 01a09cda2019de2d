"""Timing a step against its baseline in the same run, so a busy machine slows both alike.

Each repeat runs the baseline and then the step, one after the other; the figures are medians of
the wall-clock times. The slowest and fastest run are kept too, since a shared machine is noisy.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Timing:
    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def worst(self) -> float:
        return max(self.runs)

    def as_dict(self) -> dict[str, Any]:
        return {"median": self.median, "best": self.best, "worst": self.worst, "runs": self.runs}


def clock(step: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = step()
    return time.perf_counter() - started, result


def timed(step: Callable[[], Any], repeats: int) -> Timing:
    timing = Timing()
    for _ in range(repeats):
        seconds, _ = clock(step)
        timing.runs.append(seconds)
    return timing


def paired(
    step: Callable[[], Any], baseline: Callable[[], Any], repeats: int
) -> tuple[Timing, Timing]:
    """The step and its baseline, run in turn ``repeats`` times each."""
    ours, theirs = Timing(), Timing()
    for _ in range(repeats):
        theirs.runs.append(clock(baseline)[0])
        ours.runs.append(clock(step)[0])
    return ours, theirs


def machine_load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"
