"""What the guidance says is true: its poll interval is one the throttle lets through, its expected wait
follows the job, and the wait's progress notifications measure the job and end at 100 when it ends."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from acemedia.runtime import Runtime
from acemedia.sandbox import Sandbox
from acemedia.server import ProviderServer
from acemedia_testing import make_settings, tool_text
from acemedia_testing.simulator import ManualClock, SimulatorServer, SimulatorState
from mcp import Client

VEO = ProviderServer.installed("veo")
PRODUCER = ProviderServer.installed("producer")
JOB_SECONDS = 8.0


class SandboxWorld:
    """A sandbox-mode server on a simulator whose clock is the server's own (sleeping moves both)."""

    def __init__(self, simulator: SimulatorServer, clock: ManualClock) -> None:
        self.simulator, self.clock = simulator, clock
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)

    def serve(self, server: ProviderServer) -> Runtime:
        settings = make_settings(base_url=self.simulator.url, min_poll_interval=5.0)
        runtime = Runtime.create(
            settings, sleep=self.sleep, clock=self.clock, sandbox=Sandbox(job_seconds=JOB_SECONDS)
        )
        server.configure(runtime)
        return runtime


@pytest.fixture
def world() -> Iterator[SandboxWorld]:
    clock = ManualClock()
    state = SimulatorState(clock=clock, job_seconds=JOB_SECONDS)
    with SimulatorServer(state) as simulator:
        yield SandboxWorld(simulator, clock)


def content(result: Any) -> dict[str, Any]:
    assert not result.is_error and result.structured_content is not None, tool_text(result)
    data: dict[str, Any] = result.structured_content
    return data


async def test_a_client_that_polls_as_advised_is_never_held(world: SandboxWorld) -> None:
    world.serve(VEO)
    async with Client(VEO.mcp) as client:
        submitted = content(await client.call_tool("veo_text_to_video", {"prompt": "a kite"}))
        advice = submitted["mcp_async_submission"]["polling_interval_seconds"]
        task_id = submitted["task_id"]
        for _ in range(3):
            polled = content(await client.call_tool("veo_get_task", {"task_id": task_id}))
            assert polled["mcp_task_polling"]["polling_interval_seconds"] == advice
            world.clock.advance(advice)
    assert world.sleeps == [], f"the throttle held polls made {advice} s apart, as advised"


async def test_the_expected_wait_follows_the_job(world: SandboxWorld) -> None:
    world.serve(VEO)
    async with Client(VEO.mcp) as client:
        long = content(await client.call_tool("veo_text_to_video", {"prompt": "a kite [sim:seconds=90]"}))
        short = content(await client.call_tool("veo_text_to_video", {"prompt": "a kite"}))
        polled = content(await client.call_tool("veo_get_task", {"task_id": long["task_id"]}))
    assert "about 90 seconds" in long["mcp_async_submission"]["next_step"]
    assert long["mcp_async_submission"]["expected_wait_seconds"] == 135
    assert "about 90 seconds" in polled["mcp_task_polling"]["next_step"]
    assert "about 8 seconds" in short["mcp_async_submission"]["next_step"]
    assert short["mcp_async_submission"]["expected_wait_seconds"] == 12


async def wait_with_progress(client: Client, tool: str, task_id: str) -> list[tuple[float, float | None]]:
    seen: list[tuple[float, float | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total))

    result = await client.call_tool(
        f"{tool}_wait_for_task", {"task_id": task_id, "timeout_seconds": 110}, progress_callback=on_progress
    )
    assert content(result)["status"] == "succeeded"
    return seen


async def test_progress_measures_the_job_not_the_budget(world: SandboxWorld) -> None:
    world.serve(VEO)
    async with Client(VEO.mcp) as client:
        submitted = content(await client.call_tool("veo_text_to_video", {"prompt": "a kite"}))
        seen = await wait_with_progress(client, "veo", submitted["task_id"])
    figures = [p for p, _ in seen]
    assert {t for _, t in seen} == {100}
    assert figures[-1] == 100, figures
    assert all(a < b for a, b in pairwise(figures)), figures
    # an 8 s job waited on with a 110 s budget: halfway through the job is not 5 % of anything
    assert any(30 <= p < 100 for p in figures), figures


async def test_progress_uses_the_upstreams_own_figure(world: SandboxWorld) -> None:
    world.serve(PRODUCER)
    async with Client(PRODUCER.mcp) as client:
        # the classic dialect: its running record carries the upstream's "NN%"
        song = {"prompt": "a calm lullaby [sim:seconds=40] [sim:dialect=classic]"}
        submitted = content(await client.call_tool("producer_generate_music", song))
        world.clock.advance(20)  # half of the job (a fifth of it queued): the record says "37%"
        seen = await wait_with_progress(client, "producer", submitted["task_id"])
    first = seen[0][0]
    assert first == 37, seen  # the time watched so far (none) would have said 0
    assert seen[-1][0] == 100
