"""Task records in every provider's spelling map to one status, with the compatible guidance block."""

from __future__ import annotations

from typing import Any

import pytest
from acemedia.tasks.guidance import PollingStyle, ToolNames, polling_block, submission_block
from acemedia.tasks.status import Vocabulary, read_task, task_id_of

SORA = Vocabulary.of({"succeeded"}, media_keys=(("video_url", "video"),))
KLING = Vocabulary.of({"succeed"}, media_keys=(("video_url", "video"),))
LUMA = Vocabulary.of({"completed"}, media_keys=(("video_url", "video"),))
PRODUCER = Vocabulary.of({"succeeded", "complete"}, media_keys=(("audio_url", "audio"),))
NAMES = ToolNames(poll="x_get_task", batch="x_get_tasks_batch", wait="x_wait_for_task")
URL = "https://cdn.test/out.mp4"
# the style of a provider whose finished tasks get the short block (the existing music server's)
SHORT = PollingStyle(done_note="The song is finished.", fill_state=True)


@pytest.mark.parametrize(
    ("vocab", "record", "status"),
    [
        (SORA, {"id": "t"}, "pending"),  # no response yet: queued
        (SORA, {"id": "t", "response": {"data": [{"state": "pending"}]}}, "pending"),
        (
            SORA,
            {"id": "t", "response": {"success": True, "data": [{"state": "succeeded", "video_url": URL}]}},
            "succeeded",
        ),
        (SORA, {"id": "t", "response": {"success": False, "error": {"code": "x"}}}, "failed"),
        (KLING, {"id": "t", "response": {"state": "processing"}}, "running"),
        (
            KLING,
            {"id": "t", "response": {"success": True, "state": "succeed", "video_url": URL}},
            "succeeded",
        ),
        (KLING, {"id": "t", "response": {"state": "succeed", "video_url": URL}}, "succeeded"),
        (KLING, {"id": "t", "response": {"state": "cancelled"}}, "failed"),
        (LUMA, {"id": "t", "response": {"state": "completed", "video_url": URL}}, "succeeded"),
        (LUMA, {"id": "t", "response": {"state": "pending"}}, "pending"),
        (SORA, {"id": "t", "response": {"data": [{"state": "running"}]}}, "running"),  # Veo's word
        # a record without `response` is pending, whatever else it says, unless it says failed
        (SORA, {"id": "t", "state": "succeeded"}, "pending"),
        (SORA, {"id": "t", "success": True}, "pending"),
        (SORA, {"id": "t", "state": "failed"}, "failed"),
        (SORA, {"id": "t", "state": "", "response": {"success": False}}, "failed"),
        (SORA, {"id": "t", "state": "", "response": {"data": []}}, "pending"),
        # Producer streams a preview URL while pending
        (PRODUCER, {"id": "t", "response": {"data": [{"state": "pending", "audio_url": URL}]}}, "running"),
        (
            PRODUCER,
            {"id": "t", "response": {"success": True, "data": {"status": "complete", "text": "la"}}},
            "succeeded",
        ),
    ],
)
def test_status_in_each_vocabulary(vocab: Vocabulary, record: dict[str, Any], status: str) -> None:
    assert read_task(record, vocab).status == status


def test_preview_media_is_not_final() -> None:
    view = read_task({"id": "t", "response": {"data": [{"state": "pending", "audio_url": URL}]}}, PRODUCER)
    assert [m.as_dict() for m in view.media] == [{"url": URL, "kind": "audio", "final": False}]
    assert "preview" in polling_block("t", view, NAMES)["next_step"]


def test_catalog_contract_cases_for_the_generic_block() -> None:
    failed = polling_block(
        "f", read_task({"id": "f", "state": "", "response": {"success": False}}, SORA), NAMES
    )
    assert failed | {"next_step": ""} == {
        "task_id": "f",
        "poll_tool": "x_get_task",
        "batch_poll_tool": "x_get_tasks_batch",
        "recommended_action": "stop",
        "should_poll": False,
        "terminal_state_reached": True,
        "is_complete": False,
        "is_failed": True,
        "state": "",
        "polling_interval_seconds": 15,
        "max_poll_attempts": 100,
        "next_step": "",
    }
    pending = polling_block("p", read_task({"id": "p", "state": "", "response": {"data": []}}, SORA), NAMES)
    assert (
        pending["should_poll"] is True and pending["is_complete"] is False and pending["is_failed"] is False
    )


def test_short_style_block_when_done_is_the_slim_complete_block() -> None:
    song = {"state": "succeeded", "audio_url": URL}
    view = read_task({"id": "d", "state": "", "response": {"success": True, "data": [song]}}, PRODUCER)
    block = polling_block("d", view, NAMES, style=SHORT)
    assert set(block) == {
        "task_id",
        "state",
        "is_complete",
        "is_failed",
        "should_poll",
        "terminal_state_reached",
        "recommended_action",
        "note",
    }
    assert block["state"] == "complete" and block["should_poll"] is False


def test_short_style_block_when_failed_or_pending() -> None:
    failed = polling_block(
        "f", read_task({"id": "f", "state": "", "response": {"success": False}}, PRODUCER), NAMES, style=SHORT
    )
    assert failed["state"] == "failed" and failed["is_failed"] is True and failed["should_poll"] is False
    pending = polling_block("p", read_task({"id": "p"}, PRODUCER), NAMES, style=SHORT)
    assert pending["state"] == "pending" and pending["should_poll"] is True
    assert pending["polling_interval_seconds"] == 15 and pending["max_poll_attempts"] == 100


def test_submission_block_keeps_the_existing_keys_and_defaults() -> None:
    block = submission_block("t", read_task({"response": {"task_id": "t"}}, SORA), NAMES)
    assert block["recommended_action"] == "poll" and block["should_poll"] is True
    assert block["polling_interval_seconds"] == 15 and block["max_poll_attempts"] == 100
    assert block["expected_wait_seconds"] == 600 and block["terminal_state_reached"] is False
    assert 'x_get_task(task_id="t")' in block["next_step"]


def test_submission_block_on_an_already_final_result_says_stop() -> None:
    final = read_task(
        {"response": {"success": True, "task_id": "t", "data": {"status": "complete"}}}, PRODUCER
    )
    block = submission_block("t", final, NAMES)
    assert block["should_poll"] is False and block["recommended_action"] == "stop"
    assert block["terminal_state_reached"] is True


PRODUCER_LYRICS = Vocabulary.of(
    {"succeeded", "complete"}, media_keys=(("audio_url", "audio"),), result_keys=("text", "lyrics")
)
SONG = {"id": "s1", "state": "succeeded", "audio_url": URL}


@pytest.mark.parametrize(
    ("vocab", "reply", "status", "final_media"),
    [
        # accepted: a task id and nothing that shows a finished job
        (SORA, {"task_id": "t"}, "pending", 0),
        (SORA, {"task_id": "t", "trace_id": "r"}, "pending", 0),
        (SORA, {"success": True, "task_id": "t"}, "pending", 0),
        (SORA, {"success": True, "task_id": "t", "trace_id": "r"}, "pending", 0),
        (SORA, {"success": True, "task_id": "t", "data": []}, "pending", 0),
        (KLING, {"status": "success", "data": {"task_id": "t"}}, "pending", 0),
        (KLING, {"status": "success", "task_id": "t"}, "pending", 0),
        # an envelope `status` is the call's outcome; a state inside `data` is the job's
        (
            KLING,
            {"status": "success", "data": {"task_id": "t", "state": "succeed", "video_url": URL}},
            "succeeded",
            1,
        ),
        (KLING, {"status": "success", "data": {"task_id": "t", "state": "processing"}}, "running", 0),
        # final: a success word, or success plus the operation's media or product
        (
            SORA,
            {"success": True, "task_id": "t", "data": [{"state": "succeeded", "video_url": URL}]},
            "succeeded",
            1,
        ),
        (LUMA, {"success": True, "task_id": "t", "state": "completed", "video_url": URL}, "succeeded", 1),
        (KLING, {"success": True, "task_id": "t", "state": "succeed", "video_url": URL}, "succeeded", 1),
        (PRODUCER, {"task_id": "t", "data": [SONG]}, "succeeded", 1),  # a record response without success
        (
            PRODUCER,
            {"success": True, "task_id": "t", "data": [{"title": "a", "audio_url": URL}]},
            "succeeded",
            1,
        ),  # wav-like: media, no state
        (PRODUCER, {"success": True, "data": {"audio_id": "a", "audio_url": URL}}, "succeeded", 1),
        (
            PRODUCER_LYRICS,
            {"success": True, "data": {"text": "la", "title": "x", "status": "complete"}},
            "succeeded",
            0,
        ),
        (
            PRODUCER_LYRICS,
            {"success": True, "task_id": "t", "data": {"title": "x", "lyrics": "la"}},
            "succeeded",
            0,
        ),
        # media without success or state is not proof (a preview may stream early)
        (PRODUCER, {"task_id": "t", "data": [{"audio_url": URL}]}, "running", 0),
        (PRODUCER, {"success": True, "data": [SONG, {"state": "pending", "audio_url": URL}]}, "running", 0),
        # failed: success false, an error in any form, or a failed word
        (SORA, {"success": False, "error": {"code": "api_error", "message": "x"}}, "failed", 0),
        (SORA, {"error": "fetch failed"}, "failed", 0),
        (KLING, {"code": "bad_request", "detail": "one of video_id or video_url is required"}, "failed", 0),
        (SORA, {"success": True, "data": [SONG, {"state": "failed"}]}, "failed", 0),
        (SORA, {"status": "failed", "task_id": "t"}, "failed", 0),
        # an empty error is no error
        (SORA, {"success": True, "task_id": "t", "error": {}}, "pending", 0),
    ],
)
def test_every_reply_dialect_reads_final_only_with_evidence(
    vocab: Vocabulary, reply: dict[str, Any], status: str, final_media: int
) -> None:
    view = read_task({"response": reply}, vocab)
    assert view.status == status
    assert sum(1 for m in view.media if m.final) == final_media
    if status != "succeeded":
        assert not any(m.final for m in view.media)


def test_an_accepted_reply_is_never_answered_with_stop() -> None:
    for reply in (
        {"success": True, "task_id": "t", "trace_id": "r"},
        {"success": True, "task_id": "t", "data": []},
    ):
        block = submission_block("t", read_task({"response": reply}, SORA), NAMES)
        assert block["should_poll"] is True and block["terminal_state_reached"] is False
        assert "already final" not in block["next_step"]


@pytest.mark.parametrize(
    ("reply", "task_id"),
    [
        ({"task_id": "t"}, "t"),
        ({"task_id": 12, "data": {"task_id": "x"}}, "12"),
        ({"status": "success", "data": {"task_id": "n"}}, "n"),
        ({"data": [{"task_id": "in-a-list"}]}, None),
        ({"task_id": " ", "trace_id": "r"}, None),
        ({"task_id": True}, None),
    ],
)
def test_task_id_of_a_reply(reply: dict[str, Any], task_id: str | None) -> None:
    assert task_id_of(reply) == task_id


@pytest.mark.parametrize(
    ("item", "progress"),
    [
        ({"progress": "42%"}, 42.0),
        ({"progress": 42}, 42.0),
        ({"progress": 0.42}, 42.0),
        ({"progress": "x"}, None),
        ({"progress": True}, None),
        ({"progress": "150%"}, 100.0),
        ({}, None),
    ],
)
def test_the_upstreams_own_progress_is_read(item: dict[str, Any], progress: float | None) -> None:
    view = read_task({"response": {"data": [{"state": "pending", **item}]}}, PRODUCER)
    assert view.progress == progress
