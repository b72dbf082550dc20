"""Shared pieces of the reliability and security tests.

- `loopback_simulator`: the upstream simulator on real loopback HTTP.
- `instant_runtime` / `asgi_runtime`: a provider server wired to the simulator with injected time, so
  retries and waits never sleep.
- `subprocess_env`: the environment of a server subprocess (`acemedia_testing.ServerProcess`; it,
  `console_script` and `free_port` are re-exported here for the tests that import them from this module).
- `find_secrets`: every place under a directory where a secret's bytes appear.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import httpx
from acemedia.client import AceDataClient
from acemedia.runtime import Runtime
from acemedia.server import ProviderServer
from acemedia.tasks.throttle import PollThrottle
from acemedia_testing import FakeTime, make_settings
from acemedia_testing import ServerProcess as ServerProcess
from acemedia_testing import console_script as console_script
from acemedia_testing import free_port as free_port
from acemedia_testing.simulator import SimulatorServer, SimulatorState, create_app
from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import Client

TOOL_PREFIX = "Error executing tool "
# the first message of a raw stdio session
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "raw", "version": "0"},
    },
}


# -- the simulator on loopback ----------------------------------------------------------------------


@contextlib.contextmanager
def loopback_simulator(state: SimulatorState | None = None) -> Iterator[SimulatorServer]:
    simulator = SimulatorServer(state or SimulatorState())
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


# -- servers with injected time ---------------------------------------------------------------------


def instant_runtime(server: ProviderServer, base_url: str, time: FakeTime, **settings: Any) -> Runtime:
    """Point `server` at `base_url`; every sleep (retry backoff, poll throttle, wait pauses) is virtual."""
    values: dict[str, Any] = {"base_url": base_url, "min_poll_interval": 0.0}
    values.update(settings)
    runtime = Runtime.create(make_settings(**values), sleep=time.sleep, clock=time.clock)
    server.configure(runtime)
    return runtime


def asgi_runtime(server: ProviderServer, state: SimulatorState, time: FakeTime, **settings: Any) -> Runtime:
    """Point `server` at the simulator app in this process (no sockets), with virtual time."""
    values: dict[str, Any] = {"min_poll_interval": 0.0}
    values.update(settings)
    config = make_settings(**values)
    client = AceDataClient(
        config,
        sleep=time.sleep,
        clock=time.clock,
        transport=httpx.ASGITransport(app=create_app(state)),
    )
    runtime = Runtime(
        settings=config,
        client=client,
        throttle=PollThrottle(config.min_poll_interval, clock=time.clock),
        sleep=time.sleep,
        clock=time.clock,
    )
    server.configure(runtime)
    return runtime


@contextlib.contextmanager
def clients_in_a_portal(
    servers: dict[str, ProviderServer],
) -> Iterator[tuple[BlockingPortal, dict[str, Client]]]:
    """One event loop in a thread with one in-memory client per server, for synchronous (hypothesis) tests.

    A client session validates every tool result against the tool's output schema and compiles those
    schemas once per session, which costs tens of milliseconds; sharing sessions across examples keeps
    property tests fast.
    """
    with start_blocking_portal() as portal, contextlib.ExitStack() as stack:
        clients = {
            name: stack.enter_context(portal.wrap_async_context_manager(Client(server.mcp)))
            for name, server in servers.items()
        }
        yield portal, clients


# -- results ----------------------------------------------------------------------------------------


def is_crash(tool: str, text: str) -> bool:
    """The SDK's answer to an unexpected exception: the bare prefix, with no detail at all."""
    return text.strip().rstrip(".:") == f"{TOOL_PREFIX}{tool}" or not text.strip()


# -- servers as subprocesses ------------------------------------------------------------------------


def subprocess_env(base_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a server subprocess: nothing inherited that could reach real services or files."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACEDATACLOUD_", "ACEMEDIA_"))}
    env.update(
        ACEDATACLOUD_API_BASE_URL=base_url,
        ACEMEDIA_MIN_POLL_INTERVAL="0",
        ACEMEDIA_WAIT_INTERVALS="0.05",
        ACEMEDIA_LEDGER=str(tmp_path / "ledger.sqlite3"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


# -- secrets ----------------------------------------------------------------------------------------


def find_secrets(root: Path, secrets: Iterable[str]) -> list[str]:
    """`path: secret` for every file under `root` that holds a secret (as UTF-8 bytes)."""
    needles = [(s, s.encode()) for s in secrets]
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path}: {s}" for s, needle in needles if needle in data]
    return found
