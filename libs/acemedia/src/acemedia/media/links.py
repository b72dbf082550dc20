"""Resource links: finished media as `resource_link` content blocks next to the JSON text."""

from __future__ import annotations

from typing import Any

import pydantic_core
from mcp.types import CallToolResult, ContentBlock, ResourceLink, TextContent

from .names import mime_type_for

JSON = dict[str, Any]


def media_links(result: JSON) -> list[ResourceLink]:
    """One link per final media URL of a succeeded task; none for previews or unfinished tasks."""
    if result.get("status") != "succeeded":
        return []
    links = []
    for index, media in enumerate(m for m in result.get("media") or [] if m.get("final")):
        url, kind = str(media["url"]), str(media.get("kind", "media"))
        links.append(
            ResourceLink(
                type="resource_link",
                uri=url,
                name=url.split("?", 1)[0].rsplit("/", 1)[-1] or f"{kind}-{index}",
                title=f"{kind.capitalize()} {index + 1}",
                mime_type=mime_type_for(url, kind),
            )
        )
    return links


def with_links(result: JSON, extra: list[ResourceLink] | None = None) -> CallToolResult:
    """The result as the SDK would send it (structured content with a JSON text mirror), plus links."""
    text = pydantic_core.to_json(result, fallback=str, indent=2).decode()
    content: list[ContentBlock] = [TextContent(type="text", text=text), *media_links(result), *(extra or [])]
    return CallToolResult(content=content, structured_content=result)
