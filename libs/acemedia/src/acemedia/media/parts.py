"""How the server factory reaches the media part: `register()` adds the save tool and the player page.

The task tools that return one task link to the player themselves (`media.player.tool_meta`) and put
resource links in their results (`media.links.with_links`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import httpx
from mcp.server.mcpserver import Context
from mcp.types import CallToolResult

from ..ledger.tools import TaskJournal
from ..schemas import SaveResult
from ..tasks.tools import TaskId
from ..tool_host import SAVE_HINTS, ToolHost
from .player import DEFAULT_ORIGINS, PlayerPage, player_uri

if TYPE_CHECKING:
    from .save import MediaSaver


class MediaParts:
    def __init__(self, host: ToolHost, journal: TaskJournal) -> None:
        self.host = host
        self.journal = journal
        self._saver: MediaSaver | None = None
        self.player_uri = player_uri(host.provider.name)

    @property
    def saver(self) -> MediaSaver:
        """Made on the first save: a server that never saves never loads the download code."""
        if self._saver is None:
            from .save import MediaSaver

            self._saver = MediaSaver(self.host, self.journal)
        return self._saver

    def register(self) -> None:
        p, title = self.host.provider.name, self.host.provider.title

        async def save_media(task_id: TaskId, *, ctx: Context) -> Annotated[CallToolResult, SaveResult]:
            """Save a succeeded task's final media into this machine's output folder (ACEMEDIA_OUTPUT_DIR)
            and say where (again: a no-op). Use it when the user wants to keep the files: URLs can expire."""
            return await self.saver.save(task_id, ctx)

        self.host.add_tool(save_media, f"{p}_save_media", f"Save {title} media", SAVE_HINTS)
        self.host.mcp.add_resource(PlayerPage.create(self.player_uri, title, f"{p}_get_task", self._origins))

    def _origins(self) -> tuple[str, ...]:
        runtime = self.host.runtime
        origins = [*DEFAULT_ORIGINS, *self.host.provider.media_origins, *runtime.media.media_origins]
        if runtime.sandbox:
            url = httpx.URL(runtime.settings.base_url)
            origins.append(f"{url.scheme}://{url.netloc.decode()}")
        return tuple(origins)
