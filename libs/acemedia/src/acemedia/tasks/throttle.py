"""Slows runaway polling of one task without slowing good clients.

A poll of a still-unfinished task that comes sooner than `min_interval` after the previous poll of the
same task waits out the rest of the interval, so the caller then gets a fresh reading rather than the
same answer again. A first poll and a finished task are never delayed.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

MAX_TRACKED_TASKS = 10_000


class PollThrottle:
    remote = False  # marks kept in another process (Redis): callers move the calls off the event loop

    def __init__(self, min_interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.min_interval = min_interval
        self._clock = clock
        self._last_poll: OrderedDict[str, float] = OrderedDict()

    def wait_before_repoll(self, key: str) -> float:
        """Record a poll of `key` that found it unfinished; return how long to wait before reading again."""
        now = self._clock()
        previous = self._last_poll.pop(key, None)
        self._last_poll[key] = now
        if len(self._last_poll) > MAX_TRACKED_TASKS:
            self._last_poll.popitem(last=False)
        if previous is None or self.min_interval <= 0:
            return 0.0
        return max(0.0, self.min_interval - (now - previous))

    def mark(self, key: str) -> None:
        """Note the time of a read made after waiting, so the next interval starts from it."""
        self._last_poll[key] = self._clock()
        self._last_poll.move_to_end(key)

    def forget(self, key: str) -> None:
        self._last_poll.pop(key, None)
