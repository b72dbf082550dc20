"""Ledger writes off the event loop, in order, and never dropped because the file is busy.

A write waits in a queue that one worker thread drains. While another process holds the SQLite write
lock, the worker keeps the write and tries again with a growing pause; calls carry on meanwhile. The
thread runs only while there is work, and the queue is drained (within a bound) when the process exits.
"""

from __future__ import annotations

import atexit
import logging
import sqlite3
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .store import TaskLedger

log = logging.getLogger("acemedia.ledger")
Write = Callable[["TaskLedger"], None]
FIRST_PAUSE = 0.05
LONGEST_PAUSE = 2.0
EXIT_DRAIN_SECONDS = 10.0
_writers: weakref.WeakSet[LedgerWriter] = weakref.WeakSet()


def is_busy(exc: sqlite3.Error) -> bool:
    """A lock held elsewhere: the write will succeed later."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


class LedgerWriter:
    def __init__(self, ledger: TaskLedger, sleep: Callable[[float], None] = time.sleep) -> None:
        self.ledger = ledger
        self._sleep = sleep
        self._queue: deque[tuple[str, Write, threading.Event]] = deque()
        self._lock = threading.Condition()
        self._running = False
        _writers.add(self)

    def put(self, what: str, write: Write) -> threading.Event:
        """Queue `write`; returns at once, with an event set once the write is made (or given up)."""
        done = threading.Event()
        with self._lock:
            self._queue.append((what, write, done))
            if not self._running:
                self._running = True
                threading.Thread(target=self._drain, name="acemedia-ledger", daemon=True).start()
        return done

    def flush(self, timeout: float) -> bool:
        """Wait (blocking) until every queued write is made; False if `timeout` ran out first."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
        return True

    def _drain(self) -> None:
        pause = FIRST_PAUSE
        while True:
            with self._lock:
                if not self._queue:
                    self._running = False
                    self._lock.notify_all()
                    return
                what, write, done = self._queue[0]
            try:
                write(self.ledger)
            except sqlite3.Error as exc:
                if is_busy(exc):
                    if pause == FIRST_PAUSE:
                        log.warning(
                            "task ledger is busy (%s): %d writes queued, retrying", exc, len(self._queue)
                        )
                    self._sleep(pause)
                    pause = min(LONGEST_PAUSE, pause * 2)
                    continue
                log.warning("task ledger %s failed: %s", what, exc)
            except OSError as exc:  # the file or its folder cannot be made: a setting to fix
                log.warning("task ledger %s failed: %s", what, exc)
            if pause != FIRST_PAUSE:
                log.info("task ledger writes resumed")
            pause = FIRST_PAUSE
            with self._lock:
                self._queue.popleft()
            done.set()


@atexit.register
def _drain_at_exit() -> None:
    for writer in list(_writers):
        if not writer.flush(EXIT_DRAIN_SECONDS):
            log.warning("task ledger: writes still queued at exit were lost")
