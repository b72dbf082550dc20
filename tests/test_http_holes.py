"""The holes a hostile caller found in HTTP mode, each closed: event streams nobody asked for, a ledger
owner shared by every caller without a token, Host/Origin checks that switched off on other bind
addresses, and waits without a per-caller cap. Real `veo-mcp --transport http` subprocesses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from acemedia_testing import tool_text
from acemedia_testing.simulator import SimulatorServer, SimulatorState

from .conftest import http_session
from .reliability_helpers import ServerProcess, loopback_simulator, subprocess_env

pytestmark = pytest.mark.e2e  # servers started as processes over HTTP

ENV_TOKEN = "server-own-token-holes"
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}


def call(name: str, arguments: dict[str, object]) -> dict[str, object]:
    return {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {"name": name, "arguments": arguments},
    }


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorServer]:
    with loopback_simulator(SimulatorState(job_seconds=600)) as simulator:
        yield simulator


def start(simulator: SimulatorServer, tmp: Path, bind: str = "127.0.0.1", **env: str) -> ServerProcess:
    environment = subprocess_env(simulator.url, tmp, ACEDATACLOUD_API_TOKEN=ENV_TOKEN, **env)
    return ServerProcess("veo", environment, tmp, bind=bind)


@pytest.fixture(scope="module")
def default_server(
    simulator: SimulatorServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    with start(simulator, tmp_path_factory.mktemp("default"), ACEMEDIA_MAX_WAITS_PER_CALLER="2") as server:
        yield server


# -- GET /mcp ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "caller-1"])
async def test_get_mcp_opens_no_event_stream(default_server: ServerProcess, token: str | None) -> None:
    headers = {"Accept": "text/event-stream"} | ({"Authorization": f"Bearer {token}"} if token else {})
    with anyio.fail_after(10):  # an event stream that stays open would end the test here
        async with (
            httpx.AsyncClient() as http,
            http.stream("GET", default_server.url, headers=headers) as reply,
        ):
            body = await reply.aread()
    assert reply.status_code == 405 and reply.headers["allow"] == "POST"
    assert b"no_event_stream" in body


# -- callers without a token ------------------------------------------------------------------------


async def test_a_caller_without_a_token_is_refused_by_default(
    default_server: ServerProcess, simulator: SimulatorServer
) -> None:
    before = len(simulator.state.journal.requests())
    async with httpx.AsyncClient() as http:
        reply = await http.post(default_server.url, headers=MCP_HEADERS, json=call("veo_list_tasks", {}))
    assert reply.status_code == 401 and reply.headers["www-authenticate"] == "Bearer"
    assert reply.json()["error"]["code"] == "token_required"
    assert "ACEMEDIA_ANONYMOUS_CALLERS" in reply.json()["error"]["message"]
    assert len(simulator.state.journal.requests()) == before


async def test_callers_served_with_the_server_token_share_no_ledger(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    with start(simulator, tmp_path, ACEMEDIA_ANONYMOUS_CALLERS="server-token") as server:
        async with http_session(server.url, None) as alice:
            made = await alice.call_tool("veo_text_to_video", {"prompt": "alice's secret prompt"})
            assert not made.is_error, tool_text(made)
            assert simulator.state.journal.requests()[-1].token == ENV_TOKEN  # served by choice
        async with http_session(server.url, None) as bob:
            listed = await bob.call_tool("veo_list_tasks", {})
        async with http_session(server.url, "carol") as carol:
            carols = await carol.call_tool("veo_list_tasks", {})
    assert "alice's secret prompt" not in tool_text(listed) + tool_text(carols)
    assert listed.structured_content is not None and listed.structured_content["tasks"] == []
    assert "without a token" in listed.structured_content["note"]


# -- Host and Origin --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def other_bind(
    simulator: SimulatorServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp("bind")
    with start(simulator, tmp, "127.0.0.2", ACEMEDIA_ALLOWED_HOSTS="mcp.example.com") as server:
        yield server


@pytest.mark.parametrize(
    ("host", "origin", "status"),
    [
        ("evil.example.com", None, 421),
        ("127.0.0.2.evil.example.com", None, 421),
        (None, "http://evil.example.com", 403),
        (None, "http://127.0.0.2.evil.example.com", 403),
        (None, None, 200),
        ("mcp.example.com", "https://mcp.example.com", 200),  # the allow-list, for a proxy's public name
        ("localhost:{port}", "http://localhost:{port}", 200),
    ],
)
async def test_host_and_origin_are_checked_on_any_bind_address(
    other_bind: ServerProcess, host: str | None, origin: str | None, status: int
) -> None:
    headers = {**MCP_HEADERS, "Authorization": "Bearer caller-1"}
    if host:
        headers["Host"] = host.format(port=other_bind.port)
    if origin:
        headers["Origin"] = origin.format(port=other_bind.port)
    async with httpx.AsyncClient() as http:
        reply = await http.post(other_bind.url, headers=headers, json=call("veo_list_tasks", {}))
    assert reply.status_code == status, reply.text


# -- concurrent waits -------------------------------------------------------------------------------


async def test_one_caller_may_hold_only_so_many_waits(
    default_server: ServerProcess, simulator: SimulatorServer
) -> None:
    async with http_session(default_server.url, "waiter") as client:
        submitted = await client.call_tool("veo_text_to_video", {"prompt": "slow"})
        task_id = submitted.structured_content["task_id"]  # type: ignore[index]
    started = anyio.Event()
    polling = 0

    async def progress(*_: object) -> None:
        nonlocal polling
        polling += 1
        if polling >= 2:
            started.set()

    async def hold_a_wait() -> None:
        async with http_session(default_server.url, "waiter") as client:
            await client.call_tool(
                "veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 600}, progress_callback=progress
            )

    with anyio.fail_after(30):
        async with anyio.create_task_group() as group:
            group.start_soon(hold_a_wait)
            group.start_soon(hold_a_wait)
            await started.wait()  # both waits have polled once: both are held
            async with http_session(default_server.url, "waiter") as client:
                third = await client.call_tool(
                    "veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 5}
                )
            async with http_session(default_server.url, "someone-else") as client:  # not held back
                other = await client.call_tool(
                    "veo_wait_for_task", {"task_id": "t-other", "timeout_seconds": 5}
                )
            group.cancel_scope.cancel()
    assert third.is_error and "too_many_waits" in tool_text(third)
    assert "ACEMEDIA_MAX_WAITS_PER_CALLER" in tool_text(third) and "2 waits" in tool_text(third)
    assert "too_many_waits" not in tool_text(other)
