"""The 2025-11-25 tasks form through the official TypeScript SDK 1.x client (`callToolStream` with a task).

The fixture installs `@modelcontextprotocol/sdk` 1.32 with npm into a temporary folder. Without npm the
test skips with one line, except under CI=true, where it fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from acemedia_testing.simulator import SimulatorServer

from .conftest import server_env
from .ts_helpers import install_ts_client

pytestmark = pytest.mark.e2e  # node runs the TypeScript SDK against server processes


@pytest.fixture(scope="module")
def ts_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_ts_client("ts_tasks_client", "tasks_client.mjs", tmp_path_factory)


def test_typescript_sdk_follows_a_task_to_its_result(
    ts_client: Path, simulator: SimulatorServer, tmp_path: Path
) -> None:
    script = str(Path(sys.executable).parent / "veo-mcp")
    arguments = json.dumps({"prompt": "a paper boat in the rain"})
    run = subprocess.run(
        ["node", str(ts_client), script, "veo_text_to_video", arguments],
        env=server_env(simulator, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["capabilities"]["tasks"]["requests"] == {"tools": {"call": {}}}
    assert report["execution"]["veo_text_to_video"] == {"taskSupport": "optional"}
    assert report["execution"]["veo_get_task"] is None
    kinds = [m["type"] for m in report["messages"]]
    assert kinds[0] == "taskCreated" and kinds[-1] == "result", kinds
    task_id = report["messages"][0]["task"]["taskId"]
    result = report["messages"][-1]["result"]
    assert result["structuredContent"]["status"] == "succeeded"
    assert result["structuredContent"]["id"] == task_id
    assert report["task"]["status"] == "completed"
    assert [t["taskId"] for t in report["list"]["tasks"]] == [task_id]


@pytest.mark.parametrize(
    ("provider", "tool", "arguments", "status"),
    [
        ("producer", "producer_generate_lyrics", {"prompt": "a song about rain"}, "completed"),  # synchronous
        ("veo", "veo_text_to_video", {"prompt": "a harbour", "model": "veo31-fast-ingredients"}, "failed"),
    ],
)
def test_typescript_sdk_gets_a_task_for_a_final_answer_or_an_error(
    ts_client: Path,
    simulator: SimulatorServer,
    tmp_path: Path,
    provider: str,
    tool: str,
    arguments: dict[str, str],
    status: str,
) -> None:
    script = str(Path(sys.executable).parent / f"{provider}-mcp")
    run = subprocess.run(
        ["node", str(ts_client), script, tool, json.dumps(arguments)],
        env=server_env(simulator, tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    kinds = [m["type"] for m in report["messages"]]
    # before, the SDK got a bare CallToolResult here and failed to read it as a CreateTaskResult
    assert kinds[0] == "taskCreated" and report["messages"][0]["task"]["status"] == status, kinds
    task_id = report["messages"][0]["task"]["taskId"]
    assert report["task"]["status"] == status and report["task"]["ttl"] == 3_600_000
    assert task_id in [t["taskId"] for t in report["list"]["tasks"]]
    if status == "completed":
        assert kinds[-1] == "result", kinds
        result = report["messages"][-1]["result"]
        assert result["isError"] is False and "[Verse]" in result["content"][0]["text"]
    else:  # the SDK reports a failed task as an error of its own and does not fetch the result
        assert kinds[-1] == "error" and f"Task {task_id} failed" in report["messages"][-1]["error"], kinds
