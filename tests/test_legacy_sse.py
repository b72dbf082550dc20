"""The legacy SSE transport (`GET /sse`, `POST /messages/`) next to /mcp, with the same door: a token
required, the Host checked, a session answering only its opener, few streams per caller, each timed."""

from __future__ import annotations

from collections.abc import Iterator

import anyio
import httpx
import pytest
from acemedia_testing.simulator import SimulatorServer, SimulatorState
from mcp import Client
from mcp.client.sse import sse_client

from .reliability_helpers import ServerProcess, loopback_simulator, subprocess_env

pytestmark = pytest.mark.e2e  # servers started as processes over HTTP

TOKEN = "sse-caller-token"


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorServer]:
    with loopback_simulator(SimulatorState(job_seconds=60)) as simulator:
        yield simulator


@pytest.fixture(scope="module")
def server(simulator: SimulatorServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp("sse")
    env = subprocess_env(
        simulator.url, tmp, ACEMEDIA_MAX_SSE_STREAMS_PER_CALLER="1", ACEMEDIA_SSE_MAX_SECONDS="600"
    )
    with ServerProcess("veo", env, tmp) as server:
        yield server


async def test_an_sse_client_calls_tools_with_its_own_token(
    server: ServerProcess, simulator: SimulatorServer
) -> None:
    transport = sse_client(f"{server.base}/sse", headers={"Authorization": f"Bearer {TOKEN}"})
    async with Client(transport, mode="legacy") as client:
        names = {t.name for t in (await client.list_tools()).tools}
        made = await client.call_tool("veo_text_to_video", {"prompt": "over sse"})
        listed = await client.call_tool("veo_list_tasks", {})
    assert "veo_wait_for_task" in names and not made.is_error
    assert simulator.state.journal.requests()[-1].token == TOKEN
    assert listed.structured_content is not None and listed.structured_content["count"] >= 1


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": f"Bearer {TOKEN}", "Host": "evil.example.com"}, 421)],
)
async def test_sse_streams_need_a_token_and_a_known_host(
    server: ServerProcess, headers: dict[str, str], status: int
) -> None:
    with anyio.fail_after(10):
        async with httpx.AsyncClient() as http:
            reply = await http.get(f"{server.base}/sse", headers=headers)
    assert reply.status_code == status


async def test_a_session_answers_only_its_opener_and_streams_are_capped(server: ServerProcess) -> None:
    mine = {"Authorization": f"Bearer {TOKEN}-cap"}
    with anyio.fail_after(20):
        async with (
            httpx.AsyncClient(timeout=10) as http,
            http.stream("GET", f"{server.base}/sse", headers=mine) as stream,
        ):
            endpoint, lines = "", stream.aiter_lines()  # kept: a dropped line iterator closes the stream
            async for line in lines:
                if line.startswith("data:"):
                    endpoint = line[5:].strip()
                    break
            assert endpoint.startswith("/messages/?session_id=")
            ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
            other = await http.post(
                f"{server.base}{endpoint}", json=ping, headers={"Authorization": "Bearer someone"}
            )
            assert other.status_code == 404  # as if the session did not exist
            async with http.stream("GET", f"{server.base}/sse", headers=mine) as second:
                assert second.status_code == 429, second.headers
                assert b"too_many_streams" in await second.aread()
            accepted = await http.post(f"{server.base}{endpoint}", json=ping, headers=mine)
            assert accepted.status_code == 202


def test_stream_limits_are_validated() -> None:
    from acemedia.errors import ConfigError
    from acemedia.http import StreamLimits

    with pytest.raises(ConfigError, match="ACEMEDIA_SSE_MAX_SECONDS must be a number of seconds"):
        StreamLimits.from_env({"ACEMEDIA_SSE_MAX_SECONDS": "0"})
    with pytest.raises(ConfigError, match="ACEMEDIA_MAX_SSE_STREAMS_PER_CALLER"):
        StreamLimits.from_env({"ACEMEDIA_MAX_SSE_STREAMS_PER_CALLER": "x"})
    assert StreamLimits.from_env({}) == StreamLimits(4, 3600.0)
