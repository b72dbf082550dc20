"""The simulator as a Starlette app: `/_sim/*` control routes, and every other path behaves like the upstream.

Each upstream request is journaled, then due callbacks are sent, then an injected fault may answer
instead, and finally the request is routed: unknown path 404 `no_api`, missing or refused bearer
token 401 `invalid_token`, bad JSON 400 `bad_request`, else a submit (handlers.py) or a task query.
The auth server's `/oauth2/*` (signin.py) and the platform API's `/api/v1/*` (platform.py) are served
beside them, so a whole sign-in runs against the simulator; neither is journaled.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from .admin import admin_routes
from .faults import drop_connection
from .handlers import query, submit
from .jobs import Job
from .journal import decode_body
from .media import media_routes
from .platform import platform_routes
from .replies import error_response
from .signin import signin_routes
from .state import SimulatorState

log = logging.getLogger("acemedia.simulator")

# The server's own `send`, kept in the scope so a `reset` fault can reach the connection (see faults.py).
RAW_SEND = "acemedia.simulator.raw_send"


class SimulatorApp(Starlette):
    """A Starlette app that remembers the server's `send` callable before middleware wraps it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope[RAW_SEND] = send
        await super().__call__(scope, receive, send)


def bearer_token(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None when missing or malformed."""
    scheme, _, token = (header or "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token and " " not in token else None


class Upstream:
    """The ASGI endpoint behind every non-admin path."""

    def __init__(self, state: SimulatorState) -> None:
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = self.state
        request = Request(scope, receive)
        raw = await request.body()
        path = request.url.path
        token = bearer_token(request.headers.get("authorization"))
        entry = state.journal.record_request(state.wall(), request.method, path, token, decode_body(raw))
        await state.deliver_callbacks()
        fault = state.faults.pick(path)
        if fault is not None:
            entry.fault = fault.kind
            if fault.kind == "reset":
                await drop_connection(scope.get(RAW_SEND))
                return
            if fault.kind == "slow":
                await state.sleep(fault.delay)
            else:
                response = fault.response()
                entry.status = response.status_code
                await response(scope, receive, send)
                return
        response, job = await self.answer(request.method, path, raw, token)
        entry.status = response.status_code
        entry.task_id = job.id if job else None
        await response(scope, receive, send)

    async def answer(
        self, method: str, path: str, raw: bytes, token: str | None
    ) -> tuple[Response, Job | None]:
        table = self.state.endpoints
        endpoint, provider = table.by_path.get(path), table.task_paths.get(path)
        if endpoint is None and provider is None:
            return error_response("no_api"), None
        if method != "POST":
            return error_response("method_not_allowed", headers={"Allow": "POST"}), None
        if token is None or not self.state.accepts(token):
            missing = "No token specified for the request." if token is None else None
            return error_response("invalid_token", missing), None
        body = decode_body(raw)
        if not isinstance(body, dict):
            return error_response("bad_request", "The json payload is not valid to request the API."), None
        if provider is not None:
            return query(self.state, provider, body, token), None
        assert endpoint is not None
        return await submit(self.state, endpoint, body, token)


def _lifespan(
    state: SimulatorState, tick_interval: float | None
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not tick_interval:
            yield
            return
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(_tick, state, tick_interval)
            yield
            tasks.cancel_scope.cancel()

    return lifespan


async def _tick(state: SimulatorState, interval: float) -> None:
    """Sends due callbacks even when no request arrives."""
    while True:
        await anyio.sleep(interval)
        try:
            await state.deliver_callbacks()
        except Exception:  # a broken callback must not stop the simulator
            log.exception("callback delivery failed")


def create_app(state: SimulatorState, *, tick_interval: float | None = None) -> Starlette:
    """The simulator app. `tick_interval` (seconds) starts a background callback ticker in the app's lifespan."""
    routes: list[Any] = [
        *admin_routes(state),
        *media_routes(state.media),
        *signin_routes(state.auth),
        *platform_routes(state.platform, state.auth),
        Route("/{path:path}", Upstream(state)),
    ]
    app = SimulatorApp(routes=routes, lifespan=_lifespan(state, tick_interval))
    app.state.simulator = state
    return app
