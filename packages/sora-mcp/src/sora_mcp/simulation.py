"""The Sora endpoints the simulator serves: one video path for both channels, ids and URLs in Sora's form.

Registered under the `acemedia.simulations` entry point (see pyproject.toml).
"""

from __future__ import annotations

from acemedia import simulator as sim

SORA_MODELS = ("sora-2", "sora-2-pro")
SORA_SIZES = ("small", "large", "720x1280", "1280x720", "1024x1792", "1792x1024")


def sora_item(ctx: sim.JobContext) -> sim.Item:
    model = ctx.text("model", "sora-2")
    video_id = ctx.ids.uuid() if ctx.request.get("version") == "2.0" else f"{model}:task_{ctx.ids.base32(26)}"
    return {"id": video_id, "video_url": ctx.url("sora", "mp4")}


SORA = sim.Recipe(sim.Style("list", "succeeded", ("pending",)), sora_item)

ENDPOINTS = (
    sim.Endpoint(
        "/sora/videos",
        "videos",
        SORA,
        sim.Rules(
            needs=(
                sim.required("prompt", "model"),
                sim.Need((("character_start",), ("character_end",)), "character_url"),
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
)
