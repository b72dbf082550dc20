"""The simulator as a Starlette app: the media host, a harness's extra routes, and every other path behaves like the upstream.

On each upstream request due callbacks are sent first, then it is routed: unknown path 404 `no_api`,
missing or refused bearer token 401 `invalid_token`, bad JSON 400 `bad_request`, else a submit
(handlers.py) or a task query. A harness's hook (hooks.py) sees each request as it arrives and may
answer it instead once the callbacks are out.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from .handlers import query, submit
from .hooks import Answer, RequestHook, UpstreamCall
from .media import media_routes
from .replies import error_response
from .state import SimulatorState

log = logging.getLogger("acemedia.simulator")

# The server's own `send`, kept in the scope so a hook can reach the connection (see UpstreamCall.send).
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
    """The ASGI endpoint behind every path no other route serves."""

    def __init__(self, state: SimulatorState, hook: RequestHook | None = None) -> None:
        self.state = state
        self.hook = hook

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        raw = await request.body()
        token = bearer_token(request.headers.get("authorization"))
        call = UpstreamCall(request.method, request.url.path, token, raw, scope.get(RAW_SEND))
        visit = self.hook(call) if self.hook is not None else None
        await self.state.deliver_callbacks()
        answer = await visit.intercept() if visit is not None else None
        if answer is None:
            answer = await self.answer(call)
        if visit is not None:
            visit.finish(answer)
        if answer.response is not None:
            await answer.response(scope, receive, send)

    async def answer(self, call: UpstreamCall) -> Answer:
        table, token = self.state.endpoints, call.token
        endpoint, provider = table.by_path.get(call.path), table.task_paths.get(call.path)
        if endpoint is None and provider is None:
            return Answer(error_response("no_api"))
        if call.method != "POST":
            return Answer(error_response("method_not_allowed", headers={"Allow": "POST"}))
        if token is None or not self.state.accepts(token):
            missing = "No token specified for the request." if token is None else None
            return Answer(error_response("invalid_token", missing))
        body = call.body
        if not isinstance(body, dict):
            return Answer(error_response("bad_request", "The json payload is not valid to request the API."))
        if provider is not None:
            return Answer(query(self.state, provider, body, token))
        assert endpoint is not None
        return Answer(*await submit(self.state, endpoint, body, token))


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


def create_app(
    state: SimulatorState,
    *,
    tick_interval: float | None = None,
    routes: Sequence[BaseRoute] = (),
    hook: RequestHook | None = None,
) -> Starlette:
    """The simulator app. `tick_interval` (seconds) starts a background callback ticker in the app's lifespan;
    `routes` are served before the media host and the upstream, and `hook` sees every upstream request."""
    app = SimulatorApp(
        routes=[*routes, *media_routes(state.media), Route("/{path:path}", Upstream(state, hook))],
        lifespan=_lifespan(state, tick_interval),
    )
    app.state.simulator = state
    return app
