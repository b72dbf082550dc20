"""The door of /mcp in front of the SDK: no idle event streams, and no caller without a token
unless the operator chose to serve such callers with the server's own token."""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from .config import ANONYMOUS_ENV


class CallerGate:
    def __init__(self, app: ASGIApp, *, serves_anonymous: bool, path: str = "/mcp") -> None:
        self.app = app
        self.serves_anonymous = serves_anonymous
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET":
            # a stateless server never sends unprompted messages: an open GET stream would only hold memory
            body = _error(
                "no_event_stream", "This server is stateless and offers no GET event stream; use POST."
            )
            await JSONResponse(body, status_code=405, headers={"Allow": "POST"})(scope, receive, send)
            return
        has_token = any(k == b"authorization" for k, _ in scope["headers"])
        if not has_token and not self.serves_anonymous and scope["method"] == "POST":
            body = _error(
                "token_required",
                "Send 'Authorization: Bearer <AceDataCloud API token>'. This server does not serve callers "
                f"without a token of their own ({ANONYMOUS_ENV}=refuse).",
            )
            headers = {"WWW-Authenticate": "Bearer"}
            await JSONResponse(body, status_code=401, headers=headers)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _error(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}
