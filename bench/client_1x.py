"""`get_task` latency through the mcp 1.x Python client (run with a 1.x environment's python).

Usage: python client_1x.py <calls> <tool> <task_id> <command...>; prints {"ms": [...]} on stdout.
The 1.x client validates every structured result against the tool's output schema, so this measures
what agent frameworks pinned to 1.x pay per call. Standalone on purpose: it imports only `mcp` 1.x.
"""

import asyncio
import json
import os
import sys
import time
from typing import TextIO

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main(calls: int, tool: str, task_id: str, command: list[str], errlog: TextIO) -> None:
    params = StdioServerParameters(command=command[0], args=command[1:], env=dict(os.environ))
    async with (
        stdio_client(params, errlog=errlog) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        await session.list_tools()  # the client keeps the output schemas it validates against
        timings = []
        for _ in range(calls):
            started = time.perf_counter()
            result = await session.call_tool(tool, {"task_id": task_id})
            timings.append((time.perf_counter() - started) * 1000)
            if getattr(result, "isError", False):  # the 1.x field name
                raise SystemExit(f"{tool} failed: {result.content}")
    print(json.dumps({"ms": timings}))


if __name__ == "__main__":
    with open(os.devnull, "w") as quiet:
        asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:], quiet))
