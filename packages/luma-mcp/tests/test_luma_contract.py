"""Luma through a real MCP client: every tool's request body, bad input, and task states."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from acemedia_testing import BadCase, ProviderContract, RecordedContract, SubmitCase
from luma_mcp.server import server

DATA = Path(__file__).parent / "data"  # this provider's recorded bodies, schemas, surface and budget

V = "/luma/videos"
GEN = {"action": "generate", "aspect_ratio": "16:9", "loop": False, "enhancement": True}
IMG = "https://x.test/a.png"
IMG2 = "https://x.test/b.png"
HOOK = "https://hook.test/cb"


class TestLumaContract(ProviderContract, RecordedContract):
    server = server
    data_dir = DATA
    catalog_tools: ClassVar[set[str]] = {
        "luma_generate_video",
        "luma_generate_video_from_image",
        "luma_extend_video",
        "luma_extend_video_from_url",
        "luma_get_task",
        "luma_get_tasks_batch",
        "luma_list_aspect_ratios",
        "luma_list_actions",
    }
    submit_cases: ClassVar[list[SubmitCase]] = [
        # unset timeout and callback_url are left out, and async is added
        SubmitCase("luma_generate_video", {"prompt": "a fox"}, V, {"prompt": "a fox", **GEN, "async": True}),
        SubmitCase(
            "luma_generate_video",
            {
                "prompt": "a fox",
                "aspect_ratio": "9:16",
                "loop": True,
                "enhancement": False,
                "timeout": 600,
                "callback_url": HOOK,
            },
            V,
            {
                "action": "generate",
                "prompt": "a fox",
                "aspect_ratio": "9:16",
                "loop": True,
                "enhancement": False,
                "timeout": 600,
                "callback_url": HOOK,
            },
        ),
        # an empty callback_url counts as not given
        SubmitCase(
            "luma_generate_video",
            {"prompt": "p", "callback_url": ""},
            V,
            {"prompt": "p", **GEN, "async": True},
        ),
        SubmitCase(
            "luma_generate_video_from_image",
            {"prompt": "p", "start_image_url": IMG},
            V,
            {"prompt": "p", **GEN, "start_image_url": IMG, "async": True},
        ),
        SubmitCase(
            "luma_generate_video_from_image",
            {"prompt": "p", "end_image_url": IMG2, "timeout": 120},
            V,
            {"prompt": "p", **GEN, "end_image_url": IMG2, "timeout": 120, "async": True},
        ),
        SubmitCase(
            "luma_generate_video_from_image",
            {
                "prompt": "p",
                "start_image_url": IMG,
                "end_image_url": IMG2,
                "aspect_ratio": "21:9",
                "loop": True,
                "callback_url": HOOK,
            },
            V,
            {
                "action": "generate",
                "prompt": "p",
                "aspect_ratio": "21:9",
                "loop": True,
                "enhancement": True,
                "start_image_url": IMG,
                "end_image_url": IMG2,
                "callback_url": HOOK,
            },
        ),
        SubmitCase(
            "luma_extend_video",
            {"video_id": "vid-1", "prompt": "more"},
            V,
            {"action": "extend", "video_id": "vid-1", "prompt": "more", "async": True},
        ),
        SubmitCase(
            "luma_extend_video",
            {"video_id": "vid-1", "prompt": "more", "end_image_url": IMG, "callback_url": HOOK},
            V,
            {
                "action": "extend",
                "video_id": "vid-1",
                "prompt": "more",
                "end_image_url": IMG,
                "callback_url": HOOK,
            },
        ),
        SubmitCase(
            "luma_extend_video_from_url",
            {"video_url": "https://cdn.test/v.mp4", "prompt": "more"},
            V,
            {"action": "extend", "video_url": "https://cdn.test/v.mp4", "prompt": "more", "async": True},
        ),
        SubmitCase(
            "luma_extend_video_from_url",
            {
                "video_url": "https://cdn.test/v.mp4",
                "prompt": "more",
                "end_image_url": IMG,
                "callback_url": HOOK,
            },
            V,
            {
                "action": "extend",
                "video_url": "https://cdn.test/v.mp4",
                "prompt": "more",
                "end_image_url": IMG,
                "callback_url": HOOK,
            },
        ),
    ]
    bad_cases: ClassVar[list[BadCase]] = [
        BadCase("luma_generate_video", {"prompt": ""}, "prompt"),
        BadCase("luma_generate_video", {"prompt": "p" * 5001}, "prompt"),
        BadCase("luma_generate_video", {"prompt": "p", "aspect_ratio": "2:1"}, "aspect_ratio"),
        BadCase("luma_generate_video", {"prompt": "p", "timeout": 0}, "timeout"),
        BadCase("luma_generate_video", {"prompt": "p", "timeout": 3601}, "timeout"),
        BadCase("luma_generate_video", {"prompt": "p", "callback_url": "not a url"}, "callback_url"),
        BadCase("luma_generate_video_from_image", {"prompt": "p"}, "start_image_url"),
        BadCase(
            "luma_generate_video_from_image",
            {"prompt": "p", "start_image_url": "", "end_image_url": ""},
            "start_image_url",
        ),
        BadCase(
            "luma_generate_video_from_image",
            {"prompt": "p", "start_image_url": "file:///x"},
            "start_image_url",
        ),
        BadCase("luma_generate_video_from_image", {"prompt": "p", "end_image_url": "x.png"}, "end_image_url"),
        BadCase("luma_extend_video", {"video_id": "", "prompt": "p"}, "video_id"),
        BadCase("luma_extend_video", {"video_id": "v", "prompt": ""}, "prompt"),
        BadCase(
            "luma_extend_video", {"video_id": "v", "prompt": "p", "end_image_url": "ftp://x"}, "end_image_url"
        ),
        BadCase(
            "luma_extend_video", {"video_id": "v", "prompt": "p", "callback_url": "hook"}, "callback_url"
        ),
        BadCase("luma_extend_video_from_url", {"video_url": "not a url", "prompt": "p"}, "video_url"),
        BadCase("luma_extend_video_from_url", {"video_url": "https://x.test/v.mp4", "prompt": ""}, "prompt"),
        BadCase("luma_get_task", {"task_id": ""}, "task_id"),
        BadCase("luma_get_tasks_batch", {"task_ids": []}, "task_ids"),
    ]
    # Luma's task records are flat: state and media sit directly in `response`
    running_record: ClassVar[dict[str, Any]] = {
        "id": "task-1",
        "created_at": 1705788000.0,
        "request": {"action": "generate", "prompt": "a fox"},
        "response": {"task_id": "task-1", "state": "processing"},
    }
    succeeded_record: ClassVar[dict[str, Any]] = {
        "id": "task-1",
        "created_at": 1705788000.0,
        "request": {"action": "generate", "prompt": "a fox"},
        "response": {
            "success": True,
            "task_id": "task-1",
            "video_id": "vid-1",
            "prompt": "a fox",
            "video_url": "https://cdn.test/luma/task-1.mp4",
            "video_width": 1360,
            "video_height": 752,
            "state": "completed",
            "thumbnail_url": "https://cdn.test/luma/task-1.jpg",
        },
    }
    failed_record: ClassVar[dict[str, Any]] = {
        "id": "task-1",
        "state": "",
        "response": {"success": False, "error": {"code": "forbidden", "message": "prompt refused"}},
    }
    expected_media_url = "https://cdn.test/luma/task-1.mp4"


def test_pending_state_is_not_terminal() -> None:
    from acemedia import read_task

    view = read_task({"id": "t", "response": {"state": "pending"}}, server.provider.vocabulary)
    assert view.status == "pending" and not view.terminal


def _schema_default(env_value: str | None) -> object:
    script = (
        "import asyncio, json\n"
        "from luma_mcp.server import server\n"
        "tools = {t.name: t for t in asyncio.run(server.mcp.list_tools())}\n"
        "out = {n: tools[n].input_schema['properties']['aspect_ratio'].get('default')\n"
        "       for n in ('luma_generate_video', 'luma_generate_video_from_image')}\n"
        "print(json.dumps(out))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "LUMA_DEFAULT_ASPECT_RATIO"}
    if env_value is not None:
        env["LUMA_DEFAULT_ASPECT_RATIO"] = env_value
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.e2e
def test_env_default_aspect_ratio_reaches_the_tool_schema() -> None:
    assert _schema_default(None) == {"luma_generate_video": "16:9", "luma_generate_video_from_image": "16:9"}
    assert _schema_default("9:16") == {
        "luma_generate_video": "9:16",
        "luma_generate_video_from_image": "9:16",
    }


@pytest.mark.e2e
def test_bad_env_default_is_refused_naming_the_variable() -> None:
    env = {**os.environ, "LUMA_DEFAULT_ASPECT_RATIO": "2:1"}
    done = subprocess.run(
        [sys.executable, "-c", "import luma_mcp.server"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0 and "LUMA_DEFAULT_ASPECT_RATIO" in done.stderr


def test_info_tools_and_prompts_mention_what_they_cover() -> None:
    from luma_mcp import guides

    ratios = guides.aspect_ratios_text()
    assert all(r in ratios for r in ("16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21"))
    for name in ("luma_generate_video", "luma_generate_video_from_image", "luma_extend_video"):
        assert name in guides.ACTIONS
    assert "luma_extend_video_from_url" in guides.ACTIONS
    assert "video_id" in guides.WORKFLOWS and "9:16" in guides.generation_guide()


async def test_registers_the_three_catalog_prompts() -> None:
    from mcp import Client

    async with Client(server.mcp) as client:  # type: ignore[arg-type]
        names = {p.name for p in (await client.list_prompts()).prompts}
    assert names == {"luma_video_generation_guide", "luma_workflow_examples", "luma_prompt_suggestions"}
