"""One user journey, run against each server over each transport."""

from __future__ import annotations

import importlib
from typing import Any

from acemedia_testing import tool_text
from acemedia_testing.simulator import SimulatorServer
from acemedia_testing.simulator.faults import Fault
from mcp import Client


def example(provider: str) -> tuple[str, dict[str, Any]]:
    tool, arguments = importlib.import_module(f"{provider}_mcp.server").PROVIDER.example
    return tool, dict(arguments)


async def submit(client: Client, provider: str, marker: str = "") -> str:
    tool, arguments = example(provider)
    arguments["prompt"] = f"{arguments['prompt']} {marker}".strip()
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, tool_text(result)
    data = result.structured_content
    assert data is not None and data["mcp_async_submission"]["should_poll"] is True
    return str(data["task_id"])


async def journey(client: Client, provider: str, simulator: SimulatorServer, token: str) -> None:
    names = {t.name for t in (await client.list_tools()).tools}
    assert {f"{provider}_get_task", f"{provider}_get_tasks_batch", f"{provider}_wait_for_task"} <= names
    assert all(name.startswith(f"{provider}_") for name in names)

    # submit, then follow to completion in one wait call, with progress notifications
    done_id = await submit(client, provider)
    updates: list[str | None] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append(message)

    waited = await client.call_tool(
        f"{provider}_wait_for_task",
        {"task_id": done_id, "timeout_seconds": 30},
        progress_callback=on_progress,
    )
    data = waited.structured_content
    assert data is not None and data["status"] == "succeeded", tool_text(waited)
    assert data["mcp_task_polling"]["should_poll"] is False
    assert any(m["final"] and m["url"].startswith("https://") for m in data["media"])
    assert len(updates) == data["wait"]["polls"] >= 1  # one progress notification per upstream poll

    # a job the simulator fails
    failed_id = await submit(client, provider, "[sim:fail]")
    waited = await client.call_tool(
        f"{provider}_wait_for_task", {"task_id": failed_id, "timeout_seconds": 30}
    )
    assert waited.structured_content is not None and waited.structured_content["status"] == "failed"
    assert waited.structured_content["mcp_task_polling"]["is_failed"] is True

    # an unknown task
    unknown = await client.call_tool(f"{provider}_get_task", {"task_id": "no-such-task"})
    assert unknown.is_error and "task_not_found" in tool_text(unknown)

    # a batch, in the caller's order, with the unknown id listed
    batch = await client.call_tool(f"{provider}_get_tasks_batch", {"task_ids": [failed_id, "ghost", done_id]})
    items = batch.structured_content
    assert items is not None, tool_text(batch)
    assert [i["id"] for i in items["items"]] == [failed_id, done_id] and items["not_found"] == ["ghost"]
    assert items["by_status"] == {"failed": 1, "succeeded": 1}

    # a rate limit on the next task query is retried transparently
    tasks_path = f"/{provider}/tasks"
    before = len(simulator.state.journal.requests(tasks_path))
    simulator.state.faults.add(Fault(kind="rate_limit", path=tasks_path, count=1, retry_after=0.05))
    again = await client.call_tool(f"{provider}_get_task", {"task_id": done_id})
    assert again.structured_content is not None and again.structured_content["status"] == "succeeded", (
        tool_text(again)
    )
    answered = [r.status for r in simulator.state.journal.requests(tasks_path)[before:]]
    assert answered == [429, 200]

    # every upstream request carried the expected token
    mine = [r for r in simulator.state.journal.requests() if r.task_id in (done_id, failed_id)]
    assert mine and {r.token for r in mine} == {token}

    # the ledger lists what this server submitted
    listed = (await client.call_tool(f"{provider}_list_tasks", {})).structured_content
    assert listed is not None and {done_id, failed_id} <= {t["task_id"] for t in listed["tasks"]}
