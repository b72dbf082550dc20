"""The stdio transport, with two things the SDK's lacks: a line limit and terminal manners.

- A line over `MAX_LINE_BYTES` is read in pieces and dropped, never held whole; its request (when its
  id can be found at the start of the line) gets a JSON-RPC error, and the server keeps serving.
- Ctrl-C stops the server at once, with no traceback (the SDK's reader thread would otherwise hold
  the process until a second Ctrl-C).
- A configuration error reaches the client as the error of its first request, not as a closed pipe.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import sys
from collections.abc import AsyncIterator
from typing import Any, BinaryIO

import anyio
import anyio.to_thread
from mcp.server.mcpserver import MCPServer
from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage
from mcp.types import INTERNAL_ERROR, INVALID_REQUEST, ErrorData, JSONRPCError

MAX_LINE_BYTES = 1024 * 1024  # the same cap as an HTTP request body
DISCARD_CHUNK = 64 * 1024
INTERRUPTED = 130  # the shell's code for "stopped by Ctrl-C"
FIRST_REQUEST_SECONDS = 5.0

# the request id, when it comes before any nested object or array (where another "id" could hide)
LEADING_ID = re.compile(rb'^\s*\{[^{}\[\]]*?"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)')

RequestId = str | int | None


def request_id(head: bytes) -> RequestId:
    match = LEADING_ID.match(head)
    if not match:
        return None
    try:
        value = json.loads(match.group(1))
    except ValueError:
        return None
    return value if isinstance(value, (str, int)) else None


class BoundedLines:
    """stdin as an async iterator of text lines, each at most `limit` bytes; longer lines are reported."""

    def __init__(self, source: BinaryIO, limit: int = MAX_LINE_BYTES) -> None:
        self._source = source
        self._limit = limit
        self._replies: Any = None  # the transport's write stream, known once it is open
        self._ready = anyio.Event()

    def reply_through(self, stream: Any) -> None:
        self._replies = stream
        self._ready.set()

    def __aiter__(self) -> AsyncIterator[str]:
        return self

    async def __anext__(self) -> str:
        while True:
            line = await anyio.to_thread.run_sync(self._source.readline, self._limit + 1)
            if not line:
                raise StopAsyncIteration
            if len(line) <= self._limit or line.endswith(b"\n"):
                return line.decode("utf-8", errors="replace")
            await anyio.to_thread.run_sync(self._discard_rest)
            await self._refuse(request_id(line[:DISCARD_CHUNK]))

    def _discard_rest(self) -> None:
        while (piece := self._source.readline(DISCARD_CHUNK)) and not piece.endswith(b"\n"):
            pass

    async def _refuse(self, ident: RequestId) -> None:
        message = f"Message too large: a line may hold at most {self._limit} bytes; this one was dropped."
        await self._ready.wait()
        error = JSONRPCError(jsonrpc="2.0", id=ident, error=ErrorData(code=INVALID_REQUEST, message=message))
        await self._replies.send(SessionMessage(error))


async def serve(mcp: MCPServer[Any], limit: int = MAX_LINE_BYTES) -> None:
    lines = BoundedLines(sys.stdin.buffer, limit)
    async with stdio_server(stdin=lines) as (read_stream, write_stream):  # type: ignore[arg-type]
        lines.reply_through(write_stream)
        lowlevel = mcp._lowlevel_server  # what MCPServer.run_stdio_async drives, with our stdin
        await lowlevel.run(read_stream, write_stream, lowlevel.create_initialization_options())


def _stop_now(signum: int, frame: object) -> None:
    os._exit(INTERRUPTED)


def run(mcp: MCPServer[Any]) -> None:
    """Serve over stdio until the client closes stdin (exit 0) or Ctrl-C (exit 130)."""
    signal.signal(signal.SIGINT, _stop_now)
    anyio.run(serve, mcp)


def refuse_first_request(message: str, patience: float = FIRST_REQUEST_SECONDS) -> None:
    """Answer the client's first request with `message` as its error, so the host shows why we stop.

    A host sends `initialize` as soon as it starts the server; without one within `patience` seconds
    (a terminal, a pipe nobody writes to) there is nobody to tell.
    """
    if sys.stdin is None or sys.stdin.isatty():
        return
    source = sys.stdin.buffer
    while _readable(source, patience) and (line := source.readline(MAX_LINE_BYTES + 1)):
        try:
            request = json.loads(line)
        except ValueError:
            continue
        if isinstance(request, dict) and "method" in request and request.get("id") is not None:
            error = {"code": INTERNAL_ERROR, "message": message}
            reply = {"jsonrpc": "2.0", "id": request["id"], "error": error}
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()
            return


def _readable(source: BinaryIO, patience: float) -> bool:
    try:
        ready, _, _ = select.select([source], [], [], patience)
    except (OSError, ValueError):  # not a selectable stream (Windows pipes): do not wait on it
        return False
    return bool(ready)
