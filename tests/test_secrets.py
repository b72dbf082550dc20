"""The API token never leaks: not into results, errors, logs (at DEBUG), stdout, the ledger, or any file.

A server runs as a subprocess with LOG_LEVEL=DEBUG, over stdio and over HTTP, against the simulator, and
goes through success and failure paths: a finished job, 401 (injected and real), 500, a bad argument, an
unknown argument, a submission timeout, and (HTTP) a malformed Authorization header. Every byte the
process wrote (stdout, stderr), every tool result and notification, and every file under the test's
temporary directory (the ledger and its WAL, logs, the cache directory) are searched for each token.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from acemedia_testing.simulator import (
    Fault,
    ManualClock,
    Outcome,
    ScriptRule,
    SimulatorServer,
    SimulatorState,
)
from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from .reliability_helpers import (
    ServerProcess,
    console_script,
    find_secrets,
    loopback_simulator,
    subprocess_env,
)

pytestmark = pytest.mark.e2e  # servers started as processes, their output read

TASKS = "/veo/tasks"
MCP_ACCEPT = "application/json, text/event-stream"
VIDEOS = "/veo/videos"


def secret(kind: str) -> str:
    return f"sk-acemedia-{kind}-{uuid.uuid4().hex}"


ENV_TOKEN = secret("env")
CALLER_TOKEN = secret("caller")
REJECTED_TOKEN = secret("rejected")
MALFORMED_TOKEN = secret("malformed")
SECRETS = (ENV_TOKEN, CALLER_TOKEN, REJECTED_TOKEN, MALFORMED_TOKEN)


def needles() -> list[str]:
    """Each token, and the unique middle of each (a truncated or partly masked token is still a leak)."""
    return [*SECRETS, *(s[-32:-8] for s in SECRETS)]


@pytest.fixture(scope="module")
def simulator() -> Iterator[SimulatorServer]:
    # jobs finish when the test moves the manual clock; `slow` faults still wait in real time
    state = SimulatorState(clock=ManualClock(), sleep=anyio.sleep, tokens={ENV_TOKEN, CALLER_TOKEN})
    with loopback_simulator(state) as simulator:
        yield simulator


@dataclass
class Transcript:
    """Everything the agent side saw."""

    texts: list[str] = field(default_factory=list)

    def add(self, result: Any) -> Any:
        self.texts.append(result.model_dump_json())
        return result

    async def on_progress(self, progress: float, total: float | None, message: str | None) -> None:
        self.texts.append(f"progress {progress} {total} {message}")

    async def on_log(self, params: Any) -> None:
        self.texts.append(f"log {params.model_dump_json()}")

    def leaks(self) -> list[str]:
        return [f"tool output: {n}" for text in self.texts for n in needles() if n in text]


def finish_jobs(simulator: SimulatorServer) -> None:
    clock = simulator.state.manual_clock
    assert clock is not None
    clock.advance(3600)


async def walk_paths(client: Client, simulator: SimulatorServer, seen: Transcript) -> list[str]:
    """Success and failure paths; returns the error texts, each of which must be a clear tool error."""
    faults, errors = simulator.state.faults, []

    async def call(tool: str, arguments: dict[str, Any], fails: bool = False) -> Any:
        result = seen.add(await client.call_tool(tool, arguments, progress_callback=seen.on_progress))
        text = " ".join(getattr(block, "text", "") for block in result.content)
        assert result.is_error == fails, f"{tool}: {text}"
        if fails:
            errors.append(text)
        return result

    # success: submit, wait (with progress), read, batch, the ledger tool and resource
    submitted = await call("veo_text_to_video", {"prompt": "a paper boat on a river"})
    task_id = submitted.structured_content["task_id"]
    finish_jobs(simulator)
    waited = await call("veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 10})
    assert waited.structured_content["status"] == "succeeded"
    await call("veo_get_task", {"task_id": task_id})
    await call("veo_get_tasks_batch", {"task_ids": [task_id, "missing"]})
    await call("veo_list_tasks", {})
    seen.texts.append((await client.read_resource("veo://tasks/recent")).model_dump_json())
    # an upstream 401 and 500 on a query, and a 500 on a submission (never re-sent)
    faults.add(Fault(kind="error", status=401, path=TASKS))
    await call("veo_get_task", {"task_id": task_id}, fails=True)
    faults.add(Fault(kind="error", status=500, path=TASKS))  # retried once (a real backoff sleep)
    await call("veo_get_task", {"task_id": task_id})
    faults.add(Fault(kind="error", status=500, path=VIDEOS))
    await call("veo_text_to_video", {"prompt": "a paper boat"}, fails=True)
    # arguments refused before anything is sent
    await call("veo_text_to_video", {"prompt": "a paper boat", "model": "no-such-model"}, fails=True)
    await call("veo_text_to_video", {"prompt": "a paper boat", "duraton": 8}, fails=True)
    await call("veo_get_task", {}, fails=True)
    # a submission whose reply does not come in time (the process runs with VEO_REQUEST_TIMEOUT=0.3)
    faults.add(Fault(kind="slow", path=VIDEOS, delay=0.8))
    await call("veo_text_to_video", {"prompt": "a slow boat"}, fails=True)
    return errors


def assert_clear(errors: list[str]) -> None:
    for text in errors:
        assert ("(" in text and "code" in text) or "validation error" in text or "Unknown argument" in text, (
            text
        )


def server_env(simulator: SimulatorServer, tmp_path: Path, **extra: str) -> dict[str, str]:
    return subprocess_env(
        simulator.url,
        tmp_path,
        LOG_LEVEL="DEBUG",
        VEO_REQUEST_TIMEOUT="0.3",
        ACEDATACLOUD_API_TOKEN=ENV_TOKEN,
        **extra,
    )


def scan(tmp_path: Path, seen: Transcript) -> None:
    leaks = seen.leaks() + find_secrets(tmp_path, needles())
    assert not leaks, leaks
    assert (tmp_path / "ledger.sqlite3").stat().st_size > 0  # the ledger was written, and holds no token


@asynccontextmanager
async def stdio_server(env: dict[str, str], logs: Path, seen: Transcript) -> AsyncIterator[Client]:
    """The console script over stdio; `tee` keeps a copy of every byte it writes to stdout."""
    params = StdioServerParameters(
        command="/bin/sh",
        args=["-c", '"$0" | tee "$1"', console_script("veo"), str(logs / "stdio.stdout")],
        env=env,
    )
    with (logs / "stdio.stderr").open("w") as errlog:
        transport = stdio_client(params, errlog=errlog)
        async with Client(
            transport, mode="legacy", read_timeout_seconds=60, logging_callback=seen.on_log
        ) as client:
            yield client


async def test_no_token_over_stdio_at_debug_level(simulator: SimulatorServer, tmp_path: Path) -> None:
    simulator.state.reset()
    seen = Transcript()
    async with stdio_server(server_env(simulator, tmp_path), tmp_path, seen) as client:
        assert_clear(await walk_paths(client, simulator, seen))
    assert (tmp_path / "stdio.stderr").stat().st_size > 0  # DEBUG logging did write something
    assert {r.token for r in simulator.state.journal.requests()} == {ENV_TOKEN}
    scan(tmp_path, seen)


@asynccontextmanager
async def http_session(url: str, authorization: str | None, seen: Transcript) -> AsyncIterator[Client]:
    headers = {"Authorization": authorization} if authorization else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(
            streamable_http_client(url, http_client=http), mode="legacy", logging_callback=seen.on_log
        ) as client,
    ):
        yield client


async def test_no_token_over_http_at_debug_level(simulator: SimulatorServer, tmp_path: Path) -> None:
    simulator.state.reset()
    seen = Transcript()
    with ServerProcess("veo", server_env(simulator, tmp_path), tmp_path / "logs") as server:
        async with http_session(server.url, f"Bearer {CALLER_TOKEN}", seen) as client:
            assert_clear(await walk_paths(client, simulator, seen))
        # a token the upstream refuses: a real 401
        async with http_session(server.url, f"Bearer {REJECTED_TOKEN}", seen) as client:
            refused = seen.add(await client.call_tool("veo_get_task", {"task_id": "any"}))
            assert refused.is_error and "invalid_token" in refused.model_dump_json()
        # a malformed Authorization header is refused at the door, without echoing it
        async with httpx.AsyncClient() as http:
            reply = await http.post(
                server.url,
                headers={"Authorization": f"Basic {MALFORMED_TOKEN}", "Accept": MCP_ACCEPT},
                json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
            )
        seen.texts.append(f"{reply.headers} {reply.text}")
        assert reply.status_code == 401
        server.stop()  # flushes its logs before they are searched
    tokens = {r.token for r in simulator.state.journal.requests()}
    assert tokens == {CALLER_TOKEN, REJECTED_TOKEN}, tokens  # callers' tokens only, never the server's own
    assert server.stderr_path.stat().st_size > 0
    scan(tmp_path, seen)


async def test_a_token_echoed_inside_a_task_record_is_redacted(tmp_path: Path) -> None:
    # a simulator of its own: a late job from another test's `slow` fault must not take this script
    state = SimulatorState(clock=ManualClock(), tokens={ENV_TOKEN})
    message = f"token {ENV_TOKEN} is not allowed here"
    state.script.add(ScriptRule(Outcome(fail=True, error_code="forbidden", error_message=message)))
    seen = Transcript()
    with loopback_simulator(state) as simulator:
        async with stdio_server(server_env(simulator, tmp_path), tmp_path, seen) as client:
            submitted = seen.add(await client.call_tool("veo_text_to_video", {"prompt": "a paper boat"}))
            finish_jobs(simulator)
            task_id = submitted.structured_content["task_id"]
            failed = seen.add(await client.call_tool("veo_get_task", {"task_id": task_id}))
    assert failed.structured_content["status"] == "failed", failed
    assert not seen.leaks(), seen.leaks()
