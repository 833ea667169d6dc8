"""The benchmarks' statistics helpers (harness/stats.py); the benchmark itself is `make bench`."""

from __future__ import annotations

from harness.stats import median, p95, ratio, summary


def test_median_of_odd_and_even_counts() -> None:
    """The median is the middle value, or the mean of the two middle values."""
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5


def test_p95_is_a_measured_value_by_nearest_rank() -> None:
    """p95 of 1..20 is 19 (rank ceil(0.95 * 20)); of ten values it is the largest."""
    assert p95([float(v) for v in range(20, 0, -1)]) == 19.0
    assert p95([float(v) for v in range(10)]) == 9.0
    assert p95([5.0]) == 5.0


def test_empty_measures_give_none() -> None:
    """No values: no median, no p95, and a summary that says n = 0."""
    assert median([]) is None
    assert p95([]) is None
    assert summary([]) == {"n": 0, "median": None, "p95": None, "min": None, "max": None}


def test_ratio_needs_both_values_and_a_nonzero_baseline() -> None:
    """ours / baseline; None when it cannot be computed."""
    assert ratio(1.0, 4.0) == 0.25
    assert ratio(None, 4.0) is None
    assert ratio(1.0, 0.0) is None
    assert ratio(1.0, None) is None
