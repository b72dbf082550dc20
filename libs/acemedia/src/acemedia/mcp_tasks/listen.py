"""Push over `subscriptions/listen` (2026-07-28) for the streams that name tasks.

A client listens to a task in either of two ways, in the `notifications` filter of its listen request:

- `resourceSubscriptions: ["<p>://tasks/<id>"]` (the core protocol): each change of the task is a
  `notifications/resources/updated` for that URI, and the client reads the resource again;
- `taskIds: ["<id>"]` (the tasks extension's addition to the filter; the request must declare
  `io.modelcontextprotocol/tasks`): each change is a `notifications/tasks` whose params are the task
  as `tasks/get` would answer at that moment, the final result inlined once it is done.

The SDK's own listen handler would honor any URI and knows no `taskIds`, so this middleware serves
those streams itself: it honors, in the acknowledgement, only the tasks the caller owns (another
caller's task is left out, as `tasks/get` calls it not found), joins each to its shared follower, and
forwards the SDK bus's events for the rest of the filter as the SDK would. Listens that name no task
pass on to the SDK unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import anyio
import anyio.abc
from mcp.server.context import CallNext, HandlerResult
from mcp.server.mcpserver.server import require_client_extension
from mcp.server.subscriptions import SubscriptionBus
from mcp.shared.exceptions import MCPError
from mcp.shared.subscriptions import (
    SUBSCRIPTION_ID_META_KEY,
    ResourceUpdated,
    ServerEvent,
    event_matches,
    event_to_notification,
)
from mcp.types import (
    ServerNotification,
    SubscriptionFilter,
    SubscriptionsAcknowledgedNotification,
    SubscriptionsAcknowledgedNotificationParams,
    SubscriptionsListenRequestParams,
)
from mcp_types.jsonrpc import INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST
from pydantic import BaseModel, ValidationError

from ..caller import caller_key
from ..errors import UnknownMCPTask
from .extension import TASKS_EXTENSION, is_legacy
from .followers import Listener, TaskFollowers
from .shapes import Snapshot, detailed_task
from .support import RequestContext, TaskSupport

JSON = dict[str, Any]
TASK_IDS = "taskIds"
MAX_TASKS_PER_STREAM = 100
MAX_STREAMS = 1024
MAX_STREAMS_PER_CALLER = 16
STREAM_BUFFER = 256  # frames a slow reader may fall behind before its stream is ended


class _TaskNotification(BaseModel):
    method: str = "notifications/tasks"
    params: JSON


@dataclass
class Interest:
    """What one stream wants of one task: `notifications/tasks`, resource updates for `uris`, or both."""

    status: bool = False
    uris: list[str] = field(default_factory=list)


class TaskListen:
    """Server middleware that serves the `subscriptions/listen` streams naming tasks."""

    def __init__(self, support: TaskSupport, bus: SubscriptionBus) -> None:
        self.support = support
        self.bus = bus
        self.followers = TaskFollowers(support)
        self.per_caller = MAX_STREAMS_PER_CALLER
        self._open: Counter[str] = Counter()  # open streams naming tasks, per caller

    async def __call__(self, ctx: RequestContext, call_next: CallNext) -> HandlerResult:
        if ctx.method != "subscriptions/listen" or is_legacy(ctx):
            return await call_next(ctx)
        try:
            params = SubscriptionsListenRequestParams.model_validate(ctx.params or {})
        except ValidationError:
            return await call_next(ctx)  # the SDK says what is wrong with it
        wanted = self._wanted(params.notifications)
        if not wanted:
            return await call_next(ctx)
        if any(interest.status for interest in wanted.values()):
            require_client_extension(ctx, TASKS_EXTENSION)
        if ctx.request_id is None:
            raise MCPError(INVALID_REQUEST, "subscriptions/listen requires a request id")
        caller = caller_key(self.support.context(ctx))
        if self._open.total() >= MAX_STREAMS or self._open[caller] >= self.per_caller:
            raise MCPError(
                INTERNAL_ERROR,
                f"Subscription limit reached: one caller may have {self.per_caller} listens naming tasks open",
            )
        self._open[caller] += 1
        try:
            return await self._serve(ctx, params.notifications, await self._owned(ctx, wanted))
        finally:
            self._open[caller] -= 1
            if not self._open[caller]:
                del self._open[caller]

    # -- what the request asks for ------------------------------------------------------------------

    def task_of(self, uri: str) -> str | None:
        """The task id of a `<p>://tasks/<id>` URI; None for any other URI (`.../recent` included)."""
        prefix = f"{self.support.server.provider.name}://tasks/"
        rest = uri[len(prefix) :] if uri.startswith(prefix) else ""
        if not rest or rest == "recent" or any(c in rest for c in "/?#{"):
            return None
        return rest

    def _wanted(self, requested: SubscriptionFilter) -> dict[str, Interest]:
        wanted: dict[str, Interest] = {}
        for uri in requested.resource_subscriptions or []:
            if (task_id := self.task_of(uri)) is not None:
                wanted.setdefault(task_id, Interest()).uris.append(uri)
        for task_id in _task_ids(requested):
            wanted.setdefault(task_id, Interest()).status = True
        if len(wanted) > MAX_TASKS_PER_STREAM:
            raise MCPError(
                INVALID_PARAMS, f"A listen may name at most {MAX_TASKS_PER_STREAM} tasks; got {len(wanted)}"
            )
        return wanted

    async def _owned(self, ctx: RequestContext, wanted: dict[str, Interest]) -> dict[str, Interest]:
        """The wanted tasks the caller owns; another caller's task is treated as unknown."""
        owned: dict[str, Interest] = {}
        for task_id, interest in wanted.items():
            try:
                await self.support.row(ctx, task_id)
            except UnknownMCPTask:
                if not interest.status or self.support.settled_task(ctx, task_id) is None:
                    continue
                interest = Interest(status=True)  # settled here: no ledger resource to read again
            owned[task_id] = interest
        return owned

    # -- the stream ---------------------------------------------------------------------------------

    async def _serve(
        self, ctx: RequestContext, requested: SubscriptionFilter, owned: dict[str, Interest]
    ) -> JSON:
        subscription_id = ctx.request_id
        meta: JSON = {SUBSCRIPTION_ID_META_KEY: subscription_id}
        honored = _honored(requested, owned, self.task_of)
        honored_uris = frozenset(honored.resource_subscriptions or ())
        send, receive = anyio.create_memory_object_stream[BaseModel](STREAM_BUFFER)

        def put(frame: BaseModel) -> None:
            try:
                send.send_nowait(frame)
            except anyio.WouldBlock:  # the client stopped reading: end the stream, as the SDK does
                send.close()
            except anyio.ClosedResourceError:
                pass

        def forward(event: ServerEvent) -> None:
            if event_matches(honored, honored_uris, event):
                put(event_to_notification(event, meta))

        def deliver_to(interest: Interest) -> Callable[[Snapshot], None]:
            def deliver(snapshot: Snapshot) -> None:
                if interest.status:
                    put(_TaskNotification(params={**detailed_task(snapshot), "_meta": meta}))
                for uri in interest.uris:
                    put(event_to_notification(ResourceUpdated(uri=uri), meta))

            return deliver

        owner = self.support.server.journal.owner(self.support.context(ctx)) or ""
        unsubscribe = self.bus.subscribe(forward)
        leaves: list[Callable[[], None]] = []
        try:
            async with anyio.create_task_group() as group:
                try:
                    for task_id, interest in owned.items():
                        listener = Listener(ctx, group, deliver_to(interest))
                        leaves.append(self.followers.join(owner, task_id, listener))
                    ack = SubscriptionsAcknowledgedNotification(
                        params=SubscriptionsAcknowledgedNotificationParams(notifications=honored, _meta=meta)
                    )
                    await ctx.session.send_notification(ack, related_request_id=subscription_id)
                    async for frame in receive:
                        await _send(ctx, frame)
                finally:  # before the group closes, so a follower hosted here moves on or stops
                    for leave in leaves:
                        leave()
        finally:
            unsubscribe()
            send.close()
            receive.close()
        return {"_meta": meta}


async def _send(ctx: RequestContext, frame: BaseModel) -> None:
    await ctx.session.send_notification(cast(ServerNotification, frame), related_request_id=ctx.request_id)


def _task_ids(requested: SubscriptionFilter) -> list[str]:
    given = (requested.model_extra or {}).get(TASK_IDS)
    if given is None:
        return []
    if not isinstance(given, list) or not all(isinstance(i, str) and 0 < len(i) <= 200 for i in given):
        raise MCPError(INVALID_PARAMS, f"notifications.{TASK_IDS} must be a list of task ids")
    return list(dict.fromkeys(given))


def _honored(
    requested: SubscriptionFilter, owned: dict[str, Interest], task_of: Callable[[str], str | None]
) -> SubscriptionFilter:
    """The acknowledged filter: every requested kind, but only the caller's own tasks."""

    def kept(uri: str) -> bool:
        task_id = task_of(uri)
        return task_id is None or (task_id in owned and uri in owned[task_id].uris)

    uris = [u for u in requested.resource_subscriptions or [] if kept(u)]
    status_ids = [task_id for task_id, interest in owned.items() if interest.status]
    extra: JSON = {TASK_IDS: status_ids} if status_ids else {}
    return SubscriptionFilter(
        tools_list_changed=True if requested.tools_list_changed else None,
        prompts_list_changed=True if requested.prompts_list_changed else None,
        resources_list_changed=True if requested.resources_list_changed else None,
        resource_subscriptions=uris or None,
        **extra,
    )


__all__ = ["TaskListen"]
