"""The floor: the thinnest MCP server on the same SDK that can answer a Veo task query.

One tool, `get_task`, making one POST through one module-level pooled `httpx.AsyncClient` to
`$ACEDATACLOUD_API_BASE_URL/veo/tasks` and returning the upstream record unchanged. No validation,
no retries, no guidance, no logging. Nothing a real server can do is cheaper than this, so it is the
yardstick for ours.

    python bench/floor_server.py                                 # stdio
    python bench/floor_server.py --transport http --port 8000    # streamable HTTP at /mcp (stateless)
"""

from __future__ import annotations

import argparse
import os
from typing import Any

import httpx
from mcp.server.mcpserver import MCPServer

BASE_URL = os.environ.get("ACEDATACLOUD_API_BASE_URL", "https://api.acedata.cloud").rstrip("/")
TOKEN = os.environ.get("ACEDATACLOUD_API_TOKEN", "")

http = httpx.AsyncClient(
    base_url=BASE_URL,
    headers={"authorization": f"Bearer {TOKEN}", "accept": "application/json"},
    timeout=60,
)
mcp = MCPServer("floor", log_level="WARNING")


@mcp.tool()
async def get_task(task_id: str) -> dict[str, Any]:
    """Read a Veo task's current state once."""
    response = await http.post("/veo/tasks", json={"action": "retrieve", "id": task_id})
    response.raise_for_status()
    record: dict[str, Any] = response.json()
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description="the floor MCP server for the benchmark")
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if args.transport == "stdio":
        mcp.run("stdio")
    else:
        mcp.run("streamable-http", host="127.0.0.1", port=args.port, stateless_http=True)


if __name__ == "__main__":
    main()
