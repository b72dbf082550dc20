"""OAuth settings, read from the same variables as the existing servers: `MCP_SERVER_URL` turns it on."""

from __future__ import annotations

import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...errors import ConfigError

SERVER_URL_ENV = "MCP_SERVER_URL"
AUTH_BASE_ENV = "ACEDATACLOUD_AUTH_BASE_URL"
PLATFORM_BASE_ENV = "ACEDATACLOUD_PLATFORM_BASE_URL"
CLIENT_ID_ENV = "ACEDATACLOUD_OAUTH_CLIENT_ID"
ACCESS_SECONDS_ENV = "ACEMEDIA_OAUTH_ACCESS_TOKEN_SECONDS"
REFRESH_SECONDS_ENV = "ACEMEDIA_OAUTH_REFRESH_TOKEN_SECONDS"
CA_FILE_ENV = "ACEMEDIA_OAUTH_CA_FILE"
PRIVATE_DOCS_ENV = "ACEMEDIA_OAUTH_ALLOW_PRIVATE_METADATA_HOSTS"

SCOPE = "mcp:access"  # the one scope an MCP client asks for, as the existing servers name it
MCP_PATH = "/mcp"
CALLBACK_PATH = "/oauth/callback"


@dataclass(frozen=True)
class OAuthSettings:
    server_url: str  # the public base URL, e.g. https://media.mcp.example.com (no trailing slash)
    client_id: str  # this deployment's client at AceDataCloud's auth server
    auth_base_url: str = "https://auth.acedata.cloud"
    platform_base_url: str = "https://platform.acedata.cloud"
    access_seconds: int = 3600
    refresh_seconds: int = 30 * 24 * 3600
    ca_file: str | None = None  # extra trust for fetching client metadata documents (a private CA)
    allow_private_metadata_hosts: bool = False  # fetch documents from loopback/private addresses (tests)

    @property
    def issuer(self) -> str:
        return self.server_url

    @property
    def resource(self) -> str:
        """The resource indicator (RFC 8707) tokens are bound to: the MCP endpoint's URL."""
        return self.server_url + MCP_PATH

    @property
    def callback_url(self) -> str:
        return self.server_url + CALLBACK_PATH

    @property
    def resource_metadata_url(self) -> str:
        parts = urlsplit(self.server_url)
        return f"{parts.scheme}://{parts.netloc}/.well-known/oauth-protected-resource{MCP_PATH}"

    @property
    def public_host(self) -> str:
        return urlsplit(self.server_url).netloc

    def names_this_server(self, resource: str | None) -> bool:
        """Whether a client's `resource` parameter means this server (absent: yes)."""
        if resource is None:
            return True
        return resource.rstrip("/") in (self.resource, self.server_url)

    def trust(self) -> ssl.SSLContext | bool:
        if self.ca_file is None:
            return True
        context = ssl.create_default_context()
        context.load_verify_locations(cafile=self.ca_file)
        return context

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> OAuthSettings | None:
        """None when `MCP_SERVER_URL` is not set: no sign-in, bearer tokens are passed through."""
        env = os.environ if environ is None else environ
        server_url = env.get(SERVER_URL_ENV, "").strip().rstrip("/")
        if not server_url:
            return None
        _check_base_url(SERVER_URL_ENV, server_url)
        client_id = env.get(CLIENT_ID_ENV, "").strip()
        if not client_id:
            raise ConfigError(
                f"{CLIENT_ID_ENV} must be set when {SERVER_URL_ENV} turns OAuth sign-in on: it is this "
                "deployment's client id at AceDataCloud's auth server"
            )
        auth = env.get(AUTH_BASE_ENV, "").strip().rstrip("/") or cls.auth_base_url
        platform = env.get(PLATFORM_BASE_ENV, "").strip().rstrip("/") or cls.platform_base_url
        _check_base_url(AUTH_BASE_ENV, auth)
        _check_base_url(PLATFORM_BASE_ENV, platform)
        ca_file = env.get(CA_FILE_ENV, "").strip() or None
        if ca_file is not None and not os.path.isfile(ca_file):
            raise ConfigError(
                f"{CA_FILE_ENV} must name a PEM file of trusted certificates; {ca_file!r} is not a file"
            )
        return cls(
            server_url=server_url,
            client_id=client_id,
            auth_base_url=auth,
            platform_base_url=platform,
            access_seconds=_seconds(env, ACCESS_SECONDS_ENV, cls.access_seconds),
            refresh_seconds=_seconds(env, REFRESH_SECONDS_ENV, cls.refresh_seconds),
            ca_file=ca_file,
            allow_private_metadata_hosts=env.get(PRIVATE_DOCS_ENV, "").strip().lower()
            in ("1", "true", "yes"),
        )


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _check_base_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name} must be an http(s) URL like https://media.mcp.example.com, got {url!r}")
    if parts.query or parts.fragment:
        raise ConfigError(f"{name} must not have a query or fragment, got {url!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise ConfigError(f"{name} must use https (plain http only on loopback), got {url!r}")


def _seconds(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 60:
        raise ConfigError(f"{name} must be a whole number of seconds, at least 60; got {raw!r}")
    return int(raw)
