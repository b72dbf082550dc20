"""The one HTTP client of a server process: pooled, bearer-authenticated, with safe retries."""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from .errors import (
    BadUpstreamResponse,
    MissingToken,
    OutOfCredits,
    SubmissionUncertain,
    UpstreamAuthError,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamRejected,
    UpstreamUnavailable,
)
from .settings import Settings, public_url
from .tokens import redactor_for

log = logging.getLogger("acemedia.client")
# their DEBUG and INFO lines carry request URLs and upstream headers
HTTP_LIBRARY_LOGGERS = ("httpx", "httpcore", "h11", "h2", "hpack")


def quiet_http_libraries() -> None:
    """Keep the HTTP libraries at WARNING or above, whatever level the server logs at."""
    for name in HTTP_LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(max(logging.WARNING, logger.level))


JSONObject = dict[str, Any]


@dataclass(frozen=True)
class RetryPolicy:
    """Jittered exponential backoff for requests that are safe to repeat."""

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    total_budget: float = 20.0

    def delay(self, attempt: int, jitter: float) -> float:
        """Full jitter: a random share of base * 2**attempt, capped."""
        return float(min(self.max_delay, self.base_delay * 2.0**attempt) * (0.5 + jitter / 2))


class AceDataClient:
    """POSTs JSON to the AceDataCloud API over one connection pool, created lazily and closed on shutdown."""

    def __init__(
        self,
        settings: Settings,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self.requests_sent = 0
        quiet_http_libraries()

    def _pool(self) -> httpx.AsyncClient:
        if self._http is None or self._http.is_closed:
            s = self.settings
            self._http = httpx.AsyncClient(
                base_url=s.base_url,
                timeout=httpx.Timeout(s.request_timeout, connect=s.connect_timeout),
                limits=httpx.Limits(
                    max_connections=100, max_keepalive_connections=32, keepalive_expiry=s.keepalive_expiry
                ),
                headers={"accept": "application/json", "content-type": "application/json"},
                transport=self._transport,
            )
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def submit(self, path: str, body: JSONObject, token: str | None = None) -> JSONObject:
        """Start a job. Never re-sent once the request may have reached the upstream."""
        return await self._post(
            path, body, token, repeatable=False, read_timeout=self.settings.request_timeout
        )

    async def query(self, path: str, body: JSONObject, token: str | None = None) -> JSONObject:
        """Read task state; retried on rate limits, 5xx and network failures within a time budget."""
        return await self._post(path, body, token, repeatable=True, read_timeout=self.settings.query_timeout)

    async def _post(
        self, path: str, body: JSONObject, token: str | None, *, repeatable: bool, read_timeout: float
    ) -> JSONObject:
        token = (token or self.settings.api_token).strip()
        if not token:
            raise MissingToken()
        started = self._clock()
        attempt = 0
        while True:
            try:
                return await self._post_once(
                    path, body, token, repeatable=repeatable, read_timeout=read_timeout
                )
            except UpstreamError as exc:
                wait = self._retry_wait(exc, attempt, started, repeatable)
                if wait is None:
                    raise
                log.info("retrying %s in %.2fs after %s (attempt %d)", path, wait, exc.code, attempt + 1)
                await self._sleep(wait)
                attempt += 1

    def _retry_wait(self, exc: UpstreamError, attempt: int, started: float, repeatable: bool) -> float | None:
        """Seconds to wait before another try, or None to give up."""
        never_sent = isinstance(exc, UpstreamUnavailable) and exc.code == "connect_failed"
        if not (repeatable or never_sent) or not exc.retry_safe:
            return None
        if attempt + 1 >= self.retry.max_attempts:
            return None
        wait = self.retry.delay(attempt, self._jitter())
        if isinstance(exc, UpstreamRateLimited) and exc.retry_after is not None:
            wait = max(wait, exc.retry_after)
        if self._clock() - started + wait > self.retry.total_budget:
            return None
        return wait

    async def _post_once(
        self, path: str, body: JSONObject, token: str, *, repeatable: bool, read_timeout: float
    ) -> JSONObject:
        headers = {"authorization": f"Bearer {token}"}
        t0 = self._clock()
        try:
            self.requests_sent += 1
            response = await self._pool().post(
                path,
                json=body,
                headers=headers,
                timeout=httpx.Timeout(read_timeout, connect=self.settings.connect_timeout),
            )
        except httpx.ConnectError:  # includes ConnectTimeout: the request never left this machine
            raise UpstreamUnavailable(
                f"Could not connect to the API at {public_url(self.settings.base_url)}",
                code="connect_failed",
                advice="Nothing was sent. Check ACEDATACLOUD_API_BASE_URL and the network, then retry.",
            ) from None
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            kind = (
                "timed out" if isinstance(exc, httpx.TimeoutException) else f"failed ({type(exc).__name__})"
            )
            if repeatable:
                raise UpstreamUnavailable(
                    f"Request to {path} {kind}", code="network_error", advice="Safe to retry."
                ) from None
            raise SubmissionUncertain(
                f"The submission to {path} {kind} after it was sent; the job may have been created",
                advice=CHECK_BEFORE_RESUBMITTING,
            ) from None
        log.debug("POST %s -> %d in %.1f ms", path, response.status_code, (self._clock() - t0) * 1000)
        return self._parse(path, response, token, repeatable=repeatable)

    def _parse(self, path: str, response: httpx.Response, token: str, *, repeatable: bool) -> JSONObject:
        status = response.status_code
        raw = response.text
        try:
            data: Any = json.loads(raw) if raw.strip() else None
        except ValueError:
            data = None
        # an upstream that echoes the token (in an error message, a task record...) must not leak it
        redactor = redactor_for(token)
        text = raw
        if not redactor.absent_from(raw):
            data, text = redactor.values(data), redactor.text(raw)
        if status >= 400:
            raise _status_error(status, data, text, response.headers.get("retry-after"), repeatable)
        if not isinstance(data, dict):
            what = "an empty reply" if not text.strip() else "a reply that is not a JSON object"
            if repeatable:
                raise BadUpstreamResponse(
                    f"The API sent {what} to {path}", status=status, advice="Safe to retry."
                )
            raise SubmissionUncertain(
                f"The API sent {what} to the submission at {path}; the job may have been created",
                status=status,
                advice=CHECK_BEFORE_RESUBMITTING,
            )
        return data


_TAGS = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# gateway statuses: the request may have reached the upstream before the gateway gave up
UNCERTAIN_STATUS = frozenset({408, 502, 504})
CHECK_BEFORE_RESUBMITTING = (
    "Before resubmitting, check the task list on platform.acedata.cloud: the job may exist."
)


# what each auth code means, in the words an agent passes on to the user
AUTH_REASONS = {
    "token_expired": "The API token has expired",
    "token_mismatched": "The API token is not valid for this API (a token of another service?)",
    "no_token": "The API received no token",
}


def _status_error(
    status: int, data: Any, text: str, retry_after: str | None, repeatable: bool
) -> UpstreamError:
    err = data.get("error") if isinstance(data, dict) else None
    code = message = None
    if isinstance(err, dict):
        code, message = err.get("code"), err.get("message")
    elif isinstance(err, str):
        message = err
    if isinstance(data, dict):
        code = code or data.get("code")
        message = message or data.get("detail") or data.get("message")
    if not message:
        title = _TITLE.search(text)
        snippet = title.group(1) if title else _TAGS.sub(" ", text)
        message = " ".join(snippet.split())[:200] or f"HTTP {status}"
    trace_id = data.get("trace_id") if isinstance(data, dict) else None
    message = str(message)
    kwargs: dict[str, Any] = {"status": status, "code": str(code) if code else f"http_{status}"}
    kwargs["trace_id"] = str(trace_id) if trace_id else None
    if status in (401,) or kwargs["code"] in (
        "invalid_token",
        "token_expired",
        "no_token",
        "token_mismatched",
    ):
        why = AUTH_REASONS.get(kwargs["code"], "The API refused the token")
        return UpstreamAuthError(
            f"{why}: {message}",
            advice="Check ACEDATACLOUD_API_TOKEN (or the bearer token sent to this server).",
            **kwargs,
        )
    if status == 429:
        wait = _seconds(retry_after)
        hint = f"Wait {wait:g} s and retry." if wait is not None else "Wait a little and retry."
        return UpstreamRateLimited(f"Rate limited: {message}", retry_after=wait, advice=hint, **kwargs)
    if status >= 500 or status == 408:
        if repeatable:
            return UpstreamUnavailable(f"Upstream failure: {message}", advice="Safe to retry.", **kwargs)
        if status in UNCERTAIN_STATUS:
            said = f"{code}: {message}" if code else message
            return SubmissionUncertain(
                f"The gateway gave up on the submission ({said}); the job may have been created",
                advice=CHECK_BEFORE_RESUBMITTING,
                status=status,
                trace_id=kwargs["trace_id"],
            )
        return UpstreamError(
            f"Upstream failure during submission: {message}",
            advice="The job was most likely not created. " + CHECK_BEFORE_RESUBMITTING,
            **kwargs,
        )
    if kwargs["code"] == "used_up":
        return OutOfCredits(message, **kwargs)
    return UpstreamRejected(f"The API rejected the request: {message}", **kwargs)


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
