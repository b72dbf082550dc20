"""The poll throttle holds back only repeat polls of unfinished tasks, and the wait buys a fresh reading."""

from __future__ import annotations

import httpx
import respx
from acemedia_testing import FakeTime, tool_text
from mcp import Client

from .conftest import demo

RUNNING = {"id": "t1", "response": {"state": "processing"}}
DONE = {"id": "t1", "response": {"success": True, "state": "done", "video_url": "https://cdn.test/v.mp4"}}


def replies(*records: dict[str, object]) -> list[httpx.Response]:
    return [httpx.Response(200, json=r) for r in records]


async def test_first_poll_is_never_delayed(upstream: respx.MockRouter, fake_time: FakeTime) -> None:
    upstream.post("/demo/tasks").mock(side_effect=replies(RUNNING))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert result.structured_content["status"] == "running"  # type: ignore[index]
    assert fake_time.sleeps == []


async def test_quick_repoll_waits_the_rest_and_rereads(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    route = upstream.post("/demo/tasks").mock(side_effect=replies(RUNNING, RUNNING, DONE))
    async with Client(demo.mcp) as client:
        await client.call_tool("demo_get_task", {"task_id": "t1"})
        fake_time.now += 2  # the agent polls again after 2 s
        result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert fake_time.sleeps == [3.0]  # waited out the remaining 3 s of the 5 s interval
    assert route.call_count == 3  # and then read the task again
    assert result.structured_content["status"] == "succeeded", tool_text(result)  # type: ignore[index]


async def test_well_paced_polls_are_not_delayed(upstream: respx.MockRouter, fake_time: FakeTime) -> None:
    upstream.post("/demo/tasks").mock(side_effect=replies(RUNNING, RUNNING))
    async with Client(demo.mcp) as client:
        await client.call_tool("demo_get_task", {"task_id": "t1"})
        fake_time.now += 15
        await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert fake_time.sleeps == []


async def test_terminal_answers_are_immediate(upstream: respx.MockRouter, fake_time: FakeTime) -> None:
    """Regression (catalog §9.2): a task reported done by a top-level state must not be slowed."""
    media = {"success": True, "data": [{"video_url": "https://cdn.test/v.mp4"}]}
    top_level_done = {"id": "t1", "state": "succeeded", "response": media}
    upstream.post("/demo/tasks").mock(side_effect=replies(top_level_done, top_level_done))
    async with Client(demo.mcp) as client:
        await client.call_tool("demo_get_task", {"task_id": "t1"})
        result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert fake_time.sleeps == []
    assert result.structured_content["mcp_task_polling"]["is_complete"] is True  # type: ignore[index]


async def test_error_body_without_task_is_not_slept_on(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    upstream.post("/demo/tasks").mock(side_effect=replies({}, {}))
    async with Client(demo.mcp) as client:
        for _ in range(2):
            result = await client.call_tool("demo_get_task", {"task_id": "t1"})
            assert result.is_error
    assert fake_time.sleeps == []


async def test_interval_zero_turns_the_throttle_off(upstream: respx.MockRouter, fake_time: FakeTime) -> None:
    demo.runtime.throttle.min_interval = 0
    upstream.post("/demo/tasks").mock(side_effect=replies(RUNNING, RUNNING))
    async with Client(demo.mcp) as client:
        await client.call_tool("demo_get_task", {"task_id": "t1"})
        await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert fake_time.sleeps == []
