"""One shared background follower per (owner, task id), however many listen streams want the task.

A follower is `following.follow` run for its listeners: it reads the task through the caller's own
read path and hands every change to each of them. It runs inside one listener's task group (the SDK
offers no server-wide one, and a listen stream is a request like any other); when that listener
leaves while others stay, the follower moves to another's group and carries on from where it was.
It stops when the task is terminal or when its last listener leaves. Listeners are keyed by the
ledger owner, so a follower reads with, and reports to, one caller only.

The registry is per process: on several replicas, each replica with a listener runs its own follower.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import anyio
import anyio.abc

from .following import Course, follow
from .shapes import Snapshot
from .support import RequestContext, TaskSupport

log = logging.getLogger("acemedia.mcp_tasks")
Key = tuple[str, str]  # (ledger owner, task id)


@dataclass(eq=False)
class Listener:
    """One listen stream's interest in one task."""

    ctx: RequestContext  # the listen request: whose token the follower reads with while hosted here
    group: anyio.abc.TaskGroup  # where the follower may run while this stream is open
    deliver: Callable[[Snapshot], None]  # must not block


@dataclass(eq=False)
class Follower:
    key: Key
    listeners: list[Listener] = field(default_factory=list)
    course: Course = field(default_factory=Course)
    host: Listener | None = None
    scope: anyio.CancelScope | None = None


class TaskFollowers:
    """The followers of one provider server's tasks."""

    def __init__(self, support: TaskSupport) -> None:
        self.support = support
        self._followers: dict[Key, Follower] = {}

    def active(self) -> int:
        """How many followers are running now."""
        return sum(1 for f in self._followers.values() if f.host is not None)

    def join(self, owner: str, task_id: str, listener: Listener) -> Callable[[], None]:
        """Have `listener` told of the task's changes, starting a follower if it has none;
        a listener that joins a running follower is told the last state at once.
        Returns the listener's `leave`."""
        key = (owner, task_id)
        follower = self._followers.get(key)
        if follower is None:
            follower = self._followers[key] = Follower(key)
        follower.listeners.append(listener)
        if follower.course.last is not None:
            listener.deliver(follower.course.last)
        if follower.host is None:
            self._run_in(follower, listener)
        return lambda: self._leave(follower, listener)

    def _leave(self, follower: Follower, listener: Listener) -> None:
        if listener not in follower.listeners:
            return
        follower.listeners.remove(listener)
        if follower.host is not listener:
            return
        self._stop(follower)
        if follower.listeners:  # the others still listen: carry on in one of their streams
            self._run_in(follower, follower.listeners[0])
        elif self._followers.get(follower.key) is follower:
            del self._followers[follower.key]

    def _stop(self, follower: Follower) -> None:
        if follower.scope is not None:
            follower.scope.cancel()
        follower.host = follower.scope = None

    def _run_in(self, follower: Follower, listener: Listener) -> None:
        follower.host, follower.scope = listener, anyio.CancelScope()
        listener.group.start_soon(self._run, follower, listener, follower.scope)

    async def _run(self, follower: Follower, host: Listener, scope: anyio.CancelScope) -> None:
        task_id = follower.key[1]

        async def publish(snapshot: Snapshot) -> None:
            for listener in list(follower.listeners):
                listener.deliver(snapshot)

        with scope:
            try:
                await follow(
                    self.support.server.runtime,
                    lambda: self.support.read(host.ctx, task_id),
                    publish,
                    follower.course,
                )
            except Exception:  # a follower that cannot go on leaves its listeners' streams open
                log.warning("stopped following task %s", task_id, exc_info=True)
            # terminal (or failed): nothing more to tell; a later listener starts afresh
            if follower.scope is scope:
                follower.host = follower.scope = None
                if self._followers.get(follower.key) is follower:
                    del self._followers[follower.key]
