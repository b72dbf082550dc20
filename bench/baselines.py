"""The existing published servers, each installed from PyPI into its own virtual environment."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .config import VENVS
from .progress import say

INSPECT = """
import importlib.metadata as m, json, sys
dist = m.distribution(sys.argv[1])
scripts = [(e.name, e.value) for e in dist.entry_points if e.group == "console_scripts"]
versions = {}
for name in ("mcp", "httpx", "pydantic", "starlette", "uvicorn", "loguru"):
    try:
        versions[name] = m.version(name)
    except m.PackageNotFoundError:
        pass
print(json.dumps({"scripts": scripts, "versions": versions, "requires": dist.requires or []}))
"""


@dataclass
class Baseline:
    provider: str
    package: str
    version: str
    venv: str
    ok: bool = False
    problem: str | None = None
    script: str | None = None
    entry_point: str | None = None
    version_output: str | None = None
    dependencies: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def _tail(text: str, lines: int = 3, width: int = 240) -> str:
    """The last lines of a tool's output that say something (pip's index-location warnings left out)."""
    useful = [ln.strip() for ln in text.strip().splitlines() if ln.strip() and "is ignored:" not in ln]
    return " | ".join(ln if len(ln) <= width else ln[:width] + "…" for ln in useful[-lines:])


def ensure(provider: str, version: str) -> Baseline:
    """Install `mcp-<provider>==version` into bench/.venvs/ (once), then check that it starts."""
    package = f"mcp-{provider}"
    venv = VENVS / f"{package}-{version}"
    marker = venv / "bench-installed.json"
    base = Baseline(provider, package, version, str(venv))
    if marker.exists():
        try:
            data = json.loads(marker.read_text())
            if data.get("version") == version and data.get("ok") and Path(data["script"]).exists():
                return Baseline(**data)
        except (OSError, ValueError, TypeError, KeyError):
            pass
    say(f"installing {package}=={version} from PyPI into {venv.relative_to(VENVS.parent.parent)}")
    try:
        made = _run([sys.executable, "-m", "venv", "--clear", str(venv)], timeout=120)
        if made.returncode != 0:
            base.problem = f"python -m venv failed: {_tail(made.stderr)}"
            return base
        python = str(venv / "bin" / "python")
        pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
        installed = _run([*pip, f"{package}=={version}"], timeout=600)
        if installed.returncode != 0:
            base.problem = f"pip install {package}=={version} failed: {_tail(installed.stderr)}"
            return base
        inspected = _run([python, "-c", INSPECT, package], timeout=60)
        if inspected.returncode != 0:
            base.problem = f"could not read the package metadata: {_tail(inspected.stderr)}"
            return base
        info = json.loads(inspected.stdout)
    except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
        base.problem = f"{type(exc).__name__}: {exc}"
        return base
    base.dependencies = info["versions"]
    scripts = info["scripts"]
    if not scripts:
        base.problem = f"{package} declares no console script"
        return base
    name, value = scripts[0]
    base.entry_point = f"{name} = {value}"
    script = venv / "bin" / name
    base.script = str(script)
    try:
        shown = _run([str(script), "--version"], timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        base.problem = f"{name} --version could not run: {exc}"
        return base
    if shown.returncode != 0:
        base.problem = f"{name} --version failed: {_tail(shown.stderr)}"
        return base
    base.version_output = (shown.stdout or shown.stderr).strip()
    base.ok = True
    marker.write_text(json.dumps(base.as_json(), indent=2))
    return base


CLIENT_COST = """
import time, httpx
httpx.AsyncClient()
started = time.perf_counter()
for _ in range(20):
    httpx.AsyncClient()
print((time.perf_counter() - started) / 20 * 1000)
"""


def client_construction_ms(baseline: Baseline) -> float | None:
    """What one `httpx.AsyncClient()` costs in the baseline's environment: the existing servers build one
    per upstream request."""
    python = Path(baseline.venv) / "bin" / "python"
    try:
        done = _run([str(python), "-c", CLIENT_COST], timeout=60)
        return round(float(done.stdout.strip()), 2) if done.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None
