"""The task objects each protocol revision puts on the wire, built from one `Snapshot`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

JSON = dict[str, Any]
TaskState = Literal["working", "completed", "failed", "cancelled"]
LEGACY_VERSION = "2025-11-25"
RELATED_TASK_META = "io.modelcontextprotocol/related-task"


@dataclass(frozen=True)
class Snapshot:
    """One task as last read: the upstream job's state in task vocabulary."""

    task_id: str
    status: TaskState
    message: str
    created_at: float  # Unix time
    updated_at: float
    poll_interval_ms: int
    result: JSON | None = None  # the CallToolResult, once terminal
    ttl_ms: int | None = None  # how long after creation the server may forget the task; None: never

    @property
    def terminal(self) -> bool:
        return self.status != "working"


def iso(seconds: float) -> str:
    return (
        datetime.fromtimestamp(seconds, tz=timezone.utc)
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )


def _common(snapshot: Snapshot) -> JSON:
    return {
        "taskId": snapshot.task_id,
        "status": snapshot.status,
        "statusMessage": snapshot.message,
        "createdAt": iso(snapshot.created_at),
        "lastUpdatedAt": iso(snapshot.updated_at),
    }


def detailed_task(snapshot: Snapshot) -> JSON:
    """SEP-2663 `DetailedTask`: the task plus, once completed, the inlined tool result."""
    task = {**_common(snapshot), "ttlMs": snapshot.ttl_ms, "pollIntervalMs": snapshot.poll_interval_ms}
    if snapshot.status == "completed" and snapshot.result is not None:
        task["result"] = snapshot.result
    return task


def create_task_result(snapshot: Snapshot) -> JSON:
    """SEP-2663 `CreateTaskResult`, answered to `tools/call` in place of the tool result. It never
    inlines the result, even of a task made already completed: the SEP keeps that for `tasks/get`."""
    task = detailed_task(snapshot)
    task.pop("result", None)
    return {"resultType": "task", **task}


def legacy_task(snapshot: Snapshot) -> JSON:
    """The 2025-11-25 `Task`: `ttl` and `pollInterval` in milliseconds, no inlined result."""
    task = {**_common(snapshot), "ttl": snapshot.ttl_ms, "pollInterval": snapshot.poll_interval_ms}
    task["status"] = legacy_status(snapshot)
    return task


def legacy_status(snapshot: Snapshot) -> TaskState:
    """2025-11-25 calls a tool result with `isError` a failed task; SEP-2663 calls it completed."""
    if snapshot.status == "completed" and snapshot.result and snapshot.result.get("isError"):
        return "failed"
    return snapshot.status
