"""What a tool list costs a model: names, descriptions and input schemas as compact JSON, per server.

In a benchmark run both sides are read the same way: `tools/list` over stdio through the mcp 2.x
client, from our console script and from the published server installed in its venv. The sizes
recorded in tests/data/published_tool_sizes.json (what tests/test_tool_list_budget.py holds each server
to) are shown next to the live figure, and stand in for it when a published server could not be run.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from mcp import Client

from .progress import say
from .sessions import stdio_session
from .targets import Target

PROVIDERS = ("sora", "luma", "kling", "producer", "veo")
SIZES = Path(__file__).resolve().parent.parent / "tests" / "data" / "published_tool_sizes.json"


def model_visible_bytes(tools: list[dict[str, Any]]) -> int:
    """Bytes of `[{name, description, inputSchema}]` as compact UTF-8 JSON."""
    visible = [
        {"name": t["name"], "description": t.get("description", ""), "inputSchema": t.get("inputSchema", {})}
        for t in tools
    ]
    return len(json.dumps(visible, separators=(",", ":"), ensure_ascii=False).encode())


def _dumped(listed: Any) -> list[dict[str, Any]]:
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in listed]


async def ours(provider: str) -> list[dict[str, Any]]:
    """Our server's tool list through an in-memory client (what the budget test reads)."""
    server = importlib.import_module(f"{provider}_mcp.server").server
    async with Client(server.mcp) as client:
        return _dumped((await client.list_tools()).tools)


async def over_stdio(target: Target, log: Path) -> list[dict[str, Any]]:
    """A server's tool list as a host gets it: spawned over stdio, `tools/list` after initialize."""
    async with stdio_session(target, log) as client:
        return _dumped((await client.list_tools()).tools)


def published_sizes(path: Path = SIZES) -> dict[str, dict[str, Any]]:
    """The recorded sizes of the existing servers' tool lists, by provider."""
    return dict(json.loads(path.read_text())["servers"])


async def compare(mine: dict[str, Target], theirs: dict[str, Target], log: Path) -> dict[str, Any]:
    """Per provider: our live size, the existing server's live size (when it ran) and its recorded one."""
    recorded = published_sizes()
    report: dict[str, Any] = {}
    for provider in PROVIDERS:
        if provider not in mine:
            continue
        ours_tools = await over_stdio(mine[provider], log)
        row: dict[str, Any] = {
            "ours_label": mine[provider].label,
            "ours_tools": len(ours_tools),
            "ours_bytes": model_visible_bytes(ours_tools),
            "ours_names": [t["name"] for t in ours_tools],
        }
        kept = recorded.get(provider, {})
        row["recorded"] = {k: kept.get(k) for k in ("package", "version", "tools", "bytes")}
        if provider in theirs:
            existing_tools = await over_stdio(theirs[provider], log)
            row.update(
                existing_source="measured in this run",
                existing_package=f"{theirs[provider].package} {theirs[provider].version}",
                existing_tools=len(existing_tools),
                existing_bytes=model_visible_bytes(existing_tools),
            )
        else:
            row.update(
                existing_source="recorded (the published server was not available in this run)",
                existing_package=f"{kept.get('package')} {kept.get('version')}",
                existing_tools=kept.get("tools"),
                existing_bytes=kept.get("bytes"),
            )
        report[provider] = row
        say(
            f"  {provider}: ours {row['ours_tools']} tools, {row['ours_bytes']:,} bytes; "
            f"{row['existing_package']}: {row['existing_tools']} tools, {row['existing_bytes']:,} bytes"
        )
    return report
