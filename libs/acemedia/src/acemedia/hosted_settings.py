"""The environment variables of hosting: HTTP mode, OAuth sign-in, the key that seals shared state.

Declared like those of `acemedia.settings`, and read with its `read`; only HTTP mode and the shared store
load this module, so a stdio server does not pay for it.
"""

from __future__ import annotations

import os
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator

from .settings import Allowed, Items, Refused, Seconds, Variables, Whole, split, switch, var

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _public_url(value: str) -> str:
    url = value.rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"must be an http(s) URL like https://media.mcp.example.com, got {url!r}")
    if parts.query or parts.fragment:
        raise Refused(f"must not have a query or fragment, got {url!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise Refused(f"must use https (plain http only on loopback), got {url!r}")
    return url


def _origins(*, wildcard: bool) -> AfterValidator:
    def check(found: tuple[str, ...]) -> tuple[str, ...]:
        for origin in found:
            if not (origin.startswith(("http://", "https://")) or (wildcard and origin == "*")):
                shown = "origins like https://app.example.com" + (" (or *)" if wildcard else "")
                raise Refused(f"entries must be {shown}, got {origin!r}")
        return found

    return AfterValidator(check)


def _pem_file(value: str) -> str:
    if not os.path.isfile(value):
        raise Refused(f"must name a PEM file of trusted certificates; {value!r} is not a file")
    return value


def _key(value: object) -> object:
    if not isinstance(value, str):
        return value
    if len(text := value.strip()) != 64:
        raise Refused(f"must be 32 bytes as 64 hex characters, got {len(text)} characters")
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise Refused("must be 64 hex characters (0-9, a-f)") from None


PublicUrl = Annotated[str, AfterValidator(_public_url), Allowed("an https URL (http on loopback)")]
Key = Annotated[bytes, BeforeValidator(_key), Allowed("64 hex characters")]


# fmt: off
class KeyVariables(Variables):
    """The key ring that seals what the shared store keeps (AES-256-GCM), so keys can rotate."""

    state_key: Key = var("MCP_OAUTH_STATE_KEY", b"", shown="a fresh key per process (required with Redis)",
        doc="32 bytes (`openssl rand -hex 32`), the same on every replica: seals secrets kept in the "
        "shared store")
    retired_keys: Annotated[tuple[Key, ...], BeforeValidator(split), Allowed("comma-separated keys")] = var(
        "MCP_OAUTH_STATE_KEYS_RETIRED", (), doc="earlier keys that still open what they sealed (rotation)")


class HostingVariables(Variables):
    """HTTP mode: who may call without a token, which Host and Origin headers pass, legacy SSE limits."""

    anonymous: Annotated[Literal["refuse", "server-token"], BeforeValidator(str.lower)] = var(
        "ACEMEDIA_ANONYMOUS_CALLERS", "refuse", doc="a caller without a bearer token: refused (401), or "
        "served with `ACEDATACLOUD_API_TOKEN` (no task list)")
    allowed_hosts: Items = var("ACEMEDIA_ALLOWED_HOSTS", (), doc="extra accepted `Host` names (a proxy's "
        "public name, `name` or `name:port`); `*` turns the Host/Origin check off")
    allowed_origins: Annotated[Items, _origins(wildcard=False)] = var("ACEMEDIA_ALLOWED_ORIGINS", (),
        doc="extra accepted `Origin` values (`https://app.example.com`)")
    cors_origins: Annotated[Items, _origins(wildcard=True)] = var("ACEMEDIA_CORS_ORIGINS", (),
        shown="unset (CORS off)", doc="browser origins answered with CORS headers (or `*`); they also "
        "pass the Origin check")
    sse_streams: Whole = var("ACEMEDIA_MAX_SSE_STREAMS_PER_CALLER", 4, ge=1,
        doc="legacy SSE: open `GET /sse` streams one caller may hold (429 beyond)")
    sse_seconds: Seconds = var("ACEMEDIA_SSE_MAX_SECONDS", 3600.0, gt=0,
        doc="legacy SSE: a stream is closed after this long")


class OAuthVariables(Variables):
    """OAuth sign-in, with the existing servers' variables: `MCP_SERVER_URL` turns it on."""

    server_url: PublicUrl = var("MCP_SERVER_URL", "", shown="unset (OAuth off)",
        doc="the public base URL; turns sign-in on (with `ACEDATACLOUD_OAUTH_CLIENT_ID` and "
        "`pip install 'acemedia-core[hosted]'`)")
    client_id: str = var("ACEDATACLOUD_OAUTH_CLIENT_ID", "", shown="none (required with OAuth)",
        doc="this deployment's client at AceDataCloud")
    auth_base_url: PublicUrl = var("ACEDATACLOUD_AUTH_BASE_URL", "https://auth.acedata.cloud",
        doc="AceDataCloud's OAuth server")
    platform_base_url: PublicUrl = var("ACEDATACLOUD_PLATFORM_BASE_URL", "https://platform.acedata.cloud",
        doc="where the user's credential is found or created")
    access_seconds: Annotated[Whole, Allowed("a whole number of seconds")] = var(
        "ACEMEDIA_OAUTH_ACCESS_TOKEN_SECONDS", 3600, ge=60, doc="access token lifetime")
    refresh_seconds: Annotated[Whole, Allowed("a whole number of seconds")] = var(
        "ACEMEDIA_OAUTH_REFRESH_TOKEN_SECONDS", 30 * 24 * 3600, ge=60, shown="`2592000` (30 days)",
        doc="refresh token lifetime")
    ca_file: Annotated[str, AfterValidator(_pem_file), Allowed("a PEM file")] = var("ACEMEDIA_OAUTH_CA_FILE",
        "", shown="none", doc="extra trusted certificates for fetching metadata documents (a private CA)")
    allow_private_metadata_hosts: Annotated[bool, switch("1", "true", "yes"), Allowed("`1`, `true` or "
        "`yes`")] = var("ACEMEDIA_OAUTH_ALLOW_PRIVATE_METADATA_HOSTS", False, shown="off",
        doc="fetch metadata documents from private addresses (tests, closed networks)")
# fmt: on
