"""The reply dialects: the shapes the vendor's pages show for one and the same answer (upstream-api.md §1.2-§1.5).

A dialect fixes how a job's accepted submission, its running record and its final and failed bodies
look; the provider's own layout (list, flat, `data` object) and state words stay as its `Style` says.
A simulator speaks one dialect (`SimulatorState(dialect="classic")`) or, by default, draws one per job
from its seed ("varied"); a `[sim:dialect=<name>]` marker or a scripted outcome picks one for a job.

| name     | accepted submission                              | while running            | final trace / success | errors |
|----------|--------------------------------------------------|--------------------------|-----------------------|--------|
| classic  | `{task_id, trace_id}`                            | running body, state word | provider's / yes      | object |
| callback | `{task_id}`                                      | the accepted reply       | provider's / yes      | object |
| generic  | `{success, task_id, trace_id}`                   | running body, state word | always / yes          | object |
| terse    | `{success, task_id}`                             | no `response` until done | never / no            | flat   |
| listed   | `{success, task_id, trace_id, data: []}` (list)  | the accepted reply       | provider's / yes      | object |
| tutorial | `{"status": "success", "data": {task_id}}`       | running body, state word | never / yes           | flat   |

"Final success: no" drops `success: true` where the body has a terminal state word (the Producer doc
record's `response` is `{task_id, data}`); "flat" errors are `{code, detail}` where the provider's
style documents them (Kling lip-sync), else `{success: false, error: {code, message}, trace_id}`.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from typing import Any, Literal

VARIED = "varied"

Running = Literal["state", "accepted", "absent"]


@dataclass(frozen=True)
class Dialect:
    """One way of spelling a job's replies (see the table above)."""

    name: str
    accepted_success: bool = False  # `success: true` in the accepted reply
    accepted_trace: bool = True  # `trace_id` in the accepted reply
    accepted_data: bool = False  # `data: []` in the accepted reply of a list-style provider
    accepted_nested: bool = False  # `{"status": "success", "data": {"task_id"}}`
    running: Running = "state"  # the record's `response` while running (queued: never one)
    trace: bool | None = None  # `trace_id` in running and final bodies; None: as the provider's style says
    success_key: bool = True  # `success: true` in a final body with a terminal state word
    flat_errors: bool = False  # `{code, detail}` errors where the style allows them

    def accepted(self, task_id: str, trace_id: str, *, listed: bool) -> dict[str, Any]:
        """The immediate reply to an async or callback submission."""
        if self.accepted_nested:
            return {"status": "success", "data": {"task_id": task_id}}
        body: dict[str, Any] = {"success": True} if self.accepted_success else {}
        body["task_id"] = task_id
        if self.accepted_trace:
            body["trace_id"] = trace_id
        if self.accepted_data and listed:
            body["data"] = []
        return body


CLASSIC = Dialect("classic")
DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (
        CLASSIC,
        Dialect("callback", accepted_trace=False, running="accepted"),
        Dialect("generic", accepted_success=True, trace=True),
        Dialect(
            "terse",
            accepted_success=True,
            accepted_trace=False,
            running="absent",
            trace=False,
            success_key=False,
            flat_errors=True,
        ),
        Dialect("listed", accepted_success=True, accepted_data=True, running="accepted"),
        Dialect("tutorial", accepted_nested=True, trace=False, flat_errors=True),
    )
}


def dialect_named(name: str) -> Dialect:
    """The dialect called `name`; ValueError names the known ones."""
    try:
        return DIALECTS[name]
    except KeyError:
        raise ValueError(f"dialect must be one of {', '.join(DIALECTS)} (got {name!r})") from None


def check_setting(setting: str) -> str:
    """A simulator's dialect setting: "varied" or a dialect's name."""
    if setting != VARIED:
        dialect_named(setting)
    return setting


class DialectChooser:
    """Each job's dialect: the fixed one, or a seeded draw per job ("varied"), so runs repeat.

    A varied chooser draws for every job, also for one whose dialect a marker or script picked, so
    pinning one job never shifts the dialects of the jobs after it.
    """

    def __init__(self, setting: str = VARIED, seed: int = 0) -> None:
        self.setting = check_setting(setting)
        self._rng = random.Random(seed)
        self._next: Dialect | None = None
        self._lock = threading.Lock()

    def take(self, wanted: str | None = None) -> Dialect:
        """The dialect of a new job: `wanted` if given, else the fixed one or the next draw."""
        with self._lock:
            drawn = self._peek()
            self._next = None
        return self._pick(wanted, drawn)

    def peek(self, wanted: str | None = None) -> Dialect:
        """The dialect the next job would get, without using a draw (for a refused submission)."""
        with self._lock:
            drawn = self._peek()
        return self._pick(wanted, drawn)

    def _peek(self) -> Dialect | None:
        if self.setting != VARIED:
            return None
        if self._next is None:
            self._next = self._rng.choice(list(DIALECTS.values()))
        return self._next

    def _pick(self, wanted: str | None, drawn: Dialect | None) -> Dialect:
        if wanted is not None:
            return dialect_named(wanted)
        return drawn if drawn is not None else dialect_named(self.setting)
