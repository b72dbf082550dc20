"""Tool descriptions as the model reads them: no docstring indentation leaks into the text."""

from __future__ import annotations

import importlib
import re

import pytest
from mcp import Client

from .conftest import PROVIDERS

INDENTED_LINE = re.compile(r"\n[ \t]+")


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_no_tool_description_has_indentation_after_a_newline(provider: str) -> None:
    server = importlib.import_module(f"{provider}_mcp.server").server
    async with Client(server.mcp, mode="legacy") as client:
        tools = (await client.list_tools()).tools
    indented = [t.name for t in tools if t.description and INDENTED_LINE.search(t.description)]
    assert not indented, indented
    assert all(t.description and t.description == t.description.strip() for t in tools)
