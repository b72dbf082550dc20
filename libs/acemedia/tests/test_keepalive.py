"""Kept-alive upstream connections expire before the upstream closes them, so the first request after
an idle pause never pays for a retry."""

from __future__ import annotations

import inspect

import anyio
import uvicorn
from acemedia.settings import DEFAULT_KEEPALIVE_EXPIRY
from acemedia_testing import FakeTime, tool_text, use_test_runtime
from mcp import Client

from .conftest import demo
from .hanging import HangingUpstream

DONE = {"id": "t1", "response": {"state": "done", "video_url": "https://cdn.test/v.mp4"}}


async def test_the_first_request_after_an_idle_pause_opens_a_fresh_connection() -> None:
    with HangingUpstream([DONE] * 3, idle_close=0.3).running() as upstream:
        runtime = use_test_runtime(demo, FakeTime(), base_url=upstream.url, keepalive_expiry=0.15)
        async with Client(demo.mcp) as client:
            first = await client.call_tool("demo_get_task", {"task_id": "t1"})
            await anyio.sleep(0.4)  # idle for longer than the upstream keeps a connection open
            second = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert not first.is_error and not second.is_error, tool_text(second)
    assert runtime.client.requests_sent == 2, "a request was retried after a stale connection"
    assert upstream.connections == 2


def test_connections_expire_before_the_simulator_and_sandbox_close_them() -> None:
    uvicorn_keep_alive = inspect.signature(uvicorn.Config).parameters["timeout_keep_alive"].default
    assert uvicorn_keep_alive > DEFAULT_KEEPALIVE_EXPIRY
