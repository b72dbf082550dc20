"""One test per bug of the servers this package replaces (tools-catalog §9), through a real MCP client."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx
from acemedia import ProviderServer
from acemedia_testing import tool_text
from acemedia_testing.simulator import SimulatorState, create_app
from mcp import Client
from producer_mcp.server import server

AUDIOS = "/producer/audios"

# the upstream's schema requires these on every audio request; unused ones are sent empty
SCHEMA_REQUIRED = {"prompt": "", "lyric": ""}

# the smallest valid call of each audio tool, and the body it must send before `async` is added
AUDIO_TOOLS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "producer_generate_music": (
        {"prompt": "p"},
        {**SCHEMA_REQUIRED, "action": "generate", "prompt": "p", "model": "FUZZ-2.0", "instrumental": False},
    ),
    "producer_generate_custom_music": (
        {"lyric": "[Verse]\nla", "title": "t"},
        {
            **SCHEMA_REQUIRED,
            "action": "generate",
            "custom": True,
            "lyric": "[Verse]\nla",
            "title": "t",
            "model": "FUZZ-2.0",
            "instrumental": False,
        },
    ),
    "producer_extend_music": (
        {"audio_id": "a", "continue_at": 60},
        {**SCHEMA_REQUIRED, "action": "extend", "audio_id": "a", "continue_at": 60, "model": "FUZZ-2.0"},
    ),
    "producer_cover_music": (
        {"audio_id": "a"},
        {**SCHEMA_REQUIRED, "action": "cover", "audio_id": "a", "model": "FUZZ-2.0"},
    ),
    "producer_variation_music": (
        {"audio_id": "a"},
        {**SCHEMA_REQUIRED, "action": "variation", "audio_id": "a", "model": "FUZZ-2.0"},
    ),
    "producer_swap_vocals": (
        {"audio_id": "a", "swap_audio_id": "b"},
        {**SCHEMA_REQUIRED, "action": "swap_vocals", "audio_id": "a", "swap_audio_id": "b"},
    ),
    "producer_swap_instrumentals": (
        {"audio_id": "a", "swap_audio_id": "b"},
        {**SCHEMA_REQUIRED, "action": "swap_instrumentals", "audio_id": "a", "swap_audio_id": "b"},
    ),
    "producer_replace_section": (
        {"audio_id": "a", "replace_section_start": 10, "replace_section_end": 20},
        {
            **SCHEMA_REQUIRED,
            "action": "replace_section",
            "audio_id": "a",
            "replace_section_start": 10,
            "replace_section_end": 20,
            "model": "FUZZ-2.0",
        },
    ),
    "producer_stems_music": ({"audio_id": "a"}, {**SCHEMA_REQUIRED, "action": "stems", "audio_id": "a"}),
}


@pytest.fixture
def provider_server() -> ProviderServer:
    return server


def connect(mode: str) -> Client:
    # opened inside each test: the session's task group must be entered and left in one task
    return Client(server.mcp, mode=mode)  # type: ignore[arg-type]


async def sent_body(client: Client, upstream: respx.MockRouter, tool: str, args: dict[str, Any]) -> Any:
    route = upstream.post(AUDIOS).mock(return_value=httpx.Response(200, json={"task_id": "t-1"}))
    result = await client.call_tool(tool, args)
    assert not result.is_error, f"{tool}: {tool_text(result)}"
    assert route.call_count == 1
    upstream.routes.clear()
    return json.loads(route.calls.last.request.content)


@pytest.mark.parametrize("tool", sorted(AUDIO_TOOLS))
async def test_audio_tools_work_over_mcp_with_the_async_alias(
    mode: str, upstream: respx.MockRouter, tool: str
) -> None:
    """§5.2/§9.1: the old server passed `async` to the function by its alias, so every MCP call of
    the nine audio tools failed with "unexpected keyword argument 'async'", with or without it."""
    args, body = AUDIO_TOOLS[tool]
    async with connect(mode) as client:
        assert await sent_body(client, upstream, tool, args) == {**body, "async": True}
        assert await sent_body(client, upstream, tool, {**args, "async": True}) == {**body, "async": True}
        assert await sent_body(client, upstream, tool, {**args, "async": False}) == {**body, "async": False}


@pytest.mark.parametrize("tool", sorted(AUDIO_TOOLS))
async def test_unset_callback_url_is_not_sent_as_null(
    mode: str, upstream: respx.MockRouter, tool: str
) -> None:
    """§9.7: the old server always sent `callback_url`, as null when the caller gave none."""
    args, body = AUDIO_TOOLS[tool]
    hook = "https://hook.test/cb"
    async with connect(mode) as client:
        for callback in (None, ""):
            sent = await sent_body(client, upstream, tool, {**args, "callback_url": callback})
            assert sent == {**body, "async": True}
        sent = await sent_body(client, upstream, tool, {**args, "callback_url": hook})
        assert sent == {**body, "callback_url": hook}


async def test_finished_lyrics_are_not_reported_as_a_job_to_poll(
    mode: str, upstream: respx.MockRouter
) -> None:
    """§9.11: lyrics come back finished in the reply, yet the old guidance told the agent to poll."""
    reply = {
        "success": True,
        "task_id": "t-lyrics",
        "data": {"text": "[Verse]\nSnow falls", "title": "Winter", "status": "complete"},
    }
    route = upstream.post("/producer/lyrics").mock(return_value=httpx.Response(200, json=reply))
    async with connect(mode) as client:
        result = await client.call_tool("producer_generate_lyrics", {"prompt": "winter"})
    data = result.structured_content
    assert data is not None and not result.is_error
    assert json.loads(route.calls.last.request.content) == {"prompt": "winter"}
    assert data["data"] == reply["data"] and data["status"] == "succeeded"
    block = data["mcp_async_submission"]
    assert block["should_poll"] is False and block["recommended_action"] == "stop"
    assert block["terminal_state_reached"] is True and block["expected_wait_seconds"] == 0
    # there are no media URLs to present: lyrics are text
    assert data["media"] == [] and "media URL" not in block["next_step"]


@pytest.mark.parametrize(
    ("tool", "path", "arguments", "reply", "status"),
    [
        # the older guide's lyrics reply: no status word, the text under `lyrics`
        (
            "producer_generate_lyrics",
            "/producer/lyrics",
            {"prompt": "w"},
            {"success": True, "task_id": "t", "data": {"title": "W", "lyrics": "[Verse] snow"}},
            "succeeded",
        ),
        # an upload's product is its audio_id
        (
            "producer_upload_audio",
            "/producer/upload",
            {"audio_url": "https://cdn.test/a.mp3"},
            {"success": True, "task_id": "t", "data": {"audio_id": "a1", "lyric": ""}},
            "succeeded",
        ),
        # a WAV reply without its file has not delivered it: follow the task
        (
            "producer_generate_wav",
            "/producer/wav",
            {"audio_id": "a1"},
            {"success": True, "task_id": "t", "data": {"audio_id": "a1"}},
            "pending",
        ),
    ],
)
async def test_a_direct_reply_is_final_only_with_its_product(
    mode: str,
    upstream: respx.MockRouter,
    tool: str,
    path: str,
    arguments: dict[str, Any],
    reply: dict[str, Any],
    status: str,
) -> None:
    upstream.post(path).mock(return_value=httpx.Response(200, json=reply))
    async with connect(mode) as client:
        result = await client.call_tool(tool, arguments)
    data = result.structured_content
    assert data is not None and not result.is_error, tool_text(result)
    assert data["status"] == status
    assert data["mcp_async_submission"]["should_poll"] is (status != "succeeded")


async def test_replace_section_end_must_follow_its_start(mode: str, upstream: respx.MockRouter) -> None:
    """§5.3: the old server sent a section whose end came before its start."""
    catch_all = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "x"}))
    args = {"audio_id": "a", "replace_section_start": 50, "replace_section_end": 20}
    async with connect(mode) as client:
        result = await client.call_tool("producer_replace_section", args)
    assert result.is_error and "replace_section_end" in tool_text(result)
    assert catch_all.call_count == 0


# the tools whose style text the newest existing servers (mcp-producer 2026.10.18.4) call `prompt`
STYLE_TOOLS = ("producer_generate_custom_music", "producer_extend_music", "producer_replace_section")


async def simulator_reply(body: dict[str, Any]) -> httpx.Response:
    """What the simulator, which checks bodies as the upstream's OpenAPI does, answers to `body`."""
    transport = httpx.ASGITransport(app=create_app(SimulatorState()))
    async with httpx.AsyncClient(transport=transport, base_url="http://simulator.test") as sim:
        return await sim.post(AUDIOS, json=body, headers={"authorization": "Bearer sim-token"})


@pytest.mark.parametrize("tool", STYLE_TOOLS)
@pytest.mark.parametrize("name", ["prompt", "style"])
async def test_style_text_is_taken_as_prompt_and_sent_as_prompt(
    mode: str, upstream: respx.MockRouter, tool: str, name: str
) -> None:
    """Issue 11: agents written for the newest existing servers send the style text as `prompt`, which we
    refused as an unknown argument; and we sent it upstream as `style`, so the body lacked the `prompt`
    the upstream's schema requires. `style`, the older name, keeps working."""
    args, _ = AUDIO_TOOLS[tool]
    async with connect(mode) as client:
        sent = await sent_body(client, upstream, tool, {**args, name: "dream pop, 90 bpm"})
    assert sent["prompt"] == "dream pop, 90 bpm" and "style" not in sent
    reply = await simulator_reply(sent)
    assert reply.status_code == 200, reply.text


async def test_prompt_and_style_may_repeat_the_same_text(mode: str, upstream: respx.MockRouter) -> None:
    args = {"lyric": "[Verse]\nla", "title": "t", "prompt": "lo-fi", "style": "lo-fi"}
    async with connect(mode) as client:
        sent = await sent_body(client, upstream, "producer_generate_custom_music", args)
    assert sent["prompt"] == "lo-fi" and "style" not in sent


@pytest.mark.parametrize("tool", STYLE_TOOLS)
async def test_prompt_and_style_that_disagree_are_refused_naming_both(
    mode: str, upstream: respx.MockRouter, tool: str
) -> None:
    catch_all = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "x"}))
    args, _ = AUDIO_TOOLS[tool]
    async with connect(mode) as client:
        result = await client.call_tool(tool, {**args, "prompt": "jazz", "style": "metal"})
    text = tool_text(result)
    assert result.is_error and "prompt" in text and "style" in text and "Nothing was sent" in text
    assert catch_all.call_count == 0


async def test_simulator_refuses_an_audio_body_without_prompt() -> None:
    """The body our old custom-music tool sent: the style under `style`, no `prompt`."""
    body = {"action": "generate", "custom": True, "lyric": "[Verse]\nla", "title": "t", "style": "pop"}
    reply = await simulator_reply({**body, "async": True})
    assert reply.status_code == 400 and "prompt" in reply.json()["error"]["message"]
