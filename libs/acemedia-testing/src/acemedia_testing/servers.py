"""A provider's server as a child process over streamable HTTP on loopback, started the way a user
starts it (its console script), with what it prints kept in files."""

from __future__ import annotations

import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .ports import LOOPBACK, answers_ok, free_port
from .processes import Child, spawn, wait_until


def console_script(provider: str) -> str:
    """The `<provider>-mcp` script installed next to this interpreter."""
    return str(Path(sys.executable).parent / f"{provider}-mcp")


class HttpChild(Child):
    """A child process serving HTTP on a loopback port (`bind`, `port`): its `base` address, its MCP
    `url`, and ready once its /health answers."""

    bind: str = LOOPBACK
    port: int

    @property
    def base(self) -> str:
        return f"http://{self.bind}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/mcp"

    def wait_for_health(self, timeout: float, what: str, log: Path) -> None:
        """Return once /health answers; else stop the process and raise, quoting `log`."""
        assert self.process is not None
        if not wait_until(lambda: answers_ok(f"{self.base}/health"), self.process, timeout):
            self.stop()
            raise RuntimeError(f"{what} did not start: {log.read_text()}")


@dataclass
class ServerProcess(HttpChild):
    """`<provider>-mcp --transport http` with stdout and stderr kept in files under `logs`; ready once
    its /health answers."""

    provider: str
    env: dict[str, str]
    logs: Path
    args: list[str] = field(default_factory=list)
    bind: str = LOOPBACK  # another loopback address is passed as --host
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def stdout_path(self) -> Path:
        return self.logs / f"{self.provider}-{self.port}.stdout"

    @property
    def stderr_path(self) -> Path:
        return self.logs / f"{self.provider}-{self.port}.stderr"

    def start(self, timeout: float = 30) -> ServerProcess:
        self.logs.mkdir(parents=True, exist_ok=True)
        command = [console_script(self.provider), "--transport", "http", "--port", str(self.port), *self.args]
        if self.bind != LOOPBACK:
            command += ["--host", self.bind]
        self.process = spawn(command, self.stderr_path, stdout=self.stdout_path, env=self.env)
        self.wait_for_health(timeout, f"{self.provider}-mcp", self.stderr_path)
        return self

    def terminate(self) -> None:
        """SIGTERM without waiting, for tests of what the server does meanwhile."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
