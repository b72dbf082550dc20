"""Calls and bytes an agent reads per 30 s, 90 s and 300 s generation, time-scaled so each runs in seconds.

Four ways to get one Veo video from prompt to final URL:

- **existing**: the published server, driven by the agent of `agent.py` (it does what the results say:
  poll `veo_get_task`, waiting 15 s between polls);
- **defaults, progress token**: ours, the same agent, from a client that asks for progress
  notifications (Claude Code and the TypeScript SDK do; the wait tools' default budget is then 110 s);
- **defaults, no progress token**: ours, the same agent, from a client that sends none (default budget 50 s);
- **tasks**: ours, from a client that declares SEP-2663 (`io.modelcontextprotocol/tasks`): one
  `tools/call` answered with a task, which the client itself follows with `tasks/get` until it is final;
  the model reads only the final result. Those reads are not tool calls and are counted apart.

Everything that waits is scaled by `Params.time_scale`: the simulated job (`[sim:seconds=...]`), the
agent's pauses, our wait schedule, minimum poll interval and wait budgets (environment variables), and
the existing server's fixed 5 s hold (`bench/timewarp`). Calls and bytes are what an agent gets at real
time; times are reported as real-time equivalents (measured / scale).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from acemedia import DEFAULT_WAIT_BUDGETS, DEFAULT_WAIT_INTERVALS

from .agent import PROMPT, final_url, follow_guidance
from .config import ROOT, TIMEWARP
from .progress import say
from .sessions import stdio_session
from .targets import Target

FLOWS = ("existing", "defaults_progress", "defaults_no_progress", "tasks")
MAX_TASK_READS = 2000


def ours_env(scale: float) -> dict[str, str]:
    """Our server's waiting, scaled: the wait schedule, the minimum poll interval and the default budgets."""
    return {
        "ACEMEDIA_WAIT_INTERVALS": ",".join(f"{v * scale:.6g}" for v in DEFAULT_WAIT_INTERVALS),
        "ACEMEDIA_MIN_POLL_INTERVAL": f"{5 * scale:.6g}",
        "ACEMEDIA_WAIT_SECONDS": ",".join(f"{v * scale:.6g}" for v in DEFAULT_WAIT_BUDGETS),
    }


def existing_env(scale: float) -> dict[str, str]:
    """The existing server's fixed `asyncio.sleep(5)` on an unfinished poll, scaled by bench/timewarp."""
    return {"PYTHONPATH": str(TIMEWARP), "BENCH_TIME_SCALE": repr(scale)}


def prompt(seconds: float, scale: float) -> str:
    return f"{PROMPT} [sim:seconds={seconds * scale:g}]"


async def guided(
    target: Target, seconds: float, scale: float, log: Path, *, progress: bool
) -> dict[str, Any]:
    """The guidance-following agent against `target`, for a job of `seconds` (real-time equivalent)."""
    env = ours_env(scale) if target.role == "ours" else existing_env(scale)
    async with stdio_session(target, log, extra_env=env) as client:
        result = await follow_guidance(
            client, f"{target.provider}_text_to_video", prompt(seconds, scale), scale, progress=progress
        )
    if not result["final_url"]:
        raise RuntimeError(f"no final URL after {result['tool_calls']} calls (state {result['final_state']})")
    return result


def with_tasks(target: Target, seconds: float, scale: float) -> dict[str, Any]:
    """One `tools/call` as a task, then the client's own `tasks/get` reads until the task is final."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.tasks_protocol import StdioTransport, TasksClient

    transport = StdioTransport(list(target.command), {**target.env, **ours_env(scale)})
    try:
        client = TasksClient(transport)
        client.discover()  # the server is up before the clock starts, as in the other flows
        started = time.perf_counter()
        created = client.call_tool(f"{target.provider}_text_to_video", {"prompt": prompt(seconds, scale)})
        if created.get("resultType") != "task":
            raise RuntimeError(f"tools/call was not answered with a task: {str(created)[:300]}")
        reads = client.follow(created["taskId"], time.sleep, limit=MAX_TASK_READS)
        wall = time.perf_counter() - started
    finally:
        transport.close()
    result = reads[-1].get("result") or {}
    text = "".join(block.get("text", "") for block in result.get("content", []))
    return {
        "tool_calls": 1,
        "text_bytes": len(text.encode()),  # the final result, the only tool output the model reads
        "tasks_get_requests": len(reads),  # made by the client itself, never seen by the model
        "tasks_get_bytes": sum(len(json.dumps(r, separators=(",", ":")).encode()) for r in reads),
        "task_handle_bytes": len(json.dumps(created, separators=(",", ":")).encode()),
        "poll_interval_ms_scaled": reads[0].get("pollIntervalMs"),
        "wall_seconds_equivalent": wall / scale,
        "final_state": reads[-1]["status"],
        "final_url": final_url(result.get("structuredContent") or {}),
    }


def report_line(seconds: float, flow: str, row: dict[str, Any]) -> None:
    extra = f", {row['tasks_get_requests']} tasks/get" if "tasks_get_requests" in row else ""
    say(
        f"  {seconds:g} s job, {flow}: {row['tool_calls']} tool calls{extra}, "
        f"{row['text_bytes'] / 1000:.1f} kB read, {row['wall_seconds_equivalent']:.0f} s equivalent"
    )
