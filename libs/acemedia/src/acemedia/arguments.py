"""Refuses tool calls with argument names the tool does not have.

The SDK silently drops unknown arguments, so a misspelled option (`duraton=25`) would run the job
with the default instead. This middleware answers such a call with a tool error naming the unknown
and the allowed names, before anything is sent upstream.
"""

from __future__ import annotations

import difflib
from typing import Any

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.types import CallToolResult, TextContent


class ArgumentNames:
    """The wire names each registered tool accepts, and the middleware that enforces them."""

    def __init__(self) -> None:
        self._allowed: dict[str, frozenset[str]] = {}

    def register(self, tool: str, names: set[str]) -> None:
        self._allowed[tool] = frozenset(names)

    def unknown_argument_error(self, tool: str, arguments: dict[str, Any]) -> str | None:
        allowed = self._allowed.get(tool)
        if allowed is None:
            return None
        unknown = sorted(set(arguments) - allowed)
        if not unknown:
            return None
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, allowed, n=1)
            hints.append(f"'{name}' (did you mean '{close[0]}'?)" if close else f"'{name}'")
        listed = ", ".join(sorted(allowed)) or "none"
        return (
            f"Error executing tool {tool}: Unknown argument {', '.join(hints)}. "
            f"Allowed arguments: {listed}. Nothing was sent."
        )

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        params = ctx.params if isinstance(ctx.params, dict) else None
        if ctx.method == "tools/call" and params is not None:
            arguments = params.get("arguments")
            if isinstance(arguments, dict):
                problem = self.unknown_argument_error(str(params.get("name")), arguments)
                if problem:
                    return CallToolResult(content=[TextContent(type="text", text=problem)], is_error=True)
        return await call_next(ctx)
