"""Extracts the upstream's published request schemas into tests/data/upstream_request_schemas.json.

    uv run python -m tests.upstream_schemas <folder with the AceDataCloud OpenAPI files>

For each POST endpoint, the request body schema of the newest source: the SDK's per-endpoint spec
(`sdk-endpoint-specs/<api_id>.json`) where there is one, else the provider's OpenAPI file (`<provider>.json`).
Only what validation reads is kept (types, required, enums, limits); descriptions and examples are dropped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).parent / "data" / "upstream_request_schemas.json"
KEEP = {
    "type", "required", "properties", "items", "enum", "const", "anyOf", "oneOf", "allOf",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "minItems", "maxItems", "pattern", "additionalProperties",
}  # fmt: skip


def _strip(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_strip(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    kept = {k: v for k, v in schema.items() if k in KEEP}
    if "properties" in kept:
        kept["properties"] = {name: _strip(s) for name, s in kept["properties"].items()}
    for key in ("items", "anyOf", "oneOf", "allOf", "additionalProperties"):
        if isinstance(kept.get(key), dict | list):
            kept[key] = _strip(kept[key])
    return kept


def _request_schemas(path: Path) -> dict[str, Any]:
    found = {}
    for route, operations in json.loads(path.read_text(encoding="utf-8"))["paths"].items():
        body = operations.get("post", {}).get("requestBody")
        if body:
            found[route] = _strip(body["content"]["application/json"]["schema"])
    return found


def extract(folder: Path) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for path in sorted(folder.glob("*.json")):
        for route, schema in _request_schemas(path).items():
            schemas[route] = {"source": path.name, "schema": schema}
    for path in sorted((folder / "sdk-endpoint-specs").glob("*.json")):
        for route, schema in _request_schemas(path).items():
            schemas[route] = {"source": f"sdk-endpoint-specs/{path.name}", "schema": schema}
    return dict(sorted(schemas.items()))


if __name__ == "__main__":
    OUT.write_text(json.dumps(extract(Path(sys.argv[1])), indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {OUT}")
