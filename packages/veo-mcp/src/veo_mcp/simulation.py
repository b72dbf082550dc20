"""What the simulator answers for Veo: its endpoints (fields checked against the OpenAPI files), the
rules a request must meet, and the bodies it answers in Veo's own vocabulary.

Registered under the `acemedia.simulations` entry point, so the core's simulator serves it without
naming it.
"""

from __future__ import annotations

from acemedia.simulator import (
    Endpoint,
    Item,
    JobContext,
    Recipe,
    Rules,
    Style,
    iso,
    need,
    required,
    when,
)

VEO_MODELS = ("veo3", "veo3-fast", "veo31", "veo31-fast", "veo31-fast-ingredients")
VEO_MOTIONS = (
    "STATIONARY", "STATIONARY_UP", "STATIONARY_DOWN", "STATIONARY_LEFT", "STATIONARY_RIGHT",
    "STATIONARY_DOLLY_IN_ZOOM_OUT", "STATIONARY_DOLLY_OUT_ZOOM_IN", "UP", "DOWN", "LEFT_TO_RIGHT",
    "RIGHT_TO_LEFT", "FORWARD", "BACKWARD", "DOLLY_IN_ZOOM_OUT", "DOLLY_OUT_ZOOM_IN",
)  # fmt: skip


def veo_item(ctx: JobContext) -> Item:
    gif = "gif" in (ctx.request.get("action"), ctx.request.get("resolution"))
    return {
        "id": ctx.ids.hex(32),
        "video_url": ctx.url("veo", "gif" if gif else "mp4"),
        "created_at": iso(ctx.created_at),
        "complete_at": iso(ctx.finished_at),
    }


VEO = Recipe(Style("list", "succeeded", ("running",), done_only=("complete_at",)), veo_item)

ENDPOINTS = (
    Endpoint(
        "/veo/videos",
        "videos",
        VEO,
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
        VEO,
        Rules(needs=(required("video_id", "action"),), enums={"action": ("1080p", "4k", "gif")}),
    ),
    Endpoint(
        "/veo/extend",
        "extend",
        VEO,
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
        VEO,
        Rules(needs=(required("video_id", "motion_type"),), enums={"motion_type": VEO_MOTIONS}),
    ),
    Endpoint(
        "/veo/objects",
        "objects",
        VEO,
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
