"""What a tool list costs a model: names, descriptions and input schemas as compact JSON, per server.

In a benchmark run both sides are read the same way: `tools/list` over stdio through the mcp 2.x
client, from our console script and from the published server installed in its venv. The sizes each
provider package records in its `tests/data/published_tool_sizes.json` (what its contract suite holds
the server to) are shown next to the live figure, and stand in for it when a published server could
not be run. The providers are the installed ones (their `acemedia.providers` entry points).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acemedia import ProviderServer, provider_names
from acemedia_testing import ProviderData, dumped_tools, listed_tools, model_visible_bytes

from .progress import say
from .sessions import stdio_session
from .targets import Target


async def ours(provider: str) -> list[dict[str, Any]]:
    """Our server's tool list through an in-memory client (what the budget check reads)."""
    return await listed_tools(ProviderServer.installed(provider))


async def over_stdio(target: Target, log: Path) -> list[dict[str, Any]]:
    """A server's tool list as a host gets it: spawned over stdio, `tools/list` after initialize."""
    async with stdio_session(target, log) as client:
        return dumped_tools((await client.list_tools()).tools)


def published_sizes() -> dict[str, dict[str, Any]]:
    """The recorded sizes of the existing servers' tool lists, by installed provider (from its folder)."""
    return {provider: ProviderData.of(provider).budget() for provider in provider_names()}


def published_versions() -> dict[str, str]:
    """The existing published server each provider is measured against: provider -> pinned version.

    Pinned in each provider's folder beside the size of its tool list, to the newest release on PyPI
    (`pip index versions mcp-veo`, checked 2026-12-02). Each gets its own virtual environment: they all
    ship top-level modules named `main`, `core`, `tools` and `prompts`, so they cannot share one. Veo and
    Sora are measured in every part; the others only for the size of their tool lists."""
    return {provider: str(budget["version"]) for provider, budget in published_sizes().items()}


async def compare(mine: dict[str, Target], theirs: dict[str, Target], log: Path) -> dict[str, Any]:
    """Per provider: our live size, the existing server's live size (when it ran) and its recorded one."""
    recorded = published_sizes()
    report: dict[str, Any] = {}
    for provider in recorded:
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
