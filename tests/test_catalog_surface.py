"""The 54 tools of the existing servers keep their names, parameters and defaults.

tests/data/catalog_surface.json was written from the tools catalog (every name, parameter and default
checked by hand against it; deliberate changes are listed in the README). A change to any of them must
be a decision, made by editing that file, never an accident.
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
COUNTS = {"sora": 10, "luma": 8, "kling": 10, "producer": 18, "veo": 8}


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
