"""Every installed server against every reply dialect of the simulator (upstream-api.md §1.2-§1.5, §1.4b).

Each case pins the simulator to one dialect and runs the provider's example generation through a real
in-memory MCP client, the simulator app in process and virtual time shared by both: the accepted
submission is never read as final, a poll mid-run says "poll", and the wait ends succeeded with final
media. A failing job ends failed in every dialect; refusals (403 `used_up`, 401 `token_expired`) reach
the agent as clear errors. Every other endpoint's bodies, in every dialect, are checked at the reading.
"""

from __future__ import annotations

from typing import Any

import pytest
from acemedia import ProviderServer
from acemedia.tasks.status import read_task
from acemedia_testing import FakeTime, tool_text
from acemedia_testing.simulator import DIALECTS, Endpoint, Fault, ManualClock, Outcome, SimulatorState
from mcp import Client

from .conftest import PROVIDERS
from .reliability_helpers import asgi_runtime

SERVERS = {p: ProviderServer.installed(p) for p in PROVIDERS}
JOB_SECONDS = 20.0
TERMINAL = ("succeeded", "failed")


def connect(provider: str, time: FakeTime, dialect: str) -> SimulatorState:
    """A simulator speaking `dialect` on `time`, with the provider's server pointed at it."""
    state = SimulatorState(clock=time.clock, sleep=time.sleep, job_seconds=JOB_SECONDS, dialect=dialect)
    asgi_runtime(SERVERS[provider], state, time)
    return state


def example(provider: str, marker: str = "") -> tuple[str, dict[str, Any]]:
    example = SERVERS[provider].provider.example
    assert example is not None, provider
    tool, arguments = example
    return tool, {**arguments, "prompt": f"{arguments['prompt']} {marker}".strip()}


async def submit(client: Client, provider: str, marker: str = "") -> dict[str, Any]:
    """Submit the example; the reply must say "accepted, poll", never final."""
    result = await client.call_tool(*example(provider, marker))
    data = result.structured_content
    assert not result.is_error and data is not None, tool_text(result)
    assert data["status"] not in TERMINAL, data
    assert not any(m["final"] for m in data["media"]), data
    assert data["mcp_async_submission"]["should_poll"] is True, data
    return data


async def wait(client: Client, provider: str, task_id: str) -> dict[str, Any]:
    result = await client.call_tool(f"{provider}_wait_for_task", {"task_id": task_id, "timeout_seconds": 120})
    data = result.structured_content
    assert data is not None, tool_text(result)
    return data


@pytest.mark.parametrize("dialect", list(DIALECTS))
@pytest.mark.parametrize("provider", PROVIDERS)
async def test_an_accepted_job_is_followed_to_its_final_media(provider: str, dialect: str) -> None:
    time = FakeTime()
    state = connect(provider, time, dialect)
    async with Client(SERVERS[provider].mcp) as client:
        task_id = str((await submit(client, provider))["task_id"])
        assert [(j.id, j.dialect.name) for j in state.jobs(provider)] == [(task_id, dialect)]

        time.now += JOB_SECONDS / 2
        polled = (await client.call_tool(f"{provider}_get_task", {"task_id": task_id})).structured_content
        assert polled is not None and polled["status"] in ("pending", "running"), polled
        assert polled["mcp_task_polling"]["should_poll"] is True
        assert not any(m["final"] for m in polled["media"])

        done = await wait(client, provider, task_id)
    assert done["status"] == "succeeded", done
    assert done["mcp_task_polling"]["should_poll"] is False
    assert any(m["final"] and m["url"].startswith("https://") for m in done["media"]), done["media"]


@pytest.mark.parametrize("dialect", list(DIALECTS))
@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_failing_job_ends_failed(provider: str, dialect: str) -> None:
    connect(provider, FakeTime(), dialect)
    async with Client(SERVERS[provider].mcp) as client:
        task_id = str((await submit(client, provider, "[sim:fail=forbidden]"))["task_id"])
        done = await wait(client, provider, task_id)
    assert done["status"] == "failed" and done["mcp_task_polling"]["is_failed"] is True, done
    assert done["error_detail"]["code"] == "forbidden"
    assert not any(m["final"] for m in done["media"])


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_used_up_balance_refuses_the_submission(provider: str) -> None:
    state = connect(provider, FakeTime(), "varied")
    async with Client(SERVERS[provider].mcp) as client:
        result = await client.call_tool(*example(provider, "[sim:fail=used_up]"))
    assert result.is_error and "HTTP 403" in tool_text(result) and "used_up" in tool_text(result)
    assert state.jobs(provider) == []  # the upstream started nothing


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_an_expired_token_on_a_task_query_is_a_clear_error(provider: str) -> None:
    state = connect(provider, FakeTime(), "varied")
    async with Client(SERVERS[provider].mcp) as client:
        task_id = str((await submit(client, provider))["task_id"])
        state.faults.add(Fault("error", path=f"/{provider}/tasks", code="token_expired"))
        result = await client.call_tool(f"{provider}_get_task", {"task_id": task_id})
    assert result.is_error and "HTTP 401" in tool_text(result) and "token_expired" in tool_text(result)


# -- every endpoint of every provider, at the reading level ------------------------------------------

ENDPOINTS = [e for e in SimulatorState().endpoints.by_path.values() if e.provider in SERVERS]
BODY = {"prompt": "p", "audio_url": "https://example.com/a.mp3"}  # what every recipe echoes back


@pytest.mark.parametrize("dialect", list(DIALECTS))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.path for e in ENDPOINTS])
def test_every_body_of_every_endpoint_reads_as_what_it_is(endpoint: Endpoint, dialect: str) -> None:
    """Accepted, queued and running never final; the final record and body succeeded (with final media
    where the endpoint has media); a failed one failed."""
    vocabulary = SERVERS[endpoint.provider].provider.vocabulary
    state = SimulatorState(clock=ManualClock(1000.0), job_seconds=10.0, dialect=dialect)
    for fail in (False, True):
        job = state.create_job(endpoint, dict(BODY), "t", outcome=Outcome(fail=fail))
        unfinished = [{"response": job.product.accepted()}] if not endpoint.sync_only else []
        unfinished += [job.record(job.created + t) for t in (1.0, 5.0) if job.seconds]
        for record in unfinished:
            view = read_task(record, vocabulary)
            assert not view.terminal and not any(m.final for m in view.media), record
        for record in (job.record(job.finishes), {"response": job.final_body()}):
            view = read_task(record, vocabulary)
            assert view.status == ("failed" if fail else "succeeded"), record
            if not fail and endpoint.recipe.style.media_keys:
                assert any(m.final for m in view.media), record
