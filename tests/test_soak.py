"""A bounded soak: `veo-mcp --transport http` under a mix of good and hostile traffic keeps a flat RSS.

Good calls (submit, get, batch, a short wait) alternate with hostile ones: thousands of unknown argument
names, wrong types, near-limit strings, oversized bodies, malformed and non-ASCII bearer tokens, and
garbage JSON. Every hostile call must be refused cleanly, and the server's resident memory after the
soak may exceed its memory after a warm-up round by little.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from acemedia_testing.simulator import SimulatorServer, SimulatorState

from .reliability_helpers import ServerProcess, loopback_simulator, subprocess_env

pytestmark = pytest.mark.e2e  # a server process under sustained traffic

SOAK_SECONDS = 10.0
WARMUP_ROUNDS = 3
MAX_GROWTH_MIB = 6.0
HEADERS = {
    "Accept": "application/json, text/event-stream",
    "Content-Type": "application/json",
    "MCP-Protocol-Version": "2025-06-18",
}


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def veo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, SimulatorServer]]:
    tmp = tmp_path_factory.mktemp("soak")
    with loopback_simulator(SimulatorState(job_seconds=0.2)) as simulator:
        # callers here send no token: the server serves them with its own, by choice
        env = subprocess_env(
            simulator.url,
            tmp,
            ACEDATACLOUD_API_TOKEN="soak-token-0123456789",
            ACEMEDIA_ANONYMOUS_CALLERS="server-token",
        )
        with ServerProcess("veo", env, tmp) as server:
            yield server, simulator


def call(http: httpx.Client, tool: str, arguments: dict[str, Any], **headers: Any) -> httpx.Response:
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": tool, "arguments": arguments},
    }
    return http.post("/mcp", content=json.dumps(body), headers={**HEADERS, **headers})


def result(reply: httpx.Response) -> dict[str, Any]:
    assert reply.status_code == 200, reply.text[:300]
    data = [line[5:] for line in reply.text.splitlines() if line.startswith("data:")]
    answer: dict[str, Any] = json.loads(data[-1])["result"]
    return answer


def good_round(http: httpx.Client) -> None:
    submitted = result(call(http, "veo_text_to_video", {"prompt": "a lighthouse at dusk"}))
    task_id = submitted["structuredContent"]["task_id"]
    assert not result(call(http, "veo_get_task", {"task_id": task_id})).get("isError")
    assert not result(call(http, "veo_get_tasks_batch", {"task_ids": [task_id, "unknown-id"]})).get("isError")
    waited = result(call(http, "veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 1}))
    assert not waited.get("isError"), waited


def hostile_round(http: httpx.Client, round_no: int) -> None:
    refused = [
        call(http, "veo_text_to_video", {f"junk_{round_no}_{i}": i for i in range(20_000)}),
        call(http, "veo_get_task", {"task_id": {"nested": ["x"] * 1000}}),
        call(http, "veo_text_to_video", {"prompt": "x" * 600_000}),
        call(http, "veo_get_tasks_batch", {"task_ids": [f"id-{i}" for i in range(5_000)]}),
        call(http, "veo_get_tasks_batch", {"trace_ids": [""] * 1000}),
        call(http, "veo_get_task", {"task_id": "t"}, Authorization="Bearer tök".encode()),
    ]
    for reply in refused:
        answer = result(reply)
        assert answer.get("isError") and "Error executing tool" in answer["content"][0]["text"]
        assert len(reply.content) < 8192, len(reply.content)
    assert http.post("/mcp", content=b"{" * 2_000_000, headers=HEADERS).status_code == 413
    assert http.post("/mcp", content=b"not json", headers=HEADERS).status_code in (400, 200)
    assert call(http, "veo_get_task", {"task_id": "t"}, Authorization="Basic abc").status_code == 401


def test_rss_stays_flat_under_good_and_hostile_traffic(veo: tuple[ServerProcess, SimulatorServer]) -> None:
    server, _ = veo
    assert server.process is not None
    with httpx.Client(base_url=server.base, timeout=30) as http:
        for n in range(WARMUP_ROUNDS):
            good_round(http)
            hostile_round(http, n)
        before = rss_mib(server.process.pid)
        rounds, deadline = 0, time.monotonic() + SOAK_SECONDS
        while time.monotonic() < deadline:
            good_round(http)
            hostile_round(http, WARMUP_ROUNDS + rounds)
            rounds += 1
        after = rss_mib(server.process.pid)
        assert (http.get("/health")).status_code == 200
    print(f"soak: {rounds} rounds in {SOAK_SECONDS:g} s, RSS {before:.1f} -> {after:.1f} MiB")
    assert rounds >= 5
    assert after - before < MAX_GROWTH_MIB, (before, after, rounds)
