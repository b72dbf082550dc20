"""The authorization server the MCP SDK's OAuth routes call into: clients, sign-ins, codes, tokens.

A sign-in passes through AceDataCloud: `/authorize` remembers the client's request and sends the
browser to AceDataCloud's sign-in; the callback (`finish`) exchanges that code, finds the user's API
credential, and hands the client a one-time code of ours. Every record lives in the shared store,
so each step may reach a different replica.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationCode,
    AuthorizationParams,
    AuthorizeError,
    RefreshToken,
    RegistrationError,
    TokenError,
    construct_redirect_uri,
)
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken

from ..store import Vault
from .acedata import AceDataSignIn
from .client_documents import ClientDocuments, DocumentRefused, is_document_url
from .grants import Grant, IssuedAccessToken, IssuedRefreshToken, TokenBook, new_chain
from .settings import SCOPE, OAuthSettings

PENDING_SECONDS = 600  # a sign-in left open longer starts over
CODE_SECONDS = 300
# a registered client nobody signs in with for this long is forgotten (each use starts it again), so
# anonymous registrations cannot fill the store
CLIENT_SECONDS = 90 * 24 * 3600
LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")


class SignInExpired(Exception):
    """The callback's `state` is unknown: too old, already finished, or made up."""


def _check_redirect(uri: str) -> None:
    parts = urlsplit(uri)
    if parts.fragment:
        raise RegistrationError("invalid_redirect_uri", "redirect URIs must not have a fragment")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise RegistrationError(
            "invalid_redirect_uri", "plain http redirect URIs are only allowed on loopback"
        )
    if parts.scheme in ("javascript", "data", "file", "vbscript"):
        raise RegistrationError("invalid_redirect_uri", f"{parts.scheme}: redirect URIs are not allowed")


class AceMediaAuthProvider:
    def __init__(
        self,
        settings: OAuthSettings,
        vault: Vault,
        upstream: AceDataSignIn,
        documents: ClientDocuments,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.vault = vault
        self.upstream = upstream
        self.documents = documents
        self.clock = clock
        self.tokens = TokenBook(
            vault,
            access_seconds=settings.access_seconds,
            refresh_seconds=settings.refresh_seconds,
            clock=clock,
        )

    # -- clients ------------------------------------------------------------------------------------

    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        if is_document_url(client_id):
            try:
                return await self.documents.client(client_id)
            except DocumentRefused:
                return None
        record = await self.vault.run(lambda: self.vault.get("client", client_id))
        return None if record is None else OAuthClientInformationFull.model_validate(record)

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        for uri in client_info.redirect_uris or []:
            _check_redirect(str(uri))
        if not client_info.redirect_uris:
            raise RegistrationError("invalid_redirect_uri", "at least one redirect URI is required")
        await self.vault.run(lambda: self._keep(client_info))

    def _keep(self, client: OAuthClientInformationFull) -> None:
        if client.client_id is None or is_document_url(client.client_id):
            return  # a metadata document is its own registration
        ttl = max(CLIENT_SECONDS, self.settings.refresh_seconds)
        self.vault.put("client", client.client_id, client.model_dump(mode="json", exclude_none=True), ttl=ttl)

    # -- the sign-in --------------------------------------------------------------------------------

    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        if not self.settings.names_this_server(params.resource):
            raise AuthorizeError(
                "invalid_target", f"this server only issues tokens for {self.settings.resource}"
            )
        state = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(48)
        pending = {
            "client_id": client.client_id,
            "redirect_uri": str(params.redirect_uri),
            "explicit": params.redirect_uri_provided_explicitly,
            "state": params.state,
            "code_challenge": params.code_challenge,
            "scopes": params.scopes or [SCOPE],
            "verifier": verifier,
        }
        await self.vault.run(lambda: self.vault.put("pending", state, pending, ttl=PENDING_SECONDS))
        return self.upstream.authorize_url(state, verifier)

    async def finish(self, state: str, code: str | None, error: str | None) -> str:
        """Where the browser goes after AceDataCloud's sign-in: back to the client, with our code."""
        pending = await self.vault.run(lambda: self.vault.take("pending", state)) if state else None
        if pending is None:
            raise SignInExpired()
        back = {"state": pending["state"], "iss": self.settings.issuer}
        if error or not code:
            reason = "access_denied" if error == "access_denied" else "server_error"
            return construct_redirect_uri(pending["redirect_uri"], error=reason, **back)
        jwt = await self.upstream.exchange(code, pending["verifier"])
        user, credential = await self.upstream.credential(jwt)
        ours = secrets.token_urlsafe(32)
        record = {
            **{k: pending[k] for k in ("client_id", "redirect_uri", "explicit", "code_challenge", "scopes")},
            "subject": user,
            "credential": credential,
            "expires_at": self.clock() + CODE_SECONDS,
        }
        await self.vault.run(lambda: self.vault.put("code", ours, record, ttl=CODE_SECONDS))
        return construct_redirect_uri(pending["redirect_uri"], code=ours, **back)

    # -- codes and tokens ---------------------------------------------------------------------------

    async def load_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: str
    ) -> AuthorizationCode | None:
        record = await self.vault.run(lambda: self._code(authorization_code))
        if record is None:
            return None
        return AuthorizationCode(
            code=authorization_code,
            scopes=record["scopes"],
            expires_at=record["expires_at"],
            client_id=record["client_id"],
            code_challenge=record["code_challenge"],
            redirect_uri=record["redirect_uri"],
            redirect_uri_provided_explicitly=record["explicit"],
            resource=self.settings.resource,
            subject=record["subject"],
        )

    async def exchange_authorization_code(
        self, client: OAuthClientInformationFull, authorization_code: AuthorizationCode
    ) -> OAuthToken:
        issued = await self.vault.run(lambda: self._redeem(client, authorization_code.code))
        if issued is None:  # another request redeemed it a moment ago
            raise TokenError("invalid_grant", "authorization code was already used")
        return issued

    def _code(self, code: str) -> dict[str, Any] | None:
        record = self.vault.get("code", code)
        if record is None:
            spent = self.vault.get("spent-code", code)
            if spent is not None:  # a code replayed: the tokens it gave are revoked (RFC 6749 §4.1.2)
                self.tokens.revoke_chain(str(spent["chain"]))
        return record

    def _redeem(self, client: OAuthClientInformationFull, code: str) -> OAuthToken | None:
        record = self.vault.take("code", code)
        if record is None:
            return None
        chain = new_chain()
        self._keep(client)
        self.vault.put("spent-code", code, {"chain": chain}, ttl=CODE_SECONDS)
        grant = Grant(
            chain=chain,
            client_id=str(record["client_id"]),
            scopes=list(record["scopes"]),
            resource=self.settings.resource,
            subject=str(record["subject"]),
            credential=str(record["credential"]),
        )
        return self.tokens.issue(grant)

    async def load_refresh_token(
        self, client: OAuthClientInformationFull, refresh_token: str
    ) -> RefreshToken | None:
        return await self.vault.run(lambda: self.tokens.refresh_token(refresh_token))

    async def exchange_refresh_token(
        self, client: OAuthClientInformationFull, refresh_token: RefreshToken, scopes: list[str]
    ) -> OAuthToken:
        issued = await self.vault.run(lambda: self.tokens.rotate(refresh_token.token, scopes))
        if issued is None:
            raise TokenError("invalid_grant", "refresh token was already used")
        await self.vault.run(lambda: self._keep(client))
        return issued

    async def load_access_token(self, token: str) -> AccessToken | None:
        return await self.vault.run(lambda: self.tokens.access_token(token))

    async def revoke_token(self, token: AccessToken | RefreshToken) -> None:
        if isinstance(token, IssuedRefreshToken):
            chain = token.chain
            await self.vault.run(lambda: self.tokens.revoke_chain(chain))  # and every access token it gave
        elif isinstance(token, IssuedAccessToken):
            access = token.token
            await self.vault.run(lambda: self.tokens.drop_access(access))

    async def exchange_identity_assertion(
        self, client: OAuthClientInformationFull, params: Any
    ) -> OAuthToken:
        raise TokenError("unsupported_grant_type", "identity assertions are not accepted here")
