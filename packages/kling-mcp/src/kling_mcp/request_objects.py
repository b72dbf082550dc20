"""The single `request` objects of the Turbo, storyboard, asset and commerce tools.

The published `mcp-kling` server takes these tools' arguments as one object named `request`; agents
written against it send that shape, so these tools keep it. Unset fields are left out of the body.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from acemedia import MediaUrl, NullableUrl, OptionalCallbackUrl, present
from pydantic import BaseModel, ConfigDict, Field

from .models import AspectRatio, Mode

VideoAction = Literal["text2video", "image2video"]
TurboMode = Literal["std", "pro"]
StoryboardModel = Literal["kling-v3", "kling-v3-omni"]
AssetModel = Literal["kling-v3", "kling-v3-omni", "kling-o1", "kling-v2-6"]
ShotType = Literal["intelligence", "customize"]
Resolution = Literal["720p", "1080p"]
GoodsAspectRatio = Literal["9:16", "1:1", "16:9"]
GoodsDuration = Literal[15, 30, 60]
CommerceAspectRatio = Literal["9:16", "16:9"]
ContentType = Literal[
    "product_info",
    "source_video",
    "product_image",
    "model_image",
    "bgm",
    "voice",
    "ref_image",
    "goods_title",
    "goods_description",
    "avatar_image",
    "avatar_id",
    "goods_price",
    "goods_target_audience",
    "goods_selling_point",
    "speech_script",
    "person_image",
]
SPEECH_RATES = (0.8, 1.0, 1.2)

PlatformId = Annotated[str, Field(min_length=1, max_length=200)]
VideoPrompt = Annotated[
    str,
    Field(min_length=1, max_length=2500, description="What the video should show (up to 2500 characters)."),
]


class Submission(BaseModel):
    """The delivery fields every request object carries."""

    model_config = ConfigDict(extra="forbid")

    async_: Annotated[
        bool,
        Field(
            alias="async",
            description="Run in the background and return a task_id at once. Only with a callback_url "
            "can it be false; without one the job always runs in the background.",
        ),
    ] = True
    callback_url: OptionalCallbackUrl = None

    def body(self) -> dict[str, Any]:
        """The request as the upstream takes it: unset fields left out."""
        fields = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        return present(**{**fields, "async": self.async_ or not self.callback_url})


class VideoRequest(Submission):
    """The /kling/videos fields the Turbo, storyboard and asset tools share."""

    action: Annotated[
        VideoAction, Field(description="text2video, or image2video to open on start_image_url.")
    ] = "text2video"
    duration: Annotated[int, Field(ge=3, le=15, description="Whole seconds, 3 to 15.")] = 5
    aspect_ratio: Annotated[AspectRatio, Field(description="16:9, 9:16 or 1:1.")] = "16:9"
    start_image_url: Annotated[
        NullableUrl, Field(description="First frame (public http(s) URL); needed for image2video.")
    ] = None


class TurboVideoRequest(VideoRequest):
    model: Annotated[Literal["kling-v3-turbo"], Field(description="Always kling-v3-turbo.")] = (
        "kling-v3-turbo"
    )
    prompt: VideoPrompt
    mode: Annotated[TurboMode, Field(description="std (720p) or pro (1080p).")] = "std"
    generate_audio: Annotated[
        Literal[True], Field(description="Turbo always makes sound; this cannot be turned off.")
    ] = True


class FramedVideoRequest(VideoRequest):
    """A request that can also end on a frame, add sound and ask for 4k."""

    mode: Annotated[Mode, Field(description="std, pro, or 4k (kling-v3 / kling-v3-omni only).")] = "std"
    generate_audio: Annotated[bool, Field(description="Also generate sound.")] = False
    end_image_url: Annotated[
        NullableUrl, Field(description="Last frame (public http(s) URL); needs start_image_url.")
    ] = None


class Shot(BaseModel):
    """One shot of a custom storyboard."""

    model_config = ConfigDict(extra="forbid")

    index: Annotated[int, Field(ge=1, le=6, description="Position in the storyboard: 1, 2, 3, ...")]
    prompt: Annotated[str, Field(min_length=1, max_length=512, description="What this shot shows.")]
    duration: Annotated[int, Field(ge=1, le=15, description="Whole seconds of this shot.")]


class StoryboardRequest(FramedVideoRequest):
    model: Annotated[StoryboardModel, Field(description="kling-v3 or kling-v3-omni.")] = "kling-v3"
    prompt: Annotated[
        str | None,
        Field(max_length=2500, description="The whole story; needed with shot_type intelligence."),
    ] = None
    multi_shot: Annotated[Literal[True], Field(description="Always true: a multi-shot video.")] = True
    shot_type: Annotated[
        ShotType,
        Field(
            description="intelligence = Kling cuts the prompt into shots; customize = you give multi_prompt."
        ),
    ] = "intelligence"
    multi_prompt: Annotated[
        list[Shot] | None,
        Field(
            min_length=1,
            max_length=6,
            description="customize only: 1-6 shots, indexed from 1, whose durations add up to duration.",
        ),
    ] = None


class ElementReference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    element_id: Annotated[
        PlatformId, Field(description="A platform element id you own, or a verified preset's.")
    ]


class VoiceReference(BaseModel):
    model_config = ConfigDict(extra="forbid")

    voice_id: Annotated[PlatformId, Field(description="A platform voice id you own, or a verified preset's.")]


class AssetVideoRequest(FramedVideoRequest):
    model: Annotated[
        AssetModel,
        Field(description="kling-v3, kling-v3-omni or kling-o1 for elements; kling-v2-6 for voices."),
    ] = "kling-v3"
    prompt: VideoPrompt
    element_list: Annotated[
        list[ElementReference] | None,
        Field(min_length=1, max_length=3, description="1-3 saved elements (characters, objects) to show."),
    ] = None
    voice_list: Annotated[
        list[VoiceReference] | None,
        Field(
            min_length=1,
            max_length=2,
            description="1-2 voices to speak with; name them in the prompt as <<<voice_1>>>, <<<voice_2>>>.",
        ),
    ] = None


class ContentItem(BaseModel):
    """One input of a commerce video: a text, a media URL or a voice id, tagged with what it is."""

    model_config = ConfigDict(extra="forbid")

    type: Annotated[ContentType, Field(description="What this input is, e.g. ref_image or goods_title.")]
    text: Annotated[str | None, Field(min_length=1, description="Text inputs: titles, scripts.")] = None
    url: Annotated[MediaUrl | None, Field(description="Media inputs: public http(s) URL.")] = None
    voice_id: Annotated[PlatformId | None, Field(description="A platform voice id.")] = None


Contents = Annotated[
    list[ContentItem], Field(min_length=1, description="The inputs, each tagged with its type.")
]
Watermark = Annotated[bool | None, Field(description="Watermark the video (upstream default if unset).")]


class GoodsStudioSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resolution: Annotated[Resolution, Field(description="720p or 1080p.")] = "720p"
    aspect_ratio: Annotated[GoodsAspectRatio, Field(description="9:16, 1:1 or 16:9.")]
    duration: Annotated[GoodsDuration, Field(description="Seconds: 15, 30 or 60.")]


class CommerceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    resolution: Annotated[Resolution, Field(description="720p or 1080p.")] = "720p"
    aspect_ratio: Annotated[CommerceAspectRatio, Field(description="9:16 or 16:9.")] = "9:16"
    allow_polish: Annotated[bool | None, Field(description="Let the service polish the script.")] = None
    bgm_enabled: Annotated[bool | None, Field(description="Add background music.")] = None
    voice_id: Annotated[PlatformId | None, Field(description="Voice for the narration.")] = None
    speech_rate: Annotated[
        float | None, Field(description="0.8, 1.0 or 1.2; not for product voiceovers.")
    ] = None
    action_prompt: Annotated[
        str | None, Field(max_length=2500, description="How the presenter should move.")
    ] = None


class GoodsStudioRequest(Submission):
    contents: Contents
    watermark: Watermark = None
    settings: GoodsStudioSettings


class VideoCommerceRequest(Submission):
    contents: Contents
    watermark: Watermark = None
    settings: CommerceSettings = Field(default_factory=CommerceSettings)
