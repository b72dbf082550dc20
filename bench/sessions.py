"""MCP client sessions to a target over stdio, and what a tool result weighs."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TextIO

from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client

from .targets import Target


def _open_log(path: Path) -> TextIO:
    return path.open("a", encoding="utf-8")


@asynccontextmanager
async def stdio_session(
    target: Target, log: Path, extra_env: dict[str, str] | None = None, read_timeout: float = 120
) -> AsyncIterator[Client]:
    """Spawn the target the way an MCP host does and hold a legacy (initialize handshake) session.

    The server's stderr goes to `log`, so its logging costs what it costs when a host keeps it.
    """
    params = StdioServerParameters(
        command=target.command[0],
        args=list(target.command[1:]),
        env={**target.env, **(extra_env or {})},
        cwd=str(log.parent),
    )
    errlog = _open_log(log)
    try:
        transport = stdio_client(params, errlog=errlog)
        async with Client(transport, mode="legacy", read_timeout_seconds=read_timeout) as client:
            yield client
    finally:
        errlog.close()


def text_of(result: Any) -> str:
    """The text blocks of a tool result joined: what most hosts put in front of the model."""
    return "".join(getattr(block, "text", "") for block in result.content)


def text_bytes(result: Any) -> int:
    return len(text_of(result).encode("utf-8"))


def structured_bytes(result: Any) -> int:
    data = getattr(result, "structured_content", None)
    return 0 if data is None else len(json.dumps(data, separators=(",", ":")).encode("utf-8"))


def payload(result: Any) -> dict[str, Any]:
    """The result as a dict: structured content when present, else the text parsed as JSON."""
    data = getattr(result, "structured_content", None)
    if isinstance(data, dict) and not (set(data) == {"result"} and isinstance(data["result"], str)):
        return data
    try:
        parsed = json.loads(text_of(result))
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
