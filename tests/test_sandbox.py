"""Sandbox mode as new users and shared servers meet it, with real `veo-mcp --sandbox` processes.

- Task ids are unique across processes, and simulated jobs outlive the process that made them: every
  task `list_tasks` shows, `get_task` can read, in this process or the next one.
- Over HTTP each caller has its own simulated account, as each token is its own account upstream.
- A sandboxed server never calls a `callback_url` back, and serves no control API (`/_sim/*`).
"""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from acemedia_testing import tool_text

from .conftest import http_session
from .reliability_helpers import ServerProcess, subprocess_env

pytestmark = pytest.mark.e2e  # servers started as processes in sandbox mode

JOB_SECONDS = "0.2"


def sandbox_env(tmp_path: Path) -> dict[str, str]:
    env = subprocess_env("", tmp_path, ACEMEDIA_SANDBOX_JOB_SECONDS=JOB_SECONDS)
    env.pop("ACEDATACLOUD_API_BASE_URL")
    return env


@contextlib.contextmanager
def sandbox_server(tmp_path: Path) -> Iterator[ServerProcess]:
    with ServerProcess("veo", sandbox_env(tmp_path), tmp_path, args=["--sandbox"]) as server:
        yield server


def simulator_url(server: ServerProcess) -> str:
    found = re.search(r"simulated API at (http://[0-9.:]+)", server.stderr_path.read_text())
    assert found, server.stderr_path.read_text()
    return found.group(1)


async def simulator_status(server: ServerProcess, path: str) -> int:
    """The status the sandbox's simulator answers a POST to `path` with."""
    async with httpx.AsyncClient(timeout=10) as http:
        return (await http.post(simulator_url(server) + path, json={})).status_code


async def call(url: str, tool: str, arguments: dict[str, Any], token: str | None = None) -> Any:
    async with http_session(url, token) as client:
        return await client.call_tool(tool, arguments)


async def submit(url: str, prompt: str, token: str | None = None, **extra: Any) -> str:
    result = await call(url, "veo_text_to_video", {"prompt": prompt, **extra}, token)
    assert result.structured_content is not None, tool_text(result)
    return str(result.structured_content["task_id"])


async def finished(url: str, task_id: str, token: str | None = None) -> dict[str, Any]:
    result = await call(url, "veo_wait_for_task", {"task_id": task_id, "timeout_seconds": 20}, token)
    assert not result.is_error and result.structured_content is not None, tool_text(result)
    data: dict[str, Any] = result.structured_content
    assert data["status"] == "succeeded", data
    return data


async def test_task_ids_are_unique_across_processes_and_jobs_survive_a_restart(tmp_path: Path) -> None:
    with sandbox_server(tmp_path) as first, sandbox_server(tmp_path) as second:
        a = await submit(first.url, "a lighthouse")
        b = await submit(second.url, "a harbour")
        assert a != b
        await finished(second.url, a)  # one process reads the other's job
    with sandbox_server(tmp_path) as restarted:
        listed = (await call(restarted.url, "veo_list_tasks", {})).structured_content
        ids = [t["task_id"] for t in listed["tasks"]]
        assert sorted(ids) == sorted([a, b]), listed
        for task_id in ids:  # never list a task that get_task then calls unknown
            data = await finished(restarted.url, task_id)
            assert data["media"] and data["media"][0]["final"]
        assert await submit(restarted.url, "a third") not in (a, b)
    assert not (tmp_path / "ledger.sqlite3").exists()  # sandbox rows never reach the real ledger


async def test_callers_are_kept_apart_and_no_callback_is_sent(tmp_path: Path) -> None:
    receiver = socket.socket()
    receiver.bind(("127.0.0.1", 0))
    receiver.listen(8)
    receiver.setblocking(False)
    hook = f"http://127.0.0.1:{receiver.getsockname()[1]}/hook"
    try:
        with sandbox_server(tmp_path) as server:
            alice = await submit(server.url, "alice's secret garden", "alice-token", callback_url=hook)
            await finished(server.url, alice, "alice-token")
            # bob cannot read alice's task, by id or through the batch tool's list mode
            by_id = await call(server.url, "veo_get_task", {"task_id": alice}, "bob-token")
            assert by_id.is_error and "task_not_found" in tool_text(by_id)
            assert "in this sandbox" in tool_text(by_id) and "token" not in tool_text(by_id)
            listing = await call(server.url, "veo_get_tasks_batch", {"full": True}, "bob-token")
            assert listing.structured_content is not None, tool_text(listing)
            assert listing.structured_content["items"] == [] and "secret" not in tool_text(listing)
            mine = await call(server.url, "veo_get_tasks_batch", {}, "alice-token")
            assert [i["id"] for i in mine.structured_content["items"]] == [alice]
            # every upstream request sends the due callbacks before it is answered, and alice's job was
            # done before bob's calls: a sandbox that sent callbacks would have connected by now
            for path in ("/_sim/journal", "/_sim/reset", "/_sim/faults"):
                assert await simulator_status(server, path) == 404, path  # the harness is not in the runtime
        with pytest.raises(BlockingIOError):
            receiver.accept()  # nobody ever connected to the callback URL
    finally:
        receiver.close()
