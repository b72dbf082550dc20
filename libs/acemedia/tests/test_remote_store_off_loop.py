"""What lives in a shared store (Redis, another process) is read and written off the event loop: poll
marks and signed-in callers' tokens. A slow store then delays the one call that needs it, not every call
the server is serving."""

from __future__ import annotations

import os
import threading
from dataclasses import replace

import anyio
import httpx
import respx
from acemedia.http.oauth import OAuthSettings, SignIn
from acemedia.http.oauth.grants import Grant, new_chain
from acemedia.http.store import MemoryStore, SecretBox, Vault
from acemedia.http.store.throttle import SharedPollThrottle
from acemedia_testing import FakeTime, tool_text
from mcp import Client

from .conftest import demo

RUNNING = {"id": "t1", "response": {"state": "processing"}}


class GatedStore(MemoryStore):
    """A store in another process, as far as callers know, whose reads and mark exchanges wait until
    the test lets them go (at most 5 s) while it is armed."""

    remote = True

    def __init__(self) -> None:
        super().__init__()
        self.entered, self.released = threading.Event(), threading.Event()
        self.held_the_loop = False
        self.armed = True

    def _hold(self) -> None:
        if not self.armed:
            return
        self.entered.set()
        if not self.released.wait(5):  # nobody could let it go: the event loop was stuck here
            self.held_the_loop = True

    def swap_time(self, name: str, now: float, ttl: float) -> float | None:
        self._hold()
        return super().swap_time(name, now, ttl)

    def get(self, name: str) -> bytes | None:
        self._hold()
        return super().get(name)

    async def let_go_from_the_loop(self) -> None:
        """Runs on the event loop, which must stay free while the store is held."""
        await anyio.to_thread.run_sync(self.entered.wait, 5)
        self.released.set()


async def test_a_slow_shared_store_does_not_hold_the_event_loop(
    upstream: respx.MockRouter, fake_time: FakeTime
) -> None:
    upstream.post("/demo/tasks").mock(return_value=httpx.Response(200, json=RUNNING))
    store = GatedStore()
    runtime = demo.runtime
    demo.configure(replace(runtime, throttle=SharedPollThrottle(5.0, store, clock=fake_time.clock)))

    with anyio.fail_after(10):
        async with Client(demo.mcp) as client, anyio.create_task_group() as tasks:
            tasks.start_soon(store.let_go_from_the_loop)
            result = await client.call_tool("demo_get_task", {"task_id": "t1"})
    assert not result.is_error, tool_text(result)
    assert store.entered.is_set() and not store.held_the_loop


async def test_a_signed_in_callers_token_is_checked_off_the_event_loop() -> None:
    store = GatedStore()
    settings = OAuthSettings(server_url="https://media.mcp.example.com", client_id="c")
    signin = SignIn(settings, Vault(store, SecretBox(os.urandom(32))))
    store.armed = False
    grant = Grant(new_chain(), "c", ["mcp:access"], settings.resource, "user", "the-credential")
    token = signin.provider.tokens.issue(grant).access_token
    store.armed = True
    with anyio.fail_after(10):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(store.let_go_from_the_loop)
            checked = await signin.verify(token)
    assert checked.credential == "the-credential"
    assert store.entered.is_set() and not store.held_the_loop
    await signin.aclose()
