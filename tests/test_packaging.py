"""The packages as PyPI would ship them: build every wheel and sdist, install the six wheels into a fresh
virtual environment outside the workspace, and use them the way a user does.

One build and one environment serve every test in this module. Dependencies (mcp, httpx, pydantic, ...)
are installed at the versions pinned in uv.lock, by uv from its cache when it can (no network), else
from the package index: pip would download everything again, while uv reuses the wheels `make install`
already fetched, which keeps this module at a few seconds.
"""

from __future__ import annotations

import importlib
import json
import re
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from packaging.requirements import Requirement
from packaging.version import Version

from .packaging_helpers import (
    CORE,
    PROVIDERS,
    REGISTRY_SCHEMA,
    REPOSITORY,
    ROOT,
    Project,
    clean_env,
    projects,
    provider_defaults,
    registry_problems,
    run_captured,
    run_uv,
    sdist_files,
    top_level_names,
    uv_command,
    venv_bin,
    wheel_files,
    wheel_metadata,
)

PROJECTS = projects()
SERVERS = [p for p in PROJECTS if p.provider is not None]
BY_NAME = {p.name: p for p in PROJECTS}
ALLOWED_MODULES = {p.module for p in PROJECTS}
PYTHONS = ("3.10", "3.11", "3.12", "3.13")


def ids(project: Project) -> str:
    return project.name


# -- fixtures: one build, one environment ---------------------------------------------------------


@pytest.fixture(scope="module")
def uv() -> list[str]:
    command = uv_command()
    if command is None:
        pytest.skip("uv is not installed (make install provides it)")
    return command


@pytest.fixture(scope="module")
def dist(uv: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # --no-sources: as publish.yml builds, without the workspace's [tool.uv.sources]
    run_uv(uv, ["build", "--all-packages", "--no-sources", "--out-dir", str(out), "--quiet"], cwd=ROOT)
    return out


@pytest.fixture(scope="module")
def venv(uv: list[str], dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv (python -m venv, no workspace, no sources) holding the six wheels."""
    home = tmp_path_factory.mktemp("install")
    env_dir = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, env=clean_env())
    # the dependency versions uv.lock pins (what CI tests), so the cache can serve them
    constraints = home / "constraints.txt"
    export = ["export", "--frozen", "--all-packages", "--no-dev", "--no-emit-workspace", "--no-hashes"]
    run_uv(uv, [*export, "--quiet", "--output-file", str(constraints)], cwd=ROOT)
    wheels = sorted(str(w) for w in dist.glob("*.whl"))
    install = ["pip", "install", "--compile-bytecode", "--python", str(venv_bin(env_dir, "python"))]
    # cwd outside the workspace, so no pyproject or uv.toml of ours can steer the install
    run_uv(uv, [*install, "--find-links", str(dist), "-c", str(constraints), *wheels], cwd=home)
    return env_dir


# -- what gets built --------------------------------------------------------------------------------


@pytest.mark.e2e
def test_builds_a_wheel_and_an_sdist_per_package(dist: Path) -> None:
    expected = {f"{p.stem}-py3-none-any.whl" for p in PROJECTS} | {f"{p.stem}.tar.gz" for p in PROJECTS}
    assert {f.name for f in dist.iterdir() if not f.name.startswith(".")} == expected


@pytest.mark.e2e
@pytest.mark.parametrize("project", PROJECTS, ids=ids)
def test_wheel_installs_only_its_namespaced_module(project: Project, dist: Path) -> None:
    paths = wheel_files(dist / f"{project.stem}-py3-none-any.whl")
    assert top_level_names(paths) == {project.module}
    assert top_level_names(paths) <= ALLOWED_MODULES
    assert not [p for p in paths if "/tests/" in p or p.startswith(("tests/", "test_"))], "tests in wheel"


# the simulator's test harness ships in acemedia-testing; the runtime keeps the engine a sandbox runs
SIMULATOR_HARNESS = ("__main__.py", "admin.py", "faults.py", "journal.py", "platform.py", "signin.py")


def entry_points(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        names = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        return archive.read(names[0]).decode() if names else ""


@pytest.mark.e2e
def test_the_core_wheel_has_the_simulator_engine_and_not_its_test_harness(dist: Path) -> None:
    core = dist / f"{BY_NAME[CORE].stem}-py3-none-any.whl"
    testing = dist / f"{BY_NAME['acemedia-testing'].stem}-py3-none-any.whl"
    core_files, testing_files = set(wheel_files(core)), set(wheel_files(testing))
    engine = ("__init__.py", "app.py", "hooks.py", "outcomes.py", "runner.py", "state.py", "store.py")
    assert {f"acemedia/simulator/{name}" for name in engine} <= core_files
    assert {f"acemedia/simulator/{name}" for name in SIMULATOR_HARNESS} & core_files == set()
    assert {f"acemedia_testing/simulator/{name}" for name in SIMULATOR_HARNESS} <= testing_files
    assert "acemedia-simulator" not in entry_points(core)
    assert "acemedia-simulator = acemedia_testing.simulator.__main__:main" in entry_points(testing)


@pytest.mark.e2e
@pytest.mark.parametrize("project", PROJECTS, ids=ids)
def test_wheel_metadata(project: Project, dist: Path) -> None:
    meta = wheel_metadata(dist / f"{project.stem}-py3-none-any.whl")
    assert meta["Name"] == project.name and meta["Version"] == project.version
    assert meta["License-Expression"] == "MIT" and meta.get_all("License-File") == ["LICENSE"]
    assert meta["Requires-Python"] == ">=3.10"
    assert meta["Author"] == "acemedia contributors"
    assert meta["Summary"] and meta["Keywords"]
    assert meta["Description-Content-Type"] == "text/markdown"
    classifiers = set(meta.get_all("Classifier") or [])
    assert {f"Programming Language :: Python :: {v}" for v in PYTHONS} <= classifiers
    assert not [c for c in classifiers if c.startswith("License ::")], "SPDX expression replaces these"
    urls = {u.split(",", 1)[0]: u.split(",", 1)[1].strip() for u in meta.get_all("Project-URL") or []}
    assert {"Homepage", "Repository", "Issues", "Changelog"} <= set(urls)
    assert all(u.startswith(REPOSITORY) for u in urls.values())
    if "Typing :: Typed" in classifiers:
        assert f"{project.module}/py.typed" in wheel_files(dist / f"{project.stem}-py3-none-any.whl")


@pytest.mark.e2e
@pytest.mark.parametrize("project", SERVERS, ids=ids)
def test_server_depends_on_a_compatible_core_range(project: Project, dist: Path) -> None:
    meta = wheel_metadata(dist / f"{project.stem}-py3-none-any.whl")
    requirements = [Requirement(r) for r in meta.get_all("Requires-Dist") or []]
    assert [r.name for r in requirements] == [CORE]
    core, specifier = Version(BY_NAME[CORE].version), requirements[0].specifier
    assert specifier.contains(core), f"{specifier} does not admit the workspace core {core}"
    next_minor = Version(f"{core.major}.{core.minor + 1}.0")
    assert not specifier.contains(next_minor), "the range must stop before the next minor core"
    assert project.pyproject["project"]["scripts"] == {
        f"{project.provider}-mcp": f"{project.module}:main",
        project.name: f"{project.module}:main",
    }


@pytest.mark.e2e
@pytest.mark.parametrize("project", PROJECTS, ids=ids)
def test_sdist_carries_docs_license_and_no_stray_files(project: Project, dist: Path) -> None:
    files = sdist_files(dist / f"{project.stem}.tar.gz")
    assert {"README.md", "CHANGELOG.md", "LICENSE", "pyproject.toml", "PKG-INFO"} <= files
    assert any(f.startswith(f"src/{project.module}/") for f in files)
    if project.provider:
        assert "server.json" in files
    assert not [f for f in files if "__pycache__" in f or f.endswith((".pyc", ".sqlite3"))]


@pytest.mark.parametrize("project", PROJECTS, ids=ids)
def test_license_and_changelog_are_current(project: Project) -> None:
    assert (project.directory / "LICENSE").read_text() == (ROOT / "LICENSE").read_text()
    changelog = (project.directory / "CHANGELOG.md").read_text()
    assert f"## [{project.version}]" in changelog, "every released version needs a CHANGELOG entry"


# -- the installed wheels, used as a user uses them ------------------------------------------------------


@pytest.mark.e2e
def test_installed_environment_is_consistent_and_uses_the_wheels(uv: list[str], venv: Path) -> None:
    python = str(venv_bin(venv, "python"))
    run_uv(uv, ["pip", "check", "--python", python], cwd=venv)
    modules = ", ".join(sorted(ALLOWED_MODULES))
    where = subprocess.run(
        [python, "-c", f"import {modules}; print('\\n'.join(m.__file__ for m in ({modules},)))"],
        cwd=venv,
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert len(where) == len(ALLOWED_MODULES)
    assert all(Path(path).is_relative_to(venv) for path in where), where


@pytest.mark.e2e
@pytest.mark.parametrize("project", SERVERS, ids=ids)
def test_console_scripts_print_the_package_version(project: Project, venv: Path) -> None:
    for script in (f"{project.provider}-mcp", project.name):
        done = run_captured([str(venv_bin(venv, script)), "--version"], venv, 60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"{project.provider}-mcp {project.version}"


@pytest.mark.e2e
async def test_each_console_script_serves_exactly_its_own_tools(venv: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in clean_env().items() if not k.startswith(("ACEDATACLOUD_", "ACEMEDIA_"))}
    env.update(ACEDATACLOUD_API_TOKEN="packaging-test", ACEMEDIA_LEDGER="off", LOG_LEVEL="WARNING")
    served: dict[str, set[str]] = {}

    async def list_tools(project: Project) -> None:
        params = StdioServerParameters(
            command=str(venv_bin(venv, f"{project.provider}-mcp")), args=[], env=env, cwd=str(tmp_path)
        )
        async with Client(params, mode="legacy", read_timeout_seconds=60) as client:
            served[project.name] = {tool.name for tool in (await client.list_tools()).tools}

    with anyio.fail_after(90):
        async with anyio.create_task_group() as group:
            for project in SERVERS:
                group.start_soon(list_tools, project)

    for project in SERVERS:
        names, prefix = served[project.name], f"{project.provider}_"
        assert names and all(n.startswith(prefix) for n in names), sorted(names)
        assert {f"{prefix}get_task", f"{prefix}get_tasks_batch", f"{prefix}wait_for_task"} <= names
        # the same tools as the workspace's own server: nothing lost or added on the way to a wheel
        workspace = importlib.import_module(f"{project.module}.server").server.mcp
        async with Client(workspace) as client:
            assert names == {tool.name for tool in (await client.list_tools()).tools}


# -- MCP Registry manifests ---------------------------------------------------------------------------


def server_json(project: Project) -> dict[str, object]:
    data = json.loads((project.directory / "server.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("project", SERVERS, ids=ids)
def test_server_json_is_valid_for_the_registry(project: Project) -> None:
    data = server_json(project)
    assert registry_problems(data) == []
    assert data["$schema"] == REGISTRY_SCHEMA
    assert data["name"] == f"io.github.acemedia-mcp/{project.provider}"
    assert data["version"] == project.version
    assert data["description"] == project.pyproject["project"]["description"]
    repository = data["repository"]
    assert isinstance(repository, dict)
    assert repository["url"] == REPOSITORY and repository["source"] == "github"
    assert (ROOT / repository["subfolder"]) == project.directory
    packages = data["packages"]
    assert isinstance(packages, list) and len(packages) == 1
    package = packages[0]
    assert package["registryType"] == "pypi" and package["registryBaseUrl"] == "https://pypi.org"
    assert package["identifier"] == project.name and package["version"] == project.version
    assert package["transport"] == {"type": "stdio"}


@pytest.mark.parametrize("project", SERVERS, ids=ids)
def test_server_json_lists_the_environment_the_server_reads(project: Project) -> None:
    package = server_json(project)["packages"][0]  # type: ignore[index]
    variables = {v["name"]: v for v in package["environmentVariables"]}
    token = variables["ACEDATACLOUD_API_TOKEN"]
    assert token["isSecret"] is True and token["isRequired"] is True
    assert [v for v, spec in variables.items() if spec.get("isRequired")] == ["ACEDATACLOUD_API_TOKEN"]
    assert variables["ACEDATACLOUD_API_BASE_URL"]["default"] == "https://api.acedata.cloud"
    assert set(variables["LOG_LEVEL"]["choices"]) == {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
    provider = importlib.import_module(f"{project.module}.server").PROVIDER
    timeout = variables[f"{provider.env_prefix}_REQUEST_TIMEOUT"]
    assert float(timeout["default"]) == provider.default_timeout
    defaults = provider_defaults(project)
    assert defaults, "a provider reads at least one <P>_DEFAULT_* variable"
    for name, (default, allowed) in defaults.items():
        assert name in variables, f"{name} is read by the server but missing from server.json"
        assert variables[name]["default"] == default and variables[name]["choices"] == allowed, name
    listed = {n for n in variables if n.startswith(f"{provider.env_prefix}_DEFAULT_")}
    assert listed == set(defaults), "server.json lists a default variable the server does not read"


def test_every_provider_has_a_manifest() -> None:
    assert [p.provider for p in SERVERS] == list(PROVIDERS)
    assert not (ROOT / "libs" / "acemedia" / "server.json").exists(), "the core is a library, not a server"


# -- release plumbing that names every package --------------------------------------------------------


def test_workflows_and_dockerfile_find_every_package_by_glob() -> None:
    """A new package folder is built, tested, published and put in the image with no edit here."""
    publish = (ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert '"acemedia-*-v*"' in publish and 'glob("*/*/pyproject.toml")' in publish
    assert 'glob("*/pyproject.toml")' in ci and "'packages/**'" in ci and "'libs/**'" in ci
    assert "COPY --parents libs/*/pyproject.toml packages/*/pyproject.toml ./" in dockerfile
    assert "for d in packages/*/" in dockerfile
    spelled = re.compile(rf"\b({'|'.join(PROVIDERS)})\b", re.IGNORECASE)
    for name, text in {"publish.yml": publish, "ci.yml": ci, "Dockerfile": dockerfile}.items():
        # comments may give examples, and the image needs a default server
        code = [line for line in text.splitlines() if not line.lstrip().startswith(("#", "ARG PROVIDER="))]
        assert not spelled.findall("\n".join(code)), f"{name} lists a provider by name"


@pytest.mark.e2e
def test_the_docker_image_installs_the_hosted_extra(tmp_path: Path) -> None:
    """The image is what hosting runs: its `uv sync` must bring Redis and cryptography (OAuth, sealing)."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    joined = dockerfile.replace("\\\n", " ")
    command = next(line.split("uv sync", 1)[1] for line in joined.splitlines() if "--no-editable" in line)
    uv = uv_command()
    assert uv is not None, "uv is needed (make install puts it in place)"
    script = f"{shlex.join(uv)} sync {command} --dry-run"
    env = {**clean_env(), "UV_PROJECT_ENVIRONMENT": str(tmp_path / "image-venv")}
    done = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    planned = done.stdout + done.stderr
    for needed in ("redis==", "cryptography==", "acemedia-veo-mcp"):
        assert needed in planned, planned[-2000:]
    assert "pytest==" not in planned and "acemedia-testing" not in planned
