"""Luma's enums and defaults. The aspect ratio default can be changed with LUMA_DEFAULT_ASPECT_RATIO."""

from __future__ import annotations

from typing import Literal

from acemedia import env_default

AspectRatio = Literal["16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "9:21"]
LumaAction = Literal["generate", "extend"]

DEFAULT_ASPECT_RATIO: AspectRatio = env_default("LUMA_DEFAULT_ASPECT_RATIO", "16:9", AspectRatio)

# How long the upstream may hold a call open before answering (seconds). Its own default is 300.
MIN_API_TIMEOUT = 1
MAX_API_TIMEOUT = 3600
