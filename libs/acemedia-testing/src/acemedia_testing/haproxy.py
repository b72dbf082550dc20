"""A real haproxy on a loopback port, round robin over replicas on other loopback ports (no sticky
sessions), with its config and log in a folder."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .ports import LOOPBACK, free_port
from .processes import spawn
from .servers import HttpChild

CONFIG = """\
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
    bind {host}:{port}
    default_backend replicas
backend replicas
    balance roundrobin
{servers}
"""


def haproxy_config(port: int, backends: Sequence[int]) -> str:
    """The config: haproxy on `port`, the replicas on the `backends` ports, all on loopback."""
    servers = "\n".join(f"    server r{i} {LOOPBACK}:{backend}" for i, backend in enumerate(backends))
    return CONFIG.format(host=LOOPBACK, port=port, servers=servers)


@dataclass
class LocalHaproxy(HttpChild):
    """`with LocalHaproxy(binary, backends, folder) as balancer: balancer.url` — ready once a request
    for /health reaches a replica through it; stops on exit."""

    binary: str
    backends: Sequence[int]
    folder: Path
    port: int = field(default_factory=free_port)
    timeout: float = 15
    process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        return self.folder / "haproxy.log"

    def start(self) -> LocalHaproxy:
        config = self.folder / "haproxy.cfg"
        config.write_text(haproxy_config(self.port, self.backends))
        self.process = spawn([self.binary, "-db", "-f", str(config)], self.log)
        self.wait_for_health(self.timeout, "haproxy", self.log)
        return self
