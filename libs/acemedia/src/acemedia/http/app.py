"""The HTTP face of a server: streamable HTTP at /mcp (SSE replies, so progress streams), GET /health,
and GET / with a short pointer to both for whoever opens the address in a browser."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from . import (
    BoundedStreams,
    CallerGate,
    HostCheck,
    HostingSettings,
    add_card_route,
    add_cors,
    sse_routes,
    transport_security,
)

if TYPE_CHECKING:
    from ..server import ProviderServer
    from .oauth import SignIn

MAX_REQUEST_BODY_BYTES = 1024 * 1024


BEARER = re.compile(r"^Bearer\s+\S+$", re.IGNORECASE)


class RequireWellFormedBearer:
    """Refuses /mcp requests whose Authorization header is present but not `Bearer <token>`.

    A missing header is fine (the server's own token is used); a malformed one is a client
    misconfiguration that should fail loudly rather than fall back to the server's token.
    """

    def __init__(self, app: ASGIApp, challenge: str = "Bearer") -> None:
        self.app = app
        self.challenge = challenge

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(("/mcp", "/sse", "/messages")):
            values = [v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"]
            if values and not (len(values) == 1 and BEARER.match(values[0].strip())):
                body = {
                    "error": {
                        "code": "bad_authorization",
                        "message": "The Authorization header must be 'Bearer <AceDataCloud API token>'.",
                    }
                }
                headers = {"WWW-Authenticate": self.challenge}
                await JSONResponse(body, status_code=401, headers=headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def build_http_app(
    server: ProviderServer, host: str, hosting: HostingSettings | None = None, signin: SignIn | None = None
) -> Starlette:
    """`host` is the bind address: Host and Origin headers must name it, loopback, or an allowed host.
    With `signin`, the server is also an OAuth authorization server and /mcp takes its tokens."""
    hosting = HostingSettings() if hosting is None else hosting
    if signin is not None:
        # the public name in MCP_SERVER_URL is, by definition, a name this server answers to
        hosting = replace(
            hosting,
            allowed_hosts=(*hosting.allowed_hosts, signin.settings.public_host),
            allowed_origins=(*hosting.allowed_origins, signin.settings.server_url),
        )

    async def health(_: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "server": server.mcp.name,
                "version": server.version,
                "sandbox": server.runtime.sandbox is not None,
            }
        )

    async def index(_: Request) -> Response:
        return PlainTextResponse(
            f"{server.mcp.name} {server.version}: an MCP server. Point an MCP client at /mcp "
            "(streamable HTTP); GET /health reports its status.\n"
        )

    server.mcp.custom_route("/health", methods=["GET"])(health)
    server.mcp.custom_route("/", methods=["GET"])(index)
    add_card_route(server, hosting, signin.settings.resource_metadata_url if signin else None)
    app = server.mcp.streamable_http_app(
        streamable_http_path="/mcp",
        stateless_http=True,
        json_response=False,
        max_request_body_size=MAX_REQUEST_BODY_BYTES,
        host=host,
        transport_security=transport_security(hosting, host),
    )
    # the legacy SSE transport, behind the same door
    app.router.routes.extend(sse_routes(server, hosting, host, MAX_REQUEST_BODY_BYTES))
    malformed = 'Bearer error="invalid_request"'
    if signin is not None:
        app.router.routes.extend(signin.routes(server.mcp.name))
        malformed = signin.challenge("invalid_request")
    app.add_middleware(BoundedStreams, limits=hosting.sse)
    app.add_middleware(RequireWellFormedBearer, challenge=malformed)
    # outermost: the Host check answers first, before anything about tokens
    app.add_middleware(CallerGate, serves_anonymous=hosting.serves_anonymous, signin=signin)
    app.add_middleware(HostCheck, security=transport_security(hosting, host))
    add_cors(app, hosting)
    _drain_streams_on_shutdown(app, signin)
    return app


def _drain_streams_on_shutdown(app: Starlette, signin: SignIn | None = None) -> None:
    """Let in-flight SSE replies finish when the server is asked to stop.

    sse-starlette would otherwise close every open stream as soon as uvicorn sees SIGTERM, failing
    calls that were about to answer. Uvicorn itself waits for open requests (up to its graceful
    shutdown timeout); once the app shuts down, any stream still open is told to end.
    """
    from contextlib import asynccontextmanager

    from sse_starlette.sse import AppStatus

    AppStatus.disable_automatic_graceful_drain()  # type: ignore[no-untyped-call]
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: Starlette) -> AsyncIterator[None]:
        async with inner(application):
            try:
                yield
            finally:
                AppStatus.should_exit = True
                if signin is not None:
                    await signin.aclose()

    app.router.lifespan_context = lifespan
