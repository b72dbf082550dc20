"""What both task forms share: which tools make tasks, who owns a task, and reading one's state.

A task is the ledger row of an upstream job, bound to the owner the ledger already records (a hash of
the caller's token). Its state is read by calling the server's own `get_task` tool, so the reading goes
through the same client, retries, throttle and result shaping as an agent's poll.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from mcp.server.context import ServerRequestContext
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult
from mcp_types.jsonrpc import INVALID_PARAMS

from ..hosting.identity import caller_key
from ..tasks import TERMINAL
from .shapes import Snapshot, TaskState

if TYPE_CHECKING:
    from ..ledger_tools import TaskJournal
    from ..tool_host import ToolHost

    class TaskServer(ToolHost, Protocol):
        """What tasks need of the provider server: its tools, runtime and ledger journal."""

        journal: TaskJournal


JSON = dict[str, Any]
RequestContext = ServerRequestContext[Any, Any]
CANCEL_NOTE = (
    "Cancellation was requested, but the upstream API cannot stop a job: it keeps running (and is billed)."
)


class TaskNotFound(MCPError):
    def __init__(self) -> None:
        super().__init__(code=INVALID_PARAMS, message="Failed to retrieve task: Task not found")


class TaskSupport:
    """Task creation and reading for one provider server."""

    def __init__(self, server: TaskServer) -> None:
        self.server = server
        self.tools: set[str] = set()  # the generation and edit tools, which answer with a task
        self._cancel_requested: set[tuple[str, str]] = set()

    def offer(self, tool: str) -> None:
        self.tools.add(tool)

    def context(self, ctx: RequestContext) -> Context:
        return Context(request_context=ctx, mcp_server=self.server.mcp)

    def poll_interval_ms(self) -> int:
        runtime = self.server.runtime
        seconds = runtime.throttle.min_interval or runtime.settings.wait_intervals[0]
        return max(1, round(seconds * 1000))

    # -- creation -----------------------------------------------------------------------------------

    async def created(self, ctx: RequestContext, tool: str, result: object) -> Snapshot | None:
        """The new task behind a submission's result; None when the result is not a running job
        (an error, an already final answer) or the ledger could not keep it, so it is answered as is."""
        if tool not in self.tools or not isinstance(result, CallToolResult) or result.is_error:
            return None
        content = result.structured_content or {}
        task_id, status = content.get("task_id"), content.get("status")
        if not task_id or status in TERMINAL:
            return None
        row = await self.server.journal.one(self.context(ctx), str(task_id))
        if row is None:  # ledger off or failing: a task that tasks/get could not find must not be returned
            return None
        return Snapshot(
            task_id=str(task_id),
            status="working",
            message=f"{self.server.provider.title} job accepted; it usually takes 1-5 minutes.",
            created_at=row["submitted_at"],
            updated_at=row["updated_at"],
            poll_interval_ms=self.poll_interval_ms(),
        )

    # -- reading ------------------------------------------------------------------------------------

    async def row(self, ctx: RequestContext, task_id: str) -> JSON:
        """The caller's ledger row for `task_id`; another caller's id is not found, like an unknown one."""
        row = await self.server.journal.one(self.context(ctx), task_id)
        if row is None:
            raise TaskNotFound()
        return row

    async def read(self, ctx: RequestContext, task_id: str) -> Snapshot:
        row = await self.row(ctx, task_id)
        name = f"{self.server.provider.name}_get_task"
        try:
            answer = await self.server.mcp.call_tool(name, {"task_id": task_id}, self.context(ctx))
        except ToolError as exc:  # the upstream could not be read now; the job itself is unaffected
            return await self._snapshot(
                ctx, row, "working", f"Could not read the job's state just now: {exc}"
            )
        if not isinstance(answer, CallToolResult):
            return await self._snapshot(ctx, row, "working", "Could not read the job's state just now.")
        content = answer.structured_content or {}
        status = str(content.get("status", ""))
        if status in TERMINAL:
            result = answer.model_copy(update={"is_error": status == "failed"})
            message = "Finished: media ready." if status == "succeeded" else _failure(content)
            return await self._snapshot(ctx, row, "completed", message, _dump(result))
        return await self._snapshot(
            ctx, row, "working", _progress_message(self.server.provider.title, content)
        )

    async def _snapshot(
        self, ctx: RequestContext, row: JSON, status: TaskState, message: str, result: JSON | None = None
    ) -> Snapshot:
        task_id = str(row["task_id"])
        if status == "working" and self.cancel_requested(ctx, task_id):
            message = f"{message} {CANCEL_NOTE}"
        fresh = await self.server.journal.one(self.context(ctx), task_id) or row
        return Snapshot(
            task_id=task_id,
            status=status,
            message=message,
            created_at=float(row["submitted_at"]),
            updated_at=float(fresh["updated_at"]),
            poll_interval_ms=self.poll_interval_ms(),
            result=result,
        )

    # -- cancellation -------------------------------------------------------------------------------

    async def request_cancel(self, ctx: RequestContext, task_id: str) -> None:
        await self.row(ctx, task_id)
        self._cancel_requested.add((caller_key(self.context(ctx)), task_id))

    def cancel_requested(self, ctx: RequestContext, task_id: str) -> bool:
        return (caller_key(self.context(ctx)), task_id) in self._cancel_requested


def _dump(result: CallToolResult) -> JSON:
    return result.model_dump(by_alias=True, mode="json", exclude_none=True)


def _progress_message(title: str, content: JSON) -> str:
    state = content.get("state") or content.get("status") or "running"
    progress = _progress(content)
    return f"{title} job {content.get('status', 'running')} (state '{state}'{', ' + progress if progress else ''})."


def _progress(record: JSON) -> str:
    """The upstream's own progress figure (e.g. "42%"), where it reports one."""
    candidates: list[Any] = [record, record.get("response")]
    data = record.get("data") or (record.get("response") or {}).get("data")
    if isinstance(data, list) and data:
        candidates.append(data[0])
    for item in candidates:
        if (
            isinstance(item, dict)
            and isinstance(value := item.get("progress"), (str, int, float))
            and value != ""
        ):
            return str(value)
    return ""


def _failure(content: JSON) -> str:
    detail = content.get("error_detail")
    if isinstance(detail, dict) and detail.get("message"):
        return f"The job failed: {detail['message']}"
    return "The job failed upstream; the result carries the details."
