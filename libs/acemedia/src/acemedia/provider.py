"""What a provider package tells the core about itself: data, not code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .tasks.guidance import PollingStyle
from .tasks.status import Vocabulary


@dataclass(frozen=True)
class Provider:
    """Identity, endpoints and vocabulary of one upstream provider."""

    name: str  # tool prefix and path segment: "example"
    title: str  # "Example"
    distribution: str  # the pip package, for --version
    default_timeout: float  # seconds, overridable by <NAME>_REQUEST_TIMEOUT
    vocabulary: Vocabulary
    instructions: str
    polling: PollingStyle = field(default_factory=PollingStyle)
    # the tasks endpoint also finds tasks by trace id and lists recent ones with filters: the task tools
    # then take `trace_id` / `trace_ids` and the list filters too
    task_search: bool = False
    # one typical generation call (tool name, arguments), used by the demo
    example: tuple[str, dict[str, Any]] | None = None
    # origins the provider's media is served from (the player page's CSP), besides AceDataCloud's
    media_origins: tuple[str, ...] = ()

    @property
    def env_prefix(self) -> str:
        return self.name.upper()

    @property
    def tasks_path(self) -> str:
        return f"/{self.name}/tasks"


def given(value: object) -> bool:
    """Whether an optional value was set: None and empty strings, lists and dicts count as unset."""
    return value is not None and not (isinstance(value, (str, list, dict)) and not value)


@dataclass(frozen=True)
class Always:
    """A request body value that is sent even when it is empty (see `always`)."""

    value: object


def always(value: object) -> Always:
    """Mark a `present(...)` value the upstream requires: it is sent as it is, even None or ""."""
    return Always(value)


def present(**values: object) -> dict[str, Any]:
    """A request body: the values in the order given, with unset optional ones (see `given`) left out,
    except those wrapped in `always(...)`."""
    return {
        key: value.value if isinstance(value, Always) else value
        for key, value in values.items()
        if isinstance(value, Always) or given(value)
    }


@dataclass(frozen=True)
class Submit:
    """A generation request a tool hands to the core: where to POST and what."""

    path: str
    body: dict[str, Any]
    # add `async: true` unless the caller gave a callback URL or an explicit `async`
    background: bool = True
    # keys whose value is this operation's finished product besides the provider's media and result keys
    # (Producer upload: `audio_id`), so its reply reads as final
    product: tuple[str, ...] = ()

    def payload(self) -> dict[str, Any]:
        body = dict(self.body)
        if self.background and not body.get("callback_url") and "async" not in body:
            body["async"] = True
        return body
