"""A loopback HTTP server that answers its first few requests, then accepts and never answers.

With `idle_close`, it also behaves like a server whose keep-alive timeout has passed: a request that
arrives on a connection idle for longer is read and the connection closed without a reply (what a
client sees when the server closes an idle connection just as the client reuses it).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class HangingUpstream:
    """Answers `answers` (a list of JSON bodies, one per request) in order, then hangs every request."""

    def __init__(self, answers: list[Any], idle_close: float | None = None) -> None:
        self.answers = list(answers)
        self.idle_close = idle_close
        self.requests = 0
        self.connections = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def _serve(self) -> None:
        self._sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by `running`
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        self._held.append(conn)
        self.connections += 1
        buffer = b""
        answered_at: float | None = None
        while not self._stop.is_set():
            head, sep, rest = buffer.partition(b"\r\n\r\n")
            if not sep:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                buffer += chunk
                continue
            length = next(
                (
                    int(v)
                    for k, _, v in (h.partition(b":") for h in head.split(b"\r\n"))
                    if k.lower() == b"content-length"
                ),
                0,
            )
            while len(rest) < length:
                try:
                    rest += conn.recv(65536)
                except OSError:
                    return
            buffer = rest[length:]
            self.requests += 1
            idle = 0.0 if answered_at is None else time.monotonic() - answered_at
            if self.idle_close is not None and idle > self.idle_close:
                conn.close()
                return
            if not self.answers:
                self._stop.wait()  # accept the request, never answer
                return
            body = json.dumps(self.answers.pop(0)).encode()
            conn.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + f"content-length: {len(body)}\r\n\r\n".encode()
                + body
            )
            answered_at = time.monotonic()

    @contextmanager
    def running(self) -> Iterator[HangingUpstream]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            for conn in self._held:
                conn.close()
            self._sock.close()
