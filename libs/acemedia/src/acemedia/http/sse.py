"""The legacy SSE transport (`GET /sse`, `POST /messages/`) for clients that speak only it.

Its event streams are long-lived by design, so they are for callers with a token only, a few per
caller, each closed after `ACEMEDIA_SSE_MAX_SECONDS`. A session answers only the token that opened it.
Sessions live in the process that opened them: behind a load balancer, route `/sse` and `/messages/`
to one replica per session (streamable HTTP at /mcp needs no such thing).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import anyio
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .config import STREAMS_ENV, HostingSettings, StreamLimits
from .hosts import transport_security

if TYPE_CHECKING:
    from ..server import ProviderServer

SSE_PATH, MESSAGES_PATH = "/sse", "/messages/"


class BoundedStreams:
    """Counts open `GET /sse` streams per caller and ends each one after its time."""

    def __init__(self, app: ASGIApp, *, limits: StreamLimits) -> None:
        self.app = app
        self.limits = limits
        self._open: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != SSE_PATH:
            await self.app(scope, receive, send)
            return
        user = scope.get("user")
        key = getattr(user, "username", "") or f"anonymous:{(scope.get('client') or ('?',))[0]}"
        if self._open[key] >= self.limits.per_caller:
            body = {
                "error": {
                    "code": "too_many_streams",
                    "message": f"This caller already has {self.limits.per_caller} SSE streams open ({STREAMS_ENV}).",
                }
            }
            await JSONResponse(body, status_code=429)(scope, receive, send)
            return
        self._open[key] += 1
        try:
            with anyio.move_on_after(self.limits.max_seconds):
                await self.app(scope, receive, send)
        finally:
            self._open[key] -= 1
            if not self._open[key]:
                del self._open[key]


def sse_routes(server: ProviderServer, hosting: HostingSettings, host: str, max_body: int) -> list[BaseRoute]:
    app: Starlette = server.mcp.sse_app(
        sse_path=SSE_PATH,
        message_path=MESSAGES_PATH,
        max_request_body_size=max_body,
        transport_security=transport_security(hosting, host),
        host=host,
    )
    # only the transport's own two routes: the custom routes are already served
    return [
        r
        for r in app.routes
        if (isinstance(r, Route) and r.path == SSE_PATH)
        or (isinstance(r, Mount) and r.path + "/" == MESSAGES_PATH)
    ]
