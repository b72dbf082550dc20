"""The 2025-11-25 tasks form: capability, `execution.taskSupport`, task-augmented `tools/call`, and the
`tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel` answers with `notifications/tasks/status`.

The SDK sieves a 2025-11-25 `tools/call` result down to `CallToolResult`, so task creation on that
revision runs as server middleware, whose answer the SDK passes on as it is.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from mcp.server.context import CallNext, HandlerResult
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, ServerNotification
from mcp_types.jsonrpc import INVALID_PARAMS, METHOD_NOT_FOUND
from pydantic import BaseModel

from .following import follow
from .shapes import LEGACY_VERSION, RELATED_TASK_META, Snapshot, legacy_status, legacy_task
from .support import RequestContext, TaskSupport

JSON = dict[str, Any]
CAPABILITY: JSON = {"list": {}, "cancel": {}, "requests": {"tools": {"call": {}}}}
LIST_PAGE = 50
CANCELLED_NOTE = (
    "Cancelled here. The upstream API cannot stop a job, so it may still run to the end (and be billed)."
)
LEDGER_STATES: dict[str, Literal["working", "completed", "failed"]] = {
    "pending": "working",
    "running": "working",
    "succeeded": "completed",
    "failed": "failed",
}


class _StatusNotification(BaseModel):
    method: str = "notifications/tasks/status"
    params: JSON


def _cancelled(snapshot: Snapshot) -> Snapshot:
    return Snapshot(
        task_id=snapshot.task_id,
        status="cancelled",
        message=CANCELLED_NOTE,
        created_at=snapshot.created_at,
        updated_at=snapshot.updated_at,
        poll_interval_ms=snapshot.poll_interval_ms,
    )


async def _read(support: TaskSupport, ctx: RequestContext, task_id: str) -> Snapshot:
    """The task's state; a task cancelled here stays cancelled, whatever the upstream job does."""
    if support.cancel_requested(ctx, task_id):
        await support.row(ctx, task_id)
        return _cancelled(await support.read(ctx, task_id))
    return await support.read(ctx, task_id)


async def get(support: TaskSupport, ctx: RequestContext, task_id: str) -> JSON:
    return legacy_task(await _read(support, ctx, task_id))


async def cancel(support: TaskSupport, ctx: RequestContext, task_id: str) -> JSON:
    snapshot = await _read(support, ctx, task_id)
    if snapshot.terminal:
        raise MCPError(code=INVALID_PARAMS, message=f"Cannot cancel task: it is already {snapshot.status}")
    await support.request_cancel(ctx, task_id)
    return legacy_task(_cancelled(snapshot))


async def result(support: TaskSupport, ctx: RequestContext, task_id: str) -> JSON:
    """Blocks until the task is terminal, then returns what the tool call would have returned."""
    snapshot = await follow(
        support.server.runtime,
        lambda: _read(support, ctx, task_id),
        lambda changed: _notify(ctx, legacy_task(changed)),
        state=legacy_status,
    )
    if snapshot.result is None:
        raise MCPError(code=INVALID_PARAMS, message="Task was cancelled; it has no result")
    meta = {**(snapshot.result.get("_meta") or {}), RELATED_TASK_META: {"taskId": task_id}}
    return {**snapshot.result, "_meta": meta}


async def listing(support: TaskSupport, ctx: RequestContext, cursor: str | None) -> JSON:
    """The caller's tasks, newest first, from the ledger (no upstream reads)."""
    if cursor is not None and not cursor.isdigit():
        raise MCPError(code=INVALID_PARAMS, message="Invalid cursor")
    start = int(cursor or 0)
    rows = await support.server.journal.recent(support.context(ctx), start + LIST_PAGE + 1) or []
    page = rows[start : start + LIST_PAGE]
    tasks = [_listed(support, ctx, row) for row in page]
    answer: JSON = {"tasks": tasks}
    if len(rows) > start + LIST_PAGE:
        answer["nextCursor"] = str(start + LIST_PAGE)
    return answer


def _listed(support: TaskSupport, ctx: RequestContext, row: JSON) -> JSON:
    status = LEDGER_STATES.get(str(row["last_status"]), "working")
    snapshot = Snapshot(
        task_id=str(row["task_id"]),
        status="completed" if status == "failed" else status,
        message=f"Last seen {row['last_status']}: {row['summary']}",
        created_at=float(row["submitted_at"]),
        updated_at=float(row["updated_at"]),
        poll_interval_ms=support.poll_interval_ms(),
        result={"isError": True} if status == "failed" else None,
    )
    if support.cancel_requested(ctx, snapshot.task_id) and not snapshot.terminal:
        snapshot = _cancelled(snapshot)
    return legacy_task(snapshot)


async def _notify(ctx: RequestContext, task: JSON) -> None:
    notification = _StatusNotification(params=task)
    await ctx.session.send_notification(cast(ServerNotification, notification))


class LegacyTasks:
    """Server middleware that serves the 2025-11-25 task handshake and task-augmented `tools/call`."""

    def __init__(self, support: TaskSupport) -> None:
        self.support = support

    async def __call__(self, ctx: RequestContext, call_next: CallNext) -> HandlerResult:
        if ctx.method == "initialize":
            return self._advertise(await call_next(ctx))
        if ctx.protocol_version != LEGACY_VERSION:
            return await call_next(ctx)
        if ctx.method == "tools/list":
            return self._mark_tools(await call_next(ctx))
        params = ctx.params if isinstance(ctx.params, dict) else {}
        if ctx.method == "tools/call" and params.get("task") is not None:
            return await self._call_as_task(ctx, str(params.get("name")), call_next)
        return await call_next(ctx)

    def _advertise(self, answer: HandlerResult) -> HandlerResult:
        if isinstance(answer, dict) and answer.get("protocolVersion") == LEGACY_VERSION:
            capabilities = answer.setdefault("capabilities", {})
            if isinstance(capabilities, dict):
                capabilities["tasks"] = CAPABILITY
        return answer

    def _mark_tools(self, answer: HandlerResult) -> HandlerResult:
        if isinstance(answer, dict):
            for tool in answer.get("tools") or []:
                if isinstance(tool, dict) and tool.get("name") in self.support.tools:
                    tool["execution"] = {"taskSupport": "optional"}
        return answer

    async def _call_as_task(self, ctx: RequestContext, name: str, call_next: CallNext) -> HandlerResult:
        if name not in self.support.tools:
            raise MCPError(
                code=METHOD_NOT_FOUND, message=f"Tool {name} does not support task-augmented calls"
            )
        answer = await call_next(ctx)
        if not isinstance(answer, dict):
            return answer
        snapshot = await self.support.created(ctx, name, CallToolResult.model_validate(answer))
        if snapshot is None:  # an error or an already final answer: there is no job to follow
            return answer
        return {"task": legacy_task(snapshot)}


__all__ = ["LegacyTasks", "cancel", "get", "listing", "result"]
