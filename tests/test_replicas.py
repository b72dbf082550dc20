"""Two replicas of one server behind a real haproxy (round robin) sharing a real Redis: a task made
through one is listed, read and waited for through the other, as is an MCP task; an OAuth sign-in
started on one finishes on the other, and a token revoked on one is refused by both; a replica killed
during a wait costs the client one retry and nothing else. Nothing secret reaches Redis in clear."""

from __future__ import annotations

import json
import secrets
import signal
from collections.abc import Iterator
from typing import Any

import anyio
import httpx
import pytest
from acemedia.simulator.clock import ManualClock
from acemedia_testing import LocalHaproxy, ServerProcess, free_port, require_program
from acemedia_testing.local_redis import LocalRedis, everything_in
from acemedia_testing.simulator import SimulatorServer, SimulatorState

from .oauth_helpers import REDIRECT, Landing, authorize_url, follow_sign_in, pkce, redeem, register, revoke
from .reliability_helpers import find_secrets, loopback_simulator, subprocess_env
from .replica_helpers import serving
from .tasks_protocol import HttpTransport, RpcError, TasksClient

pytestmark = pytest.mark.e2e  # server processes behind haproxy, on redis-server

TOKEN = "replica-caller-" + secrets.token_hex(12)
SIGN_IN_CLIENT = "replicas-connector"
SIGNED_IN_SECRETS: list[str] = []  # what the sign-in test saw, for the final look through logs and Redis
HEADERS = {
    "Accept": "application/json, text/event-stream",
    "Content-Type": "application/json",
    "MCP-Protocol-Version": "2025-06-18",
    "Authorization": f"Bearer {TOKEN}",
}


@pytest.fixture(scope="module")
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="module")
def cluster(
    clock: ManualClock, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LocalHaproxy, list[ServerProcess], SimulatorServer, str]]:
    haproxy = require_program("haproxy")
    require_program("redis-server")
    tmp = tmp_path_factory.mktemp("replicas")
    with (
        LocalRedis(tmp / "redis") as redis,
        loopback_simulator(
            SimulatorState(job_seconds=60, clock=clock, oauth_client_id=SIGN_IN_CLIENT)
        ) as simulator,
    ):
        balancer_port = free_port()  # the public address, known before the replicas start
        shared = {
            "ACEMEDIA_REDIS_URL": redis.url,
            "MCP_OAUTH_STATE_KEY": secrets.token_hex(32),
            "MCP_SERVER_URL": f"http://127.0.0.1:{balancer_port}",
            "ACEDATACLOUD_OAUTH_CLIENT_ID": SIGN_IN_CLIENT,
            "ACEDATACLOUD_AUTH_BASE_URL": simulator.url,
            "ACEDATACLOUD_PLATFORM_BASE_URL": simulator.url,
        }
        replicas = [
            ServerProcess("veo", subprocess_env(simulator.url, tmp / f"r{i}", **shared), tmp / f"r{i}")
            for i in range(2)
        ]
        for replica in replicas:
            replica.start()
        try:
            with LocalHaproxy(haproxy, [r.port for r in replicas], tmp, port=balancer_port) as balancer:
                yield balancer, replicas, simulator, redis.url
        finally:
            for replica in replicas:
                replica.stop()


def body(tool: str, arguments: dict[str, Any], progress: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {"name": tool, "arguments": arguments}
    if progress:
        params["_meta"] = {"progressToken": progress}
    return {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": params}


def answer(text: str) -> dict[str, Any]:
    data = [json.loads(line[5:]) for line in text.splitlines() if line.startswith("data:")]
    final = [d for d in data if "result" in d or "error" in d]
    assert final, text[:300]
    result: dict[str, Any] = final[-1]["result"]
    assert not result.get("isError"), result
    structured: dict[str, Any] = result["structuredContent"]
    return structured


async def call(url: str, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=60) as http:
        reply = await http.post(url, headers=HEADERS, json=body(tool, arguments))
    assert reply.status_code == 200, reply.text
    return answer(reply.text)


async def test_a_task_made_on_one_replica_is_listed_read_and_waited_on_the_other(
    cluster: tuple[LocalHaproxy, list[ServerProcess], SimulatorServer, str], clock: ManualClock
) -> None:
    _, (one, two), _, redis_url = cluster
    task_id = (await call(one.url, "veo_text_to_video", {"prompt": "a harbour at dawn"}))["task_id"]
    listed = await call(two.url, "veo_list_tasks", {})
    assert [t["task_id"] for t in listed["tasks"]][:1] == [task_id]
    assert (await call(two.url, "veo_get_task", {"task_id": task_id}))["status"] in ("pending", "running")
    clock.advance(120)
    waited = await call(two.url, "veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 10})
    assert waited["status"] == "succeeded"
    assert (await call(one.url, "veo_list_tasks", {}))["tasks"][0]["last_status"] == "succeeded"
    assert TOKEN.encode() not in everything_in(redis_url)


async def call_signed_in(
    url: str, access: str, tool: str = "veo_text_to_video", arguments: dict[str, Any] | None = None
) -> httpx.Response:
    headers = {**HEADERS, "Authorization": f"Bearer {access}"}
    async with httpx.AsyncClient(timeout=60) as http:
        return await http.post(url, headers=headers, json=body(tool, arguments or {"prompt": "signed in"}))


async def test_a_sign_in_started_on_one_replica_finishes_on_the_other_and_revocation_reaches_both(
    cluster: tuple[LocalHaproxy, list[ServerProcess], SimulatorServer, str], clock: ManualClock
) -> None:
    balancer, (one, two), simulator, redis_url = cluster
    client_id = await register(one.base)  # registered on one
    verifier, challenge = pkce()
    # authorize on one; AceDataCloud's sign-in returns to the public address: sent to two instead
    to_two = lambda url: url.replace(balancer.url.removesuffix("/mcp"), two.base)  # noqa: E731
    landing = await follow_sign_in(
        authorize_url(one.base, client_id, challenge), REDIRECT, user="ann", rewrite=to_two
    )
    assert isinstance(landing, Landing), landing
    redeemed = await redeem(one.base, client_id, landing.query["code"], verifier)  # the code, back on one
    assert redeemed.status_code == 200, redeemed.text
    tokens = redeemed.json()
    made = await call_signed_in(two.url, tokens["access_token"])  # and the token works on two
    assert made.status_code == 200
    task_id = answer(made.text)["task_id"]
    credential = simulator.state.credential_of("ann")
    assert credential and simulator.state.journal.requests()[-1].token == credential
    clock.advance(120)  # the job finishes; the user waits for it through the other replica
    wait = {"task_id": task_id, "timeout_seconds": 10}
    waited = await call_signed_in(one.url, tokens["access_token"], "veo_wait_for_task", wait)
    assert waited.status_code == 200 and answer(waited.text)["status"] == "succeeded"
    # revoked through one replica: refused by both at once
    assert (await revoke(two.base, client_id, tokens["refresh_token"])).status_code == 200
    for replica in (one, two):
        refused = await call_signed_in(replica.url, tokens["access_token"])
        assert refused.status_code == 401 and "revoked" in refused.headers["www-authenticate"]
    secrets_seen = [credential, tokens["access_token"], tokens["refresh_token"], landing.query["code"]]
    SIGNED_IN_SECRETS.extend(secrets_seen)
    stored = everything_in(redis_url)
    for secret in secrets_seen:
        assert secret.encode() not in stored


def test_an_mcp_task_made_on_one_replica_is_followed_to_its_result_on_the_other(
    cluster: tuple[LocalHaproxy, list[ServerProcess], SimulatorServer, str], clock: ManualClock
) -> None:
    _, (one, two), _, _ = cluster
    created = TasksClient(HttpTransport(one.url, TOKEN)).call_tool("veo_text_to_video", {"prompt": "a task"})
    assert created["resultType"] == "task" and created["status"] == "working"
    other = TasksClient(HttpTransport(two.url, TOKEN))
    assert other.get(created["taskId"])["status"] == "working"
    clock.advance(120)
    done = other.get(created["taskId"])
    assert done["status"] == "completed" and done["result"]["structuredContent"]["status"] == "succeeded"
    stranger = TasksClient(HttpTransport(two.url, "another-caller"))
    with pytest.raises(RpcError):  # bound to its caller on every replica
        stranger.get(created["taskId"])


async def test_a_replica_killed_during_a_wait_costs_one_retry(
    cluster: tuple[LocalHaproxy, list[ServerProcess], SimulatorServer, str], clock: ManualClock
) -> None:
    balancer, replicas, _, _ = cluster
    task_id = (await call(balancer.url, "veo_text_to_video", {"prompt": "a storm"}))["task_id"]
    killed: list[ServerProcess] = []
    with anyio.fail_after(30):
        async with (
            httpx.AsyncClient(timeout=60) as http,
            http.stream(
                "POST",
                balancer.url,
                headers=HEADERS,
                json=body("veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 300}, "p1"),
            ) as stream,
        ):
            with pytest.raises(httpx.HTTPError):  # the reply is cut when its replica dies
                async for line in stream.aiter_lines():
                    if "notifications/progress" in line and not killed:
                        killed = serving(replicas)
                        assert len(killed) == 1, "exactly one replica holds the wait"
                        assert killed[0].process is not None
                        killed[0].process.send_signal(signal.SIGKILL)
                        killed[0].process.wait()
                    if line.startswith("data:") and '"result"' in line:
                        pytest.fail("the wait answered although its replica was killed")
    assert killed
    clock.advance(120)
    retried = await call(balancer.url, "veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 10})
    assert retried["status"] == "succeeded"
    listed = await call(balancer.url, "veo_list_tasks", {})
    assert task_id in [t["task_id"] for t in listed["tasks"]]


def test_no_replica_logs_or_stores_the_token(
    cluster: tuple[LocalHaproxy, list[ServerProcess], SimulatorServer, str],
) -> None:
    balancer, _, _, redis_url = cluster
    assert SIGNED_IN_SECRETS, "the sign-in test runs first"
    # replica logs, haproxy's and Redis's folder
    assert find_secrets(balancer.folder, [TOKEN, *SIGNED_IN_SECRETS]) == []
    stored = everything_in(redis_url)
    assert [s for s in [TOKEN, *SIGNED_IN_SECRETS] if s.encode() in stored] == []
