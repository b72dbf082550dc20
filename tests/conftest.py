"""End-to-end fixtures: the simulator on loopback, and servers started the way a user starts them."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx2
import pytest
from acemedia.discovery import provider_names
from acemedia_testing.simulator import SimulatorServer, SimulatorState
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from .reliability_helpers import ServerProcess, subprocess_env

PROVIDERS = tuple(provider_names())  # every installed provider package, found by its entry point
ENV_TOKEN = "env-token-e2e"
CALLER_TOKEN = "caller-token-e2e"
JOB_SECONDS = 0.4


@pytest.fixture(scope="session")
def simulator() -> Iterator[SimulatorServer]:
    state = SimulatorState(job_seconds=JOB_SECONDS, tokens={ENV_TOKEN, CALLER_TOKEN, "other-caller"})
    with SimulatorServer(state) as server:
        yield server


def server_env(simulator: SimulatorServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    return subprocess_env(simulator.url, tmp_path, **{"ACEDATACLOUD_API_TOKEN": ENV_TOKEN, **extra})


@asynccontextmanager
async def stdio_session(provider: str, env: dict[str, str]) -> AsyncIterator[Client]:
    """The server as an MCP host starts it: its console script over stdio."""
    script = Path(sys.executable).parent / f"{provider}-mcp"
    params = StdioServerParameters(command=str(script), args=[], env=env)
    async with Client(params, mode="legacy", read_timeout_seconds=60) as client:
        yield client


@pytest.fixture
def http_server(request: pytest.FixtureRequest, simulator: SimulatorServer, tmp_path: Path) -> Iterator[str]:
    """Start `<provider>-mcp --transport http` and yield its /mcp URL once /health answers."""
    env = server_env(simulator, tmp_path, ACEDATACLOUD_API_TOKEN="")
    with ServerProcess(request.param, env, tmp_path) as server:
        yield server.url


@asynccontextmanager
async def http_session(url: str, token: str | None) -> AsyncIterator[Client]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(streamable_http_client(url, http_client=http), mode="legacy") as client,
    ):
        yield client
