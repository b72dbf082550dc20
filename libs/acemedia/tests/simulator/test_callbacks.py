"""Callbacks: the final body is POSTed once to a loopback `callback_url` when the job is done, and the
state's observer sees every callback, sent or skipped."""

from __future__ import annotations

import json

import httpx
from acemedia.simulator import CallbackEntry, SimulatorState, create_app

from .conftest import Receiver, Sim, make_state


async def test_the_final_body_reaches_a_loopback_receiver_once(
    sim: Sim, receiver: Receiver, callbacks: list[CallbackEntry]
) -> None:
    reply = await sim.post("/sora/videos", {"prompt": "p", "model": "sora-2", "callback_url": receiver.url})
    task_id = reply.json()["task_id"]
    assert set(reply.json()) == {"task_id", "trace_id"}

    sim.clock.advance(9)
    await sim.record("sora", task_id)  # any request checks for due callbacks
    assert receiver.bodies == []

    sim.clock.advance(1)
    record = await sim.record("sora", task_id)  # delivered before this reply
    assert receiver.bodies == [record["response"]]
    assert receiver.bodies[0]["success"] is True and receiver.bodies[0]["task_id"] == task_id

    await sim.record("sora", task_id)
    assert len(receiver.bodies) == 1
    (entry,) = callbacks
    assert (entry.task_id, entry.url, entry.delivered, entry.status) == (task_id, receiver.url, True, 204)
    assert entry.body == record["response"]


async def test_a_failed_job_calls_back_with_its_error(sim: Sim, receiver: Receiver) -> None:
    body = {"action": "text2video", "prompt": "[sim:fail] p", "callback_url": receiver.url, "async": True}
    await sim.post("/kling/videos", body)
    sim.clock.advance(10)
    assert await sim.state.deliver_callbacks() == 1
    (sent,) = receiver.bodies
    assert sent["success"] is False and sent["state"] == "failed" and sent["error"]["code"] == "api_error"


async def test_non_loopback_callbacks_are_skipped_and_observed(
    sim: Sim, callbacks: list[CallbackEntry]
) -> None:
    await sim.post("/luma/videos", {"prompt": "p", "callback_url": "https://api.acedata.cloud/health"})
    sim.clock.advance(10)
    assert await sim.state.deliver_callbacks() == 1
    (entry,) = callbacks
    assert entry.delivered is False and entry.status is None
    assert entry.error is not None and "loopback" in entry.error


async def test_an_unreachable_receiver_is_observed(sim: Sim, callbacks: list[CallbackEntry]) -> None:
    with Receiver() as gone:
        url = gone.url
    await sim.post("/veo/upsample", {"video_id": "v", "action": "gif", "callback_url": url})
    sim.clock.advance(10)
    await sim.state.deliver_callbacks()
    (entry,) = callbacks
    assert entry.delivered is False and entry.error is not None and "ConnectError" in entry.error


async def test_callbacks_can_go_through_an_injected_transport() -> None:
    seen: list[httpx.Request] = []
    observed: list[CallbackEntry] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(500)

    state = make_state(callback_transport=httpx.MockTransport(handler), callback_observer=observed.append)
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test") as client:
        body = {"action": "stems", "audio_id": "a", "prompt": "", "callback_url": "http://localhost:1/cb"}
        await client.post("/producer/audios", json=body, headers={"authorization": "Bearer t"})
    _advance(state, 10)
    await state.deliver_callbacks()
    assert [str(r.url) for r in seen] == ["http://localhost:1/cb"]
    assert json.loads(seen[0].content)["data"][0]["state"] == "succeeded"
    (entry,) = observed
    assert entry.status == 500 and entry.delivered is False


def _advance(state: SimulatorState, seconds: float) -> None:
    assert state.manual_clock is not None
    state.manual_clock.advance(seconds)
