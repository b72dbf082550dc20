"""Our servers, found in the workspace (packages/<provider>-mcp), and how to start each one."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = "-mcp"


def our_providers() -> list[str]:
    """The providers the workspace has a server package for."""
    return sorted(
        p.name[: -len(SUFFIX)]
        for p in (ROOT / "packages").iterdir()
        if p.name.endswith(SUFFIX) and (p / "pyproject.toml").is_file()
    )


def our_command(provider: str) -> str:
    """The provider's console script in the environment running us (the workspace's .venv)."""
    return str(Path(sys.executable).parent / f"{provider}{SUFFIX}")


def published_package(provider: str) -> str:
    """The distribution name of the existing server for `provider`."""
    return f"mcp-{provider}"


def snapshot_path(provider: str) -> Path:
    """The provider's pinned surface, in its own folder: what its contract suite checks ours against."""
    return ROOT / "packages" / f"{provider}{SUFFIX}" / "tests" / "data" / "catalog_surface.json"
