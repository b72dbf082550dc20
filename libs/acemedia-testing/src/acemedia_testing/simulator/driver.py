"""Test drivers for a simulator: an httpx client on its ASGI app with a manual clock, and a loopback callback receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Generic, TypeVar

import httpx
from acemedia import simulator as engine
from starlette.types import ASGIApp

TOKEN = "sim-test-token"
EPOCH = 1_760_000_000.0

S = TypeVar("S", bound=engine.SimulatorState)


def manual_state(kind: type[S], **options: Any) -> S:
    """A simulator of `kind` on a manual clock at 1000 s, 10 s jobs and the classic dialect (exact bytes)."""
    options.setdefault("clock", engine.ManualClock(1000.0))
    options.setdefault("epoch", EPOCH)
    options.setdefault("job_seconds", 10.0)
    options.setdefault("dialect", "classic")
    return kind(**options)


class Sim(Generic[S]):
    """A test driver: an httpx client on the ASGI app, plus the state and its manual clock."""

    def __init__(self, state: S, client: httpx.AsyncClient, clock: engine.ManualClock) -> None:
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


@asynccontextmanager
async def driving(state: S, app: ASGIApp) -> AsyncIterator[Sim[S]]:
    """A `Sim` on `app` (the ASGI app of `state`, whose clock is manual), sending `TOKEN`."""
    clock = state.manual_clock
    assert clock is not None, "the driver needs a state on a ManualClock"
    transport = httpx.ASGITransport(app=app)
    headers = {"authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test", headers=headers) as client:
        yield Sim(state, client, clock)


class Receiver:
    """A real HTTP server on 127.0.0.1 that keeps what it is sent: `with Receiver() as r: ... r.url`."""

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
