"""The server card at /.well-known/mcp/server-card.json, built from what the server really serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .config import HostingSettings

if TYPE_CHECKING:
    from ..server import ProviderServer

CARD_PATH = "/.well-known/mcp/server-card.json"


async def server_card(server: ProviderServer, hosting: HostingSettings) -> dict[str, Any]:
    mcp = server.mcp
    tools = sorted(await mcp.list_tools(), key=lambda t: t.name)
    resources = await mcp.list_resources()
    templates = await mcp.list_resource_templates()
    return {
        "serverInfo": {"name": mcp.name, "title": mcp.title, "version": server.version},
        "transports": [{"type": "streamable-http", "url": "/mcp"}],
        "authentication": {"required": not hosting.serves_anonymous, "schemes": ["bearer"]},
        "tools": [{"name": t.name, "title": t.title, "description": t.description or ""} for t in tools],
        "prompts": [{"name": p.name, "description": p.description or ""} for p in await mcp.list_prompts()],
        "resources": [{"uri": str(r.uri), "name": r.name} for r in resources]
        + [{"uriTemplate": t.uri_template, "name": t.name} for t in templates],
    }


def add_card_route(server: ProviderServer, hosting: HostingSettings) -> None:
    async def card(_: Request) -> Response:
        return JSONResponse(await server_card(server, hosting))

    server.mcp.custom_route(CARD_PATH, methods=["GET"])(card)
