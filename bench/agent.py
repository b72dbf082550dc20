"""Agent cost of one generation that takes 90 s upstream, time-scaled so it runs in seconds.

Everything that waits is scaled by the same factor: the simulated job (`[sim:seconds=...]` prompt
marker), the agent's pause between polls, our server's wait schedule (ACEMEDIA_WAIT_INTERVALS,
ACEMEDIA_MIN_POLL_INTERVAL) and wait budget (timeout_seconds), and the existing server's built-in 5 s
hold (through bench/timewarp/sitecustomize.py). Counts and bytes are what the agent would see at real
time; times are reported as real-time equivalents (measured / scale).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import anyio
from acemedia import DEFAULT_WAIT_INTERVALS

from .config import TIMEWARP, Params
from .progress import say
from .sessions import payload, stdio_session, structured_bytes, text_bytes, text_of
from .targets import Target

PROMPT = "A paper boat drifting down a rain gutter after a storm, cinematic, soft light"
MAX_POLLS = 100  # the existing guidance: up to 100 attempts
MAX_WAITS = 20


class Tally:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def add(self, tool: str, result: Any, seconds: float) -> None:
        if result.is_error:
            raise RuntimeError(f"{tool} failed: {text_of(result)[:300]}")
        self.calls.append(
            {
                "tool": tool,
                "text_bytes": text_bytes(result),
                "structured_bytes": structured_bytes(result),
                "seconds": seconds,
            }
        )

    def summary(self, wall: float, scale: float, final_url: str | None) -> dict[str, Any]:
        return {
            "tool_calls": len(self.calls),
            "text_bytes": sum(c["text_bytes"] for c in self.calls),
            "structured_bytes": sum(c["structured_bytes"] for c in self.calls),
            "wall_seconds_scaled": wall,
            "wall_seconds_equivalent": wall / scale,
            "final_url": final_url,
            "calls": [
                {**c, "seconds_equivalent": round(c["seconds"] / scale, 2), "seconds": round(c["seconds"], 4)}
                for c in self.calls
            ],
        }


async def _call(client: Any, tally: Tally, tool: str, args: dict[str, Any]) -> Any:
    started = time.perf_counter()
    result = await client.call_tool(tool, args)
    tally.add(tool, result, time.perf_counter() - started)
    return result


def _prompt(params: Params) -> str:
    return f"{PROMPT} [sim:seconds={params.generation_seconds * params.time_scale:g}]"


async def existing_poll_loop(target: Target, params: Params, log: Path) -> dict[str, Any]:
    """Follow the existing guidance: submit, poll at once, then every 15 s until should_poll is false."""
    scale = params.time_scale
    env = {"PYTHONPATH": str(TIMEWARP), "BENCH_TIME_SCALE": repr(scale)}
    tally = Tally()
    async with stdio_session(target, log, extra_env=env) as client:
        await client.list_tools()
        started = time.perf_counter()
        submitted = payload(await _call(client, tally, "veo_text_to_video", {"prompt": _prompt(params)}))
        task_id = submitted["task_id"]
        record: dict[str, Any] = {}
        for _ in range(MAX_POLLS):
            record = payload(await _call(client, tally, "veo_get_task", {"task_id": task_id}))
            if not record.get("mcp_task_polling", {}).get("should_poll", True):
                break
            await anyio.sleep(params.agent_poll_seconds * scale)
        wall = time.perf_counter() - started
    data = (record.get("response") or {}).get("data") or [{}]
    result = tally.summary(wall, scale, data[0].get("video_url"))
    say(
        f"  {target.key}: poll loop: {result['tool_calls']} tool calls, {result['text_bytes']} bytes, "
        f"{result['wall_seconds_equivalent']:.0f} s equivalent"
    )
    return result


async def ours_wait(target: Target, params: Params, budget: float, log: Path) -> dict[str, Any]:
    """Submit, then wait_for_task with `budget` seconds (real-time equivalent) until the task is final."""
    scale = params.time_scale
    env = {
        "ACEMEDIA_WAIT_INTERVALS": ",".join(f"{v * scale:.6g}" for v in DEFAULT_WAIT_INTERVALS),
        "ACEMEDIA_MIN_POLL_INTERVAL": f"{5 * scale:.6g}",
    }
    tally = Tally()
    async with stdio_session(target, log, extra_env=env) as client:
        await client.list_tools()
        started = time.perf_counter()
        submitted = payload(await _call(client, tally, "veo_text_to_video", {"prompt": _prompt(params)}))
        task_id = submitted["task_id"]
        record: dict[str, Any] = {}
        for _ in range(MAX_WAITS):
            args = {"task_id": task_id, "timeout_seconds": max(1.0, budget * scale)}
            record = payload(await _call(client, tally, "veo_wait_for_task", args))
            if record.get("status") in ("succeeded", "failed"):
                break
        wall = time.perf_counter() - started
    media = record.get("media") or [{}]
    result = tally.summary(wall, scale, media[0].get("url"))
    result["wait_budget_seconds"] = budget
    say(
        f"  {target.key}: wait_for_task (budget {budget:g} s): {result['tool_calls']} tool calls, "
        f"{result['text_bytes']} bytes, {result['wall_seconds_equivalent']:.0f} s equivalent"
    )
    return result
