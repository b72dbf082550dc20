"""Injected transport and gateway faults, chosen per request path by count or by a seeded ratio.

Kinds:
- `rate_limit`: 429 `too_many_requests` with a `Retry-After` header (`retry_after` seconds).
- `error`: a JSON error with `status` (500 by default; 502, 503, 504 …) and the matching code, or with
  the `code` (and `message`) given: `Fault("error", code="token_expired")` is 401 `token_expired`,
  `Fault("error", status=401, code="token_mismatched")` 401 "token and api does not match.".
- `used_up`: 403 `used_up` (balance exhausted).
- `html`: an nginx-style HTML error page with `status` (502 by default).
- `malformed`: 200 with a truncated JSON body.
- `empty`: an empty body with `status` (200 by default).
- `slow`: waits `delay` seconds (with the simulator's sleep, so a manual clock just advances), then answers normally.
- `reset`: closes the connection without a reply (see `drop_connection`).
"""

from __future__ import annotations

import fnmatch
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

import anyio.lowlevel
import httpx
from acemedia.simulator.replies import CODE_FOR_STATUS, error_response, status_of
from starlette.responses import Response
from starlette.types import Send

FaultKind = Literal["rate_limit", "error", "used_up", "html", "malformed", "empty", "slow", "reset"]
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)

_HTML = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    """Hits the next `count` requests (every request if None) whose path matches `path`, each with `ratio`."""

    kind: FaultKind
    path: str = "*"  # an exact path or a glob: "/example/tasks", "/example/*", "*"
    count: int | None = 1
    ratio: float = 1.0
    status: int | None = None
    retry_after: float = 1.0
    delay: float = 0.0
    code: str | None = None  # an `error` fault's code; None: the status's code
    message: str | None = None  # an `error` fault's message; None: the code's documented one

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {', '.join(FAULT_KINDS)}")
        if not 0.0 <= self.ratio <= 1.0:
            raise ValueError("ratio must be from 0 to 1")

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Fault:
        """Reads `{"kind", "path", "count", "ratio", "status", "retry_after", "delay", "code", "message"}`.

        Without `count`, a fault with a `ratio` lasts forever and one without hits the next request only.
        """
        ratio = float(data.get("ratio", 1.0))
        count = data.get("count", None if "ratio" in data else 1)
        return cls(
            kind=data.get("kind", "error"),
            path=str(data.get("path", "*")),
            count=None if count is None else int(count),
            ratio=ratio,
            status=None if data.get("status") is None else int(data["status"]),
            retry_after=float(data.get("retry_after", 1.0)),
            delay=float(data.get("delay", 0.0)),
            code=None if data.get("code") is None else str(data["code"]),
            message=None if data.get("message") is None else str(data["message"]),
        )

    def matches(self, path: str) -> bool:
        return fnmatch.fnmatchcase(path, self.path)

    def response(self) -> Response:
        """The reply of a fault that answers (every kind but `slow` and `reset`)."""
        if self.kind == "rate_limit":
            return error_response("too_many_requests", headers={"Retry-After": f"{self.retry_after:g}"})
        if self.kind == "used_up":
            return error_response("used_up")
        if self.kind == "error":
            status = self.status or (status_of(self.code) if self.code else 500)
            code = self.code or CODE_FOR_STATUS.get(status, "api_error")
            return error_response(code, self.message, status=status)
        if self.kind == "html":
            status = self.status or 502
            reason = httpx.codes.get_reason_phrase(status) or "Error"
            return Response(_HTML.format(status=status, reason=reason), status, media_type="text/html")
        if self.kind == "malformed":
            return Response(
                '{"success": true, "task_id": "', self.status or 200, media_type="application/json"
            )
        if self.kind == "empty":
            return Response(b"", self.status or 200, media_type="application/json")
        raise ValueError(f"a {self.kind} fault has no reply of its own")


class FaultPlan:
    """The faults in force, first match wins; ratios draw from a seeded RNG so runs repeat."""

    def __init__(self, seed: int = 0) -> None:
        self._faults: list[Fault] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def __len__(self) -> int:
        return len(self._faults)

    def pick(self, path: str) -> Fault | None:
        """The fault that hits this request, if any, counting it against its budget."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(path):
                    continue
                if fault.ratio < 1.0 and self._rng.random() >= fault.ratio:
                    continue
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
                return fault
        return None


async def drop_connection(raw_send: Send | None) -> None:
    """Close the connection without sending a byte of reply.

    ASGI has no message for this. Under uvicorn the server's own `send` is a bound method of the
    connection's request cycle, which holds the asyncio transport; aborting that transport resets the
    TCP connection, so the client sees exactly what a crashed proxy produces ("Server disconnected
    without sending a response" / connection reset). Where no transport can be reached (httpx.ASGITransport,
    other servers) it raises `httpx.RemoteProtocolError`, which ASGITransport hands to the client unchanged:
    the same exception a real reset gives an httpx client.
    """
    transport = getattr(getattr(raw_send, "__self__", None), "transport", None)
    abort = getattr(transport, "abort", None)
    if callable(abort):
        abort()
        await (
            anyio.lowlevel.checkpoint()
        )  # let the server see the disconnect, so it does not answer 500 on our behalf
        return
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
