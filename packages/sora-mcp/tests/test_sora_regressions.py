"""One test per defect of the old Sora server (tools catalog §9), through a real MCP client."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from acemedia_testing import is_generation, tool_text
from mcp import Client
from sora_mcp.server import server


async def call_text(tool: str) -> str:
    async with Client(server.mcp) as client:
        return tool_text(await client.call_tool(tool, {}))


async def test_models_text_names_the_real_v2_default() -> None:
    """§9.6: the old list_models called 720x1280 the v2 default while the code used 1280x720."""
    text = await call_text("sora_list_models")
    assert "default 1280x720" in " ".join(text.split())
    assert "720x1280 (default)" not in text


async def test_examples_only_use_real_parameters() -> None:
    """§9.6: the old list_actions example passed `seconds=8`, which no tool accepts."""
    text = await call_text("sora_list_actions")
    assert "seconds=" not in text and 'size="1792x1024", duration=8' in text


async def test_reference_text_lists_every_generation_tool() -> None:
    """§9.9: the old banner and server card forgot the v2 tools; our texts must name every tool."""
    async with Client(server.mcp) as client:
        tools = (await client.list_tools()).tools
        text = tool_text(await client.call_tool("sora_list_actions", {}))
    generators = [t.name for t in tools if is_generation(t)]
    assert len(generators) == 6
    assert all(name in text for name in generators), [n for n in generators if n not in text]


@pytest.mark.e2e
def test_default_settings_are_applied_to_the_tools() -> None:
    """§9.8: SORA_DEFAULT_* were only printed in a banner; here they change the tool defaults."""
    probe = (
        "import asyncio, json\n"
        "from mcp import Client\n"
        "from sora_mcp.server import server\n"
        "async def main():\n"
        "    async with Client(server.mcp) as c:\n"
        "        tools = {t.name: t for t in (await c.list_tools()).tools}\n"
        "    v1 = tools['sora_generate_video'].input_schema['properties']\n"
        "    v2 = tools['sora_generate_video_v2'].input_schema['properties']\n"
        "    print(json.dumps([v1['model']['default'], v1['duration']['default'], v2['size']['default']]))\n"
        "asyncio.run(main())\n"
    )
    env = {
        "SORA_DEFAULT_MODEL": "sora-2-pro",
        "SORA_DEFAULT_DURATION": "25",
        "SORA_DEFAULT_RESOLUTION": "720x1280",
    }
    out = subprocess.run(
        [sys.executable, "-c", probe], env={**_base_env(), **env}, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == ["sora-2-pro", 25, "720x1280"]


@pytest.mark.e2e
def test_a_bad_default_stops_the_server_with_one_line() -> None:
    env = {**_base_env(), "SORA_DEFAULT_DURATION": "12"}
    done = subprocess.run(
        [sys.executable, "-m", "sora_mcp", "--version"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        == "configuration error: SORA_DEFAULT_DURATION must be one of: 10, 15, 25; got '12'"
    )


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("SORA_")}
