"""What the shared tool modules need from a provider's server, so they never import the server itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations

from .provider import Provider
from .runtime import Runtime

SUBMIT_HINTS = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True
)
READ_HINTS = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=True
)
INFO_HINTS = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)
SAVE_HINTS = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=True
)


class ToolHost(Protocol):
    """A provider's server as the task and ledger tools see it."""

    provider: Provider
    mcp: MCPServer[Any]

    @property
    def runtime(self) -> Runtime: ...

    def add_tool(
        self,
        fn: Callable[..., Any],
        name: str,
        title: str,
        hints: ToolAnnotations,
        structured: bool = True,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Register a typed coroutine (which may take `ctx: Context`) as the tool `name`."""
        ...
