"""`wait_seconds` on generation tools, and the wait tools' default budget with and without progress."""

from __future__ import annotations

import httpx
import respx
from acemedia_testing import FakeTime, tool_text
from mcp import Client

from .conftest import demo

ACCEPTED = {"task_id": "t1", "trace_id": "tr1"}
RUNNING = {"id": "t1", "response": {"state": "processing"}}
DONE = {"id": "t1", "response": {"success": True, "state": "done", "video_url": "https://cdn.test/v.mp4"}}


def job(upstream: respx.MockRouter, reads_before_done: int) -> None:
    upstream.post("/demo/videos").mock(return_value=httpx.Response(200, json=ACCEPTED))
    replies = [httpx.Response(200, json=RUNNING)] * reads_before_done + [httpx.Response(200, json=DONE)]
    upstream.post("/demo/tasks").mock(side_effect=replies + [httpx.Response(200, json=DONE)] * 50)


async def test_wait_seconds_defaults_to_0_and_returns_the_task_id_at_once(upstream: respx.MockRouter) -> None:
    job(upstream, 0)
    async with Client(demo.mcp) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        assert tools["demo_generate"].input_schema["properties"]["wait_seconds"]["default"] == 0
        result = await client.call_tool("demo_generate", {"prompt": "a cat"})
    data = result.structured_content
    assert data is not None and data["task_id"] == "t1" and data["mcp_async_submission"]["should_poll"]
    assert "demo_wait_for_task" in data["mcp_async_submission"]["next_step"]
    assert not upstream.routes[1].called


async def test_wait_seconds_waits_in_the_same_call_with_progress(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    job(upstream, 3)
    updates: list[str | None] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append(message)

    async with Client(demo.mcp) as client:
        result = await client.call_tool(
            "demo_generate", {"prompt": "a cat", "wait_seconds": 60}, progress_callback=on_progress
        )
    data = result.structured_content
    assert data is not None, tool_text(result)
    assert data["task_id"] == "t1" and data["status"] == "succeeded"
    assert data["media"][0]["url"] == "https://cdn.test/v.mp4"
    assert data["mcp_task_polling"]["should_poll"] is False
    assert len(updates) == data["wait"]["polls"] == 4


async def test_wait_seconds_out_of_range_is_refused_before_any_request(upstream: respx.MockRouter) -> None:
    route = upstream.route().mock(return_value=httpx.Response(200, json=ACCEPTED))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_generate", {"prompt": "a cat", "wait_seconds": 601})
    assert result.is_error and "wait_seconds" in tool_text(result)
    assert route.call_count == 0


async def test_default_budget_is_long_when_the_client_listens_for_progress(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    upstream.post("/demo/tasks").mock(return_value=httpx.Response(200, json=RUNNING))

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        pass

    async with Client(demo.mcp) as client:
        quiet = await client.call_tool("demo_wait_for_task", {"task_id": "t1"})
        listening = await client.call_tool(
            "demo_wait_for_task",
            {"task_id": "t1"},
            progress_callback=on_progress,
            meta={"progressToken": "p1"},
        )
    assert quiet.structured_content is not None and listening.structured_content is not None
    # the last read starts 2 s before the budget ends, so it has time to answer
    assert quiet.structured_content["wait"]["waited_seconds"] == 50 - 2
    assert listening.structured_content["wait"]["waited_seconds"] == 110 - 2
