"""What an end-to-end test needs from the machine (redis-server, haproxy, npm, a browser): found, or
the test skipped with one line saying what is missing; under CI=true failed instead, so CI never skips
it silently."""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def skip_or_fail(reason: str, ci_reason: str | None = None) -> NoReturn:
    """Skip the running test with `reason`; under CI=true fail it (with `ci_reason` when given)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(ci_reason or reason)
    pytest.skip(reason)


def require_program(name: str) -> str:
    """The path of a system program a test runs for real (redis-server, haproxy), found on PATH."""
    found = shutil.which(name)
    if found is None:
        skip_or_fail(f"{name} is not installed (`make services` installs it with apt-get)")
    return found
