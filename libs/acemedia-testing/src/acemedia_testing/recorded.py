"""Checks against the data a provider package keeps in its own `tests/data` folder.

A provider is one folder for its tests too. Beside its tests, each provider package keeps what its
characterization tests compare with:

    tests/data/upstream_request_bodies.json      the exact bytes each call sends upstream (recorded, never edited)
    tests/data/upstream_request_edge_cases.json  calls at the edges of what `present` keeps ("", null, 0, ...)
    tests/data/upstream_request_schemas.json     the upstream's published request schemas (from its OpenAPI files)
    tests/data/upstream_request_schema_exceptions.json   (optional) endpoints with no published schema,
                                                 spec errata, enum values newer than the published schemas
    tests/data/catalog_surface.json              the existing server's tools and parameters: required, or
                                                 which default ours has
    tests/data/published_tool_sizes.json         the existing server's model-visible tool-list size: our budget
    tests/data/reply_readings.json               documented upstream replies and the reading each must get
                                                 (checked by the workspace's cross-package tests)

`RecordedContract` runs the checks: mix it into the provider's `ProviderContract` subclass and name the
folder, and the suite replays the contract's submit cases and the edge cases through a real MCP client:

    class TestLumaContract(ProviderContract, RecordedContract):
        server = server
        data_dir = Path(__file__).parent / "data"
        ...

After a deliberate change to what a tool sends, re-record the bodies with
`python -m acemedia_testing.record bodies <provider>` and read the diff: every changed line is a change
the upstream will see.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlparse
from urllib.request import url2pathname

import httpx
import respx
from acemedia import ProviderServer
from mcp import Client

from .contract import BASE_URL, FakeTime, SubmitCase, tool_text, use_test_runtime

BODIES = "upstream_request_bodies.json"
EDGE_CASES = "upstream_request_edge_cases.json"
SCHEMAS = "upstream_request_schemas.json"
SCHEMA_EXCEPTIONS = "upstream_request_schema_exceptions.json"
SURFACE = "catalog_surface.json"
BUDGET = "published_tool_sizes.json"
READINGS = "reply_readings.json"
# what every provider's tests/data holds (the schema exceptions are optional)
REQUIRED_FILES = (BODIES, EDGE_CASES, SCHEMAS, SURFACE, BUDGET, READINGS)

JSON = dict[str, Any]
Call = tuple[str, dict[str, Any]]  # a tool and its arguments


def dump_json(value: Any) -> str:
    """The one text form of every file in a provider's tests/data: what a re-recording writes."""
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


# -- where a provider's data is ----------------------------------------------------------------------


def provider_folder(name: str) -> Path:
    """The source folder (the one with its pyproject.toml) of the installed provider `name`.

    Found from its `acemedia.providers` entry point and the install record of its distribution (PEP 610
    `direct_url.json`, which an editable or folder install such as the workspace's leaves). An install
    from a wheel has none, nor tests and their data: LookupError."""
    distribution = ProviderServer.installed(name).provider.distribution
    try:
        record = metadata.distribution(distribution).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        record = None
    where: JSON = json.loads(record) if record else {}
    url = urlparse(str(where.get("url", "")))
    if url.scheme != "file" or "dir_info" not in where:
        raise LookupError(f"provider {name!r} ({distribution}) is not installed from a source folder")
    return Path(url2pathname(url.path)).resolve()


@dataclass(frozen=True)
class ProviderData:
    """A provider's tests/data folder and readers for what it holds."""

    folder: Path

    @classmethod
    def of(cls, name: str) -> ProviderData:
        """The data of the installed provider `name`, in its source folder."""
        return cls(provider_folder(name) / "tests" / "data")

    def read(self, file: str) -> Any:
        return json.loads((self.folder / file).read_text(encoding="utf-8"))

    def bodies(self) -> list[JSON]:
        """Each recorded call: tool, args, the path it POSTed to and its body as the exact text sent."""
        entries: list[JSON] = self.read(BODIES)
        return entries

    def edge_cases(self) -> list[Call]:
        return [(case["tool"], case["args"]) for case in self.read(EDGE_CASES)["cases"]]

    def schemas(self) -> RequestSchemas:
        exceptions: JSON = {}
        if (self.folder / SCHEMA_EXCEPTIONS).is_file():
            exceptions = self.read(SCHEMA_EXCEPTIONS)
        return RequestSchemas(
            {path: entry["schema"] for path, entry in self.read(SCHEMAS).items()},
            dict(exceptions.get("unpublished", {})),
            list(exceptions.get("errata", [])),
            list(exceptions.get("newer_values", [])),
        )

    def surface(self) -> dict[str, dict[str, Any]]:
        """Tool -> parameter -> "required" or {"default": ours}, for every tool the existing server has."""
        surface: dict[str, dict[str, Any]] = self.read(SURFACE)
        return surface

    def budget(self) -> JSON:
        """The existing server's tool list: package, version, tools and bytes (see `model_visible_bytes`)."""
        budget: JSON = self.read(BUDGET)
        return budget

    def readings(self) -> list[JSON]:
        """Documented upstream replies, each with the reading it must get."""
        rows: list[JSON] = self.read(READINGS)["rows"]
        return rows


# -- the exact bytes sent upstream ------------------------------------------------------------------


def recorded_calls(submit_cases: Iterable[SubmitCase], edge_cases: Iterable[Call]) -> list[Call]:
    """Every contract case's call, then the edge cases, each once: what the recording holds, in order."""
    unique: list[Call] = []
    for call in [*((case.tool, case.args) for case in submit_cases), *edge_cases]:
        if call not in unique:
            unique.append(call)
    return unique


async def requests_sent(server: ProviderServer, calls: Sequence[Call]) -> list[JSON]:
    """What each call POSTs upstream, through one real MCP client session: its path and its body as the
    exact text sent (a session per call costs twenty times as much and sends the same bytes)."""
    sent: list[JSON] = []
    use_test_runtime(server, FakeTime())
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as upstream:
        route = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "task-1"}))
        async with Client(server.mcp, mode="legacy") as client:
            for tool, args in calls:
                before = route.call_count
                result = await client.call_tool(tool, args)
                assert not result.is_error, f"{tool} {args}: {tool_text(result)}"
                assert route.call_count == before + 1, f"{tool} {args}: {route.call_count - before} requests"
                request = route.calls.last.request
                sent.append(
                    {"tool": tool, "args": args, "path": request.url.path, "body": request.content.decode()}
                )
    return sent


# -- the upstream's published request schemas --------------------------------------------------------


@dataclass(frozen=True)
class RequestSchemas:
    """The published request schema of each endpoint, and the documented exceptions to them."""

    schemas: dict[str, JSON]
    # endpoints with no published schema: path -> why
    unpublished: dict[str, str] = field(default_factory=dict)
    # known spec bugs: {"endpoint", "field", "replace": keys that replace the field schema's, "why"}
    errata: list[JSON] = field(default_factory=list)
    # enum values newer than the published schemas: {"endpoint", "field", "values", "why"}
    newer_values: list[JSON] = field(default_factory=list)

    def schema_for(self, path: str) -> JSON:
        """The published schema of `path`, with the errata and the newer values applied."""
        schema: JSON = json.loads(json.dumps(self.schemas[path]))
        for erratum in self.errata:
            if erratum["endpoint"] == path:
                name = erratum["field"]
                schema["properties"][name] = {**schema["properties"][name], **erratum["replace"]}
        for newer in self.newer_values:
            if newer["endpoint"] == path:
                schema["properties"][newer["field"]]["enum"] += list(newer["values"])
        return schema

    def problems(self, path: str, body: JSON) -> list[str]:
        """What the schema of `path` refuses in `body` (empty: it passes)."""
        try:
            import jsonschema  # type: ignore[import-untyped]
        except ImportError as exc:  # pragma: no cover - the workspace installs it
            raise RuntimeError("checking request schemas needs jsonschema (pip install jsonschema)") from exc
        validator = jsonschema.Draft7Validator(self.schema_for(path))
        return [
            f"{'.'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
            for e in validator.iter_errors(body)
        ]

    def stale_exceptions(self, sent: set[str]) -> list[str]:
        """Documented exceptions that no longer hold, given the paths the contract cases send to."""
        stale = [f"{path}: no contract case sends to it" for path in self.unpublished if path not in sent]
        stale += [
            f"{path}: it has a published schema now" for path in self.unpublished if path in self.schemas
        ]
        for erratum in self.errata:
            published = self.schemas[erratum["endpoint"]]["properties"][erratum["field"]]
            if {**published, **erratum["replace"]} == published:
                stale.append(f"{erratum['endpoint']} {erratum['field']}: the spec is fixed, drop the erratum")
        for newer in self.newer_values:
            enum = self.schemas[newer["endpoint"]]["properties"][newer["field"]]["enum"]
            if set(newer["values"]) & set(enum):
                stale.append(f"{newer['endpoint']} {newer['field']}: the spec has caught up, drop the values")
        return stale


# -- the tool list ---------------------------------------------------------------------------------------


def model_visible_bytes(tools: Sequence[JSON]) -> int:
    """Bytes of `[{name, description, inputSchema}]` as compact UTF-8 JSON: what a tool list costs a model."""
    visible = [
        {"name": t["name"], "description": t.get("description", ""), "inputSchema": t.get("inputSchema", {})}
        for t in tools
    ]
    return len(json.dumps(visible, separators=(",", ":"), ensure_ascii=False).encode())


def dumped_tools(listed: Iterable[Any]) -> list[JSON]:
    """`tools/list` entries as the JSON a client receives."""
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in listed]


async def listed_tools(server: ProviderServer, mode: str = "auto") -> list[JSON]:
    """The server's tool list through an in-memory MCP client, as JSON."""
    async with Client(server.mcp, mode=mode) as client:
        return dumped_tools((await client.list_tools()).tools)


def surface_problems(tools: Sequence[JSON], surface: dict[str, dict[str, Any]]) -> list[str]:
    """Where our tools differ from the pinned surface: a tool or parameter gone, required or default changed."""
    by_name = {t["name"]: t for t in tools}
    problems: list[str] = []
    for name, params in surface.items():
        if name not in by_name:
            problems.append(f"{name}: missing")
            continue
        schema = by_name[name].get("inputSchema", {})
        required = set(schema.get("required", []))
        for param, spec in params.items():
            if param not in schema.get("properties", {}):
                problems.append(f"{name}.{param}: missing")
            elif spec == "required":
                if param not in required:
                    problems.append(f"{name}.{param} should be required")
            elif param in required:
                problems.append(f"{name}.{param} should be optional")
            elif schema["properties"][param].get("default") != spec["default"]:
                ours = schema["properties"][param].get("default")
                problems.append(f"{name}.{param}: default {ours!r}, pinned {spec['default']!r}")
    return problems


# -- the suite -------------------------------------------------------------------------------------------


class RecordedContract:
    """Mix into a provider's `ProviderContract` subclass, with `data_dir` naming its tests/data folder."""

    server: ClassVar[ProviderServer]
    submit_cases: ClassVar[list[SubmitCase]]
    catalog_tools: ClassVar[set[str]]
    data_dir: ClassVar[Path]

    @classmethod
    def data(cls) -> ProviderData:
        return ProviderData(Path(cls.data_dir))

    @classmethod
    def calls(cls) -> list[Call]:
        """What the recording must hold: the contract's submit cases, then the edge cases."""
        return recorded_calls(cls.submit_cases, cls.data().edge_cases())

    # -- the exact bytes sent upstream: key order, 5 against 5.0, empty values sent or left out ---------

    def test_every_case_is_recorded(self) -> None:
        recorded = [(e["tool"], e["args"]) for e in self.data().bodies()]
        assert recorded == self.calls(), (
            f"the cases changed: re-record with `python -m acemedia_testing.record bodies "
            f"{self.server.provider.name}` and review the diff of {BODIES}"
        )

    def test_every_generation_tool_has_an_edge_case(self) -> None:
        covered = {tool for tool, _args in self.data().edge_cases()}
        every = {case.tool for case in self.submit_cases}
        assert every <= covered, f"add edge cases to {EDGE_CASES}: {sorted(every - covered)}"

    async def test_each_call_sends_the_recorded_bytes(self) -> None:
        entries = self.data().bodies()
        now = await requests_sent(self.server, [(e["tool"], e["args"]) for e in entries])
        assert [(n["tool"], n["path"], n["body"]) for n in now] == [
            (e["tool"], e["path"], e["body"]) for e in entries
        ]

    # -- the upstream's published request schemas ----------------------------------------------------

    def test_each_submitted_body_passes_the_published_request_schema(self) -> None:
        schemas = self.data().schemas()
        problems: dict[str, list[str]] = {}
        for number, case in enumerate(self.submit_cases):
            where = f"{case.tool}:{number} sends {case.body}"
            if case.path in schemas.unpublished:
                continue  # documented: the upstream publishes no schema for it
            if case.path not in schemas.schemas:
                problems[where] = [f"{case.path} has no published schema: list it in {SCHEMA_EXCEPTIONS}"]
            elif found := schemas.problems(case.path, case.body):
                problems[where] = found
        assert problems == {}

    def test_every_documented_schema_exception_is_still_needed(self) -> None:
        schemas = self.data().schemas()
        assert schemas.stale_exceptions({case.path for case in self.submit_cases}) == []

    async def test_task_queries_pass_the_published_request_schema(self) -> None:
        server = self.server
        use_test_runtime(server, FakeTime())
        path, prefix = server.provider.tasks_path, server.provider.name
        record = {"id": "task-1", "response": {"success": True, "task_id": "task-1"}}
        with respx.mock(base_url=BASE_URL, assert_all_called=False) as upstream:
            route = upstream.post(path).mock(
                side_effect=[
                    httpx.Response(200, json=record),
                    httpx.Response(200, json={"items": [record], "count": 1}),
                ]
            )
            async with Client(server.mcp, mode="legacy") as client:
                await client.call_tool(f"{prefix}_get_task", {"task_id": "task-1"})
                await client.call_tool(f"{prefix}_get_tasks_batch", {"task_ids": ["task-1", "task-2"]})
        bodies = [json.loads(call.request.content) for call in route.calls]
        assert len(bodies) == 2
        schemas = self.data().schemas()
        for body in bodies:
            assert schemas.problems(path, body) == [], body

    # -- the existing server's tools: names, parameters and defaults kept, the list no larger -----------

    async def test_existing_tool_surface_is_kept(self) -> None:
        """A change to the pinned surface must be a decision, made by editing catalog_surface.json."""
        surface = self.data().surface()
        assert set(surface) == self.catalog_tools, f"{SURFACE} pins other tools than catalog_tools"
        assert surface_problems(await listed_tools(self.server, mode="legacy"), surface) == []

    async def test_tool_list_fits_the_published_budget(self) -> None:
        budget = self.data().budget()
        tools = await listed_tools(self.server)
        size = model_visible_bytes(tools)
        assert size <= budget["bytes"], (
            f"{self.server.provider.name}: {len(tools)} tools take {size} bytes, over the {budget['bytes']} "
            f"bytes of {budget['package']} {budget['version']} ({budget['tools']} tools); shorten descriptions"
        )


def contract_classes(tests: Path) -> list[type[RecordedContract]]:
    """The `RecordedContract` classes a provider's tests folder defines (its test modules imported)."""
    found: list[type[RecordedContract]] = []
    for path in sorted(tests.glob("test_*.py")):
        name = f"_acemedia_recorded_{tests.parent.name.replace('-', '_')}_{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has a loader
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, RecordedContract)
            and value is not RecordedContract
            and value.__module__ == name
        ]
    return found
