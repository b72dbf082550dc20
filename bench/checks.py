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
    if margin == 0:
        how = "at the limit"
    elif at_most:
        how = f"{shown_margin} {'under' if met else 'over'} the limit"
    else:
        how = f"{shown_margin} {'above' if met else 'below'} the target"
    if unit == " calls" and measured == 1:
        unit = " call"
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


START_LINES = 5500  # issue 27: what a stdio server loads at start


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    stdio = results.get("stdio", {})
    ours_p50 = dig(stdio, "ours-veo", "latency_ms", "p50")
    floor_p50 = dig(stdio, "floor-veo", "latency_ms", "p50")
    existing_p50 = dig(stdio, "existing-veo", "latency_ms", "p50")
    cold = dig(results, "cold_start", "veo") or {}
    cold_ours = dig(cold, "ours-veo", "ms", "p50")
    cold_floor = dig(cold, "floor-veo", "ms", "p50")
    rss = dig(stdio, "ours-veo", "rss_kib") or {}
    growth = None
    if rss.get("idle") and rss.get("after_calls"):
        growth = (rss["after_calls"] - rss["idle"]) / rss["idle"] * 100
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
        *agent_checks(results.get("agent") or {}),
        _check(
            "memory after 1,000 calls within 10% of idle",
            None if growth is None else round(growth, 1),
            10,
            at_most=True,
            unit="%",
            note="VmRSS of our server process after start-up and tools/list, then after 1,000 get_task calls",
        ),
        _check(
            "acemedia lines a stdio server imports at start ≤ 5,500",
            dig(results, "start_footprint", "veo", "lines"),
            START_LINES,
            at_most=True,
            unit=" lines",
            note="veo-mcp answering initialize and tools/list under python -X importtime; HTTP mode loads on demand",
        ),
        tool_list_check(dig(results, "tool_lists", "all") or {}),
        client_check(dig(results, "clients", "veo") or {}),
    ]


def _calls(agent: dict[str, Any], key: str) -> float | None:
    calls = dig(agent, key, "tool_calls")
    return None if calls is None else float(calls)


def agent_checks(agent: dict[str, Any]) -> list[dict[str, Any]]:
    """Tool calls per 90 s generation: with the defaults (with and without a progress token), with tasks."""
    existing = dig(agent, "existing@90s", "tool_calls")
    compared = f"existing: {existing} calls" if existing is not None else ""
    quiet_note = "submit with the wait_seconds=50 its description suggests, then one wait at the 50 s budget "
    quiet_note += "clients without progress tolerate"
    return [
        _check(
            "tool calls per 90 s generation ≤ 2 with the defaults: client sends a progress token",
            _calls(agent, "defaults_progress@90s"),
            2,
            at_most=True,
            unit=" calls",
            note="; ".join(
                p
                for p in (
                    "an agent doing what the descriptions and results say (wait_seconds=50, then a 110 s wait)",
                    compared,
                )
                if p
            ),
        ),
        _check(
            "tool calls per 90 s generation ≤ 2 with the defaults: client sends no progress token",
            _calls(agent, "defaults_no_progress@90s"),
            2,
            at_most=True,
            unit=" calls",
            note=quiet_note,
        ),
        _check(
            "tool calls per 90 s generation with MCP tasks ≤ 1",
            _calls(agent, "tasks@90s"),
            1,
            at_most=True,
            unit=" calls",
            note=(
                f"plus {dig(agent, 'tasks@90s', 'tasks_get_requests')} tasks/get reads by the client, "
                "not tool calls and not read by the model"
                if dig(agent, "tasks@90s", "tasks_get_requests") is not None
                else ""
            ),
        ),
    ]


def tool_list_check(lists: dict[str, Any]) -> dict[str, Any]:
    """Every server's model-visible tool list at or under the existing server's: the largest ratio."""
    ratios = {
        provider: ratio(row.get("ours_bytes"), row.get("existing_bytes")) for provider, row in lists.items()
    }
    known = {p: r for p, r in ratios.items() if r is not None}
    worst = max(known.values()) if known and len(known) == len(ratios) else None
    return _check(
        "every server's model-visible tool list at or under the existing server's (largest ours / existing)",
        worst,
        1.0,
        at_most=True,
        unit="×",
        note=", ".join(f"{p} {r:.2f}×" for p, r in known.items()),
    )


def client_check(clients: dict[str, Any]) -> dict[str, Any]:
    """get_task p50 through the mcp 1.x client, ours against the floor through the same client."""
    two = ratio(dig(clients, "ours-veo", "mcp_2x", "p50"), dig(clients, "floor-veo", "mcp_2x", "p50"))
    return _check(
        "get_task p50 through the mcp 1.x client within 1.3× the floor",
        ratio(dig(clients, "ours-veo", "mcp_1x", "p50"), dig(clients, "floor-veo", "mcp_1x", "p50")),
        1.3,
        at_most=True,
        unit="×",
        note="the floor through the same client" + (f"; through mcp 2.x: {two:.3f}×" if two else ""),
    )
