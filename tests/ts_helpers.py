"""The official TypeScript SDK 1.x, installed with npm into a temporary folder for a test's client
script. Without npm the test skips with one line, except under CI=true, where it fails."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from acemedia_testing import skip_or_fail

DATA = Path(__file__).parent / "data"


def install_ts_client(name: str, script: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`tests/data/<name>` (a package.json and `script`) installed; the script's path."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        skip_or_fail(
            f"npm/node not found: the TypeScript SDK 1.x test {name} did not run",
            f"npm and node are needed for the TypeScript SDK test {name} under CI",
        )
    folder = tmp_path_factory.mktemp(name)
    for part in ("package.json", script):
        shutil.copy(DATA / name / part, folder / part)
    command = [npm, "install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]
    installed = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-2000:]
    return folder / script
