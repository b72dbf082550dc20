"""A wait keeps to its time budget even when the upstream accepts a request and never answers."""

from __future__ import annotations

import time
from pathlib import Path

import anyio
from acemedia.ledger.store import TaskLedger
from acemedia_testing import FakeTime, tool_text, use_test_runtime
from mcp import Client
from mcp.types import CallToolResult

from .conftest import demo
from .hanging import HangingUpstream

RUNNING = {"id": "t1", "response": {"state": "processing"}}


async def timed_call(tool: str, arguments: dict[str, object]) -> tuple[CallToolResult, float]:
    """Call `tool` through a client session; the result and the seconds it took (at most 30).

    The hanging upstream would hold a read for the 60 s query timeout; a call that ends well short of
    that kept its budget. The bounds below leave a busy machine room (seconds, never tens of them)."""
    started = time.monotonic()
    async with Client(demo.mcp) as client:
        with anyio.fail_after(30):
            result = await client.call_tool(tool, arguments)
    return result, time.monotonic() - started


def batch(*ids: str) -> dict[str, object]:
    return {"items": [{"id": i, "response": {"state": "processing"}} for i in ids], "count": len(ids)}


async def test_wait_for_task_returns_the_last_known_state_when_the_upstream_hangs() -> None:
    with HangingUpstream([RUNNING]).running() as hang:
        use_test_runtime(demo, FakeTime(), base_url=hang.url, wait_intervals=(1.0,), query_timeout=60.0)
        result, took = await timed_call("demo_wait_for_task", {"task_id": "t1", "timeout_seconds": 2})
    data = result.structured_content
    assert data is not None and not result.is_error, tool_text(result)
    assert data["id"] == "t1" and data["status"] == "running"  # the state the first read saw
    assert data["wait"]["finished"] is False and data["retry_after_seconds"] > 0
    assert "demo_wait_for_task" in data["wait"]["next_step"]
    assert hang.requests == 2 and took < 15, took  # 1 s of virtual pause, then at most 1 s of hang


async def test_wait_for_task_keeps_the_budget_when_the_first_read_hangs(tmp_path: Path) -> None:
    ledger = tmp_path / "tasks.sqlite3"
    TaskLedger(ledger).record_submission("local", "demo", "t9", "demo_generate", {"prompt": "x"}, "running")
    with HangingUpstream([]).running() as hang:
        use_test_runtime(demo, FakeTime(), base_url=hang.url, query_timeout=60.0, ledger_path=str(ledger))
        result, took = await timed_call("demo_wait_for_task", {"task_id": "t9", "timeout_seconds": 1})
    data = result.structured_content
    assert data is not None and not result.is_error, tool_text(result)
    assert data["id"] == "t9" and data["status"] == "running"  # the last state the ledger saw
    assert demo.journal.writer().flush(5)  # type: ignore[union-attr]
    assert TaskLedger(ledger).get("local", "demo", "t9")["last_status"] == "running"  # type: ignore[index]
    assert data["wait"]["finished"] is False and data["retry_after_seconds"] > 0
    assert "did not answer" in data["wait"]["next_step"]
    assert took < 15, took  # a 1 s budget, against the 60 s hang


async def test_wait_for_tasks_keeps_the_budget_when_the_upstream_hangs() -> None:
    with HangingUpstream([batch("a", "b")]).running() as hang:
        use_test_runtime(demo, FakeTime(), base_url=hang.url, wait_intervals=(1.0,), query_timeout=60.0)
        result, took = await timed_call("demo_wait_for_tasks", {"task_ids": ["a", "b"], "timeout_seconds": 2})
    data = result.structured_content
    assert data is not None and not result.is_error, tool_text(result)
    assert [i["id"] for i in data["items"]] == ["a", "b"]
    assert data["by_status"] == {"running": 2} and data["wait"]["finished"] is False
    assert took < 15, took  # a 2 s budget, against the 60 s hang


async def test_a_wait_that_runs_out_of_budget_still_reads_the_task_at_the_end() -> None:
    """The last read of a wait starts before the budget ends, so it has time to answer: a job that is
    simply still running is reported as such, not as an upstream that did not answer."""
    with HangingUpstream([RUNNING, RUNNING, RUNNING]).running() as hang:
        use_test_runtime(demo, FakeTime(), base_url=hang.url, wait_intervals=(1.0,), query_timeout=60.0)
        result, _ = await timed_call("demo_wait_for_task", {"task_id": "t1", "timeout_seconds": 2})
    data = result.structured_content
    assert data is not None and not result.is_error, tool_text(result)
    assert data["wait"]["finished"] is False and data["wait"]["polls"] == 3
    assert data["wait"]["next_step"].startswith("Not finished within the time budget.")
    assert hang.requests == 3  # every read was answered; none was left hanging
