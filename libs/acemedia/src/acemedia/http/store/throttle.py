"""Poll-throttle marks in a shared store, so a client that alternates replicas is still paced."""

from __future__ import annotations

import time
from collections.abc import Callable

from ...tasks.throttle import PollThrottle
from .base import Store

MARK_TTL_FLOOR = 60.0


class SharedPollThrottle(PollThrottle):
    """Marks live in `store` on wall-clock time (replicas share no monotonic clock)."""

    def __init__(
        self,
        min_interval: float,
        store: Store,
        clock: Callable[[], float] = time.time,
        prefix: str = "acemedia",
    ) -> None:
        super().__init__(min_interval, clock=clock)
        self.store = store
        self.remote = store.remote
        self.prefix = prefix
        self.ttl = max(MARK_TTL_FLOOR, 4 * min_interval)

    def _name(self, key: str) -> str:
        return f"{self.prefix}:poll:{key}"

    def wait_before_repoll(self, key: str) -> float:
        now = self._clock()
        previous = self.store.swap_time(self._name(key), now, self.ttl)
        if previous is None or self.min_interval <= 0:
            return 0.0
        return max(0.0, min(self.min_interval, self.min_interval - (now - previous)))

    def mark(self, key: str) -> None:
        self.store.swap_time(self._name(key), self._clock(), self.ttl)

    def forget(self, key: str) -> None:
        self.store.delete(self._name(key))
