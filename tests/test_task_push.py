"""Push over `subscriptions/listen`: a client that listens to its task is told of each change, by one
shared follower per task, and never has to poll.

Real MCP client sessions (in-process, and one over streamable HTTP on loopback) against the Veo server
and the simulator on a manual clock. The server's sleep is a gate: while it is shut a follower waits
between reads, and each sleep it is let through moves the simulator's clock on, so a 90 s job read
every 30 s is read exactly four times (t = 0, 30, 60, 90) and nothing waits on the wall clock.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx2
import mcp.types as types
import pytest
import uvicorn
from acemedia.http.app import build_http_app
from acemedia.runtime import Runtime
from acemedia.simulator.clock import ManualClock
from acemedia_testing import TOKEN, make_settings, tool_text
from acemedia_testing.simulator import SimulatorServer, SimulatorState
from mcp import Client
from mcp.client.extension import ClientExtension, NotificationBinding
from mcp.client.streamable_http import streamable_http_client
from mcp.client.subscriptions import ResourceUpdated
from mcp.shared.exceptions import MCPError
from pydantic import BaseModel, ConfigDict
from veo_mcp.server import server as veo

from .scenario import submit

JSON = dict[str, Any]
TASKS = "io.modelcontextprotocol/tasks"
JOB_SECONDS = 90.0
PAUSE = 30.0  # the follower's pause between reads (ACEMEDIA_WAIT_INTERVALS)
READS = 4  # t = 0 (queued), 30, 60 (running), 90 (done)
OTHER_TOKEN = "push-other-caller"


class Gate:
    """The server's sleep. Shut, a sleeper waits; open, it goes at once. Either way the simulator's
    clock moves on by what was asked, so the job advances exactly as far as the follower waited."""

    def __init__(self, clock: ManualClock, open_: bool = False) -> None:
        self.clock = clock
        self.sleeps: list[float] = []
        self.waiting = 0
        self._open = anyio.Event()
        if open_:
            self._open.set()

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.waiting += 1
        try:
            await self._open.wait()
        finally:
            self.waiting -= 1
        self.clock.advance(seconds)

    def open(self) -> None:
        self._open.set()


class Inbox:
    """What arrived, in order; `next` waits (on the event loop only) for the next one."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._read = 0
        self._arrived = anyio.Event()

    def put(self, item: Any) -> None:
        self.items.append(item)
        self._arrived.set()

    async def next(self) -> Any:
        with anyio.fail_after(10):
            while self._read >= len(self.items):
                self._arrived = anyio.Event()
                await self._arrived.wait()
        self._read += 1
        return self.items[self._read - 1]

    def waiting(self) -> list[Any]:
        """Whatever arrived and was not read yet."""
        rest, self._read = self.items[self._read :], len(self.items)
        return rest


class _AnyParams(BaseModel):
    model_config = ConfigDict(extra="allow")


class TaskUpdates(ClientExtension):
    """The client side of the tasks extension here: declares it and keeps each `notifications/tasks`."""

    identifier = TASKS

    def __init__(self) -> None:
        self.updates = Inbox()

    def notifications(self) -> Sequence[NotificationBinding[Any]]:
        async def keep(params: _AnyParams) -> None:
            self.updates.put(params.model_dump(by_alias=True))

        return [NotificationBinding(method="notifications/tasks", params_type=_AnyParams, handler=keep)]


class Watcher:
    """One MCP client session that declares the tasks extension and keeps what its streams bring."""

    def __init__(self) -> None:
        self.extension = TaskUpdates()
        self.acks = Inbox()
        self.resource_updates = Inbox()

    @property
    def updates(self) -> Inbox:
        return self.extension.updates

    async def _message(self, message: Any) -> None:
        if isinstance(message, types.SubscriptionsAcknowledgedNotification):
            self.acks.put(message.params.notifications)
        elif isinstance(message, types.ResourceUpdatedNotification):
            self.resource_updates.put(message.params.uri)

    def client(self, target: Any) -> Client:
        return Client(target, extensions=[self.extension], message_handler=self._message)


def listen_request(
    task_ids: Sequence[str] = (), uris: Sequence[str] = ()
) -> types.SubscriptionsListenRequest:
    extra: JSON = {"taskIds": list(task_ids)} if task_ids else {}
    wanted = types.SubscriptionFilter(resource_subscriptions=list(uris) or None, **extra)
    return types.SubscriptionsListenRequest(
        params=types.SubscriptionsListenRequestParams(notifications=wanted)
    )


@asynccontextmanager
async def listening(
    client: Client, watcher: Watcher, task_ids: Sequence[str] = (), uris: Sequence[str] = ()
) -> AsyncIterator[types.SubscriptionFilter]:
    """A `subscriptions/listen` stream as the wire has it (`Client.listen` takes no `taskIds`);
    yields the acknowledged filter; leaving the block closes the stream."""
    request = listen_request(task_ids, uris)
    async with anyio.create_task_group() as group:
        group.start_soon(client.session.send_request, request, types.SubscriptionsListenResult)
        yield await watcher.acks.next()
        group.cancel_scope.cancel()


async def until(condition: Any) -> None:
    """Let the event loop run (no wall-clock wait) until `condition()` holds."""
    with anyio.fail_after(10):
        while not condition():
            await anyio.lowlevel.checkpoint()


def task_queries(simulator: SimulatorServer, task_id: str) -> int:
    return sum(
        1
        for r in simulator.state.journal.requests("/veo/tasks")
        if isinstance(r.body, dict) and r.body.get("id") == task_id
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(start=1000.0)


@pytest.fixture
def simulator(clock: ManualClock) -> Iterator[SimulatorServer]:
    state = SimulatorState(clock=clock, job_seconds=JOB_SECONDS, tokens={TOKEN, OTHER_TOKEN})
    with SimulatorServer(state) as server:
        yield server


def serve_veo(simulator: SimulatorServer, tmp_path: Path, gate: Gate) -> None:
    settings = make_settings(
        base_url=simulator.url,
        min_poll_interval=0.0,
        ledger_path=str(tmp_path / "ledger.db"),
        wait_intervals=(PAUSE,),
    )
    veo.configure(Runtime.create(settings, sleep=gate.sleep))


async def submitted(marker: str = "") -> str:
    """A Veo job submitted by a client that knows nothing of tasks (the in-process caller)."""
    async with Client(veo.mcp) as plain:
        return await submit(plain, "veo", marker)


async def a_running_task(simulator: SimulatorServer, clock: ManualClock, tmp_path: Path) -> tuple[Gate, str]:
    """The server on a gated clock, and a task submitted to it that is still running."""
    gate = Gate(clock)
    serve_veo(simulator, tmp_path, gate)
    return gate, await submitted()


# -- one listener ----------------------------------------------------------------------------------


async def test_a_listener_gets_working_then_completed_without_polling(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    gate, task_id = await a_running_task(simulator, clock, tmp_path)
    watcher = Watcher()
    async with watcher.client(veo.mcp) as client, listening(client, watcher, [task_id]) as honored:
        assert honored.model_extra == {"taskIds": [task_id]}
        first = await watcher.updates.next()
        assert first["taskId"] == task_id and first["status"] == "working"
        assert "Veo job" in first["statusMessage"] and first["pollIntervalMs"] > 0 and "result" not in first
        assert first["_meta"]["io.modelcontextprotocol/subscriptionId"]  # a frame of this stream
        gate.open()
        updates = [first]
        while updates[-1]["status"] == "working":
            updates.append(await watcher.updates.next())
        await until(lambda: veo.task_listen.followers.active() == 0)  # stopped: the task is terminal
        assert watcher.updates.waiting() == []
    done = updates[-1]
    assert done["status"] == "completed" and done["statusMessage"] == "Finished: media ready."
    assert done["result"]["isError"] is False and done["result"]["structuredContent"]["status"] == "succeeded"
    assert any(m["final"] for m in done["result"]["structuredContent"]["media"])
    assert len({u["statusMessage"] for u in updates}) == len(updates)  # each one a change
    # the follower read the upstream on the wait schedule; the client sent no tasks/get at all
    assert task_queries(simulator, task_id) == READS and gate.sleeps == [PAUSE] * (READS - 1)


async def test_a_resource_listener_is_told_to_reread_the_task(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    gate, task_id = await a_running_task(simulator, clock, tmp_path)
    uri = f"veo://tasks/{task_id}"
    watcher = Watcher()
    async with (
        watcher.client(veo.mcp) as client,
        client.listen(resource_subscriptions=[uri]) as subscription,  # the SDK's own API
    ):
        assert subscription.honored.resource_subscriptions == [uri]
        seen: list[str] = []
        async for event in subscription:
            assert event == ResourceUpdated(uri=uri)
            read = await client.read_resource(uri)
            seen.append(str(read.contents[0].text))  # type: ignore[union-attr]
            if '"last_status": "succeeded"' in seen[-1]:
                break
            gate.open()  # after the first reading, let the job run to its end
    assert len(seen) >= 2 and '"last_status": "succeeded"' not in seen[0]
    assert task_queries(simulator, task_id) == READS


# -- several listeners, one follower ---------------------------------------------------------------


async def test_two_listeners_share_one_follower(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    gate, task_id = await a_running_task(simulator, clock, tmp_path)
    first, second = Watcher(), Watcher()
    async with (
        first.client(veo.mcp) as one,
        second.client(veo.mcp) as two,
        listening(one, first, [task_id]),
        listening(two, second, [task_id]),
    ):
        assert (await first.updates.next())["status"] == "working"
        assert (await second.updates.next())["status"] == "working"  # the late one is told at once
        assert veo.task_listen.followers.active() == 1
        gate.open()
        for watcher in (first, second):
            while (await watcher.updates.next())["status"] == "working":
                pass
    assert task_queries(simulator, task_id) == READS  # not twice as many
    assert gate.sleeps == [PAUSE] * (READS - 1)


async def test_the_follower_stops_when_its_last_listener_leaves(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    gate, task_id = await a_running_task(simulator, clock, tmp_path)
    watcher = Watcher()
    async with watcher.client(veo.mcp) as client:
        async with listening(client, watcher, [task_id]):
            assert (await watcher.updates.next())["status"] == "working"
            await until(lambda: gate.waiting == 1)  # between two reads
        await until(lambda: gate.waiting == 0 and veo.task_listen.followers.active() == 0)
        gate.open()
        for _ in range(20):
            await anyio.lowlevel.checkpoint()
    assert task_queries(simulator, task_id) == 1  # nobody listens, nobody reads


async def test_when_the_hosting_listener_leaves_another_listener_keeps_the_follower(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    gate, task_id = await a_running_task(simulator, clock, tmp_path)
    first, second = Watcher(), Watcher()
    leave, left = anyio.Event(), anyio.Event()

    async def first_listens(client: Client) -> None:
        async with listening(client, first, [task_id]):
            await leave.wait()
        left.set()

    async with (
        first.client(veo.mcp) as one,
        second.client(veo.mcp) as two,
        anyio.create_task_group() as group,
    ):
        group.start_soon(first_listens, one)
        assert (await first.updates.next())["status"] == "working"  # the follower runs in its stream
        async with listening(two, second, [task_id]):
            assert (await second.updates.next())["status"] == "working"
            leave.set()
            await left.wait()
            assert veo.task_listen.followers.active() == 1  # carried on in the second stream
            await until(lambda: gate.waiting == 1)
            gate.open()
            while (last := await second.updates.next())["status"] == "working":
                pass
    assert last["status"] == "completed" and last["result"]["isError"] is False
    assert task_queries(simulator, task_id) == READS  # taking over reads no sooner than the schedule


# -- who may listen, and clients that do not ------------------------------------------------------


async def test_taskids_need_the_extension_and_a_plain_client_is_unchanged(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    gate = Gate(clock, open_=True)
    serve_veo(simulator, tmp_path, gate)
    async with Client(veo.mcp) as plain:
        task_id = await submit(plain, "veo")
        with anyio.fail_after(10), pytest.raises(MCPError) as refused:
            await plain.session.send_request(listen_request([task_id]), types.SubscriptionsListenResult)
        assert refused.value.error.code == -32021 and TASKS in str(refused.value.error.data)
        # a listen that names no task is the SDK's, as before
        async with plain.listen(tools_list_changed=True) as subscription:
            assert subscription.honored.tools_list_changed is True
        # and a client that does not listen polls as it always did; nothing follows its task
        waited = await plain.call_tool("veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 300})
        assert waited.structured_content is not None, tool_text(waited)
        assert waited.structured_content["status"] == "succeeded"
    assert veo.task_listen.followers.active() == 0
    assert task_queries(simulator, task_id) == waited.structured_content["wait"]["polls"]


async def test_an_unknown_task_is_not_honored(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    serve_veo(simulator, tmp_path, Gate(clock, open_=True))
    watcher = Watcher()
    async with (
        watcher.client(veo.mcp) as client,
        listening(client, watcher, ["no-such-task"], ["veo://tasks/no-such-task"]) as honored,
    ):
        assert honored.model_extra == {} and honored.resource_subscriptions is None
        assert veo.task_listen.followers.active() == 0


async def test_one_caller_may_hold_only_so_many_task_listens(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_veo(simulator, tmp_path, Gate(clock))
    monkeypatch.setattr(veo.task_listen, "per_caller", 1)
    task_id = await submitted()
    watcher = Watcher()
    async with watcher.client(veo.mcp) as client, listening(client, watcher, [task_id]):
        with anyio.fail_after(10), pytest.raises(MCPError) as refused:
            await client.session.send_request(listen_request([task_id]), types.SubscriptionsListenResult)
        assert "limit" in refused.value.error.message
    async with watcher.client(veo.mcp) as client, listening(client, watcher, [task_id]) as honored:
        assert honored.model_extra == {"taskIds": [task_id]}  # the slot is free again


# -- over streamable HTTP: two callers -------------------------------------------------------------


@asynccontextmanager
async def http_veo() -> AsyncIterator[str]:
    """The Veo HTTP app on a loopback port, served in this event loop."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        build_http_app(veo, "127.0.0.1"), log_config=None, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    async with anyio.create_task_group() as group:
        group.start_soon(lambda: server.serve(sockets=[sock]))
        await until(lambda: server.started)
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}/mcp"
        finally:
            server.should_exit = True
    sock.close()


@asynccontextmanager
async def http_client(url: str, token: str, watcher: Watcher | None = None) -> AsyncIterator[Client]:
    """A session with a bearer token; with a `watcher`, one that declares the tasks extension."""
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        transport = streamable_http_client(url, http_client=http)
        async with watcher.client(transport) if watcher else Client(transport) as client:
            yield client


async def test_over_http_the_owner_is_pushed_its_task_and_another_caller_nothing(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    gate = Gate(clock)
    serve_veo(simulator, tmp_path, gate)
    owner, other = Watcher(), Watcher()
    async with (
        http_veo() as url,
        http_client(url, TOKEN, owner) as mine,
        http_client(url, OTHER_TOKEN, other) as theirs,
    ):
        assert mine.session.protocol_version == "2026-07-28"
        async with http_client(url, TOKEN) as plain:  # declares no tasks, so it gets the task id
            task_id = await submit(plain, "veo")
        uri = f"veo://tasks/{task_id}"
        async with listening(theirs, other, [task_id], [uri]) as refused:
            assert refused.model_extra == {} and refused.resource_subscriptions is None
            async with listening(mine, owner, [task_id], [uri]) as honored:
                assert honored.model_extra == {"taskIds": [task_id]} and honored.resource_subscriptions == [
                    uri
                ]
                assert (await owner.updates.next())["status"] == "working"
                assert await owner.resource_updates.next() == uri
                gate.open()
                while (last := await owner.updates.next())["status"] == "working":
                    pass
                assert last["result"]["structuredContent"]["status"] == "succeeded"
                await until(lambda: veo.task_listen.followers.active() == 0)
            assert other.updates.waiting() == [] and other.resource_updates.waiting() == []
