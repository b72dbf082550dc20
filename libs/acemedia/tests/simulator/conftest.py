"""Shared drivers for the engine: an httpx client on its ASGI app with a manual clock, the callbacks it
reports, and a loopback callback receiver (the drivers are acemedia_testing.simulator.driver's)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from acemedia.simulator import CallbackEntry, SimulatorState, create_app
from acemedia_testing.simulator.driver import EPOCH, TOKEN, Receiver, Sim, driving, manual_state

__all__ = ["EPOCH", "TOKEN", "Receiver", "Sim", "make_state"]


def make_state(**kw: Any) -> SimulatorState:
    """An engine on a manual clock; these tests assert the classic dialect's bytes (see test_dialects.py)."""
    return manual_state(SimulatorState, **kw)


@pytest.fixture
def callbacks() -> list[CallbackEntry]:
    """Every callback the `state` fixture's engine sent or skipped, as its observer saw them."""
    return []


@pytest.fixture
def state(callbacks: list[CallbackEntry]) -> SimulatorState:
    return make_state(callback_observer=callbacks.append)


@pytest.fixture
async def sim(state: SimulatorState) -> AsyncIterator[Sim[SimulatorState]]:
    async with driving(state, create_app(state)) as driver:
        yield driver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r
