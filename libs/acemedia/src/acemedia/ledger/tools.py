"""What the task ledger offers an agent: `<p>_list_tasks` and the `<p>://tasks/...` resources."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, cast

import anyio.to_thread
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ResourceNotFoundError
from pydantic import Field

from ..caller import owner_for
from ..schemas import LedgerEntry, LedgerListing
from ..tasks.status import TaskStatus
from ..tool_host import INFO_HINTS, ToolHost
from .store import LOCAL_OWNER, TaskLedger
from .writer import LONGEST_PAUSE, LedgerWriter

log = logging.getLogger("acemedia.ledger")
JSON = dict[str, Any]
T = TypeVar("T")
# a read first lets queued writes land, so a task just submitted is listed
READ_WAITS_FOR_WRITES = LONGEST_PAUSE + 1.0
SUBMISSION_WRITE_WAIT = 0.05
NO_OWNER_NOTE = (
    "This call came without a token of its own, so no task list is kept for it: callers without a "
    "token cannot be told apart. Send 'Authorization: Bearer <token>' to have one."
)


class TaskJournal:
    """The ledger as tools use it: writes are queued off the event loop and never fail a tool call;
    reads run in a worker thread, and a broken ledger only logs a warning."""

    def __init__(self, host: ToolHost) -> None:
        self.host = host
        self._writer: LedgerWriter | None = None

    def owner(self, ctx: Context) -> str | None:
        # a sandbox's callers without a token share one simulated account, so they share its tasks too
        return owner_for(ctx, LOCAL_OWNER if self.host.runtime.sandbox is not None else None)

    def writer(self) -> LedgerWriter | None:
        """The queue in front of the current runtime's ledger; None when the ledger is off."""
        ledger = self.host.runtime.ledger
        if ledger is None:
            return None
        if self._writer is None or self._writer.ledger is not ledger:
            self._writer = LedgerWriter(ledger)
        return self._writer

    def _write(self, what: str, action: Callable[[TaskLedger, str], None]) -> threading.Event | None:
        writer, provider = self.writer(), self.host.provider.name
        if writer is None:
            return None
        return writer.put(what, lambda ledger: action(ledger, provider))

    async def _read(
        self, action: Callable[[TaskLedger, str], T], wait_for_writes: float = READ_WAITS_FOR_WRITES
    ) -> T | None:
        """Run `action(ledger, provider)` in a worker thread, once queued writes are made (within
        `wait_for_writes` seconds); None when the ledger is off or failed."""
        writer, provider = self.writer(), self.host.provider.name
        if writer is None:
            return None

        def read() -> T:
            writer.flush(wait_for_writes)
            return action(writer.ledger, provider)

        try:
            return await anyio.to_thread.run_sync(read)
        except (sqlite3.Error, OSError) as exc:
            log.warning("task ledger read failed: %s", exc)
            return None

    async def submitted(self, ctx: Context, task_id: str, tool: str, body: JSON, status: str) -> None:
        """Record a submission; it has usually landed when this returns, and is queued if not."""
        owner = self.owner(ctx)
        if owner is None:
            return
        written = self._write(
            "write", lambda ledger, p: ledger.record_submission(owner, p, task_id, tool, body, status)
        )
        if written is not None:
            # a moment's wait, so a process killed right after the reply still has the row
            await anyio.to_thread.run_sync(written.wait, SUBMISSION_WRITE_WAIT)

    def observed(self, ctx: Context, task_id: str, status: str) -> None:
        owner = self.owner(ctx)
        writer = self.writer()
        if owner is None:
            return
        if writer is None or writer.ledger.knows(owner, self.host.provider.name, task_id, status):
            return  # a repeat poll of an unchanged task costs no queued write
        self._write("update", lambda ledger, p: ledger.update_status(owner, p, task_id, status))

    def saved(self, ctx: Context, task_id: str, tool: str, files: list[JSON]) -> None:
        owner = self.owner(ctx)
        if owner is None:
            return
        self._write("write", lambda ledger, p: ledger.record_files(owner, p, task_id, tool, files))

    async def recent(self, ctx: Context, limit: int, status: str | None = None) -> list[JSON] | None:
        owner = self.owner(ctx)
        if owner is None:
            return None
        return await self._read(lambda ledger, p: ledger.recent(owner, p, limit, status))

    async def one(self, ctx: Context, task_id: str) -> JSON | None:
        owner = self.owner(ctx)
        if owner is None:
            return None
        return await self._read(lambda ledger, p: ledger.get(owner, p, task_id))

    async def last_statuses(self, ctx: Context, task_ids: list[str]) -> dict[str, str]:
        """What the ledger last saw of each task, at once (for a wait the upstream never answered)."""
        owner = self.owner(ctx)
        if owner is None:
            return {}
        found = await self._read(lambda ledger, p: ledger.statuses(owner, p, task_ids), wait_for_writes=0)
        return found or {}


ListLimit = Annotated[int, Field(ge=1, le=200, description="How many to list.")]
ListStatus = Annotated[TaskStatus | None, Field(description="Only tasks last seen in this status.")]


def register(host: ToolHost, journal: TaskJournal) -> None:
    """Add `<p>_list_tasks` and the `<p>://tasks/...` resources."""
    p, title = host.provider.name, host.provider.title

    async def list_tasks(limit: ListLimit = 20, status: ListStatus = None, *, ctx: Context) -> LedgerListing:
        """Your tasks on this server, newest first, with what was asked and the last status seen (kept
        across restarts): find a lost task id here, then follow it with the wait tool."""
        tasks = await journal.recent(ctx, limit, status)
        if tasks is None and journal.owner(ctx) is None:
            return {"ledger": "off", "tasks": [], "note": NO_OWNER_NOTE}
        if tasks is None:
            return {"ledger": "off", "tasks": [], "note": "The task ledger is off (ACEMEDIA_LEDGER=off)."}
        return {"ledger": "on", "count": len(tasks), "tasks": cast(list[LedgerEntry], tasks)}

    host.add_tool(list_tasks, f"{p}_list_tasks", f"List my {title} tasks", INFO_HINTS)

    # a template (not a static resource) because reading it needs the caller's context
    @host.mcp.resource(
        f"{p}://tasks/recent{{?limit}}",
        name=f"{p}-recent-tasks",
        mime_type="application/json",
        title=f"Recent {title} tasks",
        description=f"The most recent {title} tasks this server submitted for you (default 20).",
    )
    async def recent_tasks(ctx: Context, limit: str = "20") -> str:
        count = max(1, min(200, int(limit))) if limit.isdigit() else 20
        return json.dumps(await journal.recent(ctx, count) or [], ensure_ascii=False)

    @host.mcp.resource(
        f"{p}://tasks/{{task_id}}",
        name=f"{p}-task",
        mime_type="application/json",
        title=f"{title} task",
        description=f"What the ledger knows about one {title} task.",
    )
    async def one_task(task_id: str, ctx: Context) -> str:
        found = await journal.one(ctx, task_id)
        if found is None:
            raise ResourceNotFoundError(f"No {title} task {task_id} in the ledger")
        return json.dumps(found, ensure_ascii=False)
