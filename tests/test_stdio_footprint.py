"""A stdio server loads nothing of HTTP mode: no app, no OAuth, no shared store (they are
`acemedia.http`, imported only for `--transport http`), and no save path until the first save."""

from __future__ import annotations

import pytest
from acemedia.discovery import server_package
from acemedia_testing import stdio_footprint

from .conftest import PROVIDERS

pytestmark = pytest.mark.e2e  # a server process per provider


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_stdio_server_starts_without_http_mode(provider: str) -> None:
    footprint = stdio_footprint(server_package(provider))
    assert footprint.answered, "the server did not list its tools"
    assert footprint.under("acemedia.http") == []
    assert footprint.under("acemedia.media.save") == [] and footprint.under("acemedia.media.download") == []
    assert "acemedia.server" in footprint.lines and "acemedia.mcp_tasks" in footprint.lines
