"""Submitted tasks are recorded locally so an agent can find their ids again, even after a restart."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import respx
from acemedia.ledger.store import TaskLedger, owner_of
from acemedia_testing import TOKEN, FakeTime, tool_text, use_test_runtime
from mcp import Client
from mcp.server.mcpserver import Context

from .conftest import demo


async def test_submitted_task_is_listed_with_summary_and_last_status(
    upstream: respx.MockRouter, fake_time: FakeTime, tmp_path: Path
) -> None:
    ledger_file = tmp_path / "tasks.sqlite3"
    use_test_runtime(demo, fake_time, ledger_path=str(ledger_file))
    upstream.post("/demo/videos").mock(return_value=httpx.Response(200, json={"task_id": "t-42"}))
    upstream.post("/demo/tasks").mock(
        return_value=httpx.Response(
            200, json={"id": "t-42", "response": {"state": "done", "video_url": "https://c/v"}}
        )
    )
    async with Client(demo.mcp) as client:
        await client.call_tool("demo_generate", {"prompt": "a lighthouse in a storm"})
        listed = (await client.call_tool("demo_list_tasks", {})).structured_content
        assert listed is not None and listed["count"] == 1
        entry = listed["tasks"][0]
        assert entry["task_id"] == "t-42" and entry["tool"] == "demo_generate"
        assert "a lighthouse in a storm" in entry["summary"] and entry["last_status"] == "pending"
        await client.call_tool("demo_get_task", {"task_id": "t-42"})
        entry = (await client.call_tool("demo_list_tasks", {})).structured_content["tasks"][0]  # type: ignore[index]
        assert entry["last_status"] == "succeeded"
        filtered = (await client.call_tool("demo_list_tasks", {"status": "running"})).structured_content
        assert filtered is not None and filtered["count"] == 0

    # a new process (a new runtime on the same file) still knows the task
    use_test_runtime(demo, FakeTime(), ledger_path=str(ledger_file))
    async with Client(demo.mcp) as client:
        listed = (await client.call_tool("demo_list_tasks", {})).structured_content
        assert listed is not None and [t["task_id"] for t in listed["tasks"]] == ["t-42"]
        one = await client.read_resource("demo://tasks/t-42")
        assert json.loads(one.contents[0].text)["task_id"] == "t-42"  # type: ignore[union-attr]
        recent = await client.read_resource("demo://tasks/recent")
        assert [t["task_id"] for t in json.loads(recent.contents[0].text)] == ["t-42"]  # type: ignore[union-attr]
    assert TOKEN.encode() not in ledger_file.read_bytes()


async def test_ledger_off_says_so(upstream: respx.MockRouter) -> None:
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_list_tasks", {})
    assert result.structured_content == {
        "ledger": "off",
        "tasks": [],
        "note": "The task ledger is off (ACEMEDIA_LEDGER=off).",
    }, tool_text(result)


def test_callers_never_see_each_others_tasks(tmp_path: Path) -> None:
    ledger = TaskLedger(tmp_path / "t.sqlite3")
    alice, bob = owner_of("alice-token"), owner_of("bob-token")
    ledger.record_submission(alice, "demo", "a1", "demo_generate", {"prompt": "x"}, "pending")
    ledger.record_submission(bob, "demo", "b1", "demo_generate", {"prompt": "y"}, "pending")
    assert [t["task_id"] for t in ledger.recent(alice, "demo")] == ["a1"]
    assert [t["task_id"] for t in ledger.recent(bob, "demo")] == ["b1"]
    assert ledger.get(alice, "demo", "b1") is None
    assert owner_of(None) == "local" and "alice-token" not in alice


async def test_a_broken_ledger_never_fails_a_call(tmp_path: Path, fake_time: FakeTime) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    use_test_runtime(demo, fake_time, ledger_path=str(blocker / "tasks.sqlite3"))
    await demo.journal.submitted(
        Context(), "t1", "demo_generate", {"prompt": "x"}, "pending"
    )  # logs, does not raise
    assert await demo.journal.recent(Context(), 5) is None
