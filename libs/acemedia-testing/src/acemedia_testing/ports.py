"""Loopback ports: a free one for a child process to bind, and whether one answers yet."""

from __future__ import annotations

import socket

import httpx

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it); only ever on loopback."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def accepts_connections(port: int) -> bool:
    """Something accepts TCP connections on the loopback `port`."""
    try:
        with socket.create_connection((LOOPBACK, port), timeout=1):
            return True
    except OSError:
        return False


def answers_ok(url: str) -> bool:
    """`GET url` answers 200 within a second (False while nothing listens there)."""
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False
