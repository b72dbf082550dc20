"""The shared task tools: big batches and the bounded wait."""

from __future__ import annotations

import json

import anyio
import httpx
import respx
from acemedia.runtime import Runtime
from acemedia_testing import FakeTime, make_settings, tool_text
from mcp import Client

from .conftest import demo

RUNNING = {"id": "t1", "response": {"state": "processing"}}
DONE = {"id": "t1", "response": {"success": True, "state": "done", "video_url": "https://cdn.test/v.mp4"}}


def batch_reply(request: httpx.Request) -> httpx.Response:
    ids = json.loads(request.content)["ids"]
    known = [i for i in ids if not i.startswith("ghost")]
    items = [
        {"id": i, "response": {"state": "done", "video_url": f"https://cdn.test/{i}.mp4"}} for i in known
    ]
    return httpx.Response(200, json={"items": list(reversed(items)), "count": len(items)})


async def test_120_ids_come_back_in_order_from_3_upstream_requests(upstream: respx.MockRouter) -> None:
    route = upstream.post("/demo/tasks").mock(side_effect=batch_reply)
    ids = [f"t{i}" for i in range(118)] + ["ghost-1", "t5", "ghost-2"]  # one duplicate
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_get_tasks_batch", {"task_ids": ids})
    data = result.structured_content
    assert data is not None, tool_text(result)
    assert route.call_count == 3
    assert all(len(json.loads(c.request.content)["ids"]) <= 50 for c in route.calls)
    assert [item["id"] for item in data["items"]] == [f"t{i}" for i in range(118)]
    assert data["not_found"] == ["ghost-1", "ghost-2"]
    assert data["count"] == 118 and data["by_status"] == {"succeeded": 118}
    assert set(data["items"][0]) == {"id", "state", "status", "media"}  # lean by default


async def test_full_records_on_request_carry_guidance(upstream: respx.MockRouter) -> None:
    upstream.post("/demo/tasks").mock(side_effect=batch_reply)
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_get_tasks_batch", {"task_ids": ["a", "b"], "full": True})
    items = result.structured_content["items"]  # type: ignore[index]
    assert [i["id"] for i in items] == ["a", "b"]
    assert all(i["mcp_task_polling"]["is_complete"] for i in items) and "response" in items[0]


async def test_batch_over_the_limit_is_refused_without_a_request(upstream: respx.MockRouter) -> None:
    route = upstream.route().mock(return_value=httpx.Response(200, json={}))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_get_tasks_batch", {"task_ids": [f"t{i}" for i in range(501)]})
    assert result.is_error and "task_ids" in tool_text(result) and "500" in tool_text(result)
    assert route.call_count == 0


async def test_wait_returns_the_task_id_and_retry_hint_when_the_budget_runs_out(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    upstream.post("/demo/tasks").mock(return_value=httpx.Response(200, json=RUNNING))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_wait_for_task", {"task_id": "t1", "timeout_seconds": 20})
    data = result.structured_content
    assert data is not None and not result.is_error
    assert data["id"] == "t1" and data["status"] == "running"
    assert data["retry_after_seconds"] > 0 and data["wait"]["finished"] is False
    assert "demo_wait_for_task" in data["wait"]["next_step"]
    assert sum(fake_time.sleeps) <= 20


async def test_wait_returns_at_once_when_the_task_is_already_done(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    upstream.post("/demo/tasks").mock(return_value=httpx.Response(200, json=DONE))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_wait_for_task", {"task_id": "t1"})
    assert result.structured_content["status"] == "succeeded"  # type: ignore[index]
    assert fake_time.sleeps == []


async def test_wait_budget_is_bounded(upstream: respx.MockRouter) -> None:
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_wait_for_task", {"task_id": "t1", "timeout_seconds": 3600})
    assert result.is_error and "timeout_seconds" in tool_text(result)


def staged_batch(finish_after: dict[str, int]) -> object:
    """Each id finishes after the given number of batch reads."""
    reads = {"n": 0}

    def reply(request: httpx.Request) -> httpx.Response:
        reads["n"] += 1
        ids = json.loads(request.content)["ids"]
        items = []
        for i in ids:
            done = reads["n"] > finish_after[i]
            state = (
                {"state": "done", "video_url": f"https://cdn.test/{i}.mp4"}
                if done
                else {"state": "processing"}
            )
            items.append({"id": i, "response": state})
        return httpx.Response(200, json={"items": items, "count": len(items)})

    return reply


async def test_wait_for_tasks_all_follows_every_task(upstream: respx.MockRouter, fake_time: FakeTime) -> None:
    upstream.post("/demo/tasks").mock(side_effect=staged_batch({"a": 0, "b": 2}))
    updates: list[str | None] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append(message)

    async with Client(demo.mcp) as client:
        result = await client.call_tool(
            "demo_wait_for_tasks", {"task_ids": ["a", "b"]}, progress_callback=on_progress
        )
    data = result.structured_content
    assert data is not None and data["by_status"] == {"succeeded": 2}, tool_text(result)
    assert data["wait"]["polls"] == 3 and data["wait"]["finished"] is True
    assert updates[0] == "1 of 2 Demo tasks finished after 1 polls"


async def test_wait_for_tasks_any_returns_on_the_first(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    upstream.post("/demo/tasks").mock(side_effect=staged_batch({"a": 1, "b": 5}))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_wait_for_tasks", {"task_ids": ["a", "b"], "mode": "any"})
    data = result.structured_content
    assert data is not None and data["wait"]["polls"] == 2
    assert [i["status"] for i in data["items"]] == ["succeeded", "running"]


async def test_client_cancellation_stops_the_server_side_wait(upstream: respx.MockRouter) -> None:
    polling, stopped = anyio.Event(), anyio.Event()

    async def sleep_until_cancelled(seconds: float) -> None:
        polling.set()
        try:
            await anyio.sleep_forever()
        finally:
            stopped.set()

    runtime = Runtime.create(make_settings(), sleep=sleep_until_cancelled)
    demo.configure(runtime)
    route = upstream.post("/demo/tasks").mock(return_value=httpx.Response(200, json=RUNNING))
    for mode in ("auto", "legacy"):
        polling, stopped = anyio.Event(), anyio.Event()
        async with Client(demo.mcp, mode=mode) as client:
            async with anyio.create_task_group() as group:
                group.start_soon(client.call_tool, "demo_wait_for_task", {"task_id": "t1"})
                await polling.wait()
                group.cancel_scope.cancel()  # the agent gives up on the call
            with anyio.fail_after(5):
                await stopped.wait()  # the server stopped polling while the session is still open
    assert route.call_count == 2  # one upstream read per call, nothing after the cancellation


async def test_a_500_id_batch_result_stays_far_below_1_mib(upstream: respx.MockRouter) -> None:
    upstream.post("/demo/tasks").mock(side_effect=batch_reply)
    async with Client(demo.mcp) as client:
        result = await client.call_tool(
            "demo_get_tasks_batch", {"task_ids": [f"task-{i:04d}" for i in range(500)]}
        )
    size = len(tool_text(result).encode()) + len(json.dumps(result.structured_content).encode())
    assert result.structured_content["count"] == 500 and size < 256 * 1024  # type: ignore[index]


async def test_sandbox_results_say_the_media_is_simulated(upstream: respx.MockRouter) -> None:
    demo.configure(Runtime.create(make_settings(), sandbox=True))
    upstream.post("/demo/videos").mock(return_value=httpx.Response(200, json={"task_id": "t1"}))
    upstream.post("/demo/tasks").mock(
        side_effect=lambda request: (
            batch_reply(request) if b"ids" in request.content else httpx.Response(200, json=DONE)
        )
    )
    async with Client(demo.mcp) as client:
        results = [
            await client.call_tool("demo_generate", {"prompt": "x"}),
            await client.call_tool("demo_get_task", {"task_id": "t1"}),
            await client.call_tool("demo_get_tasks_batch", {"task_ids": ["t1"]}),
        ]
    assert all("simulated" in (r.structured_content or {}).get("sandbox", "") for r in results)
