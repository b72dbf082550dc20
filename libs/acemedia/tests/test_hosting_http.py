"""The server card and CORS of HTTP mode, through the real ASGI app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from acemedia.http import HostingSettings
from acemedia.http.app import build_http_app
from starlette.testclient import TestClient

from .conftest import demo

MCP_HEADERS = {
    "Accept": "application/json, text/event-stream",
    "Content-Type": "application/json",
    "Authorization": "Bearer caller",
}
PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
APP = "https://app.example.com"


def client(**env: str) -> TestClient:
    app = build_http_app(demo, "127.0.0.1", HostingSettings.from_env(env))
    return TestClient(app, base_url="http://127.0.0.1:8000")


@pytest.fixture
def http() -> Iterator[TestClient]:
    with client() as http:
        yield http


async def test_the_server_card_lists_the_tools_the_server_serves(http: TestClient) -> None:
    card = http.get("/.well-known/mcp/server-card.json", headers={"Host": "mcp.example.com"}).json()
    served = sorted(t.name for t in await demo.mcp.list_tools())
    assert [t["name"] for t in card["tools"]] == served and "demo_wait_for_task" in served
    assert all(t["description"] for t in card["tools"])
    assert card["serverInfo"] == {"name": "demo-mcp", "title": demo.mcp.title, "version": demo.version}
    assert card["authentication"] == {"required": True, "schemes": ["bearer"]}
    assert {"uriTemplate": "demo://tasks/{task_id}", "name": "demo-task"} in card["resources"]


def test_cors_is_off_by_default(http: TestClient) -> None:
    preflight = http.options("/mcp", headers={"Origin": APP, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    assert http.post("/mcp", headers={**MCP_HEADERS, "Origin": APP}, json=PING).status_code == 403


def test_cors_answers_the_configured_origins_only() -> None:
    with client(ACEMEDIA_CORS_ORIGINS=APP) as http:
        preflight = http.options(
            "/mcp",
            headers={
                "Origin": APP,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type, mcp-protocol-version",
            },
        )
        assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == APP
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        allowed = http.post("/mcp", headers={**MCP_HEADERS, "Origin": APP}, json=PING)
        assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == APP
        other = http.post("/mcp", headers={**MCP_HEADERS, "Origin": "https://evil.example.com"}, json=PING)
        assert other.status_code == 403 and "access-control-allow-origin" not in other.headers
