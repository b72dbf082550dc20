"""Graceful lifecycle of the server processes.

HTTP: on SIGTERM the server stops accepting connections, lets an in-flight call finish (README: "drains
in-flight calls for up to 30 s on SIGTERM") and exits 0. stdio: when the client closes stdin the server
exits 0 without a traceback, idle or in the middle of a call.

The simulator runs on a manual clock, so a job is "slow" until the test moves time: nothing sleeps.
"""

from __future__ import annotations

import json
import select
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from acemedia_testing import tool_text
from acemedia_testing.simulator import ManualClock, SimulatorServer, SimulatorState
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from .reliability_helpers import ServerProcess, console_script, loopback_simulator, subprocess_env

pytestmark = pytest.mark.e2e  # servers started as processes, signals and exits

TOKEN = "lifecycle-token"
DRAIN_POLLS = 20


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorServer]:
    with loopback_simulator(SimulatorState(clock=ManualClock())) as simulator:
        yield simulator


def finish_every_job(simulator: SimulatorServer) -> None:
    clock = simulator.state.manual_clock
    assert clock is not None
    clock.advance(3600)


def no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr and "ERROR" not in stderr, stderr[-3000:]


# -- HTTP -------------------------------------------------------------------------------------------


def wait_until_refusing(server: ServerProcess, timeout: float = 5) -> None:
    """Wait for the server to close its listening socket: the first step of a graceful shutdown."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{server.base}/health", timeout=0.5)
        except httpx.ConnectError:
            return
        except httpx.TransportError:
            pass
        time.sleep(0.01)  # waiting for the child process to react to the signal, not a test delay
    raise AssertionError("the server still accepts connections after SIGTERM")


def exit_code(server: ServerProcess, timeout: float = 5) -> int:
    assert server.process is not None
    return server.process.wait(timeout=timeout)


def test_http_server_exits_0_on_sigterm(simulator: SimulatorServer, tmp_path: Path) -> None:
    server = ServerProcess("veo", subprocess_env(simulator.url, tmp_path), tmp_path).start()
    try:
        server.terminate()
        assert exit_code(server) == 0
    finally:
        server.stop()
    no_traceback(server.stderr_path.read_text())


async def test_http_server_drains_an_in_flight_call_on_sigterm(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    simulator.state.reset()
    env = subprocess_env(simulator.url, tmp_path, LOG_LEVEL="INFO")
    server = ServerProcess("veo", env, tmp_path).start()
    outcome: dict[str, Any] = {}
    progress = {"polls": 0, "target": 1}
    reached = anyio.Event()

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress["polls"] += 1
        if progress["polls"] >= progress["target"]:
            reached.set()

    try:
        async with (
            httpx2.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30) as http,
            Client(streamable_http_client(server.url, http_client=http), mode="legacy") as client,
        ):
            submitted = await client.call_tool("veo_text_to_video", {"prompt": "a long take"})
            assert submitted.structured_content is not None, tool_text(submitted)
            task_id = submitted.structured_content["task_id"]

            async def wait_for_it() -> None:
                try:
                    outcome["result"] = await client.call_tool(
                        "veo_wait_for_task",
                        {"task_id": task_id, "timeout_seconds": 60},
                        progress_callback=on_progress,
                    )
                except Exception as exc:  # the call was cut
                    outcome["error"] = repr(exc)
                finally:
                    reached.set()

            with anyio.fail_after(20):
                async with anyio.create_task_group() as group:
                    group.start_soon(wait_for_it)
                    await reached.wait()  # the call is in flight, polling a job that is not done
                    server.terminate()
                    await anyio.to_thread.run_sync(wait_until_refusing, server)
                    # the server keeps polling while it drains: 20 more polls (about 1 s at the 0.05 s
                    # interval) outlast any "close the streams on shutdown" reflex
                    reached = anyio.Event()
                    progress["target"] = progress["polls"] + DRAIN_POLLS
                    await reached.wait()
                    finish_every_job(simulator)  # then the job finishes while the server drains
        assert "error" not in outcome, outcome
        result = outcome["result"]
        assert not result.is_error and result.structured_content["status"] == "succeeded", tool_text(result)
        assert await anyio.to_thread.run_sync(exit_code, server) == 0
    finally:
        server.stop()
    no_traceback(server.stderr_path.read_text())


# -- stdio ------------------------------------------------------------------------------------------


class StdioServer:
    """A `veo-mcp` subprocess spoken to line by line, the way an MCP host does."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [console_script("veo")],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.next_id = 0

    def send(self, method: str, params: dict[str, Any] | None = None, notify: bool = False) -> int:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        if not notify:
            self.next_id += 1
            message["id"] = self.next_id
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\n")
        self.process.stdin.flush()
        return self.next_id

    def receive(self, timeout: float = 30) -> dict[str, Any]:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert ready, "the server did not answer"
        line = self.process.stdout.readline()
        assert line, "the server closed stdout"
        message: dict[str, Any] = json.loads(line)
        return message

    def call(self, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        request = self.send("tools/call", {"name": tool, "arguments": arguments})
        while (message := self.receive()).get("id") != request:
            pass
        return message

    def handshake(self) -> None:
        self.send(
            "initialize",
            {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "1"},
            },
        )
        assert self.receive()["result"]["serverInfo"]["name"] == "veo-mcp"
        self.send("notifications/initialized", notify=True)

    def close_stdin(self, timeout: float = 5) -> tuple[int, str]:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        assert self.process.stderr is not None and self.process.stdout is not None
        stderr = self.process.stderr.read().decode()
        self.process.stdout.close()
        self.process.stderr.close()
        return code, stderr


@pytest.fixture
def stdio_server(simulator: SimulatorServer, tmp_path: Path) -> Iterator[StdioServer]:
    simulator.state.reset()
    server = StdioServer(
        subprocess_env(simulator.url, tmp_path, ACEDATACLOUD_API_TOKEN=TOKEN, LOG_LEVEL="INFO")
    )
    try:
        server.handshake()
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
        for stream in (server.process.stdin, server.process.stdout, server.process.stderr):
            if stream is not None and not stream.closed:
                stream.close()


def test_stdio_server_exits_cleanly_when_the_client_closes_stdin(
    stdio_server: StdioServer, simulator: SimulatorServer
) -> None:
    submitted = stdio_server.call("veo_text_to_video", {"prompt": "a calm lake"})
    task_id = submitted["result"]["structuredContent"]["task_id"]
    finish_every_job(simulator)
    done = stdio_server.call("veo_wait_for_task", {"task_id": task_id})
    assert done["result"]["structuredContent"]["status"] == "succeeded"
    code, stderr = stdio_server.close_stdin()
    assert code == 0
    no_traceback(stderr)


def test_stdio_server_exits_cleanly_when_stdin_closes_during_a_call(stdio_server: StdioServer) -> None:
    submitted = stdio_server.call("veo_text_to_video", {"prompt": "a calm lake"})
    task_id = submitted["result"]["structuredContent"]["task_id"]
    stdio_server.send(
        "tools/call",
        {
            "name": "veo_wait_for_task",
            "arguments": {"task_id": task_id, "timeout_seconds": 600},
            "_meta": {"progressToken": "wait"},
        },
    )
    assert stdio_server.receive()["method"] == "notifications/progress"  # the wait is under way
    code, stderr = stdio_server.close_stdin()
    assert code == 0
    no_traceback(stderr)
