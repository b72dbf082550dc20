"""How each job ends: defaults, scripted rules (`state.script`) and prompt markers, in that order of precedence.

Markers go anywhere in any string of the request body:
`[sim:fail]`, `[sim:fail=<error code>]`, `[sim:status=<http status>]`, `[sim:ok]`, `[sim:seconds=<n>]`,
`[sim:nopreview]`, `[sim:preview]` (the job skips the queue and streams a preview media URL from the first
poll until done, in a running body whatever the dialect) and `[sim:dialect=<name>]` (the job's replies
in that dialect, see dialects.py).

A failure whose code refuses the request itself (`used_up`, `token_expired`, `token_mismatched`, ...: see
`replies.REFUSALS`) answers the submission at once with that error, async or not, and starts no job.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .dialects import DIALECTS, dialect_named
from .replies import REFUSALS

_MARKER = re.compile(r"\[sim:([a-z_]+)(?:=([^\]]*))?\]")


@dataclass(frozen=True)
class Outcome:
    """A job's script: how long it runs and whether it succeeds."""

    fail: bool = False
    seconds: float | None = None  # None: the endpoint's or the simulator's default
    preview: bool | None = None  # None: the provider's default (see `Style.preview`)
    error_code: str = "api_error"
    error_message: str | None = None  # None: the documented message for error_code
    http_status: int | None = None  # the status of a failed synchronous reply; None: the code's status
    dialect: str | None = None  # the job's reply dialect; None: the simulator's (see dialects.py)

    def __post_init__(self) -> None:
        if self.dialect is not None:
            dialect_named(self.dialect)

    @property
    def refused(self) -> bool:
        """The submission itself is refused with the error (no job is started)."""
        return self.fail and self.error_code in REFUSALS

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Outcome:
        """Reads `{"fail", "seconds", "preview", "error": {"code", "message"}, "status", "dialect"}`."""
        error: Mapping[str, Any] = data["error"] if isinstance(data.get("error"), Mapping) else {}
        fail = bool(data.get("fail", bool(error)))
        seconds = data.get("seconds")
        return cls(
            fail=fail,
            seconds=float(seconds) if seconds is not None else None,
            preview=data.get("preview"),
            error_code=str(error.get("code") or "api_error"),
            error_message=error.get("message"),
            http_status=data.get("status"),
            dialect=data.get("dialect"),
        )


def apply_markers(outcome: Outcome, body: Any) -> Outcome:
    """`outcome` overridden by every `[sim:…]` marker found in the strings of `body`."""
    for name, value in _markers(body):
        if name == "fail":
            outcome = replace(outcome, fail=True, error_code=value or outcome.error_code)
        elif name == "ok":
            outcome = replace(outcome, fail=False)
        elif name == "seconds" and value:
            with contextlib.suppress(ValueError):
                outcome = replace(outcome, seconds=max(0.0, float(value)))
        elif name in ("preview", "nopreview"):
            outcome = replace(outcome, preview=name == "preview")
        elif name == "status" and value.isdigit() and 400 <= int(value) <= 599:
            outcome = replace(outcome, http_status=int(value))
        elif name == "dialect" and value in DIALECTS:
            outcome = replace(outcome, dialect=value)
    return outcome


def _markers(body: Any) -> Iterator[tuple[str, str]]:
    if isinstance(body, str):
        for match in _MARKER.finditer(body):
            yield match.group(1), (match.group(2) or "").strip()
    elif isinstance(body, Mapping):
        for value in body.values():
            yield from _markers(value)
    elif isinstance(body, list):
        for value in body:
            yield from _markers(value)


@dataclass
class ScriptRule:
    """Applies `outcome` to the next `count` jobs (every job if None) matching `provider` and `path`."""

    outcome: Outcome
    provider: str | None = None
    path: str | None = None
    count: int | None = 1

    def matches(self, provider: str, path: str) -> bool:
        return self.provider in (None, provider) and self.path in (None, path)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScriptRule:
        count = data.get("count", 1)
        return cls(
            outcome=Outcome.from_json(data),
            provider=data.get("provider"),
            path=data.get("path"),
            count=None if count is None else int(count),
        )


class Script:
    """Scripted outcomes, first matching rule wins; a rule is dropped once its count is used up."""

    def __init__(self) -> None:
        self._rules: list[ScriptRule] = []
        self._lock = threading.Lock()

    def add(self, rule: ScriptRule) -> None:
        with self._lock:
            self._rules.append(rule)

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def __len__(self) -> int:
        return len(self._rules)

    def take(self, provider: str, path: str) -> Outcome | None:
        with self._lock:
            for rule in self._rules:
                if rule.matches(provider, path):
                    if rule.count is not None:
                        rule.count -= 1
                        if rule.count <= 0:
                            self._rules.remove(rule)
                    return rule.outcome
        return None


def strip_markers(text: str) -> str:
    """`text` without its `[sim:…]` markers, for echoing into titles and lyrics."""
    return " ".join(_MARKER.sub(" ", text).split())
