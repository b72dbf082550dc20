"""What the packaging tests need: the workspace's projects, uv, and readers for built artifacts.

Nothing here touches the network by itself; `run_uv` tries uv offline first (a warm cache is enough)
and only then lets uv reach the package index, which a clean CI machine needs for the build backend
and the locked dependencies.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser
from pathlib import Path
from typing import Any, get_args

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 (pytest brings tomli there)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# every folder of packages/ is one provider's server: found, not listed
PROVIDERS = tuple(sorted(p.parent.name.removesuffix("-mcp") for p in ROOT.glob("packages/*/pyproject.toml")))
CORE = "acemedia-core"
REPOSITORY = "https://github.com/acemedia-mcp/acemedia"
REGISTRY_SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"


@dataclass(frozen=True)
class Project:
    """One publishable distribution of the workspace."""

    directory: Path
    name: str  # distribution name: acemedia-sora-mcp
    version: str
    module: str  # the one top-level import name it installs
    provider: str | None  # None for the core

    @property
    def stem(self) -> str:
        """The file-name form of the name and version: acemedia_sora_mcp-0.1.0."""
        return f"{self.name.replace('-', '_')}-{self.version}"

    @property
    def pyproject(self) -> dict[str, Any]:
        return tomllib.loads((self.directory / "pyproject.toml").read_text(encoding="utf-8"))


def load_project(directory: Path) -> Project:
    data = tomllib.loads((directory / "pyproject.toml").read_text(encoding="utf-8"))
    meta, (package,) = data["project"], data["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    provider = directory.name.removesuffix("-mcp") if directory.parent.name == "packages" else None
    return Project(directory, meta["name"], meta["version"], Path(package).name, provider)


def projects() -> list[Project]:
    """The core first, then the other libraries, then the servers in name order."""
    libraries = sorted(ROOT.glob("libs/*/pyproject.toml"), key=lambda p: p.parent.name != "acemedia")
    servers = [ROOT / "packages" / f"{p}-mcp" / "pyproject.toml" for p in PROVIDERS]
    return [load_project(p.parent) for p in [*libraries, *servers]]


# -- uv --------------------------------------------------------------------------------------------


def uv_command() -> list[str] | None:
    """uv as `uv run` exported it ($UV), else on PATH, else the `uv` module; None if there is none."""
    found = os.environ.get("UV") or shutil.which("uv")
    if found:
        return [found]
    if importlib.util.find_spec("uv") is not None:
        return [sys.executable, "-m", "uv"]
    return None


def clean_env() -> dict[str, str]:
    """The environment for child processes, without anything that points at the workspace venv."""
    drop = ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONPATH", "PYTHONHOME", "UV_OFFLINE")
    return {k: v for k, v in os.environ.items() if k not in drop}


def run_captured(
    command: Sequence[str], cwd: Path, timeout: float, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`command` run to its end in `cwd` with `env` (the clean environment by default), its output kept
    as text; the caller checks the exit code."""
    env = clean_env() if env is None else env
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def run_uv(uv: Sequence[str], args: Sequence[str], cwd: Path, timeout: float = 180) -> str:
    """Run uv offline first; if the cache cannot serve it, once more with the package index."""
    attempts: list[str] = []
    for extra in (["--offline"], []):
        done = run_captured([*uv, *args, *extra], cwd, timeout)
        if done.returncode == 0:
            return done.stdout
        attempts.append(f"$ uv {' '.join([*args, *extra])}\n{done.stderr[-3000:]}")
    raise AssertionError("uv failed:\n" + "\n".join(attempts))


def venv_bin(venv: Path, name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return venv / folder / f"{name}{suffix}"


# -- built artifacts ---------------------------------------------------------------------------------


def wheel_files(wheel: Path) -> list[str]:
    """The paths a wheel installs, as its RECORD lists them."""
    with zipfile.ZipFile(wheel) as archive:
        record = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
        lines = archive.read(record).decode().splitlines()
    return [line.rsplit(",", 2)[0] for line in lines if line.strip()]


def top_level_names(paths: Sequence[str]) -> set[str]:
    """Top-level modules and packages among installed paths (metadata and .data folders aside)."""
    names: set[str] = set()
    for path in paths:
        first = path.split("/", 1)[0]
        if first.endswith((".dist-info", ".data")):
            continue
        names.add(first.removesuffix(".py") if "/" not in path else first)
    return names


def wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return HeaderParser().parsestr(archive.read(name).decode())


def sdist_files(sdist: Path) -> set[str]:
    """Paths inside an sdist relative to its top folder."""
    with tarfile.open(sdist) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


# -- MCP Registry server.json --------------------------------------------------------------------------

SERVER_NAME = re.compile(r"^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")
VERSION_RANGE = re.compile(r"[\^~<>=*]|\.x$|^latest$")
PACKAGE_FIELDS = {
    "registryType",
    "registryBaseUrl",
    "identifier",
    "version",
    "fileSha256",
    "runtimeHint",
    "transport",
    "runtimeArguments",
    "packageArguments",
    "environmentVariables",
}
INPUT_FORMATS = {"string", "number", "boolean", "filepath"}


def registry_problems(data: dict[str, Any]) -> list[str]:
    """What the registry's server.schema.json (2025-12-11) would refuse: required fields, patterns,
    lengths, the closed set of package fields, transports and environment variable inputs."""
    problems: list[str] = []
    for field in ("$schema", "name", "description", "version"):
        if not isinstance(data.get(field), str) or not data[field]:
            problems.append(f"{field} is required and must be a non-empty string")
    name, description, version = data.get("name", ""), data.get("description", ""), data.get("version", "")
    if not (3 <= len(name) <= 200 and SERVER_NAME.match(name)):
        problems.append(f"name {name!r} must be reverse-DNS 'namespace/server', 3-200 characters")
    if not 1 <= len(description) <= 100:
        problems.append(f"description must be 1-100 characters, has {len(description)}")
    if len(version) > 255 or VERSION_RANGE.search(version):
        problems.append(f"version {version!r} must be one exact version")
    repository = data.get("repository")
    if repository is not None and not (
        isinstance(repository, dict) and repository.get("url") and repository.get("source")
    ):
        problems.append("repository needs url and source")
    packages = data.get("packages")
    if not isinstance(packages, list) or not packages:
        problems.append("packages must be a non-empty list")
        packages = []
    for i, package in enumerate(packages):
        where = f"packages[{i}]"
        for field in ("registryType", "identifier", "version", "transport"):
            if field not in package:
                problems.append(f"{where}.{field} is required")
        unknown = set(package) - PACKAGE_FIELDS
        if unknown:
            problems.append(f"{where} has fields the schema does not allow: {sorted(unknown)}")
        if VERSION_RANGE.search(str(package.get("version", ""))):
            problems.append(f"{where}.version must be one exact version")
        transport = package.get("transport", {})
        if transport.get("type") not in ("stdio", "streamable-http", "sse"):
            problems.append(f"{where}.transport.type {transport.get('type')!r} is not a transport")
        elif transport["type"] != "stdio" and not transport.get("url"):
            problems.append(f"{where}.transport needs a url")
        seen: set[str] = set()
        for variable in package.get("environmentVariables", []):
            problems += input_problems(f"{where}.environmentVariables", variable, seen)
    return problems


def input_problems(where: str, variable: dict[str, Any], seen: set[str]) -> list[str]:
    name = variable.get("name")
    if not isinstance(name, str) or not name:
        return [f"{where}: every entry needs a name"]
    here, problems = f"{where}[{name}]", []
    if name in seen:
        problems.append(f"{here} is listed twice")
    seen.add(name)
    for flag in ("isRequired", "isSecret"):
        if flag in variable and not isinstance(variable[flag], bool):
            problems.append(f"{here}.{flag} must be a boolean")
    for text in ("description", "default", "value", "placeholder"):
        if text in variable and not isinstance(variable[text], str):
            problems.append(f"{here}.{text} must be a string")
    if variable.get("format", "string") not in INPUT_FORMATS:
        problems.append(f"{here}.format must be one of {sorted(INPUT_FORMATS)}")
    choices = variable.get("choices")
    if choices is not None:
        if not (isinstance(choices, list) and all(isinstance(c, str) for c in choices)):
            problems.append(f"{here}.choices must be a list of strings")
        elif "default" in variable and variable["default"] not in choices:
            problems.append(f"{here}.default {variable['default']!r} is not one of its choices")
    return problems


ENV_DEFAULT = re.compile(r'env_default\(\s*"(\w+)",\s*([^,]+?),\s*(\w+)\s*\)')


def provider_defaults(project: Project) -> dict[str, tuple[str, list[str]]]:
    """Every `<P>_DEFAULT_*` variable a provider's models read: name -> (default, allowed values)."""
    import importlib

    models = importlib.import_module(f"{project.module}.models")
    source = (project.directory / "src" / project.module / "models.py").read_text(encoding="utf-8")
    found: dict[str, tuple[str, list[str]]] = {}
    for name, fallback, type_name in ENV_DEFAULT.findall(source):
        allowed = [str(value) for value in get_args(getattr(models, type_name))]
        found[name] = (str(ast.literal_eval(fallback)), allowed)
    return found
