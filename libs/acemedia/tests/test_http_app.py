"""The HTTP face: health, malformed bearer headers, DNS-rebinding protection and the body cap."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from acemedia.http.app import build_http_app
from acemedia_testing import FakeTime, use_test_runtime
from starlette.testclient import TestClient

from .conftest import demo

MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}


@pytest.fixture
def http(fake_time: FakeTime) -> Iterator[TestClient]:
    use_test_runtime(demo, fake_time)  # not the runtime another module left configured
    with TestClient(build_http_app(demo, "127.0.0.1"), base_url="http://127.0.0.1:8000") as client:
        yield client


def test_health(http: TestClient) -> None:
    assert http.get("/health").json() == {
        "status": "ok",
        "server": "demo-mcp",
        "version": demo.version,
        "sandbox": False,
    }


@pytest.mark.parametrize("header", ["Basic abc", "Bearer", "Bearer  ", "token-without-scheme"])
def test_malformed_authorization_is_refused_clearly(http: TestClient, header: str) -> None:
    reply = http.post("/mcp", headers={**MCP_HEADERS, "Authorization": header}, json=PING)
    assert reply.status_code == 401
    assert reply.json()["error"]["code"] == "bad_authorization"
    assert "abc" not in reply.text and "without-scheme" not in reply.text


def test_foreign_host_header_is_refused_on_loopback(http: TestClient) -> None:
    reply = http.post("/mcp", headers={**MCP_HEADERS, "Host": "evil.example.com"}, json=PING)
    assert reply.status_code == 421


def test_oversized_body_is_refused(http: TestClient) -> None:
    headers = {**MCP_HEADERS, "Authorization": "Bearer caller"}
    reply = http.post("/mcp", headers=headers, content=b"x" * (2 * 1024 * 1024))
    assert reply.status_code == 413


def test_root_points_to_the_mcp_endpoint_and_health(http: TestClient) -> None:
    reply = http.get("/")
    assert reply.status_code == 200
    assert "/mcp" in reply.text and "/health" in reply.text and "demo-mcp" in reply.text
    assert len(reply.text) < 300
