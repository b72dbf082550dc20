"""The MCP Apps player (extension `io.modelcontextprotocol/ui`): one self-contained HTML page that hosts
show inline for the task tools' results: a player for finished media, progress for a running task."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from typing import Any

from mcp.server.mcpserver.resources import Resource
from pydantic import PrivateAttr

MIME_TYPE = "text/html;profile=mcp-app"
EXTENSION = "io.modelcontextprotocol/ui"
# where AceDataCloud serves generated media; more come from the provider, the settings and the sandbox
DEFAULT_ORIGINS = ("https://*.acedata.cloud",)


def page(provider_title: str, get_task_tool: str) -> str:
    html = files(__package__).joinpath("player.html").read_text(encoding="utf-8")
    return html.replace("__PROVIDER_TITLE__", provider_title).replace("__GET_TASK_TOOL__", get_task_tool)


def ui_meta(origins: tuple[str, ...]) -> dict[str, Any]:
    """The resource's `_meta.ui`: media may load from `origins`; the page itself fetches nothing."""
    return {
        "ui": {
            "csp": {"resourceDomains": list(dict.fromkeys(origins)), "connectDomains": []},
            "prefersBorder": True,
        }
    }


def player_uri(provider: str) -> str:
    return f"ui://{provider}/player"


def tool_meta(uri: str) -> dict[str, Any]:
    return {"ui": {"resourceUri": uri}}


class PlayerPage(Resource):
    """The page, with its CSP origins worked out when it is read (the sandbox's address comes late)."""

    _html: str = PrivateAttr()
    _origins: Callable[[], tuple[str, ...]] = PrivateAttr()

    @classmethod
    def create(
        cls, uri: str, provider_title: str, get_task_tool: str, origins: Callable[[], tuple[str, ...]]
    ) -> PlayerPage:
        player = cls(
            uri=uri,
            name=f"{get_task_tool.split('_', 1)[0]}-player",
            title=f"{provider_title} player",
            description=f"Plays a finished {provider_title} task inline, or shows a running task's progress.",
            mime_type=MIME_TYPE,
            meta=ui_meta(DEFAULT_ORIGINS),
        )
        player._html = page(provider_title, get_task_tool)
        player._origins = origins
        return player

    async def read(self) -> str:
        self.meta = ui_meta(self._origins())
        return self._html
