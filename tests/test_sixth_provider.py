"""A new provider is one folder, for its tests too: copied and renamed, it is discovered, served, passes its
own tests and the cross-package tests, and no file outside its folder changes.

In a temporary copy of the workspace (the real checkout is only read), `packages/luma-mcp` is copied to
`packages/nova-mcp` with every name rewritten (luma -> nova, Luma -> Nova, LUMA -> NOVA: distribution,
module, console scripts, entry points, tools and its recorded test data) and installed beside the others:
the copy's venv is synced from uv.lock as it stands (`uv sync --frozen --offline`), then the new folder is
installed into it editable (`uv pip install --offline --no-deps -e`), as a developer tries a package before
`uv lock` lists it, so uv.lock is untouched too. Nothing is fetched: uv works from its cache.

Then, run in the copy with the copy's interpreter:
- discovery (`acemedia.providers` entry points) and the simulator find it;
- its console script `nova-mcp` serves the renamed tools to a real MCP client over stdio;
- `pytest -k nova packages/nova-mcp tests` passes: its own tests (the contract suite with the checks on its
  recorded bytes, schemas, surface and tool-list budget) and every cross-package test that loops over the
  installed providers and so names it (end to end over stdio and HTTP, descriptions, bad-input properties,
  reply readings and dialects, its data folder). Left out: tests/test_packaging.py (it builds and installs
  every wheel; a minute on its own) and this module.

Those parts are marked e2e (`make test-fast` skips them); the renaming itself is checked without them.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from acemedia import ProviderServer, provider_names
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from .packaging_helpers import clean_env, run_captured, uv_command, venv_bin

ROOT = Path(__file__).resolve().parents[1]
SOURCE, NAME = "luma", "nova"
# what the copied workspace needs to sync, serve and run the tests (the browser host's node_modules aside)
PARTS = ("pyproject.toml", "uv.lock", "libs", "packages", "tests", "demo")
CACHES = {
    "__pycache__",
    ".venv",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "node_modules",
}
# cross-package modules that loop over the installed providers: each must run tests of the new one
LOOPING = {
    "tests.test_bad_input_properties",
    "tests.test_descriptions",
    "tests.test_end_to_end",
    "tests.test_mcp_tasks",
    "tests.test_provider_folders",
    "tests.test_reply_dialects",
    "tests.test_reply_readings",
}
# the checks on its own recorded data that once lived in the workspace's tests, run from its own folder
RECORDED_CHECKS = {
    "test_each_call_sends_the_recorded_bytes",
    "test_every_case_is_recorded",
    "test_each_submitted_body_passes_the_published_request_schema",
    "test_task_queries_pass_the_published_request_schema",
    "test_existing_tool_surface_is_kept",
    "test_tool_list_fits_the_published_budget",
}


def renamed(text: str, old: str = SOURCE, new: str = NAME) -> str:
    for a, b in ((old, new), (old.capitalize(), new.capitalize()), (old.upper(), new.upper())):
        text = text.replace(a, b)
    return text


def ignored(path: Path) -> bool:
    return bool(CACHES & set(path.parts)) or path.name.endswith(".egg-info")


def copy_renamed(source: Path, target: Path) -> None:
    """Copy a package folder to `target`, its provider's name rewritten in every path and every text."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if ignored(relative):
            continue
        destination = target / renamed(relative.as_posix())
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            destination.write_text(renamed(path.read_text(encoding="utf-8")), encoding="utf-8")
        except UnicodeDecodeError:
            destination.write_bytes(path.read_bytes())


def digests(root: Path, skip: Path | None = None) -> dict[str, str]:
    """sha256 of every file under `root` (caches and `skip` left out), by relative path."""
    found: dict[str, str] = {}
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if ignored(relative) or not path.is_file() or (skip is not None and path.is_relative_to(skip)):
            continue
        found[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def test_the_renamed_copy_keeps_nothing_of_the_provider_it_came_from(tmp_path: Path) -> None:
    target = tmp_path / f"{NAME}-mcp"
    copy_renamed(ROOT / "packages" / f"{SOURCE}-mcp", target)
    left = [p for p in target.rglob("*") if SOURCE in p.as_posix().lower()]
    left += [p for p in target.rglob("*") if p.is_file() and SOURCE in p.read_text(encoding="utf-8").lower()]
    assert left == []
    pyproject = (target / "pyproject.toml").read_text(encoding="utf-8")
    assert f'{NAME} = "{NAME}_mcp.server:server"' in pyproject and f"acemedia-{NAME}-mcp" in pyproject
    assert (target / "tests" / "data" / "upstream_request_bodies.json").is_file()


@dataclass(frozen=True)
class Workspace:
    root: Path  # the copy
    python: Path  # its venv's interpreter
    before: dict[str, str]  # every copied file's digest, the new folder aside
    folder: Path  # packages/nova-mcp in the copy

    def run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return run_captured([str(self.python), *args], self.root, timeout, child_env())


def child_env() -> dict[str, str]:
    """The environment of the copy's processes: nothing of this venv or of this pytest run."""
    return {
        k: v for k, v in clean_env().items() if not k.startswith(("PYTEST_", "ACEMEDIA_", "ACEDATACLOUD_"))
    }


def uv(root: Path, *args: str) -> None:
    command = uv_command()
    assert command is not None, "uv is needed (make install puts it in place)"
    done = run_captured([*command, *args, "--offline", "--quiet"], root, 180)
    assert done.returncode == 0, f"uv {' '.join(args)} (offline, from uv's cache):\n{done.stderr[-3000:]}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("workspace")
    for part in PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=lambda _d, names: [n for n in names if n in CACHES])
        else:
            shutil.copy2(source, root / part)
    before = digests(root)
    # the venv of the workspace as locked, then the new folder beside the others
    uv(root, "sync", "--frozen", "--all-packages", "--python", sys.executable)
    folder = root / "packages" / f"{NAME}-mcp"
    copy_renamed(root / "packages" / f"{SOURCE}-mcp", folder)
    python = venv_bin(root / ".venv", "python")
    uv(root, "pip", "install", "--no-deps", "--python", str(python), "-e", str(folder))
    return Workspace(root, python, before, folder)


@dataclass(frozen=True)
class Outcome:
    done: subprocess.CompletedProcess[str]
    cases: list[tuple[str, str, str]]  # (module, test name, outcome)


@pytest.fixture(scope="module")
def nova_run(workspace: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """Its own tests and every cross-package test that names it, in the copy, on two workers."""
    report = tmp_path_factory.mktemp("report") / "nova.xml"  # outside the copy
    done = workspace.run(
        *("-m", "pytest", "-q", "-n", "2", "-p", "no:cacheprovider", "-k", NAME, f"--junitxml={report}"),
        *("--ignore=tests/test_sixth_provider.py", "--ignore=tests/test_packaging.py"),
        *(f"packages/{NAME}-mcp", "tests"),
        timeout=300,
    )
    cases: list[tuple[str, str, str]] = []
    if report.exists():
        for case in ET.parse(report).iter("testcase"):
            module = ".".join(p for p in case.get("classname", "").split(".") if not p.startswith("Test"))
            kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
            cases.append((module, case.get("name", ""), kinds[0] if kinds else "passed"))
    return Outcome(done, cases)


@pytest.mark.e2e
def test_it_is_discovered_beside_the_others_and_the_simulator_answers_for_it(workspace: Workspace) -> None:
    script = (
        "from acemedia import provider_names\n"
        "from acemedia.simulator import SimulatorState\n"
        "print(*provider_names())\n"
        "print(*SimulatorState().endpoints.by_path)\n"
    )
    done = workspace.run("-c", script)
    assert done.returncode == 0, done.stderr
    names, paths = (line.split() for line in done.stdout.splitlines()[-2:])
    assert sorted(names) == sorted([*provider_names(), NAME]), "the others are found too, each once"
    assert any(path.startswith(f"/{NAME}/") for path in paths), paths


@pytest.mark.e2e
async def test_its_console_script_serves_its_tools_to_an_mcp_client(workspace: Workspace) -> None:
    env = {**child_env(), "ACEDATACLOUD_API_TOKEN": "sixth-provider-test", "ACEMEDIA_LEDGER": "off"}
    script = venv_bin(workspace.root / ".venv", f"{NAME}-mcp")
    params = StdioServerParameters(command=str(script), args=[], env=env, cwd=str(workspace.root))
    async with Client(params, mode="legacy", read_timeout_seconds=60) as client:
        served = {tool.name for tool in (await client.list_tools()).tools}
    async with Client(ProviderServer.installed(SOURCE).mcp) as client:
        theirs = {renamed(tool.name) for tool in (await client.list_tools()).tools}
    assert served == theirs and f"{NAME}_generate_video" in served


@pytest.mark.e2e
def test_it_passes_its_own_tests_and_the_cross_package_tests(nova_run: Outcome) -> None:
    done, cases = nova_run.done, nova_run.cases
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    outcomes = Counter(outcome for _module, _name, outcome in cases)
    assert outcomes["passed"] > 0 and not outcomes["failure"] and not outcomes["error"], outcomes
    own = {name.split("[")[0] for module, name, _ in cases if module.startswith(f"packages.{NAME}-mcp.")}
    assert own >= RECORDED_CHECKS, sorted(RECORDED_CHECKS - own)
    modules = {module for module, _name, _ in cases}
    assert modules >= LOOPING, (
        f"cross-package modules that did not include {NAME}: {sorted(LOOPING - modules)}"
    )


@pytest.mark.e2e
def test_no_file_outside_its_folder_changed(workspace: Workspace, nova_run: Outcome) -> None:
    after = digests(workspace.root, skip=workspace.folder)
    changed = sorted(path for path, digest in workspace.before.items() if after.get(path) != digest)
    added = sorted(set(after) - set(workspace.before))
    assert (changed, added) == ([], [])
    # and the copy's tests ran against the copy, not against this checkout
    assert (workspace.folder / "tests" / "data" / "upstream_request_bodies.json").is_file()
    assert nova_run.cases
