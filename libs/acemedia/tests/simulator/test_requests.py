"""Token check, unknown paths, validation, and acceptance of every body our tools send (tools-catalog)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from acemedia.simulator import create_app

from .conftest import Sim, make_state

CB = "http://127.0.0.1:9/hook"
IMG = "https://example.com/a.png"
VID = "https://example.com/a.mp4"
AUD = "https://example.com/a.mp3"

# The request bodies the existing servers' tools send (tools-catalog §2.2, §3.2, §4.3, §5.3–5.4, §6.2–6.4, §7),
# each Producer audio body with the `prompt` the upstream's schema requires (empty where the tool has none).
CATALOG_BODIES: list[tuple[str, dict[str, Any]]] = [
    ("/sora/videos", {"prompt": "p", "model": "sora-2", "size": "large", "duration": 15, "orientation": "landscape"}),
    ("/sora/videos", {"prompt": "p", "image_urls": [IMG], "model": "sora-2-pro", "size": "small", "duration": 25,
                      "orientation": "portrait"}),
    ("/sora/videos", {"prompt": "p", "character_url": VID, "character_start": 0, "character_end": 1,
                      "model": "sora-2", "size": "large", "duration": 10, "orientation": "landscape"}),
    ("/sora/videos", {"prompt": "p", "callback_url": CB, "model": "sora-2", "size": "large", "duration": 15,
                      "orientation": "landscape", "image_urls": [IMG]}),
    ("/sora/videos", {"prompt": "p", "model": "sora-2", "version": "2.0", "duration": 4, "size": "1280x720"}),
    ("/sora/videos", {"prompt": "p", "callback_url": CB, "model": "sora-2", "version": "2.0", "duration": 12,
                      "size": "720x1280", "image_urls": [IMG]}),
    ("/luma/videos", {"action": "generate", "prompt": "p", "aspect_ratio": "16:9", "loop": False,
                      "enhancement": True, "timeout": None, "callback_url": None}),
    ("/luma/videos", {"action": "generate", "prompt": "p", "aspect_ratio": "9:21", "loop": True, "enhancement": False,
                      "timeout": 300, "callback_url": None, "start_image_url": IMG, "end_image_url": IMG}),
    ("/luma/videos", {"action": "extend", "video_id": "v1", "prompt": "p", "end_image_url": IMG}),
    ("/luma/videos", {"action": "extend", "video_url": VID, "prompt": "p", "callback_url": CB}),
    ("/kling/videos", {"action": "text2video", "model": "kling-v1", "prompt": "p", "mode": "std",
                       "aspect_ratio": "16:9", "duration": 5}),
    ("/kling/videos", {"action": "text2video", "model": "kling-v3", "prompt": "p", "mode": "4k", "aspect_ratio": "1:1",
                       "duration": 12, "callback_url": CB, "generate_audio": True, "negative_prompt": "n",
                       "cfg_scale": 0, "camera_control": {"type": "simple", "config": {"zoom": 0.5}}}),
    ("/kling/videos", {"action": "text2video", "model": "kling-o1", "prompt": "<<<image_1>>>", "mode": "pro",
                       "aspect_ratio": "9:16", "duration": 5, "image_list": [{"image_url": "https://example.com/",
                       "type": "first_frame"}], "video_list": [{"video_url": "https://example.com/v.mp4",
                       "refer_type": "feature", "keep_original_sound": "no"}]}),
    ("/kling/videos", {"action": "text2video", "model": "kling-v1", "prompt": "p", "mode": "std",
                       "aspect_ratio": "16:9", "duration": 5, "image_list": []}),
    ("/kling/videos", {"action": "image2video", "model": "kling-v2-6", "prompt": "p", "mode": "pro",
                       "aspect_ratio": "16:9", "duration": 10, "start_image_url": IMG, "end_image_url": IMG}),
    ("/kling/videos", {"action": "extend", "video_id": "900798310464749610", "prompt": "p", "model": "kling-v1",
                       "mode": "std", "duration": 5, "negative_prompt": "n", "cfg_scale": 0.5}),
    ("/kling/motion", {"image_url": IMG, "video_url": VID, "character_orientation": "image", "mode": "std"}),
    ("/kling/motion", {"image_url": IMG, "video_url": VID, "character_orientation": "video", "mode": "pro",
                       "callback_url": CB, "prompt": "p", "keep_original_sound": "yes", "model_name": "kling-v3",
                       "watermark_info": {"enabled": True}}),
    ("/kling/lip-sync", {"mode": "audio2video", "video_url": VID, "audio_url": AUD}),
    ("/kling/lip-sync", {"mode": "audio2video", "video_id": "1", "audio_type": "file", "audio_file": "UklGRg=="}),
    ("/kling/lip-sync", {"mode": "text2video", "video_id": "1", "text": "hello", "voice_id": "v",
                         "voice_language": "en", "voice_speed": 1.2, "callback_url": CB}),
    ("/kling/talking-photo", {"image_url": IMG, "audio_url": AUD, "model": "kling-v2-1-master", "duration": 5,
                              "mode": "pro"}),
    ("/kling/talking-photo", {"image_url": IMG, "audio_url": AUD, "model": "kling-v1", "duration": 10,
                              "mode": "std", "prompt": "p", "callback_url": CB}),
    # the published mcp-kling 2026.10.24.0: turbo, storyboard, assets, goods studio, video commerce
    ("/kling/videos", {"action": "image2video", "model": "kling-v3-turbo", "prompt": "p", "mode": "pro",
                       "duration": 15, "aspect_ratio": "9:16", "start_image_url": IMG, "generate_audio": True}),
    ("/kling/videos", {"action": "text2video", "model": "kling-v3-omni", "mode": "std", "duration": 5,
                       "aspect_ratio": "16:9", "generate_audio": False, "multi_shot": True, "shot_type": "customize",
                       "multi_prompt": [{"index": 1, "prompt": "a", "duration": 2},
                                        {"index": 2, "prompt": "b", "duration": 3}]}),
    ("/kling/videos", {"action": "text2video", "model": "kling-v2-6", "prompt": "<<<voice_1>>>", "mode": "pro",
                       "duration": 5, "aspect_ratio": "16:9", "generate_audio": True,
                       "voice_list": [{"voice_id": "v"}]}),
    ("/kling/goods-studio", {"contents": [{"type": "ref_image", "url": IMG}, {"type": "goods_title", "text": "t"}],
                             "settings": {"resolution": "720p", "aspect_ratio": "9:16", "duration": 15}}),
    ("/kling/video-commerce", {"contents": [{"type": "speech_script", "text": "hi"}], "watermark": False,
                               "settings": {"resolution": "720p", "aspect_ratio": "9:16"}}),
    ("/producer/audios", {"action": "generate", "prompt": "p", "model": "FUZZ-2.0", "instrumental": False,
                          "callback_url": None, "lyrics_strength": 0.7, "sound_strength": 0.1, "weirdness": 0.5,
                          "seed": "42"}),
    ("/producer/audios", {"prompt": "", "action": "generate", "custom": True, "lyric": "[Verse]\nla", "title": "T",
                          "model": "FUZZ-2.0 Pro", "instrumental": False, "callback_url": None, "style": "pop"}),
    ("/producer/audios", {"prompt": "", "action": "extend", "audio_id": "a1", "continue_at": 30.5, "model": "FUZZ-2.0",
                          "callback_url": None, "lyric": "la", "style": "rock"}),
    ("/producer/audios", {"action": "cover", "audio_id": "a1", "model": "FUZZ-2.0", "callback_url": None,
                          "prompt": "p", "style": "jazz"}),
    ("/producer/audios", {"prompt": "", "action": "variation", "audio_id": "a1", "model": "FUZZ-1.0", "callback_url": None}),
    ("/producer/audios", {"prompt": "", "action": "swap_vocals", "audio_id": "a1", "swap_audio_id": "a2", "callback_url": None}),
    # the upstream's schema and the newest servers send no donor song
    ("/producer/audios", {"prompt": "", "lyric": "", "action": "swap_vocals", "audio_id": "a1"}),
    ("/producer/audios", {"prompt": "", "action": "swap_instrumentals", "audio_id": "a1", "swap_audio_id": "a2",
                          "callback_url": CB}),
    ("/producer/audios", {"prompt": "", "action": "replace_section", "audio_id": "a1", "replace_section_start": 10.0,
                          "replace_section_end": 20.0, "model": "FUZZ-2.0", "callback_url": None, "lyric": "la"}),
    ("/producer/audios", {"prompt": "", "action": "stems", "audio_id": "a1", "callback_url": None}),
    ("/veo/videos", {"action": "text2video", "prompt": "p", "model": "veo31-fast", "aspect_ratio": "16:9"}),
    ("/veo/videos", {"action": "text2video", "prompt": "p", "model": "veo3", "aspect_ratio": "9:16",
                     "translation": True, "resolution": "4k", "callback_url": CB}),
    ("/veo/videos", {"action": "image2video", "prompt": "p", "image_urls": [IMG, IMG], "model": "veo31",
                     "aspect_ratio": "16:9", "resolution": "gif"}),
    ("/veo/videos", {"action": "ingredients2video", "prompt": "p", "image_urls": [IMG, IMG, IMG],
                     "model": "veo31-fast-ingredients", "aspect_ratio": "16:9"}),
    ("/veo/videos", {"action": "get1080p", "video_id": "abc", "model": "veo31-fast"}),
    ("/veo/upsample", {"video_id": "abc", "action": "4k"}),
    ("/veo/extend", {"video_id": "abc", "model": "veo31", "prompt": "p", "callback_url": CB}),
    ("/veo/reshoot", {"video_id": "abc", "motion_type": "DOLLY_OUT_ZOOM_IN"}),
    ("/veo/objects", {"video_id": "abc", "action": "insert", "prompt": "a hat"}),
    ("/veo/objects", {"video_id": "abc", "action": "remove", "image_mask": "data:image/jpeg;base64,/9j/"}),
]  # fmt: skip

SYNC_BODIES: list[tuple[str, dict[str, Any]]] = [
    ("/producer/lyrics", {"prompt": "a song about rain"}),
    ("/producer/upload", {"audio_url": AUD}),
    ("/producer/videos", {"audio_id": "a1"}),
    ("/producer/wav", {"audio_id": "a1"}),
    ("/producer/audios", {"action": "generate", "prompt": "p", "model": "FUZZ-2.0", "instrumental": True,
                          "callback_url": None, "async": False}),
]  # fmt: skip


def assert_error(body: dict[str, Any], code: str) -> str:
    assert body["success"] is False
    assert body["error"]["code"] == code
    uuid.UUID(body["trace_id"])
    message: str = body["error"]["message"]
    assert message
    return message


@pytest.mark.parametrize(("path", "body"), CATALOG_BODIES)
async def test_every_catalog_async_body_is_accepted(sim: Sim, path: str, body: dict[str, Any]) -> None:
    wanted = body if body.get("callback_url") else {**body, "async": True}
    reply = await sim.post(path, wanted)
    assert reply.status_code == 200, reply.text
    assert set(reply.json()) == {"task_id", "trace_id"}


@pytest.mark.parametrize(("path", "body"), SYNC_BODIES)
async def test_every_catalog_sync_body_is_answered_in_full(sim: Sim, path: str, body: dict[str, Any]) -> None:
    reply = await sim.post(path, body)
    assert reply.status_code == 200, reply.text
    assert reply.json()["success"] is True
    assert reply.json()["data"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Token abc"},
        {"authorization": "Bearer"},
        {"authorization": "Bearer  "},
        {"authorization": "abc"},
    ],
)
async def test_missing_or_malformed_token_is_401_invalid_token(sim: Sim, headers: dict[str, str]) -> None:
    sim.client.headers.pop("authorization")
    reply = await sim.client.post("/sora/tasks", json={"id": "x"}, headers=headers)
    assert reply.status_code == 401
    assert_error(reply.json(), "invalid_token")


async def test_a_restricted_simulator_refuses_other_tokens() -> None:
    state = make_state(tokens={"good"})
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test") as client:
        bad = await client.post("/veo/tasks", json={"id": "x"}, headers={"authorization": "Bearer bad"})
        good = await client.post("/veo/tasks", json={"id": "x"}, headers={"authorization": "Bearer good"})
    assert bad.status_code == 401
    assert_error(bad.json(), "invalid_token")
    assert good.status_code == 200 and good.json() == {}


async def test_unknown_path_is_404_no_api(sim: Sim) -> None:
    reply = await sim.post("/midjourney/imagine", {"prompt": "p"})
    assert reply.status_code == 404
    assert_error(reply.json(), "no_api")


async def test_known_path_with_another_method_is_405(sim: Sim) -> None:
    reply = await sim.client.get("/sora/videos")
    assert reply.status_code == 405
    assert reply.headers["allow"] == "POST"
    assert_error(reply.json(), "method_not_allowed")


@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]"])
async def test_a_body_that_is_not_a_json_object_is_400(sim: Sim, raw: bytes) -> None:
    reply = await sim.client.post("/sora/videos", content=raw, headers={"content-type": "application/json"})
    assert reply.status_code == 400
    assert "json payload" in assert_error(reply.json(), "bad_request")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/sora/videos", {"prompt": "p"}, "model"),
        ("/sora/videos", {"prompt": "p", "model": "sora-3"}, "model"),
        ("/sora/videos", {"prompt": "p", "model": "sora-2", "duration": "15"}, "duration"),
        ("/sora/videos", {"prompt": "p", "model": "sora-2", "character_url": VID}, "character_start"),
        ("/luma/videos", {"action": "generate", "prompt": None}, "prompt"),
        ("/luma/videos", {"prompt": ""}, "prompt"),
        ("/luma/videos", {"action": "extend", "prompt": "p"}, "video_id or video_url"),
        ("/luma/videos", {"action": "shrink", "prompt": "p"}, "action"),
        ("/kling/videos", {"prompt": "p"}, "action"),
        ("/kling/videos", {"action": "image2video", "prompt": "p"}, "start_image_url"),
        ("/kling/videos", {"action": "text2video", "prompt": "p", "cfg_scale": 2}, "cfg_scale"),
        ("/kling/videos", {"action": "text2video", "prompt": "p", "mode": "8k"}, "mode"),
        ("/kling/motion", {"image_url": IMG, "video_url": VID, "mode": "std"}, "character_orientation"),
        ("/kling/lip-sync", {"mode": "audio2video", "audio_url": AUD}, "video_id or video_url"),
        ("/kling/lip-sync", {"mode": "text2video", "video_id": "1"}, "text"),
        (
            "/kling/lip-sync",
            {"mode": "text2video", "video_id": "1", "text": "t", "voice_speed": 3},
            "voice_speed",
        ),
        ("/kling/talking-photo", {"image_url": IMG}, "audio_url"),
        ("/kling/talking-photo", {"image_url": IMG, "audio_url": AUD, "duration": 7}, "duration"),
        ("/kling/videos", {"action": "text2video", "shot_type": "customize", "prompt": "p"}, "multi_prompt"),
        ("/kling/videos", {"action": "text2video", "prompt": "p", "model": "kling-v4"}, "model"),
        ("/kling/goods-studio", {"contents": [{"type": "ref_image", "url": IMG}]}, "settings"),
        ("/kling/video-commerce", {"contents": [], "settings": {}}, "contents"),
        ("/kling/video-commerce", {"contents": {"type": "voice"}}, "contents"),
        ("/producer/audios", {"prompt": "p"}, "action"),
        ("/producer/audios", {"action": "generate", "prompt": "", "lyric": ""}, "prompt or lyric"),
        ("/producer/audios", {"action": "cover", "prompt": "p"}, "audio_id"),
        # the style text must travel as `prompt`, which the schema requires (the old servers sent `style`)
        (
            "/producer/audios",
            {"action": "generate", "custom": True, "lyric": "[Verse]\nla", "title": "T", "style": "pop"},
            "prompt",
        ),
        ("/producer/audios", {"action": "stems", "audio_id": "a"}, "prompt"),
        ("/producer/audios", {"action": "generate", "prompt": "p", "model": "FUZZ-9"}, "model"),
        ("/producer/audios", {"action": "generate", "prompt": "p", "weirdness": 1.5}, "weirdness"),
        ("/producer/audios", {"action": "generate", "prompt": "p", "async": "yes"}, "async"),
        ("/producer/lyrics", {}, "prompt"),
        ("/producer/upload", {"audio_url": ""}, "audio_url"),
        ("/producer/wav", {"audio": "a"}, "audio_id"),
        ("/veo/videos", {"prompt": "p"}, "action"),
        ("/veo/videos", {"action": "text2video", "prompt": "p", "model": "veo2"}, "model"),
        ("/veo/videos", {"action": "text2video", "prompt": "p", "aspect_ratio": "4:3"}, "aspect_ratio"),
        ("/veo/videos", {"action": "image2video", "prompt": "p", "image_urls": []}, "image_urls"),
        ("/veo/videos", {"action": "get1080p"}, "video_id"),
        ("/veo/upsample", {"video_id": "v", "action": "8k"}, "action"),
        ("/veo/extend", {"video_id": "v", "model": "veo3"}, "model"),
        ("/veo/reshoot", {"video_id": "v", "motion_type": "SIDEWAYS"}, "motion_type"),
        ("/veo/objects", {"video_id": "v", "action": "remove"}, "image_mask"),
        ("/sora/tasks", {"action": "delete", "id": "x"}, "action"),
        ("/sora/tasks", {"action": "retrieve"}, "id or trace_id"),
        ("/kling/tasks", {"action": "retrieve_batch", "ids": "abc"}, "ids"),
        ("/veo/tasks", {"action": "retrieve_batch", "ids": [1, 2]}, "ids"),
    ],
)
async def test_invalid_request_is_400_naming_the_field(
    sim: Sim, path: str, body: dict[str, Any], field: str
) -> None:
    reply = await sim.post(path, body)
    assert reply.status_code == 400, reply.text
    assert field in assert_error(reply.json(), "bad_request")
    assert not sim.state.jobs(path.split("/")[1])
