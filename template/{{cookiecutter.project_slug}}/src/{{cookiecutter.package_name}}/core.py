"""Summary statistics of some numbers: the package's first real function, to grow from."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """How many numbers there were, their mean and their range."""

    count: int
    mean: float
    minimum: float
    maximum: float


def summarize(numbers: Iterable[float]) -> Summary:
    """Summarize the numbers; a ValueError says why when there are none or one is not finite."""
    values = [float(number) for number in numbers]
    if not values:
        raise ValueError("summarize() needs at least one number")
    if not all(math.isfinite(value) for value in values):
        raise ValueError("summarize() takes finite numbers only (no nan or inf)")
    # fsum keeps the mean exact where a plain sum would drift: the mean of ten 0.1s is 0.1.
    return Summary(len(values), math.fsum(values) / len(values), min(values), max(values))
