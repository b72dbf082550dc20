"""Each provider's task lifecycle on a manual clock: queued (no response) → running → done, in its own words."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from acemedia.simulator import Outcome, ScriptRule, create_app

from .conftest import EPOCH, Sim, make_state

# job_seconds is 10 in these tests: queued for 2 s, running until 10 s.
QUEUED, RUNNING, DONE = 1.0, 5.0, 10.0


def state_of(response: dict[str, Any], key: str = "state") -> Any:
    data = response.get("data")
    return data[0][key] if isinstance(data, list) else response[key]


async def at(
    sim: Sim, seconds: float, provider: str, task_id: str, *, start: float = 1000.0
) -> dict[str, Any]:
    sim.clock.advance(start + seconds - sim.clock())
    return await sim.record(provider, task_id)


@pytest.mark.parametrize(
    ("path", "body", "running", "done"),
    [
        ("/sora/videos", {"prompt": "p", "model": "sora-2"}, "pending", "succeeded"),
        ("/luma/videos", {"action": "generate", "prompt": "p"}, "pending", "completed"),
        ("/kling/videos", {"action": "text2video", "prompt": "p"}, "processing", "succeed"),
        ("/kling/motion", {"image_url": "i", "video_url": "v", "character_orientation": "image", "mode": "std"},
         "processing", "succeed"),
        ("/kling/lip-sync", {"mode": "text2video", "video_id": "1", "text": "hi"}, "processing", "succeed"),
        ("/kling/talking-photo", {"image_url": "i", "audio_url": "a"}, "processing", "succeed"),
        ("/producer/audios", {"action": "generate", "prompt": "p"}, "pending", "succeeded"),
        ("/veo/videos", {"action": "text2video", "prompt": "p"}, "running", "succeeded"),
        ("/veo/upsample", {"video_id": "v", "action": "1080p"}, "running", "succeeded"),
        ("/veo/extend", {"video_id": "v", "model": "veo31"}, "running", "succeeded"),
        ("/veo/reshoot", {"video_id": "v", "motion_type": "UP"}, "running", "succeeded"),
        ("/veo/objects", {"video_id": "v", "action": "insert", "prompt": "p"}, "running", "succeeded"),
    ],
)  # fmt: skip
async def test_queued_running_done_in_the_providers_vocabulary(
    sim: Sim, path: str, body: dict[str, Any], running: str, done: str
) -> None:
    provider, kind = path.split("/")[1:]
    task_id = await sim.submit(path, body)

    queued = await at(sim, QUEUED, provider, task_id)
    assert queued["id"] == task_id
    assert queued["type"] == kind
    assert queued["created_at"] == queued["started_at"] == EPOCH
    assert queued["request"] == {**body, "async": True}
    uuid.UUID(queued["trace_id"])
    assert "response" not in queued and "finished_at" not in queued and "elapsed" not in queued

    mid = await at(sim, RUNNING, provider, task_id)
    assert "success" not in mid["response"]
    assert state_of(mid["response"]) == running
    assert "finished_at" not in mid

    final = await at(sim, DONE, provider, task_id)
    response = final["response"]
    assert response["success"] is True
    assert response["task_id"] == task_id
    assert state_of(response) == done
    assert final["finished_at"] == EPOCH + 10.0
    assert final["elapsed"] == 10.0


async def test_sora_list_body(sim: Sim) -> None:
    task_id = await sim.submit("/sora/videos", {"prompt": "p", "model": "sora-2-pro"})
    response = (await at(sim, DONE, "sora", task_id))["response"]
    assert set(response) == {"success", "task_id", "trace_id", "data"}
    (item,) = response["data"]
    assert re.fullmatch(r"sora-2-pro:task_[0-9a-z]{26}", item["id"])
    assert item["video_url"].startswith("https://") and item["video_url"].endswith(".mp4")


async def test_sora_v2_ids_are_uuids(sim: Sim) -> None:
    task_id = await sim.submit("/sora/videos", {"prompt": "p", "model": "sora-2", "version": "2.0"})
    response = (await at(sim, DONE, "sora", task_id))["response"]
    uuid.UUID(response["data"][0]["id"])


async def test_luma_flat_body(sim: Sim) -> None:
    task_id = await sim.submit(
        "/luma/videos", {"action": "generate", "prompt": "waves", "aspect_ratio": "9:16"}
    )
    late = (await at(sim, 9.0, "luma", task_id))["response"]
    assert late["state"] == "processing"
    assert late["video_url"] is None and late["thumbnail_url"] is None
    response = (await at(sim, DONE, "luma", task_id))["response"]
    assert response["state"] == "completed"
    assert response["prompt"] == "waves"
    assert (response["video_width"], response["video_height"]) == (752, 1360)
    assert response["thumbnail_url"].endswith(".jpg")
    uuid.UUID(response["video_id"])
    assert "data" not in response


async def test_kling_flat_body(sim: Sim) -> None:
    task_id = await sim.submit("/kling/videos", {"action": "text2video", "prompt": "p", "duration": 10})
    running = (await at(sim, RUNNING, "kling", task_id))["response"]
    assert "duration" not in running and running["video_url"] is None
    response = (await at(sim, DONE, "kling", task_id))["response"]
    assert re.fullmatch(r"[1-9]\d{17}", response["video_id"])
    assert response["duration"] == "10.041"
    assert running["video_id"] == response["video_id"]


async def test_kling_talking_photo_adds_the_source_video(sim: Sim) -> None:
    task_id = await sim.submit("/kling/talking-photo", {"image_url": "i", "audio_url": "a"})
    response = (await at(sim, DONE, "kling", task_id))["response"]
    assert response["source_video_url"].endswith(".mp4")
    assert response["source_video_url"] != response["video_url"]


async def test_veo_items_carry_times(sim: Sim) -> None:
    task_id = await sim.submit("/veo/videos", {"action": "text2video", "prompt": "p", "resolution": "gif"})
    running = (await at(sim, RUNNING, "veo", task_id))["response"]["data"][0]
    assert "complete_at" not in running
    item = (await at(sim, DONE, "veo", task_id))["response"]["data"][0]
    assert re.fullmatch(r"[0-9a-f]{32}", item["id"])
    assert item["created_at"] == "2025-10-09T08:53:20.000Z"
    assert item["complete_at"] == "2025-10-09T08:53:30.000Z"
    assert item["video_url"].endswith(".gif")


async def test_producer_streams_a_preview_url_while_pending(sim: Sim) -> None:
    task_id = await sim.submit(
        "/producer/audios", {"action": "generate", "prompt": "lofi beats", "model": "FUZZ-2.0"}
    )
    early = (await at(sim, 3.0, "producer", task_id))["response"]["data"][0]
    later = (await at(sim, 8.0, "producer", task_id))["response"]["data"][0]
    final = (await at(sim, DONE, "producer", task_id))["response"]["data"][0]
    assert early["state"] == later["state"] == "pending"
    assert "/preview/" in early["audio_url"] and early["audio_url"].endswith(".mp3")
    assert early["progress"] == "12%" and later["progress"] == "75%"
    assert final["state"] == "succeeded" and final["progress"] == "100%"
    assert "/preview/" not in final["audio_url"]
    assert final["audio_url"] != early["audio_url"]
    assert final["id"] == early["id"]
    assert final["title"] == "Lofi Beats" and final["model"] == "FUZZ-2.0"
    assert isinstance(final["duration"], str)


async def test_producer_stems_items(sim: Sim) -> None:
    task_id = await sim.submit("/producer/audios", {"action": "stems", "audio_id": "a1", "prompt": ""})
    item = (await at(sim, DONE, "producer", task_id))["response"]["data"][0]
    assert item["stems_url"].endswith(".zip") and item["lyric"] == "" and item["state"] == "succeeded"


async def test_preview_marker_streams_video_previews_from_the_first_poll(sim: Sim) -> None:
    task_id = await sim.submit("/sora/videos", {"prompt": "p [sim:preview]", "model": "sora-2"})
    first = (await sim.record("sora", task_id))["response"]["data"][0]
    assert first["state"] == "pending" and "/preview/" in first["video_url"]
    running = (await at(sim, RUNNING, "sora", task_id))["response"]["data"][0]
    assert "/preview/" in running["video_url"]
    submitted = sim.clock()
    silent = await sim.submit("/producer/audios", {"action": "generate", "prompt": "p [sim:nopreview]"})
    item = (await at(sim, RUNNING, "producer", silent, start=submitted))["response"]["data"][0]
    assert item["audio_url"] is None


async def test_the_fail_marker_fails_the_job_in_the_providers_style(sim: Sim) -> None:
    sora = await sim.submit("/sora/videos", {"prompt": "p [sim:fail]", "model": "sora-2"})
    kling = await sim.submit("/kling/videos", {"action": "text2video", "prompt": "[sim:fail=forbidden] p"})
    assert "response" not in await at(sim, QUEUED, "sora", sora)
    assert "success" not in (await at(sim, RUNNING, "sora", sora))["response"]
    failed = (await at(sim, DONE, "sora", sora))["response"]
    assert failed["success"] is False
    assert failed["task_id"] == sora
    assert failed["error"] == {"code": "api_error", "message": "Internal server error."}
    assert failed["data"][0]["state"] == "failed"
    refused = (await sim.record("kling", kling))["response"]
    assert refused["state"] == "failed"
    assert refused["error"]["code"] == "forbidden"


async def test_the_seconds_marker_sets_the_duration(sim: Sim) -> None:
    task_id = await sim.submit("/luma/videos", {"prompt": "p [sim:seconds=90]"})
    assert (await at(sim, 60.0, "luma", task_id))["response"]["state"] == "processing"
    record = await at(sim, 90.0, "luma", task_id)
    assert record["response"]["state"] == "completed"
    assert record["elapsed"] == 90.0


async def test_scripted_outcomes_apply_to_the_next_jobs_of_their_provider(sim: Sim) -> None:
    sim.state.script.add(
        ScriptRule(Outcome(fail=True, error_code="timeout", seconds=1), provider="veo", count=1)
    )
    first = await sim.submit("/veo/videos", {"action": "text2video", "prompt": "p"})
    second = await sim.submit("/veo/videos", {"action": "text2video", "prompt": "p"})
    other = await sim.submit("/sora/videos", {"prompt": "p", "model": "sora-2"})
    sim.clock.advance(1.5)
    assert (await sim.record("veo", first))["response"]["error"]["code"] == "timeout"
    assert "response" not in await sim.record("veo", second)  # still queued: the rule was used up
    assert "response" not in await sim.record("sora", other)


async def test_markers_override_the_script(sim: Sim) -> None:
    sim.state.script.add(ScriptRule(Outcome(fail=True), path="/kling/motion", count=None))
    body = {"image_url": "i", "video_url": "v", "character_orientation": "image", "mode": "std"}
    failing = await sim.submit("/kling/motion", body)
    rescued = await sim.submit("/kling/motion", {**body, "prompt": "[sim:ok]"})
    sim.clock.advance(DONE)
    assert (await sim.record("kling", failing))["response"]["success"] is False
    assert (await sim.record("kling", rescued))["response"]["success"] is True


async def test_unknown_or_foreign_ids_give_an_empty_object(sim: Sim) -> None:
    sora = await sim.submit("/sora/videos", {"prompt": "p", "model": "sora-2"})
    assert await sim.record("sora", "no-such-task") == {}
    assert await sim.record("luma", sora) == {}  # another provider's task
    other = await sim.post("/sora/tasks", {"id": sora}, headers={"authorization": "Bearer someone-else"})
    assert other.json() == {}  # another account's task


async def test_veo_tasks_can_be_found_by_trace_id(sim: Sim) -> None:
    reply = await sim.post("/veo/videos", {"action": "text2video", "prompt": "p", "async": True})
    found = await sim.post("/veo/tasks", {"action": "retrieve", "trace_id": reply.json()["trace_id"]})
    assert found.json()["id"] == reply.json()["task_id"]


async def test_action_defaults_to_retrieve(sim: Sim) -> None:
    task_id = await sim.submit("/kling/videos", {"action": "text2video", "prompt": "p"})
    reply = await sim.post("/kling/tasks", {"id": task_id})
    assert reply.json()["id"] == task_id


# --- synchronous submits ------------------------------------------------------------------------------


async def test_a_sync_submit_returns_the_finished_body_once_the_clock_has_moved(sim: Sim) -> None:
    reply = await sim.post("/veo/videos", {"action": "text2video", "prompt": "p"})
    assert reply.status_code == 200
    body = reply.json()
    assert body["success"] is True and body["data"][0]["state"] == "succeeded"
    assert sim.clock() == 1010.0  # waited out the job on the simulated clock
    record = await sim.record("veo", body["task_id"])
    assert record["response"] == body
    assert record["finished_at"] == EPOCH + 10.0


async def test_async_false_without_callback_is_synchronous(sim: Sim) -> None:
    reply = await sim.post("/luma/videos", {"prompt": "p", "async": False, "callback_url": None})
    assert reply.json()["state"] == "completed"


async def test_a_failed_sync_job_answers_with_the_error_status(sim: Sim) -> None:
    reply = await sim.post("/luma/videos", {"prompt": "[sim:fail=forbidden] p"})
    assert reply.status_code == 403
    body = reply.json()
    assert body["success"] is False and body["error"]["code"] == "forbidden"
    uuid.UUID(body["task_id"])
    uuid.UUID(body["trace_id"])


async def test_a_scripted_status_wins_for_a_failed_sync_job(sim: Sim) -> None:
    sim.state.script.add(ScriptRule(Outcome(fail=True, error_code="busy", http_status=503), provider="kling"))
    reply = await sim.post("/kling/videos", {"action": "text2video", "prompt": "p"})
    assert reply.status_code == 503
    assert reply.json()["error"]["code"] == "busy"


async def test_producer_lyrics_upload_videos_wav_answer_at_once(sim: Sim) -> None:
    lyrics = (await sim.post("/producer/lyrics", {"prompt": "rain on a tin roof", "async": True})).json()
    assert set(lyrics) == {"success", "task_id", "data"}
    assert lyrics["data"]["status"] == "complete"
    assert lyrics["data"]["title"] == "Rain On A Tin" and "[Chorus]" in lyrics["data"]["text"]
    upload = (await sim.post("/producer/upload", {"audio_url": "https://example.com/a.mp3"})).json()
    assert set(upload) == {"success", "task_id", "data"}
    assert upload["data"]["audio_url"] == "https://example.com/a.mp3"
    uuid.UUID(upload["data"]["audio_id"])
    video = (await sim.post("/producer/videos", {"audio_id": "a1"})).json()
    assert set(video) == {"success", "task_id", "trace_id", "data"}
    assert video["data"]["video_url"].endswith(".mp4")
    wav = (await sim.post("/producer/wav", {"audio_id": "a1"})).json()
    assert wav["data"][0]["file_url"].endswith(".wav")
    assert sim.clock() == 1000.0  # no waiting
    record = await sim.record("producer", wav["task_id"])
    assert record["type"] == "wav" and record["response"] == wav


async def test_ids_repeat_with_the_same_seed(sim: Sim) -> None:
    first = await sim.submit("/sora/videos", {"prompt": "p", "model": "sora-2"})
    assert first == "e3e70682-c209-4cac-a29f-6fbed82c07cd"  # uuid4 from random.Random(0)


async def test_without_sync_wait_a_sync_job_is_done_at_once() -> None:
    state = make_state(sync_wait=False)
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://s", headers={"authorization": "Bearer t"}
    ) as c:
        body = (await c.post("/sora/videos", json={"prompt": "p", "model": "sora-2"})).json()
        record = (await c.post("/sora/tasks", json={"id": body["task_id"]})).json()
    assert body["data"][0]["state"] == "succeeded"
    assert state.clock() == 1000.0
    assert record["response"] == body and record["elapsed"] == 0.0
