"""A cap on how many waits one caller may hold at once, so one caller cannot pin the server."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from ..errors import AceMediaError, ConfigError

WAITS_ENV = "ACEMEDIA_MAX_WAITS_PER_CALLER"
DEFAULT_MAX_WAITS = 8


class TooManyWaits(AceMediaError):
    code = "too_many_waits"
    retry_safe = True

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"This caller already has {limit} waits in progress, the most one caller may hold at once "
            f"({WAITS_ENV})",
            advice="Let one finish, wait for several tasks in one call with wait_for_tasks, or poll with "
            "get_task. Nothing was sent.",
        )


class CallerWaits:
    """Counts the waits in progress per caller key; in-process, like the waits themselves."""

    def __init__(self, limit: int = DEFAULT_MAX_WAITS) -> None:
        self.limit = limit
        self._held: Counter[str] = Counter()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CallerWaits:
        env = os.environ if environ is None else environ
        raw = env.get(WAITS_ENV, "").strip()
        if not raw:
            return cls()
        if not raw.isdigit() or int(raw) < 1:
            raise ConfigError(f"{WAITS_ENV} must be a whole number of 1 or more, got {raw!r}")
        return cls(int(raw))

    def held(self, key: str) -> int:
        return self._held[key]

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        if self._held[key] >= self.limit:
            raise TooManyWaits(self.limit)
        self._held[key] += 1
        try:
            yield
        finally:
            self._held[key] -= 1
            if not self._held[key]:
                del self._held[key]
