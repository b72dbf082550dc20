"""Pushes a finished job's final body to its `callback_url`: once, loopback addresses only, journaled.

A simulator can also be told to send none at all (sandbox mode: a shared server must not POST wherever
a caller points it)."""

from __future__ import annotations

import ipaddress

import httpx

from .jobs import Job
from .journal import CallbackEntry, Journal


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
        journal: Journal,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 5.0,
        enabled: bool = True,
    ) -> None:
        self._journal = journal
        self._enabled = enabled
        self._transport = transport
        self._timeout = timeout

    async def send(self, job: Job, at: float) -> None:
        """POST the job's final body to its callback URL; a non-loopback URL is journaled and skipped."""
        url = job.callback_url or ""
        body = job.final_body()
        entry = CallbackEntry(task_id=job.id, url=url, at=at, body=body, delivered=False)
        if not self._enabled:
            entry.error = "skipped: callbacks are off (sandbox mode sends none)"
            self._journal.record_callback(entry)
            return
        if not is_loopback(url):
            entry.error = "skipped: the simulator only calls back loopback addresses"
            self._journal.record_callback(entry)
            return
        try:
            async with httpx.AsyncClient(transport=self._transport, timeout=self._timeout) as client:
                reply = await client.post(url, json=body)
            entry.status = reply.status_code
            entry.delivered = reply.is_success
        except httpx.HTTPError as exc:
            entry.error = f"{type(exc).__name__}: {exc}"
        self._journal.record_callback(entry)
