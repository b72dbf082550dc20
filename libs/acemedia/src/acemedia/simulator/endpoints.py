"""The upstream's endpoint table, gathered from the provider packages: none is listed here.

Each provider package registers a tuple of `Endpoint`s under the `acemedia.simulations` entry point
group (see `acemedia.discovery`); every provider's task query path is `/<provider>/tasks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..discovery import SIMULATIONS_GROUP, registered
from .recipes import Recipe
from .validation import Need, Rules

NUMBER = (int, float)
UNIT = (0.0, 1.0)


@dataclass(frozen=True)
class Endpoint:
    path: str
    type: str  # the task record's `type`
    recipe: Recipe
    rules: Rules
    api_id: str | None = None
    sync_only: bool = False  # answers in the request even when asked for `async`
    seconds: float | None = None  # the job's default duration; None: the simulator's `job_seconds`

    @property
    def provider(self) -> str:
        return self.path.split("/")[1]


def when(field: str, *values: str | None) -> tuple[str, tuple[str | None, ...]]:
    return field, values


def need(*groups: tuple[str, ...], on: tuple[str, tuple[str | None, ...]]) -> Need:
    return Need(groups=groups, when=on[0], values=on[1])


@dataclass(frozen=True)
class EndpointTable:
    """What the simulator serves: submit endpoints by path, and each provider's task query path."""

    by_path: dict[str, Endpoint]
    task_paths: dict[str, str]  # "/<provider>/tasks" -> provider

    @classmethod
    def of(cls, endpoints: Iterable[Endpoint]) -> EndpointTable:
        by_path = {e.path: e for e in endpoints}
        providers = dict.fromkeys(e.provider for e in by_path.values())
        return cls(by_path, {f"/{name}/tasks": name for name in providers})

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(self.task_paths.values())


@cache
def installed_endpoints() -> EndpointTable:
    """Every installed provider package's endpoints, in provider name order."""
    found: list[Endpoint] = []
    for name, entry in registered(SIMULATIONS_GROUP).items():
        endpoints = entry.load()
        if not all(isinstance(e, Endpoint) for e in endpoints):
            raise TypeError(f"entry point {name!r} of {SIMULATIONS_GROUP} must be a tuple of Endpoint")
        found.extend(endpoints)
    return EndpointTable.of(found)
