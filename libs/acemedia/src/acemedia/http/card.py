"""The server card at /.well-known/mcp/server-card.json, built from what the server really serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .config import HostingSettings

if TYPE_CHECKING:
    from ..server import ProviderServer

CARD_PATH = "/.well-known/mcp/server-card.json"


async def server_card(
    server: ProviderServer, hosting: HostingSettings, resource_metadata: str | None = None
) -> dict[str, Any]:
    mcp = server.mcp
    tools = sorted(await mcp.list_tools(), key=lambda t: t.name)
    resources = await mcp.list_resources()
    templates = await mcp.list_resource_templates()
    return {
        "serverInfo": {"name": mcp.name, "title": mcp.title, "version": server.version},
        "transports": [{"type": "streamable-http", "url": "/mcp"}],
        "authentication": _authentication(hosting, resource_metadata),
        "tools": [{"name": t.name, "title": t.title, "description": t.description or ""} for t in tools],
        "prompts": [{"name": p.name, "description": p.description or ""} for p in await mcp.list_prompts()],
        "resources": [{"uri": str(r.uri), "name": r.name} for r in resources]
        + [{"uriTemplate": t.uri_template, "name": t.name} for t in templates],
    }


def _authentication(hosting: HostingSettings, resource_metadata: str | None) -> dict[str, Any]:
    """A bearer token always works; with sign-in on, OAuth too, discovered from the resource metadata."""
    if resource_metadata is None:
        return {"required": not hosting.serves_anonymous, "schemes": ["bearer"]}
    return {
        "required": not hosting.serves_anonymous,
        "schemes": ["bearer", "oauth2"],
        "resourceMetadata": resource_metadata,
    }


def add_card_route(
    server: ProviderServer, hosting: HostingSettings, resource_metadata: str | None = None
) -> None:
    async def card(_: Request) -> Response:
        return JSONResponse(await server_card(server, hosting, resource_metadata))

    server.mcp.custom_route(CARD_PATH, methods=["GET"])(card)
