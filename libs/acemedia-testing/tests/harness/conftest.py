"""Shared drivers for the harness: an httpx client on its ASGI app with a manual clock, and a loopback
callback receiver (the drivers are acemedia_testing.simulator.driver's)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from acemedia_testing.simulator import SimulatorState, create_app
from acemedia_testing.simulator.driver import EPOCH, TOKEN, Receiver, Sim, driving, manual_state

__all__ = ["EPOCH", "TOKEN", "Receiver", "Sim", "make_state"]


def make_state(**kw: Any) -> SimulatorState:
    """A simulator with the harness on a manual clock, speaking the classic dialect."""
    return manual_state(SimulatorState, **kw)


@pytest.fixture
def state() -> SimulatorState:
    return make_state()


@pytest.fixture
async def sim(state: SimulatorState) -> AsyncIterator[Sim[SimulatorState]]:
    async with driving(state, create_app(state)) as driver:
        yield driver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r
