"""The servers under test: ours (this workspace), the existing published ones, and the floor."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Literal

from .baselines import Baseline
from .config import FLOOR_SERVER, LOG_LEVEL, TOKEN

Role = Literal["ours", "existing", "floor"]


@dataclass(frozen=True)
class Target:
    key: str  # e.g. "ours-veo"
    role: Role
    provider: str
    label: str
    command: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    http_command: tuple[str, ...] | None = None  # `--port N` is appended; None: not measured over HTTP
    package: str = ""  # the distribution measured, e.g. "mcp-veo"
    version: str = ""

    @property
    def get_task(self) -> str:
        return "get_task" if self.role == "floor" else f"{self.provider}_get_task"


def base_env(upstream_url: str) -> dict[str, str]:
    return {
        "ACEDATACLOUD_API_BASE_URL": upstream_url,
        "ACEDATACLOUD_API_TOKEN": TOKEN,
        "LOG_LEVEL": LOG_LEVEL,
        "PYTHONUNBUFFERED": "1",
    }


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def ours(provider: str, upstream_url: str, work: Path) -> Target:
    env = base_env(upstream_url)
    # the task ledger stays on (it is on by default) but writes to a scratch file, not the user's cache
    env["ACEMEDIA_LEDGER"] = str(work / f"ledger-{provider}.sqlite3")
    version = metadata.version(f"acemedia-{provider}-mcp")
    script = _bin(f"{provider}-mcp")
    return Target(
        key=f"ours-{provider}",
        role="ours",
        provider=provider,
        label=f"ours ({provider}-mcp {version})",
        command=(script,),
        env=env,
        http_command=(script, "--transport", "http", "--host", "127.0.0.1"),
        package=f"acemedia-{provider}-mcp",
        version=version,
    )


def existing(baseline: Baseline, upstream_url: str) -> Target:
    assert baseline.script is not None
    return Target(
        key=f"existing-{baseline.provider}",
        role="existing",
        provider=baseline.provider,
        label=f"existing ({baseline.package} {baseline.version})",
        command=(baseline.script,),
        env=base_env(upstream_url),
        # its HTTP mode always binds 0.0.0.0 (no host option); the benchmark only binds loopback
        http_command=None,
        package=baseline.package,
        version=baseline.version,
    )


def floor(upstream_url: str) -> Target:
    return Target(
        key="floor-veo",
        role="floor",
        provider="veo",
        label="floor (bench/floor_server.py)",
        command=(sys.executable, str(FLOOR_SERVER)),
        env=base_env(upstream_url),
        http_command=(sys.executable, str(FLOOR_SERVER), "--transport", "http"),
    )
