"""The pinned surface snapshot (tests/data/catalog_surface.json) from a comparison's two surfaces.

For every tool and top-level parameter theirs has, ours' required flag or default: what the catalog
snapshot test pins. A parameter ours lacks is left out (the comparison reports it as a failure).
"""

from __future__ import annotations

from .surface import JSON, Surface


def snapshot(theirs: Surface, ours: Surface) -> dict[str, dict[str, JSON]]:
    pinned: dict[str, dict[str, JSON]] = {}
    for tool in sorted(theirs):
        if tool not in ours:
            continue
        params = ours[tool]
        pinned[tool] = {
            name: "required" if params[name].required else {"default": params[name].default}
            for name in sorted(theirs[tool])
            if name in params
        }
    return pinned
