"""OAuth settings, read from the same variables as the existing servers: `MCP_SERVER_URL` turns it on."""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...errors import ConfigError
from ...hosted_settings import OAuthVariables as OAuth
from ...settings import default, read, variable

SCOPE = "mcp:access"  # the one scope an MCP client asks for, as the existing servers name it
MCP_PATH = "/mcp"
CALLBACK_PATH = "/oauth/callback"


@dataclass(frozen=True)
class OAuthSettings:
    server_url: str  # the public base URL, e.g. https://media.mcp.example.com (no trailing slash)
    client_id: str  # this deployment's client at AceDataCloud's auth server
    auth_base_url: str = default(OAuth, "auth_base_url")
    platform_base_url: str = default(OAuth, "platform_base_url")
    access_seconds: int = default(OAuth, "access_seconds")
    refresh_seconds: int = default(OAuth, "refresh_seconds")
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
        if not read(OAuth, environ, "server_url").server_url:
            return None
        found = read(OAuth, environ)
        if not found.client_id:
            raise ConfigError(
                f"{variable(OAuth, 'client_id')} must be set when {variable(OAuth, 'server_url')} turns OAuth "
                "sign-in on: it is this deployment's client id at AceDataCloud's auth server"
            )
        return cls(**found.model_dump(exclude={"ca_file"}), ca_file=found.ca_file or None)
