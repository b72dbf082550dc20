"""Who a call comes from, as the ledger and the wait cap see it."""

from __future__ import annotations

from mcp.server.mcpserver import Context

from ..ledger import LOCAL_OWNER, owner_of
from ..runtime import caller_token


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
