"""The 2025-11-25 tasks form: capability, `execution.taskSupport`, task-augmented `tools/call`, and the
`tasks/get`, `tasks/result`, `tasks/list`, `tasks/cancel` answers with `notifications/tasks/status`.

The SDK sieves a 2025-11-25 `tools/call` result down to `CallToolResult`, so task creation on that
revision runs as server middleware, whose answer the SDK passes on as it is. A task-augmented call of a
task tool always answers with a task, as that revision asks of a receiver that accepts the
augmentation: when the tool's answer is final or an error, the task is made already terminal
(`completed`, or `failed` when the result has `isError`) and `tasks/result` returns that answer.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from mcp.server.context import CallNext, HandlerResult
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, ServerNotification
from mcp_types.jsonrpc import INVALID_PARAMS, METHOD_NOT_FOUND
from pydantic import BaseModel

from .following import follow
from .shapes import (
    LEGACY_VERSION,
    RELATED_TASK_META,
    Snapshot,
    create_task_result,
    legacy_status,
    legacy_task,
)
from .support import RequestContext, TaskSupport, declares_tasks

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
        raise MCPError(
            code=INVALID_PARAMS, message=f"Cannot cancel task: it is already {legacy_status(snapshot)}"
        )
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
    """The caller's tasks, newest first: the ledger's (no upstream reads) and those made settled here."""
    if cursor is not None and not cursor.isdigit():
        raise MCPError(code=INVALID_PARAMS, message="Invalid cursor")
    start = int(cursor or 0)
    settled = support.settled.owned(support.owner(ctx))
    wanted = start + LIST_PAGE + 1 + len(settled)  # enough rows for the page once settled ids are merged
    rows = await support.server.journal.recent(support.context(ctx), wanted) or []
    held = {snapshot.task_id for snapshot in settled}
    listed = [(snapshot.created_at, legacy_task(snapshot)) for snapshot in settled]
    listed += [
        (float(row["submitted_at"]), _listed(support, ctx, row)) for row in rows if row["task_id"] not in held
    ]
    listed.sort(key=lambda entry: entry[0], reverse=True)
    answer: JSON = {"tasks": [task for _, task in listed[start : start + LIST_PAGE]]}
    if len(listed) > start + LIST_PAGE:
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


def _wire(answer: HandlerResult) -> JSON | None:
    """A `tools/call` answer as the wire has it; None if it is none."""
    if isinstance(answer, BaseModel):
        return answer.model_dump(by_alias=True, mode="json", exclude_none=True)
    return answer


class LegacyTasks:
    """Server middleware that serves the 2025-11-25 task handshake and task-augmented `tools/call`.

    It also sees that a SEP-2663 client gets a task for a call of a task tool that was answered before
    the extension's tool-call interceptor could make one (by middleware inside this one, such as an
    argument check), so every such call answers with a task in both forms."""

    def __init__(self, support: TaskSupport) -> None:
        self.support = support

    async def __call__(self, ctx: RequestContext, call_next: CallNext) -> HandlerResult:
        if ctx.method == "initialize":
            return self._advertise(await call_next(ctx))
        if ctx.protocol_version != LEGACY_VERSION:
            if ctx.method == "tools/call" and declares_tasks(ctx):
                return await self._ensure_task(ctx, call_next)
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
        answer = _wire(await call_next(ctx))
        if answer is None:
            return answer
        # always a task: an error or an already final answer makes one already terminal that holds it
        snapshot = await self.support.created(ctx, name, CallToolResult.model_validate(answer), answer)
        if snapshot is None:
            return answer
        return {"task": legacy_task(snapshot)}

    async def _ensure_task(self, ctx: RequestContext, call_next: CallNext) -> HandlerResult:
        params = ctx.params if isinstance(ctx.params, dict) else {}
        name = str(params.get("name"))
        answer = await call_next(ctx)
        if name not in self.support.tools:
            return answer
        wire = _wire(answer)
        if wire is None or wire.get("resultType") == "task":  # the interceptor made the task
            return answer
        snapshot = await self.support.created(ctx, name, CallToolResult.model_validate(wire), wire)
        return create_task_result(snapshot) if snapshot else answer


__all__ = ["LegacyTasks", "cancel", "get", "listing", "result"]
