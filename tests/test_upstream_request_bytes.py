"""The exact bytes each tool sends upstream, pinned: key order, 5 against 5.0, empty values sent or left out.

The contract suite compares request bodies as parsed JSON, which hides key order and number spelling.
This test replays, through a real MCP client, every provider's contract cases plus the edge cases below
(empty strings, nulls, zeros, false, defaults), and compares the raw request bytes with
tests/data/upstream_request_bodies.json. After a deliberate change to what a tool sends, rewrite that file
with

    uv run python -m tests.test_upstream_request_bytes

and read its diff: every changed line is a change the upstream will see.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from acemedia.server import ProviderServer
from acemedia_testing import BASE_URL, FakeTime, tool_text, use_test_runtime
from mcp import Client

from tests.test_upstream_request_schemas import CONTRACTS

RECORDED = Path(__file__).parent / "data" / "upstream_request_bodies.json"
HOOK = "https://hook.test/cb"
IMG = "https://x.test/a.png"
IMG2 = "https://x.test/b.png"
CLIP = "https://x.test/c.mp4"
AUDIO = "https://x.test/s.mp3"

# arguments at the edges of what `present` keeps: "", null, [], {}, 0, false, and defaults left unset
EDGE_CASES: list[tuple[str, dict[str, Any]]] = [
    # Sora: the webhook tools send callback_url even when it is empty
    ("sora_generate_video", {"prompt": "p", "model": "sora-2-pro", "duration": 10}),
    ("sora_generate_video_async", {"prompt": "p", "callback_url": ""}),
    ("sora_generate_video_async", {"prompt": "p", "callback_url": "", "image_urls": []}),
    ("sora_generate_video_async", {"prompt": "p", "callback_url": HOOK, "image_urls": None}),
    ("sora_generate_video_v2", {"prompt": "p", "image_urls": []}),
    ("sora_generate_video_v2", {"prompt": "p", "image_urls": None, "model": "sora-2-pro"}),
    ("sora_generate_video_v2_async", {"prompt": "p", "callback_url": ""}),
    ("sora_generate_video_v2_async", {"prompt": "p", "callback_url": "", "image_urls": [IMG]}),
    (
        "sora_generate_video_with_character",
        {"prompt": "p", "character_url": CLIP, "character_start": 0.5, "character_end": 2},
    ),
    ("sora_generate_video_with_character", {"prompt": "p", "character_url": CLIP, "character_start": 0}),
    ("sora_generate_video_from_image", {"prompt": "p", "image_urls": [IMG, IMG2], "size": "small"}),
    # Luma
    ("luma_generate_video", {"prompt": "p", "timeout": None, "callback_url": None}),
    ("luma_generate_video", {"prompt": "p", "loop": False, "enhancement": False, "timeout": 3600}),
    ("luma_generate_video_from_image", {"prompt": "p", "start_image_url": "", "end_image_url": IMG}),
    (
        "luma_generate_video_from_image",
        {"prompt": "p", "start_image_url": IMG, "end_image_url": "", "callback_url": "", "timeout": 1},
    ),
    ("luma_extend_video", {"video_id": "v", "prompt": "p", "end_image_url": "", "callback_url": None}),
    ("luma_extend_video", {"video_id": "v", "prompt": "p", "callback_url": HOOK}),
    (
        "luma_extend_video_from_url",
        {"video_url": CLIP, "prompt": "p", "end_image_url": "", "callback_url": ""},
    ),
    # Kling
    (
        "kling_generate_video",
        {
            "prompt": "p",
            "generate_audio": False,
            "negative_prompt": "",
            "cfg_scale": 0,
            "camera_control": {"type": "simple", "config": {"horizontal": 0, "zoom": None}},
            "callback_url": "",
        },
    ),
    (
        "kling_generate_video",
        {
            "prompt": "p",
            "model": "kling-v3",
            "mode": "4k",
            "duration": 7,
            "generate_audio": True,
            "negative_prompt": "blur",
            "cfg_scale": 1,
            "callback_url": HOOK,
        },
    ),
    ("kling_generate_video", {"prompt": "p", "camera_control": {"type": "down_back"}, "cfg_scale": 0.5}),
    (
        "kling_generate_video",
        {
            "prompt": "<<<image_1>>> <<<video_1>>>",
            "model": "kling-v3-omni",
            "generate_audio": None,
            "negative_prompt": None,
            "image_list": [{"image_url": IMG, "type": None}, {"image_url": IMG2, "type": "first_frame"}],
            "video_list": [{"video_url": CLIP}],
        },
    ),
    (
        "kling_generate_video",
        {"prompt": "p", "model": "kling-o1", "image_list": [{"image_url": IMG}], "generate_audio": False},
    ),
    (
        "kling_generate_video_from_image",
        {"prompt": "p", "start_image_url": IMG, "end_image_url": "", "cfg_scale": 0.0, "callback_url": None},
    ),
    (
        "kling_generate_video_from_image",
        {
            "prompt": "p",
            "start_image_url": IMG,
            "end_image_url": IMG2,
            "negative_prompt": "",
            "generate_audio": True,
            "callback_url": HOOK,
        },
    ),
    (
        "kling_extend_video",
        {"video_id": "v", "prompt": "p", "negative_prompt": "", "cfg_scale": 0, "callback_url": ""},
    ),
    (
        "kling_extend_video",
        {"video_id": "v", "prompt": "p", "model": "kling-v3", "duration": 7, "negative_prompt": "n"},
    ),
    (
        "kling_generate_motion",
        {
            "image_url": IMG,
            "video_url": CLIP,
            "model_name": None,
            "prompt": "",
            "keep_original_sound": "no",
            "watermark_info": {},
            "callback_url": "",
        },
    ),
    (
        "kling_generate_motion",
        {
            "image_url": IMG,
            "video_url": CLIP,
            "character_orientation": "video",
            "mode": "pro",
            "model_name": "kling-v3",
            "prompt": None,
            "watermark_info": {"enabled": False},
            "callback_url": HOOK,
        },
    ),
    (
        "kling_lip_sync",
        {
            "mode": "audio2video",
            "video_id": "v",
            "video_url": None,
            "audio_url": AUDIO,
            "audio_type": "url",
            "voice_language": "zh",
            "callback_url": "",
        },
    ),
    (
        "kling_lip_sync",
        {
            "mode": "text2video",
            "video_url": CLIP,
            "video_id": "",
            "text": "hello",
            "voice_id": "",
            "voice_language": "en",
            "voice_speed": 1,
        },
    ),
    (
        "kling_lip_sync",
        {
            "mode": "audio2video",
            "video_url": CLIP,
            "audio_type": "file",
            "audio_file": "UklGRg==",
            "audio_url": "",
            "voice_speed": 0.8,
            "callback_url": HOOK,
        },
    ),
    ("kling_talking_photo", {"image_url": IMG, "audio_url": AUDIO, "prompt": "", "callback_url": None}),
    (
        "kling_talking_photo",
        {"image_url": IMG, "audio_url": AUDIO, "duration": 10, "mode": "std", "prompt": "smile"},
    ),
    ("kling_generate_turbo_video", {"request": {"prompt": "p", "async": False}}),
    ("kling_generate_turbo_video", {"request": {"prompt": "p", "callback_url": "", "start_image_url": None}}),
    (
        "kling_generate_turbo_video",
        {
            "request": {
                "prompt": "p",
                "action": "image2video",
                "start_image_url": IMG,
                "async": False,
                "callback_url": HOOK,
            }
        },
    ),
    (
        "kling_generate_storyboard",
        {
            "request": {
                "prompt": "",
                "shot_type": "customize",
                "duration": 3,
                "generate_audio": False,
                "end_image_url": None,
                "multi_prompt": [{"index": 1, "prompt": "dawn", "duration": 3}],
            }
        },
    ),
    (
        "kling_generate_storyboard",
        {
            "request": {
                "prompt": "a day",
                "action": "image2video",
                "start_image_url": IMG,
                "end_image_url": IMG2,
                "generate_audio": True,
                "mode": "4k",
                "callback_url": HOOK,
                "async": True,
            }
        },
    ),
    (
        "kling_generate_with_assets",
        {"request": {"prompt": "p", "element_list": [{"element_id": "el-1"}], "voice_list": None}},
    ),
    (
        "kling_generate_with_assets",
        {
            "request": {
                "prompt": "<<<voice_1>>>",
                "model": "kling-v2-6",
                "mode": "pro",
                "generate_audio": True,
                "voice_list": [{"voice_id": "vo-1"}],
                "callback_url": "",
            }
        },
    ),
    (
        "kling_goods_studio",
        {
            "request": {
                "contents": [
                    {"type": "ref_image", "url": IMG, "text": None},
                    {"type": "goods_title", "text": "K"},
                ],
                "watermark": False,
                "settings": {"aspect_ratio": "1:1", "duration": 15},
            }
        },
    ),
    (
        "kling_video_commerce",
        {"request": {"contents": [{"type": "speech_script", "text": "Hi"}], "watermark": None}},
    ),
    (
        "kling_video_commerce",
        {
            "request": {
                "contents": [{"type": "avatar_id", "text": "a-1"}, {"type": "voice", "voice_id": "vo-1"}],
                "settings": {
                    "allow_polish": False,
                    "bgm_enabled": False,
                    "voice_id": None,
                    "speech_rate": 1,
                    "action_prompt": "",
                },
                "async": False,
                "callback_url": HOOK,
            }
        },
    ),
    # Producer: prompt and lyric are always sent, as "" when unused
    (
        "producer_generate_music",
        {
            "prompt": "p",
            "instrumental": False,
            "lyrics_strength": 0,
            "sound_strength": 0.2,
            "weirdness": 0,
            "seed": "",
            "callback_url": "",
            "async": False,
        },
    ),
    ("producer_generate_music", {"prompt": "p", "instrumental": True, "seed": "7", "callback_url": HOOK}),
    ("producer_generate_custom_music", {"lyric": "[Verse] la", "title": "T", "prompt": "", "style": "rock"}),
    (
        "producer_generate_custom_music",
        {"lyric": "l", "title": "T", "prompt": "pop", "style": "pop", "weirdness": 1, "async": True},
    ),
    (
        "producer_extend_music",
        {"audio_id": "a", "continue_at": 0, "lyric": "", "prompt": "", "style": "", "async": None},
    ),
    ("producer_extend_music", {"audio_id": "a", "continue_at": 12.5, "lyric": "more", "style": "jazz"}),
    ("producer_cover_music", {"audio_id": "a", "prompt": "", "style": "", "callback_url": None}),
    ("producer_cover_music", {"audio_id": "a", "prompt": "slower", "style": "folk", "async": False}),
    ("producer_variation_music", {"audio_id": "a", "style": "jazz", "callback_url": ""}),
    ("producer_swap_vocals", {"audio_id": "a", "swap_audio_id": ""}),
    ("producer_swap_instrumentals", {"audio_id": "a", "swap_audio_id": "b", "async": False}),
    (
        "producer_replace_section",
        {"audio_id": "a", "replace_section_start": 0, "replace_section_end": 1, "lyric": None, "prompt": ""},
    ),
    (
        "producer_replace_section",
        {"audio_id": "a", "replace_section_start": 1.5, "replace_section_end": 3, "lyric": "", "style": "s"},
    ),
    ("producer_stems_music", {"audio_id": "a", "callback_url": "", "async": False}),
    ("producer_generate_lyrics", {"prompt": "rain"}),
    ("producer_upload_audio", {"audio_url": AUDIO}),
    ("producer_generate_video", {"audio_id": "a"}),
    ("producer_generate_wav", {"audio_id": "a"}),
    # Veo: an empty callback_url is left out
    ("veo_text_to_video", {"prompt": "p", "translation": False, "resolution": None, "callback_url": ""}),
    (
        "veo_text_to_video",
        {
            "prompt": "p",
            "translation": True,
            "resolution": "4k",
            "aspect_ratio": "9:16",
            "callback_url": HOOK,
        },
    ),
    (
        "veo_image_to_video",
        {"prompt": "p", "image_urls": [IMG, IMG2, IMG], "model": "veo31-fast-ingredients"},
    ),
    ("veo_image_to_video", {"prompt": "p", "image_urls": [IMG], "translation": True, "callback_url": ""}),
    ("veo_get_1080p", {"video_id": "v", "callback_url": ""}),
    ("veo_get_1080p", {"video_id": "v", "model": "veo3", "callback_url": HOOK}),
    ("veo_upsample", {"video_id": "v", "action": "gif", "callback_url": ""}),
    ("veo_upsample", {"video_id": "v", "callback_url": HOOK}),
    ("veo_extend_video", {"video_id": "v", "prompt": "", "aspect_ratio": None, "resolution": None}),
    (
        "veo_extend_video",
        {"video_id": "v", "model": "veo31", "prompt": "x", "aspect_ratio": "9:16", "resolution": "720p"},
    ),
    ("veo_reshoot", {"video_id": "v", "motion_type": "UP", "callback_url": ""}),
    ("veo_reshoot", {"video_id": "v", "motion_type": "FORWARD", "callback_url": HOOK}),
    ("veo_video_objects", {"video_id": "v", "action": "insert", "prompt": "a cat", "image_mask": ""}),
    ("veo_video_objects", {"video_id": "v", "action": "remove", "image_mask": IMG, "callback_url": HOOK}),
    ("veo_video_objects", {"video_id": "v", "action": "remove", "prompt": "", "image_mask": "/9j/4AAQ"}),
]


def server_for(tool: str) -> ProviderServer:
    prefix = tool.split("_", 1)[0]
    return next(c.server for c in CONTRACTS if c.server.provider.name == prefix)


def cases() -> list[tuple[str, dict[str, Any]]]:
    """Every contract case's call, then the edge cases, each once."""
    calls = [(case.tool, case.args) for contract in CONTRACTS for case in contract.submit_cases]
    unique: list[tuple[str, dict[str, Any]]] = []
    for call in [*calls, *EDGE_CASES]:
        if call not in unique:
            unique.append(call)
    return unique


async def send(calls: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """What each call POSTs upstream: its path and its body as the exact text sent."""
    sent: list[dict[str, Any]] = []
    for tool, args in calls:
        server = server_for(tool)
        use_test_runtime(server, FakeTime())
        with respx.mock(base_url=BASE_URL, assert_all_called=False) as upstream:
            route = upstream.route().mock(return_value=httpx.Response(200, json={"task_id": "task-1"}))
            async with Client(server.mcp, mode="legacy") as client:
                result = await client.call_tool(tool, args)
        assert not result.is_error, f"{tool} {args}: {tool_text(result)}"
        assert route.call_count == 1, f"{tool} {args}"
        request = route.calls.last.request
        sent.append({"tool": tool, "args": args, "path": request.url.path, "body": request.content.decode()})
    return sent


def recorded() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(RECORDED.read_text(encoding="utf-8"))
    return entries


def test_every_case_is_recorded() -> None:
    assert [(e["tool"], e["args"]) for e in recorded()] == cases(), (
        "the cases changed: rewrite the recording (see the module docstring) and review its diff"
    )


def test_every_generation_tool_has_an_edge_case() -> None:
    covered = {tool for tool, _args in EDGE_CASES}
    every = {case.tool for contract in CONTRACTS for case in contract.submit_cases}
    assert every <= covered, sorted(every - covered)


PROVIDERS = sorted({c.server.provider.name for c in CONTRACTS})


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_each_call_sends_the_recorded_bytes(provider: str) -> None:
    entries = [e for e in recorded() if e["tool"].startswith(f"{provider}_")]
    now = await send([(e["tool"], e["args"]) for e in entries])
    assert [(n["tool"], n["path"], n["body"]) for n in now] == [
        (e["tool"], e["path"], e["body"]) for e in entries
    ]


if __name__ == "__main__":
    entries = asyncio.run(send(cases()))
    RECORDED.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(entries)} bodies to {RECORDED}")
