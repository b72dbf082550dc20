"""The task tools every provider server shares: get one task, get many, and wait for one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal, TypeVar, cast, get_args

import anyio
import anyio.abc
from mcp.server.mcpserver import Context
from mcp.types import CallToolResult
from pydantic import Field

from ..blocking import off_loop
from ..caller import caller_key, caller_token
from ..errors import AceMediaError, InvalidArgument, TaskNotFound
from ..ledger.tools import TaskJournal
from ..media.links import with_links
from ..media.player import player_uri, tool_meta
from ..runtime import Runtime
from ..schemas import BatchResult, TaskResult
from ..tool_host import READ_HINTS, ToolHost
from .inline_wait import default_budget
from .progress import TOTAL, JobProgress, estimate
from .results import SANDBOX_NOTE, lean_task, task_result
from .status import TERMINAL, TaskStatus, TaskView, read_task

JSON = dict[str, Any]
T = TypeVar("T")
BATCH_LIMIT = 500
UPSTREAM_BATCH_SIZE = 50
BATCH_CONCURRENCY = 4
WAIT_DEFAULT_SECONDS = 50  # exported: the wait budget of a client that does not listen for progress
WAIT_MAX_SECONDS = 600
WAIT_MANY_LIMIT = 100
FINAL_READ_SECONDS = 2.0  # what the last read of a wait is left, at most a tenth of the budget
MIN_PAUSE_SECONDS = 0.05  # less time than this left: no further read
STATUSES = frozenset(get_args(TaskStatus))

TaskId = Annotated[str, Field(min_length=1, max_length=200)]
TaskIds = Annotated[
    list[str],
    Field(min_length=1, description=f"Up to {BATCH_LIMIT} task ids."),
]
WaitSeconds = Annotated[
    float | None,
    Field(
        ge=1,
        le=WAIT_MAX_SECONDS,
        description="Default 110 s with progress, else 50 s.",
    ),
]


FullRecords = Annotated[bool, Field(description="true: full records.")]
OptionalTaskId = Annotated[str, Field(max_length=200)]
TraceId = Annotated[str, Field(max_length=200, description="Or: the submission's trace_id.")]
SearchTaskIds = Annotated[
    list[str] | None,
    Field(min_length=1, description=f"Up to {BATCH_LIMIT} task ids."),
]
TraceIds = Annotated[list[str] | None, Field(min_length=1, description="Or: trace ids.")]
ListOffset = Annotated[int, Field(ge=0, description="List mode: skip this many.")]
ListLimit = Annotated[int, Field(ge=1, le=100, description="List mode: page size.")]
ListType = Annotated[str, Field(max_length=50, description="List mode: task type.")]
CreatedMin = Annotated[float | None, Field(description="List mode: created since (Unix s).")]
CreatedMax = Annotated[float | None, Field(description="List mode: created until (Unix s).")]
WaitMany = Annotated[
    list[str], Field(min_length=1, description=f"Task ids to follow (up to {WAIT_MANY_LIMIT}).")
]
WaitMode = Annotated[
    Literal["all", "any"], Field(description="all: until every task is finished; any: the first.")
]
# one task's result, with resource links for its finished media (the player page shows it)
LinkedTask = Annotated[CallToolResult, TaskResult]


class TaskTools:
    """The work behind the shared task tools of one provider's server."""

    def __init__(self, host: ToolHost, journal: TaskJournal) -> None:
        self.host = host
        self.provider = host.provider
        self.journal = journal

    @property
    def runtime(self) -> Runtime:
        return self.host.runtime

    async def _retrieve(self, body: JSON, ctx: Context) -> JSON:
        runtime = self.runtime
        return await runtime.client.query(
            self.provider.tasks_path, body, runtime.upstream_token(caller_token(ctx))
        )

    async def _record(self, task_id: str, ctx: Context, trace_id: str = "") -> JSON:
        body: JSON = {"action": "retrieve"}
        if task_id:
            body["id"] = task_id
        if trace_id:
            body["trace_id"] = trace_id
        record = await self._retrieve(body, ctx)
        if not record:
            raise TaskNotFound(task_id or trace_id, self.provider.title)
        return record

    async def get_task(self, ctx: Context, task_id: str, trace_id: str = "") -> JSON:
        task_id, trace_id = task_id.strip(), trace_id.strip()
        if not task_id and not trace_id:
            raise InvalidArgument("task_id", "give a task_id (or a trace_id); both were empty or blank")
        runtime = self.runtime
        record = await self._record(task_id, ctx, trace_id)
        view = read_task(record, self.provider.vocabulary)
        key = str(record.get("id") or task_id or trace_id)
        throttle = runtime.throttle
        if view.terminal:
            await off_loop(throttle.remote, lambda: throttle.forget(key))
        else:
            wait = await off_loop(throttle.remote, lambda: throttle.wait_before_repoll(key))
            if wait > 0:
                await runtime.sleep(wait)
                record = await self._record(task_id, ctx, trace_id)
                view = read_task(record, self.provider.vocabulary)
                await off_loop(throttle.remote, lambda: throttle.mark(key))
        self.journal.observed(ctx, key, view.status)
        return task_result(
            self.provider, record, view, sandbox=runtime.sandbox, pacing=runtime.pacing(_request(record))
        )

    async def get_tasks_batch(
        self,
        ctx: Context,
        task_ids: list[str] | None,
        full: bool = False,
        trace_ids: list[str] | None = None,
        filters: JSON | None = None,
    ) -> JSON:
        """Many tasks by id, or by trace id; with neither, list recent ones (`filters`: paging, type, time)."""
        ids = _given_ids("task_ids", task_ids, BATCH_LIMIT)
        traces = _given_ids("trace_ids", trace_ids, BATCH_LIMIT)
        filters = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
        missing: list[str] = []
        if ids is not None:
            records = await self._batch_by_ids(ids, ctx)
            found = {str(r.get("id")): r for r in records if isinstance(r, dict)}
            items = [found[i] for i in ids if i in found]
            missing = [i for i in ids if i not in found]
        elif traces is not None:
            items = await self._batch_by_ids(traces, ctx, key="trace_ids", filters=filters)
        else:  # list mode: neither task_ids nor trace_ids was given (providers with task filters)
            items = _records(await self._retrieve({"action": "retrieve_batch", **filters}, ctx))
        sandbox = self.runtime.sandbox
        if full:
            runtime = self.runtime
            results = [
                task_result(self.provider, r, sandbox=sandbox, pacing=runtime.pacing(_request(r)))
                for r in items
            ]
        else:
            results = [lean_task(self.provider, r) for r in items]
        for item in results:
            self.journal.observed(ctx, str(item.get("id", "")), item["status"])
        batch: JSON = {
            "count": len(results),
            "items": results,
            "by_status": dict(Counter(r["status"] for r in results)),
            "not_found": missing,
        }
        if sandbox:
            batch["sandbox"] = SANDBOX_NOTE
        return batch

    async def _batch_by_ids(
        self, ids: list[str], ctx: Context, key: str = "ids", filters: JSON | None = None
    ) -> list[JSON]:
        """Ids (or trace ids, with the caller's filters) in upstream requests of 50, 4 at a time."""
        chunks = [ids[i : i + UPSTREAM_BATCH_SIZE] for i in range(0, len(ids), UPSTREAM_BATCH_SIZE)]
        answers: list[list[JSON]] = [[] for _ in chunks]
        failures: list[AceMediaError] = []
        limiter = anyio.Semaphore(BATCH_CONCURRENCY)

        async def fetch(index: int, chunk: list[str], group: anyio.abc.TaskGroup) -> None:
            body: JSON = {"action": "retrieve_batch", **(filters or {}), key: chunk}
            if "limit" in body:  # a page never cuts a chunk short
                body["limit"] = max(int(body["limit"]), len(chunk))
            async with limiter:
                try:
                    answers[index] = _records(await self._retrieve(body, ctx))
                except AceMediaError as exc:
                    # report the upstream's error itself, not an exception group around it
                    failures.append(exc)
                    group.cancel_scope.cancel()

        async with anyio.create_task_group() as group:
            for index, chunk in enumerate(chunks):
                group.start_soon(fetch, index, chunk, group)
        if failures:
            raise failures[0]
        return [record for answer in answers for record in answer]

    async def _poll_until(
        self,
        ctx: Context,
        budget: float,
        read: Callable[[], Awaitable[T]],
        done: Callable[[T], bool],
        describe: Callable[[T], str],
        measure: Callable[[T, float], float],
        unanswered: Callable[[], Awaitable[T]],
    ) -> tuple[T, JSON]:
        """Read until `done` or the budget would run out, with a progress notification per read: how far
        the job has come (`measure(value, seconds watched)`, 0-100; see job_progress), not the budget.

        Every read is cut off when the budget ends, so an upstream that accepts a request and never
        answers cannot hold the call past its budget; the last value read (else `unanswered()`) is kept.
        """
        runtime = self.runtime
        started = runtime.clock()
        polls = 0
        value: T | None = None
        cut_off = False
        meter = JobProgress()
        while True:
            with anyio.move_on_after(max(0.0, budget - (runtime.clock() - started))) as deadline:
                fresh = await read()
            polls += 1
            if deadline.cancelled_caught:
                cut_off = True  # the read took the rest of the budget
                break
            value = fresh
            elapsed = runtime.clock() - started
            figure = meter.report(measure(value, elapsed), done=done(value))
            await ctx.report_progress(figure, TOTAL, f"{describe(value)} after {polls} polls")
            schedule = runtime.settings.wait_intervals
            # the last pause is cut short so the final read starts before the budget ends, with time to answer
            left = budget - elapsed - min(FINAL_READ_SECONDS, budget / 10)
            pause = min(schedule[min(polls - 1, len(schedule) - 1)], left)
            if done(value) or pause < MIN_PAUSE_SECONDS:
                break
            await runtime.sleep(pause)
        last = await unanswered() if value is None else value
        info: JSON = {
            "polls": polls,
            "waited_seconds": round(runtime.clock() - started, 3),
            "finished": not cut_off and done(last),
        }
        if cut_off:
            info["next_step"] = (
                "The API did not answer within the time budget; the last known state is shown."
            )
        return last, info

    async def _last_known(self, ctx: Context, ids: list[str]) -> dict[str, TaskStatus]:
        """The status the ledger last saw for each id, for a wait the upstream never answered."""
        seen = await self.journal.last_statuses(ctx, ids)
        return {i: cast(TaskStatus, s) for i, s in seen.items() if s in STATUSES}

    def _budget(self, given: float | None, ctx: Context) -> float:
        return float(given) if given is not None else default_budget(ctx, self.runtime.settings)

    def _unfinished(self, result: JSON, info: JSON, again: str) -> JSON:
        result["wait"] = info
        if not info["finished"]:
            result["retry_after_seconds"] = self.runtime.settings.wait_intervals[-1]
            why = info.get("next_step") or "Not finished within the time budget."
            info["next_step"] = f"{why} Call {again} again."
        return result

    def _measure_one(self, value: tuple[JSON, TaskView], watched: float) -> float:
        """One job's progress: the upstream's own figure, else the time watched against its expected length."""
        record, view = value
        if view.progress is not None:
            return view.progress
        return estimate(watched, self.runtime.pacing(_request(record)).progress_seconds)

    async def wait_for_task(self, ctx: Context, task_id: str, timeout_seconds: float | None) -> JSON:
        vocab, title = self.provider.vocabulary, self.provider.title

        async def read() -> tuple[JSON, TaskView]:
            record = await self._record(task_id, ctx)
            return record, read_task(record, vocab)

        answered = True

        async def unanswered() -> tuple[JSON, TaskView]:
            nonlocal answered
            answered = False
            last = (await self._last_known(ctx, [task_id])).get(task_id, "pending")
            return {"id": task_id}, TaskView(status=last, state="")

        async with self.runtime.waits.hold(caller_key(ctx)):  # a few waits per caller at once
            (record, view), info = await self._poll_until(
                ctx,
                self._budget(timeout_seconds, ctx),
                read,
                lambda value: value[1].terminal,
                lambda value: f"{title} task {value[1].status}",
                self._measure_one,
                unanswered,
            )
        result = task_result(
            self.provider,
            record,
            view,
            sandbox=self.runtime.sandbox,
            pacing=self.runtime.pacing(_request(record)),
        )
        if answered:  # the ledger learns what the upstream said, never what it did not
            self.journal.observed(ctx, task_id, view.status)
        return self._unfinished(result, info, f'{self.provider.name}_wait_for_task(task_id="{task_id}")')

    async def wait_for_tasks(
        self, ctx: Context, task_ids: list[str], mode: str, timeout_seconds: float | None
    ) -> JSON:
        ids = _given_ids("task_ids", task_ids, WAIT_MANY_LIMIT) or []
        want_all = mode == "all"

        async def read() -> JSON:
            batch = await self.get_tasks_batch(ctx, ids)
            if len(batch["not_found"]) == len(ids):  # as wait_for_task does for its one id
                raise TaskNotFound(
                    "', '".join(ids[:5]) + ("', ..." if len(ids) > 5 else ""), self.provider.title
                )
            return batch

        def done(batch: JSON) -> bool:
            finished = [i for i in batch["items"] if i["status"] in TERMINAL]
            if want_all:
                return len(finished) + len(batch["not_found"]) == len(ids)
            return bool(finished)

        def describe(batch: JSON) -> str:
            finished = sum(1 for i in batch["items"] if i["status"] in TERMINAL)
            return f"{finished} of {len(ids)} {self.provider.title} tasks finished"

        async def unanswered() -> JSON:
            known = await self._last_known(ctx, ids)
            items = [{**lean_task(self.provider, {"id": i}), "status": known.get(i, "pending")} for i in ids]
            return {
                "count": len(items),
                "items": items,
                "by_status": dict(Counter(i["status"] for i in items)),
                "not_found": [],
            }

        expected = self.runtime.pacing().progress_seconds

        def measure(batch: JSON, watched: float) -> float:
            finished = sum(1 for i in batch["items"] if i["status"] in TERMINAL) + len(batch["not_found"])
            running = max(0, len(ids) - finished)
            return (TOTAL * finished + estimate(watched, expected) * running) / max(1, len(ids))

        async with self.runtime.waits.hold(caller_key(ctx)):
            batch, info = await self._poll_until(
                ctx, self._budget(timeout_seconds, ctx), read, done, describe, measure, unanswered
            )
        return self._unfinished(batch, info, f"{self.provider.name}_wait_for_tasks with the same ids")


def _request(record: JSON) -> JSON | None:
    """The submission body a task record echoes (the upstream keeps it under `request`)."""
    request = record.get("request")
    return request if isinstance(request, dict) else None


def _records(answer: JSON) -> list[JSON]:
    """The task records of a batch answer, ignoring anything that is not one."""
    items = answer.get("items")
    return [r for r in items if isinstance(r, dict)] if isinstance(items, list) else []


def _unique(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(i.strip() for i in ids if i and i.strip()))


def _given_ids(field: str, given: list[str] | None, limit: int) -> list[str] | None:
    """The distinct non-blank ids of `field`, or None when it was not given at all."""
    if given is None:
        return None
    ids = _unique(given)
    if not ids:
        raise InvalidArgument(
            field, f"got {len(given)} ids but none that is not blank; allowed: at least 1 id"
        )
    if len(ids) > limit:
        raise InvalidArgument(field, f"got {len(ids)} distinct ids; allowed: at most {limit} per call")
    return ids


def register(host: ToolHost, journal: TaskJournal) -> None:
    """Add `<p>_get_task`, `<p>_get_tasks_batch`, `<p>_wait_for_task` and `<p>_wait_for_tasks`."""
    tasks = TaskTools(host, journal)

    async def get_task(task_id: TaskId, *, ctx: Context) -> LinkedTask:
        """Read a task's state once: the upstream record, a normalised `status`, `media` URLs and
        `mcp_task_polling` guidance (poll again or stop). To wait for the result, prefer the wait tool."""
        return with_links(await tasks.get_task(ctx, task_id))

    async def get_task_by_id_or_trace(
        task_id: OptionalTaskId = "", trace_id: TraceId = "", *, ctx: Context
    ) -> LinkedTask:
        """Read a task's state once (by task id or trace id): the upstream record, `status`, `media`,
        `mcp_task_polling` guidance."""
        return with_links(await tasks.get_task(ctx, task_id, trace_id))

    async def get_tasks_batch(task_ids: TaskIds, full: FullRecords = False, *, ctx: Context) -> BatchResult:
        """Read many tasks at once: `items` in the order asked (lean unless full=true), `count`,
        `by_status` and `not_found`."""
        return cast(BatchResult, await tasks.get_tasks_batch(ctx, task_ids, full))

    async def search_tasks(
        task_ids: SearchTaskIds = None,
        trace_ids: TraceIds = None,
        offset: ListOffset = 0,
        limit: ListLimit = 12,
        type: ListType = "",
        created_at_min: CreatedMin = None,
        created_at_max: CreatedMax = None,
        full: FullRecords = False,
        *,
        ctx: Context,
    ) -> BatchResult:
        """Read many tasks at once by task_ids or trace_ids, or with neither list recent ones (paged,
        filtered): `items` (lean unless full=true), `count`, `by_status`, `not_found`."""
        filters: JSON = {
            "offset": offset,
            "limit": limit,
            "type": type,
            "created_at_min": created_at_min,
            "created_at_max": created_at_max,
        }
        return cast(BatchResult, await tasks.get_tasks_batch(ctx, task_ids, full, trace_ids, filters))

    async def wait_for_task(
        task_id: TaskId, timeout_seconds: WaitSeconds = None, *, ctx: Context
    ) -> LinkedTask:
        """Wait server-side until a task is finished, with progress notifications, and return its final
        state and media. If the budget runs out first, it returns the current state: call it again."""
        return with_links(await tasks.wait_for_task(ctx, task_id, timeout_seconds))

    async def wait_for_tasks(
        task_ids: WaitMany,
        mode: WaitMode = "all",
        timeout_seconds: WaitSeconds = None,
        *,
        ctx: Context,
    ) -> BatchResult:
        """Wait server-side for several tasks (all, or with mode "any" the first), with progress; returns
        `items`, `by_status`, `not_found`. If the budget runs out first, call it again."""
        return cast(BatchResult, await tasks.wait_for_tasks(ctx, task_ids, mode, timeout_seconds))

    p, title = host.provider.name, host.provider.title
    player = tool_meta(player_uri(p))  # hosts show a task's result in the player page
    one = get_task_by_id_or_trace if host.provider.task_search else get_task
    many = search_tasks if host.provider.task_search else get_tasks_batch
    host.add_tool(one, f"{p}_get_task", f"Get {title} task", READ_HINTS, meta=player)
    host.add_tool(many, f"{p}_get_tasks_batch", f"Get many {title} tasks", READ_HINTS)
    host.add_tool(wait_for_task, f"{p}_wait_for_task", f"Wait for {title} task", READ_HINTS, meta=player)
    host.add_tool(wait_for_tasks, f"{p}_wait_for_tasks", f"Wait for many {title} tasks", READ_HINTS)
