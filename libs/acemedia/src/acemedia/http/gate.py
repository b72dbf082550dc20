"""The door of the MCP endpoints in front of the SDK: no idle event streams at /mcp, no caller
without a token unless the operator chose to serve such callers with the server's own token, and,
with OAuth on, only live tokens of ours (or pasted AceDataCloud API tokens)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ..caller import CALLER_SCOPE, from_authorization
from ..ledger.store import owner_of
from .config import ANONYMOUS_ENV

if TYPE_CHECKING:
    from .oauth import SignIn

STREAMABLE_PATH = "/mcp"
LEGACY_PATHS = ("/sse", "/messages")


class CallerGate:
    def __init__(self, app: ASGIApp, *, serves_anonymous: bool, signin: SignIn | None = None) -> None:
        self.app = app
        self.serves_anonymous = serves_anonymous
        self.signin = signin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"].rstrip("/") if scope["type"] == "http" else ""
        if path != STREAMABLE_PATH and path not in LEGACY_PATHS:
            await self.app(scope, receive, send)
            return
        if path == STREAMABLE_PATH and scope["method"] == "GET":
            # a stateless server never sends unprompted messages: an open GET stream would only hold memory
            body = _error(
                "no_event_stream", "This server is stateless and offers no GET event stream; use POST."
            )
            await JSONResponse(body, status_code=405, headers={"Allow": "POST"})(scope, receive, send)
            return
        tokens = [v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"]
        client = scope.get("client")
        client_host = client[0] if client else None
        if tokens:
            scheme, _, token = tokens[0].strip().partition(" ")
            token = token.strip() or scheme
            if self.signin is not None and scheme.lower() == "bearer":
                checked = await self.signin.verify(token)
                if checked.credential is None:
                    header = self.signin.challenge("invalid_token", checked.problem)
                    body = _error("invalid_token", checked.problem + ".")
                    await JSONResponse(body, status_code=401, headers={"WWW-Authenticate": header})(
                        scope, receive, send
                    )
                    return
                token = checked.credential
                # who the tools act for: resolved here once, read by acemedia.caller
                scope[CALLER_SCOPE] = from_authorization(tokens, client_host=client_host, credential=token)
            else:
                scope[CALLER_SCOPE] = from_authorization(tokens, client_host=client_host)
            # who the caller is, for the SSE transport's check that a session answers only its opener
            owner = owner_of(token)
            scope["user"] = AuthenticatedUser(AccessToken(token=owner, client_id=owner, scopes=[]))
        elif not self.serves_anonymous and scope["method"] in ("GET", "POST"):
            if self.signin is not None:
                message = (
                    "Sign in: this server uses OAuth (discovery starts at the resource_metadata URL in the "
                    "WWW-Authenticate header), or send 'Authorization: Bearer <AceDataCloud API token>'."
                )
                header = self.signin.challenge()
            else:
                message = (
                    "Send 'Authorization: Bearer <AceDataCloud API token>'. This server does not serve callers "
                    f"without a token of their own ({ANONYMOUS_ENV}=refuse)."
                )
                header = "Bearer"
            body = _error("token_required", message)
            await JSONResponse(body, status_code=401, headers={"WWW-Authenticate": header})(
                scope, receive, send
            )
            return
        else:
            scope[CALLER_SCOPE] = from_authorization([], client_host=client_host)
        await self.app(scope, receive, send)


def _error(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}
