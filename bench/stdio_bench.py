"""Over stdio: get_task latency, resident memory, the cost of polling an unfinished task, and cold start."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import anyio

from . import procfs
from .config import Params
from .progress import say
from .sessions import stdio_session, text_bytes
from .stats import summary
from .targets import Target

SETTLE_SECONDS = 0.5


class CallFailed(RuntimeError):
    pass


async def _call(client: Any, tool: str, args: dict[str, Any]) -> Any:
    result = await client.call_tool(tool, args)
    if result.is_error:
        text = " ".join(getattr(b, "text", "") for b in result.content)[:300]
        raise CallFailed(f"{tool} returned an error: {text}")
    return result


async def profile(
    target: Target, task_id: str, params: Params, log: Path, exclude: set[int]
) -> dict[str, Any]:
    """One session: idle RSS, warm-up, timed get_task calls, then more calls up to `memory_calls`, then RSS."""
    args = {"task_id": task_id}
    async with stdio_session(target, log) as client:
        await client.list_tools()
        pid = procfs.newest_child(exclude)
        if pid is None:
            raise RuntimeError(f"could not find the process of {target.key}")
        await anyio.sleep(SETTLE_SECONDS)
        rss_idle = procfs.rss_kib(pid)
        first = await _call(client, target.get_task, args)
        for _ in range(params.warmup_calls - 1):
            await _call(client, target.get_task, args)
        rss_warm = procfs.rss_kib(pid)
        cpu_before = procfs.cpu_seconds(pid)
        samples: list[float] = []
        for _ in range(params.latency_calls):
            started = time.perf_counter()
            await _call(client, target.get_task, args)
            samples.append(time.perf_counter() - started)
        cpu_after = procfs.cpu_seconds(pid)
        for _ in range(params.memory_calls - params.warmup_calls - params.latency_calls):
            await _call(client, target.get_task, args)
        await anyio.sleep(SETTLE_SECONDS)
        rss_after = procfs.rss_kib(pid)
    cpu_ms = None
    if cpu_before is not None and cpu_after is not None:
        cpu_ms = (cpu_after - cpu_before) / params.latency_calls * 1000
    result: dict[str, Any] = {
        "latency_ms": summary(samples, 1000),
        "server_cpu_ms_per_call": cpu_ms,
        "reply_text_bytes": text_bytes(first),
        "rss_kib": {"idle": rss_idle, "after_warmup": rss_warm, "after_calls": rss_after},
        "calls_total": params.memory_calls,
        "samples_ms": [round(s * 1000, 4) for s in samples],
    }
    lat = result["latency_ms"]
    say(
        f"  {target.key}: get_task p50 {lat['p50']:.2f} ms, p99 {lat['p99']:.2f} ms; "
        f"RSS idle {_mib(rss_idle)} -> {_mib(rss_after)} after {params.memory_calls} calls"
    )
    return result


def _mib(kib: int | None) -> str:
    return "?" if kib is None else f"{kib / 1024:.1f} MiB"


async def unfinished(target: Target, task_ids: list[str], warm_id: str, log: Path) -> dict[str, Any]:
    """get_task on tasks that are still running: one call per task id, in order, after a few untimed
    calls on a finished task (`warm_id`) so the first timed call does not pay for the session's start."""
    samples: list[float] = []
    async with stdio_session(target, log) as client:
        await client.list_tools()
        for _ in range(5):
            await _call(client, target.get_task, {"task_id": warm_id})
        for task_id in task_ids:
            started = time.perf_counter()
            await _call(client, target.get_task, {"task_id": task_id})
            samples.append(time.perf_counter() - started)
    say(f"  {target.key}: unfinished-task get_task " + ", ".join(f"{s * 1000:.0f} ms" for s in samples))
    return {"latency_ms": summary(samples, 1000), "samples_ms": [round(s * 1000, 2) for s in samples]}


async def cold_start_once(target: Target, log: Path) -> float:
    started = time.perf_counter()
    async with stdio_session(target, log) as client:
        await client.list_tools()
        took = time.perf_counter() - started
    return took


async def cold_starts(targets: list[Target], repeats: int, log_dir: Path) -> dict[str, dict[str, Any]]:
    """Spawn -> initialize -> tools/list answered, `repeats` times per target, interleaved round-robin
    so drift on the machine hits every target alike. One untimed round first warms the .pyc caches."""
    samples: dict[str, list[float]] = {t.key: [] for t in targets}
    for round_no in range(repeats + 1):
        for target in targets:
            took = await cold_start_once(target, log_dir / f"{target.key}-cold.log")
            if round_no > 0:
                samples[target.key].append(took)
    out: dict[str, dict[str, Any]] = {}
    for target in targets:
        stats = summary(samples[target.key], 1000)
        out[target.key] = {"ms": stats, "samples_ms": [round(s * 1000, 1) for s in samples[target.key]]}
        say(
            f"  {target.key}: cold start median {stats['p50']:.0f} ms (p10 {stats['p10']:.0f}, p90 {stats['p90']:.0f})"
        )
    return out
