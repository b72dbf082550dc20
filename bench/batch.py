"""500 tasks in one status call: wall time, upstream requests (from the simulator's journal), and what came back."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import anyio

from .config import Params
from .progress import say
from .sessions import payload, stdio_session, text_bytes, text_of
from .stats import summary
from .targets import Target
from .upstream import Upstream

TASKS_PATH = "/veo/tasks"


def prepare(upstream: Upstream, count: int) -> list[str]:
    """Forget earlier jobs, then start `count` Veo jobs: even ones finish at once, odd ones run for an hour."""
    upstream.reset()
    ids = [
        upstream.submit("veo", f"Batch clip {n}" + (" [sim:seconds=3600]" if n % 2 else ""))
        for n in range(count)
    ]
    time.sleep(upstream.job_seconds + 0.2)  # let the short jobs finish
    return ids


def _journal(upstream: Upstream) -> list[dict[str, Any]]:
    return upstream.requests(TASKS_PATH)


async def _timed_batches(
    client: Any, upstream: Upstream, tool: str, args: dict[str, Any], repeats: int
) -> tuple[list[float], list[int], Any, list[dict[str, Any]]]:
    walls: list[float] = []
    upstream_calls: list[int] = []
    last: Any = None
    entries: list[dict[str, Any]] = []
    for _ in range(repeats):
        before = len(await anyio.to_thread.run_sync(_journal, upstream))
        started = time.perf_counter()
        last = await client.call_tool(tool, args)
        walls.append(time.perf_counter() - started)
        after = await anyio.to_thread.run_sync(_journal, upstream)
        entries = after[before:]
        upstream_calls.append(len(entries))
    return walls, upstream_calls, last, entries


def _describe_requests(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for entry in entries:
        raw = entry.get("body")
        body: dict[str, Any] = raw if isinstance(raw, dict) else {}
        out.append(
            {"ids": len(body.get("ids") or []), "limit": body.get("limit"), "status": entry.get("status")}
        )
    return out


async def ours(
    target: Target, ids: list[str], upstream: Upstream, params: Params, log: Path
) -> dict[str, Any]:
    async with stdio_session(target, log) as client:
        await client.list_tools()
        walls, calls, last, entries = await _timed_batches(
            client, upstream, "veo_get_tasks_batch", {"task_ids": ids}, params.batch_repeats
        )
    data = payload(last)
    result: dict[str, Any] = {
        "error": text_of(last)[:300] if last.is_error else None,
        "wall_ms": summary(walls, 1000),
        "upstream_requests": calls,
        "requests": _describe_requests(entries),
        "items_returned": len(data.get("items") or []),
        "by_status": data.get("by_status"),
        "not_found": len(data.get("not_found") or []),
        "reply_text_bytes": text_bytes(last),
    }
    say(
        f"  {target.key}: batch of {len(ids)}: {result['wall_ms']['p50']:.0f} ms, "
        f"{calls[-1]} upstream requests, {result['items_returned']} items"
    )
    return result


TASK_HEADER = re.compile(r"^=== Task: ", re.MULTILINE)
TOTAL = re.compile(r"Total Tasks: (\d+)")


async def existing(
    target: Target, ids: list[str], upstream: Upstream, params: Params, log: Path
) -> dict[str, Any]:
    """The existing tool as an agent calls it (its default limit is 12), and with limit=len(ids)."""
    out: dict[str, Any] = {}
    async with stdio_session(target, log) as client:
        await client.list_tools()
        for name, args in (
            ("default", {"task_ids": ids}),
            ("limit_all", {"task_ids": ids, "limit": len(ids)}),
        ):
            walls, calls, last, entries = await _timed_batches(
                client, upstream, "veo_get_tasks_batch", args, params.batch_repeats
            )
            text = text_of(last)
            total = TOTAL.search(text)
            out[name] = {
                "arguments": "task_ids=<500 ids>" + (f", limit={len(ids)}" if "limit" in args else ""),
                "error": text[:300] if last.is_error else None,
                "wall_ms": summary(walls, 1000),
                "upstream_requests": calls,
                "requests": _describe_requests(entries),
                "items_returned": len(TASK_HEADER.findall(text)),
                "total_reported": int(total.group(1)) if total else None,
                "reply_text_bytes": text_bytes(last),
            }
            r = out[name]
            say(
                f"  {target.key} ({name}): batch of {len(ids)}: {r['wall_ms']['p50']:.0f} ms, "
                f"{calls[-1]} upstream requests, {r['items_returned']} items listed"
            )
    return out
