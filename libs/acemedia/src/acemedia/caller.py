"""Who a call comes from, resolved once per request: the token it acts with, and the owner the ledger
and the per-caller limits count under.

Over HTTP the gate (http/gate.py) builds the `Caller` when the request arrives and leaves it in the ASGI
scope; a stdio or in-process call has one fixed caller. The first read in a request memoizes it in a
context variable, so every later read in that request (the upstream call, the ledger, the wait cap)
is a lookup.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from mcp.server.mcpserver import Context

from .errors import BadAuthorizationHeader
from .ledger.store import LOCAL_OWNER, owner_of
from .tokens import token_problem

# where the gate leaves the `Caller` of an HTTP request (see http/gate.py)
CALLER_SCOPE = "acemedia.caller"


@dataclass(frozen=True)
class Caller:
    """One request's caller. `token` is a signed-in caller's AceDataCloud credential, else the bearer
    token sent, else None (stdio, or no header); reading it raises when the header was malformed."""

    bearer: str | None = None
    over_http: bool = False
    client_host: str | None = None
    problem: str | None = None  # why the Authorization header was refused ("" : not a bearer header)

    @property
    def token(self) -> str | None:
        if self.problem is not None:
            raise BadAuthorizationHeader(self.problem)
        return self.bearer

    def owner(self, anonymous: str | None = None) -> str | None:
        """Whose ledger rows the call reads and writes: the token's hash; `local` for stdio and
        in-process calls; for an HTTP caller without a token, who cannot be told apart, `anonymous`."""
        token = self.token
        if token:
            return owner_of(token)
        return anonymous if self.over_http else LOCAL_OWNER

    @property
    def key(self) -> str:
        """What a per-caller limit counts under: the ledger owner, else the client's address."""
        return self.owner() or f"anonymous:{self.client_host or '?'}"


LOCAL_CALLER = Caller()


def from_authorization(
    values: list[str], *, client_host: str | None = None, credential: str | None = None
) -> Caller:
    """The caller of an HTTP request with these Authorization header values; `credential`, when the
    gate exchanged a signed-in token for its AceDataCloud credential, is what the call acts with."""
    if credential:
        return Caller(credential, over_http=True, client_host=client_host)
    if not values:
        return Caller(over_http=True, client_host=client_host)
    scheme, _, token = values[0].strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return Caller(over_http=True, client_host=client_host, problem="")
    if problem := token_problem(token):
        return Caller(over_http=True, client_host=client_host, problem=problem)
    return Caller(token, over_http=True, client_host=client_host)


_MEMO: ContextVar[tuple[Any, Caller] | None] = ContextVar("acemedia_caller", default=None)


def current_caller(ctx: Context) -> Caller:
    """The caller of the request `ctx` serves (memoized for the rest of that request)."""
    try:
        request = ctx.request_context.request
    except ValueError:  # called outside a request (direct calls in-process)
        return LOCAL_CALLER
    if request is None:  # stdio
        return LOCAL_CALLER
    memo = _MEMO.get()
    if memo is not None and memo[0] is request:
        return memo[1]
    caller = _resolve(request)
    _MEMO.set((request, caller))
    return caller


def _resolve(request: Any) -> Caller:
    scope = getattr(request, "scope", None)
    if isinstance(scope, dict) and isinstance(found := scope.get(CALLER_SCOPE), Caller):
        return found
    headers = getattr(request, "headers", None)
    if headers is None:
        return LOCAL_CALLER
    client = getattr(request, "client", None)
    values = headers.getlist("authorization") if hasattr(headers, "getlist") else []
    if not values and (single := headers.get("authorization")):
        values = [single]
    return from_authorization(values, client_host=getattr(client, "host", None))


def caller_token(ctx: Context) -> str | None:
    """The token this call acts with (see `Caller.token`)."""
    return current_caller(ctx).token


def owner_for(ctx: Context, anonymous: str | None = None) -> str | None:
    """Whose ledger rows a call reads and writes (see `Caller.owner`; a sandbox passes its one shared
    simulated account as `anonymous`)."""
    return current_caller(ctx).owner(anonymous)


def caller_key(ctx: Context) -> str:
    """The key a per-caller limit counts under (see `Caller.key`)."""
    return current_caller(ctx).key
