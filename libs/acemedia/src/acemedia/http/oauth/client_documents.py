"""Client ID Metadata Documents: a client whose id is an https URL publishes its metadata there.

Fetched with care, since any caller can name any URL: https only, public addresses only (unless the
operator allows private ones), a size and a time limit, no redirects, and the answer cached.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx
from mcp.shared.auth import OAuthClientInformationFull
from pydantic import ValidationError

from .settings import SCOPE

MAX_DOCUMENT_BYTES = 16 * 1024
FETCH_SECONDS = 5.0
CACHE_SECONDS = (60.0, 300.0, 24 * 3600.0)  # shortest, default, longest
CACHE_ENTRIES = 512


class DocumentRefused(Exception):
    """Why a client metadata document cannot be used; shown to the client as `error_description`."""


def is_document_url(client_id: str) -> bool:
    return client_id.lower().startswith(("https://", "http://"))


def _check_url(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise DocumentRefused("a client_id that is a URL must use https")
    if not parts.hostname or parts.path in ("", "/") or parts.fragment or parts.username:
        raise DocumentRefused("a client_id URL needs a host and a path, and no fragment or user")
    return parts.hostname, parts.port or 443


Resolver = Callable[[str, int], Awaitable[list[str]]]


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _check_public(host: str, addresses: list[str]) -> None:
    for address in addresses:
        if not ipaddress.ip_address(address).is_global:
            raise DocumentRefused(f"the client_id URL's host {host} is not a public address")


def _max_age(response: httpx.Response) -> float:
    shortest, default, longest = CACHE_SECONDS
    for part in response.headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() == "no-store":
            return shortest
        if name.lower() == "max-age" and value.isdigit():
            return min(max(float(value), shortest), longest)
    return default


def parse_document(url: str, raw: bytes) -> OAuthClientInformationFull:
    try:
        data: Any = json.loads(raw)
    except ValueError:
        raise DocumentRefused("the client metadata document is not JSON") from None
    if not isinstance(data, dict):
        raise DocumentRefused("the client metadata document is not a JSON object")
    if data.get("client_id") != url:
        raise DocumentRefused("the document's client_id differs from the URL it was fetched from")
    if not data.get("redirect_uris"):
        raise DocumentRefused("the client metadata document lists no redirect_uris")
    method = data.get("token_endpoint_auth_method", "none")
    if method != "none":
        # a document is public: it cannot carry a shared secret, and this server verifies no client keys
        raise DocumentRefused("a metadata-document client must use token_endpoint_auth_method 'none'")
    for secret in ("client_secret", "client_secret_expires_at"):
        data.pop(secret, None)
    data.setdefault("grant_types", ["authorization_code", "refresh_token"])
    data.setdefault("response_types", ["code"])
    data.setdefault("scope", SCOPE)
    data["token_endpoint_auth_method"] = "none"
    try:
        client = OAuthClientInformationFull.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise DocumentRefused(f"the client metadata document's {where} is invalid: {first['msg']}") from None
    if "authorization_code" not in client.grant_types:
        raise DocumentRefused("the client metadata document's grant_types must include authorization_code")
    return client


class ClientDocuments:
    """Fetches and caches documents; refusals are cached briefly too, so a bad URL is not hammered."""

    def __init__(
        self,
        *,
        verify: ssl.SSLContext | bool = True,
        allow_private: bool = False,
        timeout: float = FETCH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        resolve: Resolver = system_resolver,
    ) -> None:
        self.verify = verify
        self.allow_private = allow_private
        self.timeout = timeout
        self.clock = clock
        self.resolve = resolve
        self._cache: OrderedDict[str, tuple[float, OAuthClientInformationFull | DocumentRefused]] = (
            OrderedDict()
        )

    async def client(self, url: str) -> OAuthClientInformationFull:
        cached = self._cache.get(url)
        if cached is not None and cached[0] > self.clock():
            self._cache.move_to_end(url)
            if isinstance(cached[1], DocumentRefused):
                raise cached[1]
            return cached[1]
        try:
            client, max_age = await self._fetch(url)
        except DocumentRefused as refused:
            self._remember(url, CACHE_SECONDS[0] / 6, refused)
            raise
        self._remember(url, max_age, client)
        return client

    def _remember(
        self, url: str, seconds: float, value: OAuthClientInformationFull | DocumentRefused
    ) -> None:
        self._cache[url] = (self.clock() + seconds, value)
        self._cache.move_to_end(url)
        while len(self._cache) > CACHE_ENTRIES:
            self._cache.popitem(last=False)

    async def _fetch(self, url: str) -> tuple[OAuthClientInformationFull, float]:
        host, port = _check_url(url)
        try:
            with anyio.fail_after(self.timeout):
                try:
                    addresses = await self.resolve(host, port)
                except OSError:
                    raise DocumentRefused(f"the host {host} of the client_id URL does not resolve") from None
                if not addresses:
                    raise DocumentRefused(f"the host {host} of the client_id URL does not resolve")
                if not self.allow_private:
                    _check_public(host, addresses)
                # the address checked is the address fetched from: a second lookup could answer otherwise
                raw, max_age = await self._download(url, host, addresses[0])
        except TimeoutError:
            raise DocumentRefused(
                f"the client metadata document took longer than {self.timeout:g} s"
            ) from None
        except httpx.HTTPError as exc:
            raise DocumentRefused(
                f"the client metadata document could not be fetched ({type(exc).__name__})"
            ) from None
        return parse_document(url, raw), max_age

    async def _download(self, url: str, host: str, address: str) -> tuple[bytes, float]:
        target = httpx.URL(url)
        headers = {"Accept": "application/json", "Host": target.netloc.decode("ascii")}
        pinned = target.copy_with(host=address)
        async with (
            httpx.AsyncClient(verify=self.verify, follow_redirects=False, trust_env=False) as http,
            # TLS is checked against the host name, while the connection goes to the checked address
            http.stream("GET", pinned, headers=headers, extensions={"sni_hostname": host}) as response,
        ):
            if response.status_code != 200:
                raise DocumentRefused(f"the client metadata document answered {response.status_code}")
            raw = bytearray()
            async for chunk in response.aiter_bytes():
                raw += chunk
                if len(raw) > MAX_DOCUMENT_BYTES:
                    limit = MAX_DOCUMENT_BYTES // 1024
                    raise DocumentRefused(f"the client metadata document is larger than {limit} KiB")
            return bytes(raw), _max_age(response)
