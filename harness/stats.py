"""The benchmark's statistics: median, p95 and ratios over a list of timings, and nothing else."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

__all__ = ["median", "p95", "ratio", "summary"]


def median(values: Sequence[float]) -> float | None:
    """The median, or None when there are no values."""
    return statistics.median(values) if values else None


def p95(values: Sequence[float]) -> float | None:
    """The 95th percentile by the nearest-rank method (a value that was measured), or None."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)), 1) - 1]


def ratio(ours: float | None, baseline: float | None) -> float | None:
    """ours / baseline, or None when either is missing or the baseline is zero."""
    if ours is None or not baseline:
        return None
    return ours / baseline


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    """Count, median, p95, min and max of one measure."""
    return {
        "n": len(values),
        "median": median(values),
        "p95": p95(values),
        "min": min(values) if values else None,
        "max": max(values) if values else None,
    }
