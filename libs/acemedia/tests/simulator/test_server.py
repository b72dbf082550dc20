"""The engine over real HTTP on loopback: what a sandbox server runs, with no control API."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from acemedia.simulator import ManualClock, SimulatorServer, SimulatorState

from .conftest import Receiver

AUTH = {"authorization": "Bearer real-token"}


@pytest.fixture
def server() -> Iterator[SimulatorServer]:
    state = SimulatorState(clock=ManualClock(), job_seconds=5, tokens={"real-token"}, dialect="classic")
    with SimulatorServer(state) as running:
        yield running


def test_a_real_request_round_trip(server: SimulatorServer) -> None:
    assert server.url.startswith("http://127.0.0.1:") and server.port > 0
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        submitted = client.post("/producer/audios", json={"action": "generate", "prompt": "p", "async": True})
        task_id = submitted.json()["task_id"]
        pending = client.post("/producer/tasks", json={"id": task_id}).json()
        assert "response" not in pending
        assert server.state.manual_clock is not None
        server.state.manual_clock.advance(5)
        done = client.post("/producer/tasks", json={"id": task_id}).json()
        refused = client.post("/producer/tasks", json={"id": task_id}, headers={"authorization": "Bearer x"})
    assert done["response"]["data"][0]["state"] == "succeeded"
    assert refused.status_code == 401


def test_the_engine_serves_no_control_api_or_sign_in(server: SimulatorServer) -> None:
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        for path in ("/_sim/journal", "/_sim/reset", "/_sim/media", "/oauth2/token", "/api/v1/credentials/"):
            reply = client.post(path, json={})
            assert reply.status_code == 404 and reply.json()["error"]["code"] == "no_api", path


def test_a_sync_submit_over_http_with_the_manual_clock(server: SimulatorServer) -> None:
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        reply = client.post("/kling/videos", json={"action": "text2video", "prompt": "p"})
    assert reply.json()["state"] == "succeed"


def test_the_background_ticker_delivers_callbacks_without_a_request(
    server: SimulatorServer, receiver: Receiver
) -> None:
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        client.post("/sora/videos", json={"prompt": "p", "model": "sora-2", "callback_url": receiver.url})
    assert server.state.manual_clock is not None
    server.state.manual_clock.advance(5)  # no request follows: only the ticker can notice
    assert receiver.arrived.wait(timeout=10)
    assert receiver.bodies[0]["success"] is True


def test_the_server_stops_cleanly_and_frees_its_port() -> None:
    sim = SimulatorServer().start()
    url = sim.url
    sim.stop()
    with pytest.raises(httpx.ConnectError), httpx.Client() as client:
        client.post(f"{url}/sora/tasks")
    with pytest.raises(RuntimeError):
        _ = sim.url
