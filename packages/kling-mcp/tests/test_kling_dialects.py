"""Lip-sync's flat `{code, detail}` errors (upstream-api.md §1.5), through a real MCP client against the
simulator on loopback, in each dialect that speaks them: a failed job and a refused submission both
reach the agent as clear errors with the upstream's code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from acemedia_testing import TOKEN, FakeTime, tool_text, use_test_runtime
from acemedia_testing.simulator import DIALECTS, SimulatorServer, SimulatorState
from kling_mcp.server import server
from mcp import Client

FLAT = [d.name for d in DIALECTS.values() if d.flat_errors]
LIP_SYNC = {"mode": "text2video", "video_url": "https://x.test/clip.mp4", "text": "Hello there"}


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture(params=FLAT)
def simulator(request: pytest.FixtureRequest, time: FakeTime) -> Iterator[SimulatorServer]:
    state = SimulatorState(clock=time.clock, job_seconds=20, tokens={TOKEN}, dialect=request.param)
    with SimulatorServer(state) as sim:
        use_test_runtime(server, time, base_url=sim.url, min_poll_interval=0.0)
        yield sim


async def test_a_failed_lip_sync_reads_as_failed_with_its_code(simulator: SimulatorServer) -> None:
    async with Client(server.mcp) as client:
        submitted = await client.call_tool("kling_lip_sync", {**LIP_SYNC, "text": "Hi [sim:fail=forbidden]"})
        assert not submitted.is_error, tool_text(submitted)
        task_id = submitted.structured_content["task_id"]
        waited = await client.call_tool("kling_wait_for_task", {"task_id": task_id, "timeout_seconds": 120})
    (job,) = simulator.state.jobs("kling")
    assert set(job.final_body()) == {"task_id", "code", "detail"}  # the flat form, not `error: {...}`
    data = waited.structured_content
    assert data is not None and data["status"] == "failed", tool_text(waited)
    assert data["error_detail"]["code"] == "forbidden"


async def test_a_refused_lip_sync_is_a_clear_error(simulator: SimulatorServer) -> None:
    async with Client(server.mcp) as client:
        result = await client.call_tool("kling_lip_sync", {**LIP_SYNC, "text": "Hi [sim:fail=used_up]"})
    text = tool_text(result)
    assert result.is_error and "HTTP 403" in text and "used_up" in text, text
    assert simulator.state.jobs("kling") == []
