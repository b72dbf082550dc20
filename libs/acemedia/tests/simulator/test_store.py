"""Sandbox options of the simulator: jobs kept in a file for the next simulator, and callbacks off."""

from __future__ import annotations

from pathlib import Path

import httpx
from acemedia.simulator import CallbackEntry, ManualClock, create_app
from acemedia.simulator.store import JobStore

from .conftest import EPOCH, TOKEN, Sim, make_state

HEADERS = {"authorization": f"Bearer {TOKEN}"}


def driver(state: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(state)),  # type: ignore[arg-type]
        base_url="http://sim.test",
        headers=HEADERS,
    )


async def test_a_job_saved_by_one_simulator_is_known_to_the_next(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    first = make_state(store=JobStore(path), seed=1)
    async with driver(first) as client:
        sim = Sim(first, client, ManualClock())
        task_id = await sim.submit("/sora/videos", {"prompt": "p", "model": "sora-2"})
        before = (await sim.batch("sora"))["items"][0]
    # a new process: another clock, started 60 s of wall time later; the 10 s job is long done
    second = make_state(store=JobStore(path), seed=1, clock=ManualClock(5.0), epoch=EPOCH + 60)
    second.media_base = "http://127.0.0.1:9999/media"  # a restarted sandbox serves media on a new port
    async with driver(second) as client:
        sim = Sim(second, client, ManualClock())
        record = await sim.record("sora", task_id)
        assert record["created_at"] == before["created_at"] and record["request"] == before["request"]
        assert record["response"]["data"][0]["state"] == "succeeded"
        assert record["response"]["data"][0]["video_url"].startswith("http://127.0.0.1:9999/media/sora/")
        assert [i["id"] for i in (await sim.batch("sora"))["items"]] == [task_id]
        # a restored job still belongs to its provider only
        assert (await sim.record("luma", task_id)) == {}


async def test_with_callbacks_off_nothing_is_sent_and_the_skip_is_observed() -> None:
    sent: list[httpx.Request] = []
    observed: list[CallbackEntry] = []
    state = make_state(
        send_callbacks=False,
        callback_transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200)),
        callback_observer=observed.append,
    )
    async with driver(state) as client:
        body = {"prompt": "p", "model": "sora-2", "callback_url": "http://127.0.0.1:9/hook"}
        await client.post("/sora/videos", json=body)
    assert state.manual_clock is not None
    state.manual_clock.advance(60)
    assert await state.deliver_callbacks() == 1
    (entry,) = observed
    assert sent == [] and entry.delivered is False and "skipped" in (entry.error or "")
