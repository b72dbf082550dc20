"""Tasks born settled: the task of a call whose answer was already final, or an error.

A task-augmented `tools/call` always answers with a task, and a client that declares SEP-2663 gets
one for every call of a task tool. When the tool's answer is no running upstream job (a synchronous
final reply, bad input, an upstream error such as 403 `used_up`, or a job the ledger could not keep)
there is nothing to follow, so the task is made here, already terminal, holding that answer: it is
what `tasks/get` and `tasks/result` give back. Such a task keeps the answer's upstream task id where it
has one, else it gets a random one (`uuid4`, unguessable). It is bound to its caller, keyed by the
same owner the ledger records, so another caller's lookup finds nothing, as for a ledger row.

They are kept in memory, in this process: at most `CAPACITY` tasks (the oldest dropped first), each
for `TTL_SECONDS` on the runtime's clock. On several replicas a settled task lives in the replica that
made it: a read that lands on another replica finds the ledger's row where the answer had an upstream
task id, else "task not found" (routing `tasks/*` on `Mcp-Name`, or sticky sessions, keeps them).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from .shapes import Snapshot

CAPACITY = 1000
TTL_SECONDS = 3600.0
Clock = Callable[[], float]
Key = tuple[str, str]  # (owner, task id)


@dataclass(frozen=True)
class _Kept:
    snapshot: Snapshot
    expires: float  # on the store's clock


class SettledTasks:
    """A bounded, expiring map from (owner, task id) to a terminal task."""

    def __init__(self, clock: Clock, capacity: int = CAPACITY, ttl_seconds: float = TTL_SECONDS) -> None:
        self._clock = clock
        self.capacity = capacity
        self.ttl_seconds = ttl_seconds
        self._kept: OrderedDict[Key, _Kept] = OrderedDict()  # oldest first

    def __len__(self) -> int:
        self._expire(self._clock())
        return len(self._kept)

    def add(self, owner: str, snapshot: Snapshot) -> None:
        now = self._clock()
        self._expire(now)
        key = (owner, snapshot.task_id)
        self._kept.pop(key, None)
        self._kept[key] = _Kept(snapshot, now + self.ttl_seconds)
        while len(self._kept) > self.capacity:
            self._kept.popitem(last=False)

    def get(self, owner: str, task_id: str) -> Snapshot | None:
        """The caller's task; another owner's, an expired or an unknown one is None alike."""
        now = self._clock()
        self._expire(now)
        kept = self._kept.get((owner, task_id))
        return kept.snapshot if kept is not None and kept.expires > now else None

    def owned(self, owner: str) -> list[Snapshot]:
        """The caller's tasks, newest first."""
        now = self._clock()
        self._expire(now)
        return [kept.snapshot for (o, _), kept in reversed(self._kept.items()) if o == owner]

    def _expire(self, now: float) -> None:
        # one TTL for all, so the oldest entry expires first
        while self._kept:
            key, kept = next(iter(self._kept.items()))
            if kept.expires > now:
                return
            del self._kept[key]


__all__ = ["CAPACITY", "TTL_SECONDS", "SettledTasks"]
