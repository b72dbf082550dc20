"""A `tools/list` that costs little: input schemas without titles, output schemas cheap to check.

Input schemas: a model reads them in every conversation, so what tells it nothing is left out:
pydantic's generated titles ("Task Id" next to `task_id`), the `null` branch of optional values, and
the URL regex and length cap. Arguments are still validated against the tool's own model, so nothing
the published schema no longer spells is accepted.

Output schemas:
The mcp 1.x Python client, which most agent frameworks pin, checks every structured result with
`jsonschema.validate`, which first checks the schema itself against its metaschema: for a schema in
the default 2020-12 dialect that costs ~10 ms a call on `get_task`, more than the whole round trip.
So `tools/list` publishes each output schema compacted: in the draft-07 dialect (whose metaschema is
checked an order of magnitude faster; MCP lets a schema name its dialect with `$schema`), with the
required fields only, references inlined, and no titles or descriptions. Results still carry every
field; the server keeps validating its results against the full models.
"""

from __future__ import annotations

from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext

from .fields import MAX_URL_LENGTH, OPTIONAL_URL_PATTERN, URL_PATTERN

JSON = dict[str, Any]
URL_PATTERNS = frozenset({URL_PATTERN, OPTIONAL_URL_PATTERN})
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
KEPT = ("type", "enum", "const")


def compact(schema: JSON) -> JSON:
    """The required skeleton of `schema`, self-contained, in draft-07."""
    return {"$schema": DRAFT_07, **_skeleton(schema, schema.get("$defs", {}))}


def lean_input(schema: Any) -> Any:
    """`schema` as a model needs it: no generated titles, no `null` branch on optional values (leaving a
    value out says the same), and no URL regex or URL length cap (the tool still enforces both)."""
    if isinstance(schema, list):
        return [lean_input(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = _without_null_branch(schema)
    out: JSON = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if (key == "pattern" and value in URL_PATTERNS) or (key == "maxLength" and value == MAX_URL_LENGTH):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: lean_input(sub) for name, sub in value.items()}
        else:
            out[key] = lean_input(value)
    return out


def _without_null_branch(schema: JSON) -> JSON:
    branches = schema.get("anyOf")
    if not isinstance(branches, list) or schema.get("default", None) is not None or "default" not in schema:
        return schema
    rest = [b for b in branches if b != {"type": "null"}]
    if len(rest) != 1 or len(rest) == len(branches) or not isinstance(rest[0], dict):
        return schema
    kept = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
    return {**rest[0], **kept}


def _skeleton(node: JSON, defs: JSON) -> JSON:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        node = defs.get(ref.removeprefix("#/$defs/"), {})
    out = {key: node[key] for key in KEPT if key in node}
    required = [name for name in node.get("required", []) if name in node.get("properties", {})]
    if required:
        out["required"] = required
        out["properties"] = {name: _skeleton(node["properties"][name], defs) for name in required}
    if isinstance(node.get("items"), dict):
        out["items"] = _skeleton(node["items"], defs)
    return out


class LeanToolList:
    """Server middleware: `tools/list` answers carry lean input and output schemas (computed once per tool)."""

    def __init__(self) -> None:
        self._inputs: dict[str, JSON] = {}
        self._outputs: dict[str, JSON] = {}

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        answer = await call_next(ctx)
        if ctx.method == "tools/list" and isinstance(answer, dict):
            for tool in answer.get("tools") or []:
                if isinstance(tool, dict):
                    self._lean(tool)
        return answer

    def _lean(self, tool: JSON) -> None:
        name = str(tool.get("name"))
        if isinstance(schema := tool.get("inputSchema"), dict):
            if name not in self._inputs:
                self._inputs[name] = lean_input(schema)
            tool["inputSchema"] = self._inputs[name]
        if isinstance(schema := tool.get("outputSchema"), dict):
            if name not in self._outputs:
                self._outputs[name] = compact(schema)
            tool["outputSchema"] = self._outputs[name]
