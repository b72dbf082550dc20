"""The tokens this server issues after a sign-in, kept sealed in the shared store.

A sign-in starts a *chain*: short-lived access tokens and a refresh token that is replaced at each
use. The user's AceDataCloud credential is in every record, sealed, and never leaves the server.
A refresh token used twice means it leaked: the whole chain is revoked, on every replica at once.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from mcp.server.auth.provider import AccessToken, RefreshToken
from mcp.shared.auth import OAuthToken

from ..store import Vault

ACCESS_PREFIX = "acm_at_"
REFRESH_PREFIX = "acm_rt_"


@dataclass(frozen=True)
class Grant:
    """What one sign-in allows: the same for every token of its chain."""

    chain: str
    client_id: str
    scopes: list[str]
    resource: str
    subject: str
    credential: str


class IssuedAccessToken(AccessToken):
    chain: str


class IssuedRefreshToken(RefreshToken):
    chain: str


@dataclass(frozen=True)
class AccessCheck:
    """A presented access token: the grant when valid, else why not (for `error_description`)."""

    grant: Grant | None
    problem: str = ""


class TokenBook:
    def __init__(
        self,
        vault: Vault,
        *,
        access_seconds: int,
        refresh_seconds: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.vault = vault
        self.access_seconds = access_seconds
        self.refresh_seconds = refresh_seconds
        self.clock = clock

    def issue(self, grant: Grant) -> OAuthToken:
        access = ACCESS_PREFIX + secrets.token_urlsafe(32)
        refresh = REFRESH_PREFIX + secrets.token_urlsafe(32)
        now = self.clock()
        self.vault.put(
            "access",
            access,
            {**asdict(grant), "expires_at": now + self.access_seconds},
            ttl=self.access_seconds,
        )
        self.vault.put(
            "refresh",
            refresh,
            {**asdict(grant), "expires_at": now + self.refresh_seconds},
            ttl=self.refresh_seconds,
        )
        return OAuthToken(
            access_token=access,
            token_type="Bearer",
            expires_in=self.access_seconds,
            scope=" ".join(grant.scopes),
            refresh_token=refresh,
        )

    # -- access tokens ------------------------------------------------------------------------------

    def check(self, token: str, resource: str) -> AccessCheck:
        record = self.vault.get("access", token)
        if record is None:
            return AccessCheck(
                None, "The access token is unknown, revoked or expired; sign in again or refresh it"
            )
        grant = _grant(record)
        if float(record["expires_at"]) <= self.clock():
            return AccessCheck(None, "The access token has expired; refresh it")
        if self._revoked(grant.chain):
            return AccessCheck(None, "The access token was revoked; sign in again")
        if grant.resource != resource:
            return AccessCheck(None, "The access token was issued for another resource")
        return AccessCheck(grant)

    def access_token(self, token: str) -> IssuedAccessToken | None:
        record = self.vault.get("access", token)
        if record is None or self._revoked(record["chain"]):
            return None
        return _described(IssuedAccessToken, token, record)

    def drop_access(self, token: str) -> None:
        self.vault.delete("access", token)

    # -- refresh tokens -----------------------------------------------------------------------------

    def refresh_token(self, token: str) -> IssuedRefreshToken | None:
        record = self.vault.get("refresh", token)
        if record is None:
            spent = self.vault.get("spent-refresh", token)
            if spent is not None:  # replayed: whoever holds it, the chain is no longer safe
                self.revoke_chain(str(spent["chain"]))
            return None
        if self._revoked(record["chain"]):
            return None
        return _described(IssuedRefreshToken, token, record)

    def rotate(self, token: str, scopes: list[str]) -> OAuthToken | None:
        """New tokens for a refresh token, which is spent; None when another request spent it first."""
        record = self.vault.take("refresh", token)
        if record is None or self._revoked(record["chain"]):
            return None
        self.vault.put("spent-refresh", token, {"chain": record["chain"]}, ttl=self.refresh_seconds)
        grant = _grant(record)
        return self.issue(Grant(**{**asdict(grant), "scopes": scopes}))

    # -- revocation ---------------------------------------------------------------------------------

    def revoke_chain(self, chain: str) -> None:
        self.vault.put("revoked-chain", chain, {"at": self.clock()}, ttl=self.refresh_seconds)

    def _revoked(self, chain: str) -> bool:
        return self.vault.get("revoked-chain", chain) is not None


def new_chain() -> str:
    return secrets.token_urlsafe(16)


T = TypeVar("T", IssuedAccessToken, IssuedRefreshToken)


def _described(kind: type[T], token: str, record: dict[str, Any]) -> T:
    """A stored record as the SDK's token model, for its token and revocation handlers."""
    grant = _grant(record)
    return kind(
        token=token,
        client_id=grant.client_id,
        scopes=grant.scopes,
        expires_at=int(record["expires_at"]),
        resource=grant.resource,
        subject=grant.subject,
        chain=grant.chain,
    )


def _grant(record: dict[str, object]) -> Grant:
    fields = {name: record[name] for name in Grant.__dataclass_fields__}
    return Grant(**fields)  # type: ignore[arg-type]
