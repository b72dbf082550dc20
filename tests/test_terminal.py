"""Terminal manners and stdio limits of a real `veo-mcp` process.

- Ctrl-C in a terminal (a pseudo-terminal here) stops a stdio server at once, with no traceback.
- A stdio line over the documented limit is refused without being read whole; the server keeps serving.
- A bad environment variable reaches an MCP client as a readable error, not a closed connection.
- An HTTP server logs in one format, uvicorn included, without "Terminating session" lines.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from acemedia.stdio import MAX_LINE_BYTES
from acemedia_testing.simulator import SimulatorServer
from mcp import MCPError

from .conftest import CALLER_TOKEN, http_session, server_env, stdio_session
from .reliability_helpers import INITIALIZE, ServerProcess, console_script
from .test_lifecycle import StdioServer

pytestmark = pytest.mark.e2e  # servers started as processes on a terminal

# a session leader that takes the pty as its controlling terminal, so ^C becomes SIGINT for the server
WITH_TERMINAL = (
    "import fcntl, os, sys, termios; os.setsid(); fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def read_until(fd: int, done: bytes | None, timeout: float) -> bytes:
    """What the terminal shows until `done` appears (None: until the other side closes)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while (done is None or done not in seen) and (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every process holding the terminal has exited
            break
        if not chunk:
            break
        seen += chunk
    return seen


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals")
def test_ctrl_c_in_a_terminal_stops_a_stdio_server_at_once(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    import pty  # POSIX only

    master, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", WITH_TERMINAL, console_script("veo")],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=server_env(simulator, tmp_path, LOG_LEVEL="INFO"),
    )
    os.close(terminal)
    try:
        os.write(master, json.dumps(INITIALIZE).encode() + b"\n")
        assert b'"serverInfo"' in read_until(master, b'"serverInfo"', 30)  # serving, idle on stdin
        os.write(master, b"\x03")  # Ctrl-C
        started = time.monotonic()
        shown = read_until(master, None, 10).decode(errors="replace")
        code = process.wait(timeout=10)
        assert time.monotonic() - started < 3, "the server did not stop at once"
        assert code == 130
        assert "Traceback" not in shown and "KeyboardInterrupt" not in shown, shown
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.fixture
def stdio_veo(simulator: SimulatorServer, tmp_path: Path) -> Iterator[StdioServer]:
    server = StdioServer(server_env(simulator, tmp_path))
    try:
        server.handshake()
        yield server
    finally:
        server.close_stdin()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads peak memory from /proc")
def test_an_oversized_stdio_line_is_refused_without_being_read_whole(stdio_veo: StdioServer) -> None:
    assert stdio_veo.process.stdin is not None
    before = peak_rss_kib(stdio_veo.process.pid)
    padding = "x" * (64 * 1024 * 1024)  # 64 MiB, far over the limit
    line = {"jsonrpc": "2.0", "id": 42, "method": "tools/call", "params": {"name": padding}}
    stdio_veo.process.stdin.write(json.dumps(line).encode() + b"\n")
    stdio_veo.process.stdin.flush()
    refused = stdio_veo.receive(timeout=30)
    assert refused["id"] == 42 and refused["error"]["code"] == -32600, refused
    assert str(MAX_LINE_BYTES) in refused["error"]["message"]
    grown_mib = (peak_rss_kib(stdio_veo.process.pid) - before) / 1024
    assert grown_mib < 16, f"peak memory grew {grown_mib:.0f} MiB for a 64 MiB line"
    # and it keeps serving
    listed = stdio_veo.call("veo_list_tasks", {})
    assert "result" in listed, listed


async def test_a_bad_environment_variable_reaches_the_mcp_client(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    env = server_env(simulator, tmp_path, ACEMEDIA_WAIT_INTERVALS="soon")
    with pytest.raises(BaseException) as refused:
        async with stdio_session("veo", env):
            pass
    errors = [e for e in leaves(refused.value) if isinstance(e, MCPError)]
    assert errors, refused.value
    assert "configuration error: ACEMEDIA_WAIT_INTERVALS" in str(errors[0]) and "soon" in str(errors[0])


def leaves(error: BaseException) -> list[BaseException]:
    """The errors inside (nested) exception groups, as the client's task group raises them."""
    inner = getattr(error, "exceptions", None)
    return [leaf for e in inner for leaf in leaves(e)] if inner else [error]


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ")


async def test_http_logs_are_one_format_without_session_noise(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    env = server_env(simulator, tmp_path, LOG_LEVEL="INFO")
    with ServerProcess("veo", env, tmp_path) as server:
        async with http_session(server.url, CALLER_TOKEN) as client:
            await client.call_tool("veo_list_tasks", {})
            await client.call_tool("veo_list_tasks", {})
        async with httpx.AsyncClient() as http:
            assert (await http.get(server.base + "/", timeout=5)).status_code == 200
    lines = server.stderr_path.read_text().splitlines()
    assert any("uvicorn" in line for line in lines) and any('"POST /mcp' in line for line in lines), lines
    assert "Terminating session" not in "\n".join(lines)
    assert all(LOG_LINE.match(line) for line in lines), [line for line in lines if not LOG_LINE.match(line)]


def test_the_stdio_warning_about_a_missing_token_asks_for_no_bearer_token(
    simulator: SimulatorServer, tmp_path: Path
) -> None:
    server = StdioServer(server_env(simulator, tmp_path, ACEDATACLOUD_API_TOKEN="", LOG_LEVEL="WARNING"))
    server.handshake()
    code, stderr = server.close_stdin()
    assert code == 0
    assert "ACEDATACLOUD_API_TOKEN is not set" in stderr and "--sandbox" in stderr, stderr
    assert "bearer" not in stderr.lower() and "authorization" not in stderr.lower(), stderr
