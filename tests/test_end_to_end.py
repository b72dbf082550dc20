"""Each server started as a user starts it, over stdio and streamable HTTP, against the simulator."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from acemedia.sandbox import Sandbox
from acemedia_testing import tool_text
from acemedia_testing.simulator import SimulatorServer

from .conftest import CALLER_TOKEN, ENV_TOKEN, PROVIDERS, http_session, server_env, stdio_session
from .reliability_helpers import INITIALIZE, ServerProcess, subprocess_env
from .scenario import journey, submit

pytestmark = pytest.mark.e2e  # servers started as processes, over stdio and HTTP


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_stdio_journey(provider: str, simulator: SimulatorServer, tmp_path: Path) -> None:
    async with stdio_session(provider, server_env(simulator, tmp_path)) as client:
        await journey(client, provider, simulator, ENV_TOKEN)


@pytest.mark.parametrize("http_server", PROVIDERS, indirect=True)
async def test_http_journey_uses_the_callers_token(
    http_server: str, simulator: SimulatorServer, request: pytest.FixtureRequest
) -> None:
    provider = request.node.callspec.params["http_server"]
    async with http_session(http_server, CALLER_TOKEN) as client:
        await journey(client, provider, simulator, CALLER_TOKEN)


@pytest.mark.parametrize("http_server", ["veo"], indirect=True)
async def test_http_callers_are_kept_apart(http_server: str, simulator: SimulatorServer) -> None:
    async with http_session(http_server, CALLER_TOKEN) as client:
        mine = await submit(client, "veo")
    async with http_session(http_server, "other-caller") as client:
        listed = (await client.call_tool("veo_list_tasks", {})).structured_content
        assert listed is not None and mine not in {t["task_id"] for t in listed["tasks"]}
    async with http_session(http_server, "wrong-token") as client:
        refused = await client.call_tool("veo_get_task", {"task_id": mine})
        assert (
            refused.is_error
            and "invalid_token" in tool_text(refused)
            and "wrong-token" not in tool_text(refused)
        )


async def test_stdio_401_is_a_clear_error(simulator: SimulatorServer, tmp_path: Path) -> None:
    env = server_env(simulator, tmp_path, ACEDATACLOUD_API_TOKEN="revoked-token")
    async with stdio_session("sora", env) as client:
        result = await client.call_tool("sora_generate_video", {"prompt": "x"})
    assert result.is_error and "HTTP 401" in tool_text(result) and "invalid_token" in tool_text(result)
    assert "revoked-token" not in tool_text(result)


async def test_producer_preview_urls_are_not_final(simulator: SimulatorServer, tmp_path: Path) -> None:
    async with stdio_session("producer", server_env(simulator, tmp_path)) as client:
        task_id = await submit(client, "producer", "[sim:seconds=60] [sim:preview]")
        result = await client.call_tool("producer_get_task", {"task_id": task_id})
    data = result.structured_content
    assert data is not None and data["status"] in ("pending", "running"), tool_text(result)
    assert data["media"] and not any(m["final"] for m in data["media"])
    assert data["mcp_task_polling"]["should_poll"] is True


async def test_a_task_survives_a_restart(simulator: SimulatorServer, tmp_path: Path) -> None:
    env = server_env(simulator, tmp_path)
    async with stdio_session("luma", env) as client:
        task_id = await submit(client, "luma")
    async with stdio_session("luma", env) as client:
        listed = (await client.call_tool("luma_list_tasks", {})).structured_content
    assert listed is not None and task_id in [t["task_id"] for t in listed["tasks"]]


@pytest.mark.parametrize("http_server", ["kling"], indirect=True)
def test_a_plain_http_client_without_any_mcp_library(http_server: str, simulator: SimulatorServer) -> None:
    """Speak the streamable HTTP protocol by hand: the server needs nothing but JSON-RPC over HTTP."""
    headers = {
        "Accept": "application/json, text/event-stream",
        "Authorization": "Bearer other-caller",
        "MCP-Protocol-Version": "2025-06-18",
    }

    def rpc(method: str, params: dict[str, object], ident: int) -> dict[str, object]:
        body = {"jsonrpc": "2.0", "id": ident, "method": method, "params": params}
        reply = httpx.post(http_server, json=body, headers=headers, timeout=30)
        assert reply.status_code == 200, reply.text
        events = [line[5:].strip() for line in reply.text.splitlines() if line.startswith("data:")]
        messages = [json.loads(e) for e in events if e] if events else [reply.json()]
        return next(m for m in messages if m.get("id") == ident)

    init = rpc(
        "initialize",
        {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "curl-like", "version": "0"},
        },
        1,
    )
    assert init["result"]["serverInfo"]["name"] == "kling-mcp"  # type: ignore[index]
    listed = rpc("tools/list", {}, 2)
    assert "kling_generate_video" in {t["name"] for t in listed["result"]["tools"]}  # type: ignore[index]
    called = rpc("tools/call", {"name": "kling_generate_video", "arguments": {"prompt": "a kite"}}, 3)
    task_id = called["result"]["structuredContent"]["task_id"]  # type: ignore[index]
    sent = [r for r in simulator.state.journal.requests("/kling/videos") if r.task_id == task_id]
    assert [r.token for r in sent] == ["other-caller"]


def test_stdio_stdout_carries_only_protocol_even_at_debug(simulator: SimulatorServer, tmp_path: Path) -> None:

    messages = [
        INITIALIZE,
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "veo_text_to_video", "arguments": {"prompt": "stdout check"}},
        },
    ]
    script = Path(sys.executable).parent / "veo-mcp"
    log = tmp_path / "stderr.log"
    with (
        log.open("w") as err,
        subprocess.Popen(
            [str(script), "--log-level", "DEBUG"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            env=server_env(simulator, tmp_path),
            text=True,
        ) as process,
    ):
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("".join(json.dumps(m) + "\n" for m in messages))
        process.stdin.flush()
        # stdin stays open until every answer is in: the SDK cancels handlers still running at EOF
        watchdog = threading.Timer(60, process.kill)  # a hung server fails the test instead of hanging it
        watchdog.start()
        replies = []
        while {r.get("id") for r in replies} < {1, 2, 3} and (line := process.stdout.readline()):
            replies.append(json.loads(line))  # every line is JSON-RPC
        process.stdin.close()
        replies += [json.loads(line) for line in process.stdout.read().splitlines()]
        process.wait(timeout=60)
        watchdog.cancel()
    stderr = log.read_text()
    assert process.returncode == 0, stderr[-2000:]
    assert {r.get("id") for r in replies} >= {1, 2, 3} and all(r["jsonrpc"] == "2.0" for r in replies)
    assert "DEBUG" in stderr  # the logs went to stderr


@pytest.fixture
def sandbox_http_server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`veo-mcp --sandbox --transport http`: yields its /mcp URL and its in-process simulator's URL."""
    env = subprocess_env("", tmp_path, ACEMEDIA_LEDGER="off", ACEMEDIA_SANDBOX_JOB_SECONDS="0.2")
    env.pop("ACEDATACLOUD_API_BASE_URL")
    with ServerProcess("veo", env, tmp_path, args=["--sandbox"]) as server:
        found = re.search(r"simulated API at (http://[0-9.:]+)", server.stderr_path.read_text())
        assert found, server.stderr_path.read_text()
        yield server.url, found.group(1)


async def test_sandbox_never_forwards_a_callers_real_token(sandbox_http_server: tuple[str, str]) -> None:
    mcp_url, simulator_url = sandbox_http_server
    async with http_session(mcp_url, "real-secret-token") as client:
        result = await client.call_tool("veo_text_to_video", {"prompt": "a lantern"})
    assert result.structured_content is not None and "simulated" in result.structured_content["sandbox"]
    task_id = result.structured_content["task_id"]
    # the simulator shows a task only to the token that made it: each caller has its own simulated
    # account, named by a one-way hash of its token, and the real token owns nothing there
    account = Sandbox().upstream_token("real-secret-token")
    assert account is not None and account.startswith("sandbox-") and "real-secret-token" not in account
    owned = {
        token: await simulated_task_ids(simulator_url, token) for token in (account, "real-secret-token")
    }
    assert owned == {account: [task_id], "real-secret-token": []}


async def simulated_task_ids(simulator_url: str, token: str) -> list[str]:
    """The veo tasks the sandbox's simulator shows to `token`."""
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=10) as http:
        reply = await http.post(f"{simulator_url}/veo/tasks", json={"action": "retrieve_batch"})
    return [item["id"] for item in reply.json()["items"]]
