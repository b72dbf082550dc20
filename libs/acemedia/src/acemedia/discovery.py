"""Finds the installed provider servers: each provider package registers itself, none is listed here.

A provider package declares, in its pyproject.toml:

    [project.entry-points."acemedia.providers"]
    example = "example_mcp.server:server"          # its ProviderServer

    [project.entry-points."acemedia.simulations"]
    example = "example_mcp.simulation:ENDPOINTS"   # what the simulator answers for it
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

PROVIDERS_GROUP = "acemedia.providers"
SIMULATIONS_GROUP = "acemedia.simulations"


def registered(group: str) -> dict[str, EntryPoint]:
    """The entry points of `group`, by name, in name order (one per name)."""
    return {ep.name: ep for ep in sorted(entry_points(group=group), key=lambda ep: ep.name)}


def provider_names() -> list[str]:
    """The names (tool prefixes) of every installed provider server."""
    return list(registered(PROVIDERS_GROUP))


def server_package(name: str) -> str:
    """The import package that runs a provider's server with `python -m <package>`."""
    return registered(PROVIDERS_GROUP)[name].module.partition(".")[0]
