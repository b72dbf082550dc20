"""Poll marks kept in a shared store (Redis, another process) are read and written off the event loop,
so a slow store delays the one poll that needs it, not every call the server is serving."""

from __future__ import annotations

import threading
from dataclasses import replace

import anyio
import httpx
import respx
from acemedia.store import MemoryStore
from acemedia.store.throttle import SharedPollThrottle
from acemedia_testing import FakeTime, tool_text
from mcp import Client

from .conftest import demo

RUNNING = {"id": "t1", "response": {"state": "processing"}}


class GatedStore(MemoryStore):
    """A store whose mark exchange waits until the test lets it go (at most 5 s)."""

    def __init__(self) -> None:
        super().__init__()
        self.entered, self.released = threading.Event(), threading.Event()
        self.held_the_loop = False

    def swap_time(self, name: str, now: float, ttl: float) -> float | None:
        self.entered.set()
        if not self.released.wait(5):  # nobody could let it go: the event loop was stuck here
            self.held_the_loop = True
        return super().swap_time(name, now, ttl)


async def test_a_slow_shared_store_does_not_hold_the_event_loop(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    upstream.post("/demo/tasks").mock(return_value=httpx.Response(200, json=RUNNING))
    store = GatedStore()
    runtime = demo.runtime
    demo.configure(replace(runtime, throttle=SharedPollThrottle(5.0, store, clock=fake_time.clock)))

    async def let_it_go() -> None:  # runs on the event loop, which must stay free meanwhile
        await anyio.to_thread.run_sync(store.entered.wait, 5)
        store.released.set()

    with anyio.fail_after(10):
        async with Client(demo.mcp) as client, anyio.create_task_group() as tasks:
            tasks.start_soon(let_it_go)
            result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert not result.is_error, tool_text(result)
    assert store.entered.is_set() and not store.held_the_loop
