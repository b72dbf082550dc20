"""Sign-in as one part: what `build_http_app` mounts, and how the door checks a bearer token."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from starlette.routing import Route

from ..store import Vault
from .acedata import AceDataSignIn
from .client_documents import ClientDocuments
from .grants import ACCESS_PREFIX
from .provider import AceMediaAuthProvider
from .routes import signin_routes
from .settings import OAuthSettings

UPSTREAM_SECONDS = 20.0


@dataclass(frozen=True)
class BearerCheck:
    """A bearer token at the door: the credential to call upstream with, or why it is refused."""

    credential: str | None
    problem: str = ""


class SignIn:
    def __init__(
        self,
        settings: OAuthSettings,
        vault: Vault,
        *,
        http: httpx.AsyncClient | None = None,
        documents: ClientDocuments | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.http = http or httpx.AsyncClient(timeout=UPSTREAM_SECONDS, trust_env=False)
        documents = documents or ClientDocuments(
            verify=settings.trust(), allow_private=settings.allow_private_metadata_hosts
        )
        self.provider = AceMediaAuthProvider(
            settings, vault, AceDataSignIn(settings, self.http), documents, clock=clock
        )

    def routes(self, server_name: str) -> list[Route]:
        return signin_routes(self.provider, server_name)

    def check(self, token: str) -> BearerCheck:
        """Our own access tokens are looked up; any other token is an AceDataCloud API token that
        the caller pasted, passed upstream as it is (the upstream decides whether it is valid)."""
        if not token.startswith(ACCESS_PREFIX):
            return BearerCheck(token)
        checked = self.provider.tokens.check(token, self.settings.resource)
        if checked.grant is None:
            return BearerCheck(None, checked.problem)
        return BearerCheck(checked.grant.credential)

    async def verify(self, token: str) -> BearerCheck:
        """`check`, with a remote store's lookups off the event loop."""
        if not token.startswith(ACCESS_PREFIX):
            return BearerCheck(token)
        return await self.provider.vault.run(lambda: self.check(token))

    def challenge(self, error: str = "", description: str = "") -> str:
        """The `WWW-Authenticate` value of a 401: where to discover how to sign in (RFC 9728 §5.1)."""
        parts = []
        if error:
            parts.append(f'error="{error}"')
        if description:
            parts.append(f'error_description="{description}"')
        parts.append(f'resource_metadata="{self.settings.resource_metadata_url}"')
        return "Bearer " + ", ".join(parts)

    async def aclose(self) -> None:
        await self.http.aclose()
