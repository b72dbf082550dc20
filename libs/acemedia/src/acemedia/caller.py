"""Who a call comes from: the token it acts with, and the owner the ledger and the wait cap see."""

from __future__ import annotations

from mcp.server.mcpserver import Context

from .errors import AceMediaError
from .ledger.store import LOCAL_OWNER, owner_of
from .tokens import token_problem


class BadAuthorizationHeader(AceMediaError):
    code = "bad_authorization"

    def __init__(self, problem: str = "") -> None:
        what = (
            f"The bearer token in the Authorization header {problem}; it"
            if problem
            else "The Authorization header"
        )
        super().__init__(
            f"{what} must be 'Bearer <AceDataCloud API token>' (printable ASCII, no spaces)",
            advice="Fix the header in the MCP client configuration. Nothing was sent.",
        )


# where the door leaves the credential of a caller who signed in with OAuth (see oauth/, hosting/gate.py)
SIGNED_IN_CREDENTIAL = "acemedia.signed_in_credential"


def caller_token(ctx: Context) -> str | None:
    """The token this call acts with: a signed-in caller's AceDataCloud credential, else the bearer
    token of the HTTP request behind it, or None (stdio, or no header sent)."""
    try:
        headers = ctx.headers
        request = ctx.request_context.request
    except ValueError:  # called outside a request (direct calls in-process)
        return None
    scope = getattr(request, "scope", None)
    if isinstance(scope, dict) and scope.get(SIGNED_IN_CREDENTIAL):
        return str(scope[SIGNED_IN_CREDENTIAL])
    if not headers:
        return None
    value = headers.get("authorization")
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise BadAuthorizationHeader()
    if problem := token_problem(token.strip()):
        raise BadAuthorizationHeader(problem)
    return token.strip()


def _over_http(ctx: Context) -> bool:
    try:
        return ctx.headers is not None
    except ValueError:  # called outside a request (direct calls in-process)
        return False


def owner_for(ctx: Context, anonymous: str | None = None) -> str | None:
    """Whose ledger rows a call reads and writes: the caller's token hash; `local` for stdio and
    in-process calls; for an HTTP caller without a token, who cannot be told apart, `anonymous`
    (None: no ledger; a sandbox passes its one shared simulated account)."""
    token = caller_token(ctx)
    if token:
        return owner_of(token)
    return anonymous if _over_http(ctx) else LOCAL_OWNER


def caller_key(ctx: Context) -> str:
    """The key a per-caller limit counts under: the ledger owner, else the client's address."""
    owner = owner_for(ctx)
    if owner is not None:
        return owner
    client = getattr(ctx.request_context.request, "client", None)
    return f"anonymous:{getattr(client, 'host', '?')}"
