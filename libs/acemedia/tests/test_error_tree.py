"""The errors an agent or a client can meet are one tree in one module, `acemedia.errors`."""

from __future__ import annotations

import importlib
import pkgutil

import acemedia
import acemedia.errors as errors
from mcp.shared.exceptions import MCPError


def all_subclasses(base: type) -> set[type]:
    found: set[type] = set()
    for sub in base.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


def test_every_agent_facing_error_is_declared_in_acemedia_errors() -> None:
    for module in pkgutil.walk_packages(acemedia.__path__, "acemedia."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    ours = {
        cls
        for cls in all_subclasses(errors.AceMediaError) | all_subclasses(MCPError)
        if cls.__module__.startswith("acemedia")
    }
    elsewhere = sorted(
        f"{cls.__module__}.{cls.__qualname__}" for cls in ours if cls.__module__ != errors.__name__
    )
    assert elsewhere == []
    names = sorted(cls.__name__ for cls in ours)
    assert len(names) == len(set(names)), names  # no two errors share a name
    assert {cls.__name__ for cls in ours} <= set(errors.__all__)
