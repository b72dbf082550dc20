"""Output schemas that cost clients little to check.

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


class CompactOutputSchemas:
    """Server middleware: `tools/list` answers carry compacted output schemas (computed once per tool)."""

    def __init__(self) -> None:
        self._done: dict[str, JSON] = {}

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        answer = await call_next(ctx)
        if ctx.method == "tools/list" and isinstance(answer, dict):
            for tool in answer.get("tools") or []:
                schema = tool.get("outputSchema") if isinstance(tool, dict) else None
                if isinstance(schema, dict):
                    name = str(tool.get("name"))
                    if name not in self._done:
                        self._done[name] = compact(schema)
                    tool["outputSchema"] = self._done[name]
        return answer
