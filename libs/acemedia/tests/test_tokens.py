"""The token never leaks through an echo (however it is escaped), never mangles a reply, and an
implausible token is refused at the door with a clear error."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
import respx
from acemedia.errors import ConfigError
from acemedia.http.app import build_http_app
from acemedia.settings import Settings
from acemedia_testing import FakeTime, tool_text, use_test_runtime
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from sse_starlette.sse import AppStatus

from .conftest import demo

ODD_TOKEN = 'sk-"quoted"\\back/slash-0123456789'
DONE = {"id": "t-1", "response": {"state": "done", "video_url": "https://cdn.test/t-1.mp4"}}


def escaped_forms(token: str) -> list[str]:
    escaped = json.dumps(token)[1:-1]
    return [token, escaped, escaped.replace("/", "\\/")]


async def test_a_json_escaped_echo_of_the_token_is_redacted(
    upstream: respx.MockRouter, fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    use_test_runtime(demo, fake_time, api_token=ODD_TOKEN)
    escaped = json.dumps(ODD_TOKEN)[1:-1].replace("/", "\\/")  # the form many JSON encoders write
    body = '{"error": {"code": "invalid_token", "message": "token ' + escaped + ' is invalid"}}'
    upstream.post("/demo/tasks").mock(return_value=httpx.Response(401, text=body))
    upstream.post("/demo/videos").mock(
        return_value=httpx.Response(200, json={"task_id": "t-1", "echo": f"Bearer {ODD_TOKEN}"})
    )
    with caplog.at_level(logging.DEBUG):
        async with Client(demo.mcp) as client:
            failed = await client.call_tool("demo_get_task", {"task_id": "t-1"})
            submitted = await client.call_tool("demo_generate", {"prompt": "waves"})
    seen = tool_text(failed) + tool_text(submitted) + json.dumps(submitted.structured_content) + caplog.text
    assert failed.is_error and "invalid_token" in tool_text(failed) and "***" in tool_text(failed)
    assert submitted.structured_content is not None and submitted.structured_content["task_id"] == "t-1"
    leaks = [form for form in escaped_forms(ODD_TOKEN) if form in seen]
    assert leaks == []


@pytest.mark.parametrize("token", ["t", "id", "ask"])
async def test_a_short_token_never_mangles_keys_or_ids(
    upstream: respx.MockRouter, fake_time: FakeTime, token: str
) -> None:
    use_test_runtime(demo, fake_time, api_token=token)
    upstream.post("/demo/videos").mock(
        return_value=httpx.Response(
            200, json={"task_id": "t-1", "trace_id": "id-9", "note": f"token {token}"}
        )
    )
    upstream.post("/demo/tasks").mock(return_value=httpx.Response(200, json=DONE))
    async with Client(demo.mcp) as client:
        submitted = (await client.call_tool("demo_generate", {"prompt": "waves"})).structured_content
        task = (await client.call_tool("demo_get_task", {"task_id": "t-1"})).structured_content
    assert submitted is not None and task is not None
    assert submitted["task_id"] == "t-1" and submitted["trace_id"] == "id-9"
    assert submitted["mcp_async_submission"]["task_id"] == "t-1"
    assert submitted["note"] == "token ***"  # a real echo is still hidden
    assert task["id"] == "t-1" and task["response"] == DONE["response"]


@pytest.mark.parametrize(
    ("token", "problem"),
    [("tok en", "whitespace"), ("tok\x00en", "control"), ("tökén", "non-ASCII"), ("tok\ten", "whitespace")],
)
def test_an_implausible_environment_token_stops_the_server_at_start(token: str, problem: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env("DEMO", 60, {"ACEDATACLOUD_API_TOKEN": token})
    assert "ACEDATACLOUD_API_TOKEN" in str(raised.value) and problem in str(raised.value)
    assert token not in str(raised.value)


async def test_an_implausible_bearer_token_is_a_clear_tool_error(upstream: respx.MockRouter) -> None:
    """Over streamable HTTP to the in-process app (control characters cannot reach a real server:
    HTTP parsers refuse them in header values)."""
    catch_all = upstream.route().mock(return_value=httpx.Response(200, json=DONE))
    app = build_http_app(demo, "127.0.0.1")
    AppStatus.should_exit = False  # an earlier app's shutdown in this process told every SSE stream to end
    async with app.router.lifespan_context(app):
        for token in ("tök-123456", "bearer-ключ"):
            async with (
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app),
                    base_url="http://127.0.0.1:8000",
                    headers={"Authorization": f"Bearer {token}".encode()},
                ) as http,
                Client(
                    streamable_http_client("http://127.0.0.1:8000/mcp", http_client=http), mode="legacy"
                ) as client,
            ):
                result = await client.call_tool("demo_get_task", {"task_id": "t-1"})
            text = tool_text(result)
            assert result.is_error and "bad_authorization" in text and "non-ASCII" in text, text
            assert "Nothing was sent" in text
    assert catch_all.call_count == 0
