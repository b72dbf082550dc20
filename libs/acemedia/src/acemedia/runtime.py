"""The per-process state every tool call shares: settings, the pooled client, the throttle, and clocks."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import anyio

from .client import AceDataClient
from .ledger.store import TaskLedger
from .media.config import MediaSettings
from .sandbox import SANDBOX_MIN_POLL_INTERVAL, Sandbox
from .settings import Settings
from .tasks.guidance import DEFAULT_PACING, Pacing
from .tasks.throttle import PollThrottle
from .tasks.waits import CallerWaits


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
