"""Published output schemas are cheap for clients that check them (the mcp 1.x client's `validate`)."""

from __future__ import annotations

import statistics
import time
from typing import Any

import httpx
import jsonschema
import respx
from acemedia.schemas import TaskResult
from acemedia.tool_list import DRAFT_07, compact
from acemedia_testing import tool_text
from mcp import Client
from pydantic import TypeAdapter

from .conftest import demo

DONE = {"id": "t1", "response": {"success": True, "state": "done", "video_url": "https://cdn.test/v.mp4"}}


def cost_ms(instance: dict[str, Any], schema: dict[str, Any], rounds: int = 40) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        jsonschema.validate(instance, schema)  # what the mcp 1.x client runs on every structured result
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def test_compact_keeps_the_required_skeleton_without_references() -> None:
    full = TypeAdapter(TaskResult).json_schema()
    lean = compact(full)
    assert lean["$schema"] == DRAFT_07 and "$ref" not in str(lean) and "title" not in str(lean)
    assert lean["required"] == ["status", "media"]
    assert lean["properties"]["media"]["items"]["required"] == ["url", "kind", "final"]


async def test_published_get_task_schema_accepts_real_results_and_is_cheap(
    upstream: respx.MockRouter,
) -> None:
    upstream.post("/demo/tasks").mock(return_value=httpx.Response(200, json=DONE))
    async with Client(demo.mcp) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    published = tools["demo_get_task"].output_schema
    assert published is not None and published["$schema"] == DRAFT_07
    instance = result.structured_content
    assert instance is not None
    full = TypeAdapter(TaskResult).json_schema()
    # relative, so a busy machine does not fail it: the full 2020-12 schema costs ~10 ms here
    assert cost_ms(instance, published) * 5 < cost_ms(instance, full)
    for tool in tools.values():
        if tool.output_schema:
            jsonschema.Draft7Validator.check_schema(tool.output_schema)


def test_lean_input_drops_what_tells_a_model_nothing() -> None:
    from acemedia.fields import OPTIONAL_URL_PATTERN
    from acemedia.tool_list import lean_input

    schema = {
        "title": "makeArguments",
        "type": "object",
        "properties": {
            "title": {"title": "Title", "type": "string"},  # a parameter called "title" stays
            "seed": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "null"}], "default": None},
            "hook": {"type": "string", "pattern": OPTIONAL_URL_PATTERN, "maxLength": 2048, "default": ""},
            "mode": {"anyOf": [{"type": "string"}, {"type": "integer"}], "default": None},
        },
    }
    assert lean_input(schema) == {
        "type": "object",
        "properties": {
            "title": {"type": "string"},
            "seed": {"type": "integer", "minimum": 0},
            "hook": {"type": "string", "default": ""},
            "mode": {"anyOf": [{"type": "string"}, {"type": "integer"}], "default": None},
        },
    }


async def test_a_null_sent_for_an_optional_value_is_still_accepted(upstream: respx.MockRouter) -> None:
    upstream.post("/demo/videos").mock(return_value=httpx.Response(200, json={"task_id": "t9"}))
    async with Client(demo.mcp) as client:
        result = await client.call_tool("demo_generate", {"prompt": "a cat", "callback_url": None})
    assert not result.is_error, tool_text(result)
