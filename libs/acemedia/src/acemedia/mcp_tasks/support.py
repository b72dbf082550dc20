"""What both task forms share: which tools make tasks, who owns a task, and reading one's state.

A task is the ledger row of an upstream job, bound to the owner the ledger already records (a hash of
the caller's token). Its state is read by calling the server's own `get_task` tool, so the reading goes
through the same client, retries, throttle and result shaping as an agent's poll. A call whose answer
is no running job (a final reply, an error) makes a task already terminal instead (`settled`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol
from uuid import uuid4

from mcp.server.context import ServerRequestContext
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent

from ..caller import caller_key
from ..errors import UnknownMCPTask
from ..tasks.status import TERMINAL
from .settled import SettledTasks
from .shapes import Snapshot, TaskState

if TYPE_CHECKING:
    from ..ledger.tools import TaskJournal
    from ..tool_host import ToolHost

    class TaskServer(ToolHost, Protocol):
        """What tasks need of the provider server: its tools, runtime and ledger journal."""

        journal: TaskJournal


JSON = dict[str, Any]
RequestContext = ServerRequestContext[Any, Any]
TASKS_EXTENSION = "io.modelcontextprotocol/tasks"
MESSAGE_LIMIT = 500  # characters of an error's text quoted in a task's status message
CANCEL_NOTE = (
    "Cancellation was requested, but the upstream API cannot stop a job: it keeps running (and is billed)."
)


def declares_tasks(ctx: RequestContext) -> bool:
    """Whether this request's client capabilities name the tasks extension (SEP-2663)."""
    capabilities = ctx.session.client_capabilities
    return bool(capabilities and capabilities.extensions and TASKS_EXTENSION in capabilities.extensions)


class TaskSupport:
    """Task creation and reading for one provider server."""

    def __init__(self, server: TaskServer) -> None:
        self.server = server
        self.tools: set[str] = set()  # the generation and edit tools, which answer with a task
        self._cancel_requested: set[tuple[str, str]] = set()
        self.settled = SettledTasks(lambda: self.server.runtime.clock())
        self.wall: Callable[[], float] = time.time  # the Unix time of `createdAt`

    def offer(self, tool: str) -> None:
        self.tools.add(tool)

    def context(self, ctx: RequestContext) -> Context:
        return Context(request_context=ctx, mcp_server=self.server.mcp)

    def owner(self, ctx: RequestContext) -> str:
        """Whose a settled task is: the call's ledger owner, else the key its caller is counted under."""
        context = self.context(ctx)
        return self.server.journal.owner(context) or caller_key(context)

    def poll_interval_ms(self) -> int:
        runtime = self.server.runtime
        seconds = runtime.throttle.min_interval or runtime.settings.wait_intervals[0]
        return max(1, round(seconds * 1000))

    # -- creation -----------------------------------------------------------------------------------

    async def created(
        self, ctx: RequestContext, tool: str, result: object, answer: JSON | None = None
    ) -> Snapshot | None:
        """The task a task tool's call makes: a working task for a running upstream job the ledger keeps,
        else a task made already terminal that holds the answer (`answer`, the result as it went on the
        wire, else `result`'s own). None for any other tool, or an answer that is no tool result."""
        if tool not in self.tools or not isinstance(result, CallToolResult):
            return None
        content = result.structured_content or {}
        task_id, status = content.get("task_id"), content.get("status")
        held = _dump(result) if answer is None else dict(answer)
        title = self.server.provider.title
        if not task_id:  # an error before anything was submitted, or a reply without a job
            return self._settle(ctx, str(uuid4()), held, _settled_message(title, result))
        if result.is_error or status in TERMINAL:
            return self._settle(ctx, str(task_id), held, _settled_message(title, result))
        row = await self.server.journal.one(self.context(ctx), str(task_id))
        if row is None:  # ledger off or failing: tasks/get could not find the job, so hold the submission
            message = (
                f"{title} job accepted, but no task ledger kept it to be followed here: the result is "
                "the submission; follow the job with the task tools it names."
            )
            return self._settle(ctx, str(task_id), held, message)
        return Snapshot(
            task_id=str(task_id),
            status="working",
            message=_accepted_message(title, content),
            created_at=row["submitted_at"],
            updated_at=row["updated_at"],
            poll_interval_ms=self.poll_interval_ms(),
        )

    def _settle(self, ctx: RequestContext, task_id: str, result: JSON, message: str) -> Snapshot:
        content = result.get("structuredContent")
        if isinstance(content, dict) and content.get("status") == "failed":
            result["isError"] = True  # as `read` gives a failed job: a failed task in 2025-11-25 terms
        now = self.wall()
        snapshot = Snapshot(
            task_id=task_id,
            status="completed",  # SEP-2663's word for any tool result; 2025-11-25 says failed on isError
            message=message,
            created_at=now,
            updated_at=now,
            poll_interval_ms=self.poll_interval_ms(),
            result=result,
            ttl_ms=round(self.settled.ttl_seconds * 1000),
        )
        self.settled.add(self.owner(ctx), snapshot)
        return snapshot

    # -- reading ------------------------------------------------------------------------------------

    async def row(self, ctx: RequestContext, task_id: str) -> JSON:
        """The caller's ledger row for `task_id`; another caller's id is not found, like an unknown one."""
        row = await self.server.journal.one(self.context(ctx), task_id)
        if row is None:
            raise UnknownMCPTask()
        return row

    def settled_task(self, ctx: RequestContext, task_id: str) -> Snapshot | None:
        """The caller's task made already terminal, if `task_id` is one kept here."""
        return self.settled.get(self.owner(ctx), task_id)

    async def known(self, ctx: RequestContext, task_id: str) -> None:
        """Raises `UnknownMCPTask` unless the caller has this task, settled here or in the ledger."""
        if self.settled_task(ctx, task_id) is None:
            await self.row(ctx, task_id)

    async def read(self, ctx: RequestContext, task_id: str) -> Snapshot:
        settled = self.settled_task(ctx, task_id)
        if settled is not None:
            return settled
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
        if self.settled_task(ctx, task_id) is not None:
            return  # already terminal: there is nothing left to cancel
        await self.row(ctx, task_id)
        self._cancel_requested.add((caller_key(self.context(ctx)), task_id))

    def cancel_requested(self, ctx: RequestContext, task_id: str) -> bool:
        return (caller_key(self.context(ctx)), task_id) in self._cancel_requested


def _dump(result: CallToolResult) -> JSON:
    return result.model_dump(by_alias=True, mode="json", exclude_none=True)


def _accepted_message(title: str, content: JSON) -> str:
    """A new job's status message, timed by the submission's own guidance (sandbox jobs take seconds)."""
    guidance = content.get("mcp_async_submission")
    expected = guidance.get("expected_wait_seconds") if isinstance(guidance, dict) else None
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and expected > 0:
        return f"{title} job accepted; expected to finish within about {_duration(float(expected))}."
    return f"{title} job accepted."


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{round(seconds)} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def _settled_message(title: str, result: CallToolResult) -> str:
    """The status message of a task made terminal: what the answer was, in a line."""
    content = result.structured_content or {}
    if result.is_error:
        text = " ".join(c.text for c in result.content if isinstance(c, TextContent))
        text = re.sub(r"^Error executing tool \S+: ", "", text.strip())
        if len(text) > MESSAGE_LIMIT:
            text = text[: MESSAGE_LIMIT - 1].rstrip() + "…"
        return f"The call failed: {text}" if text else "The call failed; the result carries the details."
    if content.get("status") == "failed":
        return _failure(content)
    return f"{title} answered at once: the result is final."


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
