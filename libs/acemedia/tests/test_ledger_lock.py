"""A task id that was returned is never lost from the ledger, even while another process holds its
write lock for longer than the busy timeout, and the event loop is never blocked meanwhile."""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import anyio
import httpx
import respx
from acemedia.http.app import build_http_app
from acemedia.ledger.store import TaskLedger
from acemedia_testing import FakeTime, tool_text, use_test_runtime
from mcp import Client

from .conftest import demo

BUSY_TIMEOUT = 0.2
HOLD_SECONDS = 1.5  # far longer than the busy timeout
HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")  # the write lock, as another server process writing would hold it
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
"""


async def test_every_returned_task_id_lands_while_another_process_holds_the_lock(
    upstream: respx.MockRouter, fake_time: FakeTime, tmp_path: Path
) -> None:
    path = tmp_path / "tasks.sqlite3"
    TaskLedger(path).recent("local", "demo")  # the file exists, as after an earlier run
    runtime = use_test_runtime(demo, fake_time)
    runtime.ledger = TaskLedger(path, busy_timeout=BUSY_TIMEOUT)
    ids = iter(f"task-{i}" for i in range(6))
    upstream.post("/demo/videos").mock(side_effect=lambda _: httpx.Response(200, json={"task_id": next(ids)}))
    health = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=build_http_app(demo, "127.0.0.1")), base_url="http://127.0.0.1:8000"
    )
    stalls: list[float] = []
    calls: list[float] = []
    returned: list[str] = []

    async def heartbeat() -> None:
        while True:
            before = time.perf_counter()
            await anyio.sleep(0.01)
            stalls.append(time.perf_counter() - before - 0.01)

    async def submit(client: Client) -> None:
        result = await client.call_tool("demo_generate", {"prompt": "a held lock"})
        assert result.structured_content is not None, tool_text(result)
        returned.append(result.structured_content["task_id"])

    holder = await anyio.open_process([sys.executable, "-c", HOLDER, str(path), str(HOLD_SECONDS)])
    try:
        async with Client(demo.mcp) as client:
            await submit(client)  # warm the session up before the lock is taken
            assert holder.stdout is not None and (await holder.stdout.receive()).strip() == b"locked"
            async with anyio.create_task_group() as group:
                group.start_soon(heartbeat)
                for _ in range(5):
                    started = time.perf_counter()
                    await submit(client)
                    calls.append(time.perf_counter() - started)
                    started = time.perf_counter()
                    assert (await health.get("/health")).status_code == 200
                    calls.append(time.perf_counter() - started)
                assert holder.returncode is None, "the lock was released before the calls ended"
                await anyio.sleep(0.05)  # a few heartbeats more
                group.cancel_scope.cancel()
            with anyio.fail_after(10):
                await holder.wait()
            listed = (await client.call_tool("demo_list_tasks", {})).structured_content
    finally:
        if holder.returncode is None:
            holder.kill()
        await holder.aclose()
        await health.aclose()
    print(
        f"held lock: slowest call {max(calls) * 1000:.1f} ms, longest loop stall {max(stalls) * 1000:.1f} ms"
    )
    assert returned == [f"task-{i}" for i in range(6)]
    assert max(calls) < BUSY_TIMEOUT and max(stalls) < BUSY_TIMEOUT, (max(calls), max(stalls))
    assert listed is not None and sorted(t["task_id"] for t in listed["tasks"]) == returned
    written = sqlite3.connect(path).execute("SELECT task_id FROM tasks ORDER BY task_id").fetchall()
    assert [row[0] for row in written] == returned
