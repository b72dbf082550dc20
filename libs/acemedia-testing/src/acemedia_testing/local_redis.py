"""A throwaway redis-server on a loopback port in a temporary folder (tests, trying replicas locally)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from .ports import LOOPBACK, free_port
from .processes import Child, spawn, wait_until

START_TIMEOUT = 10.0


def redis_server_path() -> str | None:
    return shutil.which("redis-server")


class LocalRedis(Child):
    """`with LocalRedis() as redis: redis.url` — nothing is saved to disk, and it stops on exit."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="acemedia-redis-")) if folder is None else folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{LOOPBACK}:{self.port}/0"

    def start(self) -> LocalRedis:
        binary = redis_server_path()
        if binary is None:
            raise FileNotFoundError("redis-server is not installed (make services installs it)")
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [binary, "--bind", LOOPBACK, "--port", str(self.port), "--dir", str(self.folder)]
        command += ["--save", "", "--appendonly", "no", "--logfile", str(self.folder / "redis.log")]
        # it logs to its --logfile; what it prints is dropped
        self.process = spawn(command, None)
        if not wait_until(self._answers, self.process, START_TIMEOUT, pause=0.01):
            self.stop()
            raise RuntimeError(f"redis-server did not start on port {self.port}")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def everything_in(url: str) -> bytes:
    """Every key and every value Redis holds, as one blob to search."""
    from acemedia.http.store.redis_store import connect

    redis = connect(url)
    blob = b""
    for key in redis.scan_iter():
        kind = redis.type(key)
        blob += key + b"\n"
        if kind == b"string":
            blob += bytes(redis.get(key)) + b"\n"
        elif kind == b"hash":
            blob += json.dumps({k.decode(): v.decode() for k, v in redis.hgetall(key).items()}).encode()
        elif kind == b"zset":
            blob += b" ".join(redis.zrange(key, 0, -1))
    redis.close()
    return blob
