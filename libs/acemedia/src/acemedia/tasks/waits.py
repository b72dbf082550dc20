"""A cap on how many waits one caller may hold at once, so one caller cannot pin the server."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from ..errors import TooManyWaits
from ..settings import ServerVariables, default, read, variable

WAITS_ENV = variable(ServerVariables, "max_waits")
DEFAULT_MAX_WAITS: int = default(ServerVariables, "max_waits")


class CallerWaits:
    """Counts the waits in progress per caller key; in-process, like the waits themselves."""

    def __init__(self, limit: int = DEFAULT_MAX_WAITS) -> None:
        self.limit = limit
        self._held: Counter[str] = Counter()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CallerWaits:
        return cls(read(ServerVariables, environ, "max_waits").max_waits)

    def held(self, key: str) -> int:
        return self._held[key]

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        if self._held[key] >= self.limit:
            raise TooManyWaits(self.limit, WAITS_ENV)
        self._held[key] += 1
        try:
            yield
        finally:
            self._held[key] -= 1
            if not self._held[key]:
                del self._held[key]
