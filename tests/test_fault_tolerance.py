"""Fault injection against the simulator over real loopback HTTP, through an in-memory MCP client.

The README's retry policy: task queries are retried on 429 (honouring Retry-After), 408, 5xx, timeouts and
connection failures, at most 4 attempts within 20 s; a submission is never re-sent once it may have
reached the upstream, and a lost submission reply says the job may have been created. Time is virtual
(`FakeTime`): backoff sleeps return at once and are recorded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import respx
from acemedia.runtime import Runtime
from acemedia_testing import BASE_URL, FakeTime, tool_text, use_test_runtime
from acemedia_testing.simulator import Fault, SimulatorServer, SimulatorState
from acemedia_testing.simulator.faults import FaultPlan
from anyio.from_thread import BlockingPortal
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from mcp import Client
from veo_mcp.server import server

from .reliability_helpers import (
    clients_in_a_portal,
    free_port,
    instant_runtime,
    is_crash,
    loopback_simulator,
)

TASKS = "/veo/tasks"
VIDEOS = "/veo/videos"
CALLS = 200


@pytest.fixture(scope="module")
def loopback() -> Iterator[SimulatorServer]:
    with loopback_simulator(SimulatorState(job_seconds=0.05)) as simulator:
        yield simulator


@pytest.fixture
def simulator(loopback: SimulatorServer) -> SimulatorServer:
    """The module's simulator with no jobs, journal or faults; ratio faults draw from a fresh seeded RNG,
    so they hit the same requests on every run."""
    loopback.state.reset()
    loopback.state.faults = FaultPlan(seed=5)
    return loopback


@pytest.fixture
def fake_time(simulator: SimulatorServer) -> FakeTime:
    time = FakeTime()
    instant_runtime(server, simulator.url, time)
    return time


async def submit(client: Client, prompt: str = "waves at dawn") -> str:
    result = await client.call_tool("veo_text_to_video", {"prompt": prompt})
    assert not result.is_error, tool_text(result)
    assert result.structured_content is not None
    return str(result.structured_content["task_id"])


def statuses(simulator: SimulatorServer, path: str) -> list[int | None]:
    return [r.status for r in simulator.state.journal.requests(path)]


# -- task queries ride out transient faults --------------------------------------------------------


async def test_task_queries_succeed_through_transient_faults(
    simulator: SimulatorServer, fake_time: FakeTime
) -> None:
    faults = simulator.state.faults
    async with Client(server.mcp) as client:
        ids = [await submit(client, f"clip {i}") for i in range(3)]
        # 20 % of task queries answer 503, plus a few 429s with Retry-After and a few dropped connections
        faults.add(Fault(kind="error", status=503, path=TASKS, count=None, ratio=0.2))
        faults.add(Fault(kind="rate_limit", path=TASKS, count=6, ratio=0.1, retry_after=3))
        faults.add(Fault(kind="reset", path=TASKS, count=6, ratio=0.1))
        failures = []
        for i in range(CALLS):
            if i % 2:
                result = await client.call_tool("veo_get_task", {"task_id": ids[i % 3]})
                ok = (
                    result.structured_content is not None
                    and result.structured_content.get("id") == ids[i % 3]
                )
            else:
                result = await client.call_tool("veo_get_tasks_batch", {"task_ids": ids})
                data = result.structured_content
                ok = data is not None and [item["id"] for item in data["items"]] == ids
            if result.is_error or not ok:
                failures.append(tool_text(result))

    assert len(failures) <= CALLS // 100, failures  # at least 99 % succeed
    for text in failures:  # and a call that still fails says so clearly
        assert "Safe to retry" in text and not is_crash("veo_get_task", text), text
    answered = statuses(simulator, TASKS)
    assert 0.1 < answered.count(503) / len(answered) < 0.3
    assert answered.count(429) == 6 and answered.count(None) == 6  # every 429 and reset was met
    assert len(answered) > CALLS  # the faults were retried, not just lucky
    # Retry-After is honoured (3 s, virtual), and no backoff exceeds the README's 8 s cap
    assert sum(1 for s in fake_time.sleeps if s >= 3) >= 6 - len(failures)
    assert max(fake_time.sleeps) <= 8


async def test_a_query_gives_up_after_four_attempts(simulator: SimulatorServer, fake_time: FakeTime) -> None:
    async with Client(server.mcp) as client:
        task_id = await submit(client)
        simulator.state.faults.add(Fault(kind="error", status=503, path=TASKS, count=None))
        result = await client.call_tool("veo_get_task", {"task_id": task_id})
    text = tool_text(result)
    assert result.is_error and "HTTP 503" in text and "Safe to retry" in text, text
    assert statuses(simulator, TASKS) == [503] * 4
    # jittered exponential backoff: 0.5 s doubling, each wait between half and all of its step
    assert len(fake_time.sleeps) == 3
    for attempt, wait in enumerate(fake_time.sleeps):
        assert 0.25 * 2**attempt <= wait <= 0.5 * 2**attempt


async def test_a_refusal_is_not_retried(simulator: SimulatorServer, fake_time: FakeTime) -> None:
    async with Client(server.mcp) as client:
        task_id = await submit(client)
        simulator.state.faults.add(Fault(kind="error", status=400, path=TASKS, count=None))
        result = await client.call_tool("veo_get_task", {"task_id": task_id})
    assert result.is_error and "HTTP 400" in tool_text(result)
    assert statuses(simulator, TASKS) == [400] and fake_time.sleeps == []


async def test_a_retry_after_beyond_the_budget_fails_at_once_saying_when(
    simulator: SimulatorServer, fake_time: FakeTime
) -> None:
    async with Client(server.mcp) as client:
        task_id = await submit(client)
        simulator.state.faults.add(Fault(kind="rate_limit", path=TASKS, count=None, retry_after=60))
        result = await client.call_tool("veo_get_task", {"task_id": task_id})
    text = tool_text(result)
    assert result.is_error and "HTTP 429" in text and "60" in text, text
    assert statuses(simulator, TASKS) == [429] and fake_time.sleeps == []


async def test_a_query_that_times_out_is_retried(simulator: SimulatorServer) -> None:
    time = FakeTime()
    instant_runtime(server, simulator.url, time, query_timeout=0.1)
    async with Client(server.mcp) as client:
        task_id = await submit(client)
        simulator.state.faults.add(Fault(kind="slow", path=TASKS, delay=0.3))  # once, longer than 0.1 s
        result = await client.call_tool("veo_get_task", {"task_id": task_id})
    assert not result.is_error, tool_text(result)
    assert len(simulator.state.journal.requests(TASKS)) == 2 and len(time.sleeps) == 1


# -- a submission is sent once ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["reset", "malformed", "empty", "timeout"])
async def test_a_lost_submission_reply_is_reported_and_never_resent(
    simulator: SimulatorServer, kind: str
) -> None:
    time = FakeTime()
    instant_runtime(server, simulator.url, time, request_timeout=0.2)
    if kind == "timeout":  # the job is created after the client stopped waiting for the reply
        simulator.state.faults.add(Fault(kind="slow", path=VIDEOS, delay=0.6))
    else:
        simulator.state.faults.add(Fault(kind=kind, path=VIDEOS))  # type: ignore[arg-type]
    prompt = f"a lighthouse in a storm, {kind}"
    async with Client(server.mcp) as client:
        result = await client.call_tool("veo_text_to_video", {"prompt": prompt})
    text = tool_text(result)
    assert result.is_error and "submission_uncertain" in text, text
    assert "may have been created" in text and "task list" in text, text
    sent = [r for r in simulator.state.journal.requests(VIDEOS) if r.body.get("prompt") == prompt]
    assert len(sent) == 1, sent
    assert time.sleeps == []


@pytest.mark.parametrize(("kind", "status"), [("html", 502), ("error", 500), ("error", 503)])
async def test_a_gateway_error_on_submission_is_not_resent(
    simulator: SimulatorServer, fake_time: FakeTime, kind: str, status: int
) -> None:
    simulator.state.faults.add(Fault(kind=kind, status=status, path=VIDEOS))  # type: ignore[arg-type]
    async with Client(server.mcp) as client:
        result = await client.call_tool("veo_text_to_video", {"prompt": "a red kite"})
    text = tool_text(result)
    assert result.is_error and f"HTTP {status}" in text and "task list" in text, text
    assert statuses(simulator, VIDEOS) == [status] and fake_time.sleeps == []


async def test_a_refused_connection_is_retried_because_nothing_was_sent() -> None:
    time = FakeTime()
    instant_runtime(server, f"http://127.0.0.1:{free_port()}", time)  # nothing listens there
    async with Client(server.mcp) as client:
        result = await client.call_tool("veo_text_to_video", {"prompt": "a red kite"})
    text = tool_text(result)
    assert result.is_error and "connect_failed" in text and "Nothing was sent" in text, text
    assert len(time.sleeps) == 3  # four attempts


# -- broken replies are clear errors, never crashes ------------------------------------------------

BROKEN = [
    ("malformed", None, "not a JSON object"),
    ("empty", None, "empty reply"),
    ("empty", 502, "HTTP 502"),
    ("html", 502, "HTTP 502"),
    ("html", 200, "not a JSON object"),
]
QUERY_TOOLS = {
    "veo_get_task": lambda task_id: {"task_id": task_id},
    "veo_get_tasks_batch": lambda task_id: {"task_ids": [task_id]},
    "veo_wait_for_task": lambda task_id: {"task_id": task_id, "timeout_seconds": 5},
    "veo_wait_for_tasks": lambda task_id: {"task_ids": [task_id], "timeout_seconds": 5},
}


def _per_tool(cases: list[tuple[Any, ...]]) -> list[Any]:
    return [
        pytest.param(tool, *case, id=f"{tool}-{case[0]}-{case[1]}") for tool in QUERY_TOOLS for case in cases
    ]


@pytest.mark.parametrize(("tool", "kind", "status", "phrase"), _per_tool(BROKEN))
async def test_a_broken_task_reply_is_a_clear_tool_error(
    simulator: SimulatorServer, fake_time: FakeTime, tool: str, kind: str, status: int | None, phrase: str
) -> None:
    async with Client(server.mcp) as client:
        task_id = await submit(client)
        simulator.state.faults.add(Fault(kind=kind, status=status, path=TASKS, count=None))  # type: ignore[arg-type]
        result = await client.call_tool(tool, QUERY_TOOLS[tool](task_id))
    text = tool_text(result)
    assert result.is_error and not is_crash(tool, text), f"{tool}: {text!r}"
    assert phrase in text and "Safe to retry" in text, f"{tool}: {text}"
    assert len(simulator.state.journal.requests(TASKS)) == 4  # retried, then given up


UPSTREAM_ERRORS = [
    ("error", 401, "invalid_token"),
    ("error", 503, "HTTP 503"),
    ("used_up", None, "used_up"),
    ("rate_limit", None, "HTTP 429"),
]


@pytest.mark.parametrize(("tool", "kind", "status", "phrase"), _per_tool(UPSTREAM_ERRORS))
async def test_an_upstream_error_on_a_task_query_is_a_clear_tool_error(
    simulator: SimulatorServer, fake_time: FakeTime, tool: str, kind: str, status: int | None, phrase: str
) -> None:
    async with Client(server.mcp) as client:
        task_id = await submit(client)
        fault = Fault(kind=kind, status=status, path=TASKS, count=None, retry_after=60)  # type: ignore[arg-type]
        simulator.state.faults.add(fault)
        result = await client.call_tool(tool, QUERY_TOOLS[tool](task_id))
    text = tool_text(result)
    assert result.is_error and not is_crash(tool, text), f"{tool}: {text!r}"
    assert phrase in text, f"{tool}: {text}"


@pytest.mark.parametrize(("kind", "status", "phrase"), BROKEN)
async def test_a_broken_submission_reply_is_a_clear_tool_error(
    simulator: SimulatorServer, fake_time: FakeTime, kind: str, status: int | None, phrase: str
) -> None:
    simulator.state.faults.add(Fault(kind=kind, status=status, path=VIDEOS))  # type: ignore[arg-type]
    async with Client(server.mcp) as client:
        result = await client.call_tool("veo_text_to_video", {"prompt": "a red kite"})
    text = tool_text(result)
    assert result.is_error and not is_crash("veo_text_to_video", text), text
    assert phrase in text and "task list" in text, text
    assert len(simulator.state.journal.requests(VIDEOS)) == 1


# -- any JSON object the upstream may send ---------------------------------------------------------
#
# The upstream is not ours: a reply that is valid JSON but of an unexpected shape (a numeric id, a null
# state, items that are not a list) must still end in a result or a clear error, never in the SDK's bare
# "Error executing tool X" (which also loses a submitted task's id).


JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
# keys the result shaping reads, so the odd values land where they matter
KEYS = st.sampled_from(
    ["id", "task_id", "trace_id", "state", "status", "response", "data", "error", "video_url", "created_at"]
)
RECORD = st.dictionaries(KEYS | st.text(max_size=8), JSON_VALUE, max_size=6)
RESPONSE = st.dictionaries(KEYS, st.one_of(JSON_VALUE, RECORD, st.lists(RECORD, max_size=3)), max_size=5)
TASK_RECORD = st.one_of(RECORD, st.fixed_dictionaries({"id": st.just("task-1"), "response": RESPONSE}))
BATCH_REPLY = st.one_of(
    st.builds(lambda items: {"items": items, "count": len(items)}, st.lists(TASK_RECORD, max_size=3)),
    st.dictionaries(st.sampled_from(["items", "count"]), JSON_VALUE),
)
REPLY_TOOLS = {
    **QUERY_TOOLS,
    "veo_text_to_video": lambda _: {"prompt": "a red kite"},
    "veo_list_tasks": lambda _: {},
}


@dataclass
class RespxClient:
    portal: BlockingPortal
    client: Client
    upstream: respx.MockRouter
    runtime: Runtime

    def call(self, tool: str, arguments: dict[str, Any]) -> Any:
        server.configure(self.runtime)  # other tests of this module point the server elsewhere
        return self.portal.call(self.client.call_tool, tool, arguments)


@pytest.fixture(scope="module")
def respx_client() -> Iterator[RespxClient]:
    """One session for many examples: respx answers for the upstream, time is virtual."""
    runtime = use_test_runtime(server, FakeTime(), min_poll_interval=0.0)
    with (
        respx.mock(base_url=BASE_URL, assert_all_called=False) as upstream,
        clients_in_a_portal({"veo": server}) as (portal, clients),
    ):
        yield RespxClient(portal, clients["veo"], upstream, runtime)
        server.configure(runtime)  # so the session's shutdown closes this runtime's connection pool


def _reply_with(record: Any, batch: Any, submission: Any, upstream: respx.MockRouter) -> None:
    def tasks(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        return httpx.Response(200, json=batch if body.get("action") == "retrieve_batch" else record)

    upstream.routes.clear()
    upstream.post(TASKS).mock(side_effect=tasks)
    upstream.post(VIDEOS).mock(return_value=httpx.Response(200, json=submission))


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the deterministic cases below are minimal
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(record=TASK_RECORD, batch=BATCH_REPLY, submission=st.one_of(RECORD, RESPONSE))
# records that once crashed a tool: upstream keys named like the ones our results add
@example(record={"id": "task-1", "timing": [{}]}, batch={}, submission={})
@example(record={"id": "task-1", "wait": [1]}, batch={}, submission={"wait": [1]})
@example(record={"id": "task-1", "sandbox": [1]}, batch={}, submission={"sandbox": [1]})
@example(record={"id": "task-1", "media": 1, "status": [2]}, batch={}, submission={"media": {}})
def test_any_json_object_from_the_upstream_is_a_result_or_a_clear_error(
    respx_client: RespxClient, record: dict[str, Any], batch: dict[str, Any], submission: dict[str, Any]
) -> None:
    _reply_with(record, batch, submission, respx_client.upstream)
    for tool, arguments in REPLY_TOOLS.items():
        result = respx_client.call(tool, arguments("task-1"))
        assert not is_crash(tool, tool_text(result)), (
            f"{tool} crashed on {record!r} / {batch!r} / {submission!r}"
        )


ODD_SHAPES = [
    pytest.param("veo_get_task", {"id": 12345, "state": "succeeded"}, id="numeric-task-id"),
    pytest.param("veo_get_task", {"id": "task-1", "state": None}, id="null-state"),
    pytest.param("veo_wait_for_task", {"id": None, "response": {}}, id="null-id"),
    pytest.param("veo_text_to_video", {"task_id": 12345, "trace_id": "t"}, id="numeric-submission-id"),
    pytest.param("veo_get_tasks_batch", {"items": 5}, id="items-not-a-list"),
    pytest.param("veo_get_task", {"id": "task-1", "timing": [{}]}, id="record-timing-list"),
    pytest.param("veo_wait_for_task", {"id": "task-1", "wait": [1]}, id="record-wait-list"),
    pytest.param("veo_get_task", {"id": "task-1", "sandbox": [1]}, id="record-sandbox-list"),
    pytest.param("veo_text_to_video", {"task_id": "t", "media": 3}, id="submission-media-number"),
]


@pytest.mark.parametrize(("tool", "reply"), ODD_SHAPES)
def test_an_oddly_shaped_reply_is_a_result_or_a_clear_error(
    respx_client: RespxClient, tool: str, reply: dict[str, Any]
) -> None:
    _reply_with(reply, reply, reply, respx_client.upstream)
    result = respx_client.call(tool, REPLY_TOOLS[tool]("task-1"))
    assert not is_crash(tool, tool_text(result)), f"{tool} crashed on {reply!r}"
