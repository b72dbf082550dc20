"""The harness over real HTTP on loopback, and its command line."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from acemedia_testing.simulator import Fault, ManualClock, SimulatorServer, SimulatorState
from acemedia_testing.simulator.__main__ import parse_args

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


def test_the_default_state_has_the_harness() -> None:
    with SimulatorServer() as sim:
        assert isinstance(sim.state, SimulatorState)
        assert httpx.get(f"{sim.url}/_sim/health").json() == {"status": "ok"}


def test_reset_fault_closes_the_tcp_connection_without_a_reply(server: SimulatorServer) -> None:
    server.state.faults.add(Fault("reset", path="/veo/tasks"))
    with httpx.Client(base_url=server.url, headers=AUTH) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.post("/veo/tasks", json={"id": "x"})
        assert client.post("/veo/tasks", json={"id": "x"}).json() == {}  # the next connection is fine
    assert [(e.fault, e.status) for e in server.state.journal.requests()] == [("reset", None), (None, 200)]


def test_command_line_options() -> None:
    args = parse_args(
        ["--port", "0", "--token", "a", "--token", "b", "--job-seconds", "0.5", "--manual-clock"]
    )
    assert (args.port, args.tokens, args.job_seconds, args.manual_clock) == (0, ["a", "b"], 0.5, True)
    assert parse_args([]).port == 8765 and parse_args([]).host == "127.0.0.1"
