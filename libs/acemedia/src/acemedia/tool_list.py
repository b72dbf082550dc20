"""A `tools/list` that costs little: input schemas without titles, output schemas cheap to check.

Input schemas: pydantic titles every property ("Task Id" next to `task_id`) and the schema itself;
a model reads them in every conversation and learns nothing from them, so they are left out (argument
validation uses the tool's own model, not the published schema).

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

JSON = dict[str, Any]
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
KEPT = ("type", "enum", "const")


def compact(schema: JSON) -> JSON:
    """The required skeleton of `schema`, self-contained, in draft-07."""
    return {"$schema": DRAFT_07, **_skeleton(schema, schema.get("$defs", {}))}


def untitled(schema: Any) -> Any:
    """`schema` without pydantic's generated `title`s (a property named "title" stays)."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "title" and isinstance(value, str):
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {name: untitled(sub) for name, sub in value.items()}
            else:
                out[key] = untitled(value)
        return out
    if isinstance(schema, list):
        return [untitled(item) for item in schema]
    return schema


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
                self._inputs[name] = untitled(schema)
            tool["inputSchema"] = self._inputs[name]
        if isinstance(schema := tool.get("outputSchema"), dict):
            if name not in self._outputs:
                self._outputs[name] = compact(schema)
            tool["outputSchema"] = self._outputs[name]
