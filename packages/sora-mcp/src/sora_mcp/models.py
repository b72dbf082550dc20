"""Sora's enums and defaults. Defaults can be changed with SORA_DEFAULT_* environment variables."""

from __future__ import annotations

from typing import Literal

from acemedia import env_default

SoraModel = Literal["sora-2", "sora-2-pro"]
VideoSize = Literal["small", "large"]
VideoDuration = Literal[10, 15, 25]
VideoOrientation = Literal["landscape", "portrait"]
VideoSeconds = Literal[4, 8, 12]
VideoResolution = Literal["720x1280", "1280x720", "1024x1792", "1792x1024"]

DEFAULT_MODEL: SoraModel = env_default("SORA_DEFAULT_MODEL", "sora-2", SoraModel)
DEFAULT_SIZE: VideoSize = env_default("SORA_DEFAULT_SIZE", "large", VideoSize)
DEFAULT_DURATION: VideoDuration = env_default("SORA_DEFAULT_DURATION", 15, VideoDuration)
DEFAULT_ORIENTATION: VideoOrientation = env_default("SORA_DEFAULT_ORIENTATION", "landscape", VideoOrientation)
DEFAULT_SECONDS: VideoSeconds = env_default("SORA_DEFAULT_SECONDS", 4, VideoSeconds)
DEFAULT_RESOLUTION: VideoResolution = env_default("SORA_DEFAULT_RESOLUTION", "1280x720", VideoResolution)
