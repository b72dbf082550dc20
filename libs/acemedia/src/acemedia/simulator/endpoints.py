"""The upstream's endpoint table: what each path accepts (checked against the OpenAPI files) and answers."""

from __future__ import annotations

from dataclasses import dataclass

from . import providers as p
from .validation import Need, Rules, required

PROVIDERS: tuple[str, ...] = ("sora", "luma", "kling", "producer", "veo")
TASK_PATHS: dict[str, str] = {f"/{name}/tasks": name for name in PROVIDERS}


@dataclass(frozen=True)
class Endpoint:
    path: str
    type: str  # the task record's `type`
    recipe: p.Recipe
    rules: Rules
    api_id: str | None = None
    sync_only: bool = False  # answers in the request even when asked for `async`
    seconds: float | None = None  # the job's default duration; None: the simulator's `job_seconds`

    @property
    def provider(self) -> str:
        return self.path.split("/")[1]


def when(field: str, *values: str | None) -> tuple[str, tuple[str | None, ...]]:
    return field, values


def need(*groups: tuple[str, ...], on: tuple[str, tuple[str | None, ...]]) -> Need:
    return Need(groups=groups, when=on[0], values=on[1])


SORA_MODELS = ("sora-2", "sora-2-pro")
SORA_SIZES = ("small", "large", "720x1280", "1280x720", "1024x1792", "1792x1024")
# kling-v3-turbo: in the newest Kling doc and the published mcp-kling, not yet in the OpenAPI enum
KLING_MODELS = (
    "kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo", "kling-v2-6",
    "kling-v3", "kling-v3-omni", "kling-o1", "kling-v3-turbo",
)  # fmt: skip
PRODUCER_MODELS = ("FUZZ-2.0 Pro", "FUZZ-2.0", "FUZZ-2.0 Raw", "FUZZ-1.1 Pro", "FUZZ-1.0 Pro", "FUZZ-1.0",
                   "FUZZ-1.1", "FUZZ-0.8")  # fmt: skip
PRODUCER_SOURCE_ACTIONS = (
    "cover", "extend", "variation", "swap_vocals", "swap_instrumentals", "replace_section", "stems",
    "upload_cover", "upload_extend", "upload_replace_section", "all_stems",
)  # fmt: skip
VEO_MODELS = ("veo3", "veo3-fast", "veo31", "veo31-fast", "veo31-fast-ingredients")
VEO_MOTIONS = (
    "STATIONARY", "STATIONARY_UP", "STATIONARY_DOWN", "STATIONARY_LEFT", "STATIONARY_RIGHT",
    "STATIONARY_DOLLY_IN_ZOOM_OUT", "STATIONARY_DOLLY_OUT_ZOOM_IN", "UP", "DOWN", "LEFT_TO_RIGHT",
    "RIGHT_TO_LEFT", "FORWARD", "BACKWARD", "DOLLY_IN_ZOOM_OUT", "DOLLY_OUT_ZOOM_IN",
)  # fmt: skip
NUMBER = (int, float)
UNIT = (0.0, 1.0)

_ENDPOINTS = (
    Endpoint(
        "/sora/videos",
        "videos",
        p.SORA,
        Rules(
            needs=(
                required("prompt", "model"),
                Need((("character_start",), ("character_end",)), "character_url"),
            ),
            enums={
                "model": SORA_MODELS,
                "version": ("1.0", "2.0"),
                "duration": (4, 8, 10, 12, 15, 25),
                "size": SORA_SIZES,
                "orientation": ("landscape", "portrait"),
            },
            types={"prompt": str, "image_urls": list, "character_url": str},
        ),
        api_id="54aed96c-0346-4227-8c99-9780247a7ffd",
    ),
    Endpoint(
        "/luma/videos",
        "videos",
        p.LUMA,
        Rules(
            needs=(
                need(("prompt",), on=when("action", "generate", None)),
                need(("video_id", "video_url"), on=when("action", "extend")),
            ),
            enums={"action": ("generate", "extend")},
            types={"prompt": str, "loop": bool, "enhancement": bool, "timeout": NUMBER, "aspect_ratio": str},
        ),
        api_id="94fc9028-5a9f-4875-aae4-38463bd30ac5",
    ),
    Endpoint(
        "/kling/videos",
        "videos",
        p.KLING,
        Rules(
            needs=(
                required("action"),
                # a custom multi-shot video has its shots' prompts in multi_prompt
                need(("prompt", "multi_prompt"), on=when("action", "text2video")),
                need(("start_image_url",), on=when("action", "image2video")),
                need(("video_id",), on=when("action", "extend")),
                need(("multi_prompt",), on=when("shot_type", "customize")),
            ),
            enums={
                "action": ("text2video", "image2video", "extend"),
                "model": KLING_MODELS,
                "mode": ("std", "pro", "4k"),
                "aspect_ratio": ("16:9", "9:16", "1:1"),
                "shot_type": ("intelligence", "customize"),
            },
            ranges={"cfg_scale": UNIT},
            types={
                "prompt": str,
                "duration": NUMBER,
                "generate_audio": bool,
                "camera_control": dict,
                "image_list": list,
                "video_list": list,
                # multi-shot and saved assets: the newest doc and the published mcp-kling, not the OpenAPI
                "multi_shot": bool,
                "multi_prompt": list,
                "element_list": list,
                "voice_list": list,
            },
        ),
        api_id="29187cb2-1acb-43b8-baf5-3f3f709292eb",
    ),
    Endpoint(
        "/kling/motion",
        "motion",
        p.KLING,
        Rules(
            needs=(required("image_url", "video_url", "character_orientation", "mode"),),
            enums={
                "character_orientation": ("image", "video"),
                "mode": ("std", "pro"),
                "model_name": ("kling-v2-6", "kling-v3"),
                "keep_original_sound": ("yes", "no"),
            },
            types={"watermark_info": dict},
        ),
        api_id="2c26cb33-46ac-4bd7-82f9-0ec63e688172",
    ),
    Endpoint(
        "/kling/lip-sync",
        "lip-sync",
        p.KLING,
        Rules(
            needs=(
                required("mode"),
                Need((("video_id", "video_url"),)),
                need(("audio_url", "audio_file"), on=when("mode", "audio2video")),
                need(("text",), on=when("mode", "text2video")),
            ),
            enums={
                "mode": ("audio2video", "text2video"),
                "audio_type": ("url", "file"),
                "voice_language": ("zh", "en"),
            },
            ranges={"voice_speed": (0.8, 2.0)},
        ),
        api_id="a8b06673-3565-4989-b6be-bd638f72eadb",
    ),
    Endpoint(
        "/kling/talking-photo",
        "talking-photo",
        p.KLING_TALKING_PHOTO,
        Rules(
            needs=(required("image_url", "audio_url"),),
            enums={"model": KLING_MODELS[:6], "duration": (5, 10), "mode": ("std", "pro")},
        ),
        api_id="1daf8204-7306-4c54-8014-a00c5996cbfe",
    ),
    # goods-studio and video-commerce have no published OpenAPI: fields as the published mcp-kling sends them
    Endpoint(
        "/kling/goods-studio",
        "goods-studio",
        p.KLING,
        Rules(
            needs=(required("contents", "settings"),),
            types={"contents": list, "settings": dict, "watermark": bool},
        ),
    ),
    Endpoint(
        "/kling/video-commerce",
        "video-commerce",
        p.KLING,
        Rules(needs=(required("contents"),), types={"contents": list, "settings": dict, "watermark": bool}),
    ),
    Endpoint(
        "/producer/audios",
        "audios",
        p.PRODUCER_AUDIOS,
        Rules(
            keys=("prompt",),
            needs=(
                required("action"),
                need(("prompt", "lyric"), on=when("action", "generate")),
                need(("audio_id",), on=when("action", *PRODUCER_SOURCE_ACTIONS)),
                need(("continue_at",), on=when("action", "extend", "upload_extend")),
                need(
                    ("replace_section_start",),
                    ("replace_section_end",),
                    on=when("action", "replace_section", "upload_replace_section"),
                ),
            ),
            enums={"action": ("generate", *PRODUCER_SOURCE_ACTIONS), "model": PRODUCER_MODELS},
            ranges={
                "lyrics_strength": UNIT,
                "sound_strength": UNIT,
                "weirdness": UNIT,
                "cover_strength": UNIT,
            },
            types={
                "prompt": str,
                "lyric": str,
                "custom": bool,
                "instrumental": bool,
                "seed": str,
                "continue_at": NUMBER,
                "replace_section_start": NUMBER,
                "replace_section_end": NUMBER,
            },
        ),
        api_id="01d96900-9f8c-41d7-814c-95c7a885ba61",
    ),
    Endpoint(
        "/producer/lyrics",
        "lyrics",
        p.PRODUCER_LYRICS,
        Rules(needs=(required("prompt"),), types={"prompt": str}),
        api_id="2f636fdb-faa4-4308-8cef-9258dd14fd90",
        sync_only=True,
        seconds=0.0,
    ),
    Endpoint(
        "/producer/upload",
        "upload",
        p.PRODUCER_UPLOAD,
        Rules(needs=(required("audio_url"),), types={"audio_url": str}),
        api_id="91fcbb81-8bc9-4ed4-bdfa-0f296b2fec9d",
        sync_only=True,
        seconds=0.0,
    ),
    Endpoint(
        "/producer/videos",
        "videos",
        p.PRODUCER_VIDEOS,
        Rules(needs=(required("audio_id"),), types={"audio_id": str}),
        api_id="5e06cbdd-ba7d-456d-a211-e3f242adec82",
        sync_only=True,
        seconds=0.0,
    ),
    Endpoint(
        "/producer/wav",
        "wav",
        p.PRODUCER_WAV,
        Rules(needs=(required("audio_id"),), types={"audio_id": str}),
        api_id="e7cad274-9c48-494c-b7e3-fc1556eea827",
        sync_only=True,
        seconds=0.0,
    ),
    Endpoint(
        "/veo/videos",
        "videos",
        p.VEO,
        Rules(
            needs=(
                required("action"),
                need(("prompt",), on=when("action", "text2video")),
                need(("image_urls",), on=when("action", "image2video", "ingredients2video")),
                need(("video_id",), on=when("action", "get1080p")),
            ),
            enums={
                "action": ("text2video", "image2video", "ingredients2video", "get1080p"),
                "model": VEO_MODELS,
                "aspect_ratio": ("16:9", "9:16"),
                "resolution": ("4k", "1080p", "gif"),
            },
            types={"prompt": str, "image_urls": list, "translation": bool},
        ),
        api_id="52a0fa83-3c78-4793-b45a-c1a5c869ae46",
    ),
    Endpoint(
        "/veo/upsample",
        "upsample",
        p.VEO,
        Rules(needs=(required("video_id", "action"),), enums={"action": ("1080p", "4k", "gif")}),
    ),
    Endpoint(
        "/veo/extend",
        "extend",
        p.VEO,
        Rules(
            needs=(required("video_id", "model"),),
            enums={
                "model": ("veo31-fast", "veo31"),
                "aspect_ratio": ("16:9", "9:16"),
                "resolution": ("720p", "1080p"),
            },
            types={"prompt": str},
        ),
    ),
    Endpoint(
        "/veo/reshoot",
        "reshoot",
        p.VEO,
        Rules(needs=(required("video_id", "motion_type"),), enums={"motion_type": VEO_MOTIONS}),
    ),
    Endpoint(
        "/veo/objects",
        "objects",
        p.VEO,
        Rules(
            needs=(
                required("video_id", "action"),
                need(("prompt",), on=when("action", "insert")),
                need(("image_mask",), on=when("action", "remove")),
            ),
            enums={"action": ("insert", "remove")},
        ),
    ),
)

ENDPOINTS: dict[str, Endpoint] = {e.path: e for e in _ENDPOINTS}
