"""The request journal and the `/_sim` control API."""

from __future__ import annotations

import httpx
from acemedia_testing.simulator import SimulatorState, create_app

from .conftest import EPOCH, TOKEN, Receiver, Sim


async def test_every_request_is_journaled_with_time_path_body_token_and_status(sim: Sim) -> None:
    task_id = await sim.submit("/veo/videos", {"action": "text2video", "prompt": "p"})
    sim.clock.advance(2.5)
    await sim.record("veo", task_id)
    await sim.post("/veo/videos", {"prompt": "no action"})
    await sim.client.post("/veo/tasks", content=b"{oops", headers={"authorization": "Bearer other"})
    await sim.post("/nowhere", {})

    entries = sim.state.journal.requests()
    assert [(e.seq, e.method, e.path, e.status) for e in entries] == [
        (1, "POST", "/veo/videos", 200),
        (2, "POST", "/veo/tasks", 200),
        (3, "POST", "/veo/videos", 400),
        (4, "POST", "/veo/tasks", 400),
        (5, "POST", "/nowhere", 404),
    ]
    assert entries[0].body == {"action": "text2video", "prompt": "p", "async": True}
    assert entries[0].task_id == task_id and entries[1].task_id is None
    assert (entries[0].at, entries[1].at) == (EPOCH, EPOCH + 2.5)
    assert [e.token for e in entries] == [TOKEN, TOKEN, TOKEN, "other", TOKEN]
    assert entries[3].body == "{oops"
    assert [e.path for e in sim.state.journal.requests("/veo/tasks")] == ["/veo/tasks", "/veo/tasks"]


async def test_the_journal_over_http(sim: Sim) -> None:
    await sim.submit("/luma/videos", {"prompt": "p"})
    await sim.post("/luma/tasks", {"id": "x"})
    journal = (await sim.client.get("/_sim/journal")).json()
    assert [r["path"] for r in journal["requests"]] == [
        "/luma/videos",
        "/luma/tasks",
    ]  # admin calls are not journaled
    assert journal["requests"][0]["token"] == TOKEN
    assert journal["callbacks"] == []
    narrowed = (await sim.client.get("/_sim/journal", params={"path": "/luma/tasks"})).json()
    assert [r["body"] for r in narrowed["requests"]] == [{"id": "x"}]


async def test_scripting_over_http(sim: Sim) -> None:
    reply = await sim.post(
        "/_sim/script",
        {"provider": "sora", "fail": True, "error": {"code": "forbidden"}, "seconds": 1, "count": 2},
    )
    assert reply.json() == {"ok": True, "rules": 1}
    await sim.post("/_sim/script", {"rules": [{"path": "/luma/videos", "seconds": 30, "count": None}]})
    sora = [await sim.submit("/sora/videos", {"prompt": "p", "model": "sora-2"}) for _ in range(3)]
    luma = await sim.submit("/luma/videos", {"prompt": "p"})
    sim.clock.advance(10)
    codes = [(await sim.record("sora", t))["response"].get("error", {}).get("code") for t in sora]
    assert codes == ["forbidden", "forbidden", None]
    assert (await sim.record("luma", luma))["response"]["state"] == "pending"
    assert (await sim.post("/_sim/script", {"clear": True})).json() == {"ok": True, "rules": 0}


async def test_scripting_refuses_what_it_cannot_read(sim: Sim) -> None:
    assert (await sim.post("/_sim/script", {"rules": "nope"})).status_code == 400
    assert (await sim.client.post("/_sim/script", content=b"[1]")).status_code == 400


async def test_reset_forgets_everything_but_the_time(sim: Sim) -> None:
    task_id = await sim.submit("/kling/videos", {"action": "text2video", "prompt": "p"})
    await sim.post("/_sim/faults", {"kind": "error", "path": "/nothing", "count": None})
    await sim.post("/_sim/script", {"fail": True, "count": None})
    sim.clock.advance(3)
    assert (await sim.post("/_sim/reset")).json() == {"ok": True}
    assert await sim.record("kling", task_id) == {}
    assert len(sim.state.faults) == len(sim.state.script) == 0
    assert [e.path for e in sim.state.journal.requests()] == ["/kling/tasks"]
    assert sim.clock() == 1003.0


async def test_clock_advance_needs_a_manual_clock_and_a_number(sim: Sim) -> None:
    assert (await sim.post("/_sim/clock/advance", {"seconds": -1})).status_code == 400
    assert (await sim.post("/_sim/clock/advance", {"seconds": "5"})).status_code == 400
    transport = httpx.ASGITransport(app=create_app(SimulatorState()))
    async with httpx.AsyncClient(transport=transport, base_url="http://s") as client:
        reply = await client.post("/_sim/clock/advance", json={"seconds": 5})
    assert reply.status_code == 400 and "manual clock" in reply.json()["error"]["message"]


async def test_health(sim: Sim) -> None:
    assert (await sim.client.get("/_sim/health")).json() == {"status": "ok"}


async def test_the_token_in_the_journal_is_the_raw_bearer_token(sim: Sim) -> None:
    await sim.post("/luma/tasks", {"id": "x"})
    assert sim.state.journal.requests()[-1].token == TOKEN


async def test_clock_advance_sends_the_callbacks_it_makes_due(sim: Sim, receiver: Receiver) -> None:
    body = {"action": "text2video", "prompt": "[sim:fail] p", "callback_url": receiver.url, "async": True}
    await sim.post("/kling/videos", body)
    advanced = await sim.post("/_sim/clock/advance", {"seconds": 10})
    assert advanced.json() == {"ok": True, "now": 1010.0, "callbacks": 1}
    (sent,) = receiver.bodies
    assert sent["success"] is False and sent["state"] == "failed" and sent["error"]["code"] == "api_error"
    (entry,) = sim.state.journal.callbacks()
    assert (entry.url, entry.delivered, entry.status, entry.body) == (receiver.url, True, 204, sent)


async def test_the_media_knobs_over_http(sim: Sim) -> None:
    reply = await sim.post("/_sim/media", {"size": 100, "cut": 1, "redirect": "http://127.0.0.1:1/x"})
    assert reply.json() == {"ok": True, "size": 100, "cut": 1, "redirect": "http://127.0.0.1:1/x"}
    assert (await sim.client.post("/_sim/media", content=b"{oops")).status_code == 400
    await sim.post("/_sim/reset")
    assert (sim.state.media.size, sim.state.media.cut, sim.state.media.redirect) == (48 * 1024, 0, None)
