"""The Veo endpoints the simulator serves: generation, upsampling, extension, reshoots and object edits.

Registered under the `acemedia.simulations` entry point (see pyproject.toml).
"""

from __future__ import annotations

from acemedia import simulator as sim

VEO_MODELS = ("veo3", "veo3-fast", "veo31", "veo31-fast", "veo31-fast-ingredients")
VEO_MOTIONS = (
    "STATIONARY", "STATIONARY_UP", "STATIONARY_DOWN", "STATIONARY_LEFT", "STATIONARY_RIGHT",
    "STATIONARY_DOLLY_IN_ZOOM_OUT", "STATIONARY_DOLLY_OUT_ZOOM_IN", "UP", "DOWN", "LEFT_TO_RIGHT",
    "RIGHT_TO_LEFT", "FORWARD", "BACKWARD", "DOLLY_IN_ZOOM_OUT", "DOLLY_OUT_ZOOM_IN",
)  # fmt: skip


def veo_item(ctx: sim.JobContext) -> sim.Item:
    gif = "gif" in (ctx.request.get("action"), ctx.request.get("resolution"))
    return {
        "id": ctx.ids.hex(32),
        "video_url": ctx.url("veo", "gif" if gif else "mp4"),
        "created_at": sim.iso(ctx.created_at),
        "complete_at": sim.iso(ctx.finished_at),
    }


VEO = sim.Recipe(sim.Style("list", "succeeded", ("running",), done_only=("complete_at",)), veo_item)

ENDPOINTS = (
    sim.Endpoint(
        "/veo/videos",
        "videos",
        VEO,
        sim.Rules(
            needs=(
                sim.required("action"),
                sim.need(("prompt",), on=sim.when("action", "text2video")),
                sim.need(("image_urls",), on=sim.when("action", "image2video", "ingredients2video")),
                sim.need(("video_id",), on=sim.when("action", "get1080p")),
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
    sim.Endpoint(
        "/veo/upsample",
        "upsample",
        VEO,
        sim.Rules(needs=(sim.required("video_id", "action"),), enums={"action": ("1080p", "4k", "gif")}),
    ),
    sim.Endpoint(
        "/veo/extend",
        "extend",
        VEO,
        sim.Rules(
            needs=(sim.required("video_id", "model"),),
            enums={
                "model": ("veo31-fast", "veo31"),
                "aspect_ratio": ("16:9", "9:16"),
                "resolution": ("720p", "1080p"),
            },
            types={"prompt": str},
        ),
    ),
    sim.Endpoint(
        "/veo/reshoot",
        "reshoot",
        VEO,
        sim.Rules(needs=(sim.required("video_id", "motion_type"),), enums={"motion_type": VEO_MOTIONS}),
    ),
    sim.Endpoint(
        "/veo/objects",
        "objects",
        VEO,
        sim.Rules(
            needs=(
                sim.required("video_id", "action"),
                sim.need(("prompt",), on=sim.when("action", "insert")),
                sim.need(("image_mask",), on=sim.when("action", "remove")),
            ),
            enums={"action": ("insert", "remove")},
        ),
    ),
)
