"""Pushes a finished job's final body to its `callback_url`: once, loopback addresses only, each one observed.

A simulator can also be told to send none at all (sandbox mode: a shared server must not POST wherever
a caller points it). Every callback, sent or skipped, goes to the optional observer (a test's journal)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from .jobs import Job


@dataclass
class CallbackEntry:
    """One callback: where it went, when, with what body, and how it ended."""

    task_id: str
    url: str
    at: float
    body: dict[str, Any]
    delivered: bool
    status: int | None = None
    error: str | None = None


CallbackObserver = Callable[[CallbackEntry], None]


def is_loopback(url: str) -> bool:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return False
    if parsed.scheme not in ("http", "https"):
        return False
    host = parsed.host
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class CallbackSender:
    def __init__(
        self,
        *,
        observer: CallbackObserver | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 5.0,
        enabled: bool = True,
    ) -> None:
        self._observer = observer
        self._enabled = enabled
        self._transport = transport
        self._timeout = timeout

    async def send(self, job: Job, at: float) -> None:
        """POST the job's final body to its callback URL; a non-loopback URL is skipped (and observed)."""
        url = job.callback_url or ""
        body = job.final_body()
        entry = CallbackEntry(task_id=job.id, url=url, at=at, body=body, delivered=False)
        if not self._enabled:
            entry.error = "skipped: callbacks are off (sandbox mode sends none)"
        elif not is_loopback(url):
            entry.error = "skipped: the simulator only calls back loopback addresses"
        else:
            try:
                async with httpx.AsyncClient(transport=self._transport, timeout=self._timeout) as client:
                    reply = await client.post(url, json=body)
                entry.status = reply.status_code
                entry.delivered = reply.is_success
            except httpx.HTTPError as exc:
                entry.error = f"{type(exc).__name__}: {exc}"
        if self._observer is not None:
            self._observer(entry)
