"""CORS for browser-based clients: off unless ACEMEDIA_CORS_ORIGINS lists origins (or `*`)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware

from .config import HostingSettings

ALLOWED_HEADERS = [
    "Authorization",
    "Content-Type",
    "Accept",
    "Mcp-Protocol-Version",
    "Mcp-Session-Id",
    "Last-Event-ID",
]
EXPOSED_HEADERS = ["Mcp-Session-Id", "WWW-Authenticate"]


def add_cors(app: Starlette, hosting: HostingSettings) -> None:
    """Outermost, so a preflight is answered before any other check; bearer tokens, no cookies."""
    if not hosting.cors_origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(hosting.cors_origins),
        allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,
        max_age=600,
    )
