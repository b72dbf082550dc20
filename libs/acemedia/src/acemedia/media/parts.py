"""How the server factory reaches the media part: `register()` adds the save tool and the player
page, and `present()` gives every task-result tool the player link and resource links in its result."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import httpx
from mcp.server.mcpserver import Context
from mcp.types import CallToolResult

from ..schemas import SaveResult, TaskResult
from .links import with_links
from .player import DEFAULT_ORIGINS, PlayerPage, tool_meta
from .save import MediaSaver, save_media

if TYPE_CHECKING:
    from ..server import ProviderServer

Call = Callable[[dict[str, Any], Context], Awaitable[Any]]


class MediaParts:
    def __init__(self, server: ProviderServer) -> None:
        self.server = server
        self.player_uri = f"ui://{server.provider.name}/player"

    def register(self) -> None:
        from ..server import SAVE_HINTS

        p, title = self.server.provider.name, self.server.provider.title
        self.server.tool(
            save_media,
            MediaSaver(self.server),
            SaveResult,
            f"Save {title} media",
            SAVE_HINTS,
            name=f"{p}_save_media",
        )
        self.server.mcp.add_resource(
            PlayerPage.create(self.player_uri, title, f"{p}_get_task", self._origins)
        )

    def present(self, returns: Any, call: Call) -> tuple[Call, dict[str, Any] | None]:
        """A tool that returns one task is linked to the player, and its result carries resource links."""
        if returns is not TaskResult:
            return call, None

        async def linked(kwargs: dict[str, Any], ctx: Context) -> CallToolResult:
            return with_links(await call(kwargs, ctx))

        return linked, tool_meta(self.player_uri)

    def _origins(self) -> tuple[str, ...]:
        runtime = self.server.runtime
        origins = [*DEFAULT_ORIGINS, *self.server.provider.media_origins, *runtime.media.media_origins]
        if runtime.sandbox:
            url = httpx.URL(runtime.settings.base_url)
            origins.append(f"{url.scheme}://{url.netloc.decode()}")
        return tuple(origins)
