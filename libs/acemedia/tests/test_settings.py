"""Environment variables compatible with the existing servers, checked at start."""

from __future__ import annotations

from typing import Literal

import pytest
from acemedia.errors import ConfigError
from acemedia.settings import Settings, env_default


def test_defaults_and_provider_timeout() -> None:
    s = Settings.from_env("SORA", 3600, {})
    assert s.base_url == "https://api.acedata.cloud" and s.api_token == ""
    assert s.request_timeout == 3600 and s.min_poll_interval == 5 and s.log_level == "INFO"


def test_compatible_variables_are_read() -> None:
    env = {
        "ACEDATACLOUD_API_TOKEN": " tok ",
        "ACEDATACLOUD_API_BASE_URL": "http://127.0.0.1:9/",
        "VEO_REQUEST_TIMEOUT": "42",
        "LOG_LEVEL": "debug",
        "ACEMEDIA_MIN_POLL_INTERVAL": "0",
    }
    s = Settings.from_env("VEO", 180, env)
    assert (s.api_token, s.base_url, s.request_timeout, s.log_level) == (
        "tok",
        "http://127.0.0.1:9",
        42,
        "DEBUG",
    )
    assert s.min_poll_interval == 0 and s.query_timeout == 42


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"SORA_REQUEST_TIMEOUT": "soon"}, "SORA_REQUEST_TIMEOUT"),
        ({"SORA_REQUEST_TIMEOUT": "-1"}, "SORA_REQUEST_TIMEOUT"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"ACEDATACLOUD_API_BASE_URL": "ftp://x"}, "ACEDATACLOUD_API_BASE_URL"),
        ({"ACEMEDIA_MIN_POLL_INTERVAL": "-3"}, "ACEMEDIA_MIN_POLL_INTERVAL"),
    ],
)
def test_bad_values_are_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        Settings.from_env("SORA", 3600, env)


def test_env_default_applies_and_validates() -> None:
    Model = Literal["a", "b"]
    assert env_default("X_MODEL", "a", Model, {}) == "a"
    assert env_default("X_MODEL", "a", Model, {"X_MODEL": "b"}) == "b"
    assert env_default("X_SECONDS", 4, Literal[4, 8], {"X_SECONDS": "8"}) == 8
    with pytest.raises(ConfigError, match="X_MODEL must be one of: a, b"):
        env_default("X_MODEL", "a", Model, {"X_MODEL": "c"})
