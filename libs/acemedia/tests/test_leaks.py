"""Smaller leaks: HTTP library debug logs, a password in the base URL, and readable ledger files."""

from __future__ import annotations

import logging
import socket
import stat
from pathlib import Path

import pytest
from acemedia.errors import ConfigError
from acemedia.ledger.store import TaskLedger
from acemedia.settings import Settings
from acemedia_testing import TOKEN, FakeTime, tool_text, use_test_runtime
from mcp import Client

from .conftest import demo
from .hanging import HangingUpstream

DONE = {"id": "t1", "response": {"state": "done", "video_url": "https://cdn.test/v.mp4"}}
HTTP_LIBRARIES = ("httpx", "httpcore", "h11", "h2", "hpack")


async def test_no_http_library_logs_below_warning_even_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    with HangingUpstream([DONE]).running() as upstream:
        use_test_runtime(demo, FakeTime(), base_url=upstream.url)
        with caplog.at_level(logging.DEBUG):
            async with Client(demo.mcp) as client:
                result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert not result.is_error, tool_text(result)
    chatty = [r.name for r in caplog.records if r.name.split(".")[0] in HTTP_LIBRARIES]
    assert chatty == [] and TOKEN not in caplog.text and "content-type" not in caplog.text


async def test_a_password_in_the_base_url_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]  # nothing listens there once it is closed
    use_test_runtime(demo, FakeTime(), base_url=f"http://user:s3cret-pw@127.0.0.1:{port}")
    with caplog.at_level(logging.DEBUG):
        async with Client(demo.mcp) as client:
            result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert result.is_error and "connect_failed" in tool_text(result)
    assert "user:***@127.0.0.1" in tool_text(result)
    assert "s3cret-pw" not in tool_text(result) + caplog.text
    with pytest.raises(ConfigError) as raised:
        Settings.from_env("DEMO", 60, {"ACEDATACLOUD_API_BASE_URL": "ftp://user:s3cret-pw@example.test"})
    assert "s3cret-pw" not in str(raised.value) and "ACEDATACLOUD_API_BASE_URL" in str(raised.value)


def test_ledger_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "acemedia" / "tasks.sqlite3"
    ledger = TaskLedger(path)
    ledger.record_submission("local", "demo", "t1", "demo_generate", {"prompt": "secret plans"}, "pending")
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
    ledger.close()
    assert modes and all(mode == 0o600 for mode in modes.values()), {k: oct(v) for k, v in modes.items()}
    for folder in (path.parent, path.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_an_existing_ledger_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "tasks.sqlite3"
    wal = tmp_path / "tasks.sqlite3-wal"
    for old in (path, wal):
        old.touch()
        old.chmod(0o644)
    ledger = TaskLedger(path)
    ledger.recent("local", "demo")
    modes = [oct(stat.S_IMODE(p.stat().st_mode)) for p in (path, wal)]
    ledger.close()
    assert modes == ["0o600", "0o600"]
