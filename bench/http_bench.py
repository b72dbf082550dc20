"""Streamable HTTP: throughput and latency with 1, 10 and 50 concurrent sessions calling get_task."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import anyio
import httpx2
from acemedia_testing import accepts_connections, free_port, spawn, stop_process, wait_until
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from . import procfs
from .config import TOKEN
from .progress import say
from .stats import summary
from .targets import Target

WARMUP_CALLS_PER_SESSION = 1


def start_server(target: Target, port: int, log: Path) -> subprocess.Popen[bytes]:
    assert target.http_command is not None
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), **target.env}
    command = [*target.http_command, "--port", str(port)]
    process = spawn(command, log, env=env, cwd=log.parent, append=True)
    if not wait_until(lambda: accepts_connections(port), process, 30, pause=0.05):
        stop_process(process)
        raise RuntimeError(f"{target.key} did not start in HTTP mode: see {log}")
    return process


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run_level(
    url: str, tool: str, args: dict[str, Any], sessions: int, seconds: float, pids: dict[str, int]
) -> dict[str, Any]:
    """`sessions` clients, each with its own HTTP connection pool, calling `tool` back to back for `seconds`."""
    samples: list[float] = []
    errors = 0

    async def worker(client: Client, deadline: float) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                result = await client.call_tool(tool, args)
            except Exception:
                errors += 1
                continue
            if result.is_error:
                errors += 1
            else:
                samples.append(time.perf_counter() - started)

    async def warm(client: Client) -> None:
        for _ in range(WARMUP_CALLS_PER_SESSION):
            await client.call_tool(tool, args)

    async with AsyncExitStack() as stack:
        clients: list[Client] = []
        for _ in range(sessions):
            # each session sends its bearer token, as hosted callers must (token-less callers get 401)
            bearer = {"Authorization": f"Bearer {TOKEN}"}
            http = await stack.enter_async_context(httpx2.AsyncClient(timeout=60, headers=bearer))
            transport = streamable_http_client(url, http_client=http)
            clients.append(
                await stack.enter_async_context(Client(transport, mode="legacy", read_timeout_seconds=60))
            )
        async with anyio.create_task_group() as group:
            for client in clients:
                group.start_soon(warm, client)
        cpu_before = {name: procfs.cpu_seconds(pid) for name, pid in pids.items()}
        cpu_self = _self_cpu()
        started = time.perf_counter()
        deadline = started + seconds
        async with anyio.create_task_group() as group:
            for client in clients:
                group.start_soon(worker, client, deadline)
        elapsed = time.perf_counter() - started
        cpu_self = _self_cpu() - cpu_self
        cpu_after = {name: procfs.cpu_seconds(pid) for name, pid in pids.items()}
    cpu: dict[str, float | None] = {"client": cpu_self}
    for name in pids:
        before, after = cpu_before[name], cpu_after[name]
        cpu[name] = None if before is None or after is None else after - before
    return {"seconds": elapsed, "samples": samples, "errors": errors, "cpu_seconds": cpu}


def _combine(sessions: int, rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Rounds of one level pooled: calls over total time, latency over all samples, CPU as busy cores."""
    seconds = sum(r["seconds"] for r in rounds)
    samples = [s for r in rounds for s in r["samples"]]
    cores: dict[str, float | None] = {}
    for name in rounds[0]["cpu_seconds"]:
        used = [r["cpu_seconds"][name] for r in rounds]
        cores[name] = (
            None if any(u is None for u in used) else sum(u for u in used if u is not None) / seconds
        )
    server = cores.get("server")
    return {
        "sessions": sessions,
        "seconds": seconds,
        "calls": len(samples),
        "errors": sum(r["errors"] for r in rounds),
        "throughput_per_s": len(samples) / seconds if seconds else 0.0,
        "throughput_per_round": [len(r["samples"]) / r["seconds"] for r in rounds],
        "latency_ms": summary(samples, 1000),
        "cpu_cores_busy": cores,
        "server_cpu_ms_per_call": None
        if server is None or not samples
        else server * seconds / len(samples) * 1000,
    }


async def measure(
    targets: list[Target],
    task_id: str,
    levels: tuple[int, ...],
    seconds: float,
    rounds: int,
    log_dir: Path,
    upstream_pid: int,
) -> dict[str, dict[str, Any]]:
    """Every target's server runs at once (idle ones cost nothing); the levels are run round-robin over the
    targets, `rounds` times, so drift on the machine hits every target alike."""
    servers: dict[str, tuple[Target, subprocess.Popen[bytes], str]] = {}
    raw: dict[tuple[str, int], list[dict[str, Any]]] = {}
    try:
        for target in targets:
            port = free_port()
            process = start_server(target, port, log_dir / f"{target.key}-http.log")
            servers[target.key] = (target, process, f"http://127.0.0.1:{port}/mcp")
        for _ in range(rounds):
            for sessions in levels:
                for key, (target, process, url) in servers.items():
                    pids = {"server": process.pid, "simulator": upstream_pid}
                    measured = await run_level(
                        url, target.get_task, {"task_id": task_id}, sessions, seconds, pids
                    )
                    raw.setdefault((key, sessions), []).append(measured)
    finally:
        for _, process, _ in servers.values():
            stop_process(process)
    out: dict[str, dict[str, Any]] = {}
    for key, (_, _, url) in servers.items():
        out[key] = {"url": url, "levels": [_combine(n, raw[(key, n)]) for n in levels]}
        for level in out[key]["levels"]:
            lat = level["latency_ms"]
            say(
                f"  {key} http x{level['sessions']}: {level['throughput_per_s']:.0f} calls/s, "
                f"p50 {lat.get('p50', float('nan')):.1f} ms, p99 {lat.get('p99', float('nan')):.1f} ms, "
                f"errors {level['errors']}"
            )
    return out
