"""Reply dialects: chosen per job from the seed, pinned by setting, marker or script, kept across a restore,
and the exact bodies each one gives; plus the error forms (flat `{code, detail}`, refusals at submission).
Choosing one over the harness's control API or command line, and faults' codes: acemedia-testing's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from acemedia.simulator import (
    DIALECTS,
    ManualClock,
    Outcome,
    ScriptRule,
    SimulatorState,
    create_app,
)
from acemedia.simulator.dialects import DialectChooser
from acemedia.simulator.jobs import Job
from acemedia.simulator.store import JobStore

from .conftest import EPOCH, TOKEN, Sim, make_state

SORA = ("/sora/videos", {"prompt": "p", "model": "sora-2"})
LUMA = ("/luma/videos", {"prompt": "p"})
LIP_SYNC = ("/kling/lip-sync", {"mode": "text2video", "video_id": "1", "text": "hi"})
PRODUCER = ("/producer/audios", {"action": "generate", "prompt": "p"})


def dialects_of(state: SimulatorState, jobs: int, marker: str = "") -> list[str]:
    endpoint = state.endpoints.by_path["/sora/videos"]
    names = []
    for i in range(jobs):
        prompt = f"p {marker}" if i == 3 else "p"
        names.append(state.create_job(endpoint, {"prompt": prompt}, TOKEN).dialect.name)
    return names


# -- the choice ----------------------------------------------------------------------------------------


def test_varied_dialects_repeat_with_the_seed_and_reach_every_dialect() -> None:
    first, again, other = (dialects_of(SimulatorState(seed=s), 60) for s in (7, 7, 8))
    assert first == again != other
    assert set(first) == set(DIALECTS)
    assert SimulatorState().dialects.setting == "varied"  # the default


def test_a_pinned_job_does_not_shift_the_jobs_after_it() -> None:
    plain = dialects_of(SimulatorState(seed=3), 10)
    pinned = dialects_of(SimulatorState(seed=3), 10, "[sim:dialect=terse]")
    assert pinned[3] == "terse" and pinned[:3] + pinned[4:] == plain[:3] + plain[4:]


def test_a_fixed_dialect_holds_for_every_job_unless_a_job_names_its_own() -> None:
    assert set(dialects_of(SimulatorState(dialect="listed"), 8)) == {"listed"}
    assert dialects_of(SimulatorState(dialect="listed"), 5, "[sim:dialect=tutorial]")[3] == "tutorial"
    state = SimulatorState(dialect="classic")
    state.script.add(ScriptRule(Outcome(dialect="callback"), provider="sora"))
    assert dialects_of(state, 2) == ["callback", "classic"]


def test_peek_tells_the_next_draw_without_using_it() -> None:
    chooser = DialectChooser("varied", seed=5)
    seen = chooser.peek()
    assert chooser.peek() == seen and chooser.take() == seen
    assert chooser.peek("generic").name == "generic"


def test_unknown_dialects_are_refused_or_ignored() -> None:
    with pytest.raises(ValueError, match="dialect must be one of classic, callback"):
        SimulatorState(dialect="nope")
    with pytest.raises(ValueError):
        Outcome(dialect="nope")
    assert dialects_of(SimulatorState(dialect="generic"), 5, "[sim:dialect=nope]")[3] == "generic"


# -- a restore keeps it ----------------------------------------------------------------------------------


async def test_a_restored_job_keeps_its_dialect(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite3"
    first = make_state(store=JobStore(path), dialect="varied", seed=11)
    endpoint = first.endpoints.by_path["/luma/videos"]
    jobs = [first.create_job(endpoint, {"prompt": "p", "async": True}, TOKEN) for _ in range(12)]
    assert len({j.dialect.name for j in jobs}) > 1
    second = make_state(store=JobStore(path), dialect="classic", clock=ManualClock(5.0), epoch=EPOCH)
    for job in jobs:
        restored = second.find("luma", TOKEN, task_id=job.id)
        assert restored is not None and restored is not job
        assert restored.dialect == job.dialect
        for t in (1.0, 5.0, 10.0):
            assert restored.record(5.0 + t) == job.record(1000.0 + t)


def test_a_job_saved_before_dialects_speaks_the_classic_one() -> None:
    state = make_state(dialect="terse")
    endpoint = state.endpoints.by_path["/sora/videos"]
    saved = state.create_job(endpoint, {"prompt": "p"}, TOKEN).to_json()
    assert saved.pop("dialect") == "terse"
    assert Job.from_json(saved, endpoint, 0.0).dialect.name == "classic"


# -- the bodies each dialect gives -----------------------------------------------------------------------


async def answer(dialect: str, path: str, body: dict[str, Any]) -> httpx.Response:
    """One submission to a fresh simulator speaking `dialect`."""
    transport = httpx.ASGITransport(app=create_app(make_state(dialect=dialect)))
    headers = {"authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://s", headers=headers) as client:
        return await client.post(path, json=body)


async def run(dialect: str, path: str, body: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The accepted reply, then the record queued (1 s), running (5 s) and done (10 s)."""
    state = make_state(dialect=dialect)
    transport = httpx.ASGITransport(app=create_app(state))
    headers = {"authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://s", headers=headers) as client:
        accepted = (await client.post(path, json={**body, "async": True})).json()
        job = state.jobs(path.split("/")[1])[0]
        records = []
        for t in (1.0, 5.0, 10.0):
            assert state.manual_clock is not None
            state.manual_clock.advance(1000.0 + t - state.clock())
            records.append((await client.post(f"/{job.provider}/tasks", json={"id": job.id})).json())
    return accepted, records


@pytest.mark.parametrize(
    ("dialect", "sora", "luma"),
    [
        ("classic", {"task_id", "trace_id"}, {"task_id", "trace_id"}),
        ("callback", {"task_id"}, {"task_id"}),
        ("generic", {"success", "task_id", "trace_id"}, {"success", "task_id", "trace_id"}),
        ("terse", {"success", "task_id"}, {"success", "task_id"}),
        ("listed", {"success", "task_id", "trace_id", "data"}, {"success", "task_id", "trace_id"}),
        ("tutorial", {"status", "data"}, {"status", "data"}),
    ],
)
async def test_each_dialects_accepted_reply(dialect: str, sora: set[str], luma: set[str]) -> None:
    sora_reply, _ = await run(dialect, *SORA)
    luma_reply, _ = await run(dialect, *LUMA)
    assert (set(sora_reply), set(luma_reply)) == (sora, luma)
    assert sora_reply.get("success", True) is True


async def test_the_tutorial_envelope_nests_the_task_id() -> None:
    accepted, records = await run("tutorial", *SORA)
    assert accepted == {"status": "success", "data": {"task_id": records[0]["id"]}}


async def test_running_records_in_each_form() -> None:
    _, (queued, running, _) = await run("classic", *SORA)
    assert "response" not in queued and running["response"]["data"][0]["state"] == "pending"
    assert "success" not in running["response"]
    accepted, (queued, running, _) = await run("callback", *SORA)
    assert "response" not in queued and running["response"] == accepted == {"task_id": running["id"]}
    accepted, (_, running, _) = await run("listed", *SORA)
    assert running["response"] == accepted and accepted["data"] == [] and accepted["success"] is True
    _, (queued, running, done) = await run("terse", *SORA)
    assert "response" not in queued and "response" not in running and "response" in done


async def test_a_preview_shows_in_every_dialect() -> None:
    for dialect in DIALECTS:
        _, (_, running, _) = await run(dialect, PRODUCER[0], {**PRODUCER[1], "prompt": "p [sim:preview]"})
        assert "/preview/" in running["response"]["data"][0]["audio_url"], dialect


@pytest.mark.parametrize(
    ("dialect", "sora", "luma"),
    [
        ("classic", {"success", "task_id", "trace_id", "data"}, {"success", "task_id"}),
        ("generic", {"success", "task_id", "trace_id", "data"}, {"success", "task_id", "trace_id"}),
        ("terse", {"task_id", "data"}, {"task_id"}),
        ("tutorial", {"success", "task_id", "data"}, {"success", "task_id"}),
    ],
)
async def test_final_bodies_keep_the_providers_style_with_the_dialects_keys(
    dialect: str, sora: set[str], luma: set[str]
) -> None:
    _, (*_, sora_done) = await run(dialect, *SORA)
    _, (*_, luma_done) = await run(dialect, *LUMA)
    assert set(sora_done["response"]) == sora and sora_done["response"]["data"][0]["state"] == "succeeded"
    luma_keys = set(luma_done["response"]) & {"success", "task_id", "trace_id", "data"}
    assert luma_keys == luma and luma_done["response"]["state"] == "completed"


async def test_the_producer_doc_records_response_in_the_terse_dialect() -> None:
    _, (*_, done) = await run("terse", *PRODUCER)
    assert set(done["response"]) == {"task_id", "data"}  # upstream-api.md §5.3: no `success` key
    assert done["response"]["data"][0]["state"] == "succeeded"


async def test_without_a_state_word_success_stays() -> None:
    reply = await answer("terse", "/producer/videos", {"audio_id": "a"})
    assert set(reply.json()) == {"success", "task_id", "data"} and reply.json()["success"] is True


# -- error forms ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", [d.name for d in DIALECTS.values() if d.flat_errors])
async def test_lip_sync_fails_in_the_flat_form_where_the_dialect_has_it(dialect: str) -> None:
    path, body = LIP_SYNC
    _, (*_, done) = await run(dialect, path, {**body, "text": "hi [sim:fail=forbidden]"})
    assert done["response"] == {
        "task_id": done["id"],
        "code": "forbidden",
        "detail": "Sorry! Our AI moderators feel your prompt might be against our community standards.",
    }
    _, (*_, videos) = await run(dialect, "/kling/videos", {"action": "text2video", "prompt": "[sim:fail] p"})
    assert videos["response"]["success"] is False and videos["response"]["error"]["code"] == "api_error"


async def test_lip_sync_refuses_a_bad_request_in_the_flat_form() -> None:
    reply = await answer("terse", "/kling/lip-sync", {"mode": "text2video", "text": "hi"})
    assert reply.status_code == 400
    assert reply.json() == {"code": "bad_request", "detail": "one of video_id or video_url is required."}


async def test_other_dialects_keep_the_error_object(sim: Sim) -> None:
    path, body = LIP_SYNC
    reply = await sim.post(path, {**body, "text": "hi [sim:fail=used_up]", "async": True})
    assert reply.status_code == 403 and reply.json()["success"] is False
    assert reply.json()["error"]["code"] == "used_up" and reply.json()["trace_id"]


@pytest.mark.parametrize(
    ("marker", "status", "code", "message"),
    [
        ("[sim:fail=used_up]", 403, "used_up", "Your balance is not sufficient"),
        ("[sim:fail=token_expired]", 401, "token_expired", "token expired."),
        ("[sim:fail=token_mismatched] [sim:status=401]", 401, "token_mismatched", "token and api does not"),
        ("[sim:fail=token_mismatched]", 400, "token_mismatched", "The specified token is not matched"),
        ("[sim:fail=too_many_requests]", 429, "too_many_requests", "You have exceeded"),
    ],
)
async def test_a_refusing_code_answers_the_submission_and_starts_nothing(
    sim: Sim, marker: str, status: int, code: str, message: str
) -> None:
    for body in ({"async": True}, {"callback_url": "http://127.0.0.1:1/cb"}, {}):
        reply = await sim.post("/veo/videos", {"action": "text2video", "prompt": f"p {marker}", **body})
        assert reply.status_code == status
        assert reply.json()["error"]["code"] == code and reply.json()["error"]["message"].startswith(message)
    assert sim.state.jobs("veo") == []


async def test_a_scripted_refusal_is_used_up_by_the_submission_it_refuses(sim: Sim) -> None:
    sim.state.script.add(ScriptRule(Outcome(fail=True, error_code="used_up"), provider="sora"))
    assert (await sim.post(SORA[0], {**SORA[1], "async": True})).status_code == 403
    assert (await sim.post(SORA[0], {**SORA[1], "async": True})).status_code == 200
