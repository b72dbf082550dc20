"""Every server's model-visible tool list (names, descriptions, input schemas as compact JSON) is at
most the size of the existing published server's, as recorded in data/published_tool_sizes.json."""

from __future__ import annotations

import pytest

from bench.tool_lists import PROVIDERS, model_visible_bytes, ours, published_sizes


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_tool_list_fits_the_existing_servers_budget(provider: str) -> None:
    budget = published_sizes()[provider]
    tools = await ours(provider)
    size = model_visible_bytes(tools)
    assert size <= budget["bytes"], (
        f"{provider}: {len(tools)} tools take {size} bytes, over the {budget['bytes']} bytes of "
        f"{budget['package']} {budget['version']} ({budget['tools']} tools); shorten descriptions"
    )
