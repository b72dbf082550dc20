"""Argument errors in our own words, bounded in size and work, and the same on every provider."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import acemedia.arguments as arguments_module
import httpx
import pytest
import respx
from acemedia import ProviderServer
from acemedia_testing import BASE_URL, FakeTime, tool_text, use_test_runtime
from mcp import Client
from mcp.server.mcpserver.utilities.func_metadata import ArgModelBase
from pydantic import BaseModel

from .conftest import DEMO, demo

# a provider whose batch tool also takes trace ids and lists recent tasks (as Veo's does)
FILTERED = ProviderServer(replace(DEMO, name="filt", title="Filtered", task_search=True))
RAW_PYDANTIC = ("validation error", "pydantic", "Arguments", "input_value", "For further information")


@pytest.fixture
def filtered(fake_time: FakeTime) -> Iterator[respx.MockRouter]:
    use_test_runtime(FILTERED, fake_time)
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records every argument-model validation (the SDK's, or one built beside it: both derive from
    ArgModelBase)."""
    passes: list[object] = []
    real = BaseModel.model_validate.__func__  # type: ignore[attr-defined]

    def counted(cls: type[BaseModel], /, data: object, *args: object, **kwargs: object) -> object:
        passes.append(data)
        return real(cls, data, *args, **kwargs)

    monkeypatch.setattr(ArgModelBase, "model_validate", classmethod(counted))
    return passes


def assert_ours(text: str, tool: str, field: str, *fragments: str) -> None:
    assert text.startswith(f"Error executing tool {tool}: Invalid argument '{field}'"), text
    assert "Nothing was sent" in text and "invalid_argument" in text, text
    assert not [raw for raw in RAW_PYDANTIC if raw in text], text
    for fragment in fragments:
        assert fragment in text, text


@pytest.mark.parametrize(
    ("tool", "arguments", "field", "fragments"),
    [
        ("demo_get_task", {"task_id": 123}, "task_id", ["got 123", "a string"]),
        ("demo_get_task", {"task_id": ""}, "task_id", ["got ''", "not be empty"]),
        ("demo_get_task", {"task_id": "x" * 300}, "task_id", ["300 characters", "at most 200"]),
        ("demo_get_task", {}, "task_id", ["required"]),
        ("demo_generate", {"prompt": "   \n\t"}, "prompt", ["only whitespace"]),
        ("demo_generate", {"prompt": "x", "callback_url": "ftp://x"}, "callback_url", ["http(s) URL"]),
        ("demo_generate", {"prompt": "x", "async": "maybe"}, "async", ["'maybe'", "true or false"]),
        (
            "demo_wait_for_task",
            {"task_id": "t1", "timeout_seconds": 3600},
            "timeout_seconds",
            ["at most 600"],
        ),
        ("demo_wait_for_task", {"task_id": "t1", "timeout_seconds": "soon"}, "timeout_seconds", ["a number"]),
        ("demo_wait_for_tasks", {"task_ids": ["a"], "mode": "some"}, "mode", ["'some'", "'all'", "'any'"]),
        ("demo_get_tasks_batch", {"task_ids": "t1"}, "task_ids", ["a list"]),
        ("demo_get_tasks_batch", {"task_ids": ["a", 5]}, "task_ids[1]", ["got 5", "a string"]),
        ("demo_list_tasks", {"limit": 0}, "limit", ["at least 1"]),
    ],
)
async def test_argument_errors_name_tool_field_given_and_allowed(
    upstream: respx.MockRouter, tool: str, arguments: dict[str, object], field: str, fragments: list[str]
) -> None:
    catch_all = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "x"}))
    async with Client(demo.mcp) as client:
        result = await client.call_tool(tool, arguments)
    assert result.is_error
    assert_ours(tool_text(result), tool, field, *fragments)
    assert catch_all.call_count == 0


async def test_60000_unknown_argument_names_get_a_short_answer_with_bounded_work(
    upstream: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work is bounded, not just fast today: a few names are matched, none validated."""
    catch_all = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "x"}))
    matched: list[str] = []
    real_match = difflib.get_close_matches

    def counted_match(word: str, *args: Any, **kwargs: Any) -> list[str]:
        matched.append(word)
        return list(real_match(word, *args, **kwargs))

    monkeypatch.setattr(difflib, "get_close_matches", counted_match)
    validated = count_validations(monkeypatch)
    arguments: dict[str, object] = {f"bogus_argument_{i:05d}": i for i in range(60_000)}
    arguments["prompt"] = "waves"
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_generate", arguments)
    text = tool_text(result)
    assert result.is_error and "bogus_argument_00000" in text and "60000 unknown" in text, text[:300]
    assert len(text) < 2048 and catch_all.call_count == 0
    assert len(matched) <= arguments_module.SHOWN_UNKNOWN and not validated


@pytest.mark.parametrize("server", [demo, FILTERED], ids=["plain", "filtered"])
@pytest.mark.parametrize("ids", [[], ["", ""], ["  "]], ids=["empty", "blanks", "whitespace"])
async def test_an_empty_batch_is_the_same_clear_error_on_every_provider(
    upstream: respx.MockRouter, filtered: respx.MockRouter, server: ProviderServer, ids: list[str]
) -> None:
    routes = [
        r.route().mock(return_value=httpx.Response(200, json={"items": []})) for r in (upstream, filtered)
    ]
    tool = f"{server.provider.name}_get_tasks_batch"
    async with Client(server.mcp) as client:
        result = await client.call_tool(tool, {"task_ids": ids})
    assert result.is_error
    assert_ours(tool_text(result), tool, "task_ids", "at least 1")
    assert [r.call_count for r in routes] == [0, 0]


async def test_a_blank_task_or_trace_id_is_refused(filtered: respx.MockRouter) -> None:
    route = filtered.route().mock(return_value=httpx.Response(200, json={}))
    async with Client(FILTERED.mcp) as client:
        result = await client.call_tool("filt_get_task", {"task_id": "  ", "trace_id": "\t"})
    assert result.is_error and "task_id" in tool_text(result) and "Nothing was sent" in tool_text(result)
    assert route.call_count == 0


async def test_list_mode_is_reached_by_giving_no_ids(filtered: respx.MockRouter) -> None:
    route = filtered.post("/filt/tasks").mock(
        return_value=httpx.Response(200, json={"items": [], "count": 0})
    )
    async with Client(FILTERED.mcp) as client:
        listed = await client.call_tool("filt_get_tasks_batch", {"limit": 5})
        refused = await client.call_tool("filt_get_tasks_batch", {"trace_ids": []})
    assert not listed.is_error and json.loads(route.calls.last.request.content)["limit"] == 5
    assert refused.is_error and "trace_ids" in tool_text(refused) and route.call_count == 1


async def test_trace_ids_have_the_same_limits_as_task_ids(filtered: respx.MockRouter) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        traces = json.loads(request.content)["trace_ids"]
        return httpx.Response(200, json={"items": [{"id": f"id-{t}", "trace_id": t} for t in traces]})

    route = filtered.post("/filt/tasks").mock(side_effect=reply)
    async with Client(FILTERED.mcp) as client:
        refused = await client.call_tool(
            "filt_get_tasks_batch", {"trace_ids": [f"tr{i}" for i in range(501)]}
        )
        assert route.call_count == 0
        found = await client.call_tool("filt_get_tasks_batch", {"trace_ids": [f"tr{i}" for i in range(120)]})
    assert refused.is_error and "trace_ids" in tool_text(refused) and "500" in tool_text(refused)
    assert found.structured_content is not None and found.structured_content["count"] == 120
    assert route.call_count == 3
    assert all(len(json.loads(c.request.content)["trace_ids"]) <= 50 for c in route.calls)


async def test_wait_for_tasks_treats_unknown_ids_as_wait_for_task_does(upstream: respx.MockRouter) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if "ids" not in body:
            return httpx.Response(200, json={})  # one unknown task
        known = [{"id": i, "response": {"state": "processing"}} for i in body["ids"] if i == "real"]
        return httpx.Response(200, json={"items": known})

    upstream.post("/demo/tasks").mock(side_effect=reply)
    async with Client(demo.mcp) as client:
        one = await client.call_tool("demo_wait_for_task", {"task_id": "ghost"})
        many = await client.call_tool("demo_wait_for_tasks", {"task_ids": ["ghost", "ghost-2"]})
        mixed = await client.call_tool(
            "demo_wait_for_tasks", {"task_ids": ["ghost", "real"], "mode": "any", "timeout_seconds": 5}
        )
    assert one.is_error and many.is_error
    assert "task_not_found" in tool_text(one) and "task_not_found" in tool_text(many)
    assert "ghost-2" in tool_text(many)
    data = mixed.structured_content
    assert data is not None and data["not_found"] == ["ghost"] and data["wait"]["finished"] is False


async def test_a_call_s_arguments_are_validated_once(
    upstream: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The argument check's validation is the one the tool runs with: no second pass in the SDK."""
    upstream.post("/demo/videos").mock(return_value=httpx.Response(200, json={"task_id": "t1"}))
    passes = count_validations(monkeypatch)
    async with Client(demo.mcp, mode="legacy") as client:
        result = await client.call_tool("demo_generate", {"prompt": "a fox", "async": True})
        assert not result.is_error, tool_text(result)
        assert len(passes) == 1
        refused = await client.call_tool("demo_generate", {"prompt": "a fox", "async": "maybe"})
    assert_ours(tool_text(refused), "demo_generate", "async", "'maybe'")
    assert len(passes) == 2  # the refused call was validated once too, and never ran
    assert json.loads(upstream.calls.last.request.content) == {"prompt": "a fox", "async": True}
    assert upstream.calls.call_count == 1
