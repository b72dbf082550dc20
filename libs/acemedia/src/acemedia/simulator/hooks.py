"""Where a test harness plugs into the engine: a hook on every upstream request, seen from arrival to answer.

The engine serves without one (a sandbox server); acemedia_testing's simulator journals each request and
injects faults through it, adds its own routes with `create_app(routes=...)`, and watches callbacks with
the state's `callback_observer` (callbacks.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from starlette.responses import Response
from starlette.types import Send

from .jobs import Job


def decode_body(raw: bytes) -> Any:
    """A request body as parsed JSON, or as its text when it is not JSON; None when it is blank."""
    text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class UpstreamCall:
    """One request to the simulated upstream, as it arrived."""

    method: str
    path: str
    token: str | None  # the bearer token; None when missing or malformed
    raw: bytes
    send: Send | None  # the server's own `send`, so a hook can drop the connection (see app.RAW_SEND)

    @cached_property
    def body(self) -> Any:
        return decode_body(self.raw)


@dataclass(frozen=True)
class Answer:
    """What a request got: its response (None: the connection was closed without one) and the job it started."""

    response: Response | None
    job: Job | None = None

    @property
    def status(self) -> int | None:
        return None if self.response is None else self.response.status_code


class Visit(Protocol):
    """A hook's hold on one request, from its arrival to its answer."""

    async def intercept(self) -> Answer | None:
        """Called once due callbacks are sent: an answer that replaces the upstream's, or None to go on."""

    def finish(self, answer: Answer) -> None:
        """Called with the answer the request gets, the upstream's or the intercepted one, before it is sent."""


# called as each upstream request arrives, before due callbacks are sent
RequestHook = Callable[[UpstreamCall], Visit]
