"""The newest published existing server of a provider, installed from PyPI into a throwaway environment."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# run inside the installed environment: the distribution's version and its first console script
INSPECT = """
import importlib.metadata as m, json, sys
dist = m.distribution(sys.argv[1])
scripts = sorted(e.name for e in dist.entry_points if e.group == "console_scripts")
print(json.dumps({"version": dist.version, "scripts": scripts}))
"""


class InstallError(RuntimeError):
    pass


@dataclass(frozen=True)
class Installed:
    package: str
    version: str
    command: str


def uv_command() -> list[str]:
    """uv as the Makefile found it (`UV`), else on PATH, else the per-user install."""
    configured = os.environ.get("UV")
    if configured:
        return shlex.split(configured)
    found = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    return [found]


def _run(cmd: list[str], timeout: float) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InstallError(f"{shlex.join(cmd)}: {exc}") from exc
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise InstallError(f"{shlex.join(cmd)} failed: {tail}")
    return done.stdout


def install_newest(package: str, root: Path) -> Installed:
    """`uv venv` + `uv pip install <package>` (newest release, index metadata refreshed) under `root`."""
    uv = uv_command()
    venv = root / package
    _run([*uv, "venv", "--quiet", "--python", sys.executable, str(venv)], timeout=120)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    _run(
        [*uv, "pip", "install", "--quiet", "--python", str(python), "--refresh-package", package, package],
        600,
    )
    info = json.loads(_run([str(python), "-c", INSPECT, package], timeout=60))
    if not info["scripts"]:
        raise InstallError(f"{package} {info['version']} declares no console script")
    return Installed(package, str(info["version"]), str(python.parent / info["scripts"][0]))
