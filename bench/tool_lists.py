"""What a tool list costs a model: names, descriptions and input schemas as compact JSON, per server.

Ours is read through an in-memory MCP client; the existing servers' sizes were measured the same way
on `tools/list` of their published packages and recorded in tests/data/published_tool_sizes.json.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from mcp import Client

PROVIDERS = ("sora", "luma", "kling", "producer", "veo")
SIZES = Path(__file__).resolve().parent.parent / "tests" / "data" / "published_tool_sizes.json"


def model_visible_bytes(tools: list[dict[str, Any]]) -> int:
    """Bytes of `[{name, description, inputSchema}]` as compact UTF-8 JSON."""
    visible = [
        {"name": t["name"], "description": t.get("description", ""), "inputSchema": t.get("inputSchema", {})}
        for t in tools
    ]
    return len(json.dumps(visible, separators=(",", ":"), ensure_ascii=False).encode())


async def ours(provider: str) -> list[dict[str, Any]]:
    server = importlib.import_module(f"{provider}_mcp.server").server
    async with Client(server.mcp) as client:
        listed = (await client.list_tools()).tools
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in listed]


def published_sizes(path: Path = SIZES) -> dict[str, dict[str, Any]]:
    """The recorded sizes of the existing servers' tool lists, by provider."""
    return dict(json.loads(path.read_text())["servers"])


async def compare(path: Path = SIZES) -> dict[str, Any]:
    theirs = published_sizes(path)
    report: dict[str, Any] = {}
    for provider in PROVIDERS:
        mine = await ours(provider)
        existing = theirs.get(provider, {})
        report[provider] = {
            "ours_tools": len(mine),
            "ours_bytes": model_visible_bytes(mine),
            "existing_tools": existing.get("tools"),
            "existing_bytes": existing.get("bytes"),
            "existing_package": f"{existing.get('package')} {existing.get('version')}",
        }
    return report


if __name__ == "__main__":
    import anyio

    print(json.dumps(anyio.run(compare), indent=1))
