"""Veo through a real MCP client: every tool's request body, bad input, task states and task lookups."""

from __future__ import annotations

import json
from pathlib import Path

import respx
from acemedia_testing import BadCase, ProviderContract, RecordedContract, SubmitCase, tool_text
from veo_mcp import guides
from veo_mcp.server import server

DATA = Path(__file__).parent / "data"  # this provider's recorded bodies, schemas, surface and budget

V = "/veo/videos"
T = "/veo/tasks"
IMG = "https://x.test/a.png"
HOOK = "https://hook.test/cb"
GEN = {"model": "veo31-fast", "aspect_ratio": "16:9"}
MASK_B64 = "data:image/jpeg;base64,/9j/4AAQSkZJRg=="

SUCCEEDED = {
    "id": "task-1",
    "trace_id": "trace-1",
    "created_at": 1705788000.0,
    "request": {"action": "text2video", "model": "veo31-fast", "prompt": "p"},
    "response": {
        "success": True,
        "task_id": "task-1",
        "trace_id": "trace-1",
        "data": [{"id": "vid-1", "state": "succeeded", "video_url": "https://cdn.test/v1.mp4"}],
    },
}


class TestVeoContract(ProviderContract, RecordedContract):
    server = server
    data_dir = DATA
    catalog_tools = {
        "veo_text_to_video",
        "veo_image_to_video",
        "veo_get_1080p",
        "veo_get_task",
        "veo_get_tasks_batch",
        "veo_list_models",
        "veo_list_actions",
        "veo_get_prompt_guide",
    }
    submit_cases = [
        SubmitCase(
            "veo_text_to_video",
            {"prompt": "a fox"},
            V,
            {"action": "text2video", "prompt": "a fox", **GEN, "async": True},
        ),
        SubmitCase(
            "veo_text_to_video",
            {
                "prompt": "un renard",
                "model": "veo31",
                "aspect_ratio": "9:16",
                "translation": True,
                "resolution": "4k",
                "callback_url": HOOK,
            },
            V,
            {
                "action": "text2video",
                "prompt": "un renard",
                "model": "veo31",
                "aspect_ratio": "9:16",
                "translation": True,
                "resolution": "4k",
                "callback_url": HOOK,
            },
        ),
        # translation false and an empty callback are left out; async is added
        SubmitCase(
            "veo_text_to_video",
            {"prompt": "p", "translation": False, "callback_url": ""},
            V,
            {"action": "text2video", "prompt": "p", **GEN, "async": True},
        ),
        SubmitCase(
            "veo_image_to_video",
            {"prompt": "p", "image_urls": [IMG]},
            V,
            {"action": "image2video", "prompt": "p", "image_urls": [IMG], **GEN, "async": True},
        ),
        SubmitCase(
            "veo_image_to_video",
            {"prompt": "p", "image_urls": [IMG, "https://x.test/b.png"], "model": "veo3-fast"},
            V,
            {
                "action": "image2video",
                "prompt": "p",
                "image_urls": [IMG, "https://x.test/b.png"],
                "model": "veo3-fast",
                "aspect_ratio": "16:9",
                "async": True,
            },
        ),
        SubmitCase(
            "veo_image_to_video",
            {
                "prompt": "p",
                "image_urls": [IMG, "https://x.test/b.png", "https://x.test/c.png"],
                "model": "veo31-fast-ingredients",
                "resolution": "gif",
                "callback_url": HOOK,
            },
            V,
            {
                "action": "ingredients2video",
                "prompt": "p",
                "image_urls": [IMG, "https://x.test/b.png", "https://x.test/c.png"],
                "model": "veo31-fast-ingredients",
                "aspect_ratio": "16:9",
                "resolution": "gif",
                "callback_url": HOOK,
            },
        ),
        SubmitCase(
            "veo_get_1080p",
            {"video_id": "vid-1"},
            V,
            {"action": "get1080p", "video_id": "vid-1", "model": "veo31-fast", "async": True},
        ),
        SubmitCase(
            "veo_get_1080p",
            {"video_id": "vid-1", "model": "veo3"},
            V,
            {"action": "get1080p", "video_id": "vid-1", "model": "veo3", "async": True},
        ),
        # a callback replaces the background flag, as on the other Veo submissions
        SubmitCase(
            "veo_get_1080p",
            {"video_id": "vid-1", "callback_url": HOOK},
            V,
            {
                "action": "get1080p",
                "video_id": "vid-1",
                "model": "veo31-fast",
                "callback_url": HOOK,
            },
        ),
        SubmitCase(
            "veo_upsample",
            {"video_id": "vid-1"},
            "/veo/upsample",
            {"video_id": "vid-1", "action": "1080p", "async": True},
        ),
        SubmitCase(
            "veo_upsample",
            {"video_id": "vid-1", "action": "4k", "callback_url": HOOK},
            "/veo/upsample",
            {"video_id": "vid-1", "action": "4k", "callback_url": HOOK},
        ),
        SubmitCase(
            "veo_extend_video",
            {"video_id": "vid-1"},
            "/veo/extend",
            {"video_id": "vid-1", "model": "veo31-fast", "async": True},
        ),
        SubmitCase(
            "veo_extend_video",
            {
                "video_id": "vid-1",
                "model": "veo31",
                "prompt": "the camera rises",
                "aspect_ratio": "9:16",
                "resolution": "1080p",
                "callback_url": HOOK,
            },
            "/veo/extend",
            {
                "video_id": "vid-1",
                "model": "veo31",
                "prompt": "the camera rises",
                "aspect_ratio": "9:16",
                "resolution": "1080p",
                "callback_url": HOOK,
            },
        ),
        SubmitCase(
            "veo_reshoot",
            {"video_id": "vid-1", "motion_type": "DOLLY_IN_ZOOM_OUT"},
            "/veo/reshoot",
            {"video_id": "vid-1", "motion_type": "DOLLY_IN_ZOOM_OUT", "async": True},
        ),
        SubmitCase(
            "veo_reshoot",
            {"video_id": "vid-1", "motion_type": "STATIONARY", "callback_url": HOOK},
            "/veo/reshoot",
            {"video_id": "vid-1", "motion_type": "STATIONARY", "callback_url": HOOK},
        ),
        SubmitCase(
            "veo_video_objects",
            {"video_id": "vid-1", "action": "insert", "prompt": "a red kite"},
            "/veo/objects",
            {"video_id": "vid-1", "action": "insert", "prompt": "a red kite", "async": True},
        ),
        SubmitCase(
            "veo_video_objects",
            {"video_id": "vid-1", "action": "remove", "image_mask": "https://x.test/mask.jpg"},
            "/veo/objects",
            {"video_id": "vid-1", "action": "remove", "image_mask": "https://x.test/mask.jpg", "async": True},
        ),
        SubmitCase(
            "veo_video_objects",
            {"video_id": "vid-1", "action": "remove", "image_mask": MASK_B64, "callback_url": HOOK},
            "/veo/objects",
            {"video_id": "vid-1", "action": "remove", "image_mask": MASK_B64, "callback_url": HOOK},
        ),
        SubmitCase(
            "veo_video_objects",
            {"video_id": "vid-1", "action": "remove", "image_mask": "/9j/4AAQSkZJRg=="},
            "/veo/objects",
            {"video_id": "vid-1", "action": "remove", "image_mask": "/9j/4AAQSkZJRg==", "async": True},
        ),
    ]
    bad_cases = [
        BadCase("veo_text_to_video", {"prompt": ""}, "prompt"),
        BadCase("veo_text_to_video", {"prompt": "p", "model": "veo31-fast-ingredients"}, "model"),
        BadCase("veo_text_to_video", {"prompt": "p", "model": "veo2"}, "model"),
        BadCase("veo_text_to_video", {"prompt": "p", "aspect_ratio": "1:1"}, "aspect_ratio"),
        BadCase("veo_text_to_video", {"prompt": "p", "resolution": "720p"}, "resolution"),
        BadCase("veo_text_to_video", {"prompt": "p", "callback_url": "not a url"}, "callback_url"),
        BadCase("veo_image_to_video", {"prompt": "p", "image_urls": []}, "image_urls"),
        BadCase("veo_image_to_video", {"prompt": "p", "image_urls": [IMG] * 4}, "image_urls"),
        BadCase("veo_image_to_video", {"prompt": "p"}, "image_urls"),
        BadCase("veo_get_1080p", {"video_id": ""}, "video_id"),
        BadCase("veo_get_1080p", {"video_id": "   "}, "video_id"),
        BadCase("veo_get_1080p", {"video_id": "v", "callback_url": "not a url"}, "callback_url"),
        BadCase("veo_upsample", {"video_id": ""}, "video_id"),
        BadCase("veo_upsample", {"video_id": "v", "action": "8k"}, "action"),
        BadCase("veo_extend_video", {"video_id": " "}, "video_id"),
        BadCase("veo_extend_video", {"video_id": "v", "model": "veo3"}, "model"),
        BadCase("veo_extend_video", {"video_id": "v", "resolution": "4k"}, "resolution"),
        BadCase("veo_extend_video", {"video_id": "v", "aspect_ratio": "4:3"}, "aspect_ratio"),
        BadCase("veo_reshoot", {"video_id": "v"}, "motion_type"),
        BadCase("veo_reshoot", {"video_id": "v", "motion_type": "SPIN"}, "motion_type"),
        BadCase("veo_reshoot", {"video_id": "", "motion_type": "UP"}, "video_id"),
        BadCase("veo_video_objects", {"video_id": "v", "action": "insert"}, "prompt"),
        BadCase("veo_video_objects", {"video_id": "v", "action": "insert", "prompt": "  "}, "prompt"),
        BadCase("veo_video_objects", {"video_id": "v", "action": "remove"}, "image_mask"),
        BadCase(
            "veo_video_objects",
            {"video_id": "v", "action": "remove", "image_mask": "file:///m"},
            "image_mask",
        ),
        BadCase("veo_video_objects", {"video_id": "v", "action": "replace", "prompt": "x"}, "action"),
        BadCase("veo_video_objects", {"video_id": "", "action": "insert", "prompt": "x"}, "video_id"),
        BadCase("veo_get_task", {}, "task_id"),
        BadCase("veo_get_task", {"task_id": "", "trace_id": ""}, "task_id"),
        BadCase("veo_get_tasks_batch", {"task_ids": [f"t{i}" for i in range(501)]}, "task_ids"),
        BadCase("veo_get_tasks_batch", {"limit": 0}, "limit"),
        BadCase("veo_get_tasks_batch", {"limit": 101}, "limit"),
        BadCase("veo_get_tasks_batch", {"offset": -1}, "offset"),
    ]
    running_record = {
        "id": "task-1",
        "request": {"action": "text2video", "model": "veo31-fast", "prompt": "p"},
        "response": {"task_id": "task-1", "data": [{"id": "vid-1", "state": "running"}]},
    }
    succeeded_record = SUCCEEDED
    failed_record = {
        "id": "task-1",
        "state": "",
        "response": {"success": False, "error": {"code": "bad_request", "message": "no"}},
    }
    expected_media_url = "https://cdn.test/v1.mp4"

    # -- Veo's extra task lookups ------------------------------------------------------------------

    async def test_get_task_by_trace_id(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            route = self.tasks_route(upstream, SUCCEEDED)
            result = await client.call_tool("veo_get_task", {"trace_id": "trace-1"})
            assert not result.is_error, tool_text(result)
            assert json.loads(route.calls.last.request.content) == {
                "action": "retrieve",
                "trace_id": "trace-1",
            }
            data = result.structured_content
            assert data is not None and data["status"] == "succeeded"
            assert data["mcp_task_polling"]["task_id"] == "task-1"
            assert data["media"][0]["id"] == "vid-1"

    async def test_get_task_by_id_sends_the_id_key(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            route = self.tasks_route(upstream, SUCCEEDED)
            result = await client.call_tool("veo_get_task", {"task_id": "task-1"})
            assert not result.is_error, tool_text(result)
            assert json.loads(route.calls.last.request.content) == {"action": "retrieve", "id": "task-1"}

    async def test_batch_without_ids_lists_tasks_with_filters(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            route = self.tasks_route(upstream, {"count": 2, "items": [SUCCEEDED, self.running_record]})
            result = await client.call_tool(
                "veo_get_tasks_batch",
                {"offset": 10, "limit": 5, "type": "videos", "created_at_min": 1700000000},
            )
            assert not result.is_error, tool_text(result)
            assert json.loads(route.calls.last.request.content) == {
                "action": "retrieve_batch",
                "offset": 10,
                "limit": 5,
                "type": "videos",
                "created_at_min": 1700000000,
            }
            data = result.structured_content
            assert data is not None and data["count"] == 2
            assert data["by_status"] == {"succeeded": 1, "running": 1}

    async def test_batch_list_mode_defaults(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            route = self.tasks_route(upstream, {"count": 0, "items": []})
            result = await client.call_tool("veo_get_tasks_batch", {})
            assert not result.is_error, tool_text(result)
            assert json.loads(route.calls.last.request.content) == {
                "action": "retrieve_batch",
                "offset": 0,
                "limit": 12,
            }
            assert result.structured_content is not None and result.structured_content["count"] == 0

    async def test_batch_by_trace_ids(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            route = self.tasks_route(upstream, {"count": 1, "items": [SUCCEEDED]})
            result = await client.call_tool("veo_get_tasks_batch", {"trace_ids": ["trace-1", "trace-1"]})
            assert not result.is_error, tool_text(result)
            assert json.loads(route.calls.last.request.content) == {
                "action": "retrieve_batch",
                "offset": 0,
                "limit": 12,
                "trace_ids": ["trace-1"],
            }

    async def test_batch_by_task_ids(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            route = self.tasks_route(upstream, {"count": 1, "items": [SUCCEEDED]})
            result = await client.call_tool("veo_get_tasks_batch", {"task_ids": ["task-1", "gone"]})
            assert not result.is_error, tool_text(result)
            assert json.loads(route.calls.last.request.content) == {
                "action": "retrieve_batch",
                "ids": ["task-1", "gone"],
            }
            data = result.structured_content
            assert data is not None and data["not_found"] == ["gone"] and data["count"] == 1

    # -- reference texts -----------------------------------------------------------------------------

    async def test_info_tools_and_prompts(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            models = tool_text(await client.call_tool("veo_list_models", {}))
            assert "veo31-fast *" in models and "veo31-fast-ingredients" in models
            actions = tool_text(await client.call_tool("veo_list_actions", {}))
            for name in ("veo_upsample", "veo_extend_video", "veo_reshoot", "veo_video_objects"):
                assert name in actions
            assert "translation" in tool_text(await client.call_tool("veo_get_prompt_guide", {}))
            prompts = {p.name for p in (await client.list_prompts()).prompts}
            assert prompts == {"veo_video_generation_guide", "veo_workflow_examples", "veo_style_suggestions"}


def test_models_text_marks_configured_defaults() -> None:
    text = guides.models_text()
    assert "16:9 * (landscape)" in text
