"""Veo's enums and defaults. The model and aspect-ratio defaults can be changed with VEO_DEFAULT_* variables."""

from __future__ import annotations

from typing import Literal

from acemedia import env_default

VeoModel = Literal["veo3", "veo3-fast", "veo31", "veo31-fast", "veo31-fast-ingredients"]
AspectRatio = Literal["16:9", "9:16"]
VideoResolution = Literal["4k", "1080p", "gif"]

# follow-up endpoints on an existing video
UpsampleAction = Literal["1080p", "4k", "gif"]
ExtendModel = Literal["veo31-fast", "veo31"]
ExtendResolution = Literal["720p", "1080p"]
MotionType = Literal[
    "STATIONARY",
    "STATIONARY_UP",
    "STATIONARY_DOWN",
    "STATIONARY_LEFT",
    "STATIONARY_RIGHT",
    "STATIONARY_DOLLY_IN_ZOOM_OUT",
    "STATIONARY_DOLLY_OUT_ZOOM_IN",
    "UP",
    "DOWN",
    "LEFT_TO_RIGHT",
    "RIGHT_TO_LEFT",
    "FORWARD",
    "BACKWARD",
    "DOLLY_IN_ZOOM_OUT",
    "DOLLY_OUT_ZOOM_IN",
]
ObjectAction = Literal["insert", "remove"]

# the only model that fuses several images and cannot start from text alone
INGREDIENTS_MODEL = "veo31-fast-ingredients"

DEFAULT_MODEL: VeoModel = env_default("VEO_DEFAULT_MODEL", "veo31-fast", VeoModel)
DEFAULT_ASPECT_RATIO: AspectRatio = env_default("VEO_DEFAULT_ASPECT_RATIO", "16:9", AspectRatio)
DEFAULT_UPSAMPLE_ACTION: UpsampleAction = "1080p"
DEFAULT_EXTEND_MODEL: ExtendModel = "veo31-fast"
