"""Reading one task until it is terminal, and saying so whenever what a client would see changes.

This is the one task poller of `mcp_tasks`: `tasks/result` (2025-11-25) runs it for the request it
answers, and the shared followers behind `subscriptions/listen` run it for their listeners. Each read
is the caller's own `tasks/get` read (the server's `get_task` tool: the runtime's client with its
retries, the poll throttle, the ledger), and the pause between reads is the wait tools' schedule
(`ACEMEDIA_WAIT_INTERVALS`), slept on the runtime's injectable `sleep`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from ..runtime import Runtime
from .shapes import Snapshot

Read = Callable[[], Awaitable[Snapshot]]
Publish = Callable[[Snapshot], Awaitable[None]]


def seen_state(snapshot: Snapshot) -> Hashable:
    """What a client sees of a task: its status, its status message (which carries the upstream state
    and progress), and whether the result is in."""
    return snapshot.status, snapshot.message, snapshot.result is not None


@dataclass
class Course:
    """How far a task's following has come, kept outside the loop so another run can carry on."""

    reads: int = 0
    last: Snapshot | None = None


async def follow(
    runtime: Runtime,
    read: Read,
    publish: Publish,
    course: Course | None = None,
    state: Callable[[Snapshot], Hashable] = seen_state,
) -> Snapshot:
    """Read until the task is terminal; `publish` each snapshot whose `state` differs from the last
    one seen (the first always does). Returns the terminal snapshot. A `course` already under way
    is resumed with a pause first, so taking over a following never reads sooner than the schedule."""
    course = Course() if course is None else course
    schedule = runtime.settings.wait_intervals
    while True:
        if course.reads:
            await runtime.sleep(schedule[min(course.reads - 1, len(schedule) - 1)])
        snapshot = await read()
        course.reads += 1
        previous, course.last = course.last, snapshot
        if previous is None or state(previous) != state(snapshot):
            await publish(snapshot)
        if snapshot.terminal:
            return snapshot
