"""Kling through a real MCP client: every tool's request body, bad input, and task states."""

from __future__ import annotations

from pathlib import Path

from acemedia_testing import BadCase, ProviderContract, RecordedContract, SubmitCase
from kling_mcp.server import server

DATA = Path(__file__).parent / "data"  # this provider's recorded bodies, schemas, surface and budget

V = "/kling/videos"
M = "/kling/motion"
L = "/kling/lip-sync"
T = "/kling/talking-photo"
G = "/kling/goods-studio"
C = "/kling/video-commerce"
HOOK = "https://hook.test/cb"
IMG = "https://x.test/a.png"
IMG2 = "https://x.test/b.png"
CLIP = "https://x.test/c.mp4"
AUDIO = "https://x.test/s.mp3"
# text2video defaults: model kling-v2-master (catalog §9.3), std, 16:9, 5 s
DEFAULTS = {"model": "kling-v2-master", "mode": "std", "aspect_ratio": "16:9", "duration": 5}


def text2video(**body: object) -> dict[str, object]:
    return {"action": "text2video", "model": "kling-v2-master", "prompt": "p", **body}


# the published mcp-kling's request-object defaults, as it sends them (async always, unless a callback
# says otherwise)
V3_DEFAULTS = {"action": "text2video", "mode": "std", "duration": 5, "aspect_ratio": "16:9", "async": True}
SHOTS = [{"index": 1, "prompt": "dawn", "duration": 4}, {"index": 2, "prompt": "dusk", "duration": 6}]
PRODUCT = [{"type": "ref_image", "url": IMG}, {"type": "goods_title", "text": "Kettle"}]
PRESENTER = [{"type": "avatar_image", "url": IMG}, {"type": "speech_script", "text": "Meet the kettle."}]
FULL_COMMERCE = {
    "contents": [*PRESENTER, {"type": "voice", "voice_id": "vo-1"}],
    "settings": {
        "resolution": "1080p",
        "aspect_ratio": "16:9",
        "allow_polish": True,
        "bgm_enabled": False,
        "voice_id": "vo-1",
        "speech_rate": 1.2,
        "action_prompt": "points at the kettle",
    },
    "watermark": True,
}
ELEMENT = {"element_id": "el-1"}


def with_elements(**fields: object) -> dict[str, object]:
    """kling_generate_with_assets arguments with one element, changed by `fields`."""
    return {"request": {"prompt": "p", "element_list": [ELEMENT], **fields}}


def voiced(**fields: object) -> dict[str, object]:
    """kling_generate_with_assets arguments with a valid voice request, changed by `fields`."""
    request = {
        "prompt": "<<<voice_1>>>",
        "model": "kling-v2-6",
        "mode": "pro",
        "generate_audio": True,
        "voice_list": [{"voice_id": "vo-1"}],
    }
    return {"request": {**request, **fields}}


def goods(contents: list[dict[str, str]], **settings: object) -> dict[str, object]:
    """kling_goods_studio arguments with valid settings, changed by `settings`."""
    return {
        "request": {"contents": contents, "settings": {"aspect_ratio": "9:16", "duration": 15, **settings}}
    }


class TestKlingContract(ProviderContract, RecordedContract):
    server = server
    data_dir = DATA
    catalog_tools = {
        "kling_generate_video",
        "kling_generate_video_from_image",
        "kling_extend_video",
        "kling_generate_motion",
        "kling_lip_sync",
        "kling_talking_photo",
        "kling_generate_turbo_video",
        "kling_generate_storyboard",
        "kling_generate_with_assets",
        "kling_goods_studio",
        "kling_video_commerce",
        "kling_get_task",
        "kling_get_tasks_batch",
        "kling_list_models",
        "kling_list_actions",
    }
    submit_cases = [
        SubmitCase(
            "kling_generate_video",
            {"prompt": "p"},
            V,
            {"action": "text2video", **DEFAULTS, "prompt": "p", "async": True},
        ),
        SubmitCase(
            "kling_generate_video",
            {
                "prompt": "p",
                "model": "kling-v3",
                "mode": "pro",
                "aspect_ratio": "9:16",
                "duration": 12,
                "generate_audio": True,
                "negative_prompt": "blur",
                "cfg_scale": 0,
                "camera_control": {"type": "simple", "config": {"zoom": 0.5, "pan": -1}},
                "callback_url": HOOK,
            },
            V,
            {
                "action": "text2video",
                "model": "kling-v3",
                "prompt": "p",
                "mode": "pro",
                "aspect_ratio": "9:16",
                "duration": 12,
                "callback_url": HOOK,
                "generate_audio": True,
                "negative_prompt": "blur",
                "cfg_scale": 0,
                "camera_control": {"type": "simple", "config": {"pan": -1, "zoom": 0.5}},
            },
        ),
        SubmitCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-v3", "mode": "4k", "duration": 3, "camera_control": None},
            V,
            text2video(model="kling-v3", mode="4k", aspect_ratio="16:9", duration=3, **{"async": True}),
        ),
        SubmitCase(
            "kling_generate_video",
            {
                "prompt": "<<<image_1>>> in <<<image_2>>>",
                "model": "kling-o1",
                "image_list": [{"image_url": IMG, "type": "first_frame"}, {"image_url": IMG2}],
                "negative_prompt": "",
                "callback_url": "",
            },
            V,
            {
                "action": "text2video",
                "model": "kling-o1",
                "prompt": "<<<image_1>>> in <<<image_2>>>",
                "mode": "std",
                "aspect_ratio": "16:9",
                "duration": 5,
                "image_list": [{"image_url": IMG, "type": "first_frame"}, {"image_url": IMG2}],
                "async": True,
            },
        ),
        SubmitCase(
            "kling_generate_video",
            {
                "prompt": "restyle <<<video_1>>>",
                "model": "kling-v3-omni",
                "duration": 8,
                "image_list": [{"image_url": IMG}],
                "video_list": [{"video_url": CLIP}],
            },
            V,
            {
                "action": "text2video",
                "model": "kling-v3-omni",
                "prompt": "restyle <<<video_1>>>",
                "mode": "std",
                "aspect_ratio": "16:9",
                "duration": 8,
                "image_list": [{"image_url": IMG}],
                "video_list": [{"video_url": CLIP, "refer_type": "feature", "keep_original_sound": "no"}],
                "async": True,
            },
        ),
        SubmitCase(
            "kling_generate_video_from_image",
            {"prompt": "p", "start_image_url": IMG},
            V,
            {"action": "image2video", **DEFAULTS, "prompt": "p", "start_image_url": IMG, "async": True},
        ),
        SubmitCase(
            "kling_generate_video_from_image",
            {
                "prompt": "p",
                "start_image_url": IMG,
                "end_image_url": IMG2,
                "model": "kling-v2-6",
                "mode": "pro",
                "aspect_ratio": "1:1",
                "duration": 10,
                "cfg_scale": 0.7,
                "camera_control": {"type": "down_back"},
                "callback_url": HOOK,
            },
            V,
            {
                "action": "image2video",
                "model": "kling-v2-6",
                "prompt": "p",
                "mode": "pro",
                "aspect_ratio": "1:1",
                "duration": 10,
                "callback_url": HOOK,
                "start_image_url": IMG,
                "end_image_url": IMG2,
                "cfg_scale": 0.7,
                "camera_control": {"type": "down_back"},
            },
        ),
        SubmitCase(
            "kling_generate_video_from_image",
            {
                "prompt": "p",
                "start_image_url": IMG,
                "model": "kling-o1",
                "mode": "pro",
                "video_list": [{"video_url": CLIP, "refer_type": "feature", "keep_original_sound": "yes"}],
            },
            V,
            {
                "action": "image2video",
                "model": "kling-o1",
                "prompt": "p",
                "mode": "pro",
                "aspect_ratio": "16:9",
                "duration": 5,
                "start_image_url": IMG,
                "video_list": [{"video_url": CLIP, "refer_type": "feature", "keep_original_sound": "yes"}],
                "async": True,
            },
        ),
        SubmitCase(
            "kling_extend_video",
            {"video_id": "vid-1", "prompt": "p"},
            V,
            {
                "action": "extend",
                "video_id": "vid-1",
                "prompt": "p",
                "model": "kling-v2-master",
                "mode": "std",
                "duration": 5,
                "async": True,
            },
        ),
        SubmitCase(
            "kling_extend_video",
            {
                "video_id": "vid-1",
                "prompt": "p",
                "model": "kling-v3",
                "mode": "4k",
                "duration": 15,
                "negative_prompt": "noise",
                "cfg_scale": 1,
                "callback_url": HOOK,
            },
            V,
            {
                "action": "extend",
                "video_id": "vid-1",
                "prompt": "p",
                "model": "kling-v3",
                "mode": "4k",
                "duration": 15,
                "callback_url": HOOK,
                "negative_prompt": "noise",
                "cfg_scale": 1,
            },
        ),
        SubmitCase(
            "kling_generate_motion",
            {"image_url": IMG, "video_url": CLIP},
            M,
            {
                "image_url": IMG,
                "video_url": CLIP,
                "character_orientation": "image",
                "mode": "std",
                "async": True,
            },
        ),
        SubmitCase(
            "kling_generate_motion",
            {
                "image_url": IMG,
                "video_url": CLIP,
                "character_orientation": "video",
                "mode": "pro",
                "model_name": "kling-v3",
                "prompt": "dance",
                "keep_original_sound": "no",
                "watermark_info": {"enabled": False},
                "callback_url": HOOK,
            },
            M,
            {
                "image_url": IMG,
                "video_url": CLIP,
                "character_orientation": "video",
                "mode": "pro",
                "callback_url": HOOK,
                "prompt": "dance",
                "keep_original_sound": "no",
                "model_name": "kling-v3",
                "watermark_info": {"enabled": False},
            },
        ),
        SubmitCase(
            "kling_lip_sync",
            {"mode": "audio2video", "video_url": CLIP, "audio_url": AUDIO},
            L,
            {"mode": "audio2video", "video_url": CLIP, "audio_url": AUDIO, "async": True},
        ),
        SubmitCase(
            "kling_lip_sync",
            {"mode": "audio2video", "video_id": "vid-1", "audio_type": "file", "audio_file": "UklGRg=="},
            L,
            {
                "mode": "audio2video",
                "video_id": "vid-1",
                "audio_type": "file",
                "audio_file": "UklGRg==",
                "async": True,
            },
        ),
        SubmitCase(
            "kling_lip_sync",
            {
                "mode": "text2video",
                "video_id": "vid-1",
                "text": "Hello there",
                "voice_id": "voice-7",
                "voice_language": "en",
                "voice_speed": 1.5,
                "callback_url": HOOK,
            },
            L,
            {
                "mode": "text2video",
                "video_id": "vid-1",
                "text": "Hello there",
                "voice_id": "voice-7",
                "voice_language": "en",
                "voice_speed": 1.5,
                "callback_url": HOOK,
            },
        ),
        SubmitCase(
            "kling_talking_photo",
            {"image_url": IMG, "audio_url": AUDIO},
            T,
            {
                "image_url": IMG,
                "audio_url": AUDIO,
                "model": "kling-v2-1-master",
                "duration": 5,
                "mode": "pro",
                "async": True,
            },
        ),
        SubmitCase(
            "kling_talking_photo",
            {
                "image_url": IMG,
                "audio_url": AUDIO,
                "model": "kling-v2-6",
                "duration": 10,
                "mode": "std",
                "prompt": "smiling",
                "callback_url": HOOK,
            },
            T,
            {
                "image_url": IMG,
                "audio_url": AUDIO,
                "model": "kling-v2-6",
                "duration": 10,
                "mode": "std",
                "prompt": "smiling",
                "callback_url": HOOK,
            },
        ),
        SubmitCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-v3-turbo", "mode": "pro", "duration": 12},
            V,
            text2video(
                model="kling-v3-turbo", mode="pro", aspect_ratio="16:9", duration=12, **{"async": True}
            ),
        ),
        SubmitCase(
            "kling_generate_turbo_video",
            {"request": {"prompt": "p"}},
            V,
            {**V3_DEFAULTS, "model": "kling-v3-turbo", "prompt": "p", "generate_audio": True},
        ),
        SubmitCase(
            "kling_generate_turbo_video",
            {
                "request": {
                    "prompt": "p",
                    "action": "image2video",
                    "start_image_url": IMG,
                    "mode": "pro",
                    "duration": 15,
                    "aspect_ratio": "9:16",
                    "callback_url": HOOK,
                    "async": False,
                }
            },
            V,
            {
                "action": "image2video",
                "model": "kling-v3-turbo",
                "prompt": "p",
                "start_image_url": IMG,
                "mode": "pro",
                "duration": 15,
                "aspect_ratio": "9:16",
                "generate_audio": True,
                "callback_url": HOOK,
                "async": False,
            },
        ),
        SubmitCase(
            "kling_generate_storyboard",
            {"request": {"prompt": "a day at the beach"}},
            V,
            {
                **V3_DEFAULTS,
                "model": "kling-v3",
                "prompt": "a day at the beach",
                "generate_audio": False,
                "multi_shot": True,
                "shot_type": "intelligence",
            },
        ),
        SubmitCase(
            "kling_generate_storyboard",
            {
                "request": {
                    "model": "kling-v3-omni",
                    "action": "image2video",
                    "start_image_url": IMG,
                    "end_image_url": IMG2,
                    "mode": "4k",
                    "duration": 10,
                    "generate_audio": True,
                    "shot_type": "customize",
                    "multi_prompt": SHOTS,
                    "callback_url": HOOK,
                    "async": False,
                }
            },
            V,
            {
                "action": "image2video",
                "model": "kling-v3-omni",
                "start_image_url": IMG,
                "end_image_url": IMG2,
                "mode": "4k",
                "duration": 10,
                "aspect_ratio": "16:9",
                "generate_audio": True,
                "multi_shot": True,
                "shot_type": "customize",
                "multi_prompt": SHOTS,
                "callback_url": HOOK,
                "async": False,
            },
        ),
        SubmitCase(
            "kling_generate_with_assets",
            {"request": {"prompt": "the mascot waves", "element_list": [{"element_id": "el-1"}]}},
            V,
            {
                **V3_DEFAULTS,
                "model": "kling-v3",
                "prompt": "the mascot waves",
                "generate_audio": False,
                "element_list": [{"element_id": "el-1"}],
            },
        ),
        SubmitCase(
            "kling_generate_with_assets",
            {
                "request": {
                    "model": "kling-v2-6",
                    "mode": "pro",
                    "duration": 10,
                    "generate_audio": True,
                    "prompt": "<<<voice_1>>> greets <<<voice_2>>>",
                    "voice_list": [{"voice_id": "vo-1"}, {"voice_id": "vo-2"}],
                    "callback_url": HOOK,
                }
            },
            V,
            {
                "action": "text2video",
                "model": "kling-v2-6",
                "mode": "pro",
                "duration": 10,
                "aspect_ratio": "16:9",
                "generate_audio": True,
                "prompt": "<<<voice_1>>> greets <<<voice_2>>>",
                "voice_list": [{"voice_id": "vo-1"}, {"voice_id": "vo-2"}],
                "callback_url": HOOK,
                "async": True,
            },
        ),
        SubmitCase(
            "kling_goods_studio",
            {"request": {"contents": PRODUCT, "settings": {"aspect_ratio": "9:16", "duration": 15}}},
            G,
            {
                "contents": PRODUCT,
                "settings": {"resolution": "720p", "aspect_ratio": "9:16", "duration": 15},
                "async": True,
            },
        ),
        SubmitCase(
            "kling_goods_studio",
            {
                "request": {
                    "contents": [*PRODUCT, {"type": "goods_price", "text": "$39"}],
                    "settings": {"resolution": "1080p", "aspect_ratio": "1:1", "duration": 60},
                    "watermark": False,
                    "callback_url": HOOK,
                }
            },
            G,
            {
                "contents": [*PRODUCT, {"type": "goods_price", "text": "$39"}],
                "settings": {"resolution": "1080p", "aspect_ratio": "1:1", "duration": 60},
                "watermark": False,
                "callback_url": HOOK,
                "async": True,
            },
        ),
        SubmitCase(
            "kling_video_commerce",
            {"request": {"contents": PRESENTER}},
            C,
            {
                "contents": PRESENTER,
                "settings": {"resolution": "720p", "aspect_ratio": "9:16"},
                "async": True,
            },
        ),
        # every field of a full commerce request goes out as given, plus async
        SubmitCase("kling_video_commerce", {"request": FULL_COMMERCE}, C, {**FULL_COMMERCE, "async": True}),
    ]
    bad_cases = [
        # schema-level limits
        BadCase("kling_generate_video", {"prompt": ""}, "prompt"),
        BadCase("kling_generate_video", {"prompt": "p", "model": "kling-v9"}, "model"),
        BadCase("kling_generate_video", {"prompt": "p", "aspect_ratio": "4:3"}, "aspect_ratio"),
        BadCase("kling_generate_video", {"prompt": "p", "negative_prompt": "x" * 201}, "negative_prompt"),
        BadCase("kling_generate_video", {"prompt": "p", "cfg_scale": 1.5}, "cfg_scale"),
        BadCase("kling_generate_video", {"prompt": "p", "callback_url": "ftp://x"}, "callback_url"),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "camera_control": {"type": "simple", "config": {"zoom": 2}}},
            "zoom",
        ),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-o1", "image_list": [{"image_url": "file:///a.png"}]},
            "image_url",
        ),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-o1", "video_list": [{"video_url": CLIP}, {"video_url": CLIP}]},
            "video_list",
        ),
        # §4.2 rule 1: kling-o1
        BadCase("kling_generate_video", {"prompt": "p", "model": "kling-o1", "duration": 10}, "duration"),
        BadCase("kling_generate_video", {"prompt": "p", "model": "kling-o1", "mode": "4k"}, "mode"),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-o1", "generate_audio": True},
            "generate_audio",
        ),
        # rules 2 and 3: durations
        BadCase("kling_generate_video", {"prompt": "p", "model": "kling-v3", "duration": 16}, "duration"),
        BadCase("kling_generate_video", {"prompt": "p", "model": "kling-v3-omni", "duration": 2}, "duration"),
        BadCase("kling_generate_video", {"prompt": "p", "duration": 7}, "duration"),
        # §9.4: 4k only on v3 models, on every video tool
        BadCase("kling_generate_video", {"prompt": "p", "mode": "4k"}, "mode"),
        BadCase(
            "kling_generate_video_from_image",
            {"prompt": "p", "start_image_url": IMG, "model": "kling-v2-6", "mode": "4k"},
            "mode",
        ),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-v3", "mode": "4k", "camera_control": {"type": "forward_up"}},
            "camera_control",
        ),
        # rule 4: references need an Omni model
        BadCase("kling_generate_video", {"prompt": "p", "image_list": [{"image_url": IMG}]}, "image_list"),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-v3", "video_list": [{"video_url": CLIP}]},
            "video_list",
        ),
        # rule 5: Omni generation refuses negative_prompt, cfg_scale, camera_control
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-o1", "negative_prompt": "x"},
            "negative_prompt",
        ),
        BadCase("kling_generate_video", {"prompt": "p", "model": "kling-o1", "cfg_scale": 0}, "cfg_scale"),
        BadCase(
            "kling_generate_video",
            {
                "prompt": "p",
                "model": "kling-v3-omni",
                "image_list": [{"image_url": IMG}],
                "camera_control": {"type": "simple"},
            },
            "camera_control",
        ),
        # rule 6: references and 4k
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-v3-omni", "mode": "4k", "image_list": [{"image_url": IMG}]},
            "mode",
        ),
        # rule 7: image count, frames included
        BadCase(
            "kling_generate_video_from_image",
            {
                "prompt": "p",
                "start_image_url": IMG,
                "model": "kling-o1",
                "image_list": [{"image_url": IMG}] * 7,
            },
            "image_list",
        ),
        BadCase(
            "kling_generate_video",
            {
                "prompt": "p",
                "model": "kling-o1",
                "image_list": [{"image_url": IMG}] * 5,
                "video_list": [{"video_url": CLIP}],
            },
            "image_list",
        ),
        # rule 8: frames
        BadCase(
            "kling_generate_video_from_image",
            {
                "prompt": "p",
                "start_image_url": IMG,
                "model": "kling-o1",
                "image_list": [{"image_url": IMG2, "type": "first_frame"}],
            },
            "image_list",
        ),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-o1", "image_list": [{"image_url": IMG, "type": "end_frame"}]},
            "image_list",
        ),
        # rule 9: reference video
        BadCase(
            "kling_generate_video",
            {
                "prompt": "p",
                "model": "kling-v3-omni",
                "generate_audio": True,
                "video_list": [{"video_url": CLIP}],
            },
            "generate_audio",
        ),
        BadCase(
            "kling_generate_video_from_image",
            {
                "prompt": "p",
                "start_image_url": IMG,
                "model": "kling-o1",
                "video_list": [{"video_url": CLIP, "refer_type": "base"}],
            },
            "video_list",
        ),
        # image-to-video needs a start frame
        BadCase("kling_generate_video_from_image", {"prompt": "p"}, "start_image_url"),
        BadCase("kling_generate_video_from_image", {"prompt": "p", "start_image_url": ""}, "start_image_url"),
        # extend
        BadCase("kling_extend_video", {"video_id": "v", "prompt": "p", "model": "kling-o1"}, "model"),
        BadCase("kling_extend_video", {"video_id": "v", "prompt": "p", "duration": 15}, "duration"),
        BadCase("kling_extend_video", {"video_id": "v", "prompt": "p", "mode": "4k"}, "mode"),
        BadCase("kling_extend_video", {"video_id": "v", "prompt": "p", "cfg_scale": 3}, "cfg_scale"),  # §9.5
        BadCase(
            "kling_extend_video", {"video_id": "v", "prompt": "p", "callback_url": "nope"}, "callback_url"
        ),
        BadCase("kling_extend_video", {"video_id": "", "prompt": "p"}, "video_id"),
        # motion
        BadCase("kling_generate_motion", {"image_url": IMG, "video_url": "clip.mp4"}, "video_url"),
        BadCase("kling_generate_motion", {"image_url": IMG, "video_url": CLIP, "mode": "4k"}, "mode"),
        BadCase(
            "kling_generate_motion",
            {"image_url": IMG, "video_url": CLIP, "model_name": "kling-v1"},
            "model_name",
        ),
        # lip-sync
        BadCase("kling_lip_sync", {"mode": "audio2video", "audio_url": AUDIO}, "video_url"),
        BadCase(
            "kling_lip_sync",
            {"mode": "audio2video", "video_url": CLIP, "video_id": "v", "audio_url": AUDIO},
            "video_id",
        ),
        BadCase("kling_lip_sync", {"mode": "audio2video", "video_id": "v"}, "audio_url"),
        BadCase(
            "kling_lip_sync", {"mode": "audio2video", "video_id": "v", "audio_file": "UklGRg=="}, "audio_type"
        ),
        BadCase(
            "kling_lip_sync",
            {"mode": "audio2video", "video_id": "v", "audio_type": "file", "audio_url": AUDIO},
            "audio_file",
        ),
        BadCase("kling_lip_sync", {"mode": "text2video", "video_id": "v"}, "text"),
        BadCase("kling_lip_sync", {"mode": "text2video", "video_id": "v", "text": "x" * 121}, "text"),
        BadCase(
            "kling_lip_sync",
            {"mode": "text2video", "video_id": "v", "text": "hi", "voice_speed": 2.5},
            "voice_speed",
        ),
        BadCase("kling_lip_sync", {"mode": "video2video", "video_id": "v"}, "mode"),
        # talking photo
        BadCase("kling_talking_photo", {"image_url": IMG, "audio_url": AUDIO, "duration": 7}, "duration"),
        BadCase("kling_talking_photo", {"image_url": IMG, "audio_url": AUDIO, "model": "kling-v3"}, "model"),
        BadCase("kling_talking_photo", {"image_url": IMG}, "audio_url"),
        # kling-v3-turbo on the video tools
        BadCase("kling_generate_video", {"prompt": "p", "model": "kling-v3-turbo", "mode": "4k"}, "mode"),
        BadCase(
            "kling_generate_video", {"prompt": "p", "model": "kling-v3-turbo", "duration": 16}, "duration"
        ),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-v3-turbo", "negative_prompt": "blur"},
            "negative_prompt",
        ),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-v3-turbo", "camera_control": {"type": "down_back"}},
            "camera_control",
        ),
        BadCase(
            "kling_generate_video_from_image",
            {"prompt": "p", "start_image_url": IMG, "end_image_url": IMG2, "model": "kling-v3-turbo"},
            "end_image_url",
        ),
        BadCase(
            "kling_generate_video",
            {"prompt": "p", "model": "kling-v3-turbo", "image_list": [{"image_url": IMG}]},
            "image_list",
        ),
        BadCase(
            "kling_extend_video",
            {"video_id": "v", "prompt": "p", "model": "kling-v3-turbo", "cfg_scale": 0.5},
            "cfg_scale",
        ),
        # turbo tool
        BadCase("kling_generate_turbo_video", {}, "request"),
        BadCase("kling_generate_turbo_video", {"prompt": "p"}, "prompt"),
        BadCase("kling_generate_turbo_video", {"request": {"prompt": ""}}, "request.prompt"),
        BadCase("kling_generate_turbo_video", {"request": {"prompt": "p", "mode": "4k"}}, "request.mode"),
        BadCase(
            "kling_generate_turbo_video", {"request": {"prompt": "p", "duration": 2}}, "request.duration"
        ),
        BadCase(
            "kling_generate_turbo_video",
            {"request": {"prompt": "p", "generate_audio": False}},
            "request.generate_audio",
        ),
        BadCase(
            "kling_generate_turbo_video", {"request": {"prompt": "p", "model": "kling-v3"}}, "request.model"
        ),
        BadCase(
            "kling_generate_turbo_video",
            {"request": {"prompt": "p", "end_image_url": IMG}},
            "request.end_image_url",
        ),
        BadCase(
            "kling_generate_turbo_video",
            {"request": {"prompt": "p", "action": "image2video"}},
            "request.start_image_url",
        ),
        BadCase(
            "kling_generate_turbo_video",
            {"request": {"prompt": "p", "start_image_url": IMG}},
            "request.start_image_url",
        ),
        BadCase(
            "kling_generate_turbo_video",
            {"request": {"prompt": "p", "callback_url": "ftp://x"}},
            "request.callback_url",
        ),
        # storyboard
        BadCase("kling_generate_storyboard", {"request": {}}, "request.prompt"),
        BadCase(
            "kling_generate_storyboard",
            {"request": {"prompt": "p", "model": "kling-v2-6"}},
            "request.model",
        ),
        BadCase(
            "kling_generate_storyboard",
            {"request": {"prompt": "p", "multi_shot": False}},
            "request.multi_shot",
        ),
        BadCase(
            "kling_generate_storyboard",
            {"request": {"prompt": "p", "multi_prompt": SHOTS, "duration": 10}},
            "request.multi_prompt",
        ),
        BadCase(
            "kling_generate_storyboard",
            {"request": {"shot_type": "customize", "duration": 10}},
            "request.multi_prompt",
        ),
        BadCase(
            "kling_generate_storyboard",
            {"request": {"shot_type": "customize", "duration": 9, "multi_prompt": SHOTS}},
            "request.multi_prompt",
        ),
        BadCase(
            "kling_generate_storyboard",
            {"request": {"shot_type": "customize", "duration": 10, "multi_prompt": SHOTS[::-1]}},
            "request.multi_prompt",
        ),
        BadCase(
            "kling_generate_storyboard",
            {
                "request": {
                    "shot_type": "customize",
                    "duration": 10,
                    "multi_prompt": [{"index": 1, "prompt": "x" * 513, "duration": 10}],
                }
            },
            "request.multi_prompt[0].prompt",
        ),
        BadCase(
            "kling_generate_storyboard",
            {"request": {"shot_type": "customize", "duration": 14, "multi_prompt": SHOTS * 4}},
            "request.multi_prompt",
        ),
        BadCase(
            "kling_generate_storyboard",
            {"request": {"prompt": "p", "action": "image2video", "end_image_url": IMG}},
            "request.start_image_url",
        ),
        # assets
        BadCase("kling_generate_with_assets", {"request": {"prompt": "p"}}, "request.element_list"),
        BadCase(
            "kling_generate_with_assets",
            voiced(model="kling-v3", element_list=[{"element_id": "e"}]),
            "request.element_list",
        ),
        BadCase(
            "kling_generate_with_assets", with_elements(element_list=[ELEMENT] * 4), "request.element_list"
        ),
        BadCase(
            "kling_generate_with_assets",
            with_elements(element_list=[{"element_id": ""}]),
            "request.element_list[0].element_id",
        ),
        BadCase("kling_generate_with_assets", with_elements(model="kling-v2-6"), "request.model"),
        BadCase("kling_generate_with_assets", voiced(model="kling-v3"), "request.model"),
        BadCase("kling_generate_with_assets", voiced(mode="std"), "request.mode"),
        BadCase("kling_generate_with_assets", voiced(generate_audio=False), "request.generate_audio"),
        BadCase("kling_generate_with_assets", voiced(prompt="<<<voice_2>>> speaks"), "request.prompt"),
        BadCase("kling_generate_with_assets", voiced(prompt="no voice named"), "request.prompt"),
        BadCase("kling_generate_with_assets", voiced(duration=7), "request.duration"),
        BadCase(
            "kling_generate_with_assets", with_elements(model="kling-o1", duration=10), "request.duration"
        ),
        BadCase("kling_generate_with_assets", with_elements(model="kling-o1", mode="4k"), "request.mode"),
        BadCase("kling_generate_with_assets", with_elements(action="image2video"), "request.start_image_url"),
        # goods studio
        BadCase("kling_goods_studio", {"request": {"contents": PRODUCT}}, "request.settings"),
        BadCase("kling_goods_studio", goods([]), "request.contents"),
        BadCase("kling_goods_studio", goods(PRODUCT, duration=20), "request.settings.duration"),
        BadCase("kling_goods_studio", goods(PRODUCT, aspect_ratio="4:3"), "request.settings.aspect_ratio"),
        BadCase("kling_goods_studio", goods([{"type": "ref_image"}]), "request.contents"),
        BadCase(
            "kling_goods_studio",
            goods([{"type": "ref_image", "url": "kettle.jpg"}]),
            "request.contents[0].url",
        ),
        BadCase("kling_goods_studio", goods([{"type": "sticker", "text": "x"}]), "request.contents[0].type"),
        # video commerce
        BadCase("kling_video_commerce", {"request": {}}, "request.contents"),
        BadCase(
            "kling_video_commerce",
            {"request": {"contents": PRESENTER, "settings": {"aspect_ratio": "1:1"}}},
            "request.settings.aspect_ratio",
        ),
        BadCase(
            "kling_video_commerce",
            {"request": {"contents": PRESENTER, "settings": {"speech_rate": 1.5}}},
            "request.settings.speech_rate",
        ),
        BadCase(
            "kling_video_commerce",
            {"request": {"contents": PRESENTER, "settings": {"tempo": 1}}},
            "request.settings.tempo",
        ),
        # task tools
        BadCase("kling_get_task", {"task_id": ""}, "task_id"),
        BadCase("kling_get_tasks_batch", {"task_ids": []}, "task_ids"),
    ]
    running_record = {
        "id": "task-1",
        "request": {"action": "text2video", "prompt": "p"},
        "response": {"success": True, "task_id": "task-1", "state": "processing"},
    }
    succeeded_record = {
        "id": "task-1",
        "request": {"action": "text2video", "prompt": "p"},
        "response": {
            "success": True,
            "task_id": "task-1",
            "video_id": "900798310464749610",
            "video_url": "https://cdn.test/kling/v1.mp4",
            "duration": "5.041",
            "state": "succeed",
        },
    }
    failed_record = {
        "id": "task-1",
        "response": {
            "success": False,
            "task_id": "task-1",
            "state": "failed",
            "error": {"code": "bad_request", "message": "content rejected"},
        },
    }
    expected_media_url = "https://cdn.test/kling/v1.mp4"
