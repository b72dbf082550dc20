"""A provider's pinned surface snapshot (packages/<provider>-mcp/tests/data/catalog_surface.json),
refreshed from a comparison's surfaces.

For every tool and top-level parameter theirs has, ours' required flag or default: what the catalog
snapshot test pins. Entries of the previous snapshot that theirs no longer has stay (agents written
against the older servers still send them); removing one is a decision made by editing the file.
A parameter ours lacks is left out (the comparison reports it as a failure).
"""

from __future__ import annotations

from collections.abc import Mapping

from .surface import JSON, Surface

Pinned = dict[str, dict[str, JSON]]


def snapshot(
    theirs: Surface, ours: Surface, previous: Mapping[str, Mapping[str, JSON]] | None = None
) -> Pinned:
    pinned: Pinned = {tool: dict(params) for tool, params in (previous or {}).items()}
    for tool in sorted(theirs):
        if tool not in ours:
            continue
        params = ours[tool]
        entry = pinned.setdefault(tool, {})
        for name in theirs[tool]:
            if name in params:
                entry[name] = "required" if params[name].required else {"default": params[name].default}
    return {tool: dict(sorted(params.items())) for tool, params in sorted(pinned.items())}
