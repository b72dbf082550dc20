"""Calls that may block: run off the event loop when they talk to another process."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio

T = TypeVar("T")


async def off_loop(remote: bool, call: Callable[[], T]) -> T:
    """`call()`, in a worker thread when it talks to another process (a remote store), else directly."""
    return await anyio.to_thread.run_sync(call) if remote else call()
