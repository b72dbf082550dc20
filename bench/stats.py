"""Percentiles and summaries over samples; no third-party dependency."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between closest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(samples: Sequence[float], scale: float = 1.0) -> dict[str, Any]:
    """n, min, p10, p25, p50, p75, p90, p99, max and mean, each multiplied by `scale` (e.g. 1000 for ms)."""
    if not samples:
        return {"n": 0}
    out: dict[str, Any] = {"n": len(samples)}
    out["min"] = min(samples) * scale
    for q in (10, 25, 50, 75, 90, 99):
        out[f"p{q}"] = percentile(samples, q) * scale
    out["max"] = max(samples) * scale
    out["mean"] = sum(samples) / len(samples) * scale
    return out


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0 or math.isnan(a) or math.isnan(b):
        return None
    return a / b
