"""The embedded default for one process: a dict with expiry, on an injectable clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class MemoryStore:
    remote = False

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._items: dict[str, tuple[bytes, float | None]] = {}
        self._lock = threading.Lock()

    def _live(self, name: str) -> bytes | None:
        item = self._items.get(name)
        if item is None:
            return None
        value, expires = item
        if expires is not None and self._clock() >= expires:
            del self._items[name]
            return None
        return value

    def put(self, name: str, value: bytes, ttl: float | None = None) -> None:
        with self._lock:
            self._items[name] = (value, None if ttl is None else self._clock() + ttl)

    def get(self, name: str) -> bytes | None:
        with self._lock:
            return self._live(name)

    def take(self, name: str) -> bytes | None:
        with self._lock:
            value = self._live(name)
            self._items.pop(name, None)
            return value

    def delete(self, name: str) -> None:
        with self._lock:
            self._items.pop(name, None)

    def swap_time(self, name: str, now: float, ttl: float) -> float | None:
        with self._lock:
            previous = self._live(name)
            self._items[name] = (repr(now).encode(), self._clock() + ttl)
        return None if previous is None else float(previous)

    def close(self) -> None:
        with self._lock:
            self._items.clear()
