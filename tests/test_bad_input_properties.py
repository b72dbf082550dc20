"""Property-based bad input: every tool of every server, fed arguments generated from its own input schema.

For each tool the arguments mix valid values with wrong types, out-of-range numbers, huge strings,
unknown enum values, missing required fields and unknown extra keys. Every call goes through a real
in-memory MCP client to a server whose upstream is the simulator app (in process, virtual time), so each
upstream request lands in the simulator's journal. Every call must end in a result or a tool error that
says what was wrong (never the SDK's bare "Error executing tool X"), and a call the server refused must
not have sent anything upstream.

Unknown argument names are demanded to be refused (naming the unknown key): the SDK would silently drop
them, so a misspelled option would run a paid job with the default instead (README, "Bad input").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
import jsonschema
import pytest
from acemedia import ProviderServer
from acemedia_testing import FakeTime, tool_text
from acemedia_testing.simulator import SimulatorState
from anyio.from_thread import BlockingPortal
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mcp import Client
from mcp.types import Tool

from .conftest import PROVIDERS
from .reliability_helpers import asgi_runtime, clients_in_a_portal, is_crash

SERVERS = {p: ProviderServer.installed(p) for p in PROVIDERS}
EXTRA_KEY_PREFIX = "zz_unknown_"
# a string far over every documented limit (the longest is a few thousand characters)
HUGE = 200_000
PROPERTY_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


async def _list_tools(provider: str) -> list[Tool]:
    async with Client(SERVERS[provider].mcp) as client:
        return list((await client.list_tools()).tools)


CATALOG: list[tuple[str, Tool]] = [
    (provider, tool) for provider in PROVIDERS for tool in anyio.run(_list_tools, provider)
]


# -- strategies from a JSON schema ----------------------------------------------------------------


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=20),
    st.floats(allow_nan=False, allow_infinity=False),
)


def _url(optional: bool) -> st.SearchStrategy[str]:
    path = st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=30)
    url = st.builds(lambda scheme, rest: f"{scheme}://{rest}", st.sampled_from(["http", "https"]), path)
    return st.one_of(url, st.just("")) if optional else url


def valid_value(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the schema accepts (the simulator checks bodies, so plausibility matters less than shape)."""
    schema = _resolve(schema, defs)
    if "anyOf" in schema:
        return st.one_of([valid_value(s, defs) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "string":
        low, high = schema.get("minLength", 0), min(schema.get("maxLength", 60), 60)
        pattern = schema.get("pattern")
        if pattern in (r"^https?://\S+$", r"^(https?://\S+)?$"):
            return _url(optional=pattern.startswith("^(")).filter(lambda s: low <= len(s) <= high)
        if pattern:
            return st.from_regex(pattern, fullmatch=True).filter(lambda s: low <= len(s) <= high)
        return st.text(min_size=low, max_size=max(low, high))
    if kind == "integer":
        return st.integers(schema.get("minimum", -(10**6)), schema.get("maximum", 10**6))
    if kind == "number":
        low, high = schema.get("minimum", -1e6), schema.get("maximum", 1e6)
        return st.one_of(
            st.floats(low, high, allow_nan=False, allow_infinity=False),
            st.integers(math.ceil(low), math.floor(high)),
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        low = schema.get("minItems", 0)
        high = min(schema.get("maxItems", low + 3), low + 3)
        return st.lists(valid_value(schema.get("items", {}), defs), min_size=low, max_size=high)
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        if not properties:
            return st.dictionaries(st.text(min_size=1, max_size=10), JSON_SCALARS, max_size=3)
        required = set(schema.get("required", []))
        return st.fixed_dictionaries(
            {k: property_value(k, v, defs, True) for k, v in properties.items() if k in required},
            optional={
                k: property_value(k, v, defs, False) for k, v in properties.items() if k not in required
            },
        )
    return JSON_SCALARS


def property_value(
    name: str, schema: dict[str, Any], defs: dict[str, Any], required: bool
) -> st.SearchStrategy[Any]:
    """URLs are published without their regex (acemedia.tool_list), yet still checked: known by name."""
    if (name == "url" or name.endswith("_url")) and _resolve(schema, defs).get("type") == "string":
        return _url(optional=not required)
    return valid_value(schema, defs)


def invalid_value(schema: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values likely to break `schema`, none of which pydantic's lax mode could coerce into a valid one
    (no numeric or JSON-looking strings, no booleans for numbers, no 0/1 for booleans)."""
    checker = jsonschema.Draft202012Validator({**_resolve(schema, defs), "$defs": defs})
    schema = _resolve(schema, defs)
    branches = [_resolve(s, defs) for s in schema.get("anyOf", [schema])]
    # no None: optional values are published without their null branch, yet a null still means "unset"
    constants: list[Any] = [[1, 2], {"a": 1}, "~not json", "x" * HUGE]
    # (strategy, a value it might draw): a strategy whose probe the schema accepts is left out
    generated: list[tuple[st.SearchStrategy[Any], Any]] = [
        (st.builds(lambda s: "~" + s, st.text(max_size=12)), "~probe"),  # never JSON, never a number
        (st.lists(st.integers(), min_size=1, max_size=3), [1]),
        (st.builds(lambda n: "x" * n, st.integers(HUGE // 2, HUGE)), "x" * HUGE),
    ]
    for branch in branches:
        kind = branch.get("type")
        if kind == "string" or "enum" in branch:
            constants += [0, -3, 2.5, True, False, "", "not a url", "ftp://example.com/x", "http://a b"]
            generated.append((st.builds(lambda s: "unknown-enum-" + s, st.text(max_size=8)), "unknown-enum-"))
            if "maxLength" in branch:
                constants.append("y" * (branch["maxLength"] + 1))
        if kind in ("integer", "number"):
            low, high = branch.get("minimum"), branch.get("maximum")
            if low is not None:
                constants += [low - 1, low - 0.5, -(10**12)]
            if high is not None:
                constants += [high + 1, high + 0.5, 10**20]
            if kind == "integer":
                constants.append(2.5)
        if kind == "boolean":
            constants += [2, -1, "~maybe", 0.5]
        if kind == "array":
            constants += [7, "~not-a-list", [None], [{"a": 1}]]
            if "maxItems" in branch:
                item = valid_value(branch.get("items", {}), defs)
                size = branch["maxItems"] + 1
                generated.append((st.lists(item, min_size=size, max_size=size + 1), [None] * size))
            if branch.get("minItems", 0) > 0:
                constants.append([])
        if kind == "object":
            constants += [7, "~not-an-object", [1, 2]]
            if branch.get("additionalProperties") is False:
                constants.append({"zz_not_a_field": 1})
    bad_constants = [c for c in constants if not checker.is_valid(c)]
    options = [st.sampled_from(bad_constants)] if bad_constants else []
    options += [
        g.filter(lambda v: not checker.is_valid(v)) for g, probe in generated if not checker.is_valid(probe)
    ]
    return st.one_of(options)


@dataclass(frozen=True)
class Call:
    arguments: dict[str, Any]
    extra_keys: tuple[str, ...]
    schema_errors: tuple[str, ...]  # the argument names the input schema finds fault with

    @property
    def invalid(self) -> bool:
        return bool(self.extra_keys or self.schema_errors)


class ToolArguments:
    """Argument dicts for one tool: all valid, one thing wrong, or many things wrong at once."""

    def __init__(self, tool: Tool, known_ids: list[str]) -> None:
        self.tool = tool
        schema = tool.input_schema
        defs = schema.get("$defs", {})
        self.checker = jsonschema.Draft202012Validator(schema)
        self.required: list[str] = schema.get("required", [])
        properties: dict[str, Any] = schema.get("properties", {})
        self.valid = {
            name: property_value(name, prop, defs, name in self.required) for name, prop in properties.items()
        }
        self.invalid = {name: invalid_value(prop, defs) for name, prop in properties.items()}
        if "wait_seconds" in self.valid:  # a valid wait would hold the call for up to 10 minutes
            self.valid["wait_seconds"] = st.just(0)
        if known_ids:  # real task ids too, so the task tools also succeed
            ids = st.sampled_from(known_ids)
            if "task_id" in self.valid:
                self.valid["task_id"] = st.one_of(ids, self.valid["task_id"])
            if "task_ids" in self.valid:
                self.valid["task_ids"] = st.one_of(
                    st.lists(ids, min_size=1, max_size=3), self.valid["task_ids"]
                )
        self.extra_key = st.builds(
            lambda s: EXTRA_KEY_PREFIX + s, st.text("abcdefgh", min_size=1, max_size=6)
        )
        self.strategy = self._build()

    def schema_error_names(self, arguments: dict[str, Any]) -> tuple[str, ...]:
        names = set()
        for error in self.checker.iter_errors(arguments):
            if error.validator == "required":
                names.update(n for n in self.required if n not in arguments)
            elif error.path:
                names.add(str(error.path[0]))
        return tuple(sorted(names))

    def _build(self) -> st.SearchStrategy[Call]:
        @st.composite
        def build(draw: st.DrawFn) -> Call:
            plan = draw(st.sampled_from(["valid", "valid", "one_wrong", "one_wrong", "many_wrong"]))
            arguments: dict[str, Any] = {}
            for name, strategy in self.valid.items():
                if name in self.required or draw(st.booleans()):
                    arguments[name] = draw(strategy)
            extra: list[str] = []
            if plan == "one_wrong":
                wrongs = ["extra", *self.invalid, *(f"-{name}" for name in self.required)]
                wrong = draw(st.sampled_from(wrongs))
                if wrong == "extra":
                    extra.append(draw(self.extra_key))
                elif wrong.startswith("-"):
                    del arguments[wrong[1:]]
                else:
                    arguments[wrong] = draw(self.invalid[wrong])
            elif plan == "many_wrong":
                for name, strategy in self.invalid.items():
                    choice = draw(st.sampled_from(["keep", "keep", "omit", "invalid"]))
                    if choice == "omit":
                        arguments.pop(name, None)
                    elif choice == "invalid":
                        arguments[name] = draw(strategy)
                extra = draw(st.lists(self.extra_key, max_size=2, unique=True))
            for key in extra:
                arguments[key] = draw(JSON_SCALARS)
            return Call(arguments, tuple(extra), self.schema_error_names(arguments))

        return build()


# -- the server under test --------------------------------------------------------------------------


@dataclass
class Harness:
    portal: BlockingPortal
    clients: dict[str, Client]
    state: SimulatorState
    known_ids: dict[str, list[str]]
    _arguments: dict[str, ToolArguments] = field(default_factory=dict)

    def call(self, provider: str, tool: str, arguments: dict[str, Any]) -> Any:
        return self.portal.call(self.clients[provider].call_tool, tool, arguments)

    def upstream_requests(self) -> int:
        return len(self.state.journal.requests())

    def arguments(self, provider: str, tool: Tool) -> st.SearchStrategy[Call]:
        if tool.name not in self._arguments:
            self._arguments[tool.name] = ToolArguments(tool, self.known_ids[provider])
        return self._arguments[tool.name].strategy


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    """One event loop (in a portal thread) and one in-memory client per server for the whole module."""
    time = FakeTime()
    # the simulator shares the servers' virtual clock: a wait advances both, so jobs finish
    state = SimulatorState(clock=time.clock, sleep=time.sleep, job_seconds=20)
    for server in SERVERS.values():
        asgi_runtime(server, state, time, request_timeout=30.0, wait_intervals=(10.0,))
    with clients_in_a_portal(SERVERS) as (portal, clients):
        known_ids = {}
        for provider, server in SERVERS.items():
            example = server.provider.example
            assert example is not None
            results = [portal.call(clients[provider].call_tool, *example) for _ in range(2)]
            known_ids[provider] = [r.structured_content["task_id"] for r in results]
        yield Harness(portal, clients, state, known_ids)


def _names_any(text: str, names: tuple[str, ...]) -> bool:
    """A field name at a line start (pydantic's report), quoted, or after 'argument '."""
    for name in names:
        if re.search(rf"(^|['\"`]|argument ){re.escape(name)}(['\"`.\[]|\s|$)", text, re.MULTILINE):
            return True
    return False


REFUSAL = re.compile(r"validation error|invalid_argument|Unknown argument|Nothing was sent")


@pytest.mark.parametrize(("provider", "tool"), CATALOG, ids=[t.name for _, t in CATALOG])
@PROPERTY_SETTINGS
@given(data=st.data())
def test_every_call_ends_in_a_result_or_a_clear_tool_error(
    harness: Harness, provider: str, tool: Tool, data: st.DataObject
) -> None:
    call = data.draw(harness.arguments(provider, tool), label="call")
    before = harness.upstream_requests()
    result = harness.call(provider, tool.name, call.arguments)
    sent = harness.upstream_requests() - before
    text = tool_text(result)
    code = re.search(r"code ([a-z_0-9]+)", text)
    event(
        "refused" if call.invalid else f"error {code.group(1) if code else '?'}" if result.is_error else "ok"
    )

    assert not is_crash(tool.name, text), f"{tool.name} crashed on {call.arguments!r}"
    if call.invalid:
        assert result.is_error, f"{tool.name} accepted {call.arguments!r}: {text[:500]}"
        named = call.extra_keys + call.schema_errors
        assert _names_any(text, named), f"{tool.name}: {text[:800]!r} names none of {named}"
        assert sent == 0, f"{tool.name} refused {call.arguments!r} but sent {sent} upstream request(s)"
    elif result.is_error:
        # a valid-by-schema call may still be refused by the provider's own rules, or fail upstream;
        # either way the text says what happened
        assert re.search(r"\(.*code [a-z_0-9]+.*\)|validation error", text), text[:800]
        # the simulator checks bodies as the upstream's OpenAPI does: a 400 means the server let through
        # something it should have refused itself
        assert "HTTP 400" not in text, (
            f"{tool.name} sent {call.arguments!r} and the upstream refused it: {text}"
        )
        if REFUSAL.search(text):
            assert sent == 0, f"{tool.name} refused the call but sent {sent} upstream request(s): {text}"


@pytest.mark.parametrize(("provider", "tool"), CATALOG, ids=[t.name for _, t in CATALOG])
def test_an_unknown_argument_is_refused_by_name(harness: Harness, provider: str, tool: Tool) -> None:
    """Deterministic companion of the property: every tool refuses a misspelled extra key."""
    before = harness.upstream_requests()
    result = harness.call(provider, tool.name, {f"{EXTRA_KEY_PREFIX}typo": 1})
    assert result.is_error and f"{EXTRA_KEY_PREFIX}typo" in tool_text(result), tool_text(result)
    assert harness.upstream_requests() == before
