"""End-to-end fixtures: the simulator on loopback, and servers started the way a user starts them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import httpx2
import pytest
from acemedia.simulator import SimulatorServer, SimulatorState
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

PROVIDERS = ("sora", "luma", "kling", "producer", "veo")
ENV_TOKEN = "env-token-e2e"
CALLER_TOKEN = "caller-token-e2e"
JOB_SECONDS = 0.4


@pytest.fixture(scope="session")
def simulator() -> Iterator[SimulatorServer]:
    state = SimulatorState(job_seconds=JOB_SECONDS, tokens={ENV_TOKEN, CALLER_TOKEN, "other-caller"})
    with SimulatorServer(state) as server:
        yield server


def server_env(simulator: SimulatorServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACEDATACLOUD_", "ACEMEDIA_"))}
    env.update(
        ACEDATACLOUD_API_BASE_URL=simulator.url,
        ACEDATACLOUD_API_TOKEN=ENV_TOKEN,
        ACEMEDIA_MIN_POLL_INTERVAL="0",
        ACEMEDIA_WAIT_INTERVALS="0.05",
        ACEMEDIA_LEDGER=str(tmp_path / "ledger.sqlite3"),
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


@asynccontextmanager
async def stdio_session(provider: str, env: dict[str, str]) -> AsyncIterator[Client]:
    """The server as an MCP host starts it: its console script over stdio."""
    script = Path(sys.executable).parent / f"{provider}-mcp"
    params = StdioServerParameters(command=str(script), args=[], env=env)
    async with Client(params, mode="legacy", read_timeout_seconds=60) as client:
        yield client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def http_server(request: pytest.FixtureRequest, simulator: SimulatorServer, tmp_path: Path) -> Iterator[str]:
    """Start `<provider>-mcp --transport http` and yield its /mcp URL once /health answers."""
    provider = request.param
    port = free_port()
    script = Path(sys.executable).parent / f"{provider}-mcp"
    env = server_env(simulator, tmp_path, ACEDATACLOUD_API_TOKEN="")
    log_path = tmp_path / f"{provider}-http.log"
    log = log_path.open("wb")
    process = subprocess.Popen([str(script), "--transport", "http", "--port", str(port)], env=env, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{provider}-mcp did not start: {log_path.read_text()}")
            time.sleep(0.05)  # waiting for a child process to bind, not a test delay
        yield f"{base}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@asynccontextmanager
async def http_session(url: str, token: str | None) -> AsyncIterator[Client]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(streamable_http_client(url, http_client=http), mode="legacy") as client,
    ):
        yield client
