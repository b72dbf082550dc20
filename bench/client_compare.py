"""get_task p50 through the mcp 1.x and 2.x clients, ours against the floor server."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .config import BENCH_DIR
from .progress import say
from .sessions import stdio_session
from .stats import summary as summarize
from .targets import Target


def via_1x(python: str, target: Target, task_id: str, calls: int) -> dict[str, Any]:
    command = [python, str(BENCH_DIR / "client_1x.py"), str(calls), target.get_task, task_id, *target.command]
    run = subprocess.run(command, env=target.env, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        raise RuntimeError(run.stderr[-500:] or run.stdout[-500:])
    return summarize(json.loads(run.stdout)["ms"][5:])  # the first calls warm up


async def via_2x(target: Target, task_id: str, calls: int, log: Path) -> dict[str, Any]:
    timings = []
    async with stdio_session(target, log) as client:
        await client.list_tools()
        for _ in range(calls):
            started = time.perf_counter()
            result = await client.call_tool(target.get_task, {"task_id": task_id})
            timings.append((time.perf_counter() - started) * 1000)
            assert not result.is_error, result.content
    return summarize(timings[5:])


async def measure(targets: list[Target], python_1x: str | None, task_id: str, calls: int, log: Path) -> Any:
    report: dict[str, Any] = {}
    for target in targets:
        row: dict[str, Any] = {"mcp_2x": await via_2x(target, task_id, calls, log)}
        if python_1x:
            row["mcp_1x"] = via_1x(python_1x, target, task_id, calls)
        report[target.key] = row
        one_x = row.get("mcp_1x", {}).get("p50")
        say(
            f"  {target.key}: get_task p50 2.x {row['mcp_2x']['p50']:.2f} ms, "
            f"1.x {'not measured' if one_x is None else f'{one_x:.2f} ms'}"
        )
    return report


def python_of(script: str | None) -> str | None:
    """The interpreter next to an installed console script (a baseline venv has mcp 1.x)."""
    if not script:
        return None
    candidate = Path(script).parent / ("python.exe" if sys.platform == "win32" else "python")
    return str(candidate) if candidate.exists() else None
