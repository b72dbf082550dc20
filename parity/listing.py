"""A server's tools, listed the way an MCP host sees them: its console script over stdio."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mcp import Client
from mcp.client.stdio import StdioServerParameters, stdio_client

DUMMY_TOKEN = "parity-dummy-token"


def listing_env() -> dict[str, str]:
    """The caller's environment without any AceDataCloud or acemedia setting (a real token never reaches
    a server under comparison), plus a dummy token, no ledger and an address nothing listens on."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACEDATACLOUD_", "ACEMEDIA_"))}
    env.update(
        ACEDATACLOUD_API_TOKEN=DUMMY_TOKEN,
        ACEDATACLOUD_API_BASE_URL="http://127.0.0.1:9",
        ACEMEDIA_LEDGER="off",
        LOG_LEVEL="WARNING",
    )
    return env


class ListingError(RuntimeError):
    pass


async def list_tools(command: str, cwd: Path, env: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each tool as its JSON form (`name`, `inputSchema`, ...). The server runs in `cwd` (so it reads no
    `.env` of the caller's) and its log goes to a file there, shown only if the listing fails."""
    params = StdioServerParameters(command=command, args=[], env=dict(env), cwd=str(cwd))
    log = cwd / f"{Path(command).name}.stderr.log"
    with log.open("w", encoding="utf-8") as errlog:
        try:
            async with Client(
                stdio_client(params, errlog=errlog), mode="legacy", read_timeout_seconds=60
            ) as c:
                tools = (await c.list_tools()).tools
        except Exception as exc:
            errlog.flush()
            tail = " | ".join(log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:])
            raise ListingError(f"could not list the tools of {command}: {exc!r}; its log: {tail}") from exc
    return [tool.model_dump(mode="json", by_alias=True, exclude_none=True) for tool in tools]
