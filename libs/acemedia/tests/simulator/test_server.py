"""The simulator over real HTTP on loopback, and its command line."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from acemedia.simulator import Fault, ManualClock, SimulatorServer, SimulatorState
from acemedia.simulator.__main__ import parse_args

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
        client.post("/_sim/clock/advance", json={"seconds": 5})
        done = client.post("/producer/tasks", json={"id": task_id}).json()
        refused = client.post("/producer/tasks", json={"id": task_id}, headers={"authorization": "Bearer x"})
    assert done["response"]["data"][0]["state"] == "succeeded"
    assert refused.status_code == 401
    assert [e.status for e in server.state.journal.requests()] == [200, 200, 200, 401]


def test_a_sync_submit_over_http_with_the_manual_clock(server: SimulatorServer) -> None:
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        reply = client.post("/kling/videos", json={"action": "text2video", "prompt": "p"})
    assert reply.json()["state"] == "succeed"


def test_reset_fault_closes_the_tcp_connection_without_a_reply(server: SimulatorServer) -> None:
    server.state.faults.add(Fault("reset", path="/veo/tasks"))
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/veo/tasks", json={"id": "x"})
        assert client.post("/veo/tasks", json={"id": "x"}).json() == {}  # the next connection is fine


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


def test_command_line_options() -> None:
    args = parse_args(
        ["--port", "0", "--token", "a", "--token", "b", "--job-seconds", "0.5", "--manual-clock"]
    )
    assert (args.port, args.tokens, args.job_seconds, args.manual_clock) == (0, ["a", "b"], 0.5, True)
    assert parse_args([]).port == 8765 and parse_args([]).host == "127.0.0.1"
