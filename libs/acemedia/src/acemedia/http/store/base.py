"""One interface for the state replicas must share: records with a time to live, sealed when secret."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from ...blocking import off_loop
from .sealing import SecretBox

JSON = dict[str, Any]
T = TypeVar("T")


class Store(Protocol):
    """Bytes under `namespace:key`, each with an optional time to live in seconds. Thread-safe."""

    # in another process (Redis): async callers run the calls in a worker thread, off the event loop
    remote: bool

    def put(self, name: str, value: bytes, ttl: float | None = None) -> None: ...

    def get(self, name: str) -> bytes | None: ...

    def take(self, name: str) -> bytes | None:
        """Get and delete at once: of two replicas taking the same name, one gets it."""
        ...

    def delete(self, name: str) -> None: ...

    def swap_time(self, name: str, now: float, ttl: float) -> float | None:
        """Store `now` under `name` and return what was there (throttle marks)."""
        ...

    def close(self) -> None: ...


class Vault:
    """JSON records in a store, sealed with a key ring and filed under a one-way name of their secret."""

    def __init__(self, store: Store, box: SecretBox, prefix: str = "acemedia") -> None:
        self.store = store
        self.box = box
        self.prefix = prefix

    async def run(self, call: Callable[[], T]) -> T:
        """`call()` (a few vault operations), in a worker thread when the store is remote."""
        return await off_loop(self.store.remote, call)

    def _name(self, kind: str, secret: str) -> str:
        return f"{self.prefix}:{kind}:{SecretBox.lookup(secret)}"

    def put(self, kind: str, secret: str, record: JSON, ttl: float | None = None) -> None:
        name = self._name(kind, secret)
        self.store.put(name, self.box.seal(json.dumps(record).encode(), name), ttl)

    def get(self, kind: str, secret: str) -> JSON | None:
        name = self._name(kind, secret)
        return self._open(name, self.store.get(name))

    def take(self, kind: str, secret: str) -> JSON | None:
        """The record, removed: a one-time code can be redeemed once, on any replica."""
        name = self._name(kind, secret)
        return self._open(name, self.store.take(name))

    def delete(self, kind: str, secret: str) -> None:
        self.store.delete(self._name(kind, secret))

    def _open(self, name: str, sealed: bytes | None) -> JSON | None:
        if sealed is None:
            return None
        record: JSON = json.loads(self.box.open(sealed, name))
        return record
