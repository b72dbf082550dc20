"""The per-process state every tool call shares: settings, the pooled client, the throttle, and clocks."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio
from mcp.server.mcpserver import Context

from .client import AceDataClient
from .errors import AceMediaError
from .guidance import DEFAULT_PACING, Pacing
from .hosting.waits import CallerWaits
from .ledger import TaskLedger
from .media.config import MediaSettings
from .sandbox import SANDBOX_MIN_POLL_INTERVAL, Sandbox
from .settings import Settings
from .throttle import PollThrottle
from .tokens import token_problem


@dataclass
class Runtime:
    settings: Settings
    client: AceDataClient
    throttle: PollThrottle
    sleep: Callable[[float], Awaitable[None]] = field(default=anyio.sleep)
    clock: Callable[[], float] = field(default=time.monotonic)
    sandbox: Sandbox | None = None  # None: the real upstream
    ledger: TaskLedger | None = None
    media: MediaSettings = field(default_factory=MediaSettings)
    waits: CallerWaits = field(default_factory=CallerWaits)

    def pacing(self, request: Mapping[str, Any] | None = None) -> Pacing:
        """The guidance's timing for a job submitted with `request`: the sandbox's for simulated jobs,
        and never a poll interval shorter than the throttle's, so a client that follows it is not held."""
        base = self.sandbox.pacing_for(request) if self.sandbox else DEFAULT_PACING
        return base.polling_at_least(self.throttle.min_interval)

    def upstream_token(self, caller: str | None) -> str | None:
        """The token to send upstream for a caller's token: the caller's, except in sandbox mode,
        where each caller has a simulated account and a caller's real token never leaves the server."""
        return caller if self.sandbox is None else self.sandbox.upstream_token(caller)

    @classmethod
    def create(
        cls,
        settings: Settings,
        *,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        clock: Callable[[], float] = time.monotonic,
        sandbox: bool | Sandbox | None = None,
        media: MediaSettings | None = None,
        waits: CallerWaits | None = None,
    ) -> Runtime:
        simulated = Sandbox() if sandbox is True else sandbox or None
        interval = settings.min_poll_interval
        if simulated is not None:  # simulated jobs take seconds: their guidance advises polls 1 s apart
            interval = min(interval, SANDBOX_MIN_POLL_INTERVAL)
        return cls(
            settings=settings,
            client=AceDataClient(settings, sleep=sleep, clock=clock),
            throttle=PollThrottle(interval, clock=clock),
            sleep=sleep,
            clock=clock,
            sandbox=simulated,
            ledger=TaskLedger(settings.ledger_path, clock=time.time) if settings.ledger_path else None,
            media=MediaSettings.from_env() if media is None else media,
            waits=CallerWaits() if waits is None else waits,
        )


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
