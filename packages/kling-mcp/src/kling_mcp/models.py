"""Kling's enums, request sub-objects and defaults. Defaults can be changed with KLING_DEFAULT_* variables."""

from __future__ import annotations

from typing import Annotated, Literal

from acemedia import MediaUrl, env_default
from pydantic import BaseModel, ConfigDict, Field

KlingModel = Literal[
    "kling-v1",
    "kling-v1-6",
    "kling-v2-master",
    "kling-v2-1-master",
    "kling-v2-5-turbo",
    "kling-v2-6",
    "kling-v3",
    "kling-v3-turbo",
    "kling-v3-omni",
    "kling-o1",
]
Mode = Literal["std", "pro", "4k"]
AspectRatio = Literal["16:9", "9:16", "1:1"]
MotionMode = Literal["std", "pro"]
MotionModel = Literal["kling-v2-6", "kling-v3"]
CharacterOrientation = Literal["image", "video"]
KeepOriginalSound = Literal["yes", "no"]
CameraControlType = Literal["simple", "down_back", "forward_up", "left_turn_forward", "right_turn_forward"]
FrameType = Literal["first_frame", "end_frame"]
ReferType = Literal["feature", "base"]
LipSyncMode = Literal["audio2video", "text2video"]
LipSyncAudioType = Literal["url", "file"]
VoiceLanguage = Literal["zh", "en"]
TalkingPhotoModel = Literal[
    "kling-v1", "kling-v1-6", "kling-v2-master", "kling-v2-1-master", "kling-v2-5-turbo", "kling-v2-6"
]
TalkingPhotoDuration = Literal[5, 10]
TalkingPhotoMode = Literal["std", "pro"]

# models with their own rules: v3 takes 3-15 s and 4k; o1 and v3-omni take reference media;
# v3-turbo takes 3-15 s, always makes sound, and takes no end frame, references or prompt tuning
V3_MODELS = frozenset({"kling-v3", "kling-v3-omni"})
OMNI_MODELS = frozenset({"kling-o1", "kling-v3-omni"})
TURBO_MODEL = "kling-v3-turbo"
FREE_DURATION_MODELS = V3_MODELS | {TURBO_MODEL}

DEFAULT_MODEL: KlingModel = env_default("KLING_DEFAULT_MODEL", "kling-v2-master", KlingModel)
DEFAULT_MODE: Mode = env_default("KLING_DEFAULT_MODE", "std", Mode)
DEFAULT_ASPECT_RATIO: AspectRatio = env_default("KLING_DEFAULT_ASPECT_RATIO", "16:9", AspectRatio)
DEFAULT_DURATION = 5
DEFAULT_TALKING_PHOTO_MODEL: TalkingPhotoModel = "kling-v2-1-master"

Strength = Annotated[float | None, Field(ge=-1, le=1)]


class KlingCameraControlConfig(BaseModel):
    """Strength of each camera movement, from -1 to 1; only meaningful with type "simple"."""

    model_config = ConfigDict(extra="forbid")

    horizontal: Strength = None
    vertical: Strength = None
    pan: Strength = None
    tilt: Strength = None
    roll: Strength = None
    zoom: Strength = None


class KlingCameraControl(BaseModel):
    """A preset camera move, or "simple" with a config of movement strengths."""

    model_config = ConfigDict(extra="forbid")

    type: CameraControlType
    config: KlingCameraControlConfig | None = None


class KlingReferenceImage(BaseModel):
    """An image the Omni models draw on; refer to it in the prompt as <<<image_N>>> (1-based)."""

    model_config = ConfigDict(extra="forbid")

    image_url: Annotated[MediaUrl, Field(description="Public http(s) URL of the image.")]
    type: Annotated[
        FrameType | None, Field(description="Use the image as the first or end frame; omit for a reference.")
    ] = None


class KlingReferenceVideo(BaseModel):
    """A video the Omni models draw on; refer to it in the prompt as <<<video_1>>>."""

    model_config = ConfigDict(extra="forbid")

    video_url: Annotated[MediaUrl, Field(description="Public http(s) URL of the video.")]
    refer_type: Annotated[
        ReferType, Field(description="feature = borrow its look or motion; base = edit this video.")
    ] = "feature"
    keep_original_sound: Annotated[
        KeepOriginalSound, Field(description="Keep the reference video's audio track.")
    ] = "no"
