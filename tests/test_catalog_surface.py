"""The 59 tools of the existing servers keep their names, parameters and defaults.

tests/data/catalog_surface.json pins, for every tool and parameter of the existing servers, whether ours
requires it or which default ours has. It began as the tools catalog's 54 tools (checked by hand against
it) and was refreshed with `python -m parity --write-snapshot tests/data/catalog_surface.json` against
the newest published servers: mcp-kling 2026.10.24.0, mcp-producer, mcp-veo and mcp-luma 2026.10.18.4,
and mcp-sora 2026.10.8.0. That added Kling's five new tools, Producer's `prompt` and Veo's
`veo_get_1080p` `callback_url`, and kept what the older servers had and the newest dropped (Producer's
`style` and `swap_audio_id`). Deliberate differences are listed in the README and parity/allowed.json.
A change to any of them must be a decision, made by editing that file, never an accident.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

SURFACE: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "catalog_surface.json").read_text()
)
COUNTS = {"sora": 10, "luma": 8, "kling": 15, "producer": 18, "veo": 8}


@pytest.mark.parametrize("provider", sorted(COUNTS))
async def test_existing_tool_surface_is_kept(provider: str) -> None:
    server = importlib.import_module(f"{provider}_mcp.server").server
    async with Client(server.mcp, mode="legacy") as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    expected = {name: params for name, params in SURFACE.items() if name.startswith(f"{provider}_")}
    assert len(expected) == COUNTS[provider]
    for name, params in expected.items():
        assert name in tools, name
        schema = tools[name].input_schema
        required = set(schema.get("required", []))
        for param, spec in params.items():
            assert param in schema["properties"], f"{name}.{param}"
            if spec == "required":
                assert param in required, f"{name}.{param} should be required"
            else:
                assert param not in required, f"{name}.{param} should be optional"
                assert schema["properties"][param].get("default") == spec["default"], f"{name}.{param}"
