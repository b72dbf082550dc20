"""Sandbox mode: the built-in simulator runs inside the server process and stands in for the API.

Each caller gets its own simulated account, as each token is its own account upstream; task ids are
unique across processes; jobs are kept next to the sandbox ledger, so they outlive a restart; and
the simulator never calls a `callback_url` back.
"""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .settings import SandboxVariables, Settings, default, read
from .tasks.guidance import MAX_POLL_ATTEMPTS, Pacing

log = logging.getLogger("acemedia")

SANDBOX_TOKEN = "sandbox"
# the poll throttle's interval in sandbox mode: no more than the shortest interval its guidance advises
SANDBOX_MIN_POLL_INTERVAL = 1.0


@dataclass(frozen=True)
class Sandbox:
    """What the rest of the server needs to know about sandbox mode."""

    job_seconds: float = default(SandboxVariables, "job_seconds")

    def upstream_token(self, caller: str | None) -> str | None:
        """The simulated account of a caller: None (the server's sandbox token) without a bearer token,
        else a one-way name of the caller's token, so callers never see each other's tasks and a real
        token never reaches the simulator."""
        if caller is None:
            return None
        return f"{SANDBOX_TOKEN}-{hashlib.sha256(caller.encode()).hexdigest()[:24]}"

    @property
    def pacing(self) -> Pacing:
        return self.pacing_for(None)

    def job_seconds_for(self, request: Mapping[str, Any] | None) -> float:
        """How long the simulator runs a job for this request: its `[sim:seconds=N]` marker, else the
        sandbox's job length."""
        from .simulator.outcomes import Outcome, apply_markers

        marked = apply_markers(Outcome(), request).seconds if request else None
        return max(marked if marked is not None else self.job_seconds, 0.0)

    def pacing_for(self, request: Mapping[str, Any] | None) -> Pacing:
        """Guidance timed for this simulated job: a few polls over its length instead of minutes."""
        seconds = self.job_seconds_for(request)
        return Pacing(
            polling_interval_seconds=max(1, math.ceil(seconds / 4)),
            max_poll_attempts=MAX_POLL_ATTEMPTS,
            expected_wait_seconds=max(1, math.ceil(seconds * 1.5)),
            typical=f"about {seconds:g} seconds in sandbox mode",
            job_seconds=seconds,
        )


def job_seconds(environ: Mapping[str, str] | None = None) -> float:
    return read(SandboxVariables, environ, "job_seconds").job_seconds


def sandbox_paths(ledger_path: str | None) -> tuple[str | None, str | None]:
    """The sandbox ledger and the simulated-jobs file, both beside the real ledger (None: ledger off)."""
    if ledger_path is None:
        return None, None
    return ledger_path + ".sandbox", ledger_path + ".sandbox-jobs"


def start_sandbox(settings: Settings, sandbox: Sandbox) -> Settings:
    """Start the simulator in this process and point the settings at it. It stops with the process."""
    from .simulator import SimulatorServer, SimulatorState
    from .simulator.store import JobStore

    ledger, jobs = sandbox_paths(settings.ledger_path)
    if ledger and jobs and not Path(jobs).exists():
        # rows from before simulated jobs were kept would name tasks nobody can read any more
        for suffix in ("", "-wal", "-shm"):
            Path(ledger + suffix).unlink(missing_ok=True)
    state = SimulatorState(
        job_seconds=sandbox.job_seconds,
        seed=secrets.randbits(64),  # ids never repeat across processes
        send_callbacks=False,
        store=JobStore(jobs) if jobs else None,
    )
    simulator = SimulatorServer(state, serve_media=True)
    simulator.start()
    log.warning(
        "sandbox mode: simulated API at %s (it serves the media too); the media is not real", simulator.url
    )
    # the real token, if set, never goes to the simulator
    return replace(settings, base_url=simulator.url, api_token=SANDBOX_TOKEN, ledger_path=ledger)
