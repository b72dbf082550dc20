"""MCP server for Kling video generation through the AceDataCloud API."""

from collections.abc import Sequence

from acemedia import console_main


def main(argv: Sequence[str] | None = None) -> None:
    console_main("kling_mcp.server", argv)
