"""Shared drivers: an httpx client on the ASGI app with a manual clock, and a loopback callback receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from acemedia.simulator import ManualClock, SimulatorState, create_app

TOKEN = "sim-test-token"
EPOCH = 1_760_000_000.0


class Sim:
    """A test driver: an httpx client on the ASGI app, plus the state and its manual clock."""

    def __init__(self, state: SimulatorState, client: httpx.AsyncClient, clock: ManualClock) -> None:
        self.state = state
        self.client = client
        self.clock = clock

    async def post(self, path: str, body: Any = None, **kw: Any) -> httpx.Response:
        return await self.client.post(path, json=body, **kw)

    async def submit(self, path: str, body: dict[str, Any]) -> str:
        """Submit asynchronously and return the task id."""
        reply = await self.post(path, {**body, "async": True})
        assert reply.status_code == 200, reply.text
        assert set(reply.json()) == {"task_id", "trace_id"}
        return str(reply.json()["task_id"])

    async def record(self, provider: str, task_id: str) -> dict[str, Any]:
        reply = await self.post(f"/{provider}/tasks", {"id": task_id, "action": "retrieve"})
        assert reply.status_code == 200, reply.text
        data: dict[str, Any] = reply.json()
        return data

    async def batch(self, provider: str, **body: Any) -> dict[str, Any]:
        reply = await self.post(f"/{provider}/tasks", {"action": "retrieve_batch", **body})
        assert reply.status_code == 200, reply.text
        data: dict[str, Any] = reply.json()
        return data


def make_state(**kw: Any) -> SimulatorState:
    """A simulator on a manual clock; these tests assert the classic dialect's bytes (see test_dialects.py)."""
    kw.setdefault("clock", ManualClock(1000.0))
    kw.setdefault("epoch", EPOCH)
    kw.setdefault("job_seconds", 10.0)
    kw.setdefault("dialect", "classic")
    return SimulatorState(**kw)


@pytest.fixture
def state() -> SimulatorState:
    return make_state()


@pytest.fixture
async def sim(state: SimulatorState) -> AsyncIterator[Sim]:
    transport = httpx.ASGITransport(app=create_app(state))
    headers = {"authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test", headers=headers) as client:
        assert isinstance(state.clock, ManualClock)
        yield Sim(state, client, state.clock)


class Receiver:
    """A real HTTP server on 127.0.0.1 that keeps what it is sent."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()
                receiver.arrived.set()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r
