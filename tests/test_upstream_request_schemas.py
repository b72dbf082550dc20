"""Every request body our tools send passes the upstream's published request schema.

The schemas are tests/data/upstream_request_schemas.json (from the AceDataCloud OpenAPI files; see
tests/upstream_schemas.py). The bodies are each provider's contract cases, which the contract suite checks
are exactly what the tool sends through a real MCP client, plus the task queries, sent here the same way.
Documented exceptions (also listed in the README): endpoints with no published schema, one spec bug, and
an enum value newer than the published schemas.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import respx
from acemedia.server import ProviderServer
from acemedia_testing import BASE_URL, FakeTime, ProviderContract, SubmitCase, use_test_runtime
from mcp import Client

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS: dict[str, Any] = json.loads(
    (Path(__file__).parent / "data" / "upstream_request_schemas.json").read_text()
)

# endpoints the upstream has published no request schema for (the simulator's rules still check them)
UNPUBLISHED: dict[str, str] = {
    "/veo/upsample": "not in the Veo OpenAPI file nor in the SDK's endpoint specs",
    "/veo/extend": "not in the Veo OpenAPI file nor in the SDK's endpoint specs",
    "/veo/reshoot": "not in the Veo OpenAPI file nor in the SDK's endpoint specs",
    "/veo/objects": "not in the Veo OpenAPI file nor in the SDK's endpoint specs",
    "/kling/goods-studio": "new with mcp-kling 2026.10.24.0; not in the Kling OpenAPI file nor the SDK's specs",
    "/kling/video-commerce": "new with mcp-kling 2026.10.24.0; not in the Kling OpenAPI file nor the SDK's specs",
}
# corrections of known spec bugs: (endpoint, field) -> (keys that replace the field schema's, why)
ERRATA: dict[tuple[str, str], tuple[dict[str, Any], str]] = {
    ("/producer/lyrics", "prompt"): (
        {"type": "string"},
        "the spec types the lyrics prompt as an object; the upstream, its docs and every client send a string",
    ),
}

# enum values newer than the published schemas: (endpoint, field) -> (values, why)
NEWER_VALUES: dict[tuple[str, str], tuple[tuple[str, ...], str]] = {
    ("/kling/videos", "model"): (
        ("kling-v3-turbo",),
        "offered by mcp-kling 2026.10.24.0; the published schemas (SDK specs of Aug 2026) predate it",
    ),
}


def schema_for(path: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(json.dumps(SCHEMAS[path]["schema"]))
    for (endpoint, field), (fixed, _why) in ERRATA.items():
        if endpoint == path:
            schema["properties"][field] = {**schema["properties"][field], **fixed}
    for (endpoint, field), (values, _why) in NEWER_VALUES.items():
        if endpoint == path:
            schema["properties"][field]["enum"] += list(values)
    return schema


def problems(path: str, body: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(schema_for(path))
    return [
        f"{'.'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}" for e in validator.iter_errors(body)
    ]


def contract_classes() -> Iterator[type[ProviderContract]]:
    """Each provider's contract test class, found in packages/<provider>-mcp/tests."""
    for path in sorted(ROOT.glob("packages/*/tests/test_*_contract.py")):
        spec = importlib.util.spec_from_file_location(f"request_schemas_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, ProviderContract)
                and value is not ProviderContract
            ):
                yield value


CONTRACTS = list(contract_classes())
CASES: list[SubmitCase] = [case for contract in CONTRACTS for case in contract.submit_cases]


def case_id(case: SubmitCase) -> str:
    return f"{case.tool}:{CASES.index(case)}"


# bodies for the documented exceptions (UNPUBLISHED) have no schema to check; the test below keeps that list true
CHECKED = [case for case in CASES if case.path not in UNPUBLISHED]


@pytest.mark.parametrize("case", CHECKED, ids=[case_id(c) for c in CHECKED])
def test_each_submitted_body_passes_the_published_request_schema(case: SubmitCase) -> None:
    assert case.path in SCHEMAS, f"{case.path} has no published schema: list it in UNPUBLISHED with a reason"
    assert problems(case.path, case.body) == [], f"{case.tool} sends {case.body}"


def test_every_documented_exception_is_still_needed() -> None:
    sent = {case.path for case in CASES}
    assert set(UNPUBLISHED) <= sent and not set(UNPUBLISHED) & set(SCHEMAS)
    for (endpoint, field), (fixed, _why) in ERRATA.items():
        published = SCHEMAS[endpoint]["schema"]["properties"][field]
        assert {**published, **fixed} != published, f"{endpoint} {field}: the spec is fixed, drop the erratum"
    for (endpoint, field), (values, _why) in NEWER_VALUES.items():
        enum = SCHEMAS[endpoint]["schema"]["properties"][field]["enum"]
        assert not set(values) & set(enum), f"{endpoint} {field}: the spec has caught up, drop the values"


@pytest.fixture
def upstream() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


@pytest.mark.parametrize(
    "server", [c.server for c in CONTRACTS], ids=[c.server.provider.name for c in CONTRACTS]
)
async def test_task_queries_pass_the_published_request_schema(
    server: ProviderServer, upstream: respx.MockRouter
) -> None:
    use_test_runtime(server, FakeTime())
    path = server.provider.tasks_path
    record = {"id": "task-1", "response": {"success": True, "task_id": "task-1"}}
    route = upstream.post(path).mock(
        side_effect=[
            httpx.Response(200, json=record),
            httpx.Response(200, json={"items": [record], "count": 1}),
        ]
    )
    prefix = server.provider.name
    async with Client(server.mcp, mode="legacy") as client:
        await client.call_tool(f"{prefix}_get_task", {"task_id": "task-1"})
        await client.call_tool(f"{prefix}_get_tasks_batch", {"task_ids": ["task-1", "task-2"]})
    bodies = [json.loads(call.request.content) for call in route.calls]
    assert len(bodies) == 2
    for body in bodies:
        assert problems(path, body) == [], body
