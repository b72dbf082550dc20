"""OAuth is configured by the existing servers' variables; a mistake is one clear line naming it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from acemedia.errors import ConfigError
from acemedia.http.oauth import OAuthSettings

from .reliability_helpers import console_script, subprocess_env

ON = {"MCP_SERVER_URL": "https://veo.mcp.example.com/", "ACEDATACLOUD_OAUTH_CLIENT_ID": "client-1"}


def test_without_mcp_server_url_there_is_no_sign_in() -> None:
    assert OAuthSettings.from_env({}) is None


def test_the_defaults_are_the_existing_servers() -> None:
    settings = OAuthSettings.from_env(ON)
    assert settings is not None
    assert settings.issuer == "https://veo.mcp.example.com"
    assert settings.resource == "https://veo.mcp.example.com/mcp"
    assert settings.callback_url == "https://veo.mcp.example.com/oauth/callback"
    assert (
        settings.resource_metadata_url
        == "https://veo.mcp.example.com/.well-known/oauth-protected-resource/mcp"
    )
    assert settings.auth_base_url == "https://auth.acedata.cloud"
    assert settings.platform_base_url == "https://platform.acedata.cloud"
    assert (settings.access_seconds, settings.refresh_seconds) == (3600, 30 * 24 * 3600)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MCP_SERVER_URL": "https://veo.mcp.example.com"}, "ACEDATACLOUD_OAUTH_CLIENT_ID must be set"),
        ({**ON, "MCP_SERVER_URL": "http://veo.mcp.example.com"}, "MCP_SERVER_URL must use https"),
        ({**ON, "MCP_SERVER_URL": "veo.mcp.example.com"}, "MCP_SERVER_URL must be an http(s) URL"),
        ({**ON, "ACEDATACLOUD_AUTH_BASE_URL": "ftp://auth"}, "ACEDATACLOUD_AUTH_BASE_URL must be"),
        ({**ON, "ACEMEDIA_OAUTH_ACCESS_TOKEN_SECONDS": "5"}, "ACEMEDIA_OAUTH_ACCESS_TOKEN_SECONDS must be"),
        ({**ON, "ACEMEDIA_OAUTH_CA_FILE": "/nowhere.pem"}, "ACEMEDIA_OAUTH_CA_FILE must name a PEM file"),
    ],
)
def test_a_bad_setting_is_named(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError) as raised:
        OAuthSettings.from_env(env)
    assert named in str(raised.value)


@pytest.mark.e2e
def test_the_server_refuses_to_start_with_half_an_oauth_setup(tmp_path: Path) -> None:
    env = subprocess_env("http://127.0.0.1:9", tmp_path, MCP_SERVER_URL="https://veo.mcp.example.com")
    done = subprocess.run(
        [console_script("veo"), "--transport", "http", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert (
        done.stderr.strip().splitlines()[-1].startswith("configuration error: ACEDATACLOUD_OAUTH_CLIENT_ID")
    )
