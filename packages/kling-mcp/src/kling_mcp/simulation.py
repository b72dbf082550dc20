"""The Kling endpoints the simulator serves: videos, motion, lip-sync, talking photos, goods, commerce.

Registered under the `acemedia.simulations` entry point (see pyproject.toml).
"""

from __future__ import annotations

from dataclasses import replace

from acemedia import simulator as sim

# kling-v3-turbo: in the newest Kling doc and the published mcp-kling, not yet in the OpenAPI enum
KLING_MODELS = (
    "kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo", "kling-v2-6",
    "kling-v3", "kling-v3-omni", "kling-o1", "kling-v3-turbo",
)  # fmt: skip


def kling_item(ctx: sim.JobContext) -> sim.Item:
    seconds = ctx.request.get("duration")
    whole = int(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else 5
    item: sim.Item = {"video_id": ctx.ids.digits(18), "video_url": ctx.url("kling", "mp4")}
    if ctx.text("prompt"):
        item["prompt"] = ctx.request["prompt"]
    item["duration"] = f"{whole}.041"
    return item


def kling_talking_photo_item(ctx: sim.JobContext) -> sim.Item:
    return {**kling_item(ctx), "source_video_url": ctx.url("kling", "mp4")}


_KLING = sim.Style("flat", "succeed", ("processing",), trace=False, done_only=("duration",))
KLING = sim.Recipe(_KLING, kling_item)
# lip-sync's spec also documents flat `{code, detail}` errors (spoken in the dialects with flat errors)
KLING_LIP_SYNC = sim.Recipe(replace(_KLING, flat_errors=True), kling_item)
KLING_TALKING_PHOTO = sim.Recipe(
    sim.Style(
        "flat",
        "succeed",
        ("processing",),
        trace=False,
        media_keys=("video_url", "source_video_url"),
        done_only=("duration",),
    ),
    kling_talking_photo_item,
)

ENDPOINTS = (
    sim.Endpoint(
        "/kling/videos",
        "videos",
        KLING,
        sim.Rules(
            needs=(
                sim.required("action"),
                # a custom multi-shot video has its shots' prompts in multi_prompt
                sim.need(("prompt", "multi_prompt"), on=sim.when("action", "text2video")),
                sim.need(("start_image_url",), on=sim.when("action", "image2video")),
                sim.need(("video_id",), on=sim.when("action", "extend")),
                sim.need(("multi_prompt",), on=sim.when("shot_type", "customize")),
            ),
            enums={
                "action": ("text2video", "image2video", "extend"),
                "model": KLING_MODELS,
                "mode": ("std", "pro", "4k"),
                "aspect_ratio": ("16:9", "9:16", "1:1"),
                "shot_type": ("intelligence", "customize"),
            },
            ranges={"cfg_scale": sim.UNIT},
            types={
                "prompt": str,
                "duration": sim.NUMBER,
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
    sim.Endpoint(
        "/kling/motion",
        "motion",
        KLING,
        sim.Rules(
            needs=(sim.required("image_url", "video_url", "character_orientation", "mode"),),
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
    sim.Endpoint(
        "/kling/lip-sync",
        "lip-sync",
        KLING_LIP_SYNC,
        sim.Rules(
            needs=(
                sim.required("mode"),
                sim.Need((("video_id", "video_url"),)),
                sim.need(("audio_url", "audio_file"), on=sim.when("mode", "audio2video")),
                sim.need(("text",), on=sim.when("mode", "text2video")),
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
    sim.Endpoint(
        "/kling/talking-photo",
        "talking-photo",
        KLING_TALKING_PHOTO,
        sim.Rules(
            needs=(sim.required("image_url", "audio_url"),),
            enums={"model": KLING_MODELS[:6], "duration": (5, 10), "mode": ("std", "pro")},
        ),
        api_id="1daf8204-7306-4c54-8014-a00c5996cbfe",
    ),
    # goods-studio and video-commerce have no published OpenAPI: fields as the published mcp-kling sends them
    sim.Endpoint(
        "/kling/goods-studio",
        "goods-studio",
        KLING,
        sim.Rules(
            needs=(sim.required("contents", "settings"),),
            types={"contents": list, "settings": dict, "watermark": bool},
        ),
    ),
    sim.Endpoint(
        "/kling/video-commerce",
        "video-commerce",
        KLING,
        sim.Rules(
            needs=(sim.required("contents"),), types={"contents": list, "settings": dict, "watermark": bool}
        ),
    ),
)
