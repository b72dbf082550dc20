"""Serves the simulator over real HTTP on loopback, in a background thread with its own event loop."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn
from starlette.applications import Starlette
from typing_extensions import Self

from .app import create_app
from .media import MEDIA_PREFIX
from .state import SimulatorState


class SimulatorServer:
    """`with SimulatorServer() as sim: httpx.post(f"{sim.url}/example/videos", ...)`.

    Port 0 lets the OS pick a free port; `url` is known once `start()` returns.
    """

    def __init__(
        self,
        state: SimulatorState | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tick_interval: float = 0.2,
        log_level: str = "warning",
        startup_timeout: float = 10.0,
        serve_media: bool = False,
    ) -> None:
        self.state = state or SimulatorState()
        self.host = host
        self._port = port
        self.tick_interval = tick_interval
        self._log_level = log_level
        self._startup_timeout = startup_timeout
        # hand out media URLs on this server (GET /media/...), so downloads get real bytes
        self._serve_media = serve_media
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def port(self) -> int:
        if self._socket is None:
            raise RuntimeError("the simulator is not running")
        return int(self._socket.getsockname()[1])

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def build_app(self) -> Starlette:
        """The app it serves; a harness's server serves its own."""
        return create_app(self.state, tick_interval=self.tick_interval)

    def start(self) -> Self:
        if self._thread is not None:
            return self
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # naming IPPROTO_TCP lets asyncio set TCP_NODELAY on accepted connections; without it every
        # request on a kept-alive connection waits ~40 ms for a delayed ACK
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self._port))
        sock.listen(128)
        self._socket = sock
        config = uvicorn.Config(
            self.build_app(),
            log_level=self._log_level,
            log_config=None,
            ws="none",
            lifespan="on",
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="acemedia-simulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + self._startup_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the simulator did not start")
            time.sleep(0.01)
        if self._serve_media:
            self.state.media_base = self.url + MEDIA_PREFIX
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def wait(self) -> None:
        """Block until the server stops; Ctrl-C (KeyboardInterrupt) reaches the caller."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
