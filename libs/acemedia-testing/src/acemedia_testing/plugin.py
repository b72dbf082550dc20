"""The pytest plugin (entry point `pytest11`): fixtures every provider's tests share.

A test module or class names its server with a `provider_server` fixture; `upstream` then points that
server at a respx mock of the upstream, with a fake clock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import respx
from acemedia.server import ProviderServer

from .contract import BASE_URL, FakeTime, use_test_runtime

PROPERTY_PROFILE_VARIABLE = "ACEMEDIA_HYPOTHESIS_PROFILE"


def _load_property_profile() -> None:
    """Property tests draw the same examples on every run ("repeat", the default), so a test run is never
    red by chance; `ACEMEDIA_HYPOTHESIS_PROFILE=explore` draws fresh ones to hunt for new failures (keep
    each one found as an `@example`)."""
    try:
        from hypothesis import settings
    except ImportError:  # hypothesis is a dev dependency of the workspace, not of this plugin
        return
    settings.register_profile("repeat", derandomize=True, database=None, print_blob=True)
    settings.register_profile("explore", derandomize=False, database=None, print_blob=True)
    settings.load_profile(os.environ.get(PROPERTY_PROFILE_VARIABLE, "repeat"))


_load_property_profile()


def pytest_configure(config: pytest.Config) -> None:
    """A provider's own tests mark what starts a process `e2e`, so a fast run (`-m "not e2e"`) leaves it
    out; registered here too for a package tested outside the workspace (`--strict-markers` knows it)."""
    if not any(str(line).startswith("e2e:") for line in config.getini("markers")):
        config.addinivalue_line(
            "markers", "e2e: starts processes or builds packages; `-m 'not e2e'` leaves it out"
        )


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
