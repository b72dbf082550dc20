"""The issue's targets, checked against one run's numbers (a report, not a test: nothing fails the run)."""

from __future__ import annotations

from typing import Any

from .stats import ratio


def dig(data: Any, *path: Any) -> Any:
    """data[path[0]][path[1]]..., or None as soon as a step is missing."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _check(
    name: str, measured: float | None, limit: float, *, at_most: bool, unit: str, note: str = ""
) -> dict[str, Any]:
    if measured is None:
        return {
            "target": name,
            "measured": None,
            "limit": limit,
            "met": None,
            "verdict": "not measured",
            "note": note,
        }
    met = measured <= limit if at_most else measured >= limit
    margin = abs(measured - limit) / limit
    shown_margin = f"{margin:.0%}" if margin >= 0.01 else f"{margin:.2%}"
    if at_most:
        how = f"{shown_margin} {'under' if met else 'over'} the limit"
    else:
        how = f"{shown_margin} {'above' if met else 'below'} the target"
    shown = f"{measured:.3f}{unit}" if unit == "×" else f"{measured:g}{unit}"
    verdict = f"{'met' if met else 'MISSED'}: {shown} ({how})"
    return {
        "target": name,
        "measured": measured,
        "limit": limit,
        "met": met,
        "verdict": verdict,
        "note": note,
    }


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    stdio = results.get("stdio", {})
    ours_p50 = dig(stdio, "ours-veo", "latency_ms", "p50")
    floor_p50 = dig(stdio, "floor-veo", "latency_ms", "p50")
    existing_p50 = dig(stdio, "existing-veo", "latency_ms", "p50")
    cold = dig(results, "cold_start", "veo") or {}
    cold_ours = dig(cold, "ours-veo", "ms", "p50")
    cold_floor = dig(cold, "floor-veo", "ms", "p50")
    agent_default = dig(results, "agent", "ours-veo-wait-default", "tool_calls")
    agent_long = dig(results, "agent", "ours-veo-wait-long", "tool_calls")
    agent_existing = dig(results, "agent", "existing-veo-poll", "tool_calls")
    rss = dig(stdio, "ours-veo", "rss_kib") or {}
    growth = None
    if rss.get("idle") and rss.get("after_calls"):
        growth = (rss["after_calls"] - rss["idle"]) / rss["idle"] * 100
    long_budget = dig(results, "agent", "ours-veo-wait-long", "wait_budget_seconds")
    return [
        _check(
            "get_task p50 (stdio) within 1.3× the floor",
            ratio(ours_p50, floor_p50),
            1.3,
            at_most=True,
            unit="×",
        ),
        _check(
            "get_task p50 (stdio) at least 7× faster than the existing server",
            ratio(existing_p50, ours_p50),
            7.0,
            at_most=False,
            unit="×",
            note="finished task, so the existing server's 5 s hold does not apply",
        ),
        _check(
            "cold start within 1.25× the floor", ratio(cold_ours, cold_floor), 1.25, at_most=True, unit="×"
        ),
        _check(
            "agent tool calls per 90 s generation ≤ 2 (existing ≈ 7)",
            None if agent_default is None else float(agent_default),
            2,
            at_most=True,
            unit=" calls",
            note="; ".join(
                part
                for part in (
                    "agent that follows the guidance and leaves timeout_seconds at its default",
                    f"existing: {agent_existing} calls" if agent_existing is not None else "",
                    f"with timeout_seconds={long_budget:g}: {agent_long} calls"
                    if long_budget is not None
                    else "",
                )
                if part
            ),
        ),
        _check(
            "memory after 1,000 calls within 10% of idle",
            None if growth is None else round(growth, 1),
            10,
            at_most=True,
            unit="%",
            note="VmRSS of our server process after start-up and tools/list, then after 1,000 get_task calls",
        ),
    ]
