"""Time for the simulator: a real monotonic clock by default, a manual one for tests."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class ManualClock:
    """A clock that only moves when told to; its `sleep` advances it instead of waiting."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move time forward (never backward) and return the new reading."""
        with self._lock:
            self._now += max(0.0, seconds)
            return self._now

    async def sleep(self, seconds: float) -> None:
        self.advance(seconds)
