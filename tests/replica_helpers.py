"""Replicas on loopback: a real haproxy (round robin, no sticky sessions) in front of server processes."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .reliability_helpers import ServerProcess, free_port

HAPROXY_CONFIG = """\
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 700s
    timeout server 700s
    # a connection per request, so round robin spreads requests, not connections
    option http-server-close
    http-reuse never
    # a replica that is gone: the request goes to another one
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
frontend mcp
    bind 127.0.0.1:{port}
    default_backend replicas
backend replicas
    balance roundrobin
{servers}
"""


@dataclass
class LoadBalancer:
    binary: str
    replicas: list[ServerProcess]
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/mcp"

    def __enter__(self) -> LoadBalancer:
        servers = "\n".join(f"    server r{i} 127.0.0.1:{r.port}" for i, r in enumerate(self.replicas))
        config = self.folder / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=self.port, servers=servers))
        with (self.folder / "haproxy.log").open("wb") as log:
            self.process = subprocess.Popen([self.binary, "-db", "-f", str(config)], stdout=log, stderr=log)
        deadline = time.monotonic() + 15
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"haproxy did not start: {(self.folder / 'haproxy.log').read_text()}")
            time.sleep(0.02)  # waiting for a child process to bind, not a test delay

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def serving(replicas: list[ServerProcess]) -> list[ServerProcess]:
    """The replicas with a request in progress: an established connection on their port (haproxy
    opens one per request, and nothing else connects to them)."""
    busy = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "01":  # ESTABLISHED
                busy.add(int(local.rsplit(":", 1)[1], 16))
    return [r for r in replicas if r.port in busy]
