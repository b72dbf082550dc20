"""Upstream failures become tool errors that carry the upstream code, message and trace id."""

from __future__ import annotations

import json

import httpx
import pytest
import respx
from acemedia_testing import TOKEN, FakeTime, tool_text
from mcp import Client

from .conftest import demo

TRACE = "5b1f0c4e-trace"


def err(status: int, code: str, message: str, **headers: str) -> httpx.Response:
    body = {"success": False, "error": {"code": code, "message": message}, "trace_id": TRACE}
    return httpx.Response(status, json=body, headers=headers)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (
            err(401, "invalid_token", "The specified token is invalid or wrong."),
            ["HTTP 401", "invalid_token"],
        ),
        (err(403, "used_up", "Your balance is not sufficient"), ["HTTP 403", "used_up", "balance"]),
        (err(401, "token_expired", "token expired."), ["HTTP 401", "token_expired", "has expired"]),
        (
            err(401, "token_mismatched", "token and api does not match."),
            ["HTTP 401", "token_mismatched", "not valid for this API"],
        ),
        (err(400, "bad_request", "model is invalid."), ["HTTP 400", "bad_request", "model is invalid."]),
        (
            err(429, "too_many_requests", "You have exceeded the rate limit.", **{"retry-after": "7"}),
            ["HTTP 429", "too_many_requests", "Wait 7 s"],
        ),
        (
            err(500, "api_error", "Internal server error."),
            ["HTTP 500", "api_error", "Internal server error."],
        ),
    ],
)
async def test_query_errors_name_code_message_and_trace(
    upstream: respx.MockRouter, fake_time: FakeTime, reply: httpx.Response, expected: list[str]
) -> None:
    upstream.post("/demo/tasks").mock(return_value=reply)
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    text = tool_text(result)
    assert result.is_error
    for fragment in [*expected, TRACE]:
        assert fragment in text, text


async def test_non_json_and_html_and_empty_replies_are_clear_errors(upstream: respx.MockRouter) -> None:
    replies = [
        httpx.Response(502, text="<html><body><h1>502 Bad Gateway</h1></body></html>"),
        httpx.Response(200, text="{not json"),
        httpx.Response(200, text=""),
    ]
    expectations = ["502 Bad Gateway", "not a JSON object", "empty reply"]
    for reply, expected in zip(replies, expectations, strict=True):
        upstream.post("/demo/tasks").mock(return_value=reply)
        async with Client(demo.mcp) as client:
            result = await client.call_tool("demo_get_task", {"task_id": "t1"})
        assert result.is_error and expected in tool_text(result), tool_text(result)
        assert "<html>" not in tool_text(result)


async def test_query_retries_transient_failures_honouring_retry_after(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    route = upstream.post("/demo/tasks").mock(
        side_effect=[
            err(429, "too_many_requests", "slow down", **{"retry-after": "3"}),
            httpx.Response(503, text="busy"),
            httpx.ConnectError("refused"),
            httpx.Response(200, json={"id": "t1", "response": {"success": True, "state": "done"}}),
        ]
    )
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert not result.is_error, tool_text(result)
    assert route.call_count == 4
    assert fake_time.sleeps[0] >= 3  # Retry-After honoured


async def test_query_gives_up_within_its_time_budget(upstream: respx.MockRouter, fake_time: FakeTime) -> None:
    route = upstream.post("/demo/tasks").mock(return_value=httpx.Response(500, text="down"))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert result.is_error and "Safe to retry" in tool_text(result)
    assert route.call_count == 4 and sum(fake_time.sleeps) <= 20


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("reset"), httpx.Response(200, text="garbled")],
)
async def test_submit_is_never_resent_once_it_may_have_arrived(
    upstream: respx.MockRouter, failure: object
) -> None:
    route = upstream.post("/demo/videos").mock(side_effect=[failure])
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_generate", {"prompt": "x"})
    assert result.is_error and route.call_count == 1
    assert "submission_uncertain" in tool_text(result) and "may have been created" in tool_text(result)


async def test_submit_5xx_is_not_resent(upstream: respx.MockRouter) -> None:
    route = upstream.post("/demo/videos").mock(return_value=err(500, "api_error", "boom"))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_generate", {"prompt": "x"})
    assert result.is_error and route.call_count == 1 and "api_error" in tool_text(result)


async def test_submit_retried_when_connection_was_refused(upstream: respx.MockRouter) -> None:
    route = upstream.post("/demo/videos").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json={"task_id": "t9"})]
    )
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_generate", {"prompt": "x"})
    assert not result.is_error and route.call_count == 2


async def test_missing_token_fails_before_any_request(upstream: respx.MockRouter) -> None:
    demo.runtime.settings = demo.runtime.client.settings = _without_token()
    route = upstream.route().mock(return_value=httpx.Response(200, json={}))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_generate", {"prompt": "x"})
    assert result.is_error and "ACEDATACLOUD_API_TOKEN" in tool_text(result) and route.call_count == 0


async def test_token_is_sent_as_bearer_and_never_echoed(upstream: respx.MockRouter) -> None:
    route = upstream.post("/demo/tasks").mock(
        return_value=err(401, "invalid_token", f"token {TOKEN} is wrong")
    )
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in tool_text(result) and "***" in tool_text(result)


async def test_one_connection_pool_serves_every_call(upstream: respx.MockRouter) -> None:
    upstream.post("/demo/videos").mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    async with Client(demo.mcp) as client:
        await client.call_tool("demo_generate", {"prompt": "a"})
        pool = demo.runtime.client._http
        await client.call_tool("demo_generate", {"prompt": "b"})
        assert demo.runtime.client._http is pool and pool is not None
    assert demo.runtime.client._http is None  # closed when the server shut down


async def test_alias_parameter_async_works_through_a_client(upstream: respx.MockRouter) -> None:
    route = upstream.post("/demo/videos").mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    async with Client(demo.mcp, mode="legacy") as client:
        schema = next(t for t in (await client.list_tools()).tools if t.name == "demo_generate").input_schema
        assert "async" in schema["properties"]
        for args, sent_async in [({}, True), ({"async": False}, False), ({"async": True}, True)]:
            result = await client.call_tool("demo_generate", {"prompt": "x", **args})
            assert not result.is_error, tool_text(result)
            assert json.loads(route.calls.last.request.content)["async"] is sent_async


def _without_token():  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(demo.runtime.settings, api_token="")


async def test_unknown_arguments_are_refused_with_a_suggestion(upstream: respx.MockRouter) -> None:
    route = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "t"}))
    for mode in ("auto", "legacy"):
        async with Client(demo.mcp, mode=mode) as client:
            result = await client.call_tool("demo_generate", {"prompt": "x", "asynk": True})
        text = tool_text(result)
        assert result.is_error and "'asynk' (did you mean 'async'?)" in text, text
        assert "Allowed arguments: async, callback_url, prompt" in text
    assert route.call_count == 0


@pytest.mark.parametrize("status", [502, 504])
async def test_a_gateway_timeout_on_submit_says_the_job_may_exist(
    upstream: respx.MockRouter, status: int
) -> None:
    page = f"<html><head><title>{status} Gateway</title></head><body><h1>{status} Gateway</h1></body></html>"
    route = upstream.post("/demo/videos").mock(return_value=httpx.Response(status, text=page))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_generate", {"prompt": "x"})
    text = tool_text(result)
    assert result.is_error and route.call_count == 1
    assert "submission_uncertain" in text and f"HTTP {status}" in text and "task list" in text
    assert text.count(f"{status} Gateway") == 1  # the page's title, once


@pytest.mark.parametrize("status", [403, 400])
async def test_out_of_credits_is_said_in_plain_words_and_not_retried(
    upstream: respx.MockRouter, fake_time: FakeTime, status: int
) -> None:
    """403 `used_up` (and the code under any status): the balance is too low, where to top it up, no retry."""
    used_up = err(status, "used_up", "Your balance is not sufficient for current request.")
    submit = upstream.post("/demo/videos").mock(return_value=used_up)
    poll = upstream.post("/demo/tasks").mock(return_value=used_up)
    async with Client(demo.mcp) as client:
        submitted = await client.call_tool("demo_generate", {"prompt": "x"})
        polled = await client.call_tool("demo_get_task", {"task_id": "t1"})
    for result in (submitted, polled):
        text = tool_text(result)
        assert result.is_error
        assert "balance is too low for this request" in text and "https://platform.acedata.cloud" in text
        assert "used_up" in text and TRACE in text
        assert TOKEN not in text and "token" not in text.lower()
    assert submit.call_count == 1 and poll.call_count == 1  # never retried
    assert fake_time.sleeps == []
