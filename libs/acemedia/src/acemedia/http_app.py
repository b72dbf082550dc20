"""The HTTP face of a server: streamable HTTP at /mcp (SSE replies, so progress streams) and GET /health."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

if TYPE_CHECKING:
    from .server import ProviderServer

MAX_REQUEST_BODY_BYTES = 1024 * 1024


def build_http_app(server: ProviderServer, host: str) -> Starlette:
    """`host` decides DNS-rebinding protection: loopback hosts only accept loopback Host headers."""

    async def health(_: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "server": server.mcp.name,
                "version": server.version,
                "sandbox": server.runtime.sandbox,
            }
        )

    server.mcp.custom_route("/health", methods=["GET"])(health)
    return server.mcp.streamable_http_app(
        streamable_http_path="/mcp",
        stateless_http=True,
        json_response=False,
        max_request_body_size=MAX_REQUEST_BODY_BYTES,
        host=host,
    )
