"""The pytest plugin (entry point `pytest11`): fixtures every provider's tests share.

A test module or class names its server with a `provider_server` fixture; `upstream` then points that
server at a respx mock of the upstream, with a fake clock.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx
from acemedia.server import ProviderServer

from .contract import BASE_URL, FakeTime, use_test_runtime


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture(params=["auto", "legacy"])
def mode(request: pytest.FixtureRequest) -> str:
    """Both the 2026-07-28 direct mode and the JSON-RPC handshake today's hosts speak."""
    return str(request.param)


@pytest.fixture
def provider_server() -> ProviderServer:
    raise pytest.UsageError("define a `provider_server` fixture that returns the ProviderServer under test")


@pytest.fixture
def upstream(provider_server: ProviderServer, fake_time: FakeTime) -> Iterator[respx.MockRouter]:
    use_test_runtime(provider_server, fake_time)
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router
