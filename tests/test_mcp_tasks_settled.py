"""A task-augmented call always answers with a task, also when the tool's answer is final or an error.

Real server processes and the protocol-level clients of `tasks_protocol` (the 2025-11-25 form as the mcp
1.x clients speak it, and SEP-2663), against the simulator; the kept tasks' bound and TTL run on an
injected clock, in process. Nothing sleeps.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from acemedia.mcp_tasks.settled import SettledTasks
from acemedia.mcp_tasks.shapes import Snapshot
from acemedia.runtime import Runtime
from acemedia.server import ProviderServer
from acemedia.simulator.clock import ManualClock
from acemedia_testing import FakeTime, make_settings
from acemedia_testing.simulator import SimulatorServer, SimulatorState
from acemedia_testing.simulator.faults import Fault

from .reliability_helpers import ServerProcess, subprocess_env
from .tasks_protocol import HttpTransport, LegacyTasksClient, RpcError, TasksClient

JSON = dict[str, Any]
TOKEN_A, TOKEN_B = "settled-caller-a", "settled-caller-b"
RELATED = "io.modelcontextprotocol/related-task"
HOUR_MS = 3_600_000
INGREDIENTS = "veo31-fast-ingredients"
USED_UP = "a song about rain [sim:fail=used_up]"  # the simulator answers this synchronous call 403 used_up


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorServer]:
    state = SimulatorState(clock=ManualClock(start=1000.0), job_seconds=90.0, tokens={TOKEN_A, TOKEN_B})
    with SimulatorServer(state) as server:
        yield server


@pytest.fixture(autouse=True)
def no_faults(simulator: SimulatorServer) -> Iterator[None]:
    yield
    simulator.state.faults.clear()


def serve(provider: str, simulator: SimulatorServer, tmp_path: Path) -> ServerProcess:
    return ServerProcess(
        provider, subprocess_env(simulator.url, tmp_path, ACEDATACLOUD_API_TOKEN=""), tmp_path
    )


def legacy(url: str, token: str) -> LegacyTasksClient:
    client = LegacyTasksClient(HttpTransport(url, token))
    client.initialize()
    return client


def not_found(attempt: object) -> None:
    assert callable(attempt)
    with pytest.raises(RpcError) as refused:
        attempt()
    assert refused.value.code == -32602 and "not found" in str(refused.value).lower()


# -- the 2025-11-25 form --------------------------------------------------------------------------------


@pytest.mark.e2e
def test_bad_input_makes_a_failed_task_holding_the_error(simulator: SimulatorServer, tmp_path: Path) -> None:
    with serve("veo", simulator, tmp_path) as server:
        client = legacy(server.url, TOKEN_A)
        # refused by the tool's own check (this model only works from images): nothing is submitted
        created = client.call_as_task("veo_text_to_video", {"prompt": "a harbour", "model": INGREDIENTS})
        task = created["task"]  # a CreateTaskResult, never the bare error result
        assert set(created) == {"task"}
        assert task["status"] == "failed" and task["ttl"] == HOUR_MS and task["pollInterval"] > 0
        assert uuid.UUID(task["taskId"]).version == 4  # nothing was submitted: a server-made id
        assert task["statusMessage"].startswith("The call failed: Invalid argument 'model'")
        task_id = task["taskId"]
        got = client.request("tasks/get", {"taskId": task_id})
        assert got["status"] == "failed" and got["createdAt"] == task["createdAt"]
        result = client.request("tasks/result", {"taskId": task_id})
        assert result["isError"] is True and "Invalid argument 'model'" in result["content"][0]["text"]
        assert result["_meta"][RELATED] == {"taskId": task_id}
        assert task_id in [t["taskId"] for t in client.request("tasks/list", {})["tasks"]]
        with pytest.raises(RpcError) as terminal:
            client.request("tasks/cancel", {"taskId": task_id})
        assert terminal.value.code == -32602 and "already failed" in str(terminal.value)
        assert client.request("tasks/get", {"taskId": task_id})["status"] == "failed"
        sent = [r.body for r in simulator.state.journal.requests("/veo/videos")]
        assert not any(isinstance(body, dict) and body.get("model") == INGREDIENTS for body in sent)


@pytest.mark.e2e
def test_an_upstream_used_up_makes_a_failed_task(simulator: SimulatorServer, tmp_path: Path) -> None:
    with serve("veo", simulator, tmp_path) as server:
        client = legacy(server.url, TOKEN_A)
        simulator.state.faults.add(Fault("used_up", path="/veo/videos"))
        task = client.call_as_task("veo_text_to_video", {"prompt": "a lighthouse at dusk"})["task"]
        assert task["status"] == "failed" and "balance is too low" in task["statusMessage"]
        result = client.request("tasks/result", {"taskId": task["taskId"]})
        assert result["isError"] is True and "code used_up" in result["content"][0]["text"]
        assert "HTTP 403" in result["content"][0]["text"]
        # the next call goes through: a working task of the upstream job, as before
        working = client.call_as_task("veo_text_to_video", {"prompt": "a lighthouse at dusk"})["task"]
        assert working["status"] == "working" and working["ttl"] is None
        listed = [t["taskId"] for t in client.request("tasks/list", {})["tasks"]]
        assert listed[:2] == [working["taskId"], task["taskId"]]  # newest first, one list for both kinds


@pytest.mark.e2e
def test_a_synchronous_final_reply_makes_a_completed_task(simulator: SimulatorServer, tmp_path: Path) -> None:
    with serve("producer", simulator, tmp_path) as server:
        client = legacy(server.url, TOKEN_A)
        tools = {t["name"]: t for t in client.request("tools/list", {})["tools"]}
        assert tools["producer_generate_lyrics"]["execution"] == {"taskSupport": "optional"}
        task = client.call_as_task("producer_generate_lyrics", {"prompt": "a song about rain"})["task"]
        assert task["status"] == "completed" and "result is final" in task["statusMessage"]
        result = client.request("tasks/result", {"taskId": task["taskId"]})
        assert result["isError"] is False and result["_meta"][RELATED] == {"taskId": task["taskId"]}
        content = result["structuredContent"]
        assert content["status"] == "succeeded" and content["task_id"] == task["taskId"]  # upstream id kept
        assert "[Verse]" in result["content"][0]["text"] and "rain" in result["content"][0]["text"]
        assert client.request("tasks/get", {"taskId": task["taskId"]})["status"] == "completed"
        listed = [t for t in client.request("tasks/list", {})["tasks"] if t["taskId"] == task["taskId"]]
        assert len(listed) == 1 and listed[0]["status"] == "completed"  # held here and in the ledger: once
        with pytest.raises(RpcError) as terminal:
            client.request("tasks/cancel", {"taskId": task["taskId"]})
        assert terminal.value.code == -32602


@pytest.mark.e2e
def test_another_caller_cannot_read_a_settled_task(simulator: SimulatorServer, tmp_path: Path) -> None:
    with serve("producer", simulator, tmp_path) as server:
        owner, other = legacy(server.url, TOKEN_A), legacy(server.url, TOKEN_B)
        made = [
            owner.call_as_task("producer_generate_lyrics", {"prompt": "a song about rain"})["task"]["taskId"],
            owner.call_as_task("producer_generate_lyrics", {"prompt": USED_UP})["task"]["taskId"],
        ]
        for task_id in made:
            for method in ("tasks/get", "tasks/result", "tasks/cancel"):
                not_found(lambda m=method, t=task_id: other.request(m, {"taskId": t}))
            not_found(lambda t=task_id: TasksClient(HttpTransport(server.url, TOKEN_B)).get(t))
            assert owner.request("tasks/get", {"taskId": task_id})["taskId"] == task_id
        assert not {t["taskId"] for t in other.request("tasks/list", {})["tasks"]} & set(made)


@pytest.mark.e2e
def test_with_the_ledger_off_the_task_holds_the_submission(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    env = subprocess_env(simulator.url, tmp_path, ACEDATACLOUD_API_TOKEN="", ACEMEDIA_LEDGER="off")
    with ServerProcess("veo", env, tmp_path) as server:
        client = legacy(server.url, TOKEN_A)
        task = client.call_as_task("veo_text_to_video", {"prompt": "a harbour"})["task"]
        assert task["status"] == "completed" and "no task ledger" in task["statusMessage"]
        result = client.request("tasks/result", {"taskId": task["taskId"]})
        submission = result["structuredContent"]
        assert submission["task_id"] == task["taskId"] and submission["mcp_async_submission"]["should_poll"]
        assert [t["taskId"] for t in client.request("tasks/list", {})["tasks"]] == [task["taskId"]]


@pytest.mark.e2e
def test_a_new_working_task_is_timed_by_the_submission_guidance(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    with serve("veo", simulator, tmp_path) as server:
        task = legacy(server.url, TOKEN_A).call_as_task("veo_text_to_video", {"prompt": "a harbour"})["task"]
    assert task["status"] == "working" and "1-5 minutes" not in task["statusMessage"]
    assert task["statusMessage"] == "Veo job accepted; expected to finish within about 10 min."


@pytest.mark.e2e
def test_a_sandbox_job_is_said_to_take_seconds(tmp_path: Path) -> None:
    env = subprocess_env("http://127.0.0.1:9", tmp_path, ACEDATACLOUD_API_TOKEN="")
    env["ACEMEDIA_SANDBOX_JOB_SECONDS"] = "8"
    with ServerProcess("veo", env, tmp_path, args=["--sandbox"]) as server:
        task = legacy(server.url, TOKEN_A).call_as_task("veo_text_to_video", {"prompt": "a harbour"})["task"]
    message = task["statusMessage"]
    assert task["status"] == "working" and message.startswith("Veo job accepted")
    assert message == "Veo job accepted; expected to finish within about 12 s.", message


# -- SEP-2663 -------------------------------------------------------------------------------------------


@pytest.mark.e2e
def test_sep_client_gets_a_completed_task_for_an_error_and_a_final_reply(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    with serve("producer", simulator, tmp_path) as server:
        client = TasksClient(HttpTransport(server.url, TOKEN_A))
        for arguments, is_error in (({"prompt": USED_UP}, True), ({"prompt": "a song about rain"}, False)):
            created = client.call_tool("producer_generate_lyrics", arguments)
            # a task already done; the SEP keeps its result out of CreateTaskResult, for tasks/get
            assert created["resultType"] == "task" and created["status"] == "completed"
            assert "result" not in created and created["ttlMs"] == HOUR_MS
            done = client.get(created["taskId"])
            assert done["resultType"] == "complete" and done["status"] == "completed"
            assert done["result"]["isError"] is is_error  # SEP-2663: a tool error is still completed
            assert ("code used_up" in done["result"]["content"][0]["text"]) is is_error
            assert client.cancel(created["taskId"])["resultType"] == "complete"  # acknowledged, no change
            assert client.get(created["taskId"])["status"] == "completed"
            not_found(lambda t=created["taskId"]: TasksClient(HttpTransport(server.url, TOKEN_B)).get(t))
        assert "[Verse]" in done["result"]["content"][0]["text"]
        plain = TasksClient(HttpTransport(server.url, TOKEN_A), tasks=False)
        refused = plain.call_tool("producer_generate_lyrics", {"prompt": USED_UP})
        assert refused["isError"] is True and "taskId" not in refused  # no task for a client without it


@pytest.mark.e2e
def test_sep_client_gets_a_completed_task_for_used_up(simulator: SimulatorServer, tmp_path: Path) -> None:
    with serve("veo", simulator, tmp_path) as server:
        client = TasksClient(HttpTransport(server.url, TOKEN_A))
        simulator.state.faults.add(Fault("used_up", path="/veo/videos"))
        created = client.call_tool("veo_text_to_video", {"prompt": "a lighthouse at dusk"})
        assert created["resultType"] == "task" and created["status"] == "completed"
        done = client.get(created["taskId"])
        assert done["result"]["isError"] is True and "used_up" in done["result"]["content"][0]["text"]
        assert "balance is too low" in done["statusMessage"]


# -- an answer of the argument check, and the TTL on the runtime's clock --------------------------------


@pytest.mark.e2e
def test_an_argument_check_refusal_makes_a_failed_task(simulator: SimulatorServer, tmp_path: Path) -> None:
    with serve("veo", simulator, tmp_path) as server:
        created = legacy(server.url, TOKEN_A).call_as_task("veo_text_to_video", {"prompt": 5})
    assert created["task"]["status"] == "failed"


# -- the store ----------------------------------------------------------------------------------------


def snapshot(task_id: str) -> Snapshot:
    return Snapshot(task_id, "completed", "done", 0.0, 0.0, 1000, {"content": [], "isError": False})


def test_the_store_is_per_owner_bounded_and_expires_on_its_clock() -> None:
    now = [0.0]
    store = SettledTasks(lambda: now[0], capacity=3, ttl_seconds=60)
    for name in ("t1", "t2", "t3"):
        store.add("alice", snapshot(name))
        now[0] += 10
    assert store.get("bob", "t1") is None and store.get("alice", "t1") is not None
    assert [s.task_id for s in store.owned("alice")] == ["t3", "t2", "t1"] and store.owned("bob") == []
    store.add("bob", snapshot("t4"))  # a fourth: the oldest goes
    assert store.get("alice", "t1") is None and len(store) == 3
    now[0] = 79.0  # t2 was made at 10, t3 at 20, t4 at 30
    assert store.get("alice", "t2") is None and store.get("alice", "t3") is not None
    now[0] = 90.0
    assert store.owned("alice") == [] and store.get("bob", "t4") is None and len(store) == 0


def test_a_servers_settled_tasks_expire_on_its_runtimes_clock() -> None:
    server = ProviderServer.installed("veo")
    time = FakeTime()
    server.configure(Runtime.create(make_settings(), sleep=time.sleep, clock=time.clock))
    server.tasks.settled.add("owner", snapshot("t"))
    time.now += 3599
    assert server.tasks.settled.get("owner", "t") is not None
    time.now += 1  # an hour on the runtime's clock
    assert server.tasks.settled.get("owner", "t") is None
