"""The wait's progress figure: never back, always forward, 100 only at the end."""

from __future__ import annotations

from itertools import pairwise

from acemedia.tasks.progress import JobProgress, estimate


def test_the_estimate_is_linear_to_the_expected_duration_then_creeps_below_99() -> None:
    assert estimate(0, 8) == 0 and estimate(4, 8) == 45 and estimate(8, 8) == 90
    late = [estimate(s, 8) for s in (9, 16, 40, 80)]
    assert all(90 < a < b < 99 for a, b in pairwise(late))


def test_reports_move_forward_every_time_and_reach_100_only_when_done() -> None:
    meter = JobProgress()
    figures = [meter.report(c, done=False) for c in (10, 42, 42, 30, 99, 150)]
    assert all(a < b for a, b in pairwise(figures)), figures
    assert figures[:2] == [10, 42] and max(figures) < 100
    assert meter.report(5, done=True) == 100
