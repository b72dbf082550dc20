"""MCP tasks end to end: real server processes, a protocol-level client, the simulator on a manual clock.

Nothing sleeps: the client's "wait `pollIntervalMs`" advances the simulator's clock instead, so a
simulated 90 s job finishes after a few reads.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from acemedia.simulator.clock import ManualClock
from acemedia_testing.simulator import DIALECTS, SimulatorServer, SimulatorState

from .conftest import PROVIDERS
from .reliability_helpers import ServerProcess, subprocess_env
from .scenario import example
from .tasks_protocol import (
    EXTENSION,
    HttpTransport,
    LegacyTasksClient,
    RpcError,
    StdioTransport,
    TasksClient,
)

pytestmark = pytest.mark.e2e  # servers started as processes, over HTTP and stdio

TOKEN_A, TOKEN_B, ENV_TOKEN = "tasks-caller-a", "tasks-caller-b", "tasks-env-token"
JOB_SECONDS = 90.0
STEP_SECONDS = 20.0  # simulated time one client poll interval stands for


@pytest.fixture(scope="module")
def clock() -> ManualClock:
    return ManualClock(start=1000.0)


@pytest.fixture(scope="module")
def simulator(clock: ManualClock) -> Iterator[SimulatorServer]:
    state = SimulatorState(clock=clock, job_seconds=JOB_SECONDS, tokens={TOKEN_A, TOKEN_B, ENV_TOKEN})
    with SimulatorServer(state) as server:
        yield server


def wait_on(clock: ManualClock) -> Callable[[float], object]:
    return lambda seconds: clock.advance(STEP_SECONDS)


def http_env(simulator: SimulatorServer, tmp_path: Path) -> dict[str, str]:
    return subprocess_env(simulator.url, tmp_path, ACEDATACLOUD_API_TOKEN="")


def veo_prompt(marker: str = "") -> dict[str, str]:
    return {"prompt": f"a lighthouse at dusk {marker}".strip()}


# -- SEP-2663 over streamable HTTP --------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_http_submit_returns_a_task_followed_to_the_inlined_result(
    provider: str, simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    tool, arguments = example(provider)
    with ServerProcess(provider, http_env(simulator, tmp_path), tmp_path) as server:
        client = TasksClient(HttpTransport(server.url, TOKEN_A))
        assert EXTENSION in client.discover()["capabilities"]["extensions"]
        created = client.call_tool(tool, arguments)
        assert created["resultType"] == "task" and created["status"] == "working"
        assert created["pollIntervalMs"] > 0 and created["ttlMs"] is None
        reads = client.follow(created["taskId"], wait_on(clock))
    assert all(r["status"] == "working" and r["statusMessage"] for r in reads[:-1])
    done = reads[-1]
    assert done["status"] == "completed" and done["resultType"] == "complete"
    result = done["result"]
    assert result["isError"] is False
    assert result["structuredContent"]["status"] == "succeeded"
    assert result["structuredContent"]["id"] == created["taskId"]  # the task id is the upstream task id
    assert any(m["final"] for m in result["structuredContent"]["media"])
    assert result["content"][0]["type"] == "text"


def test_http_a_job_in_every_reply_dialect_is_followed_to_its_media(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    """Whatever shape the upstream's accepted reply and running record take, the task is working until
    the job is done, then completed with its final media (one server, one call per dialect)."""
    with ServerProcess("veo", http_env(simulator, tmp_path), tmp_path) as server:
        client = TasksClient(HttpTransport(server.url, TOKEN_A))
        for dialect in DIALECTS:
            created = client.call_tool("veo_text_to_video", veo_prompt(f"[sim:dialect={dialect}]"))
            assert created["status"] == "working", (dialect, created)
            done = client.follow(created["taskId"], wait_on(clock))[-1]
            content = done["result"]["structuredContent"]
            assert done["status"] == "completed" and content["status"] == "succeeded", (dialect, done)
            assert any(m["final"] for m in content["media"]), dialect


def test_http_failed_job_completes_with_an_error_result(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    with ServerProcess("veo", http_env(simulator, tmp_path), tmp_path) as server:
        client = TasksClient(HttpTransport(server.url, TOKEN_A))
        created = client.call_tool("veo_text_to_video", veo_prompt("[sim:fail]"))
        done = client.follow(created["taskId"], wait_on(clock))[-1]
    # SEP-2663: `failed` is for JSON-RPC errors only; a failed job is a completed task with isError
    assert done["status"] == "completed" and done["result"]["isError"] is True
    assert done["result"]["structuredContent"]["status"] == "failed"
    assert "failed" in done["statusMessage"].lower()


def test_http_another_callers_task_id_is_not_found(simulator: SimulatorServer, tmp_path: Path) -> None:
    with ServerProcess("veo", http_env(simulator, tmp_path), tmp_path) as server:
        owner = TasksClient(HttpTransport(server.url, TOKEN_A))
        other = TasksClient(HttpTransport(server.url, TOKEN_B))
        task_id = owner.call_tool("veo_text_to_video", veo_prompt())["taskId"]
        for attempt in (other.get, other.cancel, lambda t: other.update(t, {})):
            with pytest.raises(RpcError) as refused:
                attempt(task_id)
            assert refused.value.code == -32602 and "not found" in str(refused.value).lower()
        with pytest.raises(RpcError) as unknown:
            owner.get("no-such-task")
        assert unknown.value.code == -32602
        assert owner.get(task_id)["taskId"] == task_id


def test_http_cancel_is_acknowledged_and_says_the_job_runs_on(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    with ServerProcess("veo", http_env(simulator, tmp_path), tmp_path) as server:
        client = TasksClient(HttpTransport(server.url, TOKEN_A))
        task_id = client.call_tool("veo_text_to_video", veo_prompt())["taskId"]
        assert client.cancel(task_id) == {"resultType": "complete", "_meta": client.cancel(task_id)["_meta"]}
        working = client.get(task_id)
        assert working["status"] == "working" and "cannot stop" in working["statusMessage"]
        # no input is ever needed: an update is acknowledged and changes nothing
        assert client.update(task_id, {"unknown-key": {"action": "accept"}})["resultType"] == "complete"
        assert client.follow(task_id, wait_on(clock))[-1]["status"] == "completed"


def test_http_client_without_the_extension_gets_todays_results(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    with ServerProcess("veo", http_env(simulator, tmp_path), tmp_path) as server:
        plain = TasksClient(HttpTransport(server.url, TOKEN_A), tasks=False)
        result = plain.call_tool("veo_text_to_video", veo_prompt())
        assert result.get("resultType") == "complete" and "taskId" not in result
        submission = result["structuredContent"]
        assert submission["mcp_async_submission"]["should_poll"] is True
        with pytest.raises(RpcError) as refused:
            plain.get(submission["task_id"])
        assert refused.value.code == -32021  # tasks/get needs the extension declared


def test_http_restart_mid_task_keeps_the_task(
    simulator: SimulatorServer, clock: ManualClock, tmp_path: Path
) -> None:
    env = http_env(simulator, tmp_path)
    with ServerProcess("veo", env, tmp_path) as first:
        client = TasksClient(HttpTransport(first.url, TOKEN_A))
        task_id = client.call_tool("veo_text_to_video", veo_prompt())["taskId"]
        assert client.get(task_id)["status"] == "working"
    with ServerProcess("veo", env, tmp_path) as second:  # same ledger, new process
        client = TasksClient(HttpTransport(second.url, TOKEN_A))
        done = client.follow(task_id, wait_on(clock))[-1]
        assert done["status"] == "completed" and done["result"]["structuredContent"]["status"] == "succeeded"
        with pytest.raises(RpcError):
            TasksClient(HttpTransport(second.url, TOKEN_B)).get(task_id)


# -- SEP-2663 over stdio ------------------------------------------------------------------------------


def stdio_server(simulator: SimulatorServer, tmp_path: Path) -> StdioTransport:
    env = subprocess_env(simulator.url, tmp_path, ACEDATACLOUD_API_TOKEN=ENV_TOKEN)
    return StdioTransport([str(Path(sys.executable).parent / "veo-mcp")], env)


def test_stdio_task_flow_and_restart(simulator: SimulatorServer, clock: ManualClock, tmp_path: Path) -> None:
    transport = stdio_server(simulator, tmp_path)
    try:
        client = TasksClient(transport)
        created = client.call_tool("veo_text_to_video", veo_prompt())
        assert created["resultType"] == "task"
        failed = client.call_tool("veo_text_to_video", veo_prompt("[sim:fail]"))
        assert client.get(created["taskId"])["status"] == "working"
        plain = TasksClient(transport, tasks=False).call_tool("veo_text_to_video", veo_prompt())
        assert "structuredContent" in plain and plain["resultType"] == "complete"
    finally:
        transport.close()
    transport = stdio_server(simulator, tmp_path)  # restarted: the ledger still has both tasks
    try:
        client = TasksClient(transport)
        done = client.follow(created["taskId"], wait_on(clock))[-1]
        assert done["status"] == "completed" and done["result"]["isError"] is False
        assert client.follow(failed["taskId"], wait_on(clock))[-1]["result"]["isError"] is True
    finally:
        transport.close()


# -- the 2025-11-25 form ------------------------------------------------------------------------------


def test_legacy_form_over_stdio(simulator: SimulatorServer, clock: ManualClock, tmp_path: Path) -> None:
    transport = stdio_server(simulator, tmp_path)
    try:
        client = LegacyTasksClient(transport)
        client.initialize()
        assert client.capabilities["tasks"] == {"list": {}, "cancel": {}, "requests": {"tools": {"call": {}}}}
        tools = {t["name"]: t for t in client.request("tools/list", {})["tools"]}
        assert tools["veo_text_to_video"]["execution"] == {"taskSupport": "optional"}
        assert "execution" not in tools["veo_get_task"]
        created = client.call_as_task("veo_text_to_video", veo_prompt())["task"]
        assert created["status"] == "working" and created["pollInterval"] > 0
        task_id = created["taskId"]
        assert client.request("tasks/get", {"taskId": task_id})["status"] == "working"
        listed = client.request("tasks/list", {})["tasks"]
        assert [t["taskId"] for t in listed] == [task_id]
        clock.advance(JOB_SECONDS)
        result = client.request("tasks/result", {"taskId": task_id})
        assert result["structuredContent"]["status"] == "succeeded"
        assert result["_meta"]["io.modelcontextprotocol/related-task"] == {"taskId": task_id}
        statuses = [
            n["params"]["status"] for n in transport.seen if n["method"] == "notifications/tasks/status"
        ]
        assert statuses[-1] == "completed"
        with pytest.raises(RpcError) as terminal:
            client.request("tasks/cancel", {"taskId": task_id})
        assert terminal.value.code == -32602
        other = client.call_as_task("veo_text_to_video", veo_prompt())["task"]["taskId"]
        cancelled = client.request("tasks/cancel", {"taskId": other})
        assert cancelled["status"] == "cancelled" and "cannot stop" in cancelled["statusMessage"]
        assert client.request("tasks/get", {"taskId": other})["status"] == "cancelled"
        with pytest.raises(RpcError) as not_a_task_tool:
            client.call_as_task("veo_get_task", {"task_id": task_id})
        assert not_a_task_tool.value.code == -32601
        plain = client.request("tools/call", {"name": "veo_text_to_video", "arguments": veo_prompt()})
        assert plain["structuredContent"]["mcp_async_submission"]["should_poll"] is True
    finally:
        transport.close()


def test_legacy_list_is_scoped_to_the_caller(simulator: SimulatorServer, tmp_path: Path) -> None:
    with ServerProcess("veo", http_env(simulator, tmp_path), tmp_path) as server:
        a = LegacyTasksClient(HttpTransport(server.url, TOKEN_A))
        b = LegacyTasksClient(HttpTransport(server.url, TOKEN_B))
        a.initialize()
        b.initialize()
        mine = a.call_as_task("veo_text_to_video", veo_prompt())["task"]["taskId"]
        assert [t["taskId"] for t in a.request("tasks/list", {})["tasks"]] == [mine]
        assert b.request("tasks/list", {})["tasks"] == []
        with pytest.raises(RpcError) as refused:
            b.request("tasks/get", {"taskId": mine})
        assert refused.value.code == -32602
