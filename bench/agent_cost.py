"""Calls and bytes an agent reads per 30 s, 90 s and 300 s generation: with the defaults, and with tasks.

Time-scaled as in `agent.py`: the job, the wait schedule and the wait budgets all shrink by the same
factor. "defaults" follows our guidance with no arguments beyond the task id: submit, then
`wait_for_task` until final, from a client that listens for progress (as Claude Code does) and from
one that does not. "tasks" is a client declaring SEP-2663: one `tools/call` answered with a task,
which the client (not the model) follows with `tasks/get`; the model reads only the final result.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import anyio
from acemedia import DEFAULT_WAIT_BUDGETS, DEFAULT_WAIT_INTERVALS

from .agent import PROMPT, Tally, _call
from .config import ROOT, Params
from .progress import say
from .sessions import payload, stdio_session
from .targets import Target

GENERATIONS = (30.0, 90.0, 300.0)
MAX_CALLS = 30


def scaled_env(scale: float) -> dict[str, str]:
    return {
        "ACEMEDIA_WAIT_INTERVALS": ",".join(f"{v * scale:.6g}" for v in DEFAULT_WAIT_INTERVALS),
        "ACEMEDIA_MIN_POLL_INTERVAL": f"{5 * scale:.6g}",
        "ACEMEDIA_WAIT_SECONDS": ",".join(f"{v * scale:.6g}" for v in DEFAULT_WAIT_BUDGETS),
    }


def _prompt(seconds: float, scale: float) -> str:
    return f"{PROMPT} [sim:seconds={seconds * scale:g}]"


async def with_defaults(target: Target, params: Params, seconds: float, listening: bool, log: Path) -> Any:
    scale = params.time_scale
    tally = Tally()

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        pass

    async with stdio_session(target, log, extra_env=scaled_env(scale)) as client:
        await client.list_tools()
        started = time.perf_counter()
        submitted = payload(
            await _call(client, tally, "veo_text_to_video", {"prompt": _prompt(seconds, scale)})
        )
        record: dict[str, Any] = {}
        for _ in range(MAX_CALLS):
            args = {"task_id": submitted["task_id"]}
            if listening:
                began = time.perf_counter()
                result = await client.call_tool("veo_wait_for_task", args, progress_callback=on_progress)
                tally.add("veo_wait_for_task", result, time.perf_counter() - began)
            else:
                result = await _call(client, tally, "veo_wait_for_task", args)
            record = payload(result)
            if record.get("status") in ("succeeded", "failed"):
                break
        wall = time.perf_counter() - started
    media = record.get("media") or [{}]
    return tally.summary(wall, scale, media[0].get("url"))


def with_tasks(target: Target, params: Params, seconds: float) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from tests.tasks_protocol import StdioTransport, TasksClient

    scale = params.time_scale
    transport = StdioTransport(list(target.command), {**target.env, **scaled_env(scale)})
    try:
        client = TasksClient(transport)
        client.discover()  # the server is up before the clock starts, as in the other flows
        started = time.perf_counter()
        created = client.call_tool("veo_text_to_video", {"prompt": _prompt(seconds, scale)})
        reads = client.follow(created["taskId"], lambda s: time.sleep(s), limit=1000)
        wall = time.perf_counter() - started
    finally:
        transport.close()
    result = reads[-1].get("result", {})
    text = "".join(block.get("text", "") for block in result.get("content", []))
    return {
        "tool_calls": 1,
        "tasks_get_requests": len(reads),  # made by the client itself, never seen by the model
        "text_bytes": len(text.encode()),
        "task_handle_bytes": len(json.dumps(created, separators=(",", ":")).encode()),
        "wall_seconds_equivalent": wall / scale,
        "status": reads[-1]["status"],
    }


async def measure(target: Target, params: Params, log: Path) -> dict[str, Any]:
    report: dict[str, Any] = {
        "budgets": {"listening_seconds": DEFAULT_WAIT_BUDGETS[0], "quiet_seconds": DEFAULT_WAIT_BUDGETS[1]}
    }
    for seconds in GENERATIONS:
        row = {
            "defaults_listening": await with_defaults(target, params, seconds, True, log),
            "defaults_quiet": await with_defaults(target, params, seconds, False, log),
            "tasks": await anyio.to_thread.run_sync(with_tasks, target, params, seconds),
        }
        report[f"{seconds:g}s"] = row
        say(
            f"  {seconds:g} s job: defaults {row['defaults_listening']['tool_calls']} calls "
            f"({row['defaults_quiet']['tool_calls']} without progress), tasks {row['tasks']['tool_calls']} call"
        )
    return report
