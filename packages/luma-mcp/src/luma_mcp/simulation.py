"""The Luma endpoint the simulator serves: generate and extend, flat bodies with thumbnails.

Registered under the `acemedia.simulations` entry point (see pyproject.toml).
"""

from __future__ import annotations

from acemedia import simulator as sim

_LUMA_SIZES = {"16:9": (1360, 752), "9:16": (752, 1360), "1:1": (1024, 1024), "4:3": (1168, 880)}
_LUMA_SIZES |= {"3:4": (880, 1168), "21:9": (1568, 672), "9:21": (672, 1568)}


def luma_item(ctx: sim.JobContext) -> sim.Item:
    width, height = _LUMA_SIZES.get(ctx.text("aspect_ratio", "16:9"), (1360, 752))
    return {
        "video_id": ctx.ids.uuid(),
        "prompt": ctx.request.get("prompt"),
        "video_url": ctx.url("luma", "mp4"),
        "video_width": width,
        "video_height": height,
        "thumbnail_url": ctx.url("luma", "jpg"),
        "thumbnail_width": width,
        "thumbnail_height": height,
    }


LUMA = sim.Recipe(
    sim.Style(
        "flat", "completed", ("pending", "processing"), trace=False, media_keys=("video_url", "thumbnail_url")
    ),
    luma_item,
)

ENDPOINTS = (
    sim.Endpoint(
        "/luma/videos",
        "videos",
        LUMA,
        sim.Rules(
            needs=(
                sim.need(("prompt",), on=sim.when("action", "generate", None)),
                sim.need(("video_id", "video_url"), on=sim.when("action", "extend")),
            ),
            enums={"action": ("generate", "extend")},
            types={
                "prompt": str,
                "loop": bool,
                "enhancement": bool,
                "timeout": sim.NUMBER,
                "aspect_ratio": str,
            },
        ),
        api_id="94fc9028-5a9f-4875-aae4-38463bd30ac5",
    ),
)
