"""DNS-rebinding protection for every bind address: Host and Origin must be ones this server answers to."""

from __future__ import annotations

from mcp.server.transport_security import TransportSecurityMiddleware, TransportSecuritySettings
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from .card import CARD_PATH
from .config import HostingSettings

PUBLIC_PATHS = ("/health", CARD_PATH)  # read-only and the same for everyone: fetched by registries too


def transport_security(hosting: HostingSettings, bind: str) -> TransportSecuritySettings:
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=hosting.checks_hosts,
        allowed_hosts=hosting.host_patterns(bind),
        allowed_origins=hosting.origin_patterns(bind),
    )


class HostCheck:
    """Checks Host and Origin on every HTTP request but /health, before any other layer answers."""

    def __init__(self, app: ASGIApp, *, security: TransportSecuritySettings) -> None:
        self.app = app
        self.check = TransportSecurityMiddleware(security)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in PUBLIC_PATHS:
            refused = await self.check.validate_request(Request(scope))
            if refused is not None:
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)
