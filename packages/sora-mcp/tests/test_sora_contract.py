"""Sora through a real MCP client: every tool's request body, bad input, and task states."""

from __future__ import annotations

from pathlib import Path

from acemedia_testing import BadCase, ProviderContract, RecordedContract, SubmitCase
from sora_mcp.server import server

DATA = Path(__file__).parent / "data"  # this provider's recorded bodies, schemas, surface and budget

V = "/sora/videos"
V1 = {"model": "sora-2", "size": "large", "duration": 15, "orientation": "landscape"}


class TestSoraContract(ProviderContract, RecordedContract):
    server = server
    data_dir = DATA
    catalog_tools = {
        "sora_generate_video",
        "sora_generate_video_from_image",
        "sora_generate_video_with_character",
        "sora_generate_video_async",
        "sora_generate_video_v2",
        "sora_generate_video_v2_async",
        "sora_get_task",
        "sora_get_tasks_batch",
        "sora_list_models",
        "sora_list_actions",
    }
    submit_cases = [
        SubmitCase("sora_generate_video", {"prompt": "a fox"}, V, {"prompt": "a fox", **V1, "async": True}),
        SubmitCase(
            "sora_generate_video",
            {
                "prompt": "a fox",
                "model": "sora-2-pro",
                "duration": 25,
                "size": "small",
                "orientation": "portrait",
            },
            V,
            {
                "prompt": "a fox",
                "model": "sora-2-pro",
                "size": "small",
                "duration": 25,
                "orientation": "portrait",
                "async": True,
            },
        ),
        SubmitCase(
            "sora_generate_video_from_image",
            {"prompt": "p", "image_urls": ["https://x.test/a.png"]},
            V,
            {"prompt": "p", "image_urls": ["https://x.test/a.png"], **V1, "async": True},
        ),
        SubmitCase(
            "sora_generate_video_with_character",
            {"prompt": "p", "character_url": "https://x.test/c.mp4"},
            V,
            {
                "prompt": "p",
                "character_url": "https://x.test/c.mp4",
                "character_start": 0,
                "character_end": 1,
                **V1,
                "async": True,
            },
        ),
        SubmitCase(
            "sora_generate_video_async",
            {"prompt": "p", "callback_url": "https://hook.test/cb"},
            V,
            {"prompt": "p", "callback_url": "https://hook.test/cb", **V1},
        ),
        SubmitCase(
            "sora_generate_video_async",
            {"prompt": "p", "callback_url": "", "image_urls": ["https://x.test/a.png"]},
            V,
            {"prompt": "p", "callback_url": "", **V1, "image_urls": ["https://x.test/a.png"], "async": True},
        ),
        SubmitCase(
            "sora_generate_video_v2",
            {"prompt": "p"},
            V,
            {
                "prompt": "p",
                "model": "sora-2",
                "version": "2.0",
                "duration": 4,
                "size": "1280x720",
                "async": True,
            },
        ),
        SubmitCase(
            "sora_generate_video_v2_async",
            {
                "prompt": "p",
                "callback_url": "https://hook.test/cb",
                "duration": 12,
                "size": "720x1280",
                "image_urls": ["https://x.test/a.png"],
            },
            V,
            {
                "callback_url": "https://hook.test/cb",
                "prompt": "p",
                "model": "sora-2",
                "version": "2.0",
                "duration": 12,
                "size": "720x1280",
                "image_urls": ["https://x.test/a.png"],
            },
        ),
    ]
    bad_cases = [
        BadCase("sora_generate_video", {"prompt": "p", "duration": 25}, "duration"),
        BadCase("sora_generate_video", {"prompt": "p", "duration": 12}, "duration"),
        BadCase("sora_generate_video", {"prompt": ""}, "prompt"),
        BadCase("sora_generate_video", {"prompt": "p", "model": "sora-3"}, "model"),
        BadCase("sora_generate_video_from_image", {"prompt": "p", "image_urls": []}, "image_urls"),
        BadCase(
            "sora_generate_video_with_character",
            {"prompt": "p", "character_url": "file:///x"},
            "character_url",
        ),
        BadCase(
            "sora_generate_video_with_character",
            {
                "prompt": "p",
                "character_url": "https://x.test/c.mp4",
                "character_start": 2,
                "character_end": 9,
            },
            "character_end",
        ),
        BadCase("sora_generate_video_async", {"prompt": "p", "callback_url": "not a url"}, "callback_url"),
        BadCase("sora_generate_video_v2", {"prompt": "p", "size": "640x480"}, "size"),
        BadCase("sora_get_task", {"task_id": ""}, "task_id"),
        BadCase("sora_get_tasks_batch", {"task_ids": []}, "task_ids"),
        BadCase("sora_get_tasks_batch", {"task_ids": [f"t{i}" for i in range(501)]}, "task_ids"),
    ]
    running_record = {"id": "task-1", "response": {"data": [{"id": "v1", "state": "pending"}]}}
    succeeded_record = {
        "id": "task-1",
        "response": {
            "success": True,
            "task_id": "task-1",
            "data": [{"id": "v1", "state": "succeeded", "video_url": "https://cdn.test/v1.mp4"}],
        },
    }
    failed_record = {
        "id": "task-1",
        "state": "",
        "response": {"success": False, "error": {"code": "x", "message": "no"}},
    }
    expected_media_url = "https://cdn.test/v1.mp4"
