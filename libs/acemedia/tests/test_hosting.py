"""HTTP-mode settings and the per-caller wait cap, without a server."""

from __future__ import annotations

import anyio
import pytest
from acemedia.errors import ConfigError, TooManyWaits
from acemedia.http import HostingSettings
from acemedia.tasks.waits import CallerWaits


def test_token_less_callers_are_refused_unless_chosen() -> None:
    assert not HostingSettings.from_env({}).serves_anonymous
    assert HostingSettings.from_env({"ACEMEDIA_ANONYMOUS_CALLERS": "server-token"}).serves_anonymous
    with pytest.raises(ConfigError, match="ACEMEDIA_ANONYMOUS_CALLERS must be one of refuse, server-token"):
        HostingSettings.from_env({"ACEMEDIA_ANONYMOUS_CALLERS": "yes"})


def test_hosts_name_loopback_the_bind_address_and_the_allow_list() -> None:
    hosting = HostingSettings.from_env({"ACEMEDIA_ALLOWED_HOSTS": "mcp.example.com, proxy:8443"})
    assert hosting.host_patterns("10.0.0.5")[-4:] == [
        "10.0.0.5",
        "10.0.0.5:*",
        "mcp.example.com",
        "proxy:8443",
    ]
    assert "0.0.0.0" not in hosting.host_patterns("0.0.0.0")  # a wildcard bind is no name
    assert "[::2]:*" in hosting.host_patterns("::2")
    assert "https://mcp.example.com" in hosting.origin_patterns("0.0.0.0")
    assert not HostingSettings.from_env({"ACEMEDIA_ALLOWED_HOSTS": "*"}).checks_hosts


def test_origins_must_be_urls() -> None:
    with pytest.raises(ConfigError, match="ACEMEDIA_ALLOWED_ORIGINS"):
        HostingSettings.from_env({"ACEMEDIA_ALLOWED_ORIGINS": "example.com"})


async def test_the_wait_cap_counts_per_caller_and_releases_on_failure() -> None:
    waits = CallerWaits(limit=2)
    async with waits.hold("a"), waits.hold("a"):
        with pytest.raises(TooManyWaits, match="already has 2 waits"):
            async with waits.hold("a"):
                pass
        async with waits.hold("b"):
            assert waits.held("b") == 1
    with pytest.raises(anyio.get_cancelled_exc_class()):
        async with waits.hold("a"):
            raise anyio.get_cancelled_exc_class()()
    assert waits.held("a") == 0


@pytest.mark.parametrize("raw", ["0", "-1", "many"])
def test_the_wait_cap_must_be_a_whole_number(raw: str) -> None:
    with pytest.raises(ConfigError, match="ACEMEDIA_MAX_WAITS_PER_CALLER must be a whole number"):
        CallerWaits.from_env({"ACEMEDIA_MAX_WAITS_PER_CALLER": raw})


async def test_an_sse_stream_is_ended_after_its_time() -> None:
    from acemedia.http import BoundedStreams, StreamLimits

    forever = anyio.Event()

    async def stream(scope: object, receive: object, send: object) -> None:
        await forever.wait()  # an event stream that would never end on its own

    app = BoundedStreams(stream, limits=StreamLimits(per_caller=1, max_seconds=0.01))  # type: ignore[arg-type]
    with anyio.fail_after(5):
        await app({"type": "http", "path": "/sse", "client": ("127.0.0.1", 1)}, None, None)  # type: ignore[arg-type]
    assert not forever.is_set()
