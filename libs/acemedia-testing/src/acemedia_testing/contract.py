"""A contract suite every provider package runs: it fills in its cases, the suite does the checking.

Everything goes through a real in-memory MCP client session, with respx standing in for the upstream,
so the tests see exactly what an agent sees (including what the MCP layer does to arguments).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx
import pytest
import respx
from acemedia.runtime import Runtime
from acemedia.server import ProviderServer
from acemedia.settings import Settings
from mcp import Client

BASE_URL = "https://api.acemedia.test"
TOKEN = "test-token-4f1c"
MAX_TOOL_NAME = 60


@dataclass(frozen=True)
class SubmitCase:
    """Calling `tool` with `args` must POST exactly `body` to `path`."""

    tool: str
    args: dict[str, Any]
    path: str
    body: dict[str, Any]


@dataclass(frozen=True)
class BadCase:
    """Calling `tool` with `args` must fail naming `field`, and send nothing."""

    tool: str
    args: dict[str, Any]
    field: str


@dataclass
class FakeTime:
    """A clock that only moves when the code under test sleeps."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "api_token": TOKEN,
        "base_url": BASE_URL,
        "request_timeout": 30.0,
        "connect_timeout": 5.0,
        "query_timeout": 30.0,
        "min_poll_interval": 5.0,
        "log_level": "INFO",
    }
    values.update(overrides)
    return Settings(**values)


def use_test_runtime(server: ProviderServer, time: FakeTime, **settings: Any) -> Runtime:
    runtime = Runtime.create(make_settings(**settings), sleep=time.sleep, clock=time.clock)
    server.configure(runtime)
    return runtime


def is_generation(tool: Any) -> bool:
    """A tool that starts a job: it writes and is not idempotent (saving media writes, idempotently)."""
    hints = tool.annotations
    return bool(hints and hints.read_only_hint is False and hints.idempotent_hint is False)


def tool_text(result: Any) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


class ProviderContract:
    """Subclass in a provider's tests and fill in the class attributes."""

    server: ClassVar[ProviderServer]
    catalog_tools: ClassVar[set[str]]  # tool names the existing servers expose
    submit_cases: ClassVar[list[SubmitCase]]
    bad_cases: ClassVar[list[BadCase]]
    # task records in the provider's own vocabulary
    running_record: ClassVar[dict[str, Any]]
    succeeded_record: ClassVar[dict[str, Any]]
    failed_record: ClassVar[dict[str, Any]]
    expected_media_url: ClassVar[str]

    @pytest.fixture
    def provider_server(self) -> ProviderServer:
        """The plugin's `upstream` fixture configures this server (see `acemedia_testing.plugin`)."""
        return self.server

    def session(self, mode: str) -> Client:
        return Client(self.server.mcp, mode=mode)

    @property
    def prefix(self) -> str:
        return self.server.provider.name

    def tasks_route(self, upstream: respx.MockRouter, *records: dict[str, Any]) -> respx.Route:
        responses = [httpx.Response(200, json=r) for r in records]
        return upstream.post(self.server.provider.tasks_path).mock(side_effect=responses)

    # -- tool surface -------------------------------------------------------------------------------

    async def test_exposes_every_catalog_tool_and_only_its_own(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            assert self.catalog_tools <= names, f"missing: {sorted(self.catalog_tools - names)}"
            assert all(n.startswith(f"{self.prefix}_") for n in names)
            assert {f"{self.prefix}_wait_for_task"} <= names

    async def test_tool_names_fit_client_limits_and_have_annotations(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            for tool in (await client.list_tools()).tools:
                assert len(tool.name) <= MAX_TOOL_NAME, tool.name
                assert tool.annotations is not None and tool.annotations.title, tool.name
                assert tool.description and len(tool.description) < 1200, tool.name

    async def test_task_returning_tools_declare_output_schemas(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            for tool in (await client.list_tools()).tools:
                reference_only = tool.annotations is not None and tool.annotations.open_world_hint is False
                if reference_only and not tool.name.endswith("_list_tasks"):
                    continue
                assert tool.output_schema is not None, tool.name
                assert tool.name.endswith("_list_tasks") or "status" in str(tool.output_schema), tool.name

    async def test_submit_cases_cover_every_generation_tool(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            tools = (await client.list_tools()).tools
            submitters = {t.name for t in tools if is_generation(t)}
            assert submitters <= {c.tool for c in self.submit_cases}, sorted(
                submitters - {c.tool for c in self.submit_cases}
            )

    async def test_reference_text_names_every_generation_tool(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        """The old servers' hand-kept tool lists went stale; the actions guide must name every tool."""
        async with self.session(mode) as client:
            tools = (await client.list_tools()).tools
            text = tool_text(await client.call_tool(f"{self.prefix}_list_actions", {}))
        generators = [t.name for t in tools if is_generation(t)]
        assert [n for n in generators if n not in text] == []

    # -- request bodies -----------------------------------------------------------------------------

    async def test_each_tool_sends_the_exact_request_body(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            for case in self.submit_cases:
                route = upstream.post(case.path).mock(
                    return_value=httpx.Response(200, json={"task_id": "task-1"})
                )
                result = await client.call_tool(case.tool, case.args)
                assert not result.is_error, f"{case.tool}: {tool_text(result)}"
                assert route.call_count == 1, case.tool
                sent = json.loads(route.calls.last.request.content)
                assert sent == case.body, f"{case.tool} sent {sent}"
                assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"
                block = result.structured_content["mcp_async_submission"]
                assert block["task_id"] == "task-1" and block["should_poll"] is True
                assert block["poll_tool"] == f"{self.prefix}_get_task"
                upstream.routes.clear()

    async def test_bad_arguments_are_refused_before_any_request(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            catch_all = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "x"}))
            for case in self.bad_cases:
                result = await client.call_tool(case.tool, case.args)
                text = tool_text(result)
                assert result.is_error, f"{case.tool} accepted {case.args}"
                assert case.field in text, f"{case.tool}: {text}"
                # in our words: the tool, the field and "nothing was sent", never pydantic's own text
                assert (
                    text.startswith(f"Error executing tool {case.tool}: ") and "Nothing was sent" in text
                ), text
                assert "validation error" not in text and "pydantic" not in text, text
            assert catch_all.call_count == 0

    async def test_unknown_arguments_are_refused(self, mode: str, upstream: respx.MockRouter) -> None:
        catch_all = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "x"}))
        async with self.session(mode) as client:
            for case in self.submit_cases[:1]:
                result = await client.call_tool(case.tool, {**case.args, "not_a_parameter": 1})
                assert result.is_error and "not_a_parameter" in tool_text(result)
        assert catch_all.call_count == 0

    # -- task states in the provider's vocabulary ---------------------------------------------------

    async def test_running_task_says_poll(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            self.tasks_route(upstream, self.running_record)
            result = await client.call_tool(f"{self.prefix}_get_task", {"task_id": "task-1"})
            data = result.structured_content
            assert data is not None and not result.is_error
            assert data["status"] in ("pending", "running")
            block = data["mcp_task_polling"]
            assert block["should_poll"] is True and block["recommended_action"] == "poll"
            assert block["terminal_state_reached"] is False and block["is_complete"] is False

    async def test_succeeded_task_says_stop_with_final_media(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            self.tasks_route(upstream, self.succeeded_record)
            result = await client.call_tool(f"{self.prefix}_get_task", {"task_id": "task-1"})
            data = result.structured_content
            assert data is not None and data["status"] == "succeeded"
            block = data["mcp_task_polling"]
            assert block["should_poll"] is False and block["is_complete"] is True
            assert block["recommended_action"] == "stop" and block["terminal_state_reached"] is True
            assert any(m["url"] == self.expected_media_url and m["final"] for m in data["media"]), data[
                "media"
            ]

    async def test_failed_task_says_stop(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            self.tasks_route(upstream, self.failed_record)
            result = await client.call_tool(f"{self.prefix}_get_task", {"task_id": "task-1"})
            data = result.structured_content
            assert data is not None and data["status"] == "failed"
            block = data["mcp_task_polling"]
            assert block["is_failed"] is True and block["should_poll"] is False
            assert block["recommended_action"] == "stop"

    async def test_unknown_task_is_a_clear_error(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            self.tasks_route(upstream, {})
            result = await client.call_tool(f"{self.prefix}_get_task", {"task_id": "nope"})
            assert result.is_error and "nope" in tool_text(result) and "task_not_found" in tool_text(result)

    async def test_wait_follows_a_task_to_completion_with_progress(
        self, mode: str, upstream: respx.MockRouter, fake_time: FakeTime
    ) -> None:
        async with self.session(mode) as client:
            route = self.tasks_route(
                upstream, self.running_record, self.running_record, self.succeeded_record
            )
            updates: list[tuple[float, float | None, str | None]] = []

            async def on_progress(progress: float, total: float | None, message: str | None) -> None:
                updates.append((progress, total, message))

            result = await client.call_tool(
                f"{self.prefix}_wait_for_task", {"task_id": "task-1"}, progress_callback=on_progress
            )
            data = result.structured_content
            assert data is not None and data["status"] == "succeeded", tool_text(result)
            assert route.call_count == 3 and data["wait"]["polls"] == 3
            assert len(updates) == 3 and fake_time.sleeps

    async def test_token_never_appears_in_results(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            upstream.route().mock(
                return_value=httpx.Response(
                    401, json={"error": {"code": "invalid_token", "message": f"bad {TOKEN}"}}
                )
            )
            result = await client.call_tool(f"{self.prefix}_get_task", {"task_id": "task-1"})
            assert result.is_error and TOKEN not in tool_text(result) and "invalid_token" in tool_text(result)
