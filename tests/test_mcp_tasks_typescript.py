"""The 2025-11-25 tasks form through the official TypeScript SDK 1.x client (`callToolStream` with a task).

The fixture installs `@modelcontextprotocol/sdk` 1.32 with npm into a temporary folder. Without npm the
test skips with one line, except under CI=true, where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from acemedia.simulator import SimulatorServer

from .conftest import server_env

CLIENT_DIR = Path(__file__).parent / "data" / "ts_tasks_client"


@pytest.fixture(scope="module")
def ts_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        if os.environ.get("CI") == "true":
            pytest.fail("npm and node are needed for the TypeScript SDK tasks test under CI")
        pytest.skip("npm/node not found: the TypeScript SDK 1.x tasks test did not run")
    folder = tmp_path_factory.mktemp("ts-tasks-client")
    for name in ("package.json", "tasks_client.mjs"):
        shutil.copy(CLIENT_DIR / name, folder / name)
    command = [npm, "install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
    installed = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-2000:]
    return folder / "tasks_client.mjs"


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
