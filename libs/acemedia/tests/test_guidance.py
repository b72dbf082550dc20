"""Guidance that agrees with itself: the next step, the timings and the error an agent reads."""

from __future__ import annotations

import re

from acemedia.sandbox import Sandbox
from acemedia.tasks.guidance import ToolNames, polling_block, submission_block
from acemedia.tasks.results import task_result
from acemedia.tasks.status import Vocabulary, read_task

from .conftest import DEMO

VOCAB = Vocabulary.of({"succeeded"}, media_keys=(("video_url", "video"),))
NAMES = ToolNames(poll="x_get_task", batch="x_get_tasks_batch", wait="x_wait_for_task")
MINUTES = re.compile(r"\d+\s*-\s*\d+ minutes")


def test_next_steps_name_no_duration_that_a_tool_description_could_contradict() -> None:
    submitted = submission_block("t", read_task({"response": {"task_id": "t"}}, VOCAB), NAMES)
    running = polling_block("t", read_task({"id": "t", "response": {"state": "running"}}, VOCAB), NAMES)
    for step in (submitted["next_step"], running["next_step"]):
        assert not MINUTES.search(step), step
        assert "15 seconds" in step  # the interval it names is the block's own


def test_a_final_result_without_media_does_not_point_at_media_urls() -> None:
    lyrics = read_task({"response": {"success": True, "task_id": "t", "data": {"state": "succeeded"}}}, VOCAB)
    assert lyrics.terminal and not lyrics.media
    step = submission_block("t", lyrics, NAMES)["next_step"]
    assert "media URL" not in step and "present the result above" in step
    video = read_task(
        {"response": {"success": True, "task_id": "t", "state": "succeeded", "video_url": "https://x/v.mp4"}},
        VOCAB,
    )
    assert "present the media URLs above" in submission_block("t", video, NAMES)["next_step"]


def test_sandbox_guidance_is_timed_by_the_sandbox_job_length() -> None:
    pacing = Sandbox(job_seconds=8).pacing
    assert pacing.polling_interval_seconds == 2 and pacing.expected_wait_seconds == 12
    view = read_task({"response": {"task_id": "t"}}, VOCAB)
    block = submission_block("t", view, NAMES, pacing)
    assert block["polling_interval_seconds"] == 2 and block["expected_wait_seconds"] == 12
    assert block["max_poll_attempts"] == 100  # the key keeps its meaning
    assert "8 seconds" in block["next_step"] and "every 2 seconds" in block["next_step"]
    record = {"id": "t", "response": {"state": "running"}}
    polled = task_result(DEMO, record, sandbox=Sandbox(job_seconds=0.4))["mcp_task_polling"]
    assert polled["polling_interval_seconds"] == 1 and "0.4 seconds" in polled["next_step"]


def test_a_failed_task_carries_its_error_under_error_too() -> None:
    error = {"code": "content_policy", "message": "refused"}
    record = {"id": "t", "error": None, "response": {"success": False, "error": error}}
    result = task_result(DEMO, record)
    assert result["status"] == "failed"
    assert result["error"] == error and result["error_detail"] == error
    upstream_error = {"id": "t", "error": {"code": "x", "message": "as the upstream said"}}
    assert task_result(DEMO, upstream_error)["error"] == upstream_error["error"]  # left as it came
