"""Child processes of tests, the demo and the benchmark: started with their output in a file, waited
for until they serve, and stopped cleanly (terminate, then kill what does not exit)."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any, TypeVar

STOP_TIMEOUT = 10.0
ChildT = TypeVar("ChildT", bound="Child")


def spawn(
    command: Sequence[str],
    log: Path | None,
    *,
    stdout: Path | int | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    append: bool = False,
) -> subprocess.Popen[bytes]:
    """Start `command` with stdin from /dev/null and its stderr written to `log` (None: discarded).

    `stdout` goes to `log` as well unless it names a file of its own or is `subprocess.PIPE` (read by
    the caller); `append` keeps what the log files already hold."""
    mode = "ab" if append else "wb"
    with ExitStack() as files:
        err: IO[bytes] | int = files.enter_context(log.open(mode)) if log else subprocess.DEVNULL
        out: IO[bytes] | int = err
        if isinstance(stdout, Path):
            out = files.enter_context(stdout.open(mode))
        elif stdout is not None:
            out = stdout
        # the child holds its own copies of the files: this process closes them on return
        return subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)


def wait_until(
    ready: Callable[[], bool], process: subprocess.Popen[Any], timeout: float, pause: float = 0.02
) -> bool:
    """Ask `ready` until it says yes (True), `process` exits or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(pause)  # waiting for a child process to bind, not a test delay
    return True


def stop_process(process: subprocess.Popen[Any], timeout: float = STOP_TIMEOUT) -> int | None:
    """Terminate `process` if it still runs, kill it if it has not exited after `timeout` seconds;
    its exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


class Child:
    """A child process that a `with` block starts and stops: a subclass sets `process` in `start`."""

    process: subprocess.Popen[bytes] | None

    def start(self: ChildT) -> ChildT:
        raise NotImplementedError

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """Its exit code (None if it never started)."""
        return None if self.process is None else stop_process(self.process, timeout)

    def __enter__(self: ChildT) -> ChildT:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
