"""The guidance blocks agents written for the existing servers read: `mcp_async_submission` and `mcp_task_polling`.

Keys and default values match the existing servers; what they say is decided by the normalised task status.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from .inline_wait import SUGGESTED_WAIT
from .status import TaskView

POLL_INTERVAL_SECONDS = 15
MAX_POLL_ATTEMPTS = 100
EXPECTED_WAIT_SECONDS = 600


@dataclass(frozen=True)
class Pacing:
    """How often to poll and how long a job takes: the existing servers' values, or sandbox ones."""

    polling_interval_seconds: int = POLL_INTERVAL_SECONDS
    max_poll_attempts: int = MAX_POLL_ATTEMPTS
    expected_wait_seconds: int = EXPECTED_WAIT_SECONDS
    # no number of minutes here: each tool's description says how long its own jobs usually take
    typical: str = "usually a few minutes; the tool's description says how long"
    job_seconds: float | None = None  # the job's own expected duration, where it is known (sandbox)

    @property
    def progress_seconds(self) -> float:
        """The duration progress is measured against: the job's own, else the expected wait."""
        return self.job_seconds if self.job_seconds is not None else float(self.expected_wait_seconds)

    def polling_at_least(self, seconds: float) -> Pacing:
        """This pacing advising no faster polling than `seconds` (the poll throttle's interval)."""
        floor = math.ceil(seconds)
        if self.polling_interval_seconds >= floor:
            return self
        return replace(self, polling_interval_seconds=floor)


DEFAULT_PACING = Pacing()


@dataclass(frozen=True)
class ToolNames:
    """The task tools an agent is pointed to."""

    poll: str
    batch: str
    wait: str


def submission_block(
    task_id: str, view: TaskView, tools: ToolNames, pacing: Pacing = DEFAULT_PACING
) -> dict[str, Any]:
    """Added to every submit result that carries a task id."""
    if view.terminal:
        done = view.status == "succeeded"
        present = "present the media URLs above" if view.media else "present the result above"
        return {
            "task_id": task_id,
            "poll_tool": tools.poll,
            "batch_poll_tool": tools.batch,
            "recommended_action": "stop",
            "should_poll": False,
            "terminal_state_reached": True,
            "polling_interval_seconds": pacing.polling_interval_seconds,
            "max_poll_attempts": pacing.max_poll_attempts,
            "expected_wait_seconds": 0,
            "next_step": (
                f"This result is already final: {present}; no polling is needed."
                if done
                else "The job failed at submission: report the error above to the user; do not poll."
            ),
        }
    return {
        "task_id": task_id,
        "poll_tool": tools.poll,
        "batch_poll_tool": tools.batch,
        "recommended_action": "poll",
        "should_poll": True,
        "terminal_state_reached": False,
        "polling_interval_seconds": pacing.polling_interval_seconds,
        "max_poll_attempts": pacing.max_poll_attempts,
        "expected_wait_seconds": pacing.expected_wait_seconds,
        "next_step": (
            f"The job was accepted and runs in the background ({pacing.typical}). Next, call {tools.wait}"
            f'(task_id="{task_id}") once: it waits server-side and returns the final media (call it again '
            f'only if it says so). Or poll {tools.poll}(task_id="{task_id}") every '
            f"{pacing.polling_interval_seconds} seconds. Keep the task id; do not give up early. Next time, "
            f"pass wait_seconds={SUGGESTED_WAIT} to the generation tool to get the result in the same call."
        ),
    }


@dataclass(frozen=True)
class PollingStyle:
    """How a provider's `mcp_task_polling` block reads, as its existing server wrote it."""

    # when set, a succeeded task gets the short block, `state: complete` and this note instead of pointers
    done_note: str | None = None
    # an empty upstream state reads "pending" (or "failed") instead of ""
    fill_state: bool = False


DEFAULT_STYLE = PollingStyle()


def polling_block(
    task_id: str,
    view: TaskView,
    tools: ToolNames,
    pacing: Pacing = DEFAULT_PACING,
    style: PollingStyle = DEFAULT_STYLE,
) -> dict[str, Any]:
    """Added to every task query result."""
    done, failed = view.status == "succeeded", view.status == "failed"
    if done and style.done_note is not None:
        return {
            "task_id": task_id,
            "state": "complete",
            "is_complete": True,
            "is_failed": False,
            "should_poll": False,
            "terminal_state_reached": True,
            "recommended_action": "stop",
            "note": style.done_note,
        }
    state = (view.state or ("failed" if failed else "pending")) if style.fill_state else view.state
    return {
        "task_id": task_id,
        "poll_tool": tools.poll,
        "batch_poll_tool": tools.batch,
        "recommended_action": "stop" if view.terminal else "poll",
        "should_poll": not view.terminal,
        "terminal_state_reached": view.terminal,
        "is_complete": done,
        "is_failed": failed,
        "state": state,
        "polling_interval_seconds": pacing.polling_interval_seconds,
        "max_poll_attempts": pacing.max_poll_attempts,
        "next_step": _next_step(task_id, view, tools, pacing),
    }


def _next_step(task_id: str, view: TaskView, tools: ToolNames, pacing: Pacing) -> str:
    if view.status == "succeeded":
        return "The task is complete: stop polling and present the final media URLs to the user."
    if view.status == "failed":
        return "The task failed: stop polling and report the error in the response to the user."
    preview = any(m for m in view.media)
    note = " Any media URL present now is a preview, not the final result." if preview else ""
    return (
        f"The task is not finished yet (state '{view.state or view.status}').{note} Call "
        f'{tools.wait}(task_id="{task_id}") to wait server-side, or wait {pacing.polling_interval_seconds} '
        f'seconds and call {tools.poll}(task_id="{task_id}") again. Expected: {pacing.typical}; '
        f"keep polling (up to {pacing.max_poll_attempts} times) before treating it as stuck."
    )
