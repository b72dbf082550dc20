"""What the simulator saw and did: every request (with its raw token, as a test oracle) and every callback.

The harness's hook (hook.py) records the requests; the engine's callback sender reports each callback here."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any

from acemedia.simulator import CallbackEntry


@dataclass
class RequestEntry:
    seq: int
    at: float  # unix seconds
    method: str
    path: str
    token: str | None
    body: Any  # the parsed JSON, or the raw text when it is not JSON
    status: int | None = None  # None: no reply (connection reset) or still in progress
    fault: str | None = None
    task_id: str | None = None


class Journal:
    """Append-only record, safe to read from another thread while the server runs."""

    def __init__(self) -> None:
        self._requests: list[RequestEntry] = []
        self._callbacks: list[CallbackEntry] = []
        self._lock = threading.Lock()

    def record_request(self, at: float, method: str, path: str, token: str | None, body: Any) -> RequestEntry:
        with self._lock:
            entry = RequestEntry(len(self._requests) + 1, at, method, path, token, body)
            self._requests.append(entry)
            return entry

    def record_callback(self, entry: CallbackEntry) -> None:
        with self._lock:
            self._callbacks.append(entry)

    def requests(self, path: str | None = None) -> list[RequestEntry]:
        with self._lock:
            return [e for e in self._requests if path is None or e.path == path]

    def callbacks(self) -> list[CallbackEntry]:
        with self._lock:
            return list(self._callbacks)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()
            self._callbacks.clear()

    def as_json(self, path: str | None = None) -> dict[str, Any]:
        return {
            "requests": [asdict(e) for e in self.requests(path)],
            "callbacks": [asdict(e) for e in self.callbacks()],
        }
