"""A new provider is one folder: written in a temporary directory, it serves its tools, shows in the
demo's provider list and in the simulator, and passes the contract suite, with no file outside it edited.

The folder is made importable the way an editable install does it: its `src` on the path and a
`.dist-info` carrying the entry points its pyproject.toml declares.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 (pytest brings tomli there)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
NAME = "nova"

PYPROJECT = """\
[project]
name = "acemedia-nova-mcp"
version = "0.1.0"
description = "MCP server for Nova video generation through the AceDataCloud API"
requires-python = ">=3.10"
dependencies = ["acemedia-core>=0.1.0,<0.2"]

[project.scripts]
nova-mcp = "nova_mcp:main"

[project.entry-points."acemedia.providers"]
nova = "nova_mcp.server:server"

[project.entry-points."acemedia.simulations"]
nova = "nova_mcp.simulation:ENDPOINTS"
"""

INIT = '''"""MCP server for Nova video generation."""

from collections.abc import Sequence

from acemedia.cli import console_main


def main(argv: Sequence[str] | None = None) -> None:
    console_main("nova_mcp.server", argv)
'''

MAIN = "from . import main\n\nmain()\n"

SERVER = '''"""Nova tools."""

from typing import Annotated

from acemedia import Provider, ProviderServer, Submit, Vocabulary, present
from acemedia.fields import OptionalCallbackUrl, prompt_field

PROVIDER = Provider(
    name="nova",
    title="Nova",
    distribution="acemedia-nova-mcp",
    default_timeout=600,
    vocabulary=Vocabulary.of({"succeeded"}, media_keys=(("video_url", "video"),)),
    instructions="Generate videos with Nova: submit, then call nova_wait_for_task.",
    example=("nova_generate_video", {"prompt": "A lighthouse at dawn, slow pan"}),
)
server = ProviderServer(PROVIDER)
VIDEOS = "/nova/videos"


@server.submit_tool("Generate Nova video")
def nova_generate_video(
    prompt: Annotated[str, prompt_field(2000)], callback_url: OptionalCallbackUrl = None
) -> Submit:
    """Start a Nova video from a text prompt; returns a task_id at once."""
    return Submit(VIDEOS, present(prompt=prompt, callback_url=callback_url))


server.reference(
    "nova_list_actions", "List Nova actions", "What each Nova tool does.", "nova_generate_video: text to video."
)
'''

SIMULATION = '''"""What the simulator answers for Nova."""

from acemedia.simulator import Endpoint, Item, JobContext, Recipe, Rules, Style, required


def video(ctx: JobContext) -> Item:
    return {"id": ctx.ids.uuid(), "video_url": ctx.url("nova", "mp4")}


ENDPOINTS = (
    Endpoint(
        "/nova/videos",
        "videos",
        Recipe(Style("list", "succeeded", ("running",)), video),
        Rules(needs=(required("prompt"),), types={"prompt": str}),
    ),
)
'''

CONTRACT = '''"""Nova through a real MCP client."""

from acemedia_testing import BadCase, ProviderContract, SubmitCase
from nova_mcp.server import server

URL = "https://cdn.test/nova.mp4"


class TestNovaContract(ProviderContract):
    server = server
    catalog_tools = {"nova_generate_video", "nova_list_actions", "nova_get_task", "nova_get_tasks_batch"}
    submit_cases = [
        SubmitCase("nova_generate_video", {"prompt": "a"}, "/nova/videos", {"prompt": "a", "async": True}),
    ]
    bad_cases = [BadCase("nova_generate_video", {"prompt": ""}, "prompt")]
    running_record = {"id": "task-1", "response": {"data": [{"state": "running"}]}}
    succeeded_record = {
        "id": "task-1",
        "response": {"success": True, "data": [{"state": "succeeded", "video_url": URL}]},
    }
    failed_record = {"id": "task-1", "response": {"success": False, "error": {"code": "x", "message": "no"}}}
    expected_media_url = URL
'''

FILES = {
    "pyproject.toml": PYPROJECT,
    "src/nova_mcp/__init__.py": INIT,
    "src/nova_mcp/__main__.py": MAIN,
    "src/nova_mcp/server.py": SERVER,
    "src/nova_mcp/simulation.py": SIMULATION,
    "tests/test_nova_contract.py": CONTRACT,
}


def write_provider(folder: Path) -> None:
    for relative, text in FILES.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def register(folder: Path, site: Path) -> None:
    """What an editable install leaves behind: a .dist-info with the pyproject's entry points."""
    project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n", encoding="utf-8"
    )
    groups = {"console_scripts": project.get("scripts", {}), **project.get("entry-points", {})}
    lines = [
        f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in entries.items())
        for group, entries in groups.items()
    ]
    (info / "entry_points.txt").write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def sixth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The new provider's folder, and an environment in which it is installed."""
    home = tmp_path_factory.mktemp("sixth")
    folder, site = home / "packages" / f"{NAME}-mcp", home / "site"
    write_provider(folder)
    register(folder, site)
    path = os.pathsep.join([str(site), str(folder / "src"), str(ROOT)])
    env = {**os.environ, "PYTHONPATH": path, "ACEMEDIA_LEDGER": "off"}
    return folder, env


def run(env: dict[str, str], *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_it_appears_in_the_demo_list_and_the_simulator(sixth: tuple[Path, dict[str, str]]) -> None:
    _, env = sixth
    listed = run(env, "-m", "demo", "--list")
    assert listed.returncode == 0, listed.stderr
    assert NAME in listed.stdout.split()
    served = run(
        env, "-c", "from acemedia.simulator import SimulatorState; print(*SimulatorState().endpoints.by_path)"
    )
    assert served.returncode == 0, served.stderr
    assert f"/{NAME}/videos" in served.stdout.split()


def test_the_demo_drives_it_end_to_end_in_sandbox_mode(sixth: tuple[Path, dict[str, str]]) -> None:
    """Its server starts, lists and serves its tools over stdio against the simulator, and finishes a job."""
    _, env = sixth
    demo = run(
        {**env, "ACEMEDIA_WAIT_INTERVALS": "0.2"}, "-m", "demo", "--provider", NAME, "--job-seconds", "0.3"
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert f"{NAME}_generate_video" in demo.stdout and f"/{NAME}/" in demo.stdout
    assert "final video:" in demo.stdout


def test_it_passes_the_contract_suite(sixth: tuple[Path, dict[str, str]]) -> None:
    folder, env = sixth
    options = ["-o", "asyncio_mode=auto", "-o", "asyncio_default_fixture_loop_scope=function"]
    suite = run(env, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, "tests", cwd=folder)
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
    assert " passed" in suite.stdout and "failed" not in suite.stdout
