"""SEP-2663 (`io.modelcontextprotocol/tasks`) on the SDK's extension hook, plus the 2025-11-25 methods.

Both revisions name two methods alike (`tasks/get`, `tasks/cancel`) and the SDK binds one handler per
method, so each handler answers in the form of the request's protocol version.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mcp.server.context import CallNext, HandlerResult
from mcp.server.extension import Extension, MethodBinding
from mcp.server.mcpserver.server import require_client_extension
from mcp.types import CallToolRequestParams, RequestParams
from pydantic import Field

from . import legacy
from .shapes import LEGACY_VERSION, create_task_result, detailed_task
from .support import TASKS_EXTENSION, RequestContext, TaskSupport, declares_tasks

MODERN_VERSION = "2026-07-28"
JSON = dict[str, Any]


class TaskParams(RequestParams):
    task_id: str = Field(alias="taskId", min_length=1, max_length=200)


class UpdateParams(TaskParams):
    input_responses: dict[str, Any] = Field(default_factory=dict, alias="inputResponses")


class ListParams(RequestParams):
    cursor: str | None = None


def is_legacy(ctx: RequestContext) -> bool:
    return ctx.protocol_version == LEGACY_VERSION


class TasksExtension(Extension):
    identifier = TASKS_EXTENSION

    def __init__(self, support: TaskSupport) -> None:
        self.support = support

    async def intercept_tool_call(
        self, params: CallToolRequestParams, ctx: RequestContext, call_next: CallNext
    ) -> HandlerResult:
        result = await call_next(ctx)
        if is_legacy(ctx) or not declares_tasks(ctx):
            return result
        # every call of a task tool answers with a task; one whose answer is final is made completed
        snapshot = await self.support.created(ctx, params.name, result)
        return create_task_result(snapshot) if snapshot else result

    def methods(self) -> Sequence[MethodBinding]:
        legacy_only = frozenset({LEGACY_VERSION})
        return (
            MethodBinding("tasks/get", TaskParams, self._get),
            MethodBinding("tasks/cancel", TaskParams, self._cancel),
            MethodBinding("tasks/update", UpdateParams, self._update, frozenset({MODERN_VERSION})),
            MethodBinding("tasks/result", TaskParams, self._result, legacy_only),
            MethodBinding("tasks/list", ListParams, self._list, legacy_only),
        )

    async def _get(self, ctx: RequestContext, params: TaskParams) -> JSON:
        if is_legacy(ctx):
            return await legacy.get(self.support, ctx, params.task_id)
        require_client_extension(ctx, TASKS_EXTENSION)
        return detailed_task(await self.support.read(ctx, params.task_id))

    async def _cancel(self, ctx: RequestContext, params: TaskParams) -> JSON:
        if is_legacy(ctx):
            return await legacy.cancel(self.support, ctx, params.task_id)
        require_client_extension(ctx, TASKS_EXTENSION)
        # acknowledged, as the SEP asks; the job runs on and later reads say so
        await self.support.request_cancel(ctx, params.task_id)
        return {}

    async def _update(self, ctx: RequestContext, params: UpdateParams) -> JSON:
        require_client_extension(ctx, TASKS_EXTENSION)
        # these tasks never ask for input, so every response key is unknown and ignored
        await self.support.known(ctx, params.task_id)
        return {}

    async def _result(self, ctx: RequestContext, params: TaskParams) -> JSON:
        return await legacy.result(self.support, ctx, params.task_id)

    async def _list(self, ctx: RequestContext, params: ListParams) -> JSON:
        return await legacy.listing(self.support, ctx, params.cursor)


__all__ = ["MODERN_VERSION", "TASKS_EXTENSION", "TasksExtension", "declares_tasks", "is_legacy"]
