"""One test per Kling bug of the servers this package replaces (tools-catalog §9), through a real MCP client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import httpx
import pytest
import respx
from acemedia import ProviderServer
from acemedia_testing import tool_text
from kling_mcp.server import server
from mcp import Client

VIDEOS = "/kling/videos"
VIDEO_TOOLS = ("kling_generate_video", "kling_generate_video_from_image", "kling_extend_video")
# the smallest valid call of each /kling/videos tool
MINIMAL: dict[str, dict[str, Any]] = {
    "kling_generate_video": {"prompt": "p"},
    "kling_generate_video_from_image": {"prompt": "p", "start_image_url": "https://x.test/a.png"},
    "kling_extend_video": {"video_id": "vid-1", "prompt": "p"},
}
# prints {tool: {model, mode, aspect_ratio defaults}} as a fresh process sees them
PRINT_DEFAULTS = """
import asyncio, json
from kling_mcp.server import server
keys = ("model", "mode", "aspect_ratio")
tools = asyncio.run(server.mcp.list_tools())
props = {t.name: t.input_schema["properties"] for t in tools}
print(json.dumps({name: {k: p[k].get("default") for k in keys if k in p} for name, p in props.items()}))
"""


@pytest.fixture
def provider_server() -> ProviderServer:
    return server


def connect(mode: str) -> Client:
    return Client(server.mcp, mode=mode)  # type: ignore[arg-type]


def run_python(code: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("KLING_DEFAULT_")}
    return subprocess.run(
        [sys.executable, *args, *(["-c", code] if code else [])],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def schemas(mode: str) -> dict[str, dict[str, Any]]:
    async with connect(mode) as client:
        return {t.name: t.input_schema for t in (await client.list_tools()).tools}


# §9.3: the code defaulted to kling-v1 while settings, docs and list_models promised kling-v2-master


async def test_default_model_is_kling_v2_master_in_every_video_tool_schema(
    mode: str, upstream: respx.MockRouter
) -> None:
    tools = await schemas(mode)
    for name in VIDEO_TOOLS:
        assert tools[name]["properties"]["model"]["default"] == "kling-v2-master", name


async def test_a_call_without_model_sends_kling_v2_master(mode: str, upstream: respx.MockRouter) -> None:
    route = upstream.post(VIDEOS).mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    async with connect(mode) as client:
        for name, args in MINIMAL.items():
            result = await client.call_tool(name, args)
            assert not result.is_error, tool_text(result)
            assert json.loads(route.calls.last.request.content)["model"] == "kling-v2-master", name


async def test_list_models_marks_the_default_in_effect(mode: str, upstream: respx.MockRouter) -> None:
    async with connect(mode) as client:
        text = tool_text(await client.call_tool("kling_list_models", {}))
    assert "| kling-v2-master * |" in text and "| kling-v1 * |" not in text


# §8: KLING_DEFAULT_* were read into settings but never reached the tools


@pytest.mark.e2e
def test_kling_default_env_vars_set_the_schema_defaults() -> None:
    done = run_python(
        PRINT_DEFAULTS,
        KLING_DEFAULT_MODEL="kling-v3",
        KLING_DEFAULT_MODE="pro",
        KLING_DEFAULT_ASPECT_RATIO="9:16",
    )
    assert done.returncode == 0, done.stderr
    defaults = json.loads(done.stdout)
    assert defaults["kling_generate_video"] == {"model": "kling-v3", "mode": "pro", "aspect_ratio": "9:16"}
    assert defaults["kling_generate_video_from_image"]["model"] == "kling-v3"
    assert defaults["kling_extend_video"] == {"model": "kling-v3", "mode": "pro"}


@pytest.mark.e2e
def test_without_env_the_schema_default_is_kling_v2_master() -> None:
    done = run_python(PRINT_DEFAULTS)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kling_generate_video"]["model"] == "kling-v2-master"


@pytest.mark.e2e
def test_a_bad_default_stops_the_server_at_start_naming_the_variable() -> None:
    done = run_python("", "-m", "kling_mcp", "--version", KLING_DEFAULT_MODEL="kling-v9")
    assert done.returncode == 2
    assert "KLING_DEFAULT_MODEL" in done.stderr and "kling-v2-master" in done.stderr
    assert "Traceback" not in done.stderr


# §9.4: mode 4k was accepted for any model on generate / from_image but refused on extend


@pytest.mark.parametrize("name", VIDEO_TOOLS)
async def test_4k_is_refused_without_a_v3_model_on_every_video_tool(
    name: str, mode: str, upstream: respx.MockRouter
) -> None:
    catch_all = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    async with connect(mode) as client:
        result = await client.call_tool(name, {**MINIMAL[name], "model": "kling-v2-6", "mode": "4k"})
    assert result.is_error and "'mode'" in tool_text(result) and "kling-v3" in tool_text(result)
    assert catch_all.call_count == 0


@pytest.mark.parametrize("name", VIDEO_TOOLS)
@pytest.mark.parametrize("model", ["kling-v3", "kling-v3-omni"])
async def test_4k_is_accepted_with_a_v3_model_on_every_video_tool(
    name: str, model: str, mode: str, upstream: respx.MockRouter
) -> None:
    route = upstream.post(VIDEOS).mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    async with connect(mode) as client:
        result = await client.call_tool(name, {**MINIMAL[name], "model": model, "mode": "4k"})
    assert not result.is_error, tool_text(result)
    assert json.loads(route.calls.last.request.content)["mode"] == "4k"


# §9.5: extend had no callback_url and an unbounded cfg_scale


async def test_extend_takes_a_callback_url_and_bounds_cfg_scale(
    mode: str, upstream: respx.MockRouter
) -> None:
    props = (await schemas(mode))["kling_extend_video"]["properties"]
    assert "callback_url" in props
    # optional: published without its null branch (acemedia.tool_list), so the bounds sit on the property
    bounds = props["cfg_scale"]
    assert (bounds["minimum"], bounds["maximum"]) == (0, 1)


async def test_extend_with_callback_sends_it_instead_of_async(mode: str, upstream: respx.MockRouter) -> None:
    route = upstream.post(VIDEOS).mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    async with connect(mode) as client:
        args = {**MINIMAL["kling_extend_video"], "callback_url": "https://hook.test/cb"}
        result = await client.call_tool("kling_extend_video", args)
    assert not result.is_error, tool_text(result)
    sent = json.loads(route.calls.last.request.content)
    assert sent["callback_url"] == "https://hook.test/cb" and "async" not in sent


# §1.1: validation failures were ordinary "Error: ..." text (lip-sync: a JSON string), not tool errors


async def test_lip_sync_refusals_are_tool_errors_naming_the_field(
    mode: str, upstream: respx.MockRouter
) -> None:
    catch_all = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    async with connect(mode) as client:
        result = await client.call_tool("kling_lip_sync", {"mode": "text2video", "video_id": "v"})
    assert result.is_error and "invalid_argument" in tool_text(result) and "'text'" in tool_text(result)
    assert "Validation Error" not in tool_text(result) and catch_all.call_count == 0


# HttpUrl used to rewrite URLs (trailing slash, lower-cased host); they must go out exactly as given


async def test_urls_are_sent_exactly_as_given(mode: str, upstream: respx.MockRouter) -> None:
    route = upstream.post(VIDEOS).mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    url = "https://CDN.Example.com"
    async with connect(mode) as client:
        result = await client.call_tool(
            "kling_generate_video", {"prompt": "p", "model": "kling-o1", "image_list": [{"image_url": url}]}
        )
    assert not result.is_error, tool_text(result)
    assert json.loads(route.calls.last.request.content)["image_list"] == [{"image_url": url}]


# issue 11: the published mcp-kling 2026.10.24.0 has five tools that take one object named `request`


REQUEST_TOOLS = (
    "kling_generate_turbo_video",
    "kling_generate_storyboard",
    "kling_generate_with_assets",
    "kling_goods_studio",
    "kling_video_commerce",
)


async def test_the_published_request_tools_take_one_required_request_object(
    mode: str, upstream: respx.MockRouter
) -> None:
    tools = await schemas(mode)
    for name in REQUEST_TOOLS:
        assert [p for p in tools[name]["properties"] if p != "wait_seconds"] == ["request"] and tools[name][
            "required"
        ] == ["request"], name


async def test_kling_v3_turbo_is_a_model_of_every_video_tool_but_not_of_talking_photo(
    mode: str, upstream: respx.MockRouter
) -> None:
    tools = await schemas(mode)
    for name in VIDEO_TOOLS:
        assert "kling-v3-turbo" in tools[name]["properties"]["model"]["enum"], name
    assert "kling-v3-turbo" not in tools["kling_talking_photo"]["properties"]["model"]["enum"]
