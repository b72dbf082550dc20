"""HTTP mode under load, and its front door: `veo-mcp --transport http` as a subprocess, the simulator
upstream.

Hundreds of concurrent MCP sessions, each with its own bearer token, call tools several times; none may
fail, and the simulator's journal must show that every upstream request carried exactly the token of
the session that caused it. Then the door: malformed Authorization headers, the loopback bind, a foreign
Host header and an oversized body are all refused.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from acemedia_testing import tool_text
from acemedia_testing.simulator import SimulatorServer, SimulatorState
from mcp import Client, ClientSession
from mcp.client.streamable_http import streamable_http_client

from .reliability_helpers import ServerProcess, loopback_simulator, subprocess_env

pytestmark = pytest.mark.e2e  # servers started as processes over HTTP

SESSIONS = 200
ENV_TOKEN = "server-own-token-must-not-be-used"
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
CALLER_HEADERS = {**MCP_HEADERS, "Authorization": "Bearer tok-door"}


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorServer]:
    with loopback_simulator(SimulatorState(job_seconds=60)) as simulator:  # any token is accepted
        yield simulator


@pytest.fixture(scope="module")
def veo_http(simulator: SimulatorServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    tmp = tmp_path_factory.mktemp("veo-http")
    env = subprocess_env(simulator.url, tmp, ACEDATACLOUD_API_TOKEN=ENV_TOKEN)
    with ServerProcess("veo", env, tmp) as server:
        yield server


@pytest.fixture
def shared_schema_validators(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compile each tool's output schema once for all sessions, not once per session.

    Every client session re-validates tool results against the tools' output schemas and compiles them
    on first use (~30 ms each), which would make the client side, not the server, the bottleneck of
    this test. The validation itself still runs on every result.
    """
    compiled: dict[str, Any] = {}
    compile_once = ClientSession._output_schema_validator

    def shared(self: ClientSession, name: str, output_schema: dict[str, Any]) -> Any:
        key = json.dumps(output_schema, sort_keys=True)
        if key not in compiled:
            compiled[key] = compile_once(self, name, output_schema)
        return compiled[key]

    monkeypatch.setattr(ClientSession, "_output_schema_validator", shared)


# one TLS context for every session's HTTP client (loading the CA bundle costs ~20 ms per client; the
# server is plain http on loopback anyway)
TLS = ssl.create_default_context()


@asynccontextmanager
async def session(url: str, token: str, mode: str) -> AsyncIterator[Client]:
    async with (
        httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60, verify=TLS) as http,
        Client(streamable_http_client(url, http_client=http), mode=mode) as client,
    ):
        yield client


@pytest.mark.usefixtures("shared_schema_validators")
async def test_concurrent_sessions_each_use_their_own_token(
    simulator: SimulatorServer, veo_http: ServerProcess
) -> None:
    simulator.state.reset()
    failures: list[str] = []
    created: dict[int, str] = {}
    started = anyio.Event()
    ready = 0

    async def one_session(i: int) -> None:
        nonlocal ready
        token = f"tok-{i}"
        # half the sessions do the JSON-RPC handshake today's hosts use, half the 2026-07-28 direct mode
        async with session(veo_http.url, token, mode="legacy" if i % 2 else "auto") as client:
            ready += 1
            if ready == SESSIONS:
                started.set()
            await started.wait()  # every session is connected before the first call
            result = await client.call_tool("veo_text_to_video", {"prompt": f"load test {i}"})
            if result.is_error or result.structured_content is None:
                failures.append(f"{token} submit: {tool_text(result)}")
                return
            task_id = result.structured_content["task_id"]
            created[i] = task_id
            for tool, arguments in [
                ("veo_get_task", {"task_id": task_id}),
                ("veo_get_tasks_batch", {"task_ids": [task_id, "not-mine"]}),
            ]:
                result = await client.call_tool(tool, arguments)
                if result.is_error:
                    failures.append(f"{token} {tool}: {tool_text(result)}")
                elif tool == "veo_get_tasks_batch":
                    assert result.structured_content is not None
                    assert result.structured_content["not_found"] == ["not-mine"]

    with anyio.fail_after(180):  # a guard against a hang, not a speed check: make bench measures speed
        async with anyio.create_task_group() as group:
            for i in range(SESSIONS):
                group.start_soon(one_session, i)

    assert failures == [], failures[:5]
    assert len(created) == SESSIONS
    owner = {task_id: f"tok-{i}" for i, task_id in created.items()}
    requests = simulator.state.journal.requests()
    assert len(requests) == SESSIONS * 3  # a submission, a read and a batch per session
    for entry in requests:
        if entry.path == "/veo/videos":
            session_id = int(entry.body["prompt"].split()[-1])
            assert entry.token == f"tok-{session_id}" and owner[entry.task_id] == entry.token, entry
        else:
            asked = [i for i in entry.body.get("ids") or [entry.body.get("id")] if i != "not-mine"]
            assert {owner[task_id] for task_id in asked} == {entry.token}, entry


@pytest.mark.parametrize(
    "authorization",
    ["Basic abc", "Bearer", "Token tok-1", "Bearer tok-1 extra", "tok-1"],
)
async def test_a_malformed_authorization_header_is_refused_with_401(
    simulator: SimulatorServer, veo_http: ServerProcess, authorization: str
) -> None:
    before = len(simulator.state.journal.requests())
    call = {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {"name": "veo_get_task", "arguments": {"task_id": "t"}},
    }
    async with httpx.AsyncClient() as http:
        for body in (PING, call):
            reply = await http.post(
                veo_http.url,
                headers={**MCP_HEADERS, "Authorization": authorization, "MCP-Protocol-Version": "2025-06-18"},
                json=body,
            )
            assert reply.status_code == 401, reply.text
            assert reply.json()["error"]["code"] == "bad_authorization"
            assert "Bearer <" in reply.json()["error"]["message"]
            assert "tok-1" not in reply.text and "abc" not in reply.text
    assert len(simulator.state.journal.requests()) == before  # nothing reached the upstream


async def test_two_authorization_headers_are_refused(veo_http: ServerProcess) -> None:
    headers = [*MCP_HEADERS.items(), ("Authorization", "Bearer tok-1"), ("Authorization", "Bearer tok-2")]
    async with httpx.AsyncClient() as http:
        reply = await http.post(veo_http.url, headers=headers, json=PING)
    assert reply.status_code == 401, reply.text


def _listening(port: int) -> list[str]:
    """The local addresses of LISTEN sockets on `port`, from the kernel's tables (IPv4 and IPv6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if int(hex_port, 16) == port and state == "0A":  # 0A: LISTEN
                found.append(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_the_server_binds_loopback_by_default(veo_http: ServerProcess) -> None:
    assert veo_http.args == []  # started without --host
    assert _listening(veo_http.port) == ["0100007F"]  # 127.0.0.1 only, no wildcard, no IPv6


@pytest.mark.parametrize("host", ["evil.example.com", "evil.example.com:8000", "127.0.0.1.evil.example.com"])
async def test_a_foreign_host_header_is_refused(veo_http: ServerProcess, host: str) -> None:
    async with httpx.AsyncClient() as http:
        reply = await http.post(veo_http.url, headers={**MCP_HEADERS, "Host": host}, json=PING)
        assert reply.status_code in (403, 421), reply.text
        ok = await http.post(
            veo_http.url, headers={**CALLER_HEADERS, "Host": f"localhost:{veo_http.port}"}, json=PING
        )
        assert ok.status_code == 200, ok.text


async def test_an_oversized_body_is_refused_with_413(veo_http: ServerProcess) -> None:
    padding = "x" * (1024 * 1024)
    body = f'{{"jsonrpc": "2.0", "id": 1, "method": "ping", "params": {{"_": "{padding}"}}}}'.encode()

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the cap must hold while streaming
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    async with httpx.AsyncClient() as http:
        declared = await http.post(veo_http.url, headers=CALLER_HEADERS, content=body)
        streamed = await http.post(veo_http.url, headers=CALLER_HEADERS, content=chunks())
        small = await http.post(veo_http.url, headers=CALLER_HEADERS, json=PING)
    assert declared.status_code == 413 and streamed.status_code == 413
    assert small.status_code == 200
