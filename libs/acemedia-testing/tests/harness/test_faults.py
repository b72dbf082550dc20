"""Injected faults: each kind, counting, ratios with a seeded RNG, path globs and the admin API."""

from __future__ import annotations

import httpx
import pytest
from acemedia_testing.simulator import Fault, SimulatorState, create_app

from .conftest import Sim

QUERY = {"id": "x", "action": "retrieve"}


async def test_rate_limit_is_429_with_retry_after(sim: Sim) -> None:
    sim.state.faults.add(Fault("rate_limit", path="/sora/tasks", retry_after=7))
    reply = await sim.post("/sora/tasks", QUERY)
    assert reply.status_code == 429
    assert reply.headers["retry-after"] == "7"
    assert reply.json()["error"]["code"] == "too_many_requests"
    assert (await sim.post("/sora/tasks", QUERY)).status_code == 200  # count 1 by default


@pytest.mark.parametrize(
    ("status", "code"), [(500, "api_error"), (502, "bad_gateway"), (503, "busy"), (504, "timeout")]
)
async def test_error_statuses_with_json_bodies(sim: Sim, status: int, code: str) -> None:
    sim.state.faults.add(Fault("error", status=status))
    reply = await sim.post("/veo/tasks", QUERY)
    assert reply.status_code == status
    body = reply.json()
    assert body["success"] is False and body["error"]["code"] == code and body["trace_id"]


async def test_used_up_is_403(sim: Sim) -> None:
    sim.state.faults.add(Fault("used_up", path="/luma/videos"))
    reply = await sim.post("/luma/videos", {"prompt": "p"})
    assert reply.status_code == 403
    assert reply.json()["error"]["code"] == "used_up"
    assert not sim.state.jobs("luma")  # nothing was started


async def test_html_error_page(sim: Sim) -> None:
    sim.state.faults.add(Fault("html", status=504))
    reply = await sim.post("/kling/tasks", QUERY)
    assert reply.status_code == 504
    assert reply.headers["content-type"].startswith("text/html")
    assert "<h1>504 Gateway Timeout</h1>" in reply.text


async def test_malformed_json(sim: Sim) -> None:
    sim.state.faults.add(Fault("malformed"))
    reply = await sim.post("/kling/tasks", QUERY)
    assert reply.status_code == 200
    with pytest.raises(ValueError):
        reply.json()


async def test_empty_body(sim: Sim) -> None:
    sim.state.faults.add(Fault("empty", status=502))
    reply = await sim.post("/kling/tasks", QUERY)
    assert reply.status_code == 502 and reply.content == b""


async def test_slow_reply_waits_on_the_simulator_clock_then_answers(sim: Sim) -> None:
    sim.state.faults.add(Fault("slow", delay=42))
    reply = await sim.post("/kling/tasks", QUERY)
    assert reply.status_code == 200 and reply.json() == {}
    assert sim.clock() == 1042.0


async def test_slow_reply_uses_the_injected_sleep() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    state = SimulatorState(sleep=sleep)
    state.faults.add(Fault("slow", delay=3.5))
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test") as client:
        reply = await client.post("/sora/tasks", json=QUERY, headers={"authorization": "Bearer t"})
    assert reply.status_code == 200 and slept == [3.5]


async def test_reset_drops_the_connection(sim: Sim) -> None:
    sim.state.faults.add(Fault("reset", path="/producer/audios"))
    with pytest.raises(httpx.RemoteProtocolError):
        await sim.post("/producer/audios", {"action": "generate", "prompt": "p", "async": True})
    assert not sim.state.jobs("producer")
    entry = sim.state.journal.requests()[-1]
    assert (entry.fault, entry.status) == ("reset", None)


async def test_count_hits_the_next_n_matching_requests_only(sim: Sim) -> None:
    sim.state.faults.add(Fault("error", path="/sora/*", count=2))
    statuses = [
        (await sim.post(path, QUERY)).status_code
        for path in ["/luma/tasks", "/sora/tasks", "/luma/tasks", "/sora/tasks", "/sora/tasks"]
    ]
    assert statuses == [200, 500, 200, 500, 200]


async def test_unlimited_faults_last(sim: Sim) -> None:
    sim.state.faults.add(Fault("error", count=None))
    assert {(await sim.post("/veo/tasks", QUERY)).status_code for _ in range(5)} == {500}
    sim.state.faults.clear()
    assert (await sim.post("/veo/tasks", QUERY)).status_code == 200


async def test_ratio_faults_follow_the_seed(sim: Sim) -> None:
    async def run(state: SimulatorState) -> list[int]:
        state.faults.add(Fault("error", ratio=0.5, count=None, status=503))
        transport = httpx.ASGITransport(app=create_app(state))
        headers = {"authorization": "Bearer t"}
        async with httpx.AsyncClient(transport=transport, base_url="http://s", headers=headers) as client:
            return [(await client.post("/luma/tasks", json=QUERY)).status_code for _ in range(40)]

    first, again, other = (
        await run(SimulatorState(seed=7)),
        await run(SimulatorState(seed=7)),
        await run(SimulatorState(seed=8)),
    )
    assert first == again != other
    assert 8 < first.count(503) < 32 and set(first) == {200, 503}


async def test_first_matching_fault_wins(sim: Sim) -> None:
    sim.state.faults.add(Fault("used_up", path="/kling/videos"))
    sim.state.faults.add(Fault("rate_limit"))
    assert (await sim.post("/kling/tasks", QUERY)).status_code == 429
    assert (await sim.post("/kling/videos", {"action": "text2video", "prompt": "p"})).status_code == 403


async def test_faults_come_before_the_token_check(sim: Sim) -> None:
    sim.state.faults.add(Fault("error", status=502))
    reply = await sim.client.post("/sora/tasks", json=QUERY, headers={"authorization": ""})
    assert reply.status_code == 502


def test_a_bad_fault_is_refused() -> None:
    with pytest.raises(ValueError):
        Fault("meltdown")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Fault("error", ratio=2)


async def test_faults_through_the_admin_api(sim: Sim) -> None:
    reply = await sim.post(
        "/_sim/faults",
        {
            "faults": [
                {"kind": "rate_limit", "path": "/veo/tasks", "count": 2, "retry_after": 0.5},
                {"kind": "html", "path": "/veo/videos"},
            ]
        },
    )
    assert reply.json() == {"ok": True, "faults": 2}
    first = await sim.post("/veo/tasks", QUERY)
    assert first.status_code == 429 and first.headers["retry-after"] == "0.5"
    assert (await sim.post("/veo/tasks", QUERY)).status_code == 429
    assert (await sim.post("/veo/tasks", QUERY)).status_code == 200
    assert (await sim.post("/_sim/faults", {"clear": True})).json() == {"ok": True, "faults": 0}
    assert (
        await sim.post("/veo/videos", {"action": "get1080p", "video_id": "v", "async": True})
    ).status_code == 200


async def test_the_admin_api_refuses_a_bad_fault(sim: Sim) -> None:
    reply = await sim.post("/_sim/faults", {"kind": "meltdown"})
    assert reply.status_code == 400 and "kind" in reply.json()["error"]["message"]
    assert len(sim.state.faults) == 0
