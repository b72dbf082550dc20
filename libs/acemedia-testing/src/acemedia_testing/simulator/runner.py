"""Serves the harness's simulator app over real HTTP on loopback, as the engine's runner serves its own."""

from __future__ import annotations

from typing import Any

from acemedia import simulator as engine
from starlette.applications import Starlette

from .app import create_app
from .state import SimulatorState


class SimulatorServer(engine.SimulatorServer):
    """`with SimulatorServer() as sim: httpx.post(f"{sim.url}/example/videos", ...)`, with `/_sim/*` and more.

    Takes the options of `acemedia.simulator.SimulatorServer` (host, port, tick_interval, serve_media, ...).
    """

    state: SimulatorState

    def __init__(self, state: SimulatorState | None = None, **options: Any) -> None:
        super().__init__(state if state is not None else SimulatorState(), **options)

    def build_app(self) -> Starlette:
        return create_app(self.state, tick_interval=self.tick_interval)
