"""Resource links, the player and saved files through real server processes over stdio and HTTP."""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from acemedia.simulator.media import media_bytes
from acemedia_testing import tool_text
from acemedia_testing.simulator import SimulatorServer
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from .conftest import CALLER_TOKEN, http_session, server_env, stdio_session
from .reliability_helpers import ServerProcess, subprocess_env
from .scenario import submit

pytestmark = pytest.mark.e2e  # servers started as processes

PLAYER_MIME = "text/html;profile=mcp-app"


def links(result: Any) -> list[Any]:
    return [block for block in result.content if block.type == "resource_link"]


async def finished(client: Client, provider: str, marker: str = "") -> Any:
    task_id = await submit(client, provider, marker)
    result = await client.call_tool(f"{provider}_wait_for_task", {"task_id": task_id, "timeout_seconds": 30})
    assert result.structured_content["status"] == "succeeded", tool_text(result)
    return result


async def check_player(client: Client, provider: str) -> None:
    tools = {t.name: t for t in (await client.list_tools()).tools}
    uri = f"ui://{provider}/player"
    for name in (f"{provider}_get_task", f"{provider}_wait_for_task"):
        assert tools[name].meta == {"ui": {"resourceUri": uri}}
    page = (await client.read_resource(uri)).contents[0]
    assert page.mime_type == PLAYER_MIME and "<script src" not in page.text  # type: ignore[union-attr]
    assert page.meta["ui"]["csp"]["resourceDomains"]  # type: ignore[index]


@pytest.mark.parametrize("provider", ["sora", "producer"])
async def test_stdio_results_carry_resource_links_and_the_player_link(
    simulator: SimulatorServer, tmp_path: Path, provider: str
) -> None:
    async with stdio_session(provider, server_env(simulator, tmp_path)) as client:
        await check_player(client, provider)
        result = await finished(client, provider)
        final = [m for m in result.structured_content["media"] if m["final"]]
        found = links(result)
        assert [str(link.uri) for link in found] == [m["url"] for m in final]
        expected_mime = {"sora": "video/mp4", "producer": "audio/mpeg"}[provider]
        assert found[0].mime_type == expected_mime and found[0].name.endswith((".mp4", ".mp3"))


async def test_stdio_sandbox_saves_real_bytes_and_serves_them_as_a_file_resource(tmp_path: Path) -> None:
    out = tmp_path / "media"
    # the sandbox runs its own simulator, media host included
    env = subprocess_env("", tmp_path, ACEMEDIA_OUTPUT_DIR=str(out), ACEMEDIA_SANDBOX_JOB_SECONDS="0")
    script = Path(sys.executable).parent / "veo-mcp"
    params = StdioServerParameters(command=str(script), args=["--sandbox"], env=env)
    async with Client(params, mode="legacy", read_timeout_seconds=60) as client:
        result = await finished(client, "veo")
        task_id = result.structured_content["id"]
        saved = await client.call_tool("veo_save_media", {"task_id": task_id})
        assert not saved.is_error, tool_text(saved)
        file = saved.structured_content["files"][0]
        assert file["name"] == f"veo-{task_id}-0.mp4" and Path(file["path"]).parent == out.resolve()
        expected = media_bytes(httpx.URL(file["url"]).path)
        assert (out / file["name"]).read_bytes() == expected
        file_link = next(link for link in links(saved) if str(link.uri).startswith("file://"))
        blob = (await client.read_resource(str(file_link.uri))).contents[0].blob  # type: ignore[union-attr]
        assert base64.b64decode(blob) == expected
        again = await client.call_tool("veo_save_media", {"task_id": task_id})
        assert again.structured_content["files"][0]["already_saved"] is True
        listing = await client.call_tool("veo_list_tasks", {})
        assert listing.structured_content["tasks"][0]["files"][0]["path"] == file["path"]


async def test_http_results_carry_resource_links_and_saving_is_off(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    env = server_env(simulator, tmp_path, ACEMEDIA_OUTPUT_DIR=str(tmp_path / "media"))
    with ServerProcess("luma", env, tmp_path) as server:
        async with http_session(server.url, CALLER_TOKEN) as client:
            await check_player(client, "luma")
            result = await finished(client, "luma")
            assert [link.mime_type for link in links(result)] == ["video/mp4"]
            saved = await client.call_tool("luma_save_media", {"task_id": result.structured_content["id"]})
    assert saved.is_error and "HTTP mode" in tool_text(saved), tool_text(saved)
    assert not (tmp_path / "media").exists()
