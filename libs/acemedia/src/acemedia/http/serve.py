"""HTTP mode's start: its settings, read with the rest at start, and the server it runs (uvicorn)."""

from __future__ import annotations

import logging
import signal
import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .config import HostingSettings
from .oauth import OAuthSettings, SignIn
from .store import SharedState, Vault

if TYPE_CHECKING:
    from ..server import ProviderServer

log = logging.getLogger("acemedia")
GRACEFUL_SHUTDOWN_SECONDS = 30


@dataclass(frozen=True)
class HostedSetup:
    """What `--transport http` reads from the environment; a `ConfigError` says what is wrong."""

    hosting: HostingSettings
    shared: SharedState
    oauth: OAuthSettings | None
    vault: Vault | None

    @classmethod
    def from_env(cls) -> HostedSetup:
        hosting, shared, oauth = HostingSettings.from_env(), SharedState.from_env(), OAuthSettings.from_env()
        vault = shared.vault_named("acemedia:oauth", "OAuth sign-in (MCP_SERVER_URL)") if oauth else None
        return cls(hosting, shared, oauth, vault)

    def serving_anonymous_callers(self) -> HostedSetup:
        """The setup of a sandbox: callers without a token of their own are served with the server's."""
        return replace(self, hosting=replace(self.hosting, anonymous="server-token"))

    def serve(self, server: ProviderServer, host: str, port: int, level: str) -> None:
        signin = None
        if self.oauth is not None and self.vault is not None:
            signin = SignIn(self.oauth, self.vault)
            log.info("OAuth sign-in on: issuer %s, resource %s", self.oauth.issuer, self.oauth.resource)
        serve_http(server, host, port, level, self.hosting, signin)


def serve_http(
    server: ProviderServer,
    host: str,
    port: int,
    level: str,
    hosting: HostingSettings | None = None,
    signin: SignIn | None = None,
) -> None:
    import uvicorn

    from .app import build_http_app

    app = build_http_app(server, host, hosting, signin)
    log.info("serving %s on http://%s:%d/mcp", server.mcp.name, host, port)
    # uvicorn re-raises the signal it stopped on; after a graceful drain that is a clean exit
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # log_config=None: uvicorn's loggers go through ours, in one format
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=level.lower(),
        log_config=None,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
