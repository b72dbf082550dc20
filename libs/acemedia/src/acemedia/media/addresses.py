"""Which media addresses the server may fetch: http(s) only, and only public hosts.

Loopback, private, link-local and other non-global addresses are refused, whether the URL names them
directly, through a host name that resolves to them, or through a redirect. `private_hosts` lists the
host:port pairs that are allowed anyway (the sandbox's own simulator; tests on 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import anyio
import httpx

Resolver = Callable[[str, int], Awaitable[list[str]]]


class AddressRefused(Exception):
    """A media URL the server will not fetch; the message says why."""


async def resolve(host: str, port: int) -> list[str]:
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class AddressPolicy:
    private_hosts: frozenset[str] = field(default_factory=frozenset)
    resolver: Resolver = resolve

    @classmethod
    def allowing(cls, hosts: Iterable[str]) -> AddressPolicy:
        return cls(private_hosts=frozenset(h.lower() for h in hosts))

    async def check(self, url: httpx.URL) -> None:
        """Raise `AddressRefused` unless `url` is http(s) on a public host (or an allowed private one)."""
        if url.scheme not in ("http", "https"):
            raise AddressRefused(f"only http and https media URLs are fetched, not {url.scheme or 'none'}:")
        host = url.host
        if not host:
            raise AddressRefused("the media URL has no host")
        port = url.port or (443 if url.scheme == "https" else 80)
        if f"{host}:{port}".lower() in self.private_hosts:
            return
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            try:
                addresses = await self.resolver(host, port)
            except OSError:
                raise AddressRefused(f"the media host {host} could not be resolved") from None
        if not addresses or not all(is_public(a) for a in addresses):
            raise AddressRefused(f"the media host {host} is a loopback, private or reserved address")
