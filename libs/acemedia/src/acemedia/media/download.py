"""Streams one media URL into a folder: redirects checked hop by hop, a size cap, a deadline, and an
atomic finish (a hidden `.part` file renamed into place), so a cut download never looks finished."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx

from .addresses import AddressPolicy, AddressRefused

MAX_REDIRECTS = 5
CHUNK = 256 * 1024
Progress = Callable[[int, int | None], Awaitable[None]]


class DownloadFailed(Exception):
    """The download did not finish; nothing was left in the folder. The message says why."""


@dataclass(frozen=True)
class Fetched:
    path: Path
    size: int
    content_type: str
    url: str  # the address the bytes finally came from


async def download(
    url: str,
    target: Callable[[str, str], Path],
    *,
    policy: AddressPolicy,
    max_bytes: int,
    seconds: float,
    progress: Progress | None = None,
    progress_every: int = 4 * 1024 * 1024,
) -> Fetched:
    """Fetch `url` into `target(content_type, url)`. No credentials and no cookies are ever sent."""
    try:
        with anyio.fail_after(seconds):
            # trust_env=False: no proxy or .netrc credentials reach a media host
            client = httpx.AsyncClient(follow_redirects=False, timeout=min(seconds, 60.0), trust_env=False)
            async with client as http:
                return await _follow(
                    http, httpx.URL(url), target, policy, max_bytes, progress, progress_every
                )
    except TimeoutError:
        raise DownloadFailed(f"the download took longer than {seconds:g} s") from None
    except AddressRefused as exc:
        raise DownloadFailed(f"refused: {exc}") from None
    except httpx.HTTPError as exc:
        raise DownloadFailed(f"the download failed ({type(exc).__name__})") from None


async def _follow(
    http: httpx.AsyncClient,
    url: httpx.URL,
    target: Callable[[str, str], Path],
    policy: AddressPolicy,
    max_bytes: int,
    progress: Progress | None,
    progress_every: int,
) -> Fetched:
    for _ in range(MAX_REDIRECTS + 1):
        await policy.check(url)
        async with http.stream("GET", url) as response:
            if response.is_redirect and "location" in response.headers:
                url = url.join(response.headers["location"])
                continue
            if response.status_code != 200:
                raise DownloadFailed(f"the media host answered HTTP {response.status_code}")
            declared = response.headers.get("content-length")
            total = int(declared) if declared and declared.isdigit() else None
            if total is not None and total > max_bytes:
                raise DownloadFailed(f"the file is {total} bytes, over the {max_bytes}-byte cap")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind.startswith("text/") or kind.endswith(("/json", "+json", "/xml", "+xml")):
                raise DownloadFailed(f"the media host sent {kind}, not media")  # an error page
            final = target(kind, str(url))
            size = await _write(response, final, max_bytes, total, progress, progress_every)
            return Fetched(final, size, kind, str(url))
    raise DownloadFailed(f"more than {MAX_REDIRECTS} redirects")


async def _write(
    response: httpx.Response,
    final: Path,
    max_bytes: int,
    total: int | None,
    progress: Progress | None,
    progress_every: int,
) -> int:
    fd, part = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.", suffix=".part")
    size, reported = 0, 0
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in response.aiter_bytes(min(CHUNK, progress_every)):
                size += len(chunk)
                if size > max_bytes:
                    raise DownloadFailed(f"the file is over the {max_bytes}-byte cap")
                out.write(chunk)
                if progress is not None and size - reported >= progress_every:
                    reported = size
                    await progress(size, total)
            out.flush()
            os.fsync(out.fileno())
        if total is not None and size != total:
            raise DownloadFailed(f"the download stopped after {size} of {total} bytes")
        os.replace(part, final)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise
    if progress is not None and size != reported:
        await progress(size, total)
    return size
