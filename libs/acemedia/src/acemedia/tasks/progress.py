"""How far a job has come, as the progress notifications of a wait report it (0-100).

The figure measures the job, not the wait's time budget: the upstream's own progress where it gives one
(Producer's "NN%"), else the time the wait has watched the job against the job's expected duration. It
never goes back, moves forward with every report (MCP asks progress to increase with each notification)
and reaches 100 only when the job ends; past the expected duration it creeps toward 99, and a report
that would repeat the last figure closes a tenth of the gap to 100 instead.
"""

from __future__ import annotations

import math

TOTAL = 100.0
EXPECTED_SHARE = 90.0  # where the estimate stands when the expected duration has passed
BELOW_DONE = 99.0  # an unfinished job never reads higher
GAP_SHARE = 0.1  # a report that would not move on closes this share of the gap to 100 instead


def estimate(elapsed: float, expected_seconds: float) -> float:
    """Elapsed time as a share of the expected duration: linear to 90, then slowly toward 99."""
    share = max(0.0, elapsed) / max(expected_seconds, 1e-9)
    if share <= 1:
        return EXPECTED_SHARE * share
    return EXPECTED_SHARE + (BELOW_DONE - EXPECTED_SHARE) * (1 - math.exp(-(share - 1)))


class JobProgress:
    """The figure each progress notification of one wait carries."""

    def __init__(self) -> None:
        self.last: float | None = None

    def report(self, candidate: float, *, done: bool) -> float:
        """`candidate` (0-100), held to: never back, a little forward each time, 100 only when done."""
        if done:
            value = TOTAL
        else:
            value = min(max(0.0, candidate), BELOW_DONE)
            if self.last is not None and value <= self.last:
                value = self.last + (TOTAL - self.last) * GAP_SHARE
        self.last = value
        return value
